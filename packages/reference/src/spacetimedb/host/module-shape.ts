import { PROVIDED_IMPORTS } from './imports.js';

const PROVIDED: Readonly<Record<string, readonly string[] | undefined>> = PROVIDED_IMPORTS;

/** The ABI version this host implements (the real host's `IMPLEMENTED_ABI`). */
export const IMPLEMENTED_ABI = { major: 10, minor: 5 } as const;

const ABI_MODULE_PREFIX = 'spacetime_';
const PROCEDURES_MODULE = 'spacetime_10.3';

/**
 * Why a compiled module's imports cannot be satisfied; empty when they can. As in the real host
 * (wasm_common/abi.rs), the ABI is read from the `spacetime_X.Y` import modules: one major version
 * for all, at most the implemented minor; each function must be one that version provides.
 */
export function importProblems(imports: readonly WebAssembly.ModuleImportDescriptor[]): string[] {
  const problems: string[] = [];
  const majors = new Set<number>();
  let highest: { major: number; minor: number } | undefined;
  const unknown: string[] = [];
  const procedures: string[] = [];
  const wasi: string[] = [];
  for (const { module, name, kind } of imports) {
    const label = `${module}::${name}`;
    if (module.startsWith(ABI_MODULE_PREFIX)) {
      const version = parseVersion(module.slice(ABI_MODULE_PREFIX.length));
      if (version === undefined) {
        problems.push(`import module ${JSON.stringify(module)} has malformed version string`);
        continue;
      }
      majors.add(version.major);
      if (
        highest === undefined ||
        version.major > highest.major ||
        (version.major === highest.major && version.minor > highest.minor)
      ) {
        highest = version;
      }
      if (module === PROCEDURES_MODULE) procedures.push(label);
      else if (kind !== 'function' || !PROVIDED[module]?.includes(name)) unknown.push(`${label} (${kind})`);
    } else if (module.startsWith('wasi')) {
      wasi.push(label);
    } else {
      unknown.push(`${label} (${kind})`);
    }
  }
  if (majors.size > 1) {
    const [first, second] = [...majors];
    problems.push(`module cannot depend on both major version ${first} and major version ${second}`);
  } else if (highest === undefined) {
    problems.push('unable to determine ABI of module: it imports no spacetime_X.Y functions');
  } else if (highest.major !== IMPLEMENTED_ABI.major || highest.minor > IMPLEMENTED_ABI.minor) {
    problems.push(
      `abi version ${highest.major}.${highest.minor} is not supported (host implements ${IMPLEMENTED_ABI.major}.${IMPLEMENTED_ABI.minor})`,
    );
  }
  if (procedures.length > 0) {
    problems.push(`procedures are not supported by this host (spacetime_10.3 imports: ${procedures.join(', ')})`);
  }
  if (wasi.length > 0) {
    problems.push(
      `WASI imports are not supported (modules built for WASI, such as C# modules, cannot be hosted; Rust modules built for wasm32-unknown-unknown can): ${wasi.join(', ')}`,
    );
  }
  if (unknown.length > 0) problems.push(`unknown imports: ${unknown.join(', ')}`);
  return problems;
}

function parseVersion(text: string): { major: number; minor: number } | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** The exports the host calls and checks, with the real host's messages when one is missing. */
export function exportProblems(exports: readonly WebAssembly.ModuleExportDescriptor[]): string[] {
  const kinds = new Map(exports.map((entry) => [entry.name, entry.kind]));
  const problems: string[] = [];
  if (kinds.get('memory') !== 'memory')
    problems.push('there should be a memory export called "memory" but it does not exist');
  for (const name of ['__call_reducer__', '__describe_module__']) {
    const kind = kinds.get(name);
    if (kind === undefined)
      problems.push(`there should be a function called ${JSON.stringify(name)} but it does not exist`);
    else if (kind !== 'function')
      problems.push(`expected ${JSON.stringify(name)} export to be a function, but it is a ${kind}`);
  }
  return problems;
}
