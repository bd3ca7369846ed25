import { afterAll, describe, it } from 'vitest';
import { describeStorageEngine } from '../src/conformance.js';
import { openPostgresEngine } from '../src/postgres.js';
import { freshPostgresSchema, testPostgresUrl } from '../src/testing.js';

const url = testPostgresUrl();

if (url) {
  const { schema, dispose } = freshPostgresSchema(url);
  afterAll(dispose);
  // Every handle is its own pool on one schema: as several server processes over one database.
  describeStorageEngine('postgres', {
    open: () => openPostgresEngine({ connectionString: url, schema, maxConnections: 4 }),
    shared: true,
  });
} else {
  describe('storage engine conformance: postgres', () => {
    it.skip('needs DBWIRE_POSTGRES_URL (scripts/test-postgres.sh starts a server)', () => {});
  });
}
