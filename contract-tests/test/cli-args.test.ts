import { afterEach, describe, expect, it, vi } from 'vitest';
import { conformanceMain, parseConformanceArgs, suiteEnvironment, suiteFilters, USAGE } from '../src/cli.js';
import { getTarget, IN_PROCESS_URLS_ENV } from '../src/target.js';

describe('dbwire conformance arguments', () => {
  it('take flags over environment variables, and defaults where neither is given', () => {
    const options = parseConformanceArgs(
      [
        '--base-url',
        'http://db.example:8000/',
        '--password',
        'flag',
        '--capability',
        'state-changes=off',
        '--suite',
        'generic',
      ],
      {
        DBWIRE_PASSWORD: 'env',
        DBWIRE_USERNAME: 'root',
        DBWIRE_CAPABILITIES: 'admin-credentials=off,state-changes=on',
      },
    );
    expect(options).toMatchObject({
      api: 'typedb',
      baseUrl: 'http://db.example:8000',
      username: 'root',
      password: 'flag',
      token: undefined,
      capabilities: { 'admin-credentials': false, 'state-changes': false },
      report: undefined,
      suites: ['generic'],
    });
  });

  it('read every setting from the environment', () => {
    const options = parseConformanceArgs([], {
      DBWIRE_API: 'typedb',
      DBWIRE_TOKEN: 't0k',
      DBWIRE_REPORT: 'html',
      DBWIRE_OUT: 'out.html',
      DBWIRE_SEED: '7',
      DBWIRE_RUNS: '3',
    });
    expect(options).toMatchObject({ token: 't0k', report: 'html', out: 'out.html', seed: 7, runs: 3 });
  });

  it.each([
    [['--api', 'mongo'], "Unknown API 'mongo'"],
    [['--report', 'pdf'], "Unknown report 'pdf'"],
    [['--base-url', 'db:8000'], 'must be an http(s) URL'],
    [['--capability', 'state-changes=perhaps'], 'expected on or off'],
    [['--runs', '0'], '--runs must be an integer ≥ 1'],
    [['--seed', 'abc'], '--seed must be an integer'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('refuse %j', (argv, message) => {
    expect(() => parseConformanceArgs(argv, {})).toThrow(message);
  });

  it('ask for help with --help or -h', () => {
    expect(parseConformanceArgs(['--help'], {})).toBe('help');
    expect(parseConformanceArgs(['-h'], {})).toBe('help');
  });

  it('map --suite to vitest filters under suites/<api>/', () => {
    expect(suiteFilters('typedb', [])).toEqual(['suites/typedb/']);
    expect(suiteFilters('typedb', ['generic'])).toEqual(['suites/typedb/generic']);
    expect(suiteFilters('typedb', ['generic.test.ts'])).toEqual(['suites/typedb/generic.test.ts']);
    expect(() => suiteFilters('typedb', ['nope'])).toThrow("No suite 'nope' for typedb");
    expect(suiteFilters('write-daemon', ['behaviour/commits'])).toEqual(['suites/write-daemon/behaviour/commits']);
  });

  it('take --api write-daemon with a token', () => {
    const options = parseConformanceArgs(
      ['--api', 'write-daemon', '--base-url', 'http://127.0.0.1:8400', '--token', 'dev-token'],
      {},
    );
    expect(options).toMatchObject({ api: 'write-daemon', baseUrl: 'http://127.0.0.1:8400', token: 'dev-token' });
  });

  it('hand the target to the suites through the environment', () => {
    const options = parseConformanceArgs(
      ['--token', 'abc', '--capability', 'admin-credentials=off', '--runs', '5'],
      {},
    );
    if (options === 'help') throw new Error('unexpected');
    expect(suiteEnvironment(options)).toMatchObject({
      DBWIRE_API: 'typedb',
      DBWIRE_BASE_URL: undefined,
      DBWIRE_TOKEN: 'abc',
      DBWIRE_CAPABILITIES: 'admin-credentials=off',
      DBWIRE_RUNS: '5',
    });
  });
});

describe('conformanceMain', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints the usage for --help and exits 0', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await conformanceMain(['--help'])).toBe(0);
    expect(write).toHaveBeenCalledWith(USAGE);
    expect(USAGE).toContain('--capability <name>=on|off');
    expect(USAGE).toContain('admin-credentials (default on)');
  });

  it('exits 2 on a usage error, saying what is wrong', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await conformanceMain(['--api', 'mongo'])).toBe(2);
    expect(String(write.mock.calls[0]?.[0])).toContain("Unknown API 'mongo'");
  });
});

describe('getTarget', () => {
  const urls = JSON.stringify({ typedb: 'http://127.0.0.1:1', 'write-daemon': 'http://127.0.0.1:2/' });

  it('in-process: each API gets its own URL; the write daemon its development token', () => {
    const env = { [IN_PROCESS_URLS_ENV]: urls };
    expect(getTarget('typedb', env)).toMatchObject({
      api: 'typedb',
      baseUrl: 'http://127.0.0.1:1',
      token: undefined,
      inProcess: true,
    });
    expect(getTarget('write-daemon', env)).toMatchObject({
      baseUrl: 'http://127.0.0.1:2',
      token: 'dev-token',
      inProcess: true,
    });
  });

  it('a given base URL and credentials are for the API under test only', () => {
    const env = {
      DBWIRE_API: 'write-daemon',
      DBWIRE_BASE_URL: 'http://daemon:8400',
      DBWIRE_TOKEN: 't',
      [IN_PROCESS_URLS_ENV]: urls,
    };
    expect(getTarget('write-daemon', env)).toMatchObject({
      baseUrl: 'http://daemon:8400',
      token: 't',
      inProcess: false,
    });
    expect(() => getTarget('typedb', env)).toThrow('DBWIRE_BASE_URL is a write-daemon server');
    // In-process, a token given for one API is not sent to the other.
    const inProcess = { DBWIRE_API: 'typedb', DBWIRE_TOKEN: 'typedb-token', [IN_PROCESS_URLS_ENV]: urls };
    expect(getTarget('write-daemon', inProcess).token).toBe('dev-token');
    expect(getTarget('typedb', inProcess).token).toBe('typedb-token');
  });
});
