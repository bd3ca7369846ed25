/**
 * TypeDB's rule for database and user names (a TypeQL label): a letter or `_`, then letters,
 * digits, `_` or `-` in the Unicode identifier sense.
 */
const LABEL = /^[_\p{XID_Start}][-\p{XID_Continue}]*$/u;

export function isValidName(name: string): boolean {
  return LABEL.test(name);
}

/** Names starting with `_` belong to the server's internal databases. */
export function isReservedDatabaseName(name: string): boolean {
  return name.startsWith('_');
}
