/**
 * Module logs (spec: `getDatabaseLogs`): owner only (403 text `view module logs`); NDJSON records
 * of the module's console output, oldest first; `num_lines` keeps the most recent; `follow=true`
 * streams lines logged after the request started.
 */
import { MESSAGES } from '@dbwire/test-modules/spacetimedb';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { runScopedDatabaseName, useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import { expectText, logRecords } from '../../../src/spacetimedb/http.js';

const stdb = useSpacetimedb();
const STATE = { capabilities: ['state-changes'] } as const;
const FOLLOW_TIMEOUT_MS = 10_000;

/** Opens `…/logs?follow=true&num_lines=0` as `token`; the reader of its body. */
async function follow(baseUrl: string, database: string, token: string, signal: AbortSignal) {
  const response = await fetch(`${baseUrl}/v1/database/${database}/logs?follow=true&num_lines=0`, {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  return (response.body as ReadableStream<Uint8Array>).getReader();
}

itNeeding(STATE, 'only the owner reads the logs: anyone else, anonymous too, gets 403 text', async () => {
  const db = await stdb.publish('quickstart');
  const stranger = await stdb.identity();
  expect(expectText(await stranger.client.call('getDatabaseLogs', { database: db.identity }), 403)).toContain(
    'view module logs',
  );
  expectText(await stdb.anonymous.call('getDatabaseLogs', { database: db.name as string }), 403);
});

itNeeding(STATE, 'say_hello’s lines come as NDJSON records, in order; num_lines keeps the most recent', async () => {
  const db = await stdb.publish('quickstart');
  const { client } = db.owner;
  for (const name of ['Alice', 'Bob'])
    await client.ok('callReducer', { database: db.identity, reducer: 'add', body: [name] });
  await client.ok('callReducer', { database: db.identity, reducer: 'say_hello', body: [] });
  const reply = await client.ok('getDatabaseLogs', { database: db.identity });
  expect(reply.mediaType).toBe('application/x-ndjson');
  expect(reply.text.endsWith('\n')).toBe(true);
  const records = logRecords(reply.text);
  const hellos = records.filter((record) => record.message.startsWith('Hello, '));
  expect(hellos.map((record) => record.message).slice(-1)).toEqual([MESSAGES.helloWorld]);
  expect(
    hellos
      .slice(0, -1)
      .map((record) => record.message)
      .sort(),
  ).toEqual(['Hello, Alice!', 'Hello, Bob!']);
  for (const record of hellos) {
    expect(record.level).toBe('Info');
    expect(typeof record.ts).toBe('number');
  }
  const stamps = records.map((record) => Number(record.ts));
  expect(stamps).toEqual([...stamps].sort((a, b) => a - b));

  const last = logRecords(
    (await client.ok('getDatabaseLogs', { database: db.identity, query: { num_lines: 1 } })).text,
  );
  expect(last.map((record) => record.message)).toEqual([MESSAGES.helloWorld]);
  const lastTwo = logRecords(
    (await client.ok('getDatabaseLogs', { database: db.identity, query: { num_lines: 2 } })).text,
  );
  expect(lastTwo).toEqual(records.slice(-2));
});

itNeeding(STATE, 'follow=true streams a line logged after the request started', async () => {
  const db = await stdb.publish('quickstart');
  const { client } = db.owner;
  const marker = runScopedDatabaseName('follow');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FOLLOW_TIMEOUT_MS);
  try {
    const reader = await follow(stdb.baseUrl, db.identity, db.owner.token, controller.signal);
    // Logged only now, after the stream is open.
    await client.ok('callReducer', { database: db.identity, reducer: 'add', body: [marker] });
    await client.ok('callReducer', { database: db.identity, reducer: 'say_hello', body: [] });
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(`Hello, ${marker}!`)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const messages = logRecords(text.slice(0, text.lastIndexOf('\n') + 1)).map((record) => record.message);
    expect(messages).toContain(`Hello, ${marker}!`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
});

itNeeding(STATE, 'a follow stream ends when the database is deleted', async () => {
  const db = await stdb.publish('quickstart');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FOLLOW_TIMEOUT_MS);
  try {
    const reader = await follow(stdb.baseUrl, db.identity, db.owner.token, controller.signal);
    await db.owner.client.ok('deleteDatabase', { database: db.identity });
    let done = false;
    while (!done) ({ done } = await reader.read());
    expect(done).toBe(true);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
});
