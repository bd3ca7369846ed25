import type { Embedder } from './types.js';
import { normalize } from './vectors.js';

/**
 * The built-in embedder: feature hashing of words and character trigrams into a fixed number of
 * dimensions, L2-normalised. It needs no model, no download and no network, and the same text gives
 * the same vector on every runtime (the hash reads UTF-16 code units, the arithmetic is 32-bit).
 *
 * It is *lexical*, not semantic: two texts are close when they share words or parts of words
 * ("refund" finds "refunds"; "reimbursement" does not find "refund"). Scores are reproducible, so
 * tests and mocks can assert exact orderings; a real model plugs in behind the same `Embedder`.
 */
export const HASHING_MODEL = 'dbwire-hash-ngram';

/** Words too common to tell texts apart; they carry no feature. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could do does did for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what ' +
    'when where which who why will with would you your'
  ).split(' '),
);

const WORD_WEIGHT = 1;
/** Trigrams let related word forms meet; each counts less than a whole word. */
const TRIGRAM_WEIGHT = 0.35;

export function createHashingEmbedder(dimensions = 256): Embedder {
  if (!Number.isInteger(dimensions) || dimensions < 1)
    throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  return {
    model: HASHING_MODEL,
    dimensions,
    embed: async (texts) => texts.map((text) => hashVector(text, dimensions)),
  };
}

/** The hashing embedder's vector of one text, synchronously (the `semantic` chunker uses it). */
export function hashVector(text: string, dimensions = 256): Float32Array {
  const frequencies = new Map<string, number>();
  const count = (feature: string) => frequencies.set(feature, (frequencies.get(feature) ?? 0) + 1);
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    count(`w:${stem(word)}`);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) count(`t:${padded.slice(i, i + 3)}`);
  }
  const vector = new Float32Array(dimensions);
  for (const [feature, frequency] of frequencies) {
    const hash = fnv1a(feature);
    // Sublinear term frequency: a word repeated ten times should not drown the rest of the text.
    const weight = (feature.startsWith('w:') ? WORD_WEIGHT : TRIGRAM_WEIGHT) * (1 + Math.log(frequency));
    // A sign from other bits of the hash makes colliding features cancel out on average instead of adding up.
    const sign = mix(hash) & 1 ? -1 : 1;
    const bucket = hash % dimensions;
    vector[bucket] = (vector[bucket] as number) + sign * weight;
  }
  return normalize(vector);
}

/** A plural's singular (`refunds`, `policies`, `boxes`), so the two forms share their word feature. */
function stem(word: string): string {
  if (word.length <= 3 || !word.endsWith('s') || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is'))
    return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** Lower-cased runs of letters and digits, after NFKC (so full-width and ligature forms match). */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A final avalanche (MurmurHash3's fmix32), so the sign bit does not follow the bucket bits. */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
