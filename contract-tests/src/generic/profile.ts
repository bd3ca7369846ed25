import type { ApiDefinition, JsonSchema, RouteDefinition } from '@dbwire/server-stubs';
import type { CapabilityName } from '../capabilities.js';
import type { Target } from '../target.js';
import type { CheckName } from './checks.js';
import type { Exchange, Fresh } from './http.js';
import type { OperationHints } from './requests.js';

/**
 * What the generic checks need to know about one API beyond its route table: how to get a token,
 * which real resources to aim requests at, and what to clean up.
 */
export interface ApiProfile {
  api: ApiDefinition<{ readonly [operationId: string]: RouteDefinition }>;
  /** The schema of the API's error bodies (negative_data_rejection checks rejections against it). */
  errorSchema?: JsonSchema;
  /**
   * The API answers malformed credentials (a garbage token, Basic instead of Bearer) 400 on every
   * route that documents a 400, as SpacetimeDB's auth extractor does; ignored_auth accepts that.
   */
  malformedCredentialsAre400?: boolean;
  /** Capabilities the operation's checks need; when one is off they are skipped and say why. */
  requires?(route: RouteDefinition): CapabilityName[];
  /**
   * Deviations from the spec already known in a server (for TypeDB: our own reference server, when
   * the suite checks it in-process), reported but tolerated. See {@link KnownDeviation}.
   */
  knownDeviations?(target: Target): KnownDeviation[];
  /** Signs in and creates fixtures; called once per suite run. */
  openSession(target: Target): Promise<ProfileSession>;
}

export interface ProfileSession {
  /** The bearer token for authenticated requests. */
  token: string;
  /** The user the token belongs to (forged tokens in ignored_auth claim to be this user). */
  username: string;
  /** Hints for one operation's requests; may prepare resources the operation needs. */
  hints(route: RouteDefinition): OperationHints | Promise<OperationHints>;
  /** Makes a fresh resource right before a request that names it; `dispose` runs right after. */
  materialize?(fresh: Fresh): Promise<{ value: string; dispose(): Promise<void> }>;
  /** Sees every exchange once it is done, to track (and clean up) what the request created. */
  observe?(exchange: Exchange): Promise<void>;
  /** Removes everything the session created. */
  close(): Promise<void>;
}

/**
 * A bug already found and reported, so it does not turn every run red until it is fixed. It stays
 * visible: the test's name ends in `[known deviation: <summary>]`, the annotation counts the
 * responses that show it, and only exchanges it `matches` are tolerated (any other failure of the
 * same check still fails the test). Remove the entry once the server is fixed.
 */
export interface KnownDeviation {
  operationId: string;
  checks: readonly CheckName[];
  /** Short, for the test name. */
  summary: string;
  matches(exchange: Exchange): boolean;
}
