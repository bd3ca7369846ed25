import { STATUS_CODES } from 'node:http';
import type { SerializedResponse } from '../core/dispatch.js';

/**
 * A serialized answer as the bytes of an HTTP/1.1 response that closes the connection, for
 * sockets no `ServerResponse` writes to any more (a request Node could not parse, a WebSocket
 * handshake refused after fastify let go of the request). A stream body is not sent.
 */
export function rawHttp(response: SerializedResponse): Buffer {
  const body =
    typeof response.body === 'string'
      ? Buffer.from(response.body)
      : response.body instanceof Uint8Array
        ? Buffer.from(response.body)
        : Buffer.alloc(0);
  const headers = { ...response.headers, 'content-length': String(body.byteLength), connection: 'close' };
  const head = [
    `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
