import type { AlgebraicType, Typespace } from './types.js';

/** A typespace with no types, for values whose types hold no `Ref`. */
export const EMPTY_TYPESPACE: Typespace = { types: [] };

/** Thrown when a type cannot be used: a dangling or cyclic `Ref`, or a malformed type object. */
export class SatsTypeError extends Error {
  override name = 'SatsTypeError';
}

/**
 * The type itself when it is not a `Ref`, else the type the `Ref` chain ends at. A chain longer
 * than the typespace must loop, so it is refused rather than followed forever.
 */
export function resolveType(type: AlgebraicType, typespace: Typespace = EMPTY_TYPESPACE): AlgebraicType {
  let current = type;
  for (let hops = 0; 'Ref' in current; hops++) {
    if (hops > typespace.types.length) throw new SatsTypeError(`cyclic type reference Ref(${current.Ref})`);
    const target = typespace.types[current.Ref];
    if (target === undefined) {
      throw new SatsTypeError(
        `type reference Ref(${current.Ref}) is outside the typespace (${typespace.types.length} types)`,
      );
    }
    current = target;
  }
  return current;
}

/** The variant name of a type (`U32`, `Product`, ...), the key of its one-member object. */
export function typeTag(type: AlgebraicType): string {
  for (const key in type) return key;
  throw new SatsTypeError('empty type object');
}

/** A short human-readable name of a type for error messages: `U32`, `Array<String>`, `Product{id, name}`. */
export function typeLabel(type: AlgebraicType): string {
  if ('Ref' in type) return `Ref(${type.Ref})`;
  if ('Array' in type) return `Array<${typeLabel(type.Array)}>`;
  if ('Product' in type) {
    const names = type.Product.elements.map((element, index) => optionName(element.name) ?? String(index));
    return `Product{${names.join(', ')}}`;
  }
  if ('Sum' in type) {
    const names = type.Sum.variants.map((variant, index) => optionName(variant.name) ?? String(index));
    return `Sum{${names.join(' | ')}}`;
  }
  return typeTag(type);
}

function optionName(name: { some: string } | { none: [] }): string | undefined {
  return 'some' in name ? name.some : undefined;
}

/** The name of a product element or sum variant, `undefined` when it has none. */
export function memberName(member: { name: { some: string } | { none: [] } }): string | undefined {
  return optionName(member.name);
}
