// A stateful msw mock of the Apache Iceberg REST catalog: `@dbwire/mocks/iceberg`.

export type { IcebergCaller } from '@dbwire/reference/iceberg';
export {
  createIcebergMock,
  DEFAULT_BASE_URL,
  type IcebergMock,
  type IcebergMockOptions,
  type IcebergMockReferenceOptions,
} from './mock.js';
