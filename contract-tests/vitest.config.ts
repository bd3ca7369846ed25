import { defineProject } from 'vitest/config';
import { dbwireProject } from '../vitest.shared.js';

// `test/` holds the suite's own tests (against faulty servers, the CLI); `suites/` is the
// conformance suite itself, which `dbwire conformance` runs against any server.
export default defineProject(
  dbwireProject('contract-tests', {
    include: ['test/**/*.test.ts', 'suites/**/*.test.ts'],
    globalSetup: ['./src/global-setup.ts'],
  }),
);
