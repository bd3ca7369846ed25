import { defineConfig } from 'vitest/config';
import { contractTestProjects } from './contract-tests/vitest.config.js';

// `npx vitest` at the root runs every project; `npm test` runs them package by package through turbo.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', ...contractTestProjects],
  },
});
