import {
  type AlgebraicType,
  IDENTITY_TYPE,
  type Lifecycle,
  type Option,
  type ProductType,
  type RawReducerDefV9,
  type RawTableDefV9,
} from '@dbwire/spacetimedb-sats';

/**
 * Small builders for the module definitions, so each module's `.ts` reads like the Rust
 * declarations it stands for. They build plain `RawModuleDefV9` pieces in their SATS-JSON shape.
 */

export const none: { none: [] } = { none: [] };

export function some<T>(value: T): Option<T> {
  return { some: value };
}

export const STRING: AlgebraicType = { String: [] };
export const U32: AlgebraicType = { U32: [] };
export const U64: AlgebraicType = { U64: [] };
/** SpacetimeDB's Identity, the special product `{ __identity__: U256 }`, inlined as the Rust bindings emit it. */
export const IDENTITY: AlgebraicType = IDENTITY_TYPE;

/** A product type with named elements, e.g. a row type or a reducer's parameters. */
export function product(fields: Record<string, AlgebraicType>): ProductType {
  return {
    elements: Object.entries(fields).map(([name, algebraic_type]) => ({ name: some(name), algebraic_type })),
  };
}

/** A reducer; `lifecycle` for Init / OnConnect / OnDisconnect. */
export function reducer(
  name: string,
  params: Record<string, AlgebraicType> = {},
  lifecycle?: 'Init' | 'OnConnect' | 'OnDisconnect',
): RawReducerDefV9 {
  return {
    name,
    params: product(params),
    lifecycle: lifecycle === undefined ? none : some({ [lifecycle]: [] } as Lifecycle),
  };
}

/** A user table with no keys, indexes or sequences unless given. */
export function table(
  name: string,
  productTypeRef: number,
  access: 'Public' | 'Private',
  parts: Partial<Pick<RawTableDefV9, 'primary_key' | 'indexes' | 'constraints' | 'sequences'>> = {},
): RawTableDefV9 {
  return {
    name,
    product_type_ref: productTypeRef,
    primary_key: parts.primary_key ?? [],
    indexes: parts.indexes ?? [],
    constraints: parts.constraints ?? [],
    sequences: parts.sequences ?? [],
    schedule: none,
    table_type: { User: [] },
    table_access: access === 'Public' ? { Public: [] } : { Private: [] },
  };
}
