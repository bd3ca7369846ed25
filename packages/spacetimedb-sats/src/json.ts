import type { JsonValue } from '@dbwire/json';
import { specialProductKind } from './identity.js';
import { type BigIntegerTag, fitsBigInteger, SMALL_INTEGER_BOUNDS, type SmallIntegerTag } from './integers.js';
import { clipForMessage, MAX_INTEGER_DIGITS, MAX_VALUE_DEPTH } from './limits.js';
import { SatsPathError } from './path-error.js';
import type { AlgebraicType, AlgebraicValue, ProductType, SumType, SumValue, Typespace } from './types.js';
import { EMPTY_TYPESPACE, memberName, resolveType, SatsTypeError, typeLabel, typeTag } from './typespace.js';

/**
 * SATS-JSON, as SpacetimeDB's server writes and reads it (crates/sats/src/{ser,de}/serde.rs):
 * - out, typed (the schema is known): a product is an object keyed by field name, a sum
 *   `{"Variant": value}` (`[tag, value]` for a variant without a name);
 * - out, untyped (SQL rows, procedure returns): a product is a positional array, a sum `[tag, value]`;
 * - the unit value: typed `{}` (a product without fields, which serde writes as an empty map), untyped `[]`
 *   (the server's own Rust types write `()` as `[]`, so the module definition has `{"none": []}`);
 * - both: integers up to 128 bits JSON numbers with every digit (returned as `bigint`
 *   from 64 bits on, so `stringifyJson` of @dbwire/json writes them exactly); I256/U256 `"0x…"`
 *   lowercase hex without leading zeros, negatives `"-0x…"` (ethnum's serde, which the server
 *   uses); an `Array<U8>` a hex string without prefix; floats numbers, except NaN and ±infinity,
 *   which serde_json writes as `null`.
 * dbwire deviation: a typed product with an unnamed field (the server refuses to write it) uses the
 * field's index as its key.
 */

/** A bad JSON value for a type. The message names where (`argument 0 (name): expected a string, got 42`): it is an HTTP 400 body. */
export class SatsJsonError extends SatsPathError {
  override name = 'SatsJsonError';
  protected messageAt(location: string): string {
    return `${location}: ${this.problem}`;
  }
}

type Mode = 'typed' | 'untyped';

/** `value` of `type` as typed SATS-JSON (products as objects, sums as `{"Variant": v}`). */
export function toTypedJson(
  type: AlgebraicType,
  value: AlgebraicValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): JsonValue {
  return toJson(type, value, typespace, 'typed');
}

/** `value` of `type` as untyped SATS-JSON (products as arrays, sums as `[tag, v]`), as SQL rows are written. */
export function toUntypedJson(
  type: AlgebraicType,
  value: AlgebraicValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): JsonValue {
  return toJson(type, value, typespace, 'untyped');
}

/** Lowercase hex of the bytes, no prefix. */
export function bytesToHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** `"0x…"` without leading zeros, `"-0x…"` for negatives (ethnum's format). */
export function bigIntToHexJson(value: bigint): string {
  return value < 0n ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

/**
 * The number with the fewest significant digits that reads back (through `Math.fround`) as the
 * same F32, as serde_json writes an f32 (`0.1`, not the f64 `0.10000000149011612`). For each digit
 * count the correctly rounded decimal is tried first, then its neighbours (the rounding interval
 * of a power of two is lopsided); 9 digits always suffice.
 */
export function shortestF32(value: number): number {
  const target = Math.fround(value);
  if (!Number.isFinite(target) || target === 0) return target;
  for (let digits = 1; digits <= 9; digits++) {
    const [mantissa = '', exponent = '0'] = target.toExponential(digits - 1).split('e');
    const scaled = Number(mantissa.replace('.', ''));
    const power = Number(exponent) - (digits - 1);
    for (const candidate of [scaled, scaled - 1, scaled + 1]) {
      const number = Number(`${candidate}e${power}`);
      if (Math.fround(number) === target) return number;
    }
  }
  return target;
}

function toJson(type: AlgebraicType, value: AlgebraicValue, typespace: Typespace, mode: Mode): JsonValue {
  const resolved = resolveType(type, typespace);
  switch (typeTag(resolved)) {
    case 'Bool':
    case 'String':
    case 'I8':
    case 'U8':
    case 'I16':
    case 'U16':
    case 'I32':
    case 'U32':
    case 'I64':
    case 'U64':
    case 'I128':
    case 'U128':
      return value as JsonValue;
    case 'I256':
    case 'U256':
      return bigIntToHexJson(value as bigint);
    case 'F32':
      return Number.isFinite(value) ? shortestF32(value as number) : null;
    case 'F64':
      return Number.isFinite(value) ? (value as number) : null;
    case 'Array': {
      if (value instanceof Uint8Array) return bytesToHex(value);
      const elementType = (resolved as { Array: AlgebraicType }).Array;
      return (value as AlgebraicValue[]).map((item) => toJson(elementType, item, typespace, mode));
    }
    case 'Product': {
      const { elements } = (resolved as { Product: ProductType }).Product;
      const fields = value as AlgebraicValue[];
      if (mode === 'untyped')
        return elements.map((element, index) =>
          toJson(element.algebraic_type, fields[index] as AlgebraicValue, typespace, mode),
        );
      const object: { [key: string]: JsonValue } = {};
      elements.forEach((element, index) => {
        object[memberName(element) ?? String(index)] = toJson(
          element.algebraic_type,
          fields[index] as AlgebraicValue,
          typespace,
          mode,
        );
      });
      return object;
    }
    case 'Sum': {
      const { tag, value: payload } = value as SumValue;
      const variant = (resolved as { Sum: SumType }).Sum.variants[tag];
      if (variant === undefined) throw new SatsTypeError(`tag ${tag} is not a variant of ${typeLabel(resolved)}`);
      const inner = toJson(variant.algebraic_type, payload, typespace, mode);
      const name = memberName(variant);
      return mode === 'typed' && name !== undefined ? { [name]: inner } : [tag, inner];
    }
    default:
      throw new SatsTypeError(`unknown type ${typeLabel(resolved)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Values in.

function describeJson(json: unknown): string {
  if (json === null) return 'null';
  if (json === undefined) return 'nothing';
  if (Array.isArray(json)) return `an array of ${json.length}`;
  if (typeof json === 'object') return 'an object';
  if (typeof json === 'string') return JSON.stringify(json.length > 70 ? `${json.slice(0, 70)}…` : json);
  return String(json);
}

function fail(expected: string, json: unknown): never {
  throw new SatsJsonError(`expected ${expected}, got ${describeJson(json)}`);
}

function isObject(json: unknown): json is { [key: string]: unknown } {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

// No `0*` before the digits: `0*\d+` backtracks quadratically on a long run of zeros that fails.
const DECIMAL = /^(-?)(\d+)$/;
const HEX_NUMBER = /^(-?)0x([0-9a-fA-F]+)$/;
/** 256 bits. */
const MAX_HEX_DIGITS = 64;

function parseSmallInt(tag: SmallIntegerTag, json: unknown): number {
  const [min, max] = SMALL_INTEGER_BOUNDS[tag];
  const value = typeof json === 'bigint' ? Number(json) : json;
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`an integer (${tag})`, json);
  if (value < min || value > max)
    throw new SatsJsonError(`${clipForMessage(String(json))} is out of range for ${tag} (${min} to ${max})`);
  return value;
}

/** 64-bit and wider integers: a JSON number, a bigint (lossless parse), a decimal string or a `0x` hex string. */
function parseBigInt(tag: BigIntegerTag, json: unknown): bigint {
  let value: bigint;
  if (typeof json === 'bigint') value = json;
  else if (typeof json === 'number' && Number.isInteger(json)) {
    // A float beyond 2^53 (`9007199254740993.0`, `9.007199254740993e15`) has lost digits already:
    // only the lossless parser's bigints carry such integers exactly.
    if (!Number.isSafeInteger(json)) {
      throw new SatsJsonError(
        `${clipForMessage(String(json))} is not exact as a JSON number (beyond 2^53) for ${tag}: write it without a fraction or exponent, or as a decimal string`,
      );
    }
    value = BigInt(json);
  } else if (typeof json === 'string' && DECIMAL.test(json)) {
    // Leading zeros stripped and the length checked first: BigInt of a megabyte of digits is slow.
    const [, sign, allDigits] = DECIMAL.exec(json) as RegExpExecArray;
    const digits = withoutLeadingZeros(allDigits as string);
    if (digits.length > MAX_INTEGER_DIGITS) throw tooManyDigits(tag, json, `${MAX_INTEGER_DIGITS} digits`);
    value = BigInt(`${sign}${digits}`);
  } else if (typeof json === 'string' && HEX_NUMBER.test(json)) {
    const [, sign, allDigits] = HEX_NUMBER.exec(json) as RegExpExecArray;
    const digits = withoutLeadingZeros(allDigits as string);
    if (digits.length > MAX_HEX_DIGITS) throw tooManyDigits(tag, json, `${MAX_HEX_DIGITS} hex digits`);
    value = BigInt(`0x${digits}`) * (sign === '-' ? -1n : 1n);
  } else {
    fail(`an integer (${tag}) as a number, a decimal string or a 0x hex string`, json);
  }
  if (!fitsBigInteger(tag, value))
    throw new SatsJsonError(`${clipForMessage(String(json))} is out of range for ${tag}`);
  return value;
}

/** The digits without leading zeros (`0` stays). */
function withoutLeadingZeros(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits[start] === '0') start++;
  return digits.slice(start);
}

function tooManyDigits(tag: string, json: string, limit: string): SatsJsonError {
  return new SatsJsonError(`${clipForMessage(json)} is out of range for ${tag} (more than ${limit})`);
}

const FLOAT_WORDS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

function parseFloatValue(tag: string, json: unknown): number {
  let value: number;
  if (typeof json === 'number') value = json;
  else if (typeof json === 'bigint') value = Number(json);
  else if (typeof json === 'string' && Object.hasOwn(FLOAT_WORDS, json)) value = FLOAT_WORDS[json] as number;
  else fail(`a number (${tag})`, json);
  return tag === 'F32' ? Math.fround(value) : value;
}

const HEX_BYTES = /^(?:0x)?((?:[0-9a-fA-F]{2})*)$/;

function parseBytes(json: unknown): Uint8Array {
  if (typeof json === 'string') {
    const match = HEX_BYTES.exec(json);
    if (match === null) fail('bytes as a hex string (an even number of hex digits) or an array of numbers', json);
    const digits = match[1] as string;
    const bytes = new Uint8Array(digits.length / 2);
    for (let index = 0; index < bytes.length; index++)
      bytes[index] = Number.parseInt(digits.slice(index * 2, index * 2 + 2), 16);
    return bytes;
  }
  if (Array.isArray(json)) {
    return Uint8Array.from(
      json.map((item, index) => SatsJsonError.inside(`[${index}]`, () => parseSmallInt('U8', item))),
    );
  }
  return fail('bytes as a hex string or an array of numbers', json);
}

/**
 * A value of `type` from JSON in any form the server accepts ("values in"): a product as an array
 * or an object by field name; a sum as `{"Variant": v}`, `{"<tag>": v}` or `[tag, v]`; `null` for an
 * empty option; a special type (Identity, ConnectionId, ...) also as its inner value alone, and an
 * Identity or ConnectionId as hex with or without `0x`; bytes as a hex string or an array of numbers;
 * 64-bit and wider integers as a number, a bigint (lossless parse), a decimal string or a `0x` string.
 * Throws `SatsJsonError` naming the path.
 */
export function fromJson(type: AlgebraicType, json: unknown, typespace: Typespace = EMPTY_TYPESPACE): AlgebraicValue {
  return fromJsonAt(type, json, typespace, 0);
}

/** `fromJson` for a value `depth` levels inside the outermost one. */
function fromJsonAt(type: AlgebraicType, json: unknown, typespace: Typespace, depth: number): AlgebraicValue {
  if (depth > MAX_VALUE_DEPTH) throw new SatsJsonError(`the value nests more than ${MAX_VALUE_DEPTH} levels deep`);
  const resolved = resolveType(type, typespace);
  const tag = typeTag(resolved);
  switch (tag) {
    case 'Bool':
      return typeof json === 'boolean' ? json : fail('a boolean', json);
    case 'String':
      return typeof json === 'string' ? json : fail('a string', json);
    case 'I8':
    case 'U8':
    case 'I16':
    case 'U16':
    case 'I32':
    case 'U32':
      return parseSmallInt(tag, json);
    case 'I64':
    case 'U64':
    case 'I128':
    case 'U128':
    case 'I256':
    case 'U256':
      return parseBigInt(tag, json);
    case 'F32':
    case 'F64':
      return parseFloatValue(tag, json);
    case 'Array': {
      const elementType = (resolved as { Array: AlgebraicType }).Array;
      if ('U8' in resolveType(elementType, typespace)) return parseBytes(json);
      if (!Array.isArray(json)) fail(`an array (${typeLabel(resolved)})`, json);
      return json.map((item, index) =>
        SatsJsonError.inside(`[${index}]`, () => fromJsonAt(elementType, item, typespace, depth + 1)),
      );
    }
    case 'Product':
      return productFromJson((resolved as { Product: ProductType }).Product, json, typespace, depth + 1);
    case 'Sum':
      return sumFromJson((resolved as { Sum: SumType }).Sum, json, typespace, depth + 1);
    default:
      throw new SatsTypeError(`unknown type ${typeLabel(resolved)}`);
  }
}

function productFromJson(type: ProductType, json: unknown, typespace: Typespace, depth: number): AlgebraicValue[] {
  const { elements } = type;
  const special = specialProductKind(type);
  if (special !== undefined && !Array.isArray(json) && !isObject(json)) {
    return [specialFromJson(special, (elements[0] as ProductType['elements'][number]).algebraic_type, json)];
  }
  const label = (index: number) => memberName(elements[index] as ProductType['elements'][number]) ?? String(index);
  if (Array.isArray(json)) {
    if (json.length !== elements.length) {
      fail(
        `${elements.length === 0 ? 'the unit value []' : `${elements.length} fields (${typeLabel({ Product: type })})`}`,
        json,
      );
    }
    return elements.map((element, index) =>
      SatsJsonError.inside(`.${label(index)}`, () => fromJsonAt(element.algebraic_type, json[index], typespace, depth)),
    );
  }
  if (!isObject(json)) {
    fail(
      elements.length === 0
        ? 'the unit value []'
        : `an object or an array of ${elements.length} fields (${typeLabel({ Product: type })})`,
      json,
    );
  }
  const known = new Set(elements.map((_, index) => label(index)));
  for (const key of Object.keys(json)) {
    if (!known.has(key))
      throw new SatsJsonError(
        `unknown field "${clipForMessage(key)}" (expected ${[...known].join(', ') || 'no fields'})`,
      );
  }
  return elements.map((element, index) => {
    const key = label(index);
    // Own properties only: `constructor` or `toString` must not come from Object.prototype.
    if (!Object.hasOwn(json, key)) throw new SatsJsonError(`missing field "${key}"`);
    return SatsJsonError.inside(`.${key}`, () => fromJsonAt(element.algebraic_type, json[key], typespace, depth));
  });
}

const IDENTITY_WIDTH: Partial<Record<string, number>> = { Identity: 64, ConnectionId: 32 };

/** A special type given as its inner value alone; an Identity or ConnectionId may be bare hex. */
function specialFromJson(kind: string, inner: AlgebraicType, json: unknown): AlgebraicValue {
  const width = IDENTITY_WIDTH[kind];
  if (width !== undefined && typeof json === 'string' && !json.startsWith('0x') && !json.startsWith('-')) {
    if (json.length !== width || !/^[0-9a-fA-F]+$/.test(json)) fail(`an ${kind} as ${width} hex digits`, json);
    return BigInt(`0x${json}`);
  }
  // Every special type wraps one big integer (identity.ts): a U256, a U128 or an I64.
  return parseBigInt(typeTag(inner) as BigIntegerTag, json);
}

function isOption(type: SumType): boolean {
  const [some, none, extra] = type.variants;
  return (
    extra === undefined &&
    some !== undefined &&
    none !== undefined &&
    memberName(some) === 'some' &&
    memberName(none) === 'none' &&
    'Product' in none.algebraic_type &&
    none.algebraic_type.Product.elements.length === 0
  );
}

/** A variant key: a number or digit string is a tag (the server tries a u8 first), anything else a name. */
function variantTag(type: SumType, key: unknown): number {
  const asNumber =
    typeof key === 'number' ? key : typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : undefined;
  if (asNumber !== undefined) {
    if (Number.isInteger(asNumber) && asNumber >= 0 && asNumber < type.variants.length) return asNumber;
    throw new SatsJsonError(`tag ${clipForMessage(String(key))} is not a variant of ${typeLabel({ Sum: type })}`);
  }
  if (typeof key !== 'string') fail('a variant name or tag', key);
  const tag = type.variants.findIndex((variant) => memberName(variant) === key);
  if (tag < 0) {
    const names = type.variants.map((variant, index) => memberName(variant) ?? String(index));
    throw new SatsJsonError(`unknown variant "${clipForMessage(key)}" (expected ${names.join(', ')})`);
  }
  return tag;
}

function sumFromJson(type: SumType, json: unknown, typespace: Typespace, depth: number): SumValue {
  let key: unknown;
  let payload: unknown;
  if (json === null && isOption(type)) return { tag: 1, value: [] };
  if (isObject(json)) {
    const keys = Object.keys(json);
    if (keys.length !== 1) fail(`one variant of ${typeLabel({ Sum: type })} as {"<variant>": value}`, json);
    key = keys[0];
    payload = json[key as string];
  } else if (Array.isArray(json) && json.length === 2) {
    [key, payload] = json;
  } else {
    fail(
      `a variant of ${typeLabel({ Sum: type })} as {"<variant>": value} or [tag, value]${isOption(type) ? ' or null' : ''}`,
      json,
    );
  }
  const tag = variantTag(type, key);
  const variant = type.variants[tag] as SumType['variants'][number];
  const value = SatsJsonError.inside(`(${memberName(variant) ?? tag})`, () =>
    fromJsonAt(variant.algebraic_type, payload, typespace, depth),
  );
  return { tag, value };
}

/**
 * Reducer arguments from a `/call` body: an array of arguments in order, or an object by
 * parameter name. Errors name the argument (`argument 0 (name): expected a string, got 42`).
 */
export function reducerArgsFromJson(
  params: ProductType,
  json: unknown,
  typespace: Typespace = EMPTY_TYPESPACE,
): AlgebraicValue[] {
  const { elements } = params;
  const label = (index: number) => {
    const name = memberName(elements[index] as ProductType['elements'][number]);
    return name === undefined ? `argument ${index}` : `argument ${index} (${name})`;
  };
  if (Array.isArray(json)) {
    if (json.length !== elements.length) {
      throw new SatsJsonError(
        `expected ${elements.length} argument${elements.length === 1 ? '' : 's'}, got ${json.length}`,
      );
    }
    return elements.map((element, index) =>
      SatsJsonError.inside(label(index), () => fromJson(element.algebraic_type, json[index], typespace)),
    );
  }
  if (!isObject(json))
    throw new SatsJsonError(`expected the arguments as a JSON array (or an object by name), got ${describeJson(json)}`);
  const names = elements.map((element, index) => memberName(element) ?? String(index));
  for (const key of Object.keys(json)) {
    if (!names.includes(key))
      throw new SatsJsonError(
        `unknown argument "${clipForMessage(key)}" (expected ${names.join(', ') || 'no arguments'})`,
      );
  }
  return elements.map((element, index) => {
    const key = names[index] as string;
    if (!Object.hasOwn(json, key)) throw new SatsJsonError(`missing ${label(index)}`);
    return SatsJsonError.inside(label(index), () => fromJson(element.algebraic_type, json[key], typespace));
  });
}
