/**
 * A keep-alive HTTP client for the benchmarks that run their own client loops (write daemon,
 * Iceberg): node:http, one socket per worker, no pipelining, a bearer token on every request, and
 * the answer's status and text (the caller parses and checks it).
 */
import { Agent, request as httpRequest } from 'node:http';

const REQUEST_TIMEOUT_MS = 10_000;

export interface Reply {
  status: number;
  text: string;
}

export class Http {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    readonly base: string,
    sockets: number,
    private readonly token: string,
  ) {
    const url = new URL(base);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** One request; a `body` is sent as `contentType` (JSON unless said otherwise). */
  send(method: 'GET' | 'POST' | 'PUT', path: string, body?: string, contentType = 'application/json'): Promise<Reply> {
    const headers: Record<string, string | number> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) {
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        { agent: this.agent, host: this.host, port: this.port, method, path, headers, timeout: REQUEST_TIMEOUT_MS },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  /** A request that must answer 200: its body, parsed by `parse` (JSON.parse by default). */
  async ok<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    json: { parse(text: string): unknown; stringify(value: unknown): string } = JSON,
  ): Promise<T> {
    const reply = await this.send(method, path, body === undefined ? undefined : json.stringify(body));
    if (reply.status !== 200) throw new Error(`${method} ${path}: ${reply.status} ${reply.text.slice(0, 500)}`);
    return json.parse(reply.text) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
