import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_APIS } from '../src/apis.js';
import { answers, type CliProcess, startCli } from './cli-process.js';

/**
 * `dbwire mock spacetimedb --stateful`: the reference host, not Prism. Without a module compiler at
 * hand here (the SDK and mocks tests publish real modules), it shows itself by what Prism cannot do:
 * minting real identities, refusing a module that is not WebAssembly, and keeping no database that
 * was never published.
 */
let mock: CliProcess;

beforeAll(async () => {
  mock = await startCli(['mock', 'spacetimedb', '--stateful', '--port', '0', '--log-level', 'warn'], 60_000);
}, 70_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}/v1/identity/public-key`)).toBe(false);
}, 30_000);

describe('dbwire mock spacetimedb --stateful', () => {
  it('listens on 4014 by default', () => {
    expect(MOCK_APIS.spacetimedb.port).toBe(4014);
  });

  it('mints a real identity and token for an anonymous caller, and verifies it', async () => {
    const anonymous = await fetch(`${mock.url}/v1/database/nothing-here`);
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).toBe('`nothing-here` not found');
    const identity = anonymous.headers.get('spacetime-identity') ?? '';
    const token = anonymous.headers.get('spacetime-identity-token') ?? '';
    expect(identity).toMatch(/^c200[0-9a-f]{60}$/);
    expect(token.split('.')).toHaveLength(3);
    const verified = await fetch(`${mock.url}/v1/identity/${identity}/verify`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(verified.status).toBe(204);
    // Another first character of the signature: a token whose signature no longer matches.
    const signatureAt = token.lastIndexOf('.') + 1;
    const flipped = token[signatureAt] === 'A' ? 'B' : 'A';
    const forgedToken = `${token.slice(0, signatureAt)}${flipped}${token.slice(signatureAt + 1)}`;
    const forged = await fetch(`${mock.url}/v1/identity/${identity}/verify`, {
      headers: { Authorization: `Bearer ${forgedToken}` },
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a module that is not WebAssembly with 500, and creates nothing', async () => {
    const published = await fetch(`${mock.url}/v1/database/junk`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/wasm' },
      body: 'not wasm',
    });
    expect(published.status).toBe(500);
    expect(published.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await fetch(`${mock.url}/v1/database/junk`)).status).toBe(404);
  });
});
