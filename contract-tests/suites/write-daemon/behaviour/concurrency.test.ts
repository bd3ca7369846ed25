/**
 * One writer per namespace: 8 clients committing 10 times each to one namespace at once. Every
 * commit is acknowledged; the acknowledged world_seq ranges tile 1..head with no gap and no
 * overlap; commit ids are unique; the head (status) is the last range's end and its last commit;
 * and the state shows every commit applied exactly once (the balance is the sum of all adds).
 * The log is read back through what the API offers: status, preflight, and fork (a world_seq is a
 * commit boundary exactly where an acknowledged commit ends, and the fork's lineage names it).
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { ops, stockedNamespace, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { type CommitResponse, writeDaemonClient } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();
const CLIENTS = 8;
const COMMITS_EACH = 10;

describeNeeding({ capabilities: ['state-changes'] }, 'concurrent commits to one namespace', () => {
  it(`${CLIENTS} clients × ${COMMITS_EACH} commits: no gaps, no duplicates, each applied exactly once`, async () => {
    const ns = await stockedNamespace(wd);
    const id = ns.namespace_id;
    const start = (await wd.status(id)).world_seq;
    const clients = Array.from({ length: CLIENTS }, () => writeDaemonClient());
    const receipts: CommitResponse[] = [];
    await Promise.all(
      clients.map(async (client, c) => {
        for (let n = 0; n < COMMITS_EACH; n++) {
          // Commits of 1 to 3 events, so ranges of different sizes must interleave correctly.
          const events = 1 + ((c + n) % 3);
          const operations = Array.from({ length: events }, () => ops.addFungible('gold', 'vault', 1));
          const { body } = await client.ok('commit_endpoint', { path: { namespace_id: id }, body: { operations } });
          expect(body.event_count).toBe(events);
          receipts.push(body);
        }
      }),
    );
    expect(receipts).toHaveLength(CLIENTS * COMMITS_EACH);
    const ranges = [...receipts].sort((a, b) => a.world_seq_start - b.world_seq_start);
    let expected = start + 1;
    for (const receipt of ranges) {
      expect(receipt.world_seq_start, `range of ${receipt.commit_id}`).toBe(expected);
      expect(receipt.world_seq_end - receipt.world_seq_start + 1).toBe(receipt.event_count);
      expected = receipt.world_seq_end + 1;
    }
    expect(new Set(receipts.map((receipt) => receipt.commit_id)).size).toBe(receipts.length);
    const total = receipts.reduce((sum, receipt) => sum + receipt.event_count, 0);
    const last = ranges[ranges.length - 1] as CommitResponse;
    expect(await wd.status(id)).toMatchObject({ world_seq: start + total, last_commit_id: last.commit_id });
    await wd.expectBalance(id, 'gold', 'vault', total);

    // The log read back through fork: a few acknowledged boundaries name their commits; a world_seq
    // inside a multi-event commit is no boundary.
    const sample = [ranges[0], ranges[Math.floor(ranges.length / 2)], last] as CommitResponse[];
    for (const receipt of sample) {
      const target = wd.namespaceId();
      const { body } = await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
        body: {
          source_namespace_id: id,
          target_namespace_id: target,
          snapshot: { kind: 'world_seq', world_seq: receipt.world_seq_end },
          label: 'log-probe',
        },
      });
      expect(body.namespace.lineage).toMatchObject({
        parent_world_seq: receipt.world_seq_end,
        parent_commit_id: receipt.commit_id,
      });
      await wd.expectBalance(target, 'gold', 'vault', receipt.world_seq_end - start);
    }
    const inside = ranges.find((receipt) => receipt.event_count > 1) as CommitResponse;
    const problem = await wd.api.problem(
      'fork_namespace_from_snapshot_endpoint',
      {
        body: {
          source_namespace_id: id,
          target_namespace_id: wd.namespaceId(),
          snapshot: { kind: 'world_seq', world_seq: inside.world_seq_start },
          label: 'x',
        },
      },
      422,
      'SNAPSHOT_VALIDATION_FAILED',
    );
    expect(problem.body.snapshot_error).toBe('not_commit_boundary');
  }, 120_000);

  it('concurrent creates of one id: exactly one created: true, every answer the same namespace', async () => {
    const id = wd.namespaceId();
    const body = wd.createBody(id);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => wd.api.ok('create_namespace_endpoint', { body })),
    );
    expect(replies.filter((reply) => reply.body.created)).toHaveLength(1);
    for (const reply of replies) expect(reply.body.namespace).toEqual(replies[0]?.body.namespace);
  });
});
