import { type BigIntegerTag, fitsBigInteger, SMALL_INTEGER_BOUNDS, type SmallIntegerTag } from './integers.js';
import { MAX_VALUE_DEPTH, MAX_ZERO_SIZED_ELEMENTS } from './limits.js';
import { SatsPathError } from './path-error.js';
import type { AlgebraicType, AlgebraicValue, ProductType, ProductValue, SumValue, Typespace } from './types.js';
import { EMPTY_TYPESPACE, memberName, resolveType, SatsTypeError, typeLabel, typeTag } from './typespace.js';

/**
 * BSATN, SpacetimeDB's binary encoding of SATS values (crates/sats/src/bsatn): little-endian,
 * fixed-width integers, bool as one byte 0/1, floats as their IEEE-754 bits, strings and byte
 * strings as a u32 length then the bytes, arrays as a u32 count then the elements, products as
 * their fields back to back without names, sums as a u8 tag then the payload. Nothing describes
 * itself: the reader must know the type.
 */

/** Thrown on input that is not valid BSATN for the type: truncated, a bad bool, tag or UTF-8, trailing bytes. */
export class BsatnError extends Error {
  override name = 'BsatnError';
}

/**
 * Thrown when a value does not have the shape its type asks for (a `number` where a `bigint` is
 * needed, an out-of-range integer, a product of the wrong length). `path` locates the bad part
 * (`name`, `[2]`, `(some)`), outermost first.
 */
export class SatsValueError extends SatsPathError {
  override name = 'SatsValueError';
  protected messageAt(location: string): string {
    return `at ${location}: ${this.problem}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function checkSmallInteger(tag: SmallIntegerTag, value: unknown): number {
  const [min, max] = SMALL_INTEGER_BOUNDS[tag];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new SatsValueError(`expected an integer number for ${tag}, got ${describe(value)}`);
  }
  if (value < min || value > max) throw new SatsValueError(`${value} is out of range for ${tag} (${min} to ${max})`);
  return value;
}

function checkBigInteger(tag: BigIntegerTag, value: unknown): bigint {
  if (typeof value !== 'bigint') throw new SatsValueError(`expected a bigint for ${tag}, got ${describe(value)}`);
  if (!fitsBigInteger(tag, value)) throw new SatsValueError(`${value} is out of range for ${tag}`);
  return value;
}

const utf8Encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is part of the string, not a byte-order mark to drop.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Appends BSATN to a buffer that grows as needed. Every write checks its value. */
export class BsatnWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private length = 0;

  constructor(initialCapacity = 64) {
    this.buffer = new Uint8Array(Math.max(initialCapacity, 8));
    this.view = new DataView(this.buffer.buffer);
  }

  /** The size of the current buffer. */
  get capacity(): number {
    return this.buffer.length;
  }

  /** How many bytes have been written. */
  get byteLength(): number {
    return this.length;
  }

  /** Forgets what was written, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }

  /** The bytes written so far (a copy, so the writer can go on). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(bytes: number): number {
    const at = this.length;
    const needed = at + bytes;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, at));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = needed;
    return at;
  }

  writeBool(value: boolean): void {
    if (typeof value !== 'boolean') throw new SatsValueError(`expected a boolean, got ${describe(value)}`);
    const at = this.reserve(1);
    this.buffer[at] = value ? 1 : 0;
  }

  writeU8(value: number): void {
    const byte = checkSmallInteger('U8', value);
    const at = this.reserve(1);
    this.buffer[at] = byte;
  }
  writeI8(value: number): void {
    const checked = checkSmallInteger('I8', value);
    const at = this.reserve(1);
    this.view.setInt8(at, checked);
  }
  writeU16(value: number): void {
    const checked = checkSmallInteger('U16', value);
    const at = this.reserve(2);
    this.view.setUint16(at, checked, true);
  }
  writeI16(value: number): void {
    const checked = checkSmallInteger('I16', value);
    const at = this.reserve(2);
    this.view.setInt16(at, checked, true);
  }
  writeU32(value: number): void {
    const checked = checkSmallInteger('U32', value);
    const at = this.reserve(4);
    this.view.setUint32(at, checked, true);
  }
  writeI32(value: number): void {
    const checked = checkSmallInteger('I32', value);
    const at = this.reserve(4);
    this.view.setInt32(at, checked, true);
  }
  writeU64(value: bigint): void {
    const checked = checkBigInteger('U64', value);
    const at = this.reserve(8);
    this.view.setBigUint64(at, checked, true);
  }
  writeI64(value: bigint): void {
    const checked = checkBigInteger('I64', value);
    const at = this.reserve(8);
    this.view.setBigInt64(at, checked, true);
  }
  writeU128(value: bigint): void {
    this.writeLimbs(checkBigInteger('U128', value), 2);
  }
  writeI128(value: bigint): void {
    this.writeLimbs(checkBigInteger('I128', value), 2);
  }
  writeU256(value: bigint): void {
    this.writeLimbs(checkBigInteger('U256', value), 4);
  }
  writeI256(value: bigint): void {
    this.writeLimbs(checkBigInteger('I256', value), 4);
  }

  /** A wide integer as 64-bit limbs, least significant first (two's complement for negatives). */
  private writeLimbs(value: bigint, limbs: number): void {
    const at = this.reserve(limbs * 8);
    let rest = value;
    for (let limb = 0; limb < limbs; limb++) {
      this.view.setBigUint64(at + limb * 8, BigInt.asUintN(64, rest), true);
      rest >>= 64n;
    }
  }

  writeF32(value: number): void {
    if (typeof value !== 'number') throw new SatsValueError(`expected a number for F32, got ${describe(value)}`);
    const at = this.reserve(4);
    this.view.setFloat32(at, value, true);
  }
  writeF64(value: number): void {
    if (typeof value !== 'number') throw new SatsValueError(`expected a number for F64, got ${describe(value)}`);
    const at = this.reserve(8);
    this.view.setFloat64(at, value, true);
  }

  /** u32 byte length, then UTF-8. */
  writeString(value: string): void {
    if (typeof value !== 'string') throw new SatsValueError(`expected a string, got ${describe(value)}`);
    // Reserve the worst case (3 bytes per UTF-16 unit), encode in place, then give back the slack.
    const lengthAt = this.reserve(4 + value.length * 3);
    const { written } = utf8Encoder.encodeInto(value, this.buffer.subarray(lengthAt + 4));
    this.view.setUint32(lengthAt, written, true);
    this.length = lengthAt + 4 + written;
  }

  /** u32 length, then the bytes as they are (the encoding of `Array<U8>`). */
  writeBytes(value: Uint8Array): void {
    if (!(value instanceof Uint8Array)) throw new SatsValueError(`expected a Uint8Array, got ${describe(value)}`);
    this.writeArrayLength(value.length);
    this.writeRaw(value);
  }

  /** Bytes copied as they are, with no length (already-encoded BSATN). */
  writeRaw(value: Uint8Array): void {
    const at = this.reserve(value.length);
    this.buffer.set(value, at);
  }

  /** The u32 count that starts an array. */
  writeArrayLength(length: number): void {
    this.writeU32(length);
  }
}

/** Reads BSATN from a byte array, from `offset` on. Throws `BsatnError` on bad or short input. */
export class BsatnReader {
  private dataView: DataView | undefined;
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.offset = offset;
  }

  // Made on first use: many small rows (strings and lengths) never need one.
  private get view(): DataView {
    this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.dataView;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(bytes: number, what: string): number {
    const at = this.offset;
    if (at + bytes > this.bytes.length) {
      throw new BsatnError(
        `unexpected end of input reading ${what} at offset ${at}: needs ${bytes} bytes, ${this.bytes.length - at} left`,
      );
    }
    this.offset = at + bytes;
    return at;
  }

  readBool(): boolean {
    const byte = this.bytes[this.take(1, 'Bool')] as number;
    if (byte > 1) throw new BsatnError(`invalid Bool byte ${byte} at offset ${this.offset - 1}`);
    return byte === 1;
  }
  readU8(): number {
    return this.bytes[this.take(1, 'U8')] as number;
  }
  readI8(): number {
    return this.view.getInt8(this.take(1, 'I8'));
  }
  readU16(): number {
    return this.view.getUint16(this.take(2, 'U16'), true);
  }
  readI16(): number {
    return this.view.getInt16(this.take(2, 'I16'), true);
  }
  readU32(): number {
    const at = this.take(4, 'U32');
    const bytes = this.bytes;
    return (
      ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) +
      (bytes[at + 3] as number) * 0x1000000
    );
  }
  readI32(): number {
    return this.view.getInt32(this.take(4, 'I32'), true);
  }
  readU64(): bigint {
    return this.view.getBigUint64(this.take(8, 'U64'), true);
  }
  readI64(): bigint {
    return this.view.getBigInt64(this.take(8, 'I64'), true);
  }
  readU128(): bigint {
    return this.readLimbs(2, 'U128');
  }
  readI128(): bigint {
    return BigInt.asIntN(128, this.readLimbs(2, 'I128'));
  }
  readU256(): bigint {
    return this.readLimbs(4, 'U256');
  }
  readI256(): bigint {
    return BigInt.asIntN(256, this.readLimbs(4, 'I256'));
  }

  private readLimbs(limbs: number, what: string): bigint {
    const at = this.take(limbs * 8, what);
    let value = 0n;
    for (let limb = limbs - 1; limb >= 0; limb--) {
      value = (value << 64n) | this.view.getBigUint64(at + limb * 8, true);
    }
    return value;
  }

  readF32(): number {
    return this.view.getFloat32(this.take(4, 'F32'), true);
  }
  readF64(): number {
    return this.view.getFloat64(this.take(8, 'F64'), true);
  }

  readString(): string {
    const length = this.readU32();
    const at = this.take(length, 'String');
    try {
      return utf8Decoder.decode(this.bytes.subarray(at, at + length));
    } catch {
      throw new BsatnError(`invalid UTF-8 in String at offset ${at}`);
    }
  }

  /** A u32 length and that many bytes, copied (so they outlive the input buffer). */
  readBytes(): Uint8Array {
    const length = this.readU32();
    const at = this.take(length, 'bytes');
    return this.bytes.slice(at, at + length);
  }

  /** `length` bytes as they are, without a length prefix (a view, not a copy). */
  readRaw(length: number): Uint8Array {
    const at = this.take(length, 'bytes');
    return this.bytes.subarray(at, at + length);
  }

  readArrayLength(): number {
    return this.readU32();
  }
}

/** Writes `value` as BSATN of `type`; `Ref`s resolve through `typespace`. Throws `SatsValueError` on a value of the wrong shape. */
export function writeValue(
  writer: BsatnWriter,
  type: AlgebraicType,
  value: AlgebraicValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): void {
  writeAt(writer, type, value, typespace, 0);
}

/** `writeValue` for a value `depth` levels inside the outermost one. */
function writeAt(
  writer: BsatnWriter,
  type: AlgebraicType,
  value: AlgebraicValue,
  typespace: Typespace,
  depth: number,
): void {
  if (depth > MAX_VALUE_DEPTH) throw new SatsValueError(`the value nests more than ${MAX_VALUE_DEPTH} levels deep`);
  const resolved = resolveType(type, typespace);
  const tag = typeTag(resolved);
  switch (tag) {
    case 'Bool':
      writer.writeBool(value as boolean);
      return;
    case 'U8':
      writer.writeU8(value as number);
      return;
    case 'I8':
      writer.writeI8(value as number);
      return;
    case 'U16':
      writer.writeU16(value as number);
      return;
    case 'I16':
      writer.writeI16(value as number);
      return;
    case 'U32':
      writer.writeU32(value as number);
      return;
    case 'I32':
      writer.writeI32(value as number);
      return;
    case 'U64':
      writer.writeU64(value as bigint);
      return;
    case 'I64':
      writer.writeI64(value as bigint);
      return;
    case 'U128':
      writer.writeU128(value as bigint);
      return;
    case 'I128':
      writer.writeI128(value as bigint);
      return;
    case 'U256':
      writer.writeU256(value as bigint);
      return;
    case 'I256':
      writer.writeI256(value as bigint);
      return;
    case 'F32':
      writer.writeF32(value as number);
      return;
    case 'F64':
      writer.writeF64(value as number);
      return;
    case 'String':
      writer.writeString(value as string);
      return;
    case 'Array':
      writeArray(writer, (resolved as { Array: AlgebraicType }).Array, value, typespace, depth + 1);
      return;
    case 'Product':
      writeProduct(writer, (resolved as { Product: ProductType }).Product, value, typespace, depth + 1);
      return;
    case 'Sum':
      writeSum(writer, resolved as Extract<AlgebraicType, { Sum: unknown }>, value, typespace, depth + 1);
      return;
    default:
      throw new SatsTypeError(`unknown type ${typeLabel(resolved)}`);
  }
}

function isU8(type: AlgebraicType, typespace: Typespace): boolean {
  return 'U8' in resolveType(type, typespace);
}

/** Whether values of `type` take no bytes at all (products of nothing but such products). */
function isZeroSized(type: AlgebraicType, typespace: Typespace, depth = 0): boolean {
  const resolved = resolveType(type, typespace);
  return (
    'Product' in resolved &&
    depth < 64 &&
    resolved.Product.elements.every((element) => isZeroSized(element.algebraic_type, typespace, depth + 1))
  );
}

/**
 * Refuses an array count before anything is allocated for it. Every element that is not
 * zero-sized takes at least a byte, so the input must hold `length` more bytes; zero-sized ones
 * take none, so their count has a cap of its own.
 */
function checkArrayLength(
  reader: BsatnReader,
  at: number,
  length: number,
  elementType: AlgebraicType,
  typespace: Typespace,
): void {
  if (length <= reader.remaining && length <= MAX_ZERO_SIZED_ELEMENTS) return;
  if (!isZeroSized(elementType, typespace)) {
    if (length <= reader.remaining) return;
    throw new BsatnError(
      `array of ${length} elements at offset ${at} is longer than the ${reader.remaining} bytes left`,
    );
  }
  if (length > MAX_ZERO_SIZED_ELEMENTS) {
    throw new BsatnError(
      `array of ${length} zero-sized elements at offset ${at} is over the limit of ${MAX_ZERO_SIZED_ELEMENTS}`,
    );
  }
}

function writeArray(
  writer: BsatnWriter,
  elementType: AlgebraicType,
  value: AlgebraicValue,
  typespace: Typespace,
  depth: number,
): void {
  if (value instanceof Uint8Array && isU8(elementType, typespace)) {
    writer.writeBytes(value);
    return;
  }
  if (!Array.isArray(value)) {
    const wanted = isU8(elementType, typespace) ? 'a Uint8Array' : 'an array';
    throw new SatsValueError(`expected ${wanted} for ${typeLabel({ Array: elementType })}, got ${describe(value)}`);
  }
  writer.writeArrayLength(value.length);
  // try/catch inline rather than SatsValueError.inside: no closure per element of every row written.
  for (let index = 0; index < value.length; index++) {
    try {
      writeAt(writer, elementType, value[index] as AlgebraicValue, typespace, depth);
    } catch (error) {
      throw error instanceof SatsValueError ? error.within(`[${index}]`) : error;
    }
  }
}

function writeProduct(
  writer: BsatnWriter,
  type: ProductType,
  value: AlgebraicValue,
  typespace: Typespace,
  depth: number,
): void {
  const { elements } = type;
  if (!Array.isArray(value) || value.length !== elements.length) {
    throw new SatsValueError(
      `expected a product of ${elements.length} fields (${typeLabel({ Product: type })}) as an array, got ${describe(value)}`,
    );
  }
  for (let index = 0; index < elements.length; index++) {
    const element = elements[index] as ProductType['elements'][number];
    try {
      writeAt(writer, element.algebraic_type, value[index] as AlgebraicValue, typespace, depth);
    } catch (error) {
      if (!(error instanceof SatsValueError)) throw error;
      throw error.within(`.${memberName(element) ?? index}`);
    }
  }
}

function isSumValue(value: unknown): value is SumValue {
  return typeof value === 'object' && value !== null && 'tag' in value && 'value' in value;
}

function writeSum(
  writer: BsatnWriter,
  type: Extract<AlgebraicType, { Sum: unknown }>,
  value: AlgebraicValue,
  typespace: Typespace,
  depth: number,
): void {
  const { variants } = type.Sum;
  if (!isSumValue(value))
    throw new SatsValueError(`expected a sum value {tag, value} for ${typeLabel(type)}, got ${describe(value)}`);
  const variant = variants[value.tag];
  if (variant === undefined || !Number.isInteger(value.tag)) {
    throw new SatsValueError(`tag ${value.tag} is not a variant of ${typeLabel(type)}`);
  }
  writer.writeU8(value.tag);
  try {
    writeAt(writer, variant.algebraic_type, value.value, typespace, depth);
  } catch (error) {
    throw error instanceof SatsValueError ? error.within(`(${memberName(variant) ?? value.tag})`) : error;
  }
}

/** Reads one value of `type` from `reader`. Throws `BsatnError` on bad or short input. */
export function readValue(
  reader: BsatnReader,
  type: AlgebraicType,
  typespace: Typespace = EMPTY_TYPESPACE,
): AlgebraicValue {
  return readAt(reader, type, typespace, 0);
}

/** `readValue` for a value `depth` levels inside the outermost one. */
function readAt(reader: BsatnReader, type: AlgebraicType, typespace: Typespace, depth: number): AlgebraicValue {
  if (depth > MAX_VALUE_DEPTH) {
    throw new BsatnError(`the value at offset ${reader.offset} nests more than ${MAX_VALUE_DEPTH} levels deep`);
  }
  const resolved = resolveType(type, typespace);
  switch (typeTag(resolved)) {
    case 'Bool':
      return reader.readBool();
    case 'U8':
      return reader.readU8();
    case 'I8':
      return reader.readI8();
    case 'U16':
      return reader.readU16();
    case 'I16':
      return reader.readI16();
    case 'U32':
      return reader.readU32();
    case 'I32':
      return reader.readI32();
    case 'U64':
      return reader.readU64();
    case 'I64':
      return reader.readI64();
    case 'U128':
      return reader.readU128();
    case 'I128':
      return reader.readI128();
    case 'U256':
      return reader.readU256();
    case 'I256':
      return reader.readI256();
    case 'F32':
      return reader.readF32();
    case 'F64':
      return reader.readF64();
    case 'String':
      return reader.readString();
    case 'Array': {
      const elementType = (resolved as { Array: AlgebraicType }).Array;
      if (isU8(elementType, typespace)) return reader.readBytes();
      const at = reader.offset;
      const length = reader.readArrayLength();
      checkArrayLength(reader, at, length, elementType, typespace);
      const items: AlgebraicValue[] = [];
      for (let index = 0; index < length; index++) items.push(readAt(reader, elementType, typespace, depth + 1));
      return items;
    }
    case 'Product':
      return readProductAt(reader, (resolved as { Product: ProductType }).Product, typespace, depth + 1);
    case 'Sum': {
      const { variants } = (resolved as Extract<AlgebraicType, { Sum: unknown }>).Sum;
      const at = reader.offset;
      const tag = reader.readU8();
      const variant = variants[tag];
      if (variant === undefined) {
        throw new BsatnError(
          `invalid sum tag ${tag} at offset ${at} for ${typeLabel(resolved)} (${variants.length} variants)`,
        );
      }
      return { tag, value: readAt(reader, variant.algebraic_type, typespace, depth + 1) };
    }
    default:
      throw new SatsTypeError(`unknown type ${typeLabel(resolved)}`);
  }
}

/** Reads the fields of a product (a row) in order. */
export function readProduct(
  reader: BsatnReader,
  type: ProductType,
  typespace: Typespace = EMPTY_TYPESPACE,
): ProductValue {
  return readProductAt(reader, type, typespace, 0);
}

function readProductAt(reader: BsatnReader, type: ProductType, typespace: Typespace, depth: number): ProductValue {
  const fields: ProductValue = new Array(type.elements.length);
  for (let index = 0; index < type.elements.length; index++) {
    const element = type.elements[index] as ProductType['elements'][number];
    fields[index] = readAt(reader, element.algebraic_type, typespace, depth);
  }
  return fields;
}

/** The BSATN of one value. */
export function encodeValue(
  type: AlgebraicType,
  value: AlgebraicValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): Uint8Array {
  const writer = new BsatnWriter();
  writeValue(writer, type, value, typespace);
  return writer.finish();
}

/** Decodes exactly one value: bytes left over are an error (`BsatnError`). */
export function decodeValue(
  type: AlgebraicType,
  bytes: Uint8Array,
  typespace: Typespace = EMPTY_TYPESPACE,
): AlgebraicValue {
  const reader = new BsatnReader(bytes);
  const value = readValue(reader, type, typespace);
  if (reader.remaining !== 0) {
    throw new BsatnError(
      `${reader.remaining} unexpected trailing bytes after a ${typeLabel(type)} value (offset ${reader.offset})`,
    );
  }
  return value;
}

/** The BSATN of a product value (a row, or reducer arguments): its fields back to back. */
export function encodeProduct(
  type: ProductType,
  values: ProductValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): Uint8Array {
  return encodeValue({ Product: type }, values, typespace);
}

/** Decodes exactly one product value (a row, or reducer arguments). */
export function decodeProduct(
  type: ProductType,
  bytes: Uint8Array,
  typespace: Typespace = EMPTY_TYPESPACE,
): ProductValue {
  return decodeValue({ Product: type }, bytes, typespace) as ProductValue;
}
