/**
 * Generic, spec-driven checks over every operation of the SpacetimeDB API, named as Schemathesis
 * names them (`<operationId> <check>`). See src/generic/suite.ts for how requests are generated and
 * judged, and src/apis/spacetimedb.ts for the databases, modules, reducers and SQL they use.
 */
import { spacetimedbProfile } from '../../src/apis/spacetimedb.js';
import { defineGenericSuite } from '../../src/generic/suite.js';

defineGenericSuite(spacetimedbProfile);
