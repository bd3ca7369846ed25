/**
 * Generic, spec-driven checks over every operation of the TypeDB API, named as Schemathesis names
 * them (`<operationId> <check>`). See src/generic/suite.ts for how requests are generated and judged.
 */
import { typedbProfile } from '../../src/apis/typedb.js';
import { defineGenericSuite } from '../../src/generic/suite.js';

defineGenericSuite(typedbProfile);
