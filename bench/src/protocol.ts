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

/** What the write-daemon benchmark's child (write-daemon-server.ts) is ready with: the write daemon's base URL. */
export interface WriteDaemonReady {
  url: string;
  /** The storage engine it runs on, as the child opened it. */
  engine: string;
}

/** What the Iceberg benchmark's child (iceberg-server.ts) is ready with: the catalog's base URL. */
export interface IcebergReady {
  url: string;
  /** The storage engine it runs on, as the child opened it. */
  engine: string;
}

/** What the volumes benchmark's child (volumes-server.ts) is ready with: the volumes store's base URL. */
export interface VolumesReady {
  url: string;
  /** The storage engine it runs on, as the child opened it. */
  engine: string;
}
