import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * A request whose path goes on the wire exactly as written. fetch (the WHATWG URL parser) resolves
 * `..` and `%2e%2e` segments before sending, so the path attacks a server must refuse would never
 * reach it; node:http sends the request line as given.
 */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export function sendRawPath(
  baseUrl: string,
  method: string,
  rawPath: string,
  options: { token?: string; body?: string; contentType?: string } = {},
): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  const send = base.protocol === 'https:' ? httpsRequest : request;
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const outgoing = send(
      { host: base.hostname, port: base.port, method, path: `${base.pathname.replace(/\/$/, '')}${rawPath}`, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: incoming.statusCode ?? 0, headers: flat, text, json });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.setTimeout(15_000, () => outgoing.destroy(new Error(`${method} ${rawPath}: no answer within 15 s`)));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Waits until `probe` answers a value (not undefined), polling; throws with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
