import { inject } from 'vitest';
import { IN_PROCESS_URLS_ENV } from './target.js';

// Runs in each worker before its test files: hands the in-process server's URLs (one per API),
// which the global setup provided to this project, to `getTarget()`. Per project, since each
// engine has its own server.
const urls = inject('dbwireInProcessUrls');
if (urls) process.env[IN_PROCESS_URLS_ENV] = JSON.stringify(urls);
