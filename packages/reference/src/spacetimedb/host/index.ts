export { compileModule } from './compile.js';
export { Errno } from './errno.js';
export { FATAL_ERROR_MESSAGE } from './instance.js';
export * from './types.js';
