import { type JsonSchema, SchemaValidators } from '@dbwire/server-stubs';
import { validationDetail, validationError, valueError } from '@dbwire/server-stubs/volumes';
import type { WriteTransaction } from '@dbwire/storage';
import { entryPath } from './paths.js';
import { liveEntry } from './store.js';

/**
 * `schema_id` on a JSON entry: the schema its `content` must satisfy. dbwire servers have no
 * collections, so a `schema_id` names either a schema configured on the server (`schemas` option)
 * or a live JSON entry of the same volume whose `content` is a JSON Schema (2020-12), such as
 * `schemas/ticket.json`. An unknown `schema_id`, or one that is not a usable schema, answers 422
 * at `["body", "schema_id"]`; content that fails it a 422 per failure under `["body", "content"]`.
 */
export async function checkSchema(
  tx: WriteTransaction,
  configured: Record<string, object>,
  volumeId: string,
  schemaId: string,
  content: Record<string, unknown>,
  nowMs: number,
): Promise<void> {
  const schema = configured[schemaId] ?? (await schemaEntry(tx, volumeId, schemaId, nowMs));
  if (schema === undefined) throw unusable(schemaId, 'no schema or JSON entry has this id');
  let issues: ReturnType<ReturnType<SchemaValidators['body']>>;
  try {
    // A fresh validator set per schema: entry schemas are user data, never mixed with the API's own.
    issues = new SchemaValidators({ $id: 'dbwire:volumes:entry-schema', $defs: {} }).body(schema as JsonSchema)(
      content,
    );
  } catch (error) {
    throw unusable(schemaId, `not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (issues.length > 0) {
    throw validationError(
      issues.map((issue) => validationDetail('body', { ...issue, pointer: `/content${issue.pointer}` })),
    );
  }
}

async function schemaEntry(
  tx: WriteTransaction,
  volumeId: string,
  schemaId: string,
  nowMs: number,
): Promise<object | undefined> {
  let path: string;
  try {
    path = entryPath(schemaId, 'read');
  } catch {
    return undefined;
  }
  const entry = await liveEntry(tx, volumeId, path, nowMs);
  return entry?.content_type === 'json' && entry.content ? entry.content : undefined;
}

function unusable(schemaId: string, reason: string) {
  return valueError(['body', 'schema_id'], schemaId, reason);
}
