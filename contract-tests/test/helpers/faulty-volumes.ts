import { createVolumesReference, parseTokenSpec, type VolumesCaller } from '@dbwire/reference/volumes';
import type { AnyHandler, ApiBinding } from '@dbwire/server-stubs';
import { MemoryEngine } from '@dbwire/storage';
import { type ControlledClock, startControlledClock } from '../../src/volumes/clock.js';
import { type Fault, type RunningServer, serve } from './faulty-server.js';

/** The tokens the faulty stores accept: the main admin and an admin of another organization. */
export const FAULTY_VOLUMES_TOKENS = {
  main: 'dev-token',
  otherTenant: 'other-tenant=other-org/other-workspace:admin',
} as const;

export interface FaultyVolumes extends RunningServer {
  /** The store's clock, movable through `clock.url` (the CLI's --clock-url). */
  clock: ControlledClock;
}

/**
 * The volumes reference store wrapped by `faults`, on a free port, with a clock the suite may move.
 * `faults` get the store's options too, so a fault can run a second store over the same engine
 * (a second view of the same data).
 */
export async function startFaultyVolumes(
  ...faults: Array<(options: FaultContext) => Promise<Fault<VolumesCaller>> | Fault<VolumesCaller>>
): Promise<FaultyVolumes> {
  const storage = new MemoryEngine();
  const clock = await startControlledClock();
  const tokens = Object.fromEntries(
    ['dev-token=dev-org/dev-workspace:admin', FAULTY_VOLUMES_TOKENS.otherTenant].map(parseTokenSpec),
  );
  const context: FaultContext = { storage, tokens, closers: [] };
  const reference = await createVolumesReference({ storage, tokens, now: clock.now });
  let binding: ApiBinding<VolumesCaller> = reference.binding;
  for (const make of faults) binding = (await make(context))(binding);
  const server = await serve(
    binding,
    async () => {
      await reference.close();
      for (const close of context.closers) await close();
      await storage.close();
      await clock.close();
    },
    { bodyLimit: reference.bodyLimit },
  );
  return { ...server, clock };
}

interface FaultContext {
  storage: MemoryEngine;
  tokens: Record<string, ReturnType<typeof parseTokenSpec>[1]>;
  closers: Array<() => Promise<void>>;
}

/** Every handler of the binding wrapped by `wrap`. */
function everyHandler(
  binding: ApiBinding<VolumesCaller>,
  wrap: (operationId: string, handler: AnyHandler<VolumesCaller>) => AnyHandler<VolumesCaller>,
): ApiBinding<VolumesCaller> {
  const handlers: Record<string, AnyHandler<VolumesCaller>> = {};
  for (const [id, handler] of Object.entries(binding.handlers as Record<string, AnyHandler<VolumesCaller>>)) {
    handlers[id] = wrap(id, handler);
  }
  return { ...binding, handlers };
}

export const volumesFaults = {
  /**
   * The tenant comes from the path, not from the token: any valid token reaches any organization's
   * volumes (a store that checks authentication but forgets to scope by it). Every answer is
   * well-formed.
   */
  tenantFromPath: (): Fault<VolumesCaller> => (binding) =>
    everyHandler(binding, (_id, handler) => (request, caller) => {
      const params = request.params as { org_id?: string; workspace_id?: string };
      const scoped =
        params.org_id === undefined || params.workspace_id === undefined
          ? caller
          : { ...caller, org_id: params.org_id, workspace_id: params.workspace_id };
      return handler(request, scoped);
    }),

  /**
   * Download URLs never expire: the download route checks signatures against a clock stuck at the
   * epoch (a second store over the same engine and secret), so an expired URL still serves.
   */
  urlsNeverExpire: async ({ storage, tokens, closers }: FaultContext): Promise<Fault<VolumesCaller>> => {
    const stuck = await createVolumesReference({ storage, tokens, now: () => 0 });
    closers.push(() => stuck.close());
    const download = (stuck.binding.handlers as Record<string, AnyHandler<VolumesCaller>>).downloadBlob;
    if (!download) throw new Error('No downloadBlob handler');
    return (binding) => ({ ...binding, handlers: { ...binding.handlers, downloadBlob: download } });
  },
};
