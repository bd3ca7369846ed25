import type { AlgebraicType, Option, ProductType, Typespace } from './types.js';

/**
 * RawModuleDef v9, the module definition a module's `__describe_module__` writes (in BSATN,
 * wrapped in the `RawModuleDef` sum with tag 1 = V9) and `/schema?version=9` serves (in SATS-JSON,
 * which is exactly these objects: sums as `{"Variant": value}`, options as `{"some"}`/`{"none"}`).
 * Field order is BSATN order.
 */
export interface RawModuleDefV9 {
  typespace: Typespace;
  tables: RawTableDefV9[];
  reducers: RawReducerDefV9[];
  types: RawTypeDefV9[];
  misc_exports: RawMiscModuleExportV9[];
  row_level_security: RawRowLevelSecurityDefV9[];
}

export interface RawTableDefV9 {
  name: string;
  /** Index into `typespace.types` of the row's product type. */
  product_type_ref: number;
  /** Column positions (u16). */
  primary_key: number[];
  indexes: RawIndexDefV9[];
  constraints: RawConstraintDefV9[];
  sequences: RawSequenceDefV9[];
  schedule: Option<RawScheduleDefV9>;
  /** BSATN tags: System = 0, User = 1 (System comes first in the Rust enum). */
  table_type: { User: [] } | { System: [] };
  /** BSATN tags: Public = 0, Private = 1. */
  table_access: { Public: [] } | { Private: [] };
}

export interface RawIndexDefV9 {
  name: Option<string>;
  accessor_name: Option<string>;
  algorithm: RawIndexAlgorithm;
}

export type RawIndexAlgorithm =
  | { BTree: { columns: number[] } }
  | { Hash: { columns: number[] } }
  | { Direct: { column: number } };

export interface RawConstraintDefV9 {
  name: Option<string>;
  data: { Unique: { columns: number[] } };
}

/** `start`, `min_value`, `max_value` and `increment` are i128. */
export interface RawSequenceDefV9 {
  name: Option<string>;
  column: number;
  start: Option<bigint>;
  min_value: Option<bigint>;
  max_value: Option<bigint>;
  increment: bigint;
}

export interface RawScheduleDefV9 {
  name: Option<string>;
  reducer_name: string;
  scheduled_at_column: number;
}

export type Lifecycle = { Init: [] } | { OnConnect: [] } | { OnDisconnect: [] };

export interface RawReducerDefV9 {
  name: string;
  params: ProductType;
  lifecycle: Option<Lifecycle>;
}

export interface RawTypeDefV9 {
  name: { scope: string[]; name: string };
  ty: number;
  custom_ordering: boolean;
}

/**
 * Kept as decoded; dbwire hosts read none of them. The variants (BSATN tags in order) are
 * `{ColumnDefaultValue: RawColumnDefaultValueV9}` (0), `{Procedure: RawProcedureDefV9}` (1) and
 * `{View: RawViewDefV9}` (2); the type stays open so code written against it keeps compiling.
 */
export type RawMiscModuleExportV9 = { [variant: string]: unknown };

export interface RawColumnDefaultValueV9 {
  table: string;
  col_id: number;
  /** The default value's BSATN. */
  value: Uint8Array;
}

export interface RawProcedureDefV9 {
  name: string;
  params: ProductType;
  return_type: AlgebraicType;
}

export interface RawViewDefV9 {
  name: string;
  /** u32 */
  index: number;
  is_public: boolean;
  is_anonymous: boolean;
  params: ProductType;
  return_type: AlgebraicType;
}

export interface RawRowLevelSecurityDefV9 {
  sql: string;
}

/** Only for `AlgebraicType` references in the definition; re-exported for convenience. */
export type { AlgebraicType };
