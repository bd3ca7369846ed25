import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ApiEntry {
  /** The API's id: its spec is `specs/<id>.yaml`; its code sits in a `<id>/` folder of each package. */
  id: string;
  /** PascalCase stem for generated names (`TypedbHandlers`). */
  typeName: string;
  /**
   * How the SDK types `integer` fields of `format: int64`. `'number'` (the default) suits APIs whose
   * int64 values stay below 2^53. `'number-or-bigint'` is for APIs whose SDK parses responses with
   * `parseJson` from `@dbwire/json` (Iceberg snapshot ids are random 63-bit integers): such a field
   * holds a `number` when it fits a double exactly and a `bigint` when it does not, and a request may
   * carry either.
   */
  int64?: 'number' | 'number-or-bigint';
}

/** Every API the pipeline generates code for. */
export const apis: ApiEntry[] = [
  { id: 'typedb', typeName: 'Typedb' },
  { id: 'write-daemon', typeName: 'WriteDaemon' },
  { id: 'iceberg', typeName: 'Iceberg', int64: 'number-or-bigint' },
  { id: 'volumes', typeName: 'Volumes' },
  { id: 'spacetimedb', typeName: 'Spacetimedb' },
];
