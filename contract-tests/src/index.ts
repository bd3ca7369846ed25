/**
 * @dbwire/contract-tests: the conformance suite. The suites themselves live in `suites/<api>/`
 * and run under vitest; this entry point is what the `dbwire conformance` command loads.
 */
export {
  CAPABILITIES,
  CAPABILITIES_ENV,
  type CapabilityDefinition,
  type CapabilityName,
  capabilityOn,
  capabilitySkipSuffix,
  missingCapabilities,
  parseCapabilities,
} from './capabilities.js';
export {
  APIS,
  type ConformanceApi,
  type ConformanceOptions,
  conformanceMain,
  parseConformanceArgs,
  REPORTS,
  type ReportKind,
  USAGE,
  UsageError,
} from './cli.js';
export { getTarget, runScopedName, type Target } from './target.js';
