import type { IcebergType } from '../model.js';
import { check } from './errors.js';
import { isPrimitive } from './schema.js';

/**
 * Which source types a partition or sort transform accepts (Java's `Transform.canTransform`), so a
 * spec or sort order on a column the transform cannot read is refused when it is added.
 */

const TEMPORAL = /^(date|timestamp|timestamptz|timestamp_ns|timestamptz_ns)$/;
const TIMESTAMP = /^(timestamp|timestamptz|timestamp_ns|timestamptz_ns)$/;
const BUCKETABLE =
  /^(int|long|date|time|timestamp|timestamptz|timestamp_ns|timestamptz_ns|string|uuid|binary|decimal\(.*\)|fixed\[\d+\])$/;
const TRUNCATABLE = /^(int|long|string|binary|decimal\(.*\))$/;
// Types identity cannot partition by: they have no natural equality or ordering.
const NOT_IDENTITY = /^(variant|unknown|geometry|geography)(\(.*\))?$/;

function canTransform(transform: string, type: IcebergType): boolean {
  const name = transform.replace(/\[\d+\]$/, '');
  if (name === 'void') return true;
  if (!isPrimitive(type)) return false;
  const primitive = type.replace(/\s+/g, '');
  switch (name) {
    case 'identity':
      return !NOT_IDENTITY.test(primitive);
    case 'year':
    case 'month':
    case 'day':
      return TEMPORAL.test(primitive);
    case 'hour':
      return TIMESTAMP.test(primitive);
    case 'bucket':
      return /\[\d+\]$/.test(transform) && BUCKETABLE.test(primitive);
    case 'truncate':
      return /\[\d+\]$/.test(transform) && TRUNCATABLE.test(primitive);
    default:
      // Java reads a transform it does not know as an UnknownTransform and accepts it on any type,
      // so metadata written by a newer client stays readable.
      return true;
  }
}

export function isVoid(transform: string): boolean {
  return transform === 'void';
}

/** Refuses (400, Java's message) a partition or sort field whose transform cannot read its source column. */
export function checkTransform(transform: string, type: IcebergType): void {
  check(canTransform(transform, type), `Invalid source type ${String(type)} for transform: ${transform}`);
}
