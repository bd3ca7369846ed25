/**
 * Malformed requests: broken JSON, wrong types, missing members and invalid query parameters answer
 * 400 BadRequestException in the Iceberg error shape (never a 5xx), and change nothing. Unknown
 * members are ignored, as the spec decides (newer clients send fields older servers do not know).
 */
import { expect, it } from 'vitest';
import { createTableBody } from '../../../src/iceberg/builders.js';
import { useIceberg } from '../../../src/iceberg/fixture.js';
import type { CallOptions, CatalogOperation } from '../../../src/iceberg/http.js';
import { TableUnderTest } from '../../../src/iceberg/table.js';
import { describeNeeding } from '../../../src/needs.js';

const ice = useIceberg();

const raw = (text: string) => ({ raw: text });

describeNeeding({ capabilities: ['state-changes'] }, 'malformed requests', () => {
  it('broken JSON answers 400 BadRequestException on every operation with a body', async () => {
    const table = await TableUnderTest.create(ice);
    const at = { namespace: table.namespace, table: table.name };
    const cases: Array<[CatalogOperation, CallOptions<CatalogOperation>]> = [
      ['createNamespace', {}],
      ['updateProperties', at],
      ['createTable', at],
      ['registerTable', at],
      ['updateTable', at],
      ['reportMetrics', at],
      ['renameTable', {}],
      ['commitTransaction', {}],
    ];
    for (const [operation, options] of cases) {
      for (const text of ['{"namespace": ["a"', 'not json', '']) {
        await ice.api.error(operation, { ...options, body: raw(text) }, 400, 'BadRequestException');
      }
    }
    await table.expectUnchanged();
  });

  it('wrong types and missing members answer 400 BadRequestException and change nothing', async () => {
    const table = await TableUnderTest.create(ice);
    const at = { namespace: table.namespace, table: table.name };
    const cases: Array<[CatalogOperation, CallOptions<CatalogOperation>, unknown]> = [
      ['createNamespace', {}, { namespace: 'flat-string' }],
      ['createNamespace', {}, { namespace: [ice.namespaceName()], properties: { n: 1 } }],
      ['createNamespace', {}, {}],
      ['updateProperties', at, { removals: 'owner' }],
      ['createTable', at, { name: 5, schema: createTableBody('x').schema }],
      ['createTable', at, { name: 'no_schema' }],
      ['updateTable', at, { requirements: {}, updates: [] }],
      ['updateTable', at, { updates: [] }],
      ['updateTable', at, { requirements: [], updates: [{ action: 'set-properties', updates: 'a=b' }] }],
      ['renameTable', {}, { source: { namespace: table.namespace, name: table.name } }],
      ['commitTransaction', {}, { 'table-changes': 'all' }],
      ['commitTransaction', {}, []],
    ];
    for (const [operation, options, body] of cases) {
      await ice.api.error(operation, { ...options, body: raw(JSON.stringify(body)) }, 400, 'BadRequestException');
    }
    await table.expectUnchanged();
    await ice.api.error('createTable', { ...at, body: raw('{"name":"x"}') }, 400, 'BadRequestException');
    expect((await ice.api.call('tableExists', { namespace: table.namespace, table: 'no_schema' })).status).toBe(404);
  });

  it('invalid query parameters answer 400 BadRequestException', async () => {
    const table = await TableUnderTest.create(ice);
    const at = { namespace: table.namespace, table: table.name };
    await ice.api.error('listNamespaces', { query: { pageToken: '', pageSize: 0 } }, 400, 'BadRequestException');
    await ice.api.error('listNamespaces', { query: { pageToken: '', pageSize: 'ten' } }, 400, 'BadRequestException');
    await ice.api.error(
      'listTables',
      { namespace: table.namespace, query: { pageToken: '', pageSize: -1 } },
      400,
      'BadRequestException',
    );
    await ice.api.error('loadTable', { ...at, query: { snapshots: 'some' } }, 400, 'BadRequestException');
    await ice.api.error('dropTable', { ...at, query: { purgeRequested: 'maybe' } }, 400, 'BadRequestException');
    await ice.api.noContent('tableExists', at);
  });

  it('unknown members in a body are ignored', async () => {
    const name = ice.namespaceName();
    const { body } = await ice.api.ok('createNamespace', {
      body: raw(JSON.stringify({ namespace: [name], properties: { a: 'b' }, 'added-in-a-future-version': { x: 1 } })),
    });
    expect(body).toMatchObject({ namespace: [name] });
    const table = await TableUnderTest.create(ice, { namespace: [name] });
    const reply = await ice.api.ok('updateTable', {
      namespace: table.namespace,
      table: table.name,
      body: raw(
        JSON.stringify({
          requirements: [],
          updates: [{ action: 'set-properties', updates: { a: 'b' } }],
          'future-member': true,
        }),
      ),
    });
    table.expectAdvanced(reply.body);
  });
});
