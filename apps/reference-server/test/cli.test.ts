import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../cli/bin/dbwire.js', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Collects the server's JSON log lines and resolves when one matches. */
function waitForLog(process_: ChildProcess, predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 20_000) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no matching log line; got:\n${buffered}`)), timeoutMs);
    process_.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (predicate(entry)) {
            clearTimeout(timer);
            resolve(entry);
          }
        } catch {}
      }
    });
  });
}

describe('dbwire serve', () => {
  it('serves TypeDB, logs structured JSON, and shuts down cleanly on SIGTERM', async () => {
    child = spawn(process.execPath, [bin, 'serve', '--typedb-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await waitForLog(child, (line) => line.msg === 'dbwire serve: ready');
    expect(ready).toMatchObject({ level: 30, engine: 'memory' });
    const url = (ready.urls as { typedb: string }).typedb;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(204);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    const stopping = waitForLog(child, (line) => line.msg === 'dbwire serve: shutting down');
    child.kill('SIGTERM');
    expect(await stopping).toMatchObject({ signal: 'SIGTERM' });
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, 40_000);

  it('refuses an unknown engine with a usage message', async () => {
    child = spawn(process.execPath, [bin, 'serve', '--engine', 'floppy'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child?.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown engine 'floppy'");
  }, 30_000);
});
