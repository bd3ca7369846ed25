/**
 * Authentication: every operation of both path families (and `GET /v1/config`) answers 401
 * NotAuthorizedException without a token and with a bad one, in the Iceberg error shape
 * (`application/json`, `{"error": {"message", "type", "code"}}`, `code` = 401); HEAD answers
 * carry no body. Requests aim at names nobody has, so a server that ignores authentication still
 * changes nothing anybody else owns.
 */
import { describe, expect, it } from 'vitest';
import { createTableBody } from '../../../src/iceberg/builders.js';
import { CONFORMANCE_PREFIX, useIceberg } from '../../../src/iceberg/fixture.js';
import {
  type CallOptions,
  type CatalogOperation,
  describeReply,
  expectError,
  type IcebergClient,
} from '../../../src/iceberg/http.js';

const ice = useIceberg();

const OPERATIONS: CatalogOperation[] = [
  'getConfig',
  'listNamespaces',
  'createNamespace',
  'loadNamespaceMetadata',
  'namespaceExists',
  'dropNamespace',
  'updateProperties',
  'listTables',
  'createTable',
  'registerTable',
  'loadTable',
  'tableExists',
  'updateTable',
  'dropTable',
  'reportMetrics',
  'renameTable',
  'commitTransaction',
];

/** A request that would be valid with a good token, aimed at a run-scoped namespace nobody made. */
function request(operation: CatalogOperation, client: IcebergClient): CallOptions<CatalogOperation> {
  const namespace = [ice.namespaceName('unauthorized', client)];
  const identifier = { namespace, name: 't' };
  const bodies: Partial<Record<CatalogOperation, unknown>> = {
    createNamespace: { namespace },
    updateProperties: { updates: { a: 'b' } },
    createTable: createTableBody('t'),
    registerTable: { name: 't', 'metadata-location': 'file:///nowhere/metadata/00000-unknown.metadata.json' },
    updateTable: { requirements: [], updates: [] },
    reportMetrics: {
      'report-type': 'commit-report',
      'table-name': 't',
      'snapshot-id': 1,
      'sequence-number': 1,
      operation: 'append',
      metrics: {},
    },
    renameTable: { source: identifier, destination: { namespace, name: 'u' } },
    commitTransaction: { 'table-changes': [{ identifier, requirements: [], updates: [] }] },
  };
  return { namespace, table: 't', body: bodies[operation] as never };
}

const CREDENTIALS: Array<[label: string, authorization: string | null]> = [
  ['without a token', null],
  ['with a bad token', 'Bearer not-a-valid-token'],
  ['with Basic credentials', `Basic ${Buffer.from('admin:password').toString('base64')}`],
];

describe.each([
  ['/v1/...', undefined],
  ['/v1/{prefix}/...', CONFORMANCE_PREFIX],
])('authentication on %s', (_family, prefix) => {
  const operations = prefix === undefined ? OPERATIONS : OPERATIONS.filter((op) => op !== 'getConfig');
  it.each(CREDENTIALS)('every operation answers 401 NotAuthorizedException %s', async (_label, authorization) => {
    const client = ice.catalog(prefix);
    for (const operation of operations) {
      const reply = await client.call(operation, { ...request(operation, client), authorization });
      if (operation === 'namespaceExists' || operation === 'tableExists') {
        expect(reply.status, describeReply(reply)).toBe(401);
        expect(reply.text).toBe('');
      } else {
        expectError(reply, 401, 'NotAuthorizedException');
      }
    }
  });
});
