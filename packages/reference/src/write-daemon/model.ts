import type { components } from '@dbwire/server-stubs/write-daemon';

/** The spec's types this package works with, under short names. */
export type Schemas = components['schemas'];
export type Namespace = Schemas['Namespace'];
export type LifecycleState = Schemas['LifecycleState'];
export type NotWritableReason = Schemas['NotWritableReason'];
export type Operation = Schemas['Operation'];
export type OperationName = Schemas['OperationName'];
export type CoreError = Schemas['CoreError'];
export type CommitResponse = Schemas['CommitResponse'];

/** A namespace as stored: its API form plus what the API does not show. */
export interface StoredNamespace {
  namespace: Namespace;
  /** The reason given with the last lifecycle change (or the delete). */
  lifecycle_reason: string | null;
}

/** The head of a namespace's log. */
export interface LogHead {
  world_seq: number;
  last_commit_id: string | null;
  last_commit_time_ms: number | null;
  /** Where the log starts: 0, or a fork's fork point. */
  base_world_seq: number;
}

/** Who is calling: the principal of a valid token (empty on the public probes). */
export interface WriteDaemonCaller {
  principal: string | undefined;
}
