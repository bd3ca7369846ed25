import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { bundleForBrowser, describeInChromium, useChromium } from '../../../chromium.shared.js';

/**
 * The frontend flow in a real browser: the SDK and the volumes mock bundled for the browser platform
 * (which fails on any Node-only import), the mock served by msw's service worker, and the page
 * calling the SDK, which knows nothing of the mock, with `fetch`. This is how a frontend developer
 * runs the mock. CI installs Chromium and sets DBWIRE_REQUIRE_BROWSER=1; elsewhere the test is
 * skipped, visibly, when /usr/bin/chromium is missing.
 */

/** The app: starts the mock under the page's own `/api`, then exposes the SDK to the test. */
const APP = `
import { createVolumesMock } from '@dbwire/mocks/volumes';
import * as sdk from '@dbwire/sdk/volumes';
import { setupWorker } from 'msw/browser';

const mock = createVolumesMock({ baseUrl: location.origin + '/api' });
const worker = setupWorker(...mock.handlers);
await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
window.sdk = sdk;
window.mockReady = true;
`;

const PAGE = '<!doctype html><title>volumes</title><script type="module" src="/app.js"></script>';

/** What the page server serves besides the page, by path. */
let files: Record<string, { type: string; body: string }> = {};

function bundleApp(): Promise<string> {
  return bundleForBrowser({
    stdin: { contents: APP, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    // The workspace packages' TypeScript sources, as the monorepo resolves them.
    conditions: ['@dbwire/source'],
  });
}

describeInChromium('@dbwire/mocks/volumes with @dbwire/sdk/volumes', () => {
  const page = useChromium((request, response) => {
    const file = files[request.url ?? ''];
    if (request.url?.startsWith('/api/')) {
      // Only the service worker may answer these: reaching the server means the mock was bypassed.
      response.writeHead(599, { 'content-type': 'text/plain' }).end('not mocked');
      return;
    }
    response.writeHead(200, { 'content-type': file?.type ?? 'text/html' });
    response.end(file?.body ?? PAGE);
  });

  beforeAll(async () => {
    const require = createRequire(import.meta.url);
    files = {
      '/app.js': { type: 'text/javascript', body: await bundleApp() },
      '/mockServiceWorker.js': {
        type: 'text/javascript',
        body: await readFile(require.resolve('msw/mockServiceWorker.js'), 'utf8'),
      },
    };
  }, 120_000);

  it('creates a volume, writes entries, uploads a picked file, searches and downloads it', async () => {
    const tab = await page.browser.newPage();
    const pageErrors: string[] = [];
    tab.on('pageerror', (error) => pageErrors.push(String(error)));
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'mockReady' in window, undefined, { timeout: 60_000 });

    const result = await tab.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports, untyped inside the page.
      const sdk = (window as any).sdk;
      const volumes = sdk.createVolumesClient({
        baseUrl: `${location.origin}/api`,
        token: 'dev-token',
        orgId: 'dev-org',
        workspaceId: 'dev-workspace',
      });
      const { volume } = await volumes.createVolume({ name: 'support-kb', environment_id: 'env_dev' });
      const id = volume.volume_id;
      await volumes.writeEntry(id, 'faq/refunds.json', {
        content: { question: 'How long do refunds take?', answer: 'Refunds are paid back within 14 days.' },
      });
      await volumes.writeEntry(id, 'faq/shipping.md', {
        content_text: 'Parcels arrive in three to five working days.',
      });

      // What an <input type="file"> hands over: a File with a name and a type.
      const bytes = new Uint8Array(2048).map((_, i) => (i * 13 + 5) % 256);
      const picked = new File([bytes], 'policy.pdf', { type: 'application/pdf' });
      const uploaded = await volumes.uploadFileEntry(id, 'docs/policy.pdf', picked);

      const listing = await volumes.listEntries(id);
      const found = await volumes.searchVolume(id, { query: 'when will my refund arrive', limit: 2 });
      const download = await volumes.downloadEntry(id, 'docs/policy.pdf', { as: 'blob' });
      const back = new Uint8Array(await download.data.arrayBuffer());
      let failure = {};
      try {
        await volumes.readEntry(id, 'docs/missing.pdf');
      } catch (error) {
        failure = { isNotFound: error instanceof sdk.NotFoundError, status: (error as { status: number }).status };
      }
      return {
        uploaded: uploaded.entry,
        directories: listing.directories,
        first: found.results[0]?.path,
        downloadUrl: download.link.download_url,
        filename: download.filename,
        contentType: download.contentType,
        sameBytes: back.length === bytes.length && back.every((b, i) => b === bytes[i]),
        failure,
        origin: location.origin,
      };
    });

    expect(pageErrors).toEqual([]);
    expect(result.uploaded).toMatchObject({ content_type: 'file', mime_type: 'application/pdf', size_bytes: 2048 });
    expect(result.directories).toEqual(['docs/', 'faq/']);
    expect(result.first).toBe('faq/refunds.json');
    expect(result.downloadUrl.startsWith(`${result.origin}/api/_blobs/`)).toBe(true);
    expect(result.filename).toBe('policy.pdf');
    expect(result.contentType).toMatch(/^application\/pdf/);
    expect(result.sameBytes).toBe(true);
    expect(result.failure).toEqual({ isNotFound: true, status: 404 });
  }, 120_000);
});
