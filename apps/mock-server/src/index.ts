// `dbwire mock <api>`: a Prism mock from the spec, or the stateful mock.

export { isMockApi, MOCK_APIS, type MockApi, specPath } from './apis.js';
export { mockMain } from './cli.js';
export { assertPortFree, freePort, httpUrl } from './ports.js';
export {
  PRISM_LOG_LEVELS,
  type PrismLogLevel,
  type PrismMockOptions,
  prismArgs,
  prismBinPath,
  startPrismMock,
} from './prism.js';
export type { RunningMock } from './running.js';
export { type StatefulMockOptions, startStatefulMock } from './stateful.js';
