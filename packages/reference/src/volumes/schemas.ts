import { type JsonSchema, SchemaValidators } from '@dbwire/server-stubs';
import { validationDetail, validationError, valueError } from '@dbwire/server-stubs/volumes';
import type { WriteTransaction } from '@dbwire/storage';
import type { VolumesContext } from './context.js';
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
  context: Pick<VolumesContext, 'schemas' | 'schemaValidators'>,
  volumeId: string,
  schemaId: string,
  content: Record<string, unknown>,
  nowMs: number,
): Promise<void> {
  const configured = context.schemas[schemaId];
  const schema = configured ?? (await schemaEntry(tx, volumeId, schemaId, nowMs));
  if (schema === undefined) throw unusable(schemaId, 'no schema or JSON entry has this id');
  let issues: ReturnType<ReturnType<SchemaValidators['body']>>;
  try {
    // Configured schemas are long-lived objects: the server's validator set compiles each once. An
    // entry's schema is read afresh on every write and is one volume's user data, so it gets a
    // validator set of its own (a shared one would keep every compiled copy, and refuse a second
    // schema with the same `$id` or let one volume's `$ref` reach another's).
    const validators = configured !== undefined ? context.schemaValidators : schemaValidators();
    issues = validators.body(schema as JsonSchema)(content);
  } catch (error) {
    throw unusable(schemaId, `not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (issues.length > 0) {
    throw validationError(
      issues.map((issue) => validationDetail('body', { ...issue, pointer: `/content${issue.pointer}` })),
    );
  }
}

/**
 * A validator set for schemas `schema_id` names, apart from the API's own. It reports every
 * failure, as the volumes 422 does (`volumesErrorShape.reportsEveryIssue`).
 */
export function schemaValidators(): SchemaValidators {
  return new SchemaValidators({ $id: 'dbwire:volumes:entry-schema', $defs: {} }, { allErrors: true });
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
