import { inject } from 'vitest';
import { CAPABILITIES_ENV, parseCapabilities } from './capabilities.js';
import { IN_PROCESS_URLS_ENV } from './target.js';
import { CLOCK_URL_ENV } from './volumes/clock.js';

// Runs in each worker before its test files: hands the in-process server's URLs (one per API),
// which the global setup provided to this project, to `getTarget()`. Per project, since each
// engine has its own server.
const urls = inject('dbwireInProcessUrls');
if (urls) process.env[IN_PROCESS_URLS_ENV] = JSON.stringify(urls);

// The volumes server's clock control (src/volumes/clock.ts): with it, the `clock` capability is on
// unless the run turned it off.
const clock = inject('dbwireVolumesClock');
if (clock) {
  process.env[CLOCK_URL_ENV] = clock;
  if (!('clock' in parseCapabilities(process.env[CAPABILITIES_ENV]))) {
    process.env[CAPABILITIES_ENV] = [process.env[CAPABILITIES_ENV], 'clock=on'].filter(Boolean).join(',');
  }
}
