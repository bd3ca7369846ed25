import { parseJson, stringifyJson } from '@dbwire/json';
import { BsatnError, BsatnReader, encodeValue, readValue } from '../bsatn.js';
import { fromJson, SatsJsonError, toTypedJson } from '../json.js';
import { fromNamedObject, toNamedObject } from '../named.js';
import type { AlgebraicType, AlgebraicValue, SumType, SumValue } from '../types.js';
import { memberName, resolveType } from '../typespace.js';
import { ProtocolDecodeError } from './errors.js';

/**
 * Turns a message meta-type (a sum of message kinds) into an encoder and a decoder, for BSATN
 * and for v1's typed SATS-JSON. Messages travel in named-object form (named.ts); the package's
 * BSATN and JSON codecs do the bytes and the text, with their limits on hostile input.
 */

/** A check on a decoded message beyond its layout (a flags byte the product refuses), or an error text. */
export type MessageCheck<Message> = (message: Message) => string | undefined;

function variantsOf(type: AlgebraicType): SumType['variants'] {
  const resolved = resolveType(type);
  if (!('Sum' in resolved)) throw new TypeError('a message type must be a sum');
  return resolved.Sum.variants;
}

function variantName(variants: SumType['variants'], tag: number): string {
  const variant = variants[tag];
  return variant === undefined ? String(tag) : (memberName(variant) ?? String(tag));
}

export interface BsatnCodec<Message> {
  encode(message: Message): Uint8Array;
  /** Exactly one message: bytes left over are an error. */
  decode(bytes: Uint8Array): Message;
  /** Messages back to back until the input ends (protocol v3); at least one. */
  decodeMany(bytes: Uint8Array): Message[];
}

/** A BSATN codec for `type`, a sum; `label` names it in errors (`ClientMessage`). */
export function bsatnCodec<Message>(
  type: AlgebraicType,
  label: string,
  check?: MessageCheck<Message>,
): BsatnCodec<Message> {
  const variants = variantsOf(type);

  function readOne(reader: BsatnReader): Message {
    const at = reader.offset;
    if (reader.remaining === 0) throw new ProtocolDecodeError(`empty ${label}`);
    const tag = reader.bytes[at] as number;
    if (tag >= variants.length) {
      throw new ProtocolDecodeError(`unknown tag ${tag} of ${label} (0 to ${variants.length - 1} expected)`);
    }
    let value: AlgebraicValue;
    try {
      value = readValue(reader, type);
    } catch (error) {
      if (!(error instanceof BsatnError)) throw error;
      throw new ProtocolDecodeError(`bad ${label} ${variantName(variants, tag)}: ${error.message}`);
    }
    const message = toNamedObject(type, value) as Message;
    const problem = check?.(message);
    if (problem !== undefined) throw new ProtocolDecodeError(`bad ${label} ${variantName(variants, tag)}: ${problem}`);
    return message;
  }

  return {
    encode: (message) => encodeValue(type, fromNamedObject(type, message)),
    decode(bytes) {
      const reader = new BsatnReader(bytes);
      const message = readOne(reader);
      if (reader.remaining !== 0) {
        const tag = variantName(variants, bytes[0] as number);
        throw new ProtocolDecodeError(`${reader.remaining} trailing bytes after ${label} ${tag}`);
      }
      return message;
    },
    decodeMany(bytes) {
      const reader = new BsatnReader(bytes);
      const messages = [readOne(reader)];
      while (reader.remaining > 0) messages.push(readOne(reader));
      return messages;
    },
  };
}

export interface JsonCodec<Message> {
  encode(message: Message): string;
  decode(text: string): Message;
}

/**
 * A typed SATS-JSON codec for `type`, as the product's serde adapter writes the Rust message
 * types: products as objects, sums as `{"Variant": payload}`, `()` as `[]` (the Rust unit type is
 * a sequence of nothing, unlike an empty product value, which `toTypedJson` writes as `{}`),
 * bytes as hex, U256 as `"0x…"`. Reading accepts every form the product's reader does (`fromJson`).
 */
export function jsonCodec<Message>(
  type: AlgebraicType,
  label: string,
  check?: MessageCheck<Message>,
): JsonCodec<Message> {
  const variants = variantsOf(type);
  const names = new Set(variants.map((_variant, tag) => variantName(variants, tag)));
  return {
    encode: (message) => stringifyMessageJson(type, fromNamedObject(type, message)),
    decode(text) {
      let json: unknown;
      try {
        json = parseJson(text);
      } catch (error) {
        throw new ProtocolDecodeError(`bad JSON in ${label}: ${(error as Error).message}`);
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new ProtocolDecodeError(`${label} must be a JSON object {"<variant>": {...}}`);
      }
      const keys = Object.keys(json);
      if (keys.length !== 1)
        throw new ProtocolDecodeError(`${label} must have exactly one variant, got ${keys.length}`);
      const key = keys[0] as string;
      // The product's reader also takes a tag for a variant name: `{"3": {...}}`.
      const isTag = /^\d+$/.test(key) && Number(key) < variants.length;
      if (!names.has(key) && !isTag) throw new ProtocolDecodeError(`unknown variant "${key}" of ${label}`);
      let value: AlgebraicValue;
      try {
        value = fromJson(type, json);
      } catch (error) {
        if (!(error instanceof SatsJsonError)) throw error;
        throw new ProtocolDecodeError(`bad ${label} ${error.message}`);
      }
      const message = toNamedObject(type, value) as Message;
      const problem = check?.(message);
      if (problem !== undefined) throw new ProtocolDecodeError(`bad ${label} ${key}: ${problem}`);
      return message;
    },
  };
}

function stringifyMessageJson(type: AlgebraicType, value: AlgebraicValue): string {
  return stringifyJson(messageJson(type, value));
}

/** `value` as the product's serde adapter writes a Rust-typed value (see `jsonCodec`). */
function messageJson(type: AlgebraicType, value: AlgebraicValue): unknown {
  const resolved = resolveType(type);
  if ('Product' in resolved) {
    const { elements } = resolved.Product;
    if (elements.length === 0) return [];
    const fields = value as AlgebraicValue[];
    const object: Record<string, unknown> = {};
    elements.forEach((element, index) => {
      object[memberName(element) ?? String(index)] = messageJson(
        element.algebraic_type,
        fields[index] as AlgebraicValue,
      );
    });
    return object;
  }
  if ('Sum' in resolved) {
    const { tag, value: payload } = value as SumValue;
    const variant = resolved.Sum.variants[tag] as SumType['variants'][number];
    return { [memberName(variant) ?? String(tag)]: messageJson(variant.algebraic_type, payload) };
  }
  if ('Array' in resolved && !(value instanceof Uint8Array)) {
    const elementType = resolved.Array;
    return (value as AlgebraicValue[]).map((item) => messageJson(elementType, item));
  }
  return toTypedJson(resolved, value);
}
