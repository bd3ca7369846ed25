import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/dbwire.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('dbwire', () => {
  it('lists its commands on --help', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/serve[\s\S]*mock[\s\S]*conformance/);
  });

  it('refuses an unknown command with exit code 2', () => {
    const result = run('launch');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown command 'launch'");
  });

  it('passes options through to the command', () => {
    const result = run('serve', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--typedb-port');
  });
});
