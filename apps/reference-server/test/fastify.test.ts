import type { StorageEngine } from '@dbwire/storage';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engines.js';
import { buildIcebergApp } from '../src/iceberg/app.js';
import { buildSpacetimedbApp } from '../src/spacetimedb/app.js';

/** Two APIs with different error shapes (SpacetimeDB's plain text, Iceberg's JSON envelope). */
let storage: StorageEngine;
const apps: FastifyInstance[] = [];
let spacetimedb: string;
let iceberg: string;

async function listen(app: FastifyInstance): Promise<string> {
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  storage = await openEngine({ engine: 'memory' });
  spacetimedb = await listen(await buildSpacetimedbApp({ storage }));
  iceberg = await listen(await buildIcebergApp({ storage }));
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await storage.close();
});

describe("fastify's own refusals in each API's error shape", () => {
  it('a path that is not valid percent-encoding', async () => {
    const database = await fetch(`${spacetimedb}/v1/database/%FF`);
    expect(database.status).toBe(400);
    expect(database.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await database.text()).toMatch(/^The database name or identity is invalid/);

    const namespace = await fetch(`${iceberg}/v1/namespaces/%FF`);
    expect(namespace.status).toBe(400);
    expect(await namespace.json()).toEqual({
      error: {
        type: 'BadRequestException',
        code: 400,
        message: "path parameter 'namespace' is not valid percent-encoded UTF-8",
      },
    });
  });

  it('a path beyond the header size limit', async () => {
    const database = await fetch(`${spacetimedb}/v1/database/${'a'.repeat(100_000)}`);
    expect(database.status).toBe(400);
    expect(database.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await database.text()).toBe('The request line and headers are too large.');

    const namespace = await fetch(`${iceberg}/v1/namespaces/${'a'.repeat(100_000)}`);
    expect(namespace.status).toBe(400);
    expect(await namespace.json()).toEqual({
      error: { type: 'BadRequestException', code: 400, message: 'The request line and headers are too large.' },
    });
  });

  it('a path with a parameter beyond the router limit, and unknown paths', async () => {
    const namespace = await fetch(`${iceberg}/v1/namespaces/${'n'.repeat(9000)}`);
    expect(namespace.status).toBe(400);
    expect((await namespace.json()).error).toMatchObject({ type: 'BadRequestException' });
    const nowhere = await fetch(`${spacetimedb}/nowhere/%FF`);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.text()).toBe('Not Found');
  });
});
