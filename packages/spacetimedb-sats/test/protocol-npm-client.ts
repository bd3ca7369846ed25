import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The real `spacetimedb` npm client's own v2 message codec (its generated `ClientMessage` and
 * `ServerMessage` types and its `BinaryWriter`/`BinaryReader`), for byte-for-byte cross-checks.
 * The generated types are not exported by the package, so their TypeScript source is loaded
 * through Vite; it is typed here only as far as the tests use it.
 */

export interface NpmBinaryWriter {
  getBuffer(): Uint8Array;
}
export interface NpmMessageType<T> {
  serialize(writer: NpmBinaryWriter, value: T): void;
  deserialize(reader: unknown): T;
}
/** A sum value as the client holds it: `{ tag: 'Subscribe', value: {...} }`. */
export interface NpmSumValue {
  tag: string;
  value: unknown;
}

export interface NpmClientApi {
  ClientMessage: NpmMessageType<NpmSumValue>;
  ServerMessage: NpmMessageType<NpmSumValue>;
  newWriter(): NpmBinaryWriter;
  newReader(bytes: Uint8Array): unknown;
}

export async function loadNpmClientApi(): Promise<NpmClientApi> {
  const require = createRequire(import.meta.url);
  // `spacetimedb` resolves to <package>/dist/index.cjs; its sources sit beside dist.
  const packageRoot = dirname(dirname(require.resolve('spacetimedb')));
  const source = (path: string) => import(/* @vite-ignore */ pathToFileURL(join(packageRoot, 'src', path)).href);
  const types = await source('sdk/client_api/types.ts');
  // From the sources too: the types check that readers and writers are instances of the same classes.
  const { default: BinaryWriter } = await source('lib/binary_writer.ts');
  const { default: BinaryReader } = await source('lib/binary_reader.ts');
  return {
    ClientMessage: types.ClientMessage,
    ServerMessage: types.ServerMessage,
    newWriter: () => new BinaryWriter(64),
    newReader: (bytes) => new BinaryReader(bytes),
  };
}
