import type { Target } from '../target.js';

/**
 * What the API profiles' sessions share: the token of an API without sign-in, reading an answer
 * that may not be JSON, and the error that says which fixture could not be made.
 */

/** The target's bearer token, for an API without sign-in (`who` names it in the error). */
function requireToken(target: Target, who: string): string {
  if (target.token === undefined) throw new Error(`${who} needs a bearer token: pass --token (or DBWIRE_TOKEN).`);
  return target.token;
}

/** The text parsed as JSON; undefined when it is not JSON. */
export function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why a fixture could not be made: `what`, and the answer (status 0: no answer, the text says why). */
export function setupError(what: string, reply: { status: number; text: string }): Error {
  const answer = reply.status === 0 ? `no response (${reply.text})` : `${reply.status} ${reply.text.slice(0, 300)}`;
  return new Error(`Could not ${what}: ${answer}`);
}

/**
 * A session of an API without sign-in: the target's token, as given, and a client of the API's
 * behaviour suites holding it (the checks' own fixture requests go through it).
 */
export abstract class BearerSession<Client> {
  readonly token: string;
  /** The user forged tokens claim to be (ignored_auth); such APIs know no users, any name does. */
  readonly username = 'conformance';
  protected readonly client: Client;

  protected constructor(target: Target, who: string, makeClient: new (baseUrl: string, token: string) => Client) {
    this.token = requireToken(target, who);
    this.client = new makeClient(target.baseUrl, this.token);
  }
}
