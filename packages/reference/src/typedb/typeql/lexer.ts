/**
 * The TypeQL 3 tokeniser. It follows the lexical rules of TypeDB's grammar (typeql.pest): labels
 * `[_\p{XID_Start}][-\p{XID_Continue}]*`, variables `$name` / `$_`, quoted strings with `\` escapes,
 * numbers, dates, datetimes (with an offset or an IANA zone), ISO durations, iids, annotations,
 * `#` comments and the punctuation of the language. Every token knows its 1-based line and
 * column (in code points, as TypeDB counts them).
 */
import { TypeQLError } from './errors.js';

export type TokenKind =
  | 'ident'
  | 'var'
  | 'string'
  | 'integer'
  | 'double'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'datetime-tz'
  | 'duration'
  | 'iid'
  | 'annotation'
  | 'punct'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /**
   * ident: the identifier (`isa!`/`sub!` included); var: the name without `$` (`_` for `$_`);
   * annotation: the name without `@`; punct: the symbol; string: the raw text with its quotes;
   * literals: the text as written; eof: ''.
   */
  value: string;
  /** UTF-16 offsets into the query text. */
  start: number;
  end: number;
  line: number;
  column: number;
  /** True when whitespace or a comment separates this token from the previous one. */
  spaced: boolean;
}

const IDENT = /[_\p{XID_Start}][-\p{XID_Continue}]*/uy;
const VAR_NAME = /[\p{XID_Start}0-9][-\p{XID_Continue}]*/uy;
const ID_CONTINUE = /[-\p{XID_Continue}]/uy;
const DATE_TIME = /(\d{4})-(0[1-9]|1[0-2])-([0-3]\d)(?:T([0-2]\d):([0-5]\d)(?::([0-6]\d)(?:\.(\d{1,9}))?)?)?/y;
const TZ_IANA = / [A-Z][A-Za-z0-9_+-]+(?:\/[A-Z][A-Za-z0-9_+-]+){0,2}/y;
const TZ_OFFSET = /Z|[+-][0-2]\d(?::?[0-5]\d)?/y;
const DECIMAL = /\d+(?:\.\d+)?dec/y;
const DOUBLE = /\d+\.\d+(?:[eE][+-]?\d+)?/y;
const INTEGER = /\d+/y;
const IID = /0x[0-9a-fA-F]+/y;
const DURATION_TIME = String.raw`(?:\d+H(?:\d+M)?(?:\d+(?:\.\d+(?:[eE][+-]?\d+)?)?S)?|\d+M(?:\d+(?:\.\d+(?:[eE][+-]?\d+)?)?S)?|\d+(?:\.\d+(?:[eE][+-]?\d+)?)?S)`;
const DURATION = new RegExp(
  String.raw`P(?:\d+W|(?:\d+Y(?:\d+M)?(?:\d+D)?|\d+M(?:\d+D)?|\d+D)(?:T${DURATION_TIME})?|T${DURATION_TIME})`,
  'y',
);

/** Two-character punctuation, tried before single characters. */
const DOUBLE_PUNCT = ['..', '==', '!=', '<=', '>='];
const SINGLE_PUNCT = new Set(';,:.()[]{}=<>+-*/%^?'.split(''));

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0] : undefined;
}

/** Word boundary: the next character cannot continue an identifier. */
function wordBoundary(text: string, at: number): boolean {
  if (at >= text.length) return true;
  ID_CONTINUE.lastIndex = at;
  return !ID_CONTINUE.test(text);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Splits `text` into tokens, ending with one `eof` token. Throws the TQL0 syntax error. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let spaced = true;
  // A cursor that turns increasing offsets into 1-based line and code-point column, in linear time.
  let curOffset = 0;
  let curLine = 1;
  let curCol = 1;
  const locate = (at: number): void => {
    while (curOffset < at) {
      const c = text.charCodeAt(curOffset);
      if (c === 10) {
        curLine++;
        curCol = 1;
        curOffset++;
      } else {
        curCol++;
        curOffset += c >= 0xd800 && c <= 0xdbff && curOffset + 1 < text.length ? 2 : 1;
      }
    }
  };

  const push = (kind: TokenKind, value: string, start: number, end: number): void => {
    locate(start);
    tokens.push({ kind, value, start, end, line: curLine, column: curCol, spaced });
    spaced = false;
    pos = end;
  };

  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    const ch = text[pos] as string;
    // whitespace and comments
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      pos++;
      spaced = true;
      continue;
    }
    if (ch === '#') {
      const nl = text.indexOf('\n', pos);
      pos = nl < 0 ? text.length : nl;
      spaced = true;
      continue;
    }
    // strings: `\` escapes any character; the value is unescaped by the parser
    if (ch === '"' || ch === "'") {
      let i = pos + 1;
      let closed = false;
      while (i < text.length) {
        const d = text[i];
        if (d === '\\') {
          i += 2;
          continue;
        }
        if (d === ch) {
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) throw syntaxError(text, pos, 'unterminated string literal: expected a closing quote');
      push('string', text.slice(pos, i + 1), pos, i + 1);
      continue;
    }
    // variables
    if (ch === '$') {
      if (text[pos + 1] === '_' && wordBoundary(text, pos + 2)) {
        push('var', '_', pos, pos + 2);
        continue;
      }
      const name = matchAt(VAR_NAME, text, pos + 1);
      if (name === undefined) throw syntaxError(text, pos, 'expected a variable name after "$"');
      push('var', name, pos, pos + 1 + name.length);
      continue;
    }
    // annotations
    if (ch === '@') {
      const name = matchAt(IDENT, text, pos + 1);
      if (name === undefined) throw syntaxError(text, pos, 'expected an annotation name after "@"');
      push('annotation', name, pos, pos + 1 + name.length);
      continue;
    }
    // numbers, dates, iids
    if (isDigit(c)) {
      const lit = lexNumeric(text, pos);
      if (lit) {
        push(lit.kind, text.slice(pos, lit.end), pos, lit.end);
        continue;
      }
    }
    // durations (P...) before identifiers
    if (ch === 'P') {
      const d = matchAt(DURATION, text, pos);
      if (d !== undefined && wordBoundary(text, pos + d.length)) {
        push('duration', d, pos, pos + d.length);
        continue;
      }
    }
    // identifiers and keywords
    const ident = matchAt(IDENT, text, pos);
    if (ident !== undefined) {
      let end = pos + ident.length;
      let value = ident;
      if (
        (ident === 'isa' || ident === 'sub') &&
        text[end] === '!' &&
        text[end + 1] !== '=' &&
        wordBoundary(text, end + 1)
      ) {
        value = `${ident}!`;
        end++;
      }
      push('ident', value, pos, end);
      continue;
    }
    // punctuation
    let matched: string | undefined;
    for (const p of DOUBLE_PUNCT) {
      if (text.startsWith(p, pos)) {
        matched = p;
        break;
      }
    }
    if (matched === undefined && SINGLE_PUNCT.has(ch)) matched = ch;
    if (matched !== undefined) {
      push('punct', matched, pos, pos + matched.length);
      continue;
    }
    throw syntaxError(
      text,
      pos,
      `unexpected character ${JSON.stringify(String.fromCodePoint(text.codePointAt(pos) ?? c))}`,
    );
  }
  // EOF: at the end of the text without its trailing whitespace, as TypeDB reports it.
  const endOffset = text.trimEnd().length;
  const [line, column] = lineColumn(text, endOffset);
  tokens.push({ kind: 'eof', value: '', start: endOffset, end: endOffset, line, column, spaced: true });
  return tokens;
}

function lexNumeric(text: string, pos: number): { kind: TokenKind; end: number } | undefined {
  const dt = matchAt(DATE_TIME, text, pos);
  if (dt !== undefined) {
    const end = pos + dt.length;
    if (dt.includes('T')) {
      const iana = matchAt(TZ_IANA, text, end);
      if (iana !== undefined && wordBoundary(text, end + iana.length))
        return { kind: 'datetime-tz', end: end + iana.length };
      const off = matchAt(TZ_OFFSET, text, end);
      if (off !== undefined && wordBoundary(text, end + off.length))
        return { kind: 'datetime-tz', end: end + off.length };
      if (wordBoundary(text, end)) return { kind: 'datetime', end };
    }
    const dateEnd = pos + 10;
    if (wordBoundary(text, dateEnd)) return { kind: 'date', end: dateEnd };
  }
  const iid = matchAt(IID, text, pos);
  if (iid !== undefined && wordBoundary(text, pos + iid.length)) return { kind: 'iid', end: pos + iid.length };
  const dec = matchAt(DECIMAL, text, pos);
  if (dec !== undefined && wordBoundary(text, pos + dec.length)) return { kind: 'decimal', end: pos + dec.length };
  const dbl = matchAt(DOUBLE, text, pos);
  if (dbl !== undefined) return { kind: 'double', end: pos + dbl.length };
  const int = matchAt(INTEGER, text, pos);
  if (int !== undefined) return { kind: 'integer', end: pos + int.length };
  return undefined;
}

/** 1-based line and code-point column of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): [number, number] {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      column = 1;
    } else if (!(c >= 0xdc00 && c <= 0xdfff && i > 0)) {
      column++;
    }
  }
  return [line, column];
}

/**
 * TypeDB's column in `Near L:C` is 0-based (the line is 1-based): its parser turns pest's 1-based
 * position into a 0-based one before printing (typeql rust/common/error/mod.rs `syntax_error`).
 */
export const REPORTED_COLUMN_BASE = 0;

/**
 * The TQL0 syntax error, shaped like TypeDB's `[TQL03] TypeQL Error: There is a syntax error` with
 * the query (without trailing whitespace) annotated at the offending position.
 */
export function syntaxError(text: string, offset: number, expected: string): TypeQLError {
  const query = text.trimEnd();
  const at = Math.min(offset, query.length);
  const [line, column] = lineColumn(query, at);
  const col0 = column - 1;
  // Rust's str::lines(): split on \n, drop one trailing \r per line.
  const lines = query.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const annotated =
    line - 1 < lines.length
      ? lines.map((l, i) => (i === line - 1 ? `--> ${l}\n${' '.repeat(4 + col0)}^` : `    ${l}`)).join('\n')
      : '';
  const description =
    `[TQL03] TypeQL Error: There is a syntax error\n${expected}\n` +
    `Near ${line}:${col0 + REPORTED_COLUMN_BASE}:\n${annotated}\nCaused: Error in usage of TypeQL.`;
  return new TypeQLError('parse', [
    ['TQL0', description],
    ['QEX1', 'Failed to parse TypeQL query.'],
  ]);
}
