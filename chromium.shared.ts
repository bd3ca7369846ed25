import { existsSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BuildOptions, build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';

/**
 * What the browser tests of every package share (imported by path, like vitest.shared.ts, so no
 * package imports another's tests): Debian's Chromium driven by playwright-core, code bundled for
 * the browser platform, and a page server on 127.0.0.1. CI installs Chromium and sets
 * DBWIRE_REQUIRE_BROWSER=1; elsewhere the tests are skipped, visibly, when it is missing.
 */

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.DBWIRE_REQUIRE_BROWSER === '1';

/** `describe`, skipped where Chromium is missing and CI does not require it, its title saying so. */
export function describeInChromium(title: string, tests: () => void): void {
  const where = available || required ? 'in Chromium' : 'in Chromium [skipped: /usr/bin/chromium not installed]';
  describe.skipIf(!available && !required)(`${title} ${where}`, tests);
}

/** What `useChromium` gives the tests, once its `beforeAll` has run. */
export interface ChromiumPage {
  readonly browser: Browser;
  /** The page server's origin, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
}

/**
 * Registers the hooks of a browser test (call it inside `describeInChromium`): before all, serve
 * `listener` on 127.0.0.1 (a free port) and launch headless Chromium; after all, close both.
 */
export function useChromium(listener: RequestListener): ChromiumPage {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let url = '';
  beforeAll(async () => {
    const started = createServer(listener);
    server = started;
    await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // No sandbox, GPU or background traffic: a test machine needs none of them.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return {
    get browser() {
      if (browser === undefined) throw new Error('useChromium: Chromium is launched in beforeAll');
      return browser;
    },
    get url() {
      return url;
    },
  };
}

/**
 * One ES module for the page, bundled for the browser platform, so that any Node-only import fails
 * the bundle. `options` says what to bundle (`entryPoints` or `stdin`) and how to resolve it.
 */
export async function bundleForBrowser(options: BuildOptions): Promise<string> {
  const result = await build({
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    ...options,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles?.[0]?.text ?? '';
}
