/**
 * dbwire's limits on SATS input (BSATN from a module or a client, SATS-JSON from an HTTP body), so
 * that hostile input fails with the codec's own error instead of exhausting the stack, the memory
 * or the CPU. The real SpacetimeDB has no such documented limits; these are far above what any
 * module or client needs.
 */

/**
 * How deep a value may nest: products, sums and arrays inside one another, counted per level of
 * the type (a self-referencing type would otherwise recurse as long as the input lets it).
 */
export const MAX_VALUE_DEPTH = 1024;

/**
 * The most elements a BSATN array of zero-sized elements (`()`, products of nothing) may hold:
 * every other element takes at least a byte, so the input's length bounds its count, but these
 * take none and the u32 count alone would make up to 4 billion of them.
 */
export const MAX_ZERO_SIZED_ELEMENTS = 65_536;

/** The most significant digits a decimal integer may have: a U256 has 78. */
export const MAX_INTEGER_DIGITS = 78;

/** How many characters of a value an error message echoes before cutting it short. */
export const MAX_ECHOED_CHARS = 100;

/** `text` as an error message may quote it: at most `MAX_ECHOED_CHARS` characters, then `…`. */
export function clipForMessage(text: string): string {
  return text.length > MAX_ECHOED_CHARS ? `${text.slice(0, MAX_ECHOED_CHARS)}…` : text;
}
