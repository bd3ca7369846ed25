import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DBWIRE_BIN = fileURLToPath(new URL('../../../apps/cli/bin/dbwire.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `dbwire <args>` in a child process, as a user would. The child gets a clean environment: no
 * DBWIRE_* target of this test run and no VITEST_* worker variables (the child runs its own vitest).
 */
export function runDbwire(args: string[], timeoutMs = 90_000): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(DBWIRE_|VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(name)) continue;
    env[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DBWIRE_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`dbwire ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export type CaseState = 'passed' | 'failed' | 'skipped';

/** The test cases of a JUnit report by name, with their state and failure text. */
export function junitCases(xml: string): Map<string, { state: CaseState; failure: string }> {
  const cases = new Map<string, { state: CaseState; failure: string }>();
  const pattern = /<testcase\b[^>]*\bname="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(pattern)) {
    const name = unescapeXml(match[1] ?? '');
    const body = match[2] ?? '';
    const failure = /<failure\b[^>]*>([\s\S]*?)<\/failure>/.exec(body)?.[1] ?? '';
    const state: CaseState = body.includes('<failure') ? 'failed' : body.includes('<skipped') ? 'skipped' : 'passed';
    cases.set(name, { state, failure: unescapeXml(failure) });
  }
  return cases;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
