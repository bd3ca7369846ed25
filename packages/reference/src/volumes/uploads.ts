import { validationError, valueError } from '@dbwire/server-stubs/volumes';
import { tooLarge } from './auth.js';
import type { Content, WriteCommon } from './entries.js';

/** The multipart body of `uploadFileEntry`, as the dispatcher hands it over (form fields coerced). */
export interface UploadForm {
  file: unknown;
  tags?: string;
  metadata?: string;
  ttl_seconds?: number;
  app_id?: string;
  execution_id?: string;
}

/**
 * An upload's content and write options: the `file` part's bytes (413 over `limit`), its type (the
 * part's `Content-Type`, else sniffed from the bytes), and the JSON-string form fields `tags` and
 * `metadata`, each checked as its `writeEntry` counterpart is (422 at `["body", <field>]`).
 */
export async function readUpload(form: UploadForm, limit: number): Promise<{ content: Content; common: WriteCommon }> {
  const file = Array.isArray(form.file) ? undefined : form.file;
  if (!(file instanceof Blob)) {
    throw validationError([
      { loc: ['body', 'file'], msg: 'Expected UploadFile, received a text field', type: 'value_error', input: null },
    ]);
  }
  if (file.size > limit) throw tooLarge(limit);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const declared = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  const mimeType =
    declared !== '' && declared !== 'application/octet-stream'
      ? file.type
      : (sniff(bytes) ?? 'application/octet-stream');
  return {
    content: { content_type: 'file', bytes, mime_type: mimeType },
    common: {
      ttl_seconds: form.ttl_seconds ?? null,
      ...(form.tags !== undefined ? { tags: jsonField('tags', form.tags, isTags) } : {}),
      ...(form.metadata !== undefined ? { metadata: jsonField('metadata', form.metadata, isObject) } : {}),
      app_id: form.app_id ?? null,
      execution_id: form.execution_id ?? null,
    },
  };
}

function jsonField<T>(name: 'tags' | 'metadata', text: string, check: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (check(value)) return value;
  const expected = name === 'tags' ? 'a JSON array of at most 50 strings of 1 to 64 characters' : 'a JSON object';
  throw valueError(['body', name], text, `expected ${expected}`);
}

function isTags(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= 50 &&
    value.every((tag) => typeof tag === 'string' && tag.length >= 1 && tag.length <= 64)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SIGNATURES: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'application/pdf'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
  [[0x1f, 0x8b], 'application/gzip'],
];

/** The type a part without `Content-Type` has by its first bytes: a few well-known signatures, else UTF-8 text. */
function sniff(bytes: Uint8Array): string | undefined {
  for (const [signature, type] of SIGNATURES) {
    if (signature.every((byte, i) => bytes[i] === byte)) return type;
  }
  if (bytes.byteLength === 0 || bytes.includes(0)) return undefined;
  try {
    // `stream` lets the sample end inside a character without counting that as invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096), { stream: true });
    return 'text/plain';
  } catch {
    return undefined;
  }
}
