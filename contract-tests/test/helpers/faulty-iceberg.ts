import { withNumbers } from '@dbwire/json';
import { createIcebergReference, type IcebergCaller } from '@dbwire/reference/iceberg';
import { type AnyHandler, type ApiResponse, HttpResponseError } from '@dbwire/server-stubs';
import { MemoryEngine } from '@dbwire/storage';
import { type Fault, overrideHandler, type RunningServer, serve } from './faulty-server.js';

/** The Iceberg reference catalog (default token `dev-token`) wrapped by `faults`, on a free port. */
export async function startFaultyIceberg(...faults: Array<Fault<IcebergCaller>>): Promise<RunningServer> {
  const storage = new MemoryEngine();
  const reference = await createIcebergReference({ storage });
  return serve(
    faults.reduce((current, fault) => fault(current), reference.binding),
    async () => {
      await reference.close();
      await storage.close();
    },
  );
}

/** The same fault on an operation of both path families. */
function bothFamilies(
  operationId: string,
  replacement: (
    original: AnyHandler<IcebergCaller>,
    handlers: Record<string, AnyHandler<IcebergCaller>>,
  ) => AnyHandler<IcebergCaller>,
): Fault<IcebergCaller> {
  return (binding) =>
    [operationId, `${operationId}WithPrefix`].reduce(
      (current, id) =>
        overrideHandler<IcebergCaller>(id, (original) =>
          replacement(original, current.handlers as Record<string, AnyHandler<IcebergCaller>>),
        )(current),
      binding,
    );
}

interface TableChange {
  identifier: { namespace: string[]; name: string };
}

export const icebergFaults = {
  /**
   * `transactions/commit` commits its tables one after another, each as its own `updateTable`
   * (what the Java test adapter does): a failure on a later table leaves the earlier ones
   * committed. Every answer is well-formed; only atomicity is gone.
   */
  transactionsNotAtomic: bothFamilies('commitTransaction', (_original, handlers) => async (request, caller) => {
    const prefixed = 'prefix' in request.params;
    const update = handlers[prefixed ? 'updateTableWithPrefix' : 'updateTable'] as AnyHandler<IcebergCaller>;
    const { 'idempotency-key': _key, ...headers } = request.headers as Record<string, string | undefined>;
    for (const change of (request.body as { 'table-changes': TableChange[] })['table-changes']) {
      const params = {
        ...request.params,
        namespace: change.identifier.namespace.join('\u001f'),
        table: change.identifier.name,
      };
      const answer = (await update({ params, query: {}, headers, body: change }, caller)) as ApiResponse;
      if (answer.status >= 400) throw new HttpResponseError(answer);
    }
    return { status: 204 };
  }),

  /**
   * Table loads round int64 values to the nearest double (as a server that parses and writes
   * JSON with plain numbers does): snapshot ids beyond 2^53 come back changed. Every answer still
   * validates against the spec.
   */
  loadRoundsSnapshotIds: bothFamilies('loadTable', (original) => async (request, caller) => {
    const answer = (await original(request, caller)) as ApiResponse;
    return answer.body === undefined ? answer : { ...answer, body: withNumbers(answer.body) };
  }),
};
