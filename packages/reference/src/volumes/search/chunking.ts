import { hashVector } from './hashing.js';
import type { ChunkingStrategy } from './types.js';
import { dot, normalize } from './vectors.js';

/**
 * Cutting an entry's text into the chunks that get embedded. Sizes are in tokens, counted as the
 * usual estimate of 4 characters a token (no tokenizer: the result must not depend on a model).
 */
export interface ChunkOptions {
  /** Largest chunk, in tokens (default 800). */
  size?: number;
  /** Tokens a chunk repeats from the end of the previous one (default 100; `recursive` and `fixed`). */
  overlap?: number;
}

export const CHARS_PER_TOKEN = 4;
export const DEFAULT_CHUNK_TOKENS = 800;
export const DEFAULT_OVERLAP_TOKENS = 100;

/**
 * A sentence less similar than this (cosine of hashing vectors) to the chunk so far starts a new
 * chunk in the `semantic` strategy. With `SEMANTIC_DIMENSIONS` unrelated sentences score about
 * 0 ± 0.03, sentences sharing a topic word 0.15 and more.
 */
export const SEMANTIC_BREAK_SIMILARITY = 0.1;
/** Wider than the stored vectors: these are never stored, and fewer hash collisions mean less noise. */
const SEMANTIC_DIMENSIONS = 1024;

/** Paragraphs, then lines, then sentences, then words: the first that occurs splits a text too long. */
const SEPARATORS = [/\n[^\S\n]*\n\s*/g, /\n/g, /(?<=[.!?…。！？])\s+/g, /\s+/g];
const SENTENCE_END = /(?<=[.!?…。！？])\s+|\n\s*/g;

/**
 * The chunks of `text`, trimmed, none empty, each at most `size` tokens:
 * - `recursive`: pieces split on the coarsest separator that makes them fit, merged back up to the
 *   size; a chunk starts with the last pieces (up to `overlap` tokens) of the one before;
 * - `fixed`: windows of exactly `size` tokens advancing by `size - overlap`, wherever they fall;
 * - `semantic`: sentences grouped while each stays similar to the group so far (hashing vectors),
 *   a new chunk where the topic changes or the size would be exceeded; no overlap;
 * - `none`: the whole text as one chunk, whatever its length.
 */
export function chunkText(text: string, strategy: ChunkingStrategy, options: ChunkOptions = {}): string[] {
  const maxChars = Math.max(1, Math.floor((options.size ?? DEFAULT_CHUNK_TOKENS) * CHARS_PER_TOKEN));
  const overlapChars = Math.min(
    Math.max(0, Math.floor((options.overlap ?? DEFAULT_OVERLAP_TOKENS) * CHARS_PER_TOKEN)),
    maxChars - 1,
  );
  switch (strategy) {
    case 'none':
      return clean([text]);
    case 'fixed':
      return clean(hardCut(text, maxChars, overlapChars));
    case 'semantic':
      return clean(semanticGroups(text, maxChars));
    case 'recursive':
      return clean(merge(split(text, maxChars, 0), maxChars, overlapChars));
  }
}

function clean(chunks: string[]): string[] {
  return chunks.map((chunk) => chunk.trim()).filter((chunk) => chunk.length > 0);
}

/** `text` cut after every match of `separator`, each separator kept at the end of its piece. */
function splitKeeping(text: string, separator: RegExp): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(separator)) {
    const end = match.index + match[0].length;
    if (end > start && end < text.length) {
      pieces.push(text.slice(start, end));
      start = end;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Pieces of at most `maxChars`, split on the coarsest separator that occurs. */
function split(text: string, maxChars: number, level: number): string[] {
  if (text.length <= maxChars) return [text];
  const separator = SEPARATORS[level];
  if (separator === undefined) return hardCut(text, maxChars, 0);
  const parts = splitKeeping(text, separator);
  if (parts.length === 1) return split(text, maxChars, level + 1);
  return parts.flatMap((part) => split(part, maxChars, level + 1));
}

/** Consecutive pieces joined into chunks of at most `maxChars`, each new chunk starting with the last pieces of the one before. */
function merge(pieces: string[], maxChars: number, overlapChars: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (length + piece.length > maxChars && current.length > 0) {
      chunks.push(current.join(''));
      // Carry whole pieces only, and never the whole chunk (the next one must move forward).
      let kept: string[] = [];
      let keptLength = 0;
      for (let i = current.length - 1; i >= 1; i--) {
        const candidate = current[i] as string;
        if (keptLength + candidate.length > overlapChars) break;
        kept = [candidate, ...kept];
        keptLength += candidate.length;
      }
      while (kept.length > 0 && keptLength + piece.length > maxChars) keptLength -= (kept.shift() as string).length;
      current = kept;
      length = keptLength;
    }
    current.push(piece);
    length += piece.length;
  }
  if (current.length > 0) chunks.push(current.join(''));
  return chunks;
}

/** Windows of `size` characters stepping by `size - overlap`; never splits a surrogate pair. */
function hardCut(text: string, size: number, overlap: number): string[] {
  const windows: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length && isLowSurrogate(text.charCodeAt(end)) && end - 1 > start) end--;
    windows.push(text.slice(start, end));
    if (end >= text.length) break;
    let next = Math.max(start + 1, end - overlap);
    if (isLowSurrogate(text.charCodeAt(next))) next++;
    start = next;
  }
  return windows;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function semanticGroups(text: string, maxChars: number): string[] {
  const sentences = splitKeeping(text, SENTENCE_END)
    .flatMap((sentence) => split(sentence, maxChars, 0))
    .filter((sentence) => sentence.trim().length > 0);
  const groups: string[] = [];
  let current = '';
  let centroid: Float32Array | undefined;
  for (const sentence of sentences) {
    const vector = hashVector(sentence, SEMANTIC_DIMENSIONS);
    // A sentence without features ("It is.") says nothing about a change of topic: it stays.
    const featureless = vector.every((value) => value === 0);
    const similar =
      centroid === undefined ||
      featureless ||
      dot(normalize(Float32Array.from(centroid)), vector) >= SEMANTIC_BREAK_SIMILARITY;
    if (current && (!similar || current.length + sentence.length > maxChars)) {
      groups.push(current);
      current = '';
      centroid = undefined;
    }
    current += sentence;
    if (centroid === undefined) centroid = Float32Array.from(vector);
    else for (let i = 0; i < vector.length; i++) centroid[i] = (centroid[i] as number) + (vector[i] as number);
  }
  if (current) groups.push(current);
  return groups;
}
