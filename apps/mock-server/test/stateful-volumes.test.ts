import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, type CliProcess, startCli } from './cli-process.js';

let mock: CliProcess;
const TENANT = '/v1/orgs/dev-org/workspaces/dev-workspace/volumes';
const auth = { Authorization: 'Bearer dev-token' };

beforeAll(async () => {
  mock = await startCli(['mock', 'volumes', '--stateful', '--port', '0', '--log-level', 'warn'], 60_000);
}, 70_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}${TENANT}`)).toBe(false);
}, 30_000);

const send = (method: string, path: string, body?: unknown) =>
  fetch(`${mock.url}${path}`, {
    method,
    headers: body === undefined || body instanceof FormData ? auth : { ...auth, 'Content-Type': 'application/json' },
    body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
  });

describe('dbwire mock volumes --stateful', () => {
  it('keeps volumes and entries, serves the files it hands out URLs for, and answers with the API’s errors', async () => {
    const created = await send('POST', TENANT, { name: 'kb', environment_id: 'env_dev' });
    expect(created.status).toBe(201);
    const { volume } = (await created.json()) as { volume: { volume_id: string } };
    const entries = `${TENANT}/${volume.volume_id}/entries`;

    // Unlike Prism, what was written is read back, with slashes sent plain or as %2F.
    expect((await send('PUT', `${entries}/faq/refunds.md`, { content_text: 'Refunds take 14 days.' })).status).toBe(
      200,
    );
    const read = await send('GET', `${entries}/faq%2Frefunds.md`);
    expect(await read.json()).toMatchObject({ path: 'faq/refunds.md', content_text: 'Refunds take 14 days.' });

    // A real upload, and a download URL on the mock itself that gives the bytes back.
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'q1.pdf');
    expect((await send('POST', `${entries}/docs/q1.pdf/upload`, form)).status).toBe(201);
    const link = (await (await send('GET', `${entries}/docs/q1.pdf/download`)).json()) as { download_url: string };
    expect(link.download_url.startsWith(`${mock.url}/_blobs/`)).toBe(true);
    const file = await fetch(link.download_url);
    expect(file.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([...bytes]);

    // Errors a volumes server gives, which Prism cannot: a refused path, a missing entry, a forged token.
    const attack = await send('PUT', `${entries}/a%2F..%2Fsecrets`, { content_text: 'x' });
    expect(attack.status).toBe(422);
    expect(await attack.json()).toMatchObject({ detail: [{ loc: ['path', 'path'], type: 'value_error' }] });
    const missing = await send('GET', `${entries}/faq/nope.md`);
    expect(await missing.json()).toMatchObject({ error: 'RESOURCE_NOT_FOUND', status_code: 404 });
    const forged = await fetch(`${mock.url}${TENANT}`, { headers: { Authorization: 'Bearer forged' } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: 'AUTHENTICATION_FAILED' });
  });
});
