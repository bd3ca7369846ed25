export { serveMain } from './cli.js';
export { ENGINES, type EngineName, type EngineOptions, openEngine } from './engines.js';
export { buildIcebergApp, type IcebergAppOptions } from './iceberg/app.js';
export { API_PORTS, type ApiId, type RunningServer, type ServeOptions, startReferenceServer } from './server.js';
export { buildSpacetimedbApp, type SpacetimedbAppOptions } from './spacetimedb/app.js';
export { buildTypeDBApp, type TypeDBAppOptions } from './typedb/app.js';
export { buildVolumesApp, type VolumesAppOptions } from './volumes/app.js';
export { buildWriteDaemonApp, type WriteDaemonAppOptions } from './write-daemon/app.js';
