import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { beforeAll, expect, it } from 'vitest';
import { bundleForBrowser, describeInChromium, useChromium } from '../../../chromium.shared.js';

/**
 * The SpacetimeDB mock in a real browser: the SDK and the mock bundled for the browser platform
 * (which fails on any Node-only import), the mock served by msw's service worker, and the page
 * publishing a module (run by the browser's own WebAssembly), calling a reducer and reading the
 * rows with SQL through the SDK. CI installs Chromium and sets DBWIRE_REQUIRE_BROWSER=1; elsewhere
 * the test is skipped, visibly, when /usr/bin/chromium is missing.
 */

/** The app: starts the mock under the page's own `/api`, then exposes the SDK to the test. */
const APP = `
import { createSpacetimedbMock } from '@dbwire/mocks/spacetimedb';
import * as sdk from '@dbwire/sdk/spacetimedb';
import { setupWorker } from 'msw/browser';

const mock = createSpacetimedbMock({ baseUrl: location.origin + '/api' });
const worker = setupWorker(...mock.handlers);
await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
window.sdk = sdk;
window.mockReady = true;
`;

const PAGE = '<!doctype html><title>spacetimedb</title><script type="module" src="/app.js"></script>';

/** What the page server serves besides the page, by path. */
let files: Record<string, { type: string; body: string }> = {};
/** The quickstart module, compiled in Node (wabt) and handed to the page as numbers. */
let quickstart: number[] = [];

describeInChromium('@dbwire/mocks/spacetimedb with @dbwire/sdk/spacetimedb', () => {
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
    const app = await bundleForBrowser({
      stdin: { contents: APP, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
      // The workspace packages' TypeScript sources, as the monorepo resolves them.
      conditions: ['@dbwire/source'],
    });
    files = {
      '/app.js': { type: 'text/javascript', body: app },
      '/mockServiceWorker.js': {
        type: 'text/javascript',
        body: await readFile(require.resolve('msw/mockServiceWorker.js'), 'utf8'),
      },
    };
    quickstart = [...(await loadTestModule('quickstart'))];
  }, 120_000);

  it('publishes quickstart as an anonymous identity, calls add, and SQL sees the row', async () => {
    const tab = await page.browser.newPage();
    const pageErrors: string[] = [];
    tab.on('pageerror', (error) => pageErrors.push(String(error)));
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'mockReady' in window, undefined, { timeout: 60_000 });

    const result = await tab.evaluate(async (module) => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports, untyped inside the page.
      const sdk = (window as any).sdk;
      const stdb = sdk.createSpacetimedbClient({ baseUrl: `${location.origin}/api` });
      // What a file input hands over: a Blob of the module's bytes.
      const published = await stdb.publishDatabase('quickstart', new Blob([new Uint8Array(module)]));
      await stdb.callReducer('quickstart', 'add', ['Alice']);
      const [people] = await stdb.sql('quickstart', 'SELECT * FROM person');
      let failure = {};
      try {
        await stdb.callReducer('quickstart', 'no_such_reducer', []);
      } catch (error) {
        failure = { isNotFound: error instanceof sdk.NotFoundError, status: (error as { status: number }).status };
      }
      return {
        op: published.op,
        owner: (await stdb.getDatabase('quickstart')).owner_identity,
        identity: stdb.identity,
        rows: sdk.rowsAsObjects(people),
        failure,
      };
    }, quickstart);

    expect(pageErrors).toEqual([]);
    expect(result.op).toBe('created');
    expect(result.identity).toMatch(/^c200[0-9a-f]{60}$/);
    expect(result.owner).toBe(result.identity);
    expect(result.rows).toEqual([{ name: 'Alice' }]);
    expect(result.failure).toEqual({ isNotFound: true, status: 404 });
  }, 120_000);
});
