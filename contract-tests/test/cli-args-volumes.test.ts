import { describe, expect, it } from 'vitest';
import { parseConformanceArgs, suiteEnvironment } from '../src/cli.js';
import { IN_PROCESS_URLS_ENV } from '../src/target.js';
import { parsePrincipal, volumesCredentials } from '../src/volumes/credentials.js';

describe('dbwire conformance --api volumes arguments', () => {
  it('take the tenant, a second tenant, extra tokens and a clock, and hand them to the suites', () => {
    const options = parseConformanceArgs(
      [
        '--api',
        'volumes',
        '--base-url',
        'http://vol.example:8300',
        '--token',
        'main',
        '--org',
        'acme',
        '--workspace',
        'research',
        '--token-b',
        'tb=globex/lab',
        '--extra-token',
        'tr=acme/research:read',
        '--extra-token',
        'ta=acme/research:write@bot',
        '--clock-url',
        'http://127.0.0.1:9/',
      ],
      {},
    );
    if (options === 'help') throw new Error('help');
    expect(options).toMatchObject({ api: 'volumes', org: 'acme', workspace: 'research', tokenB: 'tb=globex/lab' });
    expect(options.capabilities).toMatchObject({ clock: true });
    const env = suiteEnvironment(options);
    expect(env).toMatchObject({
      DBWIRE_ORG: 'acme',
      DBWIRE_WORKSPACE: 'research',
      DBWIRE_TOKEN_B: 'tb=globex/lab',
      DBWIRE_EXTRA_TOKENS: 'tr=acme/research:read ta=acme/research:write@bot',
      DBWIRE_VOLUMES_CLOCK_URL: 'http://127.0.0.1:9/',
    });
    expect(env.DBWIRE_CAPABILITIES).toContain('clock=on');
  });

  it('refuse tokens not in the server\u2019s syntax', () => {
    expect(() => parseConformanceArgs(['--token-b', 'just-a-token'], {})).toThrow('--token-b: Invalid token');
    expect(() => parseConformanceArgs(['--extra-token', 't=a/b:sudo'], {})).toThrow("unknown permission 'sudo'");
  });
});

describe('volumes credentials', () => {
  it('read the highest permission and the app of a token', () => {
    expect(parsePrincipal('t=o/w:read,write@app')).toEqual({
      token: 't',
      org: 'o',
      workspace: 'w',
      permission: 'write',
      app: 'app',
    });
    expect(parsePrincipal('t=o/w')).toMatchObject({ permission: 'admin', app: undefined });
  });

  it('pick the principals the checks need from what an external run was given', () => {
    const credentials = volumesCredentials({
      DBWIRE_API: 'volumes',
      DBWIRE_BASE_URL: 'http://vol.example:8300',
      DBWIRE_TOKEN: 'main',
      DBWIRE_ORG: 'acme',
      DBWIRE_WORKSPACE: 'research',
      DBWIRE_TOKEN_B: 'tb=globex/lab',
      DBWIRE_EXTRA_TOKENS:
        'tr=acme/research:read tw=acme/research:write a1=acme/research:write@one a2=acme/research@two x=acme/elsewhere:read',
    });
    expect(credentials.admin).toMatchObject({ token: 'main', org: 'acme', workspace: 'research' });
    expect(credentials.otherTenant?.token).toBe('tb');
    expect(credentials.reader?.token).toBe('tr');
    expect(credentials.writer?.token).toBe('tw');
    expect(credentials.apps.map((a) => a.app)).toEqual(['one', 'two']);
  });

  it('default to the in-process server\u2019s own tokens', () => {
    const credentials = volumesCredentials({
      [IN_PROCESS_URLS_ENV]: JSON.stringify({ volumes: 'http://127.0.0.1:1' }),
    });
    expect(credentials.admin).toMatchObject({ token: 'dev-token', org: 'dev-org', workspace: 'dev-workspace' });
    expect(credentials.otherTenant).toBeDefined();
    expect(credentials.reader?.permission).toBe('read');
    expect(credentials.writer?.permission).toBe('write');
    expect(credentials.apps).toHaveLength(2);
  });
});
