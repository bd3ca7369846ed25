import type { BsatnRowList } from './common.js';
import { ProtocolDecodeError } from './errors.js';

/** The largest row `FixedSize` can describe (its size is a u16). */
const MAX_FIXED_ROW_SIZE = 0xffff;

/**
 * The rows (each one's BSATN) as a `BsatnRowList`, with the size hint the product's builder picks:
 * `FixedSize` when there are rows and all have the same non-zero size that fits a u16, else
 * `RowOffsets` (also for no rows at all).
 */
export function encodeRowList(rows: readonly Uint8Array[]): BsatnRowList {
  let total = 0;
  for (const row of rows) total += row.length;
  const rowsData = new Uint8Array(total);
  const offsets: bigint[] = [];
  let at = 0;
  for (const row of rows) {
    offsets.push(BigInt(at));
    rowsData.set(row, at);
    at += row.length;
  }
  const first = rows[0]?.length ?? 0;
  const fixed = first > 0 && first <= MAX_FIXED_ROW_SIZE && rows.every((row) => row.length === first);
  return { size_hint: fixed ? { FixedSize: first } : { RowOffsets: offsets }, rows_data: rowsData };
}

/**
 * The rows of a `BsatnRowList`, each a view into `rows_data`. Throws `ProtocolDecodeError` when
 * the hint does not fit the data (a zero `FixedSize`, data not a multiple of it, offsets out of
 * order or beyond the data).
 */
export function decodeRowList(list: BsatnRowList): Uint8Array[] {
  const data = list.rows_data;
  const hint = list.size_hint;
  const rows: Uint8Array[] = [];
  if ('FixedSize' in hint) {
    const size = hint.FixedSize;
    if (size === 0) {
      if (data.length === 0) return rows;
      throw new ProtocolDecodeError('row list: FixedSize 0 with data');
    }
    if (data.length % size !== 0) {
      throw new ProtocolDecodeError(`row list: ${data.length} bytes is not a multiple of FixedSize ${size}`);
    }
    for (let at = 0; at < data.length; at += size) rows.push(data.subarray(at, at + size));
    return rows;
  }
  const offsets = hint.RowOffsets;
  for (let index = 0; index < offsets.length; index++) {
    const start = offsets[index] as bigint;
    const end = index + 1 < offsets.length ? (offsets[index + 1] as bigint) : BigInt(data.length);
    if (start > end || end > BigInt(data.length)) {
      throw new ProtocolDecodeError(`row list: bad offset ${start} of row ${index} (${data.length} bytes)`);
    }
    rows.push(data.subarray(Number(start), Number(end)));
  }
  return rows;
}
