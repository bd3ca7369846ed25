import { spacetimedbError } from '@dbwire/server-stubs/spacetimedb';
import { encodeProduct, reducerArgsFromJson, SatsJsonError } from '@dbwire/spacetimedb-sats';
import type { SpacetimedbCaller } from './auth.js';
import type { SpacetimedbContext } from './context.js';
import { inConnection, runReducer } from './reducers.js';
import type { LiveDatabase } from './runtime.js';

export interface CallOutcome {
  durationMicros: number;
}

/**
 * `POST …/call/{reducer}`: the JSON arguments converted to the reducer's parameters, then the
 * reducer as one connection of the caller (`inConnection`: the hooks around it, one transaction,
 * 403 from the connect hook, else 530 for any failure). `gone` is the 404 for a database deleted
 * while the call waited.
 */
export async function callReducer(
  context: SpacetimedbContext,
  live: LiveDatabase,
  caller: SpacetimedbCaller,
  reducerName: string,
  body: unknown,
  gone: () => Error,
): Promise<CallOutcome> {
  const { def } = live.module;
  const reducerId = def.reducers.findIndex((reducer) => reducer.name === reducerName);
  const reducer = def.reducers[reducerId];
  if (reducer === undefined) {
    throw spacetimedbError(404, `No such reducer \`${reducerName}\` in database ${live.identity}`);
  }
  if ('some' in reducer.lifecycle) {
    throw spacetimedbError(400, `Reducer \`${reducerName}\` is a lifecycle reducer and cannot be called`);
  }
  let args: Uint8Array;
  try {
    const values = reducerArgsFromJson(reducer.params, body, def.typespace);
    args = encodeProduct(reducer.params, values, def.typespace);
  } catch (error) {
    if (error instanceof SatsJsonError) {
      throw spacetimedbError(400, `invalid arguments for reducer ${reducerName}: ${error.message}`);
    }
    throw error;
  }
  const durationMicros = await inConnection(
    context,
    live,
    caller,
    gone,
    (tx, instance, invocation) => runReducer(instance, tx, reducerId, args, invocation, 'reducer'),
    { reducer: { name: reducerName, id: reducerId, args } },
  );
  return { durationMicros };
}
