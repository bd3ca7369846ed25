/**
 * Authentication: every operation but the four probes needs `Authorization: Bearer <token>`. A
 * missing, malformed or unknown token answers 401 UNAUTHORIZED with `WWW-Authenticate: Bearer`
 * (with `error="invalid_token"` when a token was sent but refused) and an `auth_reason`; and
 * authentication comes before every other check, so a 401 never tells whether a namespace exists.
 */
import { describe, expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { runScopedId, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { describeReply, expectProblem, type Reply } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();

function expectUnauthorized(reply: Reply, reason: readonly string[], tokenSent: boolean): void {
  const problem = expectProblem(reply, 401, 'UNAUTHORIZED');
  expect(reason, describeReply(reply)).toContain(problem.auth_reason);
  const challenge = reply.headers['www-authenticate'] ?? '';
  expect(challenge, `WWW-Authenticate\n${describeReply(reply)}`).toMatch(/^Bearer\b/);
  if (tokenSent)
    expect(challenge, 'a refused token is answered with error="invalid_token"').toMatch(/error="invalid_token"/);
}

const BAD_CREDENTIALS: Array<[label: string, header: string | null, reasons: string[]]> = [
  ['no Authorization header', null, ['missing_token']],
  ['an unknown bearer token', `Bearer not-a-token-${'x'.repeat(20)}`, ['invalid_token', 'malformed_token']],
  [
    'Basic credentials',
    `Basic ${Buffer.from('dev:dev-token').toString('base64')}`,
    ['malformed_token', 'missing_token'],
  ],
  ['a Bearer scheme without a token', 'Bearer', ['malformed_token', 'missing_token']],
];

describe('without valid credentials', () => {
  it.each(BAD_CREDENTIALS)('%s: GET /namespaces answers 401 UNAUTHORIZED', async (_label, header, reasons) => {
    const reply = await wd.api.call('list_namespaces_endpoint', { authorization: header });
    expectUnauthorized(reply, reasons, header !== null && /^Bearer \S/.test(header));
  });

  it('a missing token says missing_token and a challenge without an error', async () => {
    const reply = await wd.api.call('list_namespaces_endpoint', { authorization: null });
    expectUnauthorized(reply, ['missing_token'], false);
    expect(reply.headers['www-authenticate']).not.toMatch(/error=/);
  });

  it('every secured operation refuses a request without a token with 401', async () => {
    const id = runScopedId();
    const commit = '0123456789abcdef0123456789abcdef';
    const calls: Array<Promise<Reply>> = [
      wd.api.call('list_namespaces_endpoint', { authorization: null }),
      wd.api.call('create_namespace_endpoint', { authorization: null, body: wd.createBody(id) }),
      wd.api.call('list_namespace_changes_endpoint', { authorization: null, query: { since_updated_at_ms: 0 } }),
      wd.api.call('namespace_status_list_endpoint', { authorization: null }),
      wd.api.call('get_namespace_endpoint', { authorization: null, path: { namespace_id: id } }),
      wd.api.call('namespace_status_endpoint', { authorization: null, path: { namespace_id: id } }),
      wd.api.call('delete_namespace_endpoint', { authorization: null, path: { namespace_id: id } }),
      wd.api.call('commit_endpoint', {
        authorization: null,
        path: { namespace_id: id },
        body: { operations: [{ op: 'RemoveContainer', args: { container_id: 'x' } }] },
      }),
      wd.api.call('reverse_commit_endpoint', {
        authorization: null,
        path: { namespace_id: id, commit_id: commit },
        body: { reason: 'r' },
      }),
    ];
    for (const reply of await Promise.all(calls)) expectUnauthorized(reply, ['missing_token'], false);
    // Nothing was created by the refused create.
    expect((await wd.api.call('get_namespace_endpoint', { path: { namespace_id: id } })).status).toBe(404);
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'authentication comes first', () => {
  it('before 404: an unknown namespace without a token is 401, not 404', async () => {
    const reply = await wd.api.call('get_namespace_endpoint', {
      authorization: null,
      path: { namespace_id: runScopedId() },
    });
    expectUnauthorized(reply, ['missing_token'], false);
  });

  it('before 400: an invalid namespace id or body without a token is 401, not 400', async () => {
    expectUnauthorized(
      await wd.api.call('get_namespace_endpoint', { authorization: null, path: { namespace_id: 'abc' } }),
      ['missing_token'],
      false,
    );
    expectUnauthorized(
      await wd.api.call('create_namespace_endpoint', { authorization: null, body: { raw: '{"namespace_id":' } }),
      ['missing_token'],
      false,
    );
  });

  it('an existing namespace and a missing one are refused alike', async () => {
    const existing = await wd.namespace();
    const header = 'Bearer definitely-not-valid';
    const seen = await wd.api.call('get_namespace_endpoint', {
      authorization: header,
      path: { namespace_id: existing.namespace_id },
    });
    const missing = await wd.api.call('get_namespace_endpoint', {
      authorization: header,
      path: { namespace_id: runScopedId() },
    });
    expect(seen.status).toBe(401);
    expect(missing.status).toBe(401);
    const strip = (reply: Reply) => {
      const { detail: _d, instance: _i, server_correlation_id: _s, ...rest } = reply.body as Record<string, unknown>;
      return rest;
    };
    expect(strip(seen)).toEqual(strip(missing));
  });

  it('with the token, the same request reaches the operation', async () => {
    const existing = await wd.namespace();
    const { body } = await wd.api.ok('get_namespace_endpoint', { path: { namespace_id: existing.namespace_id } });
    expect(body.namespace.namespace_id).toBe(existing.namespace_id);
  });
});

describe('probes are public', () => {
  it.each(['health_endpoint', 'livez_endpoint', 'readyz_endpoint', 'startupz_endpoint'] as const)(
    '%s answers 200 without a token',
    async (operationId) => {
      const reply = await wd.api.call(operationId, { authorization: null });
      expect(reply.status, describeReply(reply)).toBe(200);
    },
  );
});
