export * from './datastore/types.js';
export * from './host/types.js';
