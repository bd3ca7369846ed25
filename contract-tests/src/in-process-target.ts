import { inject } from 'vitest';
import { IN_PROCESS_URL_ENV } from './target.js';

// Runs in each worker before its test files: hands the in-process server's URL, which the global
// setup provided to this project, to `getTarget()`. Per project, since each engine has its own.
const url = inject('dbwireInProcessUrl');
if (url) process.env[IN_PROCESS_URL_ENV] = url;
