/** Messages between the benchmark (parent) and the process serving the targets (child). */

export interface TargetInfo {
  /** Stable id, used in the results. */
  id: 'reference' | 'baseline';
  /** What the target is, for the table. */
  description: string;
  url: string;
  headers: Record<string, string>;
}

export type ChildMessage =
  | { type: 'ready'; targets: TargetInfo[]; body: string; databases: number }
  | { type: 'failed'; message: string };

export type ParentMessage = { type: 'stop' };
