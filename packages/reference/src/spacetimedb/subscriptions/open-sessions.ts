import type { CloseReason } from './hub.js';

/** Close code and reason for the sessions of a server that shuts down: 1001 "going away". */
export const SHUTDOWN_CLOSE = { code: 1001, reason: 'server shutting down' } as const;

/** What the registry needs of a session. */
export interface OpenSession {
  close(code: number, reason: string): void;
}

/**
 * The WebSocket sessions of one reference and the disconnect hooks still running for closed
 * ones. `close` ends every session and waits for those hooks, so a shutting-down server closes
 * its storage only once every disconnect hook committed (or failed).
 */
export class OpenSessions<S extends OpenSession = OpenSession> {
  private readonly sessions = new Set<S>();
  private readonly hooks = new Set<Promise<void>>();
  private closing = false;

  /** Registers a session; when the reference is shutting down, returns how to close it instead. */
  add(session: S): CloseReason | undefined {
    if (this.closing) return SHUTDOWN_CLOSE;
    this.sessions.add(session);
    return undefined;
  }

  delete(session: S): void {
    this.sessions.delete(session);
  }

  /** The open sessions (for tests and metrics). */
  list(): S[] {
    return [...this.sessions];
  }

  /** Keeps a disconnect hook until it settles (it reports its own failures). */
  track(hook: Promise<void>): void {
    const settled = hook.catch(() => undefined).finally(() => this.hooks.delete(settled));
    this.hooks.add(settled);
  }

  /** Closes every session with 1001 and resolves once every disconnect hook settled. */
  async close(): Promise<void> {
    this.closing = true;
    for (const session of this.list()) session.close(SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
    // A hook may start while others run (a session closing late): wait until none is left.
    while (this.hooks.size > 0) await Promise.all([...this.hooks]);
  }
}
