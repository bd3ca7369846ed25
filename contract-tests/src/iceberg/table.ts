import { parseJson } from '@dbwire/json';
import { expect } from 'vitest';
import type { IcebergFixture } from './fixture.js';
import {
  type CommitTableResponse,
  describeReply,
  expectError,
  type IcebergClient,
  type Reply,
  type RequestBody,
  type TableMetadata,
  type TableRequirement,
  type TableUpdate,
} from './http.js';

/** The 400 types the spec names for a malformed or invalid update (`BadRequest`). */
export const BAD_REQUEST = ['BadRequestException', 'ValidationException'] as const;

/**
 * One table a test commits to, with what it last saw of it (metadata, metadata location). Every
 * successful commit is held to the spec's rule for metadata files: a commit that changes the table
 * gets a new `metadata-location`, and the previous one is the newest entry of `metadata-log`; every
 * refused commit must have written nothing.
 */
export class TableUnderTest {
  constructor(
    readonly client: IcebergClient,
    readonly namespace: string[],
    readonly name: string,
    public metadata: TableMetadata,
    public metadataLocation: string,
  ) {}

  /** Creates a table (in a fresh namespace unless one is given). */
  static async create(
    fixture: IcebergFixture,
    options: {
      namespace?: string[];
      name?: string;
      body?: Omit<Partial<RequestBody<'createTable'>>, 'name'>;
      client?: IcebergClient;
    } = {},
  ): Promise<TableUnderTest> {
    const client = options.client ?? fixture.api;
    const namespace = options.namespace ?? (await fixture.namespace({ client }));
    const made = await fixture.table(namespace, { name: options.name, body: options.body, client });
    return new TableUnderTest(client, namespace, made.name, made.metadata, made['metadata-location'] as string);
  }

  /** The table root (`metadata.location`). */
  get location(): string {
    return this.metadata.location as string;
  }

  get identifier() {
    return { namespace: this.namespace, name: this.name };
  }

  /** Commits; expects 200, a new metadata location and the old one in metadata-log. */
  async commit(updates: TableUpdate[], requirements: TableRequirement[] = []): Promise<CommitTableResponse> {
    const reply = await this.client.ok('updateTable', {
      namespace: this.namespace,
      table: this.name,
      body: { requirements, updates },
    });
    this.expectAdvanced(reply.body, describeReply(reply));
    expect(reply.headers.etag, `ETag on commit\n${describeReply(reply)}`).toBeTruthy();
    return reply.body;
  }

  /** Commits and answers the raw reply, for tests that read int64 fields from the text. */
  async commitRaw(updates: TableUpdate[], requirements: TableRequirement[] = []): Promise<Reply<CommitTableResponse>> {
    const reply = await this.client.ok('updateTable', {
      namespace: this.namespace,
      table: this.name,
      body: { requirements, updates },
    });
    this.expectAdvanced(reply.body, describeReply(reply));
    return reply;
  }

  /** Expects a commit to be refused with `status`/`type` and to leave the table as it was. */
  async reject(
    updates: unknown[],
    requirements: unknown[],
    status: number,
    type: string | readonly string[],
  ): Promise<void> {
    const reply = await this.client.call('updateTable', {
      namespace: this.namespace,
      table: this.name,
      body: { requirements, updates } as RequestBody<'updateTable'>,
    });
    expectError(reply, status, type, this.client.token);
    await this.expectUnchanged();
  }

  /** The table as stored now must be what this object last saw (nothing was written). */
  async expectUnchanged(): Promise<void> {
    const loaded = await this.load();
    expect(loaded['metadata-location'], 'a refused commit must write nothing').toBe(this.metadataLocation);
    expect(loaded.metadata).toEqual(this.metadata);
  }

  async load() {
    return (await this.client.ok('loadTable', { namespace: this.namespace, table: this.name })).body;
  }

  /** The stored metadata parsed without loss (int64 beyond 2^53 as bigint). */
  async loadExact(): Promise<Record<string, unknown>> {
    const reply = await this.client.ok('loadTable', { namespace: this.namespace, table: this.name });
    return (parseJson(reply.text) as { metadata: Record<string, unknown> }).metadata;
  }

  /** Re-reads the table (after changes made by other requests than `commit`). */
  async refresh(): Promise<void> {
    const loaded = await this.load();
    this.metadata = loaded.metadata;
    this.metadataLocation = loaded['metadata-location'] as string;
  }

  /** Checks a commit answer against the last seen state and remembers it. */
  expectAdvanced(body: CommitTableResponse, context = ''): void {
    expect(body['metadata-location'], `a commit that changes the table gets a new metadata file\n${context}`).not.toBe(
      this.metadataLocation,
    );
    const log = body.metadata['metadata-log'] ?? [];
    expect(log.at(-1)?.['metadata-file'], `the previous metadata file ends metadata-log\n${context}`).toBe(
      this.metadataLocation,
    );
    this.metadata = body.metadata;
    this.metadataLocation = body['metadata-location'];
  }
}
