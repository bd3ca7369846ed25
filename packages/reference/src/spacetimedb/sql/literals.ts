import { type AlgebraicType, type AlgebraicValue, specialTypeKind } from '@dbwire/spacetimedb-sats';
import { integerRange } from '../datastore/schema.js';
import type { Literal } from './ast.js';
import { integerTag, integerValue, isBool, isBytes, primitiveTag, typeName } from './column-types.js';
import { echo, SqlError } from './errors.js';

/**
 * A literal takes the type of the column it meets, as in SpacetimeDB: `300` is a U16 next to a U16
 * column and an error next to a U8 one. In a filter a string literal is read as the column's type
 * (`WHERE id = '5'`); in INSERT and UPDATE a string only fits a String column, and a boolean only
 * ever fits a Bool one.
 */
export type LiteralContext = 'filter' | 'dml';

export function coerceLiteral(literal: Literal, type: AlgebraicType, context: LiteralContext): AlgebraicValue {
  if (literal.kind === 'bool') {
    if (isBool(type)) return literal.value;
    throw unexpectedType('Bool', type);
  }
  if (literal.kind === 'string' && context === 'dml' && primitiveTag(type) !== 'String') {
    throw unexpectedType('String', type);
  }
  const text = literalText(literal);
  const value = parseAs(literal, text, type);
  if (value === undefined) throw invalidLiteral(text, type);
  return value;
}

/** The literal's source text as SpacetimeDB quotes it in errors (hex without its prefix). */
function literalText(literal: Literal): string {
  switch (literal.kind) {
    case 'number':
      return literal.text;
    case 'string':
      return literal.value;
    case 'hex':
      return literal.digits;
    case 'bool':
      return String(literal.value);
  }
}

function invalidLiteral(text: string, type: AlgebraicType): SqlError {
  return new SqlError(`The literal expression \`${echo(text)}\` cannot be parsed as type \`${typeName(type)}\``);
}

function unexpectedType(expected: string, inferred: AlgebraicType): SqlError {
  return new SqlError(`Unexpected type: (expected) ${expected} != ${typeName(inferred)} (inferred)`);
}

/** The value, or `undefined` when the text does not denote a value of `type`. */
function parseAs(literal: Literal, text: string, type: AlgebraicType): AlgebraicValue | undefined {
  const integer = integerTag(type);
  if (integer !== undefined) {
    const value = literal.kind === 'hex' ? hexInteger(text) : decimalInteger(text);
    const range = integerRange(type);
    if (value === undefined || range === undefined || value < range.min || value > range.max) return undefined;
    return integerValue(integer, value);
  }
  const tag = primitiveTag(type);
  if (tag === 'F32' || tag === 'F64') {
    if (literal.kind === 'hex' || !DECIMAL.test(text)) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) return undefined;
    return tag === 'F32' ? Math.fround(value) : value;
  }
  if (tag === 'String') return text;
  if (isBytes(type)) return literal.kind === 'number' ? undefined : hexBytes(text);
  switch (specialTypeKind(type)) {
    case 'Identity':
      return literal.kind === 'number' ? undefined : hexWord(text, 256);
    case 'ConnectionId':
      return literal.kind === 'number' ? undefined : hexWord(text, 128);
    case 'Uuid':
      return literal.kind === 'number' ? undefined : hexWord(text.replaceAll('-', ''), 128);
    case 'Timestamp':
      return literal.kind === 'string' ? timestampMicros(text) : undefined;
    case 'TimeDuration': {
      const micros = literal.kind === 'number' ? decimalInteger(text) : undefined;
      return micros === undefined ? undefined : [micros];
    }
  }
  // Booleans come only from TRUE and FALSE; products, sums and other arrays have no literals.
  return undefined;
}

/** A decimal number as SQL writes it: sign, digits, optional fraction, optional exponent. */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The most significant digits an integer literal may have: a U256 has 78 (and an I256 77). */
const MAX_INTEGER_DIGITS = 78;

/** 256 bits. */
const MAX_HEX_DIGITS = 64;

/**
 * The exact integer a decimal literal denotes (`1e3`, `2.50e1` and `7.0` are integers), or
 * `undefined` when it has a fractional part or more digits than any integer type holds. Exact,
 * because a U256 has 78 digits; zeros that do not count are dropped before anything is converted,
 * as BigInt of a megabyte of digits takes seconds.
 */
function decimalInteger(text: string): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  const [digits, zerosDropped] = significantDigits(whole + fraction);
  if (digits === '') return 0n;
  // The value is digits × 10^exponent, and `digits` ends in a non-zero digit.
  const exponent = Number(exponentText) - fraction.length + zerosDropped;
  if (exponent < 0) return undefined;
  if (digits.length + exponent > MAX_INTEGER_DIGITS) return undefined;
  const value = BigInt(digits) * 10n ** BigInt(exponent);
  return sign === '-' ? -value : value;
}

/**
 * The digits without leading or trailing zeros, and how many trailing zeros went. Loops, not
 * `/0+$/`, which backtracks quadratically over a long run of zeros.
 */
function significantDigits(digits: string): [string, number] {
  let start = 0;
  while (start < digits.length && digits[start] === '0') start++;
  let end = digits.length;
  while (end > start && digits[end - 1] === '0') end--;
  return [digits.slice(start, end), digits.length - end];
}

function stripHexPrefix(text: string): string {
  return text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
}

function hexInteger(digits: string): bigint | undefined {
  if (!/^[0-9a-fA-F]+$/.test(digits)) return undefined;
  const [significant, zerosDropped] = significantDigits(digits);
  if (significant.length + zerosDropped > MAX_HEX_DIGITS) return undefined;
  return BigInt(`0x${digits.slice(digits.length - significant.length - zerosDropped) || '0'}`);
}

function hexBytes(text: string): Uint8Array | undefined {
  const digits = stripHexPrefix(text);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) return undefined;
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * An Identity (256 bits), ConnectionId or Uuid (128 bits) in hex, every digit written (as
 * SpacetimeDB's `from_hex` wants): the one-field product `[n]`.
 */
function hexWord(text: string, bits: number): AlgebraicValue | undefined {
  const digits = stripHexPrefix(text);
  if (digits.length !== bits / 4 || !/^[0-9a-fA-F]+$/.test(digits)) return undefined;
  return [BigInt(`0x${digits}`)];
}

const RFC_3339 = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:Z|([+-])(\d\d):(\d\d))$/i;

/**
 * An RFC 3339 timestamp (`2025-01-02T03:04:05.123456Z`, also with a space or an offset) as
 * `[micros since the epoch]`, checked field by field as chrono's `parse_from_rfc3339` (which
 * SpacetimeDB uses) does: no February 30th, no hour 24; a second of 60 is a leap second and counts
 * as the next second's start. Digits past the microsecond are cut off.
 */
function timestampMicros(text: string): AlgebraicValue | undefined {
  const match = RFC_3339.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 9, 10].map((group) =>
    Number(match[group] ?? 0),
  ) as [number, number, number, number, number, number, number, number];
  const fraction = match[7] ?? '';
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!valid) return undefined;
  const offsetSeconds = (match[8] === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  const seconds = daysSinceEpoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return [BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6))];
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to the date in the proleptic Gregorian calendar (Date.UTC maps years 0-99 to 19xx). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / 86_400_000);
}
