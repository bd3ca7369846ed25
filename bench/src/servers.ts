/**
 * The child process of the benchmark: serves both targets, so that the load generator (autocannon,
 * in the parent) never shares an event loop with the servers it measures.
 *
 * - reference: `GET /v1/databases` on the reference server (memory engine, a few databases), with a
 *   bearer token, exactly as `dbwire serve` runs it (CORS, auth, validation, storage scan).
 * - baseline: a bare fastify route answering the identical JSON (same bytes, same content type).
 */
import Fastify from 'fastify';
import { serveChild, startSignedInReference } from './child.js';
import type { TargetsReady } from './protocol.js';

serveChild<TargetsReady>(async () => {
  const databases = Number(process.env.BENCH_CHILD_DATABASES ?? '5');
  const { server: reference, url: referenceUrl, token } = await startSignedInReference();
  const auth = { Authorization: `Bearer ${token}` };
  for (let i = 1; i <= databases; i++) {
    const name = `bench-${String(i).padStart(2, '0')}`;
    const created = await fetch(`${referenceUrl}/v1/databases/${name}`, { method: 'POST', headers: auth });
    if (!created.ok) throw new Error(`creating ${name} failed: ${created.status}`);
  }
  const listed = await fetch(`${referenceUrl}/v1/databases`, { headers: auth });
  const body = await listed.text();
  const payload: unknown = JSON.parse(body);

  const baseline = Fastify({ logger: false });
  // Returns the object, so fastify serializes it per request as the reference does.
  baseline.get('/v1/databases', async () => payload);
  await baseline.listen({ host: '127.0.0.1', port: 0 });
  const address = baseline.server.address();
  const baselineUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const check = await fetch(`${baselineUrl}/v1/databases`);
  const baselineBody = await check.text();
  if (baselineBody !== body || check.headers.get('content-type') !== listed.headers.get('content-type')) {
    throw new Error(`the baseline does not answer like the reference:\n${baselineBody}\n${body}`);
  }

  return {
    ready: {
      body,
      databases,
      targets: [
        {
          id: 'reference',
          description: `reference server, GET /v1/databases (memory engine, ${databases} databases, bearer token)`,
          url: `${referenceUrl}/v1/databases`,
          headers: auth,
        },
        {
          id: 'baseline',
          description: 'bare fastify route, identical JSON',
          url: `${baselineUrl}/v1/databases`,
          headers: {},
        },
      ],
    },
    close: () => Promise.all([reference.close(), baseline.close()]),
  };
});
