import { fileURLToPath } from 'node:url';
import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleForBrowser, describeInChromium, useChromium } from '../../../chromium.shared.js';
import { type HttpDouble, problem, startHttpDouble } from './http-double.js';

/**
 * The SDK in a real browser: bundled for the browser platform (which fails on any Node-only import)
 * and run in Debian's Chromium against servers on another origin (so CORS is part of
 * the test). CI installs Chromium and sets DBWIRE_REQUIRE_BROWSER=1; elsewhere the test is skipped,
 * visibly, when /usr/bin/chromium is missing.
 */

// The page loads the bundles as modules and exposes them; evaluated code must not use `import()`,
// which the test runner would rewrite.
const PAGE = `<!doctype html><title>sdk</title><script type="module">
import * as sdk from '/sdk.js';
import * as writeDaemon from '/write-daemon.js';
window.writeDaemon = writeDaemon;
window.sdk = sdk;
</script>`;

let api: RunningServer;
let daemon: HttpDouble;
let scripts: Record<string, string> = {};

function bundleSdk(api: string): Promise<string> {
  return bundleForBrowser({ entryPoints: [fileURLToPath(new URL(`../src/${api}/index.ts`, import.meta.url))] });
}

describeInChromium('@dbwire/sdk (typedb, write-daemon)', () => {
  const page = useChromium((request, response) => {
    const script = scripts[request.url ?? ''];
    response.writeHead(200, { 'content-type': script === undefined ? 'text/html' : 'text/javascript' });
    response.end(script ?? PAGE);
  });

  beforeAll(async () => {
    scripts = { '/sdk.js': await bundleSdk('typedb'), '/write-daemon.js': await bundleSdk('write-daemon') };
    api = await startReferenceServer({ ports: { typedb: 0 }, typedb: { passwordIterations: 1000 } });
    daemon = await startWriteDaemonDouble();
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await daemon?.close();
  });

  it('signs in, creates and lists databases, reads text schemas and throws typed errors', async () => {
    const tab = await page.browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'sdk' in window);
    const result = await tab.evaluate(async (baseUrl) => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports, untyped inside the page.
      const sdk = (window as any).sdk;
      const client = sdk.createTypeDBClient({ baseUrl, username: 'admin', password: 'password' });
      await sdk.createDatabase({ client, path: { databaseName: 'browser-db' } });
      const { data: listed } = await sdk.getDatabases({ client });
      const { data: schema } = await sdk.getDatabaseSchema({ client, path: { databaseName: 'browser-db' } });
      let failure: Record<string, unknown> = {};
      try {
        await sdk.deleteDatabase({ client, path: { databaseName: 'no-such-db' } });
      } catch (error) {
        failure = {
          isTypeDBError: error instanceof sdk.TypeDBError,
          status: (error as { status: number }).status,
          code: (error as { code: string }).code,
        };
      }
      return { listed, schema, failure, runtime: typeof navigator.userAgent };
    }, api.urls.typedb);

    expect(result.listed).toEqual({ databases: [{ name: 'browser-db' }] });
    expect(result.schema).toBe('define');
    expect(result.failure).toEqual({ isTypeDBError: true, status: 400, code: 'DBD1' });
    expect(result.runtime).toBe('string');
  }, 60_000);

  it('write daemon: commits with a generated key, retried once after a 503, and decodes problems', async () => {
    const tab = await page.browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'writeDaemon' in window);
    const result = await tab.evaluate(async (baseUrl) => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports, untyped inside the page.
      const sdk = (window as any).writeDaemon;
      const client = sdk.createWriteDaemonClient({ baseUrl, token: 'dev-token' });
      const { data } = await sdk.commitEndpoint({
        client,
        path: { namespace_id: 42 },
        body: { operations: [{ op: 'CreateContainer', args: { external_id: 'v', kind: { type: 'balance' } } }] },
      });
      const failure = await sdk
        .namespaceStatusEndpoint({ client, path: { namespace_id: 404 } })
        .catch((error: unknown) => ({ isProblem: sdk.isProblem(error, 'NAMESPACE_NOT_FOUND') }));
      return { data, failure };
    }, daemon.url);

    const keys = daemon.calls('POST', '/v1/write/namespaces/42/commit').map((r) => r.json?.idempotency_key);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(result.data).toEqual({ namespace: 42, idempotency_key: keys[0] });
    expect(result.failure).toEqual({ isProblem: true });
    expect(daemon.received.every((r) => r.headers.authorization === 'Bearer dev-token')).toBe(true);
  }, 60_000);
});

/** A write daemon on another origin: the first commit attempt fails with a retryable 503. */
function startWriteDaemonDouble(): Promise<HttpDouble> {
  let commits = 0;
  return startHttpDouble(
    (request) => {
      if (request.path.endsWith('/commit')) {
        return commits++ === 0
          ? problem(503, 'INTERNAL', { retry_after_ms: 10 })
          : { status: 200, body: { namespace: 42, idempotency_key: request.json?.idempotency_key } };
      }
      return problem(404, 'NAMESPACE_NOT_FOUND');
    },
    { cors: true },
  );
}
