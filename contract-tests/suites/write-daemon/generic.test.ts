/**
 * Generic, spec-driven checks over every operation of the write-daemon API, named as Schemathesis
 * names them (`<operationId> <check>`). See src/generic/suite.ts for how requests are generated and
 * judged, and src/apis/write-daemon.ts for the namespaces they are aimed at.
 */
import { writeDaemonProfile } from '../../src/apis/write-daemon.js';
import { defineGenericSuite } from '../../src/generic/suite.js';

defineGenericSuite(writeDaemonProfile);
