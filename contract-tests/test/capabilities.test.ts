import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  capabilityOn,
  capabilitySkipSuffix,
  formatCapabilities,
  missingCapabilities,
  parseCapabilities,
} from '../src/capabilities.js';

const env = (flags: string | undefined): NodeJS.ProcessEnv => ({ DBWIRE_CAPABILITIES: flags });

describe('capability flags', () => {
  it('parse name=on|off lists in several spellings', () => {
    expect(parseCapabilities('admin-credentials=off, state-changes=on;typeql=yes x=0 bare')).toEqual({
      'admin-credentials': false,
      'state-changes': true,
      typeql: true,
      x: false,
      bare: true,
    });
    expect(parseCapabilities(undefined)).toEqual({});
    expect(() => parseCapabilities('state-changes=maybe')).toThrow("expected on or off, got 'maybe'");
  });

  it('format back into the same syntax', () => {
    const flags = { 'admin-credentials': false, 'state-changes': true };
    expect(parseCapabilities(formatCapabilities(flags))).toEqual(flags);
  });

  it('default to the registry, and to on for names it does not list', () => {
    for (const [name, definition] of Object.entries(CAPABILITIES)) {
      expect(capabilityOn(name, env(undefined))).toBe(definition.default);
    }
    expect(capabilityOn('something-new', env(undefined))).toBe(true);
    expect(capabilityOn('admin-credentials', env('admin-credentials=off'))).toBe(false);
  });

  it('name the missing ones in the skipped test', () => {
    const missing = missingCapabilities(['state-changes', 'admin-credentials'], env('admin-credentials=off'));
    expect(missing).toEqual(['admin-credentials']);
    expect(capabilitySkipSuffix(missing)).toBe(' [capability off: admin-credentials]');
    expect(capabilitySkipSuffix([])).toBe('');
  });
});
