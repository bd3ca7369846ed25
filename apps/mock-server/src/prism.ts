import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { MOCK_APIS, type MockApi, specPath } from './apis.js';
import { assertPortFree, freePort, httpUrl } from './ports.js';
import type { RunningMock } from './running.js';

const require = createRequire(import.meta.url);

export const PRISM_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type PrismLogLevel = (typeof PRISM_LOG_LEVELS)[number];

export interface PrismMockOptions {
  api: MockApi;
  host?: string;
  /** `0` picks a free port. @default the API's mock port (`MOCK_APIS[api].port`) */
  port?: number;
  /** Generate responses from the schemas (json-schema-faker) instead of the examples. */
  dynamic?: boolean;
  /** Makes dynamic responses deterministic. */
  seed?: string;
  /** Prism's log level. @default 'info' */
  logLevel?: PrismLogLevel;
  /** How long Prism may take to start listening. @default 60_000 */
  startupTimeoutMs?: number;
  /** Receives Prism's output (stdout and stderr). @default discarded */
  onOutput?: (text: string) => void;
}

/** The `prism` CLI of the `@stoplight/prism-cli` this package depends on (never a global one). */
export function prismBinPath(): string {
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.prism;
  if (bin === undefined) throw new Error(`${manifestPath} declares no 'prism' bin.`);
  return join(dirname(manifestPath), bin);
}

/** The arguments of `prism mock` for these options. */
export function prismArgs(spec: string, host: string, port: number, options: PrismMockOptions): string[] {
  const args = ['mock', spec, '--host', host, '--port', String(port), '--verboseLevel', options.logLevel ?? 'info'];
  if (options.dynamic) args.push('--dynamic');
  if (options.seed !== undefined) args.push('--seed', options.seed);
  return args;
}

const POLL_MS = 150;
const STOP_GRACE_MS = 5_000;

/**
 * Runs Prism 5 as a mock of an API's spec: examples first (or schema-generated data with
 * `dynamic`), requests validated against the spec. Resolves once Prism listens.
 */
export async function startPrismMock(options: PrismMockOptions): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const port =
    options.port === undefined ? MOCK_APIS[options.api].port : options.port === 0 ? await freePort(host) : options.port;
  // Readiness is "the port accepts connections", so nothing else may hold it.
  await assertPortFree(host, port);
  const child = spawn(process.execPath, [prismBinPath(), ...prismArgs(specPath(options.api), host, port, options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Plain output: Prism colours its log lines when it thinks a terminal reads them.
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });

  try {
    await waitUntilReady(child, exited, host, port, options);
  } catch (error) {
    await stop(child, exited);
    throw error;
  }
  return {
    url: httpUrl(host, port),
    kind: 'prism',
    exited,
    close: () => stop(child, exited),
  };
}

/**
 * Waits until Prism accepts connections on its port (its "listening" log line is not printed at
 * quieter log levels), keeping its last output for the error when it exits or times out first.
 */
async function waitUntilReady(
  child: ChildProcess,
  exited: Promise<number>,
  host: string,
  port: number,
  options: PrismMockOptions,
): Promise<void> {
  const timeoutMs = options.startupTimeoutMs ?? 60_000;
  let tail = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    options.onOutput?.(text);
    tail = (tail + text).slice(-4000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exitCode: number | undefined;
  let spawnError: Error | undefined;
  exited.then((code) => {
    exitCode = code;
  });
  child.once('error', (error) => {
    spawnError = error;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw spawnError;
    if (exitCode !== undefined) {
      throw new Error(`Prism exited with code ${exitCode} before listening. Its last output:\n${tail}`);
    }
    if (await accepts(host, port)) return;
    if (Date.now() >= deadline) {
      throw new Error(`Prism did not start listening within ${timeoutMs} ms. Its last output:\n${tail}`);
    }
    await delay(POLL_MS);
  }
}

/** Whether a TCP connection to host:port succeeds. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** SIGTERM, then SIGKILL if Prism is still there after a grace period; resolves once it exited. */
async function stop(child: ChildProcess, exited: Promise<number>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
