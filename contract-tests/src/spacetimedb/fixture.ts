import { loadTestModule, type TestModuleName } from '@dbwire/test-modules/spacetimedb';
import { afterEach, expect } from 'vitest';
import { getTarget, runScopedName } from '../target.js';
import { describeReply, type PublishResult, SpacetimedbClient } from './http.js';

/** An identity the suite minted (`POST /v1/identity`) and a client acting as it. */
export interface Identity {
  identity: string;
  token: string;
  client: SpacetimedbClient;
}

/** A database the suite published. */
export interface Published {
  identity: string;
  /** Its run-scoped name (undefined when published without one). */
  name: string | undefined;
  owner: Identity;
}

/** A database name unique to this run (`[a-z0-9]` and single hyphens). */
export function runScopedDatabaseName(stem = 'db'): string {
  return runScopedName(`dbwire-${stem}`).toLowerCase();
}

/** Mints an identity on the server at `baseUrl`. */
export async function mintIdentity(baseUrl: string): Promise<Identity> {
  const anonymous = new SpacetimedbClient(baseUrl, undefined);
  const reply = await anonymous.ok('createIdentity');
  const { identity, token } = reply.body as { identity: string; token: string };
  return { identity, token, client: anonymous.as(token) };
}

/**
 * What a SpacetimeDB test needs: identities minted on the server under test (credentials are
 * optional there, so the suite needs none given), databases published from the test modules under
 * run-scoped names, deleted by their owners after each test.
 */
export class SpacetimedbFixture {
  private target: ReturnType<typeof getTarget> | undefined;
  private main: Promise<Identity> | undefined;
  private readonly tracked: Array<{ owner: Identity; identity: string }> = [];

  get baseUrl(): string {
    this.target ??= getTarget('spacetimedb');
    return this.target.baseUrl;
  }

  /** A client without credentials (each request gets a fresh anonymous identity). */
  get anonymous(): SpacetimedbClient {
    return new SpacetimedbClient(this.baseUrl, undefined);
  }

  /** The identity tests act as by default (one per test file). */
  owner(): Promise<Identity> {
    this.main ??= mintIdentity(this.baseUrl);
    return this.main;
  }

  /** Another, fresh identity. */
  identity(): Promise<Identity> {
    return mintIdentity(this.baseUrl);
  }

  /**
   * Publishes a test module (default under a run-scoped name; `name: null` publishes to
   * `/v1/database` with none) as `owner` (default the file's owner); deleted after the test.
   */
  async publish(module: TestModuleName, options: { name?: string | null; owner?: Identity } = {}): Promise<Published> {
    const owner = options.owner ?? (await this.owner());
    const name = options.name === null ? undefined : (options.name ?? runScopedDatabaseName(module));
    const reply = await owner.client.publish(await loadTestModule(module), { database: name });
    expect(reply.status, `publish ${module}\n${describeReply(reply, owner.token)}`).toBe(200);
    const result = (reply.body as PublishResult).Success;
    expect(result.op).toBe('created');
    this.track(result.database_identity, owner);
    return { identity: result.database_identity, name, owner };
  }

  /** Deletes the database after the test, as `owner`. */
  track(identity: string, owner: Identity): void {
    if (!this.tracked.some((t) => t.identity === identity)) this.tracked.push({ owner, identity });
  }

  /** Best effort: deletes every tracked database. */
  async cleanup(): Promise<void> {
    for (const { owner, identity } of this.tracked.splice(0).reverse()) {
      try {
        await owner.client.call('deleteDatabase', { database: identity, conform: false });
      } catch {
        // Best effort: the server may be gone already.
      }
    }
  }
}

/** A fixture for one test file: every database each test published is deleted after it. */
export function useSpacetimedb(): SpacetimedbFixture {
  const fixture = new SpacetimedbFixture();
  afterEach(() => fixture.cleanup(), 60_000);
  return fixture;
}
