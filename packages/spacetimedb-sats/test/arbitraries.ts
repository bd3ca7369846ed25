import fc from 'fast-check';
import { type AlgebraicType, type AlgebraicValue, PRIMITIVE_TAGS, type PrimitiveTag } from '../src/index.js';

/** Random SATS types (no `Ref`s) and values of them, for property tests. */

const primitiveType = fc.constantFrom(...PRIMITIVE_TAGS).map((tag) => ({ [tag]: [] }) as AlgebraicType);

const fieldName = fc.option(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { nil: undefined });

// The index keeps names unique within a product or sum, as real types have them (JSON objects
// key by name).
const named = (name: string | undefined, index: number) =>
  name === undefined ? { none: [] as [] } : { some: `${name}${index}` };

export const algebraicType: fc.Arbitrary<AlgebraicType> = fc.letrec<{ type: AlgebraicType }>((tie) => ({
  type: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'type' },
    primitiveType,
    tie('type').map((element) => ({ Array: element })),
    fc.array(fc.tuple(fieldName, tie('type')), { maxLength: 4 }).map((fields) => ({
      Product: { elements: fields.map(([name, type], index) => ({ name: named(name, index), algebraic_type: type })) },
    })),
    fc.array(fc.tuple(fieldName, tie('type')), { minLength: 1, maxLength: 4 }).map((variants) => ({
      Sum: { variants: variants.map(([name, type], index) => ({ name: named(name, index), algebraic_type: type })) },
    })),
  ),
})).type;

const intRange = (bits: number, signed: boolean) =>
  signed
    ? fc.bigInt(-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n)
    : fc.bigInt(0n, (1n << BigInt(bits)) - 1n);

export function valueFor(type: AlgebraicType): fc.Arbitrary<AlgebraicValue> {
  if ('Product' in type) return fc.tuple(...type.Product.elements.map((element) => valueFor(element.algebraic_type)));
  if ('Sum' in type) {
    return fc.oneof(
      ...type.Sum.variants.map((variant, tag) => valueFor(variant.algebraic_type).map((value) => ({ tag, value }))),
    );
  }
  if ('Array' in type) {
    if ('U8' in type.Array) return fc.uint8Array({ maxLength: 8 });
    return fc.array(valueFor(type.Array), { maxLength: 3 });
  }
  if ('Ref' in type) throw new Error('no refs in generated types');
  const tag = Object.keys(type)[0] as PrimitiveTag;
  switch (tag) {
    case 'String':
      return fc.string({ unit: 'grapheme', maxLength: 8 });
    case 'Bool':
      return fc.boolean();
    case 'I8':
      return fc.integer({ min: -128, max: 127 });
    case 'U8':
      return fc.integer({ min: 0, max: 255 });
    case 'I16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'U16':
      return fc.integer({ min: 0, max: 65535 });
    case 'I32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'U32':
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 'F32':
      return fc.float({ noDefaultInfinity: false }).map(Math.fround);
    case 'F64':
      return fc.double();
    default: {
      const bits = Number(tag.slice(1));
      return intRange(bits, tag.startsWith('I'));
    }
  }
}

export const typedValue = algebraicType.chain((type) => valueFor(type).map((value) => ({ type, value })));
