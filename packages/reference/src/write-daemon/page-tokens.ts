import { canonicalJson } from '@dbwire/json';
import { getJson, putJson, type StorageEngine } from '@dbwire/storage';
import { base64url, constantTimeEqual, fromBase64url, hmacKey, randomBytes, sha256 } from '../shared/crypto.js';
import { keys } from './keys.js';
import { problems } from './problems.js';
import { transact } from './transact.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface TokenPayload<Position> {
  /** Format version. */
  v: 1;
  /** The operation that issued it. */
  o: string;
  /** A hash of the filters it was issued for. */
  f: string;
  /** Where the next page starts (after this position). */
  p: Position;
}

/**
 * Opaque, signed page tokens: `base64url(payload).base64url(HMAC-SHA256)`. The payload binds the
 * token to its operation and to a hash of the request's filters (`limit` and `page_token`
 * excluded), so a token replayed elsewhere or with other filters is refused with 400
 * `INVALID_PAGE_TOKEN`, as is any token whose signature does not verify.
 */
export class PageTokens {
  private constructor(private readonly key: CryptoKey) {}

  /** With no `secret`, the one kept on the storage engine (made by the first server), so tokens outlive restarts. */
  static async create(storage: StorageEngine, secret?: Uint8Array): Promise<PageTokens> {
    return new PageTokens(await hmacKey(secret ?? (await sharedSecret(storage))));
  }

  async issue<Position>(operation: string, filters: object, position: Position): Promise<string> {
    const payload: TokenPayload<Position> = { v: 1, o: operation, f: await filterHash(filters), p: position };
    const body = base64url(encoder.encode(JSON.stringify(payload)));
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', this.key, encoder.encode(body)));
    return `${body}.${base64url(signature)}`;
  }

  /** The position the token carries; throws 400 `INVALID_PAGE_TOKEN` unless it is ours, for this operation and these filters. */
  async open<Position>(token: string, operation: string, filters: object): Promise<Position> {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0) throw problems.invalidPageToken('the token is malformed.');
    let expected: Uint8Array;
    let given: Uint8Array;
    try {
      expected = new Uint8Array(await crypto.subtle.sign('HMAC', this.key, encoder.encode(body)));
      given = fromBase64url(signature);
    } catch {
      throw problems.invalidPageToken('the token is malformed.');
    }
    if (!constantTimeEqual(expected, given)) throw problems.invalidPageToken('the signature does not verify.');
    let payload: TokenPayload<Position>;
    try {
      payload = JSON.parse(decoder.decode(fromBase64url(body))) as TokenPayload<Position>;
    } catch {
      throw problems.invalidPageToken('the token is malformed.');
    }
    if (payload.v !== 1 || payload.o !== operation) {
      throw problems.invalidPageToken('the token was issued by another operation.');
    }
    if (payload.f !== (await filterHash(filters))) {
      throw problems.invalidPageToken('the token was issued for different filters.');
    }
    return payload.p;
  }
}

async function filterHash(filters: object): Promise<string> {
  return base64url((await sha256(canonicalJson(filters))).slice(0, 12));
}

async function sharedSecret(storage: StorageEngine): Promise<Uint8Array> {
  const stored = await transact(storage, async (tx) => {
    const existing = await getJson<string>(tx, keys.pageTokenSecret);
    if (existing !== undefined) return existing;
    const made = base64url(randomBytes(32));
    await putJson(tx, keys.pageTokenSecret, made);
    return made;
  });
  return fromBase64url(stored);
}
