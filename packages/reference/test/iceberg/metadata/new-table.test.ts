import { describe, expect, it } from 'vitest';
import { newTableMetadata } from '../../../src/iceberg/metadata/index.js';
import type { CreateTableRequest } from '../../../src/iceberg/model.js';
import { createRequest, deepFreeze, expectOk, expectRejected, LOCATION, NOW, UUID } from './helpers.js';

const options = { location: LOCATION, tableUuid: UUID, now: NOW };

function create(overrides: Partial<CreateTableRequest> = {}) {
  return newTableMetadata(deepFreeze(createRequest(overrides)), options);
}

describe('newTableMetadata (Java TableMetadata.newTableMetadata)', () => {
  it('builds v2 metadata with the Java defaults', () => {
    const { metadata, changed } = expectOk(create());
    expect(changed).toBe(true);
    expect(metadata).toEqual({
      'format-version': 2,
      'table-uuid': UUID,
      location: LOCATION,
      'last-sequence-number': 0,
      'last-updated-ms': NOW,
      'last-column-id': 3,
      'current-schema-id': 0,
      schemas: [
        {
          type: 'struct',
          'schema-id': 0,
          'identifier-field-ids': [1],
          fields: [
            { id: 1, name: 'id', type: 'long', required: true },
            { id: 2, name: 'ts', type: 'timestamptz', required: false },
            { id: 3, name: 'data', type: 'string', required: false, doc: 'payload' },
          ],
        },
      ],
      'default-spec-id': 0,
      'partition-specs': [{ 'spec-id': 0, fields: [] }],
      'last-partition-id': 999,
      'default-sort-order-id': 0,
      'sort-orders': [{ 'order-id': 0, fields: [] }],
      properties: { 'write.parquet.compression-codec': 'zstd' },
      'current-snapshot-id': -1,
      refs: {},
      snapshots: [],
      statistics: [],
      'partition-statistics': [],
      'snapshot-log': [],
      'metadata-log': [],
    });
    // Java writes the keys in this order (TableMetadataParser).
    expect(Object.keys(metadata).slice(0, 6)).toEqual([
      'format-version',
      'table-uuid',
      'location',
      'last-sequence-number',
      'last-updated-ms',
      'last-column-id',
    ]);
  });

  it('reassigns nested field ids in Java order: a struct’s fields first, then their types', () => {
    const { metadata } = expectOk(
      create({
        schema: {
          type: 'struct',
          fields: [
            {
              id: 50,
              name: 'point',
              required: false,
              type: {
                type: 'struct',
                fields: [
                  { id: 51, name: 'x', type: 'double', required: true },
                  { id: 52, name: 'y', type: 'double', required: true },
                ],
              },
            },
            {
              id: 60,
              name: 'tags',
              required: false,
              type: { type: 'list', 'element-id': 61, element: 'string', 'element-required': false },
            },
            {
              id: 70,
              name: 'attrs',
              required: false,
              type: { type: 'map', 'key-id': 71, key: 'string', 'value-id': 72, value: 'int', 'value-required': true },
            },
          ],
        },
      }),
    );
    const [schema] = metadata.schemas ?? [];
    expect(schema?.fields.map((field) => field.id)).toEqual([1, 2, 3]);
    expect(schema?.fields[0]?.type).toEqual({
      type: 'struct',
      fields: [
        { id: 4, name: 'x', type: 'double', required: true },
        { id: 5, name: 'y', type: 'double', required: true },
      ],
    });
    expect(schema?.fields[1]?.type).toMatchObject({ 'element-id': 6 });
    expect(schema?.fields[2]?.type).toMatchObject({ 'key-id': 7, 'value-id': 8 });
    expect(metadata['last-column-id']).toBe(8);
    expect(schema).not.toHaveProperty('identifier-field-ids');
  });

  it('maps partition and sort fields through the new ids; partition field ids from 1000, order id 1', () => {
    const { metadata } = expectOk(
      create({
        'partition-spec': {
          'spec-id': 7,
          fields: [
            { 'source-id': 7, 'field-id': 5000, name: 'ts_day', transform: 'day' },
            { 'source-id': 3, name: 'id_bucket', transform: 'bucket[16]' },
          ],
        },
        'write-order': {
          'order-id': 9,
          fields: [{ 'source-id': 9, transform: 'identity', direction: 'desc', 'null-order': 'nulls-last' }],
        },
      }),
    );
    expect(metadata['partition-specs']).toEqual([
      {
        'spec-id': 0,
        fields: [
          { name: 'ts_day', transform: 'day', 'source-id': 2, 'field-id': 1000 },
          { name: 'id_bucket', transform: 'bucket[16]', 'source-id': 1, 'field-id': 1001 },
        ],
      },
    ]);
    expect(metadata['last-partition-id']).toBe(1001);
    expect(metadata['sort-orders']).toEqual([
      {
        'order-id': 1,
        fields: [{ transform: 'identity', 'source-id': 3, direction: 'desc', 'null-order': 'nulls-last' }],
      },
    ]);
    expect(metadata['default-sort-order-id']).toBe(1);
  });

  it('takes the format version from the properties and keeps no reserved property', () => {
    const { metadata } = expectOk(
      create({ properties: { 'format-version': '3', uuid: 'x', 'current-snapshot-id': '5', owner: 'ana' } }),
    );
    expect(metadata['format-version']).toBe(3);
    expect(metadata.properties).toEqual({ 'write.parquet.compression-codec': 'zstd', owner: 'ana' });
    expect(metadata['current-snapshot-id']).toBeNull();
    expect(metadata['next-row-id']).toBe(0);
    expect(metadata['last-sequence-number']).toBe(0);
  });

  it('writes the v1 legacy keys and no sequence number', () => {
    const { metadata } = expectOk(
      create({
        properties: { 'format-version': '1' },
        'partition-spec': { fields: [{ 'source-id': 3, name: 'id', transform: 'identity' }] },
      }),
    );
    expect(metadata['format-version']).toBe(1);
    expect(metadata.schema).toEqual(metadata.schemas?.[0]);
    expect(metadata['partition-spec']).toEqual([
      { name: 'id', transform: 'identity', 'source-id': 1, 'field-id': 1000 },
    ]);
    expect(metadata).not.toHaveProperty('last-sequence-number');
    expect(metadata).not.toHaveProperty('next-row-id');
    expect(metadata['current-snapshot-id']).toBe(-1);
  });

  it('lets the request keep its own compression codec and strips a trailing slash from the location', () => {
    const outcome = newTableMetadata(createRequest({ properties: { 'write.parquet.compression-codec': 'snappy' } }), {
      ...options,
      location: `${LOCATION}/`,
    });
    const { metadata } = expectOk(outcome);
    expect(metadata.properties).toEqual({ 'write.parquet.compression-codec': 'snappy' });
    expect(metadata.location).toBe(LOCATION);
  });

  it.each([
    ['0', /format version/],
    ['4', /format version/],
    ['two', /format version/],
  ])('refuses format-version %s with 400', (version, pattern) => {
    expectRejected(create({ properties: { 'format-version': version } }), 400, pattern);
  });

  it('refuses a partition field on an unknown source id', () => {
    expectRejected(
      create({ 'partition-spec': { fields: [{ 'source-id': 99, name: 'p', transform: 'identity' }] } }),
      400,
      /source column 99/,
    );
  });

  it('refuses a sort field on an unknown source id', () => {
    expectRejected(
      create({
        'write-order': {
          'order-id': 1,
          fields: [{ 'source-id': 42, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' }],
        },
      }),
      400,
      /source column 42/,
    );
  });

  it('refuses duplicate column names and duplicate partition names', () => {
    expectRejected(
      create({
        schema: {
          type: 'struct',
          fields: [
            { id: 1, name: 'a', type: 'int', required: true },
            { id: 2, name: 'a', type: 'long', required: true },
          ],
        },
      }),
      400,
      /multiple fields for name a/,
    );
    expectRejected(
      create({
        'partition-spec': {
          fields: [
            { 'source-id': 3, name: 'p', transform: 'identity' },
            { 'source-id': 7, name: 'p', transform: 'day' },
          ],
        },
      }),
      400,
      /more than once/,
    );
  });

  it('refuses a transform the source type cannot take and a partition named after another column', () => {
    expectRejected(
      create({ 'partition-spec': { fields: [{ 'source-id': 9, name: 'd', transform: 'day' }] } }),
      400,
      /Invalid source type string for transform: day/,
    );
    expectRejected(
      create({ 'partition-spec': { fields: [{ 'source-id': 7, name: 'data', transform: 'day' }] } }),
      400,
      /sourced from different field/,
    );
  });

  it('refuses v3 types and initial defaults before v3', () => {
    const schema = {
      type: 'struct' as const,
      fields: [{ id: 1, name: 't', type: 'timestamp_ns', required: false }],
    };
    expectRejected(create({ schema }), 400, /not supported until v3/);
    expectOk(create({ schema, properties: { 'format-version': '3' } }));
    expectRejected(
      create({
        schema: { type: 'struct', fields: [{ id: 1, name: 'n', type: 'int', required: false, 'initial-default': 1 }] },
      }),
      400,
      /initial default/,
    );
  });

  it('refuses an identifier field that is optional', () => {
    expectRejected(
      create({
        schema: {
          type: 'struct',
          'identifier-field-ids': [2],
          fields: [
            { id: 1, name: 'a', type: 'int', required: true },
            { id: 2, name: 'b', type: 'int', required: false },
          ],
        },
      }),
      400,
      /not a required field/,
    );
  });
});
