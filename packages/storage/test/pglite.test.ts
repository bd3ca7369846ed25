import { afterAll } from 'vitest';
import { describeStorageEngine } from '../src/conformance.js';
import { openPGliteEngine } from '../src/pglite.js';
import { freshPGliteDataDir } from '../src/testing.js';

const directories: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const dispose of directories) await dispose();
});

describeStorageEngine('pglite', {
  open: async () => {
    const { dataDir, dispose } = await freshPGliteDataDir();
    directories.push(dispose);
    return openPGliteEngine({ dataDir });
  },
});
