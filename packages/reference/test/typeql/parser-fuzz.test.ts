import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TypeQLError } from '../../src/typedb/typeql/errors.js';
import { parseQuery } from '../../src/typedb/typeql/parser.js';

/** `parseQuery` either returns a query or throws the TQL0 parse error: nothing else, ever. */
function parsesOrFailsCleanly(text: string): boolean {
  try {
    const query = parseQuery(text);
    return query.kind === 'schema' || query.kind === 'pipeline';
  } catch (error) {
    return (
      error instanceof TypeQLError &&
      error.phase === 'parse' &&
      error.code === 'TQL0' &&
      error.levels.length === 2 &&
      /^\[TQL03\] TypeQL Error: There is a syntax error\n.*\nNear \d+:\d+:\n/s.test(error.levels[0]?.[1] ?? '')
    );
  }
}

const VALID_QUERIES = [
  'define attribute name, value string; attribute email value string @regex("^.+@.+$"); entity person @abstract, owns name @card(1), plays friendship:friend; entity user sub person, owns email @key; relation friendship, relates friend @card(2); attribute age value integer @range(0..150);',
  'undefine person; owns email from user; @key from user owns email; @abstract from person;',
  'redefine entity person @abstract;',
  'match $entity isa $entity-type, has $attribute-type $attribute; $relation isa $relation-type, links ($entity); $relation-type relates $role-type; let $value = $attribute;',
  "match $x isa person; fetch { 'sub query': [ match let $value = $attribute; fetch { 'value': $value }; ], 'n': ( match $y isa person; reduce $c = count; ), \"all\": { $x.* }, \"l\": [ $x.name ] };",
  'match $p isa person, has name $n; $f isa friendship (friend: $p, friend: $q); not { $q has age > 5; }; { $p has age 1; } or { $p has age 2; }; try { $p has email $e; }; select $p, $n; sort $n desc; offset 1; limit 10;',
  'insert $p isa person, has name "Ann", has birth 2024-01-31T10:00:00+01:00, has d P1Y2M3DT4H5M6.7S, has x 12.5dec;',
  'match $p isa person; delete has $n of $p; links (friend: $x) of $f; $p;',
  'match $a > 5; $n like "^A"; let $v = ($a + 2) * 3 ^ 2 - -4 % 2; reduce $c = count($a), $s = sum($a) groupby $g;',
  'match entity $t; $t sub! person, owns name; person sub $s; $r relates friendship:friend; $x iid 0x1e00;',
];

const TOKENS = [
  'define',
  'undefine',
  'redefine',
  'match',
  'insert',
  'put',
  'update',
  'delete',
  'fetch',
  'select',
  'sort',
  'offset',
  'limit',
  'distinct',
  'reduce',
  'groupby',
  'count',
  'sum',
  'entity',
  'relation',
  'attribute',
  'sub',
  'sub!',
  'owns',
  'plays',
  'relates',
  'as',
  'value',
  'string',
  'integer',
  'isa',
  'isa!',
  'has',
  'links',
  'iid',
  'of',
  'from',
  'not',
  'or',
  'try',
  'let',
  'label',
  'like',
  'contains',
  'asc',
  'desc',
  'end',
  'true',
  '@abstract',
  '@key',
  '@card',
  '@range',
  '@regex',
  '@values',
  'person',
  'name',
  'friendship:friend',
  'friend',
  '$x',
  '$y',
  '$_',
  '$a-b',
  '"s"',
  "'t'",
  '1',
  '-2',
  '3.5',
  '4dec',
  '2024-01-31',
  '2024-01-31T10:00:00Z',
  'P1D',
  '0x1e',
  ';',
  ',',
  ':',
  '.',
  '..',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '=',
  '==',
  '!=',
  '<',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '#c\n',
  '\n',
];

describe('parseQuery fuzzing', () => {
  it('random strings: returns a query or throws TQL0', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120, unit: 'binary' }), parsesOrFailsCleanly), {
      seed: 20240131,
      numRuns: 1500,
    });
  });

  it('random token sequences: returns a query or throws TQL0', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), fc.boolean(), (tokens, spaced) =>
        parsesOrFailsCleanly(tokens.join(spaced ? ' ' : '')),
      ),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('the valid corpus parses', () => {
    for (const query of VALID_QUERIES) expect(() => parseQuery(query)).not.toThrow();
  });

  type Mutation =
    | { kind: 'delete-chars'; at: number; length: number }
    | { kind: 'insert-char'; at: number; char: string }
    | { kind: 'duplicate-chars'; at: number; length: number }
    | { kind: 'delete-token'; index: number }
    | { kind: 'insert-token'; index: number; token: string }
    | { kind: 'duplicate-token'; index: number }
    | { kind: 'swap-tokens'; a: number; b: number };

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('delete-chars' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({
      kind: fc.constant('insert-char' as const),
      at: fc.nat(),
      char: fc.constantFrom(...'$;,:.(){}[]"\'#@!?-+*/^<>=_ \n\\0aZé'.split('')),
    }),
    fc.record({ kind: fc.constant('duplicate-chars' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('delete-token' as const), index: fc.nat() }),
    fc.record({ kind: fc.constant('insert-token' as const), index: fc.nat(), token: fc.constantFrom(...TOKENS) }),
    fc.record({ kind: fc.constant('duplicate-token' as const), index: fc.nat() }),
    fc.record({ kind: fc.constant('swap-tokens' as const), a: fc.nat(), b: fc.nat() }),
  );

  function mutate(text: string, m: Mutation): string {
    const words = text.split(' ');
    const at = (n: number, length: number) => (length === 0 ? 0 : n % length);
    switch (m.kind) {
      case 'delete-chars': {
        const i = at(m.at, text.length);
        return text.slice(0, i) + text.slice(i + m.length);
      }
      case 'insert-char': {
        const i = at(m.at, text.length + 1);
        return text.slice(0, i) + m.char + text.slice(i);
      }
      case 'duplicate-chars': {
        const i = at(m.at, text.length);
        return text.slice(0, i + m.length) + text.slice(i);
      }
      case 'delete-token':
        words.splice(at(m.index, words.length), 1);
        return words.join(' ');
      case 'insert-token':
        words.splice(at(m.index, words.length + 1), 0, m.token);
        return words.join(' ');
      case 'duplicate-token': {
        const i = at(m.index, words.length);
        words.splice(i, 0, words[i] ?? '');
        return words.join(' ');
      }
      case 'swap-tokens': {
        const a = at(m.a, words.length);
        const b = at(m.b, words.length);
        [words[a], words[b]] = [words[b] ?? '', words[a] ?? ''];
        return words.join(' ');
      }
    }
  }

  it('mutations of valid queries: returns a query or throws TQL0', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_QUERIES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (query, mutations) => parsesOrFailsCleanly(mutations.reduce(mutate, query)),
      ),
      { seed: 1729, numRuns: 3000 },
    );
  });

  it('deep nesting and long inputs terminate quickly with TQL0', () => {
    const inputs = [
      `match ${'{ '.repeat(100_000)}`,
      `match ${'not { '.repeat(100_000)}$x isa a;`,
      `match let $x = ${'('.repeat(100_000)}`,
      `match let $x = 1${' + 1'.repeat(100_000)};`,
      `match $x isa a; fetch ${'{ "a": ['.repeat(50_000)}`,
      `match $x isa a; fetch { "a": ${'( match $x isa a; fetch { "b": '.repeat(20_000)}`,
      `match ${'$x isa a; '.repeat(50_000)}$x isa`,
      `"${'\\'.repeat(100_000)}`,
      '#'.repeat(200_000),
    ];
    const started = performance.now();
    for (const input of inputs) expect(parsesOrFailsCleanly(input)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
    // a long but valid query parses in linear time
    const many = `match ${'$x isa person, has name "a"; '.repeat(20_000)}`;
    const t0 = performance.now();
    expect(parseQuery(many).kind).toBe('pipeline');
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
