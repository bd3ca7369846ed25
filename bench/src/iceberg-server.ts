/**
 * The child process of the Iceberg benchmark: the reference server's Iceberg REST catalog on the
 * storage engine the parent chose (child.ts `serveEngineChild`). BENCH_CHILD_WAREHOUSE is where new
 * tables go (metadata files are written only when it is a `file:` location). The development token
 * `dev-token` is accepted.
 */
import { serveEngineChild } from './child.js';

serveEngineChild('iceberg', { iceberg: { warehouse: process.env.BENCH_CHILD_WAREHOUSE } });
