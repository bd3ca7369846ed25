import { getJson, putJson, type StorageEngine } from '@dbwire/storage';
import { base64url, constantTimeEqual, fromBase64url, hmacKey, randomBytes } from '../shared/crypto.js';
import { transactRequest } from '../shared/transact.js';
import { keys } from './keys.js';

const encoder = new TextEncoder();

/**
 * HMAC-SHA256 with the store's secret, for list cursors and presigned download URLs. The secret is
 * made by the first server and kept on the storage engine, so cursors and URLs stay valid across
 * restarts and across processes sharing one database.
 */
export class Signer {
  private constructor(private readonly key: CryptoKey) {}

  static async create(storage: StorageEngine, secret?: Uint8Array): Promise<Signer> {
    return new Signer(await hmacKey(secret ?? (await sharedSecret(storage))));
  }

  /** The signature of `text`, as lowercase hex. */
  async sign(text: string): Promise<string> {
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', this.key, encoder.encode(text)));
    return [...signature].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  /** Whether `signature` (hex) is `text`'s, compared in constant time. */
  async verify(text: string, signature: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(signature)) return false;
    return constantTimeEqual(encoder.encode(await this.sign(text)), encoder.encode(signature));
  }
}

async function sharedSecret(storage: StorageEngine): Promise<Uint8Array> {
  const stored = await transactRequest(storage, async (tx) => {
    const existing = await getJson<string>(tx, keys.secret);
    if (existing !== undefined) return existing;
    const made = base64url(randomBytes(32));
    await putJson(tx, keys.secret, made);
    return made;
  });
  return fromBase64url(stored);
}
