/**
 * Reverse: a compensating commit that undoes a commit, only while everything it touched is as it
 * left it. Checks in order: 404 COMMIT_NOT_FOUND, 410 REVERSE_NO_LONGER_AVAILABLE, 422
 * COMMIT_NOT_REVERSIBLE (registrations), 409 NAMESPACE_NOT_WRITABLE, then 409
 * COMMIT_ALREADY_REVERSED and 409 REVERSE_PRECONDITION_FAILED.
 */
import { expect, it } from 'vitest';
import { describeNeeding, itNeeding } from '../../../src/needs.js';
import { ops, stockedNamespace, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { COMMIT_ID } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();

function reverse(namespace_id: number, commit_id: string, reason = 'conformance undo') {
  return { path: { namespace_id, commit_id }, body: { reason } };
}

describeNeeding({ capabilities: ['state-changes'] }, 'reverse', () => {
  it('undoes the commit with a compensating commit appended at the head', async () => {
    const ns = await stockedNamespace(wd);
    const id = ns.namespace_id;
    await wd.commit(id, [ops.addFungible('gold', 'vault', 10)]);
    const target = await wd.commit(id, [ops.balance('side'), ops.transfer('gold', 'vault', 'side', 4)]);
    const { body } = await wd.api.ok('reverse_commit_endpoint', reverse(id, target.commit_id));
    expect(body).toMatchObject({ namespace: id, reversed_commit_id: target.commit_id, outcome: 'Committed' });
    expect(body.commit_id).toMatch(COMMIT_ID);
    expect(body.commit_id).not.toBe(target.commit_id);
    expect(body.world_seq_start).toBe(target.world_seq_end + 1);
    expect(body.world_seq_end - body.world_seq_start + 1).toBe(body.event_count);
    expect(await wd.status(id)).toMatchObject({ world_seq: body.world_seq_end, last_commit_id: body.commit_id });
    // The transfer is undone and `side` no longer exists.
    await wd.expectBalance(id, 'gold', 'vault', 10);
    expect((await wd.preflight(id, [ops.balance('side')])).valid).toBe(true);
  });

  it('a second reverse of the same commit is 409 COMMIT_ALREADY_REVERSED; the compensating commit can itself be reversed', async () => {
    const ns = await stockedNamespace(wd);
    const id = ns.namespace_id;
    const target = await wd.commit(id, [ops.addFungible('gold', 'vault', 3)]);
    const undo = (await wd.api.ok('reverse_commit_endpoint', reverse(id, target.commit_id))).body;
    const head = await wd.status(id);
    await wd.api.problem('reverse_commit_endpoint', reverse(id, target.commit_id), 409, 'COMMIT_ALREADY_REVERSED');
    expect(await wd.status(id)).toEqual(head);
    const redo = (await wd.api.ok('reverse_commit_endpoint', reverse(id, undo.commit_id))).body;
    expect(redo.reversed_commit_id).toBe(undo.commit_id);
    await wd.expectBalance(id, 'gold', 'vault', 3);
  });

  it('409 REVERSE_PRECONDITION_FAILED once a later commit changed what it touched; nothing is appended', async () => {
    const ns = await stockedNamespace(wd);
    const id = ns.namespace_id;
    const target = await wd.commit(id, [ops.addFungible('gold', 'vault', 10)]);
    await wd.commit(id, [ops.removeFungible('gold', 'vault', 4)]);
    const head = await wd.status(id);
    await wd.api.problem('reverse_commit_endpoint', reverse(id, target.commit_id), 409, 'REVERSE_PRECONDITION_FAILED');
    expect(await wd.status(id)).toEqual(head);
    await wd.expectBalance(id, 'gold', 'vault', 6);
  });

  it('a later commit that touched something else does not block it', async () => {
    const ns = await stockedNamespace(wd);
    const id = ns.namespace_id;
    const target = await wd.commit(id, [ops.addFungible('gold', 'vault', 10)]);
    await wd.commit(id, [ops.balance('elsewhere'), ops.addFungible('gold', 'elsewhere', 1)]);
    await wd.api.ok('reverse_commit_endpoint', reverse(id, target.commit_id));
    await wd.expectBalance(id, 'gold', 'vault', 0);
    await wd.expectBalance(id, 'gold', 'elsewhere', 1);
  });

  it('404 COMMIT_NOT_FOUND for an unknown commit id and for a commit of another namespace', async () => {
    const ns = await stockedNamespace(wd);
    const other = await stockedNamespace(wd);
    const foreign = await wd.commit(other.namespace_id, [ops.addFungible('gold', 'vault', 1)]);
    await wd.api.problem('reverse_commit_endpoint', reverse(ns.namespace_id, '0'.repeat(32)), 404, 'COMMIT_NOT_FOUND');
    await wd.api.problem(
      'reverse_commit_endpoint',
      reverse(ns.namespace_id, foreign.commit_id),
      404,
      'COMMIT_NOT_FOUND',
    );
    await wd.api.problem(
      'reverse_commit_endpoint',
      reverse(wd.namespaceId(), foreign.commit_id),
      404,
      'NAMESPACE_NOT_FOUND',
    );
  });

  it('400 for a commit id that is not 32 lowercase hex characters, and for a missing reason', async () => {
    const ns = await stockedNamespace(wd);
    await wd.api.problem('reverse_commit_endpoint', reverse(ns.namespace_id, 'ABC'), 400, 'INVALID_REQUEST');
    const receipt = await wd.commit(ns.namespace_id, [ops.addFungible('gold', 'vault', 1)]);
    await wd.api.problem(
      'reverse_commit_endpoint',
      { path: { namespace_id: ns.namespace_id, commit_id: receipt.commit_id }, body: {} as never },
      400,
      'INVALID_REQUEST',
    );
  });

  it('422 COMMIT_NOT_REVERSIBLE for a commit with a registration (op_index and op name it)', async () => {
    const ns = await wd.provisioned();
    const id = ns.namespace_id;
    const receipt = await wd.commit(id, [ops.balance('v'), ops.registerClass('gold')]);
    const problem = await wd.api.problem(
      'reverse_commit_endpoint',
      reverse(id, receipt.commit_id),
      422,
      'COMMIT_NOT_REVERSIBLE',
    );
    expect(problem.body).toMatchObject({ op_index: 1, op: 'RegisterClass' });
    const registered = (
      await wd.api.ok('register_class_endpoint', {
        path: { namespace_id: id },
        body: { class_id: 'silver', name: 'Silver' } as never,
      })
    ).body;
    await wd.api.problem('reverse_commit_endpoint', reverse(id, registered.commit_id), 422, 'COMMIT_NOT_REVERSIBLE');
  });

  it('checks in order: not reversible (422) comes before not writable (409)', async () => {
    const ns = await wd.provisioned();
    const receipt = await wd.commit(ns.namespace_id, [ops.registerClass('gold')]);
    await wd.operationalState(ns.namespace_id, { write_mode: 'read_only' });
    await wd.api.problem(
      'reverse_commit_endpoint',
      reverse(ns.namespace_id, receipt.commit_id),
      422,
      'COMMIT_NOT_REVERSIBLE',
    );
    await wd.api.problem('reverse_commit_endpoint', reverse(ns.namespace_id, '1'.repeat(32)), 404, 'COMMIT_NOT_FOUND');
  });

  itNeeding(
    { capabilities: ['reverse-expiry'] },
    '410 REVERSE_NO_LONGER_AVAILABLE for a commit whose undo record is gone (DBWIRE_EXPIRED_COMMIT)',
    async () => {
      const given = process.env.DBWIRE_EXPIRED_COMMIT ?? '';
      const match = /^(\d+)\/([0-9a-f]{32})$/.exec(given);
      expect(match, 'DBWIRE_EXPIRED_COMMIT must be <namespace_id>/<commit_id>').not.toBeNull();
      const [, namespaceId, commitId] = match as RegExpExecArray;
      await wd.api.problem(
        'reverse_commit_endpoint',
        reverse(Number(namespaceId), commitId as string),
        410,
        'REVERSE_NO_LONGER_AVAILABLE',
      );
    },
  );
});
