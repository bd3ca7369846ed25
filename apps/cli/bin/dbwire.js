#!/usr/bin/env node
// Inside the repository (sources present) the CLI runs its TypeScript sources through tsx,
// resolving workspace packages to their sources, so a stale build never shadows them; an installed
// package (no sources) runs its build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
if (existsSync(source)) {
  const child = spawn(
    process.execPath,
    // tsx resolved from here, so the command works from any working directory.
    ['--conditions=@dbwire/source', '--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
} else {
  await import('../dist/main.js');
}
