import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort, mockMain, prismArgs, prismBinPath, specPath, startPrismMock } from '../src/index.js';

/** Runs `mockMain` for arguments that make it return at once, capturing what it printed. */
async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const code = await mockMain(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('mockMain arguments', () => {
  it('prints the usage with --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: dbwire mock <api>');
  });

  it.each([
    [[], 'Missing <api>'],
    [['nope'], "Unknown API 'nope'"],
    [['typedb', 'extra'], "Unknown API 'typedb extra'"],
    [['typedb', '--port', 'x'], "Invalid port 'x'"],
    [['typedb', '--port', '70000'], "Invalid port '70000'"],
    [['typedb', '--stateful', '--dynamic'], '--dynamic and --seed apply to the Prism mock'],
    [['typedb', '--log-level', 'loud'], "Invalid log level 'loud'"],
    [['typedb', '--startup-timeout', '0'], "Invalid startup timeout '0'"],
    [['typedb', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('Prism launch', () => {
  it('uses the prism-cli bin from node_modules and the spec from @dbwire/specs', () => {
    expect(prismBinPath()).toMatch(/node_modules[/\\]@stoplight[/\\]prism-cli[/\\]dist[/\\]index\.js$/);
    expect(existsSync(prismBinPath())).toBe(true);
    expect(specPath('typedb')).toMatch(/specs[/\\]typedb\.yaml$/);
    expect(existsSync(specPath('typedb'))).toBe(true);
    expect(specPath('write-daemon')).toMatch(/specs[/\\]write-daemon\.yaml$/);
    expect(existsSync(specPath('write-daemon'))).toBe(true);
  });

  it('builds the prism mock command line', () => {
    expect(prismArgs('/s.yaml', '127.0.0.1', 4010, { api: 'typedb' })).toEqual([
      'mock',
      '/s.yaml',
      '--host',
      '127.0.0.1',
      '--port',
      '4010',
      '--verboseLevel',
      'info',
    ]);
    expect(prismArgs('/s.yaml', '::1', 1, { api: 'typedb', dynamic: true, seed: '7', logLevel: 'warn' })).toEqual([
      'mock',
      '/s.yaml',
      '--host',
      '::1',
      '--port',
      '1',
      '--verboseLevel',
      'warn',
      '--dynamic',
      '--seed',
      '7',
    ]);
  });

  it('fails fast when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const port = await freePort('127.0.0.1');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startPrismMock({ api: 'typedb', port, startupTimeoutMs: 30_000 })).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is already in use.`,
      );
    } finally {
      blocker.close();
    }
  }, 40_000);
});
