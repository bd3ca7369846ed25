/** Messages between a benchmark (parent) and the process serving its targets (child). */

export interface TargetInfo {
  /** Stable id, used in the results. */
  id: 'reference' | 'baseline';
  /** What the target is, for the table. */
  description: string;
  url: string;
  headers: Record<string, string>;
}

/** The child's one message: ready, with what the parent needs to measure (`Ready`), or failed to start. */
export type ChildMessage<Ready> = ({ type: 'ready' } & Ready) | { type: 'failed'; message: string };

/** What the overhead benchmark's child (servers.ts) is ready with. */
export interface TargetsReady {
  targets: TargetInfo[];
  body: string;
  databases: number;
}

/** What the queries benchmark's child (query-server.ts) is ready with: the reference server and an admin token. */
export interface ServerReady {
  url: string;
  token: string;
}

export type ParentMessage = { type: 'stop' };

/**
 * What the child of a bench on a storage engine (write-daemon-server.ts, iceberg-server.ts,
 * volumes-server.ts; child.ts `serveEngineChild`) is ready with: the base URL of the API it serves.
 */
export interface EngineServerReady {
  url: string;
  /** The storage engine it runs on, as the child opened it. */
  engine: string;
}
