import { defineConfig } from 'vitest/config';

// `npx vitest` at the root runs every project; `npm test` runs them package by package through turbo.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'contract-tests'],
  },
});
