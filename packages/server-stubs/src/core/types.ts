/**
 * Type helpers that turn an openapi-typescript `operations[...]` entry into the request a handler
 * receives and the union of responses it may return. The generated handler interfaces use these,
 * so a handler can only answer with a status and body the spec documents.
 */

import type { WebSocketUpgrade } from './websocket.js';

type Parameters_<Op> = Op extends { parameters: infer P } ? P : Record<string, never>;

/** The parameters of one location, or an empty object when the operation has none there. */
type ParameterPart<P, Location extends string> = P extends { [K in Location]?: infer V }
  ? [NonNullable<V>] extends [never]
    ? Record<string, never>
    : NonNullable<V>
  : Record<string, never>;

type ValueOf<T> = T[keyof T];

type RequestBody<Op> = Op extends { requestBody: { content: infer C } }
  ? ValueOf<C>
  : Op extends { requestBody?: { content: infer C } }
    ? ValueOf<C> | undefined
    : undefined;

export interface HandlerRequest<Op> {
  params: ParameterPart<Parameters_<Op>, 'path'>;
  query: ParameterPart<Parameters_<Op>, 'query'>;
  /** Declared headers typed; every header the client sent is present, lower-cased. */
  headers: ParameterPart<Parameters_<Op>, 'header'> & { readonly [name: string]: string | undefined };
  body: RequestBody<Op>;
}

type StatusCode<S> = S extends number ? S : S extends `${infer N extends number}` ? N : number;

type ResponseVariant<S, R> = R extends { content: infer C }
  ? {
      [M in keyof C]: {
        status: StatusCode<S>;
        body: C[M];
        contentType?: M;
        headers?: Record<string, string>;
      };
    }[keyof C]
  : StatusCode<S> extends 101
    ? // Switching protocols: the only answer that may carry a WebSocket to open.
      { status: 101; body?: undefined; headers?: Record<string, string>; upgrade?: WebSocketUpgrade }
    : { status: StatusCode<S>; body?: undefined; headers?: Record<string, string> };

/** The union of documented responses of an operation. */
export type HandlerResponse<Op> = Op extends { responses: infer Rs }
  ? { [S in keyof Rs]: ResponseVariant<S, Rs[S]> }[keyof Rs]
  : never;

export type HandlerResult<Op> = HandlerResponse<Op> | Promise<HandlerResponse<Op>>;
