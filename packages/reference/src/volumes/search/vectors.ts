/**
 * Vector arithmetic and the stored form of a chunk. A chunk is stored as bytes, not JSON, so that a
 * search over thousands of chunks reads ~1 KiB per 256-dimension vector and decodes nothing it
 * does not need:
 *
 *   u32 header length | header (UTF-8 JSON: entry id, preview) | zero padding to 4 | float32 vector
 *
 * Every number is little-endian, read through a DataView, so the bytes mean the same on every
 * platform and need no alignment.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Scales `vector` in place to unit length; an all-zero vector stays zero. */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) * scale;
  return vector;
}

/** The dot product, which is the cosine for unit vectors (0 when either is zero). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** What a stored chunk carries besides its vector. */
export interface ChunkHeader {
  entry_id: string;
  /** The start of the chunk's text (`content_preview`). */
  preview: string;
}

export function encodeChunk(header: ChunkHeader, vector: Float32Array): Uint8Array {
  const head = encoder.encode(JSON.stringify({ e: header.entry_id, p: header.preview }));
  const vectorOffset = align4(4 + head.length);
  const bytes = new Uint8Array(vectorOffset + vector.length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, head.length, true);
  bytes.set(head, 4);
  for (let i = 0; i < vector.length; i++) view.setFloat32(vectorOffset + i * 4, vector[i] as number, true);
  return bytes;
}

export function decodeChunkHeader(bytes: Uint8Array): ChunkHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const parsed = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length))) as { e: string; p: string };
  return { entry_id: parsed.e, preview: parsed.p };
}

/** The vector's length in a stored chunk. */
export function chunkDimensions(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (bytes.byteLength - align4(4 + view.getUint32(0, true))) / 4;
}

/** The dot product of `query` with a stored chunk's vector, read in place (no copy, no header decode). */
export function dotStored(query: Float32Array, bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = align4(4 + view.getUint32(0, true));
  let sum = 0;
  for (let i = 0; i < query.length; i++) sum += (query[i] as number) * view.getFloat32(offset + i * 4, true);
  return sum;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
