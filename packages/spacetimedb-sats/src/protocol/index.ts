export * from './common.js';
export * from './protocols.js';
export * from './v1.js';
export * from './v2.js';
