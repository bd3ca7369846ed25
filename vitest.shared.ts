import { availableParallelism } from 'node:os';
import type { ViteUserConfig } from 'vitest/config';

/**
 * Settings every test project shares. Workspace packages resolve to their TypeScript sources through
 * the `@dbwire/source` export condition, so tests never need a build.
 */
export function dbwireProject(name: string, overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  // No `import` here: Vite adds `import` or `require` per import itself, and a listed `import` leaks
  // into CommonJS `require` calls of external packages (pg would then get pg-pool's ESM build).
  const conditions = ['@dbwire/source', 'module', 'node', 'default'];
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@dbwire/source'] } },
    test: {
      name,
      // Vitest leaves one core free by default, which on the 2-core CI machines means one test file
      // at a time; most files wait on servers and child processes, so use every core.
      maxWorkers: availableParallelism(),
      include: ['test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...overrides,
    },
  };
}
