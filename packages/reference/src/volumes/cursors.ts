import { valueError } from '@dbwire/server-stubs/volumes';
import { base64url, fromBase64url } from '../shared/crypto.js';
import type { Signer } from './signer.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

interface CursorPayload {
  v: 1;
  /** The filter the cursor was issued for (`environment_id`, null for none). */
  f: string | null;
  /** The last volume id served. */
  a: string;
}

/**
 * `listVolumes` cursors: `base64url(payload).<hex HMAC>`, bound to the `environment_id` filter. A
 * cursor that is malformed, forged or sent with another filter answers 422 at `["query", "cursor"]`.
 */
export class Cursors {
  constructor(private readonly signer: Signer) {}

  async issue(filter: string | null, after: string): Promise<string> {
    const payload: CursorPayload = { v: 1, f: filter, a: after };
    const body = base64url(encoder.encode(JSON.stringify(payload)));
    return `${body}.${await this.signer.sign(`cursor\n${body}`)}`;
  }

  /** The last volume id the cursor's page served. */
  async open(cursor: string, filter: string | null): Promise<string> {
    const [body, signature, ...rest] = cursor.split('.');
    if (body && signature && rest.length === 0 && (await this.signer.verify(`cursor\n${body}`, signature))) {
      let payload: CursorPayload | undefined;
      try {
        payload = JSON.parse(decoder.decode(fromBase64url(body))) as CursorPayload;
      } catch {
        payload = undefined;
      }
      if (payload?.v === 1 && typeof payload.a === 'string') {
        if (payload.f === filter) return payload.a;
        throw invalid(cursor, 'the cursor was issued for another environment_id');
      }
    }
    throw invalid(cursor, 'the cursor was not issued by this server');
  }
}

function invalid(cursor: string, reason: string) {
  return valueError(['query', 'cursor'], cursor, reason);
}
