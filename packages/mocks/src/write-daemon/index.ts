// A stateful msw mock of Asset Core's write daemon (`/v1/write`): `@dbwire/mocks/write-daemon`.

export type { WriteDaemonCaller } from '@dbwire/reference/write-daemon';
export {
  createWriteDaemonMock,
  DEFAULT_BASE_URL,
  type WriteDaemonMock,
  type WriteDaemonMockOptions,
  type WriteDaemonMockReferenceOptions,
} from './mock.js';
