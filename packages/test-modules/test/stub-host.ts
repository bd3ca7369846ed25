/**
 * A few lines of host for tests that need no datastore: every import throws, except
 * `bytes_sink_write` (collects what is written, per sink id), `console_log` (collects messages)
 * and the imports a test supplies itself (`extra`, given the module's memory).
 */
export interface StubHost {
  instance: WebAssembly.Instance;
  sinks: Map<number, number[]>;
  logs: string[];
  /** The bytes written to one sink. */
  written(sink: number): Uint8Array;
}

/** Host imports a test adds, by import name; `memory` reads the module's memory at call time. */
export type ExtraImports = (memory: () => DataView) => Record<string, (...args: number[]) => number | undefined>;

export async function instantiateWithStubHost(
  bytes: Uint8Array<ArrayBuffer>,
  extra: ExtraImports = () => ({}),
): Promise<StubHost> {
  const module = await WebAssembly.compile(bytes);
  const sinks = new Map<number, number[]>();
  const logs: string[] = [];
  let memory: WebAssembly.Memory | undefined;
  const view = () => {
    if (memory === undefined) throw new Error('memory not exported yet');
    return new DataView(memory.buffer);
  };
  const overrides: Record<string, (...args: number[]) => number | undefined> = {
    ...extra(view),
    bytes_sink_write(sink, pointer, lengthPointer) {
      const length = view().getUint32(lengthPointer, true);
      const target = sinks.get(sink) ?? [];
      target.push(...new Uint8Array(view().buffer, pointer, length));
      sinks.set(sink, target);
      return 0;
    },
    console_log(_level, _target, _targetLength, _file, _fileLength, _line, message, messageLength) {
      logs.push(new TextDecoder().decode(new Uint8Array(view().buffer, message, messageLength)));
      return undefined;
    },
  };
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const { module: namespace, name } of WebAssembly.Module.imports(module)) {
    imports[namespace] ??= {};
    imports[namespace][name] =
      overrides[name] ??
      (() => {
        throw new Error(`unexpected host call ${namespace}.${name}`);
      });
  }
  const instance = await WebAssembly.instantiate(module, imports);
  memory = instance.exports.memory as WebAssembly.Memory;
  return { instance, sinks, logs, written: (sink) => Uint8Array.from(sinks.get(sink) ?? []) };
}

/** `__describe_module__` into sink 1; returns the bytes. */
export async function describe(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const host = await instantiateWithStubHost(bytes);
  (host.instance.exports.__describe_module__ as (sink: number) => void)(1);
  return host.written(1);
}

/**
 * `__call_reducer__` with no arguments (source 0) and error sink 2, as `sender` (a u256, passed as
 * four u64 limbs, least significant first, as hosts do); returns its result and the error text.
 */
export function callWithoutArgs(host: StubHost, reducerId: number, sender = 0n): { result: number; error: string } {
  const call = host.instance.exports.__call_reducer__ as (...args: (number | bigint)[]) => number;
  const limbs = [0, 1, 2, 3].map((limb) => BigInt.asIntN(64, sender >> BigInt(64 * limb)));
  host.sinks.delete(2);
  const result = call(reducerId, ...limbs, 0n, 0n, 0n, 0, 2);
  return { result, error: new TextDecoder().decode(host.written(2)) };
}
