/**
 * The child process of the write-daemon benchmark: the reference server's write daemon on the
 * storage engine the parent chose (child.ts `serveEngineChild`). Quotas are off (a benchmark is not
 * a tenant to rate-limit); the development token `dev-token` is accepted.
 */
import { serveEngineChild } from './child.js';

serveEngineChild('write-daemon', { writeDaemon: { quota: false } });
