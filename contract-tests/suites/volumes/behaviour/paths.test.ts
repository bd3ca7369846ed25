/**
 * Entry paths (spec: Entry paths): `{path}` spans slashes, sent as is or with `/` as `%2F`; a
 * leading `/` is dropped and `//` collapses; `.` and `..` segments (however encoded), NUL and other
 * control characters, segments over 255 and paths over 1024 characters are refused with 422
 * (`loc: ["path", "path"]`) and write nothing; paths are case-sensitive; an entry whose last
 * segment is `upload` or `download` cannot be written.
 */
import { expect } from 'vitest';
import { useVolumes } from '../../../src/volumes/fixture.js';
import type { VolumeEntry } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';
import { sendRawPath } from '../../../src/volumes/raw.js';

const vols = useVolumes();

/** The raw URL path of an entry route of `volume` (`suffix`: '', '/upload', '/download'). */
function entryUrl(volume: string, rawPath: string, suffix = ''): string {
  const { org, workspace } = vols.credentials.admin;
  return `/v1/orgs/${encodeURIComponent(org)}/workspaces/${encodeURIComponent(workspace)}/volumes/${encodeURIComponent(volume)}/entries/${rawPath}${suffix}`;
}

async function rawWrite(volume: string, rawPath: string, text: string) {
  return sendRawPath(vols.credentials.baseUrl, 'PUT', entryUrl(volume, rawPath), {
    token: vols.credentials.admin.token,
    body: JSON.stringify({ content_text: text }),
  });
}

/** The volume's whole tree, as paths of its live entries (through the directory listings). */
async function allPaths(volume: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (directory: string) => {
    const { body } = await vols.api.ok('listEntries', { volume, query: { path: directory } });
    found.push(...body.entries.map((e) => e.path));
    for (const child of body.directories) await visit(child);
  };
  await visit('/');
  return found.sort();
}

itWith({}, 'a path with slashes is the same entry sent as is or with %2F', async () => {
  const volume = (await vols.volume()).volume_id;
  const written = await rawWrite(volume, 'reports/2025/q1.json', 'first quarter');
  expect(written.status, written.text).toBe(200);
  const entry = (written.json as { entry: VolumeEntry }).entry;
  expect(entry.path).toBe('reports/2025/q1.json');
  const { body: encoded } = await vols.api.ok('readEntry', { volume, path: 'reports/2025/q1.json' });
  expect(encoded.entry_id).toBe(entry.entry_id);
  expect(encoded.content_text).toBe('first quarter');
  const mixed = await sendRawPath(vols.credentials.baseUrl, 'GET', entryUrl(volume, 'reports%2F2025/q1.json'), {
    token: vols.credentials.admin.token,
  });
  expect(mixed.status, mixed.text).toBe(200);
  expect((mixed.json as VolumeEntry).entry_id).toBe(entry.entry_id);
});

itWith({}, 'a leading / is dropped and // collapses; paths are case-sensitive', async () => {
  const volume = (await vols.volume()).volume_id;
  const lead = await vols.entry(volume, '/lead/x.txt', { content_text: 'lead' });
  expect(lead.path).toBe('lead/x.txt');
  const collapsed = await vols.entry(volume, 'a//b///c.txt', { content_text: 'collapsed' });
  expect(collapsed.path).toBe('a/b/c.txt');
  const { body } = await vols.api.ok('readEntry', { volume, path: 'a/b/c.txt' });
  expect(body.entry_id).toBe(collapsed.entry_id);
  const upper = await vols.entry(volume, 'Case/File.txt', { content_text: 'upper' });
  const lower = await vols.entry(volume, 'case/file.txt', { content_text: 'lower' });
  expect(upper.entry_id).not.toBe(lower.entry_id);
  const { body: again } = await vols.api.ok('readEntry', { volume, path: 'Case/File.txt' });
  expect(again.content_text).toBe('upper');
  expect(await allPaths(volume)).toEqual(['Case/File.txt', 'a/b/c.txt', 'case/file.txt', 'lead/x.txt']);
});

itWith({}, 'dot segments are refused however they are encoded, and nothing escapes the path', async () => {
  const volume = (await vols.volume()).volume_id;
  await vols.entry(volume, 'safe/inside.txt', { content_text: 'inside' });
  // Through the client, with '/' as %2F (one segment to any URL parser; the server decodes it). A
  // bare `..` would be resolved by fetch itself: it goes on the wire below.
  for (const path of ['a/../b.txt', '../escape.txt', 'safe/../../x.txt', './a.txt', 'a/./b.txt', 'a/..']) {
    const detail = await vols.api.invalid('writeEntry', { volume, path, body: { content_text: 'attack' } });
    expect(detail[0]?.loc, path).toEqual(['path', 'path']);
    await vols.api.invalid('readEntry', { volume, path });
  }
  // On the wire as written: raw `..`, percent-encoded dots in either case, mixed.
  for (const raw of [
    '..',
    '.',
    'a/../b.txt',
    'a/%2e%2e/b.txt',
    'a/%2E%2E/b.txt',
    'a/.%2e/b.txt',
    'safe/%2e%2e%2fescape.txt',
    'a/%2e/b.txt',
  ]) {
    const answer = await rawWrite(volume, raw, 'attack');
    // Never written; a server (or a proxy in front) may also refuse the URL outright.
    expect([400, 404, 422], `${raw}: ${answer.status} ${answer.text}`).toContain(answer.status);
    if (answer.status === 422) {
      const detail = (answer.json as { detail?: Array<{ loc?: unknown[] }> } | undefined)?.detail;
      expect(detail?.[0]?.loc?.[0], `${raw}: ${answer.text}`).toBe('path');
    }
  }
  expect(await allPaths(volume)).toEqual(['safe/inside.txt']);
});

itWith({}, 'control characters, over-long segments and paths, and empty paths are refused with 422', async () => {
  const volume = (await vols.volume()).volume_id;
  const segment = (n: number) => 'x'.repeat(n);
  const refused = [
    'a\u0000b.txt',
    'a\u0001b.txt',
    'tab\there.txt',
    'line\nbreak.txt',
    'a\u001fb.txt',
    'del\u007f.txt',
    `dir/${segment(256)}`,
    `${Array.from({ length: 5 }, () => segment(205)).join('/')}`, // 1029 characters
    '/',
    '//',
  ];
  for (const path of refused) {
    const detail = await vols.api.invalid('writeEntry', { volume, path, body: { content_text: 'refused' } });
    expect(detail[0]?.loc[0], JSON.stringify(path)).toBe('path');
  }
  // At the limits: a 255-character segment, a 1024-character path.
  await vols.entry(volume, `dir/${segment(255)}`, { content_text: 'long segment' });
  const longest = `${Array.from({ length: 4 }, () => segment(250)).join('/')}/${segment(20)}`;
  expect(longest.length).toBe(1024);
  await vols.entry(volume, longest, { content_text: 'longest path' });
  expect(await allPaths(volume)).toEqual([longest, `dir/${segment(255)}`].sort());
});

itWith({}, 'a path ending in / or in an upload or download segment cannot be written', async () => {
  const volume = (await vols.volume()).volume_id;
  for (const path of ['dir/', 'files/upload', 'files/download', 'upload', 'download']) {
    const detail = await vols.api.invalid('writeEntry', { volume, path, body: { content_text: 'x' } });
    expect(detail[0]?.loc[0], path).toBe('path');
  }
  // As segments elsewhere they are ordinary names.
  await vols.entry(volume, 'upload/download/report.txt', { content_text: 'fine' });
  expect(await allPaths(volume)).toEqual(['upload/download/report.txt']);
});
