import type { IndexedEntry } from './types.js';

/**
 * The searchable text of an entry:
 * - text entries: `content_text`;
 * - JSON entries: the content flattened to `key: value` lines (nested keys joined with `.`, array
 *   items numbered `key[0]`, arrays of plain values on one line), so keys are searchable too;
 * - file entries: the extracted `content_text` when there is one, else the bytes decoded as UTF-8
 *   when the MIME type is textual; other files have no text and no chunks.
 */
export function entryText(entry: IndexedEntry): string {
  if (entry.content_text) return entry.content_text;
  if (entry.content_type === 'json' && entry.content) return flattenJson(entry.content).join('\n');
  if (entry.content_type === 'file' && entry.bytes && isTextual(entry.mime_type)) {
    // Not fatal: a stray invalid byte should not make a whole text file unsearchable.
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(entry.bytes);
  }
  return '';
}

/** `key: value` lines for every leaf of a JSON value; nulls and empty containers say nothing and are left out. */
export function flattenJson(value: unknown, key = ''): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) {
      const items = value.filter((item) => item !== null).map(String);
      return items.length === 0 ? [] : [line(key, items.join(', '))];
    }
    return value.flatMap((item, index) => flattenJson(item, `${key}[${index}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([name, child]) =>
      flattenJson(child, key ? `${key}.${name}` : name),
    );
  }
  return [line(key, String(value))];
}

function line(key: string, value: string): string {
  return key ? `${key}: ${value}` : value;
}

const TEXTUAL_APPLICATION = new Set([
  'application/json',
  'application/ld+json',
  'application/xml',
  'application/xhtml+xml',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/typescript',
  'application/x-ndjson',
  'application/x-yaml',
  'application/yaml',
  'application/toml',
  'application/sql',
  'application/x-sh',
  'application/csv',
  'application/rtf',
]);

/** Whether a MIME type names text: `text/*`, the textual `application/*` types, and `+json`/`+xml` suffixes. */
export function isTextual(mimeType: string | null | undefined): boolean {
  if (!mimeType) return false;
  const essence = (mimeType.split(';')[0] as string).trim().toLowerCase();
  return (
    essence.startsWith('text/') ||
    TEXTUAL_APPLICATION.has(essence) ||
    essence.endsWith('+json') ||
    essence.endsWith('+xml')
  );
}
