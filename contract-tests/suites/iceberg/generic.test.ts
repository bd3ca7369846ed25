/**
 * Generic, spec-driven checks over every operation of the Iceberg REST catalog API, both path
 * families, named as Schemathesis names them (`<operationId> <check>`). See src/generic/suite.ts for
 * how requests are generated and judged, and src/apis/iceberg.ts for the namespaces and tables they
 * are aimed at.
 */
import { icebergProfile } from '../../src/apis/iceberg.js';
import { defineGenericSuite } from '../../src/generic/suite.js';

defineGenericSuite(icebergProfile);
