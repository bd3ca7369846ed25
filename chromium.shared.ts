import { existsSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BuildOptions, build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

/**
 * What the browser tests of every package share (imported by path, like vitest.shared.ts, so no
 * package imports another's tests): Debian's Chromium driven by playwright-core, code bundled for
 * the browser platform, and a page server on 127.0.0.1. CI installs Chromium and sets
 * DBWIRE_REQUIRE_BROWSER=1; elsewhere the tests are skipped, visibly, when it is missing.
 */

const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests run: Chromium is installed, or CI requires them (then a missing one fails them). */
export const chromiumTestsRun = existsSync(CHROMIUM) || process.env.DBWIRE_REQUIRE_BROWSER === '1';

/** The end of a browser test's describe title, saying so when the tests are skipped. */
export const inChromium = chromiumTestsRun ? 'in Chromium' : 'in Chromium [skipped: /usr/bin/chromium not installed]';

/** Headless Chromium, without the background traffic and sandbox a test machine does not need. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
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

/** A page server the browser loads the test's page from. */
export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `listener` on 127.0.0.1, on a free port. */
export async function servePage(listener: RequestListener): Promise<PageServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
