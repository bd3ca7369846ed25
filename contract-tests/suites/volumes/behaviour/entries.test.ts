/**
 * Entries (spec: Content, TTL and attribution; `listEntries`): PUT is an upsert that keeps the
 * entry's id and creation time; JSON and text entries carry their content and size; exactly one of
 * `content` and `content_text`; directory listings show immediate children only, sorted, with
 * implicit directories; an entry past its TTL is absent everywhere (read, list, delete, search);
 * attribution records the writing app and execution.
 */
import { expect } from 'vitest';
import { advanceServerClock } from '../../../src/volumes/clock.js';
import { runScopedApp, useVolumes } from '../../../src/volumes/fixture.js';
import { itWith } from '../../../src/volumes/needs.js';
import { eventually } from '../../../src/volumes/raw.js';

const vols = useVolumes();

itWith(
  {},
  'PUT creates, then replaces in place: same entry_id and created_at, later updated_at, new content',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const first = await vols.entry(volume, 'faq/refunds.json', {
      content: { answer: 'within 14 days' },
      tags: ['faq'],
    });
    expect(first.content_type).toBe('json');
    expect(first.content).toEqual({ answer: 'within 14 days' });
    expect(first.content_text).toBeNull();
    expect(first.mime_type).toBe('application/json');
    expect(first.tags).toEqual(['faq']);
    expect(first.size_bytes).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await vols.entry(volume, 'faq/refunds.json', { content_text: 'Refunds take 14 days.' });
    expect(second.entry_id).toBe(first.entry_id);
    expect(second.created_at).toBe(first.created_at);
    expect(Date.parse(second.updated_at)).toBeGreaterThan(Date.parse(first.updated_at));
    expect(second.content_type).toBe('text');
    expect(second.content).toBeNull();
    expect(second.content_text).toBe('Refunds take 14 days.');
    expect(second.mime_type).toBe('text/plain');
    expect(second.size_bytes).toBe(new TextEncoder().encode('Refunds take 14 days.').length);
    const { body: read } = await vols.api.ok('readEntry', { volume, path: 'faq/refunds.json' });
    expect(read).toMatchObject({ entry_id: first.entry_id, content_text: 'Refunds take 14 days.', content: null });
    const text = 'ünïcødé ✓';
    expect((await vols.entry(volume, 'u.txt', { content_text: text })).size_bytes).toBe(
      new TextEncoder().encode(text).length,
    );
  },
);

itWith({}, 'exactly one of content and content_text: neither or both answer 422 and write nothing', async () => {
  const volume = (await vols.volume()).volume_id;
  for (const body of [
    {},
    { content: { a: 1 }, content_text: 'both' },
    { content: null, content_text: null },
    { tags: ['x'] },
  ]) {
    const detail = await vols.api.invalid('writeEntry', { volume, path: 'one/of.txt', body });
    expect(detail[0]?.loc[0], JSON.stringify(body)).toBe('body');
  }
  // A content_type that disagrees with the field set.
  await vols.api.invalid('writeEntry', {
    volume,
    path: 'one/of.txt',
    body: { content_text: 'x', content_type: 'json' },
  });
  await vols.api.error('readEntry', { volume, path: 'one/of.txt' }, 404, 'RESOURCE_NOT_FOUND');
});

itWith({}, 'listEntries answers the immediate children: entries and implicit directories, sorted', async () => {
  const volume = (await vols.volume()).volume_id;
  for (const path of [
    'faq/b.txt',
    'faq/a.txt',
    'faq/billing/x.txt',
    'faq/billing/deep/y.txt',
    'top.txt',
    'reports/2025/q1.txt',
  ]) {
    await vols.entry(volume, path, { content_text: path });
  }
  const { body: root } = await vols.api.ok('listEntries', { volume });
  expect(root.directories).toEqual(['faq/', 'reports/']);
  expect(root.entries.map((e) => e.path)).toEqual(['top.txt']);
  for (const path of ['faq', 'faq/', '/faq/']) {
    const { body } = await vols.api.ok('listEntries', { volume, query: { path } });
    expect(body.path, path).toBe('faq/');
    expect(body.directories, path).toEqual(['faq/billing/']);
    expect(
      body.entries.map((e) => e.path),
      path,
    ).toEqual(['faq/a.txt', 'faq/b.txt']);
  }
  const { body: unknown } = await vols.api.ok('listEntries', { volume, query: { path: 'nothing/here/' } });
  expect(unknown).toMatchObject({ directories: [], entries: [] });
  // Deleting the last entry below a directory removes the directory.
  await vols.api.ok('deleteEntry', { volume, path: 'reports/2025/q1.txt' });
  const { body: after } = await vols.api.ok('listEntries', { volume, query: { path: '/' } });
  expect(after.directories).toEqual(['faq/']);
  await vols.api.error('deleteEntry', { volume, path: 'reports/2025/q1.txt' }, 404, 'RESOURCE_NOT_FOUND');
});

/** Whether the entry is gone everywhere: read, delete, listing, search, download URL. */
async function expectAbsent(volume: string, path: string, word: string) {
  await vols.api.error('readEntry', { volume, path }, 404, 'RESOURCE_NOT_FOUND');
  await vols.api.error('getDownloadUrl', { volume, path }, 404, 'RESOURCE_NOT_FOUND');
  const { body: listing } = await vols.api.ok('listEntries', { volume, query: { path: 'ttl/' } });
  expect(listing.entries.map((e) => e.path)).not.toContain(path);
  const { body: search } = await vols.api.ok('searchVolume', { volume, body: { query: word } });
  expect(search.results.map((r) => r.path)).not.toContain(path);
  await vols.api.error('deleteEntry', { volume, path }, 404, 'RESOURCE_NOT_FOUND');
}

/** Writes an entry with a TTL and waits until search finds it. */
async function expiring(volume: string, path: string, word: string, ttl: number) {
  const entry = await vols.entry(volume, path, { content_text: `${word} expires soon`, ttl_seconds: ttl });
  expect(entry.ttl_seconds).toBe(ttl);
  await vols.entry(volume, 'ttl/forever.txt', { content_text: `${word} stays`, ttl_seconds: null });
  await eventually('the entry to be searchable', async () => {
    const { body } = await vols.api.ok('searchVolume', { volume, body: { query: word } });
    return body.results.some((r) => r.path === path) ? true : undefined;
  });
  return entry;
}

itWith({}, 'an entry past its TTL behaves as absent everywhere (real time, 1 s)', async () => {
  const volume = (await vols.volume()).volume_id;
  const word = `ephemeral${Math.random().toString(36).slice(2, 7)}`;
  await expiring(volume, 'ttl/short.txt', word, 1);
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  await expectAbsent(volume, 'ttl/short.txt', word);
  await vols.api.ok('readEntry', { volume, path: 'ttl/forever.txt' });
});

itWith(
  { capabilities: ['clock'] },
  'an entry lives for its TTL from its last write, then behaves as absent everywhere',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const word = `transient${Math.random().toString(36).slice(2, 7)}`;
    const entry = await expiring(volume, 'ttl/doc.txt', word, 30);
    await advanceServerClock(20);
    // Rewriting restarts the TTL.
    await vols.entry(volume, 'ttl/doc.txt', { content_text: `${word} rewritten`, ttl_seconds: 30 });
    await advanceServerClock(20);
    const { body: alive } = await vols.api.ok('readEntry', { volume, path: 'ttl/doc.txt' });
    expect(alive.entry_id).toBe(entry.entry_id);
    await advanceServerClock(11);
    await expectAbsent(volume, 'ttl/doc.txt', word);
    await vols.api.ok('readEntry', { volume, path: 'ttl/forever.txt' });
    // Writing the path again makes a live entry.
    await vols.entry(volume, 'ttl/doc.txt', { content_text: 'back' });
    await vols.api.ok('readEntry', { volume, path: 'ttl/doc.txt' });
  },
);

itWith(
  {},
  'attribution: the app and execution of the writer, from the body or X-Execution-Id; null for a user',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const app = runScopedApp('writer');
    await vols.mount(volume, app, { path_pattern: 'out/**', access_level: 'read_write' });
    const user = await vols.entry(volume, 'out/user.txt', { content_text: 'by a user' });
    expect(user.written_by_app_id).toBeNull();
    expect(user.written_by_execution_id).toBeNull();
    const byApp = await vols.entry(volume, 'out/app.txt', {
      content_text: 'by an app',
      app_id: app,
      execution_id: 'exec-42',
    });
    expect(byApp.written_by_app_id).toBe(app);
    expect(byApp.written_by_execution_id).toBe('exec-42');
    const { body } = await vols.api.ok('writeEntry', {
      volume,
      path: 'out/header.txt',
      body: { content_text: 'by an execution', app_id: app },
      headers: { 'x-execution-id': 'exec-from-header' },
    });
    expect(body.entry.written_by_execution_id).toBe('exec-from-header');
    // A later user write replaces the attribution.
    expect((await vols.entry(volume, 'out/app.txt', { content_text: 'by a user now' })).written_by_app_id).toBeNull();
  },
);
