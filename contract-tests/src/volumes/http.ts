import { type components, type operations, type VolumesOperationId, volumesApi } from '@dbwire/server-stubs/volumes';
import { expect } from 'vitest';
import {
  BehaviourApi,
  describeReply,
  expectStatus,
  type OperationRequest,
  type RawBody,
  type Reply,
} from '../behaviour-client.js';
import { REQUEST_TIMEOUT_MS } from '../generic/http.js';

export { describeReply, expectStatus, type Reply } from '../behaviour-client.js';

/**
 * Raw, typed HTTP access to a volumes server for the behaviour suites: one call per operation of
 * the route table, sent once and held to the spec by the shared behaviour client
 * (src/behaviour-client.ts), as one principal of one organization and workspace.
 */
export type Schemas = components['schemas'];
export type Volume = Schemas['Volume'];
export type VolumeEntry = Schemas['VolumeEntry'];
export type VolumeMount = Schemas['VolumeMount'];
export type VolumeLock = Schemas['VolumeLock'];
export type SearchResponse = Schemas['SearchResponse'];
export type DirectoryListing = Schemas['DirectoryListing'];
export type EntryDownloadResponse = Schemas['EntryDownloadResponse'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type ValidationDetail = Schemas['ValidationError'];

/** Who sends: a bearer token and the tenant whose paths it addresses. */
export interface Caller {
  token: string;
  org: string;
  workspace: string;
}

/** The success status of each operation (dbwire's decisions in the spec); acquireLock also answers 200 to a renewal. */
export const SUCCESS: Readonly<Record<VolumesOperationId, number>> = {
  listVolumes: 200,
  createVolume: 201,
  searchAllVolumes: 200,
  getVolume: 200,
  updateVolume: 200,
  deleteVolume: 200,
  listVolumeMounts: 200,
  createVolumeMount: 201,
  deleteVolumeMount: 200,
  readEntry: 200,
  writeEntry: 200,
  deleteEntry: 200,
  listEntries: 200,
  uploadFileEntry: 201,
  getDownloadUrl: 200,
  searchVolume: 200,
  listLocks: 200,
  acquireLock: 201,
  releaseLock: 200,
  reindexVolume: 202,
  downloadBlob: 200,
};

/** The JSON body a success answers, per operation. */
type SuccessBody<Op> = Op extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : R extends { 202: { content: { 'application/json': infer B } } }
        ? B
        : never
  : never;
export type OkBody<Id extends VolumesOperationId> = SuccessBody<operations[Id]>;
/** The JSON request body of an operation (also of those whose body is optional, as reindexVolume's). */
export type RequestBody<Id extends VolumesOperationId> = JsonBodyOf<operations[Id]>;
type JsonBodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

/** The path parameters by name, and the request as the behaviour client takes it. */
export interface CallOptions<Id extends VolumesOperationId> extends Omit<OperationRequest, 'path' | 'body'> {
  volume?: string;
  /** The entry path, sent percent-encoded as one parameter (`/` as `%2F`, which the spec allows). */
  path?: string;
  mount?: string;
  partition?: string;
  /** Another organization or workspace in the URL than the caller's own. */
  org?: string;
  workspace?: string;
  /** A JSON body, `{ raw }` to send text as is, or a `FormData` (uploads). */
  body?: Partial<RequestBody<Id>> | RawBody | FormData;
}

const api = new BehaviourApi<VolumesOperationId>(volumesApi);

export class VolumesClient {
  constructor(
    readonly baseUrl: string,
    readonly caller: Caller,
  ) {}

  get token(): string {
    return this.caller.token;
  }

  /** The same server as another caller. */
  as(caller: Caller): VolumesClient {
    return new VolumesClient(this.baseUrl, caller);
  }

  /** Sends one request; the answer must conform to the spec unless `conform: false`. */
  call<Id extends VolumesOperationId>(operation: Id, options: CallOptions<Id> = {}): Promise<Reply> {
    const { volume, path: entryPath, mount, partition, org, workspace, ...request } = options;
    const path: Record<string, string> = {
      org_id: org ?? this.caller.org,
      workspace_id: workspace ?? this.caller.workspace,
    };
    if (volume !== undefined) path.volume_id = volume;
    if (entryPath !== undefined) path.path = entryPath;
    if (mount !== undefined) path.mount_id = mount;
    if (partition !== undefined) path.partition = partition;
    return api.send(this, operation, { ...request, path });
  }

  /** A call that must succeed with the operation's success status (or `status`); its typed body. */
  async ok<Id extends VolumesOperationId>(
    operation: Id,
    options: CallOptions<Id> = {},
    status: number = SUCCESS[operation],
  ): Promise<Reply<OkBody<Id>>> {
    const reply = await this.call(operation, options);
    expectStatus(reply, status, this.token);
    return reply as Reply<OkBody<Id>>;
  }

  /** A call that must answer the error envelope with `status` and `error`; the envelope. */
  async error<Id extends VolumesOperationId>(
    operation: Id,
    options: CallOptions<Id>,
    status: number,
    code: string,
  ): Promise<ErrorResponse> {
    return expectError(await this.call(operation, options), status, code, this.token);
  }

  /** A call that must answer a FastAPI 422; its details. */
  async invalid<Id extends VolumesOperationId>(operation: Id, options: CallOptions<Id>): Promise<ValidationDetail[]> {
    return expectValidationError(await this.call(operation, options), this.token);
  }

  /** Uploads `bytes` as the file entry at `path` (`fields`: the optional form fields). */
  upload(
    volume: string,
    path: string,
    bytes: Uint8Array,
    options: { type?: string; name?: string; fields?: Record<string, string> } & Pick<
      CallOptions<'uploadFileEntry'>,
      'authorization' | 'conform'
    > = {},
  ): Promise<Reply> {
    const form = new FormData();
    const name = options.name ?? path.split('/').pop() ?? 'file';
    form.append(
      'file',
      new File([bytes as Uint8Array<ArrayBuffer>], name, { type: options.type ?? 'application/octet-stream' }),
    );
    for (const [field, value] of Object.entries(options.fields ?? {})) form.append(field, value);
    return this.call('uploadFileEntry', {
      volume,
      path,
      body: form,
      authorization: options.authorization,
      conform: options.conform,
    });
  }
}

/**
 * The error envelope: the status, `application/json`, `error` the code, `status_code` the status,
 * a message, an object of details and a timestamp. Wording is never checked, only that there is some.
 */
export function expectError(reply: Reply, status: number, code: string, token?: string): ErrorResponse {
  const message = `expected ${status} ${code}\n${describeReply(reply, token)}`;
  const body = reply.body as Partial<ErrorResponse> | undefined;
  expect(reply.status, message).toBe(status);
  expect(reply.mediaType, message).toBe('application/json');
  expect(body?.error, message).toBe(code);
  expect(body?.status_code, message).toBe(status);
  expect(typeof body?.message === 'string' && body.message.length > 0, message).toBe(true);
  expect(typeof body?.details === 'object' && body.details !== null && !Array.isArray(body.details), message).toBe(
    true,
  );
  expect(typeof body?.timestamp, message).toBe('string');
  return body as ErrorResponse;
}

/** FastAPI's 422: `{detail: [{loc, msg, type, ...}]}`, at least one, each `loc` starting where the failure is. */
export function expectValidationError(reply: Reply, token?: string): ValidationDetail[] {
  const message = `expected a 422 validation error\n${describeReply(reply, token)}`;
  expect(reply.status, message).toBe(422);
  expect(reply.mediaType, message).toBe('application/json');
  const detail = (reply.body as { detail?: unknown } | undefined)?.detail;
  expect(Array.isArray(detail) && detail.length > 0, message).toBe(true);
  for (const item of detail as ValidationDetail[]) {
    expect(Array.isArray(item.loc) && item.loc.length > 0, message).toBe(true);
    expect(['body', 'path', 'query', 'header'], message).toContain(item.loc[0]);
    expect(typeof item.msg === 'string' && item.msg.length > 0, message).toBe(true);
    expect(typeof item.type === 'string' && item.type.length > 0, message).toBe(true);
  }
  return detail as ValidationDetail[];
}

/** What following a download URL answered: status, headers (lower-case names) and the bytes. */
export interface Download {
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
  /** The body as JSON, when it is (error answers). */
  json: unknown;
}

/** Follows a download URL as any HTTP client would: a plain GET (or `method`), no token. */
export async function followDownloadUrl(url: string, method = 'GET'): Promise<Download> {
  const response = await fetch(url, { method, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    json = undefined;
  }
  return { status: response.status, headers, bytes, json };
}
