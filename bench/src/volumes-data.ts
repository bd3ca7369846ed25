/**
 * What the volumes benchmark writes and searches: JSON entries of about 1 KB made of words from a
 * fixed vocabulary, and search queries of a few of those words. Everything comes from a seeded
 * generator, so every run writes the same entries and asks the same queries.
 */

/** A small, fast, seeded generator (mulberry32): the same seed gives the same sequence on every runtime. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'st', 'tr', 'pl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const CODAS = ['', 'n', 'r', 's', 'l', 'nd', 'st'];

/**
 * 600 distinct pseudo-words of two or three syllables: enough that random bodies share words (the
 * hashing embedder scores word and trigram overlap) without every entry scoring the same.
 */
function vocabulary(size: number): string[] {
  const random = seeded(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const words = new Set<string>();
  while (words.size < size) {
    const syllables = 2 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(VOWELS);
    words.add(word + pick(CODAS));
  }
  return [...words];
}

const WORDS = vocabulary(600);
const TAGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];

function words(random: () => number, count: number): string {
  return Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)] as string).join(' ');
}

/** The JSON content of an entry: a title, a body that brings the whole to about `bytes`, a serial number. */
export interface EntryContent {
  serial: number;
  title: string;
  body: string;
  source: string;
}

/** Entry `serial`'s content (the same for the same serial and size), about `bytes` long as JSON. */
export function entryContent(serial: number, bytes: number): EntryContent {
  const random = seeded(serial + 1);
  const content: EntryContent = { serial, title: words(random, 6), body: '', source: 'dbwire-bench' };
  const overhead = JSON.stringify(content).length;
  const parts: string[] = [];
  let length = overhead;
  while (length < bytes) {
    const word = WORDS[Math.floor(random() * WORDS.length)] as string;
    parts.push(word);
    length += word.length + 1;
  }
  content.body = parts.join(' ');
  return content;
}

/** The tags of entry `serial`: one of eight, so tag filters would select an eighth. */
export function entryTags(serial: number): string[] {
  return [TAGS[serial % TAGS.length] as string];
}

/** The body of `PUT .../entries/{path}` for entry `serial`. */
export function writeBody(serial: number, bytes: number): string {
  return JSON.stringify({ content: entryContent(serial, bytes), tags: entryTags(serial) });
}

/** `count` search queries of three vocabulary words each. */
export function searchQueries(count: number): string[] {
  const random = seeded(99);
  return Array.from({ length: count }, () => words(random, 3));
}
