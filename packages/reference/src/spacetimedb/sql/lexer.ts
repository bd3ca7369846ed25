import { echo, type SourcePosition, syntaxError } from './errors.js';

/**
 * Tokens of the SQL subset. Keywords are not told apart here: a bare word is a `word` whose
 * `upper` the parser compares with keywords (keywords are case-insensitive, names are not).
 */
export type Token =
  | { kind: 'word'; text: string; upper: string; at: SourcePosition }
  | { kind: 'quoted'; text: string; at: SourcePosition }
  | { kind: 'number'; text: string; at: SourcePosition }
  | { kind: 'string'; value: string; at: SourcePosition }
  /** `0x…` or `X'…'`: the hex digits without prefix or quotes. */
  | { kind: 'hex'; digits: string; at: SourcePosition }
  /** `:name`, a named parameter (only `:sender` means something). */
  | { kind: 'parameter'; name: string; at: SourcePosition }
  | { kind: 'symbol'; text: string; at: SourcePosition }
  | { kind: 'end'; at: SourcePosition };

/** Longest first, so that `<=` is not read as `<` then `=`. */
const SYMBOLS = ['<>', '!=', '<=', '>=', '||', '::', '(', ')', ',', ';', '.', '*', '=', '<', '>', '+', '-', '/', '%'];

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
const isHexDigit = (char: string | undefined): boolean => char !== undefined && /[0-9a-fA-F]/.test(char);
const isWordStart = (char: string | undefined): boolean => char !== undefined && /[A-Za-z_]/.test(char);
const isWordPart = (char: string | undefined): boolean => char !== undefined && /[A-Za-z0-9_$]/.test(char);

/** Splits SQL text into tokens, ending with one `end` token. Throws `SqlError` on a character it cannot read. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const positionOf = (offset: number): SourcePosition => ({ line, column: offset - lineStart + 1 });
  /** Moves past `count` characters, keeping the line count right across newlines. */
  const advance = (count: number): void => {
    for (let i = 0; i < count; i++) {
      if (text[index] === '\n') {
        line++;
        lineStart = index + 1;
      }
      index++;
    }
  };

  /** Reads a literal quoted with `quote`, where a doubled quote stands for one. */
  const readQuoted = (quote: string, what: string): string => {
    const start = positionOf(index);
    advance(1);
    let value = '';
    for (;;) {
      const char = text[index];
      if (char === undefined) throw syntaxError(`Unterminated ${what}`, start);
      if (char === quote) {
        if (text[index + 1] === quote) {
          value += quote;
          advance(2);
          continue;
        }
        advance(1);
        return value;
      }
      value += char;
      advance(1);
    }
  };

  while (index < text.length) {
    const char = text[index];
    const at = positionOf(index);
    if (char === undefined) break;
    if (/\s/.test(char)) {
      advance(1);
    } else if (char === '-' && text[index + 1] === '-') {
      while (index < text.length && text[index] !== '\n') advance(1);
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      if (end < 0) throw syntaxError('Unterminated comment', at);
      advance(end + 2 - index);
    } else if ((char === 'x' || char === 'X') && text[index + 1] === "'") {
      advance(1);
      const digits = readQuoted("'", 'hex literal');
      if (!/^[0-9a-fA-F]*$/.test(digits)) throw syntaxError(`Invalid hex literal X'${echo(digits)}'`, at);
      tokens.push({ kind: 'hex', digits, at });
    } else if (isWordStart(char)) {
      const start = index;
      while (isWordPart(text[index])) advance(1);
      const word = text.slice(start, index);
      tokens.push({ kind: 'word', text: word, upper: word.toUpperCase(), at });
    } else if (char === '"') {
      const name = readQuoted('"', 'quoted identifier');
      if (name === '') throw syntaxError('Empty quoted identifier', at);
      tokens.push({ kind: 'quoted', text: name, at });
    } else if (char === "'") {
      tokens.push({ kind: 'string', value: readQuoted("'", 'string literal'), at });
    } else if (char === '0' && (text[index + 1] === 'x' || text[index + 1] === 'X') && isHexDigit(text[index + 2])) {
      const start = index + 2;
      advance(2);
      while (isHexDigit(text[index])) advance(1);
      tokens.push({ kind: 'hex', digits: text.slice(start, index), at });
    } else if (isDigit(char) || (char === '.' && isDigit(text[index + 1]))) {
      tokens.push({ kind: 'number', text: readNumber(), at });
    } else if (char === ':' && isWordStart(text[index + 1])) {
      const start = index + 1;
      advance(1);
      while (isWordPart(text[index])) advance(1);
      tokens.push({ kind: 'parameter', name: text.slice(start, index), at });
    } else {
      const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, index));
      if (symbol === undefined) throw syntaxError(`Unexpected character ${JSON.stringify(char)}`, at);
      advance(symbol.length);
      tokens.push({ kind: 'symbol', text: symbol, at });
    }
  }
  tokens.push({ kind: 'end', at: positionOf(index) });
  return tokens;

  /** Digits, an optional fraction and an optional exponent (`1`, `1.5`, `.5`, `1e3`, `2.5E-1`). */
  function readNumber(): string {
    const start = index;
    while (isDigit(text[index])) advance(1);
    if (text[index] === '.' && isDigit(text[index + 1])) {
      advance(1);
      while (isDigit(text[index])) advance(1);
    } else if (text[index] === '.' && !isWordStart(text[index + 1])) {
      advance(1);
    }
    const exponentSign = text[index + 1] === '+' || text[index + 1] === '-' ? 1 : 0;
    if ((text[index] === 'e' || text[index] === 'E') && isDigit(text[index + 1 + exponentSign])) {
      advance(1 + exponentSign);
      while (isDigit(text[index])) advance(1);
    }
    if (isWordStart(text[index]))
      throw syntaxError(`Invalid number ${echo(text.slice(start, index + 1))}`, positionOf(start));
    return text.slice(start, index);
  }
}
