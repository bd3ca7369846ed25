import type { AlgebraicType, AlgebraicValue } from '@dbwire/spacetimedb-sats';
import { integerRange } from '../datastore/schema.js';
import { integerBits, integerTag, isSigned, primitiveTag, typeName } from './column-types.js';
import { SqlError } from './errors.js';
import type { Tuple } from './resolve.js';

/** An aggregate fed one joined row at a time (rows are not kept), then asked for its value. */
export interface Accumulator {
  readonly type: AlgebraicType;
  add(tuple: Tuple): void;
  result(): AlgebraicValue;
}

/**
 * `SUM(column)`: SpacetimeDB's SQL has no SUM, so dbwire picks a type that cannot overflow in
 * practice: integers up to 64 bits sum into I128 (signed) or U128 (unsigned), wider ones into their
 * own type (an overflow is an error), floats into F64. Over no rows the sum is 0.
 */
export function aggregateSum(type: AlgebraicType, read: (tuple: Tuple) => AlgebraicValue): Accumulator {
  const tag = primitiveTag(type);
  if (tag === 'F32' || tag === 'F64') {
    let sum = 0;
    return {
      type: { F64: [] },
      add: (tuple) => {
        sum += read(tuple) as number;
      },
      result: () => sum,
    };
  }
  const integer = integerTag(type);
  if (integer === undefined) throw new SqlError(`SUM is not supported for type \`${typeName(type)}\``);
  const resultTag = integerBits(integer) > 64 ? integer : isSigned(integer) ? 'I128' : 'U128';
  const resultType = { [resultTag]: [] } as AlgebraicType;
  const { min, max } = integerRange(resultType) ?? { min: 0n, max: 0n };
  let sum = 0n;
  return {
    type: resultType,
    add: (tuple) => {
      sum += BigInt(read(tuple) as number | bigint);
    },
    result: () => {
      if (sum < min || sum > max) throw new SqlError(`SUM overflows type \`${resultTag}\``);
      return sum;
    },
  };
}
