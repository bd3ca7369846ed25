/**
 * The signatures of a module's exported functions, read from its binary (the JS API does not
 * expose them), so the host can check the exports it calls as the real host does
 * (wasm_common.rs, `FuncNames::check_required` / `update_from_general`).
 */

/** A function type as WAT writes it, for messages: `(func (param i32) (result i32))`. */
export interface FunctionSignature {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

const VALUE_TYPES: Readonly<Record<number, string>> = {
  127: 'i32',
  126: 'i64',
  125: 'f32',
  124: 'f64',
  123: 'v128',
  112: 'funcref',
  111: 'externref',
};

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const value = this.bytes[this.offset++];
    if (value === undefined) throw new RangeError('unexpected end of module');
    return value;
  }

  /** An unsigned LEB128 number (up to 2^53, enough for every count and index here). */
  leb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  skip(count: number): void {
    this.offset += count;
  }

  name(): string {
    const length = this.leb();
    const start = this.offset;
    this.skip(length);
    return new TextDecoder().decode(this.bytes.subarray(start, start + length));
  }

  limits(): void {
    const flags = this.byte();
    this.leb();
    if (flags & 1) this.leb();
  }
}

/**
 * The signature of every exported function, by export name; undefined when the binary uses an
 * encoding this reader does not know (GC type groups, ...), in which case nothing is checked.
 * Call it on bytes `WebAssembly.compile` accepted.
 */
export function exportedSignatures(bytes: Uint8Array): Map<string, FunctionSignature> | undefined {
  try {
    return readSignatures(bytes);
  } catch {
    return undefined;
  }
}

function readSignatures(bytes: Uint8Array): Map<string, FunctionSignature> | undefined {
  const reader = new Reader(bytes);
  reader.skip(8); // magic and version
  const types: FunctionSignature[] = [];
  const functionTypes: number[] = [];
  const exports = new Map<string, FunctionSignature>();
  while (reader.offset < bytes.length) {
    const id = reader.byte();
    const size = reader.leb();
    const end = reader.offset + size;
    if (id === 1) {
      for (let count = reader.leb(); count > 0; count--) {
        if (reader.byte() !== 0x60) return undefined;
        const params = valueTypes(reader);
        const results = valueTypes(reader);
        if (params === undefined || results === undefined) return undefined;
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let count = reader.leb(); count > 0; count--) {
        reader.name();
        reader.name();
        const kind = reader.byte();
        if (kind === 0) functionTypes.push(reader.leb());
        else if (kind === 1) {
          reader.byte();
          reader.limits();
        } else if (kind === 2) reader.limits();
        else if (kind === 3) reader.skip(2);
        else return undefined;
      }
    } else if (id === 3) {
      for (let count = reader.leb(); count > 0; count--) functionTypes.push(reader.leb());
    } else if (id === 7) {
      for (let count = reader.leb(); count > 0; count--) {
        const name = reader.name();
        const kind = reader.byte();
        const index = reader.leb();
        const signature = kind === 0 ? types[functionTypes[index] ?? -1] : undefined;
        if (signature !== undefined) exports.set(name, signature);
      }
    }
    reader.offset = end;
  }
  return exports;
}

function valueTypes(reader: Reader): string[] | undefined {
  const list: string[] = [];
  for (let count = reader.leb(); count > 0; count--) {
    const type = VALUE_TYPES[reader.byte()];
    if (type === undefined) return undefined;
    list.push(type);
  }
  return list;
}

export function formatSignature({ params, results }: FunctionSignature): string {
  const parts = ['func'];
  if (params.length > 0) parts.push(`(param ${params.join(' ')})`);
  if (results.length > 0) parts.push(`(result ${results.join(' ')})`);
  return `(${parts.join(' ')})`;
}

function sameSignature(a: FunctionSignature, b: FunctionSignature): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((type, i) => type === y[i]);
  return same(a.params, b.params) && same(a.results, b.results);
}

const CALL_REDUCER: FunctionSignature = {
  params: ['i32', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i32', 'i32'],
  results: ['i32'],
};
const DESCRIBE_MODULE: FunctionSignature = { params: ['i32'], results: [] };
const PREINIT: FunctionSignature = { params: [], results: [] };
const SETUP: FunctionSignature = { params: ['i32'], results: ['i32'] };

/** Exports the host calls whose signature is not the one it calls them with, in the real host's words. */
export function signatureProblems(signatures: ReadonlyMap<string, FunctionSignature>): string[] {
  const problems: string[] = [];
  const check = (kind: string, name: string, expected: FunctionSignature) => {
    const actual = signatures.get(name);
    if (actual !== undefined && !sameSignature(actual, expected)) {
      problems.push(
        `bad ${kind} signature for ${JSON.stringify(name)}; expected ${formatSignature(expected)} got ${formatSignature(actual)}`,
      );
    }
  };
  check('call_reducer', '__call_reducer__', CALL_REDUCER);
  check('describe_module', '__describe_module__', DESCRIBE_MODULE);
  check('setup', '__setup__', SETUP);
  for (const name of signatures.keys()) if (name.startsWith('__preinit__')) check('preinit', name, PREINIT);
  return problems;
}
