/**
 * Quotas (capability `quota`, off by default: the limits are server configuration, and a server
 * with a generous limit cannot be exhausted in a test). Over the limit: 429 QUOTA_EXCEEDED,
 * retryable, with `Retry-After` in whole seconds (at least 1) and the same wait in
 * `retry_after_ms`; authentication still comes first; probes and other tenants are not limited.
 */
import { expect } from 'vitest';
import { describeNeeding, itNeeding } from '../../../src/needs.js';
import { useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { expectProblem, type Reply } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();
const MAX_REQUESTS = 2000;

describeNeeding({ capabilities: ['state-changes'] }, 'quota', () => {
  itNeeding(
    { capabilities: ['quota'] },
    'over the limit: 429 QUOTA_EXCEEDED with Retry-After; probes, other tenants and 401s are unaffected',
    async () => {
      const limited = await wd.namespace();
      const other = await wd.namespace();
      const path = { namespace_id: limited.namespace_id };
      let refused: Reply | undefined;
      for (let sent = 0; sent < MAX_REQUESTS && refused === undefined; sent += 20) {
        const replies = await Promise.all(
          Array.from({ length: 20 }, () => wd.api.call('namespace_status_endpoint', { path })),
        );
        for (const reply of replies) expect([200, 429]).toContain(reply.status);
        refused = replies.find((reply) => reply.status === 429);
      }
      expect(
        refused,
        `no 429 within ${MAX_REQUESTS} requests (turn the capability off for servers with generous limits)`,
      ).toBeDefined();
      const reply = refused as Reply;
      const problem = expectProblem(reply, 429, 'QUOTA_EXCEEDED');
      const retryAfter = Number(reply.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${reply.headers['retry-after']}`).toBe(
        true,
      );
      expect(problem.retry_after_ms).toEqual(expect.any(Number));
      expect(Math.ceil((problem.retry_after_ms as number) / 1000)).toBe(retryAfter);
      // Still limited: authentication first (401 without a token), probes never limited, other tenants served.
      expect((await wd.api.call('namespace_status_endpoint', { path, authorization: null })).status).toBe(401);
      expect((await wd.api.call('health_endpoint', { authorization: null })).status).toBe(200);
      expect(
        (await wd.api.call('namespace_status_endpoint', { path: { namespace_id: other.namespace_id } })).status,
      ).toBe(200);
    },
    120_000,
  );
});
