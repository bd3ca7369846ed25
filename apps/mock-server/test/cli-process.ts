import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's `dbwire` entry point (runs the TypeScript sources through tsx when there is no build). */
export const DBWIRE_BIN = fileURLToPath(new URL('../../cli/bin/dbwire.js', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** The URL the command printed. */
  url: string;
  /** Everything it wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** SIGTERM, then waits (bounded) for the exit code; SIGKILL if it does not exit in time. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** Runs `dbwire <args>` and waits (at most `timeoutMs`) for the URL it prints once listening. */
export function startCli(args: string[], timeoutMs = 60_000): Promise<CliProcess> {
  const child = spawn(process.execPath, [DBWIRE_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async (stopTimeoutMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return new Promise<CliProcess>((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      void stop(2_000);
      reject(new Error(`${message}\nstdout:\n${stdout}\nstderr (tail):\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`dbwire ${args.join(' ')} printed no URL within ${timeoutMs} ms.`), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stderr: () => stderr, stop });
      }
    });
    exited.then((code) => fail(`dbwire ${args.join(' ')} exited with code ${code} before listening.`));
  });
}

/** Whether anything accepts HTTP requests at `url` (false once the server is gone). */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}
