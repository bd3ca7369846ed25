/**
 * `GET /v1/databases/{name}/schema` and `/type-schema` after `define`: the exact text of TypeDB's
 * formatter (research note §3.1; typedb/typedb `concept/type_/*` `format_syntax`, and
 * `server/service/export_service.rs`):
 *
 * - `define`, then every attribute type, then every entity type, then every relation type, each
 *   group in type-id (creation) order; the result is trimmed, so an empty schema is exactly `define`;
 * - a type is `\n<kind> <label>` with its annotations, then `,\n  sub X`, then its declared
 *   capabilities (relates, owns, plays; each group sorted by label, each with its declared
 *   annotations), then `;`; an attribute's value type is `,\n value <type>` (one space) with the
 *   value-type annotations (`@regex`, `@range`, ...);
 * - `@card(1)` is stored and printed as `@card(1..1)`.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/typedb/capabilities.js';
import {
  QUICKSTART_SCHEMA,
  QUICKSTART_SCHEMA_TEXT,
  QUICKSTART_TYPE_TEXT,
  schemaText,
  TYPEQL_NEEDS,
  useTypeQL,
} from '../../../src/typedb/typeql.js';

const { typedb, q } = useTypeQL();

/** Both endpoints answer 200 text/plain with exactly `text` (no functions are defined, so they agree). */
async function expectSchemaText(database: string, text: string): Promise<void> {
  for (const typesOnly of [false, true]) {
    const schema = await q().schema(database, typesOnly);
    const endpoint = typesOnly ? '/type-schema' : '/schema';
    expect({ status: schema.status, type: schema.type.split(';')[0] }, endpoint).toEqual({
      status: 200,
      type: 'text/plain',
    });
    expect(schema.text, endpoint).toBe(text);
  }
}

/** The research note's example (§3.1; also the spec's example and typedb-tools#287). */
const EXAMPLE_TEXT = `define

attribute name,
 value string;
entity person,
  owns name @key;`;

describeNeeding(TYPEQL_NEEDS, 'schema text', () => {
  it('is exactly `define` for a database without types', async () => {
    const database = await typedb.database('ts-empty');
    await expectSchemaText(database, 'define');
  });

  it("prints the research note's example exactly", async () => {
    const database = await typedb.database('ts-example');
    await q().define(database, 'define attribute name, value string; entity person, owns name @key;');
    await expectSchemaText(database, EXAMPLE_TEXT);
  });

  it('prints attributes before entities whatever the order of definition (commas optional)', async () => {
    const database = await typedb.database('ts-order');
    await q().define(database, 'define entity person owns name @key; attribute name value string;');
    await expectSchemaText(database, EXAMPLE_TEXT);
  });

  it('prints the quickstart schema: owns sorted by label, then plays; relates with its @card', async () => {
    const database = await typedb.database('ts-quickstart');
    await q().define(database, QUICKSTART_SCHEMA);
    await expectSchemaText(database, QUICKSTART_SCHEMA_TEXT);
  });

  it('prints type annotations, sub, value-type annotations and normalised cardinalities', async () => {
    const database = await typedb.database('ts-annotations');
    await q().define(
      database,
      `define
        attribute name, value string;
        attribute email value string @regex("^.+@.+$");
        entity person @abstract, owns name @card(1), plays friendship:friend;
        entity user sub person, owns email @key, owns age @card(0..1);
        relation friendship, relates friend @card(2);
        attribute age value integer @range(0..150);`,
    );
    await expectSchemaText(
      database,
      `define

attribute name,
 value string;
attribute email,
 value string @regex("^.+@.+$");
attribute age,
 value integer @range(0..150);
entity person @abstract,
  owns name @card(1..1),
  plays friendship:friend;
entity user,
  sub person,
  owns age @card(0..1),
  owns email @key;
relation friendship,
  relates friend @card(2..2);`,
    );
  });

  it('keeps creation order within a kind across queries, and sorts capabilities added later', async () => {
    const database = await typedb.database('ts-later');
    await q().define(database, QUICKSTART_SCHEMA);
    await q().define(database, 'define entity zebra; entity aardvark; attribute nickname, value string;');
    await q().define(database, 'define person owns nickname; aardvark owns nickname;');
    const { name, age, email, friendship } = QUICKSTART_TYPE_TEXT;
    await expectSchemaText(
      database,
      schemaText(
        name,
        age,
        email,
        `attribute nickname,
 value string;`,
        `entity person,
  owns age,
  owns email,
  owns name @key,
  owns nickname,
  plays friendship:friend;`,
        'entity zebra;',
        `entity aardvark,
  owns nickname;`,
        friendship,
      ),
    );
  });

  it('starts from `define` again for a database deleted and created anew under the same name', async () => {
    const database = await q().quickstart(typedb, 'ts-recreate');
    await expectSchemaText(database, QUICKSTART_SCHEMA_TEXT);
    const path = { params: { path: { databaseName: database } } };
    expect((await typedb.admin.api.DELETE('/v1/databases/{databaseName}', path)).response.status).toBe(200);
    expect((await typedb.admin.api.POST('/v1/databases/{databaseName}', path)).response.status).toBe(200);
    await expectSchemaText(database, 'define');
    expect(await q().rows(database, 'match entity $t;')).toEqual([]);
  });

  it('is unchanged by a repeated define (define is idempotent)', async () => {
    const database = await typedb.database('ts-idempotent');
    await q().define(database, QUICKSTART_SCHEMA);
    await q().define(database, QUICKSTART_SCHEMA);
    await expectSchemaText(database, QUICKSTART_SCHEMA_TEXT);
  });

  it('shows only committed schema: not a schema transaction still open, nor a one-shot with commit false', async () => {
    const database = await typedb.database('ts-committed');
    await q().define(database, 'define attribute name, value string; entity person, owns name @key;');
    const id = await typedb.open(typedb.admin, database, 'schema');
    expect((await q().query(id, 'define entity robot;')).response.status).toBe(200);
    await expectSchemaText(database, EXAMPLE_TEXT);
    await q().close(id);
    expect((await q().oneShot(database, 'schema', 'define entity robot;', { commit: false })).response.status).toBe(
      200,
    );
    await expectSchemaText(database, EXAMPLE_TEXT);
  });
});
