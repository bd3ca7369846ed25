/**
 * The child process of the volumes benchmark: the reference server's volumes store on the storage
 * engine the parent chose (child.ts `serveEngineChild`). The store runs with its defaults: the
 * development token `dev-token` (organization `dev-org`, workspace `dev-workspace`) and the
 * built-in hashing embedder.
 */
import { serveEngineChild } from './child.js';

serveEngineChild('volumes');
