import { HttpResponseError } from '@dbwire/server-stubs';
import { spacetimedbError, spacetimedbText } from '@dbwire/server-stubs/spacetimedb';
import { encodeProduct, identityFromHex, reducerArgsFromJson, SatsJsonError } from '@dbwire/spacetimedb-sats';
import type { SpacetimedbCaller } from './auth.js';
import type { SpacetimedbContext } from './context.js';
import { betweenHooks, nowMicros, ReducerFailure, randomConnectionId, runReducer } from './reducers.js';
import type { LiveDatabase } from './runtime.js';

export interface CallOutcome {
  durationMicros: number;
}

/**
 * `POST …/call/{reducer}`: the JSON arguments converted to the reducer's parameters, then the
 * connect hook, the reducer and the disconnect hook in one transaction with a fresh connection
 * id. A refusal or trap anywhere rolls everything back: 403 from the connect hook, else 530.
 */
export async function callReducer(
  context: SpacetimedbContext,
  live: LiveDatabase,
  caller: SpacetimedbCaller,
  reducerName: string,
  body: unknown,
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
  const invocation = {
    sender: identityFromHex(caller.identity),
    connectionId: randomConnectionId(),
    timestamp: nowMicros(context.now),
  };
  const instance = await context.runtime.instance(live);
  try {
    const { value } = await live.tables.mutate(context.storage, async (tx) =>
      betweenHooks(def, instance, tx, invocation, () =>
        runReducer(instance, tx, reducerId, args, invocation, 'reducer'),
      ),
    );
    return { durationMicros: value };
  } catch (error) {
    if (error instanceof ReducerFailure) {
      if (error.step === 'connect') throw spacetimedbError(403, error.message);
      throw new HttpResponseError(spacetimedbText(530, error.message, callHeaders(error.outcome.durationMicros)));
    }
    throw error;
  } finally {
    await context.runtime.flushLogs(live);
  }
}

/** The headers of a call's answer: dbwire meters no energy; the reducer's running time. */
export function callHeaders(durationMicros: number): Record<string, string> {
  return {
    'spacetime-energy-used': '0',
    'spacetime-execution-duration-micros': String(Math.max(0, Math.round(durationMicros))),
  };
}
