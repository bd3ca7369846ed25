// A stateful msw mock of the TypeDB 3.x HTTP API: `@dbwire/mocks/typedb`.

export type { TypeDBCaller } from '@dbwire/reference/typedb';
export { createTypeDBMock, DEFAULT_BASE_URL, type TypeDBMock, type TypeDBMockOptions } from './mock.js';
export type { TypeDBMockReferenceOptions } from './state.js';
