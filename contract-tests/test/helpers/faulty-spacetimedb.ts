import { createSpacetimedbReference, type SpacetimedbCaller } from '@dbwire/reference/spacetimedb';
import { type AnyHandler, type ApiResponse, HttpResponseError } from '@dbwire/server-stubs';
import { MemoryEngine } from '@dbwire/storage';
import { MESSAGES } from '@dbwire/test-modules/spacetimedb';
import { type Fault, overrideHandler, type RunningServer, serve } from './faulty-server.js';

/** The SpacetimeDB reference host wrapped by `faults`, on a free port (no credentials needed: the suite mints its own). */
export async function startFaultySpacetimedb(
  ...faults: Array<Fault<SpacetimedbCaller | undefined>>
): Promise<RunningServer> {
  const storage = new MemoryEngine();
  const reference = await createSpacetimedbReference({ storage });
  return serve(
    faults.reduce((current, fault) => fault(current), reference.binding),
    async () => {
      await reference.close();
      await storage.close();
    },
    { bodyLimit: reference.bodyLimit },
  );
}

/** The keyed module's reducers that insert a user and then fail (an error, a trap). */
const FAILING_AFTER_INSERT = new Set(['add_then_fail', 'add_then_trap']);

export const spacetimedbFaults = {
  /**
   * A failing reducer's insert is kept (no rollback): `add_then_fail` and `add_then_trap` insert
   * their user through `create_user`, which commits, and then answer the 530 the reducer's failure
   * calls for. Every answer is well-formed; only atomicity is gone.
   */
  keepsFailedReducerRows: overrideHandler<SpacetimedbCaller | undefined>(
    'callReducer',
    (original) => async (request, caller) => {
      const params = request.params as { reducer: string };
      if (!FAILING_AFTER_INSERT.has(params.reducer)) return original(request, caller);
      const args = request.body as unknown[] | { email: unknown; name: unknown };
      const [email, name] = Array.isArray(args) ? args : [args.email, args.name];
      const kept = (await original(
        { ...request, params: { ...params, reducer: 'create_user' }, body: [email, name, 0] },
        caller,
      )) as ApiResponse;
      throw new HttpResponseError({
        status: 530,
        headers: kept.headers,
        // The reducer's own message, as a real failure would answer.
        body: params.reducer === 'add_then_fail' ? MESSAGES.addThenFail : 'the module trapped: unreachable',
        contentType: 'text/plain',
      });
    },
  ),

  /**
   * SQL runs as the database's owner whoever calls: private tables are shown to anyone (and
   * anyone's DML is applied). Every answer is well-formed.
   */
  sqlAsOwner: ((binding) => {
    const handlers = binding.handlers as Record<string, AnyHandler<SpacetimedbCaller | undefined>>;
    const getDatabase = handlers.getDatabase as AnyHandler<SpacetimedbCaller | undefined>;
    return overrideHandler<SpacetimedbCaller | undefined>('runSql', (original) => async (request, caller) => {
      // Every database route authenticates (an anonymous caller is minted), so a caller is always there.
      if (caller === undefined) return original(request, caller);
      let owner = caller.identity;
      try {
        const found = (await getDatabase({ ...request, body: undefined }, caller)) as ApiResponse;
        owner = (found.body as { owner_identity: string }).owner_identity;
      } catch {
        // An unknown database: the original answers its 404.
      }
      return original(request, { ...caller, identity: owner });
    })(binding);
  }) satisfies Fault<SpacetimedbCaller | undefined>,
};
