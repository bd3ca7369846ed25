import { spacetimedbError, spacetimedbJsonError } from '@dbwire/server-stubs/spacetimedb';
import { deletePrefix, getJson, putJson, type ReadTransaction, type WriteTransaction } from '@dbwire/storage';
import { keys } from './keys.js';
import { type DatabaseTarget, nameProblem, parseTarget } from './names.js';

/** What the server keeps about a database besides its rows and logs. */
export interface DatabaseMeta {
  /** The identity that first published it. */
  owner: string;
  /** Keccak-256 of the module bytes it runs (64 hex digits). */
  hash: string;
  /** Its names, in the order they were added. */
  names: string[];
}

export interface Database {
  identity: string;
  meta: DatabaseMeta;
}

/** The actions an owner check names in its 403. */
export type OwnerAction = 'update database' | 'reset database' | 'delete database' | 'view module logs';

/** Module bytes per storage value (Postgres rows stay small; a 32 MiB module is 32 values). */
const MODULE_CHUNK_BYTES = 1024 * 1024;

export function readMeta(tx: ReadTransaction, identity: string): Promise<DatabaseMeta | undefined> {
  return getJson<DatabaseMeta>(tx, keys.meta(identity));
}

export function readName(tx: ReadTransaction, name: string): Promise<string | undefined> {
  return getJson<string>(tx, keys.name(name));
}

/** The identity a target names, if any database answers to it (an identity is returned as is). */
export async function targetIdentity(tx: ReadTransaction, target: DatabaseTarget): Promise<string | undefined> {
  return target.kind === 'identity' ? target.identity : readName(tx, target.name);
}

/** The database `{name_or_identity}` names: 400 for neither, 404 `` `<name>` not found `` or `No such database.` */
export async function resolveDatabase(tx: ReadTransaction, nameOrIdentity: string): Promise<Database> {
  const target = parseTarget(nameOrIdentity);
  const identity = await targetIdentity(tx, target);
  const meta = identity === undefined ? undefined : await readMeta(tx, identity);
  if (identity === undefined || meta === undefined) throw notFound(target);
  return { identity, meta };
}

export function notFound(target: DatabaseTarget) {
  return target.kind === 'name'
    ? spacetimedbError(404, `\`${target.name}\` not found`)
    : spacetimedbError(404, 'No such database.');
}

/** 403 unless `caller` owns the database. */
export function checkOwner(caller: string, database: Database, action: OwnerAction): void {
  if (caller !== database.meta.owner) {
    throw spacetimedbError(
      403,
      `${caller} is not authorized to perform action on database ${database.identity}: ${action}`,
    );
  }
}

/** Keeps the module bytes in chunks of `MODULE_CHUNK_BYTES` under `module/`, replacing any before. */
export async function writeModule(tx: WriteTransaction, identity: string, bytes: Uint8Array): Promise<void> {
  await deletePrefix(tx, keys.modulePrefix(identity));
  for (let chunk = 0, offset = 0; offset < bytes.byteLength || chunk === 0; chunk++, offset += MODULE_CHUNK_BYTES) {
    await tx.put(keys.moduleChunk(identity, chunk), bytes.slice(offset, offset + MODULE_CHUNK_BYTES));
  }
}

export async function readModule(tx: ReadTransaction, identity: string): Promise<Uint8Array> {
  const chunks = await tx.scan({ prefix: keys.modulePrefix(identity) });
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.value.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk.value, offset);
    offset += chunk.value.byteLength;
  }
  return bytes;
}

export function writeMeta(tx: WriteTransaction, identity: string, meta: DatabaseMeta): Promise<void> {
  return putJson(tx, keys.meta(identity), meta);
}

/**
 * Removes the database's record, module, rows and logs, and frees its names. Its owner is kept
 * as a tombstone: the identity is never given to anyone else (see `checkPublishTo`).
 */
export async function deleteDatabase(tx: WriteTransaction, database: Database): Promise<void> {
  for (const name of database.meta.names) await tx.delete(keys.name(name));
  await deletePrefix(tx, keys.database(database.identity));
  await putJson(tx, keys.tombstone(database.identity), { owner: database.meta.owner });
}

/** The owner a deleted database had, if `identity` is one. */
export async function readFormerOwner(tx: ReadTransaction, identity: string): Promise<string | undefined> {
  return (await getJson<{ owner: string }>(tx, keys.tombstone(identity)))?.owner;
}

/** 400 text unless `name` is a database name, as the names routes word it. */
export function checkName(name: string): void {
  const problem = nameProblem(name);
  if (problem !== undefined) throw spacetimedbError(400, `Error parsing \`${name}\`: ${problem}`);
}

/**
 * Binds one more name (`POST …/names`): only the owner may; a name of someone else's database is
 * 401 `PermissionDenied`, one of another database of the caller 400; a name it already has is fine.
 */
export async function addName(tx: WriteTransaction, caller: string, database: Database, name: string): Promise<void> {
  if (caller !== database.meta.owner) throw spacetimedbJsonError(401, { PermissionDenied: { domain: name } });
  const holder = await readName(tx, name);
  if (holder === database.identity) return;
  if (holder !== undefined) {
    const other = await readMeta(tx, holder);
    if (other !== undefined && other.owner !== caller) {
      throw spacetimedbJsonError(401, { PermissionDenied: { domain: name } });
    }
    if (other !== undefined) throw spacetimedbError(400, `Cannot add ${name}: it already names database ${holder}`);
  }
  await putJson(tx, keys.name(name), database.identity);
  await writeMeta(tx, database.identity, { ...database.meta, names: [...database.meta.names, name] });
}

/**
 * Replaces every name (`PUT …/names`): owner only (401 `NotYourDatabase`); a name of someone
 * else's database is 401 `PermissionDenied`, one of another database of the caller 400
 * `OtherError`; nothing changes then.
 */
export async function setNames(
  tx: WriteTransaction,
  caller: string,
  database: Database,
  names: string[],
): Promise<void> {
  for (const name of names) checkName(name);
  if (caller !== database.meta.owner) {
    throw spacetimedbJsonError(401, { NotYourDatabase: { database: database.identity } });
  }
  const wanted = [...new Set(names)];
  for (const name of wanted) {
    const holder = await readName(tx, name);
    if (holder === undefined || holder === database.identity) continue;
    const other = await readMeta(tx, holder);
    if (other === undefined) continue;
    if (other.owner !== caller) throw spacetimedbJsonError(401, { PermissionDenied: null });
    throw spacetimedbJsonError(400, { OtherError: `${name} already names database ${holder}` });
  }
  for (const name of database.meta.names) if (!wanted.includes(name)) await tx.delete(keys.name(name));
  for (const name of wanted) await putJson(tx, keys.name(name), database.identity);
  await writeMeta(tx, database.identity, { ...database.meta, names: wanted });
}
