import { readFile } from 'node:fs/promises';
import { encodeModuleDef, type RawModuleDefV9 } from '@dbwire/spacetimedb-sats';

/**
 * Turns a test module's WAT source into WebAssembly bytes:
 * 1. `;; @include <file>` lines are replaced by that file (paths relative to this folder; the
 *    shared ABI imports and runtime live in lib/);
 * 2. `{{MODULE_DEF_BYTES}}` and `{{MODULE_DEF_LENGTH}}` become the BSATN of the module's
 *    definition (as a WAT data string) and its length;
 * 3. wabt compiles the text.
 * The `.wat` files sit next to this file (the build copies them into dist).
 */

const SOURCE_FOLDER = new URL('./', import.meta.url);
const INCLUDE_LINE = /^[ \t]*;; @include (\S+)[ \t]*$/gm;

/** lib/runtime.wat reserves 0x20000-0x2FFFF for the definition. */
const MODULE_DEF_CAPACITY = 0x10000;

/** A `.wat` file with its includes expanded (one level: included files include nothing). */
export async function expandedWat(file: string): Promise<string> {
  const text = await readSource(file);
  const includes = [...text.matchAll(INCLUDE_LINE)].map((match) => match[1] ?? '');
  const included = new Map(await Promise.all(includes.map(async (name) => [name, await readSource(name)] as const)));
  return text.replace(INCLUDE_LINE, (_line, name: string) => included.get(name) ?? '');
}

/** Puts the module definition's BSATN into the placeholders of a WAT text. */
export function withModuleDef(text: string, def: RawModuleDefV9): string {
  const bytes = encodeModuleDef(def);
  if (bytes.length > MODULE_DEF_CAPACITY) {
    throw new Error(
      `module definition of ${bytes.length} bytes exceeds the ${MODULE_DEF_CAPACITY} bytes reserved for it`,
    );
  }
  const filled = text
    .replaceAll('{{MODULE_DEF_BYTES}}', watDataString(bytes))
    .replaceAll('{{MODULE_DEF_LENGTH}}', String(bytes.length));
  const leftover = /\{\{[A-Z_]+\}\}/.exec(filled);
  if (leftover) throw new Error(`unknown placeholder ${leftover[0]} in WAT text`);
  return filled;
}

/** Compiles a test module's `.wat` file, with `def` as what its `__describe_module__` writes. */
export async function compileWatModule(file: string, def: RawModuleDefV9): Promise<Uint8Array<ArrayBuffer>> {
  const text = withModuleDef(await expandedWat(file), def);
  const wabt = await loadWabt();
  const module = wabt.parseWat(file, text);
  try {
    module.validate();
    // A copy: the bytes wabt hands back are a view of its own heap.
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** Every byte as a `\hh` escape, the body of a WAT data string. */
function watDataString(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += `\\${byte.toString(16).padStart(2, '0')}`;
  return text;
}

async function readSource(file: string): Promise<string> {
  return readFile(new URL(file, SOURCE_FOLDER), 'utf8');
}

type Wabt = Awaited<ReturnType<typeof import('wabt')>>;
let wabtInstance: Promise<Wabt> | undefined;

/** wabt is a sizeable Emscripten module: loaded once, on first use. */
function loadWabt(): Promise<Wabt> {
  wabtInstance ??= import('wabt').then((wabt) => wabt.default());
  return wabtInstance;
}
