/**
 * Generic, spec-driven checks over every operation of the volumes API (the download route that
 * presigned URLs point at included), named as Schemathesis names them (`<operationId> <check>`).
 * See src/generic/suite.ts for how requests are generated and judged, and src/apis/volumes.ts for
 * the volumes, entries, mounts and locks they are aimed at.
 */
import { volumesProfile } from '../../src/apis/volumes.js';
import { defineGenericSuite } from '../../src/generic/suite.js';

defineGenericSuite(volumesProfile);
