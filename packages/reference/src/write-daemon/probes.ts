import type { StorageEngine } from '@dbwire/storage';
import { keys } from './keys.js';
import type { Schemas } from './model.js';

export const DAEMON_VERSION = '0.1.0';
/** The version of specs/write-daemon.yaml this server implements. */
export const API_VERSION = '0.1.0';

const STORAGE_TIMEOUT_MS = 2000;

/**
 * What the probes report: startup is over once the reference is built (its storage opened and
 * the page-token secret read), liveness ends when it is closed, and health and readiness ask the
 * storage engine for a read in a real transaction.
 */
export class Probes {
  private readonly startedAtMs: number;
  private closing = false;

  constructor(
    private readonly storage: StorageEngine,
    private readonly now: () => number,
  ) {
    this.startedAtMs = now();
  }

  markClosing(): void {
    this.closing = true;
  }

  get live(): boolean {
    return !this.closing;
  }

  uptimeSecs(): number {
    return Math.max(0, Math.floor((this.now() - this.startedAtMs) / 1000));
  }

  /** `undefined` when the storage engine answered a read, else why not. */
  async storageProblem(): Promise<string | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.storage.transact((tx) => tx.get(keys.pageTokenSecret)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${STORAGE_TIMEOUT_MS} ms`)), STORAGE_TIMEOUT_MS);
        }),
      ]);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async readiness(): Promise<Schemas['ReadyzResponse']> {
    const storage = this.closing ? 'the server is shutting down' : await this.storageProblem();
    const checks: Schemas['ReadinessCheck'][] = [
      { name: 'startup', ok: true },
      storage === undefined ? { name: 'storage', ok: true } : { name: 'storage', ok: false, detail: storage },
    ];
    return { status: checks.every((check) => check.ok) ? 'ready' : 'not_ready', checks };
  }
}
