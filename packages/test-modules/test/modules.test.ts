import { readFile } from 'node:fs/promises';
import { decodeModuleDef } from '@dbwire/spacetimedb-sats';
import { expect, describe as group, it } from 'vitest';
import {
  invalidModuleDef,
  invalidModules,
  loadTestModule,
  MESSAGES,
  reducerId,
  TEST_MODULE_NAMES,
  testModuleDef,
} from '../src/spacetimedb/index.js';
import { callWithoutArgs, describe, instantiateWithStubHost } from './stub-host.js';

const SPACETIME_IMPORT_MODULE = /^spacetime_10\.\d+$/;

function exportKinds(module: WebAssembly.Module): Record<string, string> {
  return Object.fromEntries(WebAssembly.Module.exports(module).map(({ name, kind }) => [name, kind]));
}

group.each(TEST_MODULE_NAMES)('test module %s', (name) => {
  it('compiles and imports only spacetime_10.x functions', async () => {
    const module = await WebAssembly.compile(await loadTestModule(name));
    const imports = WebAssembly.Module.imports(module);
    expect(imports.length).toBeGreaterThan(0);
    for (const entry of imports) {
      expect(entry.module).toMatch(SPACETIME_IMPORT_MODULE);
      expect(entry.kind).toBe('function');
    }
  });

  it('exports memory, __describe_module__ and __call_reducer__', async () => {
    const exports = exportKinds(await WebAssembly.compile(await loadTestModule(name)));
    expect(exports).toMatchObject({
      memory: 'memory',
      __describe_module__: 'function',
      __call_reducer__: 'function',
    });
  });

  it('describes itself with testModuleDef', async () => {
    const written = await describe(await loadTestModule(name));
    expect(decodeModuleDef(written)).toEqual(testModuleDef(name));
  });

  it('answers an unknown reducer id with an error', async () => {
    const host = await instantiateWithStubHost(await loadTestModule(name));
    const unknownId = testModuleDef(name).reducers.length;
    expect(callWithoutArgs(host, unknownId)).toEqual({ result: 1, error: MESSAGES.noSuchReducer });
  });

  it('hands out copies of its bytes', async () => {
    const first = await loadTestModule(name);
    first.fill(0);
    expect(WebAssembly.validate(await loadTestModule(name))).toBe(true);
  });
});

group('quickstart', () => {
  it('is the module of the /schema?version=9 example in the SpacetimeDB HTTP docs', async () => {
    const example = JSON.parse(
      await readFile(new URL('./fixtures/quickstart-schema-v9.json', import.meta.url), 'utf8'),
    );
    expect(testModuleDef('quickstart')).toEqual(example);
    expect(decodeModuleDef(await describe(await loadTestModule('quickstart')))).toEqual(example);
  });

  it('numbers its reducers in definition order', () => {
    expect(reducerId('quickstart', 'add')).toBe(0);
    expect(reducerId('quickstart', 'say_hello')).toBe(4);
    expect(() => reducerId('quickstart', 'nope')).toThrow(/no reducer nope/);
  });

  it('does nothing in its lifecycle reducers', async () => {
    const host = await instantiateWithStubHost(await loadTestModule('quickstart'));
    for (const reducer of ['identity_connected', 'identity_disconnected', 'init']) {
      expect(callWithoutArgs(host, reducerId('quickstart', reducer))).toEqual({ result: 0, error: '' });
    }
    expect(host.logs).toEqual([]);
  });
});

group('invalid modules', () => {
  it('notWasm is not WebAssembly', async () => {
    const { notWasm } = await invalidModules();
    expect(notWasm.length).toBeGreaterThan(0);
    expect(WebAssembly.validate(notWasm)).toBe(false);
  });

  it('missingCallReducer is valid WebAssembly that describes itself but lacks __call_reducer__', async () => {
    const { missingCallReducer } = await invalidModules();
    const exports = exportKinds(await WebAssembly.compile(missingCallReducer));
    expect(exports).toMatchObject({ memory: 'memory', __describe_module__: 'function' });
    expect(exports).not.toHaveProperty('__call_reducer__');
    expect(decodeModuleDef(await describe(missingCallReducer))).toEqual(invalidModuleDef('missingCallReducer'));
  });

  it('unknownImport imports spacetime_10.0.no_such_call and is otherwise complete', async () => {
    const { unknownImport } = await invalidModules();
    const module = await WebAssembly.compile(unknownImport);
    expect(WebAssembly.Module.imports(module)).toContainEqual({
      module: 'spacetime_10.0',
      name: 'no_such_call',
      kind: 'function',
    });
    expect(exportKinds(module)).toMatchObject({ __describe_module__: 'function', __call_reducer__: 'function' });
  });

  it('initFails describes an init reducer that fails with "init failed"', async () => {
    const { initFails } = await invalidModules();
    expect(decodeModuleDef(await describe(initFails))).toEqual(invalidModuleDef('initFails'));
    const host = await instantiateWithStubHost(initFails);
    expect(callWithoutArgs(host, 0)).toEqual({ result: 1, error: MESSAGES.initFailed });
  });
});
