export * from './module-def.js';
export * from './types.js';
