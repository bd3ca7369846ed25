import { defineProject } from 'vitest/config';
import { dbwireProject } from '../../vitest.shared.js';

export default defineProject(dbwireProject('spacetimedb-sats'));
