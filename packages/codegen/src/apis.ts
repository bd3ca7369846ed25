import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ApiEntry {
  /** The API's id: its spec is `specs/<id>.yaml`; its code sits in a `<id>/` folder of each package. */
  id: string;
  /** PascalCase stem for generated names (`TypedbHandlers`). */
  typeName: string;
}

/** Every API the pipeline generates code for. */
export const apis: ApiEntry[] = [
  { id: 'typedb', typeName: 'Typedb' },
  { id: 'write-daemon', typeName: 'WriteDaemon' },
  { id: 'iceberg', typeName: 'Iceberg' },
];
