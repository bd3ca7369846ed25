import { afterEach, expect } from 'vitest';
import { runId, runScopedName } from '../target.js';
import { type Principal, type VolumesCredentials, volumesCredentials } from './credentials.js';
import {
  type Caller,
  type RequestBody,
  type Volume,
  type VolumeEntry,
  type VolumeMount,
  VolumesClient,
} from './http.js';

/** The environment the suites' volumes belong to (names are unique per workspace and environment). */
export function conformanceEnvironment(): string {
  return `dbwire-conformance-${runId()}`;
}

/** A volume name unique to this run. */
export function runScopedVolumeName(stem = 'vol'): string {
  return runScopedName(`dbwire-${stem}`);
}

/**
 * Makes what a volumes test needs (run-scoped volumes, entries, mounts) as one of the run's
 * principals, and deletes every volume it made after each test (a volume's deletion takes its
 * entries, files, mounts and locks with it).
 */
export class VolumesFixture {
  private known: VolumesCredentials | undefined;
  private readonly tracked: Array<{ client: VolumesClient; volume: string }> = [];

  get credentials(): VolumesCredentials {
    this.known ??= volumesCredentials();
    return this.known;
  }

  /** The main principal's client (volumes:admin, no app). */
  get api(): VolumesClient {
    return this.client(this.credentials.admin);
  }

  client(caller: Caller | Principal): VolumesClient {
    return new VolumesClient(this.credentials.baseUrl, caller);
  }

  /** Creates a run-scoped volume (as `client`, default the main principal) and deletes it after the test. */
  async volume(body: Partial<RequestBody<'createVolume'>> = {}, client: VolumesClient = this.api): Promise<Volume> {
    const { body: created } = await client.ok('createVolume', {
      body: { name: runScopedVolumeName(), environment_id: conformanceEnvironment(), ...body },
    });
    expect(created.message).toBe('Volume created successfully');
    this.track(created.volume.volume_id, client);
    return created.volume;
  }

  /** Deletes the volume after the test, as `client`. */
  track(volume: string, client: VolumesClient = this.api): void {
    if (!this.tracked.some((t) => t.volume === volume)) this.tracked.push({ client, volume });
  }

  /** Writes a JSON (`content`) or text (`content_text`) entry; the entry as answered. */
  async entry(
    volume: string,
    path: string,
    body: Partial<RequestBody<'writeEntry'>>,
    client: VolumesClient = this.api,
  ): Promise<VolumeEntry> {
    const { body: written } = await client.ok('writeEntry', { volume, path, body });
    expect(written.message).toBe('Entry written successfully');
    return written.entry;
  }

  /** Mounts `volume` for `app` (default: the whole volume, read_write). */
  async mount(
    volume: string,
    app: string,
    options: { path_pattern?: string; access_level?: 'read' | 'read_write' } = {},
  ): Promise<VolumeMount> {
    const { body } = await this.api.ok('createVolumeMount', {
      volume,
      body: {
        app_id: app,
        path_pattern: options.path_pattern ?? '**',
        access_level: options.access_level ?? 'read_write',
      },
    });
    return body.mount;
  }

  /** Best effort: deletes every tracked volume. */
  async cleanup(): Promise<void> {
    for (const { client, volume } of this.tracked.splice(0).reverse()) {
      try {
        await client.call('deleteVolume', { volume, conform: false });
      } catch {
        // Best effort: the server may be gone already.
      }
    }
  }
}

/** A fixture for one test file: every volume each test made is deleted after it. */
export function useVolumes(): VolumesFixture {
  const fixture = new VolumesFixture();
  afterEach(() => fixture.cleanup(), 60_000);
  return fixture;
}

/** A run-scoped app id, for apps that exist only in the requests (user tokens may name any app). */
export function runScopedApp(stem = 'app'): string {
  return runScopedName(`dbwire-${stem}`);
}
