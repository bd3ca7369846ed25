/**
 * TypeQL values: the engine's in-memory form, parsing from literals, casting, comparison, arithmetic
 * and the canonical text TypeDB prints (which is also the HTTP JSON form of the non-native types).
 */
import type { Literal, ValueTypeName } from './ast.js';
import { TypeQLError } from './errors.js';

/** Decimals are fixed point with 19 fraction digits, as in TypeDB; held as a scaled bigint. */
const DECIMAL_SCALE = 10n ** 19n;
const DECIMAL_DIGITS = 19;

export type Value =
  | { type: 'boolean'; v: boolean }
  | { type: 'integer'; v: number }
  | { type: 'double'; v: number }
  | { type: 'decimal'; v: bigint }
  /** `YYYY-MM-DD` */
  | { type: 'date'; v: string }
  /** `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn` (always 9 fraction digits) */
  | { type: 'datetime'; v: string }
  /** Local datetime (canonical as above) plus a fixed offset `+01:00` or an IANA zone name. */
  | { type: 'datetime-tz'; v: string; zone: string }
  | { type: 'duration'; months: number; days: number; nanos: bigint }
  | { type: 'string'; v: string };

const literalError = (text: string): TypeQLError =>
  new TypeQLError('compile', [
    ['LIT1', `Failed to parse literal fragment into primitive: '${text}'.`],
    ['REP12', `Error parsing literal '${text}'.`],
    ['QEX7', 'Error in provided query.'],
  ]);

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

export function parseDecimal(text: string): bigint | undefined {
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return undefined;
  const frac = (m[3] ?? '').slice(0, DECIMAL_DIGITS).padEnd(DECIMAL_DIGITS, '0');
  const magnitude = BigInt(m[2] ?? '0') * DECIMAL_SCALE + BigInt(frac);
  return m[1] === '-' ? -magnitude : magnitude;
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= days;
}

export function parseDate(text: string): string | undefined {
  const m = /^([+-]?\d{4,})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** Parses `date[THH:MM[:SS[.f]]]` into the canonical 9-digit form; returns the rest (a zone) too. */
function parseLocalDatetime(text: string): { local: string; rest: string } | undefined {
  const m = /^([+-]?\d{4,}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(.*)$/.exec(text.trim());
  if (!m) return undefined;
  const date = parseDate(m[1] ?? '');
  if (!date) return undefined;
  const [h, mi, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  const frac = (m[5] ?? '').padEnd(9, '0');
  return { local: `${date}T${pad(h)}:${pad(mi)}:${pad(s)}.${frac}`, rest: m[6] ?? '' };
}

export function parseDatetime(text: string): string | undefined {
  const parsed = parseLocalDatetime(text);
  return parsed && parsed.rest === '' ? parsed.local : undefined;
}

export function parseDatetimeTz(text: string): { local: string; zone: string } | undefined {
  const parsed = parseLocalDatetime(text);
  if (!parsed) return undefined;
  const rest = parsed.rest.trim();
  if (rest === 'Z') return { local: parsed.local, zone: '+00:00' };
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(rest);
  if (offset) return { local: parsed.local, zone: `${offset[1]}${offset[2]}:${offset[3]}` };
  if (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(rest) && knownZone(rest)) return { local: parsed.local, zone: rest };
  return undefined;
}

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const NANOS_PER_SECOND = 1_000_000_000n;

export function parseDuration(text: string): { months: number; days: number; nanos: bigint } | undefined {
  const m =
    /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,9}))?S)?)?$/.exec(
      text.trim(),
    );
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const nanos =
    BigInt(n(5)) * 3600n * NANOS_PER_SECOND +
    BigInt(n(6)) * 60n * NANOS_PER_SECOND +
    BigInt(n(7)) * NANOS_PER_SECOND +
    BigInt((m[8] ?? '').padEnd(9, '0') || '0');
  return { months: n(1) * 12 + n(2), days: n(3) * 7 + n(4), nanos };
}

/** The value a literal denotes; a malformed literal is a compile error (`LIT1`). */
export function literalValue(literal: Literal): Value {
  const { valueType, value, text } = literal;
  switch (valueType) {
    case 'boolean':
      if (typeof value === 'boolean') return { type: 'boolean', v: value };
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return { type: 'integer', v: value };
      if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return { type: 'integer', v: Number(value) };
      break;
    case 'double':
      if (typeof value === 'number') return { type: 'double', v: value };
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        return { type: 'double', v: Number(value) };
      break;
    case 'decimal': {
      const d = parseDecimal(String(value).replace(/dec$/, ''));
      if (d !== undefined) return { type: 'decimal', v: d };
      break;
    }
    case 'date': {
      const d = parseDate(String(value));
      if (d) return { type: 'date', v: d };
      break;
    }
    case 'datetime': {
      const d = parseDatetime(String(value));
      if (d) return { type: 'datetime', v: d };
      break;
    }
    case 'datetime-tz': {
      const d = parseDatetimeTz(String(value));
      if (d) return { type: 'datetime-tz', v: d.local, zone: d.zone };
      break;
    }
    case 'duration': {
      const d = parseDuration(String(value));
      if (d) return { type: 'duration', ...d };
      break;
    }
    case 'string':
      if (typeof value === 'string') return { type: 'string', v: value };
      break;
  }
  throw literalError(text);
}

// ---------------------------------------------------------------------------------------------
// Casting (what an attribute of a declared value type accepts, as TypeDB's trivial casts)
// ---------------------------------------------------------------------------------------------

/** Casts `value` to `target` when TypeDB allows it implicitly (integer -> decimal/double, decimal -> double, date -> datetime). */
export function castTo(value: Value, target: ValueTypeName): Value | undefined {
  if (value.type === target) return value;
  if (value.type === 'integer') {
    if (target === 'double') return { type: 'double', v: value.v };
    if (target === 'decimal') return { type: 'decimal', v: BigInt(value.v) * DECIMAL_SCALE };
  }
  if (value.type === 'decimal' && target === 'double') return { type: 'double', v: decimalToNumber(value.v) };
  if (value.type === 'date' && target === 'datetime') return { type: 'datetime', v: `${value.v}T00:00:00.000000000` };
  return undefined;
}

function decimalToNumber(v: bigint): number {
  return Number(v) / Number(DECIMAL_SCALE);
}

// ---------------------------------------------------------------------------------------------
// Display (TypeDB's `Display`, which the HTTP JSON uses for the non-native types)
// ---------------------------------------------------------------------------------------------

export function formatDecimal(v: bigint): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const int = abs / DECIMAL_SCALE;
  const frac = abs % DECIMAL_SCALE;
  if (frac === 0n) return `${negative ? '-' : ''}${int}.0dec`;
  const digits = frac.toString().padStart(DECIMAL_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}.${digits}dec`;
}

export function formatDuration(d: { months: number; days: number; nanos: bigint }): string {
  if (d.months === 0 && d.days === 0 && d.nanos === 0n) return 'PT0S';
  let out = 'P';
  const years = Math.floor(d.months / 12);
  const months = d.months % 12;
  if (years > 0) out += `${years}Y`;
  if (months > 0) out += `${months}M`;
  if (d.days > 0) out += `${d.days}D`;
  if (d.nanos > 0n) {
    out += 'T';
    const hours = d.nanos / (3600n * NANOS_PER_SECOND);
    const minutes = (d.nanos % (3600n * NANOS_PER_SECOND)) / (60n * NANOS_PER_SECOND);
    const seconds = (d.nanos % (60n * NANOS_PER_SECOND)) / NANOS_PER_SECOND;
    const nanos = d.nanos % NANOS_PER_SECOND;
    if (hours > 0n) out += `${hours}H`;
    if (minutes > 0n) out += `${minutes}M`;
    if (nanos > 0n) out += `${seconds}.${nanos.toString().padStart(9, '0')}S`;
    else if (seconds > 0n) out += `${seconds}S`;
  }
  return out;
}

/** The canonical text of a value without string quoting (used for JSON and identity). */
export function valueText(value: Value): string {
  switch (value.type) {
    case 'boolean':
    case 'string':
      return String(value.v);
    case 'integer':
      return String(value.v);
    case 'double':
      return Number.isInteger(value.v) ? `${value.v}.0` : String(value.v);
    case 'decimal':
      return formatDecimal(value.v);
    case 'date':
    case 'datetime':
      return value.v;
    case 'datetime-tz':
      return value.zone.startsWith('+') || value.zone.startsWith('-')
        ? `${value.v}${value.zone}`
        : `${value.v} ${value.zone}`;
    case 'duration':
      return formatDuration(value);
  }
}

/** TypeDB's `Display` for a value: strings quoted (used in messages and `@values`/`@range` annotations). */
export function displayValue(value: Value): string {
  return value.type === 'string' ? `"${value.v.replace(/"/g, '\\"')}"` : valueText(value);
}

/** The HTTP JSON form: boolean, integer, double and string native; the rest as their display string. */
export function encodeValue(value: Value): boolean | number | string {
  switch (value.type) {
    case 'boolean':
    case 'integer':
    case 'double':
    case 'string':
      return value.v;
    default:
      return valueText(value);
  }
}

/** Identity of a value within its value type: equal values give equal keys. */
export function valueKey(value: Value): string {
  return `${value.type}:${valueText(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

const NUMERIC = new Set<ValueTypeName>(['integer', 'double', 'decimal']);

/** Epoch nanoseconds of a local datetime string interpreted as UTC. */
function localEpochNanos(local: string): bigint {
  const m = /^([+-]?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{9})$/.exec(local);
  if (!m) return 0n;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return BigInt(ms) * 1_000_000n + BigInt(m[7] ?? '0');
}

function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const fixed = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(epochMs));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
  } catch {
    return 0;
  }
}

function instantNanos(value: { v: string; zone: string }): bigint {
  const local = localEpochNanos(value.v);
  const offset = zoneOffsetMinutes(value.zone, Number(local / 1_000_000n));
  return local - BigInt(offset) * 60n * NANOS_PER_SECOND;
}

function numeric(value: Value): { big?: bigint; num: number } {
  if (value.type === 'decimal') return { big: value.v, num: decimalToNumber(value.v) };
  if (value.type === 'integer') return { big: BigInt(value.v) * DECIMAL_SCALE, num: value.v };
  return { num: value.type === 'double' ? value.v : 0 };
}

/** Compares two values: negative, zero or positive; `undefined` when they are not comparable. */
export function compareValues(a: Value, b: Value): number | undefined {
  if (NUMERIC.has(a.type) && NUMERIC.has(b.type)) {
    const [x, y] = [numeric(a), numeric(b)];
    if (x.big !== undefined && y.big !== undefined) return x.big < y.big ? -1 : x.big > y.big ? 1 : 0;
    return x.num < y.num ? -1 : x.num > y.num ? 1 : 0;
  }
  if (a.type === 'date' && b.type === 'datetime') return compareValues(castTo(a, 'datetime') ?? a, b);
  if (a.type === 'datetime' && b.type === 'date') return compareValues(a, castTo(b, 'datetime') ?? b);
  if (a.type !== b.type) return undefined;
  switch (a.type) {
    case 'boolean':
      return Number(a.v) - Number((b as typeof a).v);
    case 'string':
    case 'date':
    case 'datetime': {
      const y = (b as typeof a).v;
      if (a.type === 'string') return a.v < y ? -1 : a.v > y ? 1 : 0;
      // Dates sort lexicographically for 4-digit years; fall back to epoch for others.
      const [ea, eb] =
        a.type === 'date'
          ? [localEpochNanos(`${a.v}T00:00:00.000000000`), localEpochNanos(`${y}T00:00:00.000000000`)]
          : [localEpochNanos(a.v), localEpochNanos(y)];
      return ea < eb ? -1 : ea > eb ? 1 : 0;
    }
    case 'datetime-tz': {
      const [ia, ib] = [instantNanos(a), instantNanos(b as typeof a)];
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    }
    case 'duration': {
      const y = b as typeof a;
      // Durations are only partially ordered; compare component-wise for a stable sort.
      if (a.months !== y.months) return a.months - y.months;
      if (a.days !== y.days) return a.days - y.days;
      return a.nanos < y.nanos ? -1 : a.nanos > y.nanos ? 1 : 0;
    }
    default:
      return undefined;
  }
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a.type === 'datetime-tz' && b.type === 'datetime-tz') return a.v === b.v && a.zone === b.zone;
  return compareValues(a, b) === 0;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic (for `let` expressions)
// ---------------------------------------------------------------------------------------------

const evalError = (description: string): TypeQLError =>
  new TypeQLError('execute', [
    ['EEV2', `Checked operation failed: ${description}`],
    ['REX5', 'Error evaluating expression.'],
    ['PEX7', 'Error executing a read pattern.'],
    ['QEX15', 'Error while executing read pipeline.'],
  ]);

export function arithmetic(op: '+' | '-' | '*' | '/' | '%' | '^', a: Value, b: Value): Value {
  if (a.type === 'integer' && b.type === 'integer') {
    switch (op) {
      case '+':
        return checkedInteger(a.v + b.v, 'integer add');
      case '-':
        return checkedInteger(a.v - b.v, 'integer subtract');
      case '*':
        return checkedInteger(a.v * b.v, 'integer multiply');
      case '/':
        if (b.v === 0)
          throw new TypeQLError('execute', [
            ['EEV4', `Division failed, dividend: ${a.v}, divisor: ${b.v}.`],
            ['REX5', 'Error evaluating expression.'],
            ['PEX7', 'Error executing a read pattern.'],
            ['QEX15', 'Error while executing read pipeline.'],
          ]);
        return { type: 'double', v: a.v / b.v };
      case '%':
        if (b.v === 0) throw evalError('integer remainder');
        return { type: 'integer', v: a.v % b.v };
      case '^':
        return { type: 'double', v: a.v ** b.v };
    }
  }
  if (a.type === 'decimal' || b.type === 'decimal') {
    const [x, y] = [castTo(a, 'decimal'), castTo(b, 'decimal')];
    if (x?.type === 'decimal' && y?.type === 'decimal' && op !== '/' && op !== '^') {
      switch (op) {
        case '+':
          return { type: 'decimal', v: x.v + y.v };
        case '-':
          return { type: 'decimal', v: x.v - y.v };
        case '*':
          return { type: 'decimal', v: (x.v * y.v) / DECIMAL_SCALE };
        case '%':
          if (y.v === 0n) throw evalError('decimal remainder');
          return { type: 'decimal', v: x.v % y.v };
      }
    }
  }
  const [x, y] = [castTo(a, 'double'), castTo(b, 'double')];
  if (x?.type === 'double' && y?.type === 'double') {
    const v =
      op === '+'
        ? x.v + y.v
        : op === '-'
          ? x.v - y.v
          : op === '*'
            ? x.v * y.v
            : op === '/'
              ? x.v / y.v
              : op === '%'
                ? x.v % y.v
                : x.v ** y.v;
    if (!Number.isFinite(v)) throw evalError(`double ${op}`);
    return { type: 'double', v };
  }
  throw new TypeQLError('compile', [
    ['CEX6', `Expression operation '${op}' cannot be used with left type '${a.type}' and right type '${b.type}'.`],
    ['QUA3', 'Error inferring correct expression types.'],
    ['QEX8', 'Error analysing query.'],
  ]);
}

function checkedInteger(v: number, what: string): Value {
  if (!Number.isSafeInteger(v)) throw evalError(what);
  return { type: 'integer', v };
}

/** Rebuilds a value from its type and `valueText` (the persisted form). */
export function valueFromText(type: ValueTypeName, text: string): Value | undefined {
  switch (type) {
    case 'boolean':
      return { type, v: text === 'true' };
    case 'integer':
      return { type, v: Number(text) };
    case 'double':
      return { type, v: Number(text) };
    case 'string':
      return { type, v: text };
    case 'decimal': {
      const v = parseDecimal(text.replace(/dec$/, ''));
      return v === undefined ? undefined : { type, v };
    }
    case 'date': {
      const v = parseDate(text);
      return v ? { type, v } : undefined;
    }
    case 'datetime': {
      const v = parseDatetime(text);
      return v ? { type, v } : undefined;
    }
    case 'datetime-tz': {
      const v = parseDatetimeTz(text);
      return v ? { type, v: v.local, zone: v.zone } : undefined;
    }
    case 'duration': {
      const v = parseDuration(text);
      return v ? { type, ...v } : undefined;
    }
  }
}
