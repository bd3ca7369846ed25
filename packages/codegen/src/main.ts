import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './apis.js';
import { generateAll, staleFiles } from './generate.js';

/**
 * `npm run generate`: regenerate every API's code from its spec.
 * `npm run generate -- --check`: fail if the committed code differs from a fresh generation.
 */
async function main(argv: string[]): Promise<number> {
  if (!argv.includes('--check')) {
    await generateAll(repoRoot);
    return 0;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'dbwire-codegen-'));
  try {
    await generateAll(scratch);
    const stale = await staleFiles(scratch);
    for (const file of stale) console.error(`stale: ${file}`);
    if (stale.length > 0) console.error('Generated code is out of date: run `npm run generate` and commit the result.');
    return stale.length > 0 ? 1 : 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
