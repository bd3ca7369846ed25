/**
 * Timestamps as dbwire servers send them: ISO-8601 UTC with microseconds and a `Z` suffix
 * (`2025-01-01T00:00:00.000000Z`, the product's naive form plus the zone).
 */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}
