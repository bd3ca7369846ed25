/**
 * Writability: commits, reverse commits and registrations are accepted only while the namespace is
 * provisioned, read_write, not draining and not frozen; otherwise 409 NAMESPACE_NOT_WRITABLE with
 * every reason that applies, and nothing is appended. Status shows the same flag and reasons.
 * Preflight is refused (422 NAMESPACE_NOT_WRITABLE) only when the lifecycle is not provisioned;
 * otherwise it answers 200 and says in `writable` whether a commit would be accepted.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { type NamespaceOptions, ops, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { expectProblem, type Namespace, type Schemas } from '../../../src/write-daemon/http.js';

type Reason = Schemas['NotWritableReason'];
const wd = useWriteDaemon();

interface Situation {
  name: string;
  lifecycle: NamespaceOptions['lifecycle'];
  flags?: { write_mode?: 'read_only'; draining?: boolean; frozen?: boolean };
  reasons: Reason[];
}

const NOT_WRITABLE: Situation[] = [
  { name: 'created', lifecycle: 'created', reasons: ['lifecycle_created'] },
  { name: 'disabled', lifecycle: 'disabled', reasons: ['lifecycle_disabled'] },
  { name: 'deleted', lifecycle: 'deleted', reasons: ['lifecycle_deleted'] },
  { name: 'read_only', lifecycle: 'provisioned', flags: { write_mode: 'read_only' }, reasons: ['read_only'] },
  { name: 'draining', lifecycle: 'provisioned', flags: { draining: true }, reasons: ['draining'] },
  { name: 'frozen', lifecycle: 'provisioned', flags: { frozen: true }, reasons: ['frozen'] },
  {
    name: 'read_only, draining and frozen',
    lifecycle: 'provisioned',
    flags: { write_mode: 'read_only', draining: true, frozen: true },
    reasons: ['read_only', 'draining', 'frozen'],
  },
  {
    name: 'disabled and read_only',
    lifecycle: 'disabled',
    flags: { write_mode: 'read_only' },
    reasons: ['lifecycle_disabled', 'read_only'],
  },
];

/** A namespace in the situation, holding class gold and balance vault from when it was writable. */
async function namespaceIn(situation: Situation): Promise<Namespace> {
  const ns = await wd.provisioned();
  const id = ns.namespace_id;
  await wd.commit(id, [ops.registerClass('gold'), ops.balance('vault'), ops.addFungible('gold', 'vault', 5)]);
  if (situation.lifecycle === 'disabled') await wd.lifecycle(id, 'disabled');
  if (situation.flags) await wd.operationalState(id, situation.flags);
  if (situation.lifecycle === 'deleted') {
    // Deleting needs an empty namespace, so this one is made empty from the start.
    return wd.namespace({ lifecycle: 'deleted' });
  }
  if (situation.lifecycle === 'created') return wd.namespace();
  return wd.get(id);
}

const sorted = (reasons: readonly string[] | undefined) => [...(reasons ?? [])].sort();

describeNeeding({ capabilities: ['state-changes'] }, 'writability', () => {
  it.each(NOT_WRITABLE)(
    '$name: commit and register_class answer 409 NAMESPACE_NOT_WRITABLE with every reason; nothing is appended',
    async (situation) => {
      const ns = await namespaceIn(situation);
      const path = { namespace_id: ns.namespace_id };
      const before = await wd.status(ns.namespace_id);
      expect({ writable: before.writable, reasons: sorted(before.not_writable_reasons) }).toEqual({
        writable: false,
        reasons: sorted(situation.reasons),
      });
      const commit = await wd.api.problem(
        'commit_endpoint',
        { path, body: { operations: [ops.balance('new')] } },
        409,
        'NAMESPACE_NOT_WRITABLE',
      );
      expect(sorted(commit.body.not_writable_reasons)).toEqual(sorted(situation.reasons));
      const register = await wd.api.problem(
        'register_class_endpoint',
        { path, body: { class_id: 'silver', name: 'Silver' } as never },
        409,
        'NAMESPACE_NOT_WRITABLE',
      );
      expect(sorted(register.body.not_writable_reasons)).toEqual(sorted(situation.reasons));
      const after = await wd.status(ns.namespace_id);
      expect(after).toEqual(before);
    },
  );

  it.each(NOT_WRITABLE)('$name: preflight follows the lifecycle rule', async (situation) => {
    const ns = await namespaceIn(situation);
    const path = { namespace_id: ns.namespace_id };
    const reply = await wd.api.call('commit_preflight_endpoint', { path, body: { operations: [ops.balance('new')] } });
    if (situation.lifecycle !== 'provisioned') {
      const problem = expectProblem(reply, 422, 'NAMESPACE_NOT_WRITABLE');
      expect(sorted(problem.not_writable_reasons)).toEqual(sorted(situation.reasons));
      return;
    }
    expect(reply.status).toBe(200);
    const body = reply.body as Schemas['PreflightCommitResponse'];
    expect(body).toMatchObject({ valid: true, writable: false, failed_op_index: null });
    expect(sorted(body.not_writable_reasons)).toEqual(sorted(situation.reasons));
  });

  it('a writable namespace: status writable with no reasons, and the commit applies', async () => {
    const ns = await wd.provisioned();
    expect(await wd.status(ns.namespace_id)).toMatchObject({ writable: true, not_writable_reasons: [] });
    const receipt = await wd.commit(ns.namespace_id, [ops.balance('vault')]);
    expect(receipt.outcome).toBe('Committed');
    const preflight = await wd.preflight(ns.namespace_id, [ops.balance('other')]);
    expect(preflight).toMatchObject({ writable: true, not_writable_reasons: [] });
  });

  it('writable again once the flags are cleared', async () => {
    const ns = await wd.provisioned();
    await wd.operationalState(ns.namespace_id, { write_mode: 'read_only', draining: true });
    await wd.operationalState(ns.namespace_id, { write_mode: 'read_write', draining: false });
    expect(await wd.status(ns.namespace_id)).toMatchObject({ writable: true, not_writable_reasons: [] });
    await wd.commit(ns.namespace_id, [ops.balance('vault')]);
  });

  it('reverse is refused on a namespace that is no longer writable', async () => {
    const ns = await wd.provisioned();
    const receipt = await wd.commit(ns.namespace_id, [ops.balance('vault')]);
    await wd.operationalState(ns.namespace_id, { write_mode: 'read_only' });
    const problem = await wd.api.problem(
      'reverse_commit_endpoint',
      { path: { namespace_id: ns.namespace_id, commit_id: receipt.commit_id }, body: { reason: 'undo' } },
      409,
      'NAMESPACE_NOT_WRITABLE',
    );
    expect(problem.body.not_writable_reasons).toEqual(['read_only']);
  });
});
