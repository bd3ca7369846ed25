import type { JsonValue } from '@dbwire/json';
import { BsatnError, BsatnReader, BsatnWriter, readValue, SatsValueError, writeValue } from './bsatn.js';
import { bytesToHex, fromJson } from './json.js';
import type { RawModuleDefV9 } from './module-def.js';
import { fromNamedObject, toNamedObject } from './named.js';
import { type AlgebraicType, PRIMITIVE_TAGS, type Typespace } from './types.js';

/**
 * RawModuleDef v9 to and from BSATN. The definition's layout is written down once, as SATS types
 * (the "meta-types" below), and the generic value codec does the bytes; named.ts maps between the
 * positional values and the objects of module-def.ts.
 *
 * Layout facts, checked against clockworklabs/SpacetimeDB master (fb7282411):
 * - crates/lib/src/lib.rs `RawModuleDef` variants: V8BackCompat = 0, V9 = 1, V10 = 2.
 * - crates/lib/src/db/raw_def/v9.rs, field order of every struct as in module-def.ts;
 *   `TableType` is System = 0, User = 1 (System first!); `TableAccess` Public = 0, Private = 1;
 *   `RawIndexAlgorithm` BTree = 0, Hash = 1, Direct = 2; `RawConstraintDataV9` Unique = 0;
 *   `Lifecycle` Init = 0, OnConnect = 1, OnDisconnect = 2;
 *   `RawMiscModuleExportV9` ColumnDefaultValue = 0 {table, col_id, value: bytes}, Procedure = 1
 *   {name, params, return_type}, View = 2 {name, index: u32, is_public, is_anonymous, params, return_type}.
 * - `ColList` is serialized as an array of `ColId`, and `ColId` as u16 (crates/sats/src/ser/impls.rs).
 * - `AlgebraicTypeRef` is a u32; `RawIdentifier` a string; `Option` is the sum some = 0 / none = 1.
 * - `AlgebraicType` variants Ref = 0 ... F64 = 19 (crates/sats/src/algebraic_type.rs); its `Array`
 *   payload is the element type itself (`ArrayType` serializes only `elem_ty`); `SumType` is
 *   `{variants}`, `ProductType` `{elements}`, both elements `{name: Option<String>, algebraic_type}`.
 * - `Typespace` is `{types: Vec<AlgebraicType>}`.
 */

const unit: AlgebraicType = { Product: { elements: [] } };
const STRING: AlgebraicType = { String: [] };
const BOOL: AlgebraicType = { Bool: [] };
const U16: AlgebraicType = { U16: [] };
const U32: AlgebraicType = { U32: [] };
const I128: AlgebraicType = { I128: [] };
const BYTES: AlgebraicType = { Array: { U8: [] } };

function product(fields: [string, AlgebraicType][]): AlgebraicType {
  return { Product: { elements: fields.map(([name, type]) => ({ name: { some: name }, algebraic_type: type })) } };
}

function sum(variants: [string, AlgebraicType][]): AlgebraicType {
  return { Sum: { variants: variants.map(([name, type]) => ({ name: { some: name }, algebraic_type: type })) } };
}

function option(type: AlgebraicType): AlgebraicType {
  return sum([
    ['some', type],
    ['none', unit],
  ]);
}

const array = (type: AlgebraicType): AlgebraicType => ({ Array: type });

// The recursive meta-types live in a typespace, referred to by index.
const ALGEBRAIC_TYPE_REF: AlgebraicType = { Ref: 0 };
const SUM_TYPE_REF: AlgebraicType = { Ref: 1 };
const PRODUCT_TYPE_REF: AlgebraicType = { Ref: 2 };

const member = product([
  ['name', option(STRING)],
  ['algebraic_type', ALGEBRAIC_TYPE_REF],
]);

/** The typespace of the module-definition meta-types: 0 AlgebraicType, 1 SumType, 2 ProductType. */
export const META_TYPESPACE: Typespace = {
  types: [
    sum([
      ['Ref', U32],
      ['Sum', SUM_TYPE_REF],
      ['Product', PRODUCT_TYPE_REF],
      ['Array', ALGEBRAIC_TYPE_REF],
      ...PRIMITIVE_TAGS.map((name): [string, AlgebraicType] => [name, unit]),
    ]),
    product([['variants', array(member)]]),
    product([['elements', array(member)]]),
  ],
};

/** The meta-type of `AlgebraicType` (resolve through `META_TYPESPACE`). */
export const ALGEBRAIC_TYPE_META_TYPE: AlgebraicType = ALGEBRAIC_TYPE_REF;

const columns = array(U16);

const rawTableDef = product([
  ['name', STRING],
  ['product_type_ref', U32],
  ['primary_key', columns],
  [
    'indexes',
    array(
      product([
        ['name', option(STRING)],
        ['accessor_name', option(STRING)],
        [
          'algorithm',
          sum([
            ['BTree', product([['columns', columns]])],
            ['Hash', product([['columns', columns]])],
            ['Direct', product([['column', U16]])],
          ]),
        ],
      ]),
    ),
  ],
  [
    'constraints',
    array(
      product([
        ['name', option(STRING)],
        ['data', sum([['Unique', product([['columns', columns]])]])],
      ]),
    ),
  ],
  [
    'sequences',
    array(
      product([
        ['name', option(STRING)],
        ['column', U16],
        ['start', option(I128)],
        ['min_value', option(I128)],
        ['max_value', option(I128)],
        ['increment', I128],
      ]),
    ),
  ],
  [
    'schedule',
    option(
      product([
        ['name', option(STRING)],
        ['reducer_name', STRING],
        ['scheduled_at_column', U16],
      ]),
    ),
  ],
  [
    'table_type',
    sum([
      ['System', unit],
      ['User', unit],
    ]),
  ],
  [
    'table_access',
    sum([
      ['Public', unit],
      ['Private', unit],
    ]),
  ],
]);

const rawReducerDef = product([
  ['name', STRING],
  ['params', PRODUCT_TYPE_REF],
  [
    'lifecycle',
    option(
      sum([
        ['Init', unit],
        ['OnConnect', unit],
        ['OnDisconnect', unit],
      ]),
    ),
  ],
]);

const rawTypeDef = product([
  [
    'name',
    product([
      ['scope', array(STRING)],
      ['name', STRING],
    ]),
  ],
  ['ty', U32],
  ['custom_ordering', BOOL],
]);

const rawMiscModuleExport = sum([
  [
    'ColumnDefaultValue',
    product([
      ['table', STRING],
      ['col_id', U16],
      ['value', BYTES],
    ]),
  ],
  [
    'Procedure',
    product([
      ['name', STRING],
      ['params', PRODUCT_TYPE_REF],
      ['return_type', ALGEBRAIC_TYPE_REF],
    ]),
  ],
  [
    'View',
    product([
      ['name', STRING],
      ['index', U32],
      ['is_public', BOOL],
      ['is_anonymous', BOOL],
      ['params', PRODUCT_TYPE_REF],
      ['return_type', ALGEBRAIC_TYPE_REF],
    ]),
  ],
]);

/** The SATS type of `RawModuleDefV9` (resolve through `META_TYPESPACE`). */
export const RAW_MODULE_DEF_V9_TYPE: AlgebraicType = product([
  ['typespace', product([['types', array(ALGEBRAIC_TYPE_REF)]])],
  ['tables', array(rawTableDef)],
  ['reducers', array(rawReducerDef)],
  ['types', array(rawTypeDef)],
  ['misc_exports', array(rawMiscModuleExport)],
  ['row_level_security', array(product([['sql', STRING]]))],
]);

/** `RawModuleDef` tags (crates/lib/src/lib.rs). */
const RAW_MODULE_DEF_VERSIONS = ['V8BackCompat', 'V9', 'V10'] as const;
const V9_TAG = 1;

/** Thrown when bytes are not a RawModuleDef v9 (another version, or invalid BSATN). */
export class ModuleDefError extends Error {
  override name = 'ModuleDefError';
}

/** The BSATN `RawModuleDef::V9(def)` a module's `__describe_module__` writes. */
export function encodeModuleDef(def: RawModuleDefV9): Uint8Array {
  let value: ReturnType<typeof fromNamedObject>;
  try {
    value = fromNamedObject(RAW_MODULE_DEF_V9_TYPE, def, META_TYPESPACE);
  } catch (error) {
    if (error instanceof SatsValueError) throw new ModuleDefError(`invalid module definition: ${error.message}`);
    throw error;
  }
  const writer = new BsatnWriter(256);
  writer.writeU8(V9_TAG);
  try {
    writeValue(writer, RAW_MODULE_DEF_V9_TYPE, value, META_TYPESPACE);
  } catch (error) {
    if (error instanceof SatsValueError) throw new ModuleDefError(`invalid module definition: ${error.message}`);
    throw error;
  }
  return writer.finish();
}

/** Decodes a BSATN `RawModuleDef`; only `V9` is supported (V8BackCompat and V10 are refused with a `ModuleDefError`). */
export function decodeModuleDef(bytes: Uint8Array): RawModuleDefV9 {
  const reader = new BsatnReader(bytes);
  try {
    const tag = reader.readU8();
    if (tag !== V9_TAG) {
      const version = RAW_MODULE_DEF_VERSIONS[tag];
      throw new ModuleDefError(
        version === undefined
          ? `unknown RawModuleDef version tag ${tag}`
          : `the module describes itself as RawModuleDef ${version}; only V9 is supported`,
      );
    }
    const value = readValue(reader, RAW_MODULE_DEF_V9_TYPE, META_TYPESPACE);
    if (reader.remaining !== 0)
      throw new BsatnError(`${reader.remaining} unexpected trailing bytes after the module definition`);
    return toNamedObject(RAW_MODULE_DEF_V9_TYPE, value, META_TYPESPACE) as RawModuleDefV9;
  } catch (error) {
    if (error instanceof BsatnError) throw new ModuleDefError(`invalid module definition: ${error.message}`);
    throw error;
  }
}

/**
 * The SATS-JSON of a definition, exactly as `/schema?version=9` serves it (i128 values as `bigint`,
 * so write it with `stringifyJson`; `ColumnDefaultValue` bytes as hex).
 */
export function moduleDefToJson(def: RawModuleDefV9): JsonValue {
  // Checked and normalised through the layout first; the named form is already the JSON shape
  // (units `[]`, as serde writes Rust's `()`), except for bytes.
  const value = fromNamedObject(RAW_MODULE_DEF_V9_TYPE, def, META_TYPESPACE);
  return bytesAsHex(toNamedObject(RAW_MODULE_DEF_V9_TYPE, value, META_TYPESPACE));
}

function bytesAsHex(value: unknown): JsonValue {
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(bytesAsHex);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, bytesAsHex(member)]));
  }
  return value as JsonValue;
}

/** A definition from its SATS-JSON (the `/schema?version=9` form), checked against the v9 layout. Throws `SatsJsonError`. */
export function moduleDefFromJson(json: unknown): RawModuleDefV9 {
  return toNamedObject(
    RAW_MODULE_DEF_V9_TYPE,
    fromJson(RAW_MODULE_DEF_V9_TYPE, json, META_TYPESPACE),
    META_TYPESPACE,
  ) as RawModuleDefV9;
}
