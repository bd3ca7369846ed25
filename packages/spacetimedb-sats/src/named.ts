import { SatsValueError } from './bsatn.js';
import type { AlgebraicType, AlgebraicValue, ProductType, SumType, Typespace } from './types.js';
import { EMPTY_TYPESPACE, memberName, resolveType, typeLabel, typeTag } from './typespace.js';

/**
 * The "named object" form of a value: a product as an object keyed by field name, a sum as
 * `{"Variant": payload}`, the unit as `[]`, every leaf as in `AlgebraicValue` (64-bit and wider
 * integers `bigint`, bytes `Uint8Array`). It is how the module definition types of
 * module-def.ts look, so a definition converts to and from positional values with these two
 * functions and one meta-type. Unnamed fields and variants use their index as the key.
 */

const BIG_INTEGER_TAGS = new Set(['I64', 'U64', 'I128', 'U128', 'I256', 'U256']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A positional value of `type` in named-object form. */
export function toNamedObject(
  type: AlgebraicType,
  value: AlgebraicValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): unknown {
  const resolved = resolveType(type, typespace);
  if ('Product' in resolved) {
    const { elements } = resolved.Product;
    if (elements.length === 0) return [];
    const fields = value as AlgebraicValue[];
    const object: Record<string, unknown> = {};
    elements.forEach((element, index) => {
      object[memberName(element) ?? String(index)] = toNamedObject(
        element.algebraic_type,
        fields[index] as AlgebraicValue,
        typespace,
      );
    });
    return object;
  }
  if ('Sum' in resolved) {
    const { tag, value: payload } = value as { tag: number; value: AlgebraicValue };
    const variant = resolved.Sum.variants[tag];
    if (variant === undefined) throw new SatsValueError(`tag ${tag} is not a variant of ${typeLabel(resolved)}`);
    return { [memberName(variant) ?? String(tag)]: toNamedObject(variant.algebraic_type, payload, typespace) };
  }
  if ('Array' in resolved) {
    if (value instanceof Uint8Array) return value;
    const elementType = resolved.Array;
    return (value as AlgebraicValue[]).map((item) => toNamedObject(elementType, item, typespace));
  }
  return value;
}

/** The positional value of `type` from its named-object form. Throws `SatsValueError` naming the path. */
export function fromNamedObject(
  type: AlgebraicType,
  object: unknown,
  typespace: Typespace = EMPTY_TYPESPACE,
): AlgebraicValue {
  const resolved = resolveType(type, typespace);
  if ('Product' in resolved) return productFromNamed(resolved.Product, object, typespace);
  if ('Sum' in resolved) return sumFromNamed(resolved, object, typespace);
  if ('Array' in resolved) {
    const elementType = resolved.Array;
    if (object instanceof Uint8Array && 'U8' in resolveType(elementType, typespace)) return object;
    if (!Array.isArray(object)) throw new SatsValueError(`expected an array for ${typeLabel(resolved)}`);
    const items = object.map((item, index) =>
      SatsValueError.inside(`[${index}]`, () => fromNamedObject(elementType, item, typespace)),
    );
    if ('U8' in resolveType(elementType, typespace)) return Uint8Array.from(items as number[]);
    return items;
  }
  // A definition parsed by plain JSON.parse holds i128 values as numbers: accept exact ones.
  const tag = typeTag(resolved);
  if (BIG_INTEGER_TAGS.has(tag) && typeof object === 'number' && Number.isSafeInteger(object)) return BigInt(object);
  return object as AlgebraicValue;
}

function productFromNamed(type: ProductType, object: unknown, typespace: Typespace): AlgebraicValue[] {
  const { elements } = type;
  if (elements.length === 0) {
    if ((Array.isArray(object) && object.length === 0) || (isPlainObject(object) && Object.keys(object).length === 0))
      return [];
    throw new SatsValueError('expected the unit value []');
  }
  if (!isPlainObject(object)) throw new SatsValueError(`expected an object for ${typeLabel({ Product: type })}`);
  return elements.map((element, index) => {
    const key = memberName(element) ?? String(index);
    if (!(key in object)) throw new SatsValueError(`missing field "${key}"`);
    return SatsValueError.inside(`.${key}`, () => fromNamedObject(element.algebraic_type, object[key], typespace));
  });
}

function sumFromNamed(type: { Sum: SumType }, object: unknown, typespace: Typespace): AlgebraicValue {
  const keys = isPlainObject(object) ? Object.keys(object) : [];
  if (keys.length !== 1) throw new SatsValueError(`expected an object with one variant of ${typeLabel(type)}`);
  const key = keys[0] as string;
  const tag = type.Sum.variants.findIndex((variant, index) => (memberName(variant) ?? String(index)) === key);
  const variant = type.Sum.variants[tag];
  if (variant === undefined) throw new SatsValueError(`"${key}" is not a variant of ${typeLabel(type)}`);
  const payload = (object as Record<string, unknown>)[key];
  return {
    tag,
    value: SatsValueError.inside(`(${key})`, () => fromNamedObject(variant.algebraic_type, payload, typespace)),
  };
}
