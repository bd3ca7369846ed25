export * from './bsatn.js';
export * from './module-def.js';
export * from './module-def-bsatn.js';
export * from './named.js';
export * from './types.js';
export * from './typespace.js';
