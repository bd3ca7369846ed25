import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateAll, staleFiles } from '../src/generate.js';

// The committed generated code must be exactly what the specs generate today.
it('committed generated code matches the specs', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'dbwire-codegen-test-'));
  try {
    await generateAll(scratch);
    expect(await staleFiles(scratch), 'run `npm run generate` and commit the result').toEqual([]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}, 60_000);
