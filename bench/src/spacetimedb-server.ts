/**
 * The child process of the SpacetimeDB benchmark: the reference server's SpacetimeDB host on the
 * storage engine the parent chose (child.ts `serveEngineChild`). It has no development token: the
 * parent publishes anonymously and keeps the token the host mints for the owner.
 */
import { serveEngineChild } from './child.js';

serveEngineChild('spacetimedb');
