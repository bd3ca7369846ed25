export * from './codecs.js';
export * from './common.js';
export * from './errors.js';
export * from './framing.js';
export * from './protocols.js';
export * from './row-list.js';
export * from './v1.js';
export * from './v2.js';
