import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';

// The CLI's entry run the way its bin runs it in the repository (tsx over the sources), but
// without the bin's wrapper process: a SIGKILL must reach the server itself, not a parent.
const main = fileURLToPath(new URL('../../../cli/src/main.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

export interface ServeProcess {
  child: ChildProcess;
  /** Every stderr byte so far (for failure messages). */
  stderr(): string;
  /** Resolves with the first JSON log line that matches. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Spawns `dbwire serve <args>` as a real process, with JSON logs on stdout. */
export function spawnServe(args: string[], env: NodeJS.ProcessEnv = process.env): ServeProcess {
  const child = spawn(process.execPath, ['--conditions=@dbwire/source', '--import', tsx, main, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stdout = '';
  let stderr = '';
  const lines: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const complete = stdout.split('\n');
    stdout = complete.pop() ?? '';
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {}
    }
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => stderr,
    exited,
    waitForLog(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(predicate);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching log line; stderr:\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        exited.then(() => {
          cleanup();
          reject(new Error(`dbwire serve exited; stderr:\n${stderr}`));
        });
        check();
      });
    },
  };
}

/** The flags that put every API of `dbwire serve` on a free port (two servers must not both take the defaults). */
export const FREE_PORTS: readonly string[] = ['typedb', 'write-daemon', 'iceberg', 'volumes', 'spacetimedb'].flatMap(
  (api) => [`--${api}-port`, '0'],
);

/** Starts `dbwire serve` on free ports (every API's); resolves once it logs that it is ready, with its URLs (`url`: TypeDB's). */
export async function startServe(
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<ServeProcess & { url: string; urls: Record<string, string>; engine: string }> {
  const serve = spawnServe([...FREE_PORTS, ...args], env);
  const ready = await serve.waitForLog((line) => line.msg === 'dbwire serve: ready');
  const urls = ready.urls as Record<string, string>;
  return { ...serve, url: urls.typedb as string, urls, engine: ready.engine as string };
}

/** A minimal TypeDB HTTP client for these tests: sign in once, then JSON calls with the token. */
export async function typedbSession(
  url: string,
): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>> {
  const signin = await fetch(`${url}/v1/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'password' }),
  });
  if (signin.status !== 200) throw new Error(`sign-in failed: ${signin.status} ${await signin.text()}`);
  const { token } = (await signin.json()) as { token: string };
  return async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/**
 * Registers this file's clean-up: servers `track`ed are killed after each test, and `later`
 * functions (data directories, schemas) run after all tests.
 */
export function useCleanup(): {
  track<T extends ServeProcess>(serve: T): T;
  later(cleanup: () => Promise<void>): void;
} {
  const running: ServeProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(() => {
    for (const serve of running.splice(0)) serve.child.kill('SIGKILL');
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  return {
    track(serve) {
      running.push(serve);
      return serve;
    },
    later(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
