/**
 * The four probes: public, never rate limited, and answering the documented bodies. A server that
 * serves requests has finished starting, so startupz and readyz must say so.
 */
import { describe, expect, it } from 'vitest';
import { getTarget } from '../../../src/target.js';
import { writeDaemonClient } from '../../../src/write-daemon/http.js';

const api = writeDaemonClient();

describe('probes', () => {
  it('health: 200 healthy, with the version, the API version 0.1.0 and the uptime', async () => {
    const { body } = await api.ok('health_endpoint', { authorization: null });
    expect(body).toMatchObject({ status: 'healthy', version: expect.any(String), api_version: '0.1.0' });
    expect(body.uptime_secs).toBeGreaterThanOrEqual(0);
  });

  it('livez and startupz: 200 {status: ok}', async () => {
    for (const operationId of ['livez_endpoint', 'startupz_endpoint'] as const) {
      const { body } = await api.ok(operationId, { authorization: null });
      expect(body.status, operationId).toBe('ok');
    }
  });

  it('readyz: 200 ready, every check ok, startup and storage among them', async () => {
    const { body } = await api.ok('readyz_endpoint', { authorization: null });
    expect(body.status).toBe('ready');
    expect(body.checks.length).toBeGreaterThan(0);
    for (const check of body.checks) expect(check, check.name).toMatchObject({ ok: true });
    // dbwire servers run these two; the spec leaves other servers' checks open.
    if (getTarget('write-daemon').inProcess) {
      expect(body.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['startup', 'storage']));
    }
  });

  it('uptime does not go backwards', async () => {
    const first = (await api.ok('health_endpoint', { authorization: null })).body.uptime_secs;
    const second = (await api.ok('health_endpoint', { authorization: null })).body.uptime_secs;
    expect(second).toBeGreaterThanOrEqual(first);
  });
});
