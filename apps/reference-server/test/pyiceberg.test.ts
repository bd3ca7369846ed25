/**
 * `dbwire serve`'s Iceberg REST catalog used by pyiceberg (with pyarrow), the Python client, as a
 * user would: fixtures/pyiceberg_flow.py loads the catalog from the server with a bearer token and
 * a local `file:` warehouse, creates a namespace and a table, appends an Arrow table twice (pyiceberg
 * writes the Parquet data files and manifests itself and commits `add-snapshot` + `set-snapshot-ref`),
 * adds a column, and reads the rows back through a fresh session. It checks what it sees and prints
 * JSON; this test checks that JSON and then, independently, the server's own answer over HTTP, parsed
 * with @dbwire/json so that pyiceberg's random 63-bit snapshot ids are compared digit for digit.
 *
 * The versions are pinned in fixtures/requirements.txt; CI installs them and sets
 * DBWIRE_REQUIRE_PYICEBERG=1. Elsewhere the test is skipped, visibly, when pyiceberg is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseJson } from '@dbwire/json';
import { freshPGliteDataDir } from '@dbwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServe } from './helpers/serve.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SCRIPT = join(FIXTURES, 'pyiceberg_flow.py');
const REQUIREMENTS = join(FIXTURES, 'requirements.txt');
/** The reference catalog's development bearer token. */
const TOKEN = 'dev-token';
/** The script is killed after this; the test fails before vitest's own timeout. */
const RUN_TIMEOUT_MS = 45_000;

/** `pyiceberg <version>, pyarrow <version>` from the machine's Python, or undefined. */
function findPyiceberg(): string | undefined {
  const probe = spawnSync(
    'python3',
    ['-c', 'import pyiceberg, pyarrow; print(f"pyiceberg {pyiceberg.__version__}, pyarrow {pyarrow.__version__}")'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

const installed = findPyiceberg();
const required = process.env.DBWIRE_REQUIRE_PYICEBERG === '1';
const title = installed
  ? `${installed} against dbwire serve`
  : required
    ? 'pyiceberg against dbwire serve'
    : `pyiceberg against dbwire serve [skipped: pyiceberg or pyarrow not installed; pip install -r ${REQUIREMENTS}]`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runPython(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('python3', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** What the script prints (pyiceberg_flow.py); snapshot ids are decimal strings. */
interface FlowResult {
  namespace: string;
  table: string;
  location: string;
  metadataLocation: string;
  formatVersion: number;
  sentSnapshotIds: string[];
  snapshots: Array<{
    id: string;
    parent: string | null;
    sequenceNumber: number;
    operation: string;
    addedRecords: string;
  }>;
  currentSnapshotId: string;
  currentSchemaId: number;
  schemaFields: string[];
  rows: Array<{ id: number; name: string; score: number | null }>;
  metadataLogLength: number;
}

/** The parts of the server's loadTable answer checked here; int64 fields may be bigint. */
interface LoadTableAnswer {
  'metadata-location': string;
  metadata: {
    'current-snapshot-id': number | bigint | null;
    'current-schema-id': number;
    'last-column-id': number;
    'last-sequence-number': number;
    snapshots: Array<{
      'snapshot-id': number | bigint;
      'parent-snapshot-id'?: number | bigint | null;
      'sequence-number': number;
      'manifest-list': string;
      summary: Record<string, string>;
    }>;
    refs: Record<string, { type: string; 'snapshot-id': number | bigint }>;
    schemas: Array<{ 'schema-id': number; fields: Array<{ id: number; name: string; type: string }> }>;
  };
}

describe.skipIf(!installed && !required)(title, () => {
  let serve: ServeProcess & { urls: Record<string, string> };
  let workDir: string;
  let warehouseDir: string;
  let warehouse: string;
  let disposeData: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (!installed) {
      throw new Error(
        `DBWIRE_REQUIRE_PYICEBERG=1 but pyiceberg or pyarrow is not installed: pip install -r ${REQUIREMENTS}`,
      );
    }
    workDir = await mkdtemp(join(tmpdir(), 'dbwire-pyiceberg-'));
    warehouseDir = join(workDir, 'warehouse');
    warehouse = pathToFileURL(warehouseDir).href;
    // `dbwire serve` as users run it by default: PGlite in a data directory. The snapshot ids go
    // through its JSON storage, parse and serialization before pyiceberg reads them back.
    const data = await freshPGliteDataDir();
    disposeData = data.dispose;
    serve = await startServe(['--engine', 'pglite', '--data-dir', data.dataDir, '--iceberg-warehouse', warehouse]);
  }, 60_000);

  afterAll(async () => {
    serve?.child.kill('SIGKILL');
    await serve?.exited;
    await disposeData?.();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('creates a table, appends twice, evolves the schema and reads the rows back; the server keeps every snapshot id exactly', async () => {
    const base = serve.urls.iceberg as string;
    const run = await runPython([SCRIPT, base, TOKEN, warehouse, 'py_flow'], {
      ...process.env,
      // No ~/.pyiceberg.yaml or PYICEBERG_* settings of the machine's user leak into the run.
      PYICEBERG_HOME: workDir,
      PYTHONDONTWRITEBYTECODE: '1',
    });
    const summary = `${installed}: exit ${run.code}${run.timedOut ? ` (killed after ${RUN_TIMEOUT_MS} ms)` : ''}\nstderr:\n${run.stderr}\nserver stderr:\n${serve.stderr()}`;
    expect(run.timedOut, summary).toBe(false);
    expect(run.code, summary).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as FlowResult;

    // What pyiceberg saw.
    expect(result.rows).toEqual([
      { id: 1, name: 'a', score: null },
      { id: 2, name: 'b', score: null },
      { id: 3, name: 'c', score: null },
    ]);
    expect(result.schemaFields).toEqual(['id', 'name', 'score']);
    expect(result.currentSchemaId).toBe(1);
    expect(result.formatVersion).toBe(2);
    expect(result.location.startsWith(`${warehouse}/`)).toBe(true);
    const [first, second] = result.snapshots;
    expect(result.snapshots).toHaveLength(2);
    expect([first?.id, second?.id]).toEqual(result.sentSnapshotIds);
    expect(first).toMatchObject({ parent: null, sequenceNumber: 1, operation: 'append', addedRecords: '2' });
    expect(second).toMatchObject({ parent: first?.id, sequenceNumber: 2, operation: 'append', addedRecords: '1' });
    expect(result.currentSnapshotId).toBe(second?.id);
    // create, two appends, one schema change: four metadata files, three of them in the log.
    expect(result.metadataLogLength).toBe(3);

    // The server's own view, read without pyiceberg.
    const response = await fetch(`${base}/v1/namespaces/py_flow/tables/events`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    const answer = parseJson(await response.text()) as LoadTableAnswer;
    const { metadata } = answer;
    expect(answer['metadata-location']).toBe(result.metadataLocation);
    expect(metadata.snapshots.map((snapshot) => String(snapshot['snapshot-id']))).toEqual(result.sentSnapshotIds);
    expect(metadata.snapshots.map((snapshot) => String(snapshot['parent-snapshot-id'] ?? null))).toEqual([
      'null',
      result.sentSnapshotIds[0],
    ]);
    expect(String(metadata['current-snapshot-id'])).toBe(result.sentSnapshotIds[1]);
    expect(metadata.refs.main).toEqual({ type: 'branch', 'snapshot-id': metadata['current-snapshot-id'] });
    expect(metadata['last-sequence-number']).toBe(2);
    expect(metadata['current-schema-id']).toBe(1);
    expect(metadata['last-column-id']).toBe(3);
    expect(
      metadata.schemas.map((schema) => schema.fields.map((field) => `${field.id}:${field.name}:${field.type}`)),
    ).toEqual([
      ['1:id:long', '2:name:string'],
      ['1:id:long', '2:name:string', '3:score:double'],
    ]);
    expect(metadata.snapshots.map((snapshot) => snapshot.summary['total-records'])).toEqual(['2', '3']);

    // The files in the warehouse: pyiceberg's Parquet data and manifest lists, and the server's
    // metadata file (which the script already read and checked).
    const tableDir = fileURLToPath(result.location);
    expect((await readdir(join(tableDir, 'data'))).filter((name) => name.endsWith('.parquet'))).toHaveLength(2);
    for (const snapshot of metadata.snapshots) {
      expect((await readFile(fileURLToPath(snapshot['manifest-list']))).length).toBeGreaterThan(0);
    }
    const onDisk = parseJson(
      await readFile(fileURLToPath(result.metadataLocation), 'utf8'),
    ) as LoadTableAnswer['metadata'];
    expect(String(onDisk['current-snapshot-id'])).toBe(result.sentSnapshotIds[1]);
  }, 90_000);
});
