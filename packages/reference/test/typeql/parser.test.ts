import { describe, expect, it } from 'vitest';
import type { SchemaQuery, Stage } from '../../src/typedb/typeql/ast.js';
import { TypeQLError } from '../../src/typedb/typeql/errors.js';
import { parseQuery } from '../../src/typedb/typeql/parser.js';

const schema = (text: string): SchemaQuery => {
  const query = parseQuery(text);
  if (query.kind !== 'schema') throw new Error(`not a schema query: ${text}`);
  return query;
};
const stages = (text: string): Stage[] => {
  const query = parseQuery(text);
  if (query.kind !== 'pipeline') throw new Error(`not a pipeline: ${text}`);
  return query.stages;
};
/** The patterns of a query made of one `match` stage. */
const match = (text: string) => {
  const [stage] = stages(text);
  if (stage?.kind !== 'match') throw new Error('not a match');
  return stage.patterns;
};
const syntaxError = (text: string): TypeQLError => {
  try {
    parseQuery(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeQLError);
    const typeqlError = error as TypeQLError;
    expect(typeqlError.phase).toBe('parse');
    expect(typeqlError.code).toBe('TQL0');
    expect(typeqlError.levels[1]).toEqual(['QEX1', 'Failed to parse TypeQL query.']);
    return typeqlError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
};
const description = (text: string): string => syntaxError(text).levels[0]?.[1] ?? '';
const near = (text: string): string => /\nNear (\d+:\d+):\n/.exec(description(text))?.[1] ?? '';

const label = (name: string) => ({ kind: 'label', label: name });
const variable = (name: string) => ({ kind: 'variable', variable: name });
const isa = (type: string, exact = false) => ({ kind: 'isa', exact, type: label(type), value: undefined });
const lit = (valueType: string, value: unknown) => ({ valueType, value });

describe('parseQuery: define', () => {
  it('parses the research note define block (§3.1)', () => {
    const query = schema(`define
  attribute name, value string;            # value types: boolean integer ...
  attribute email value string @regex("^.+@.+$");   # first capability's comma is optional
  entity person @abstract, owns name @card(1), plays friendship:friend;
  entity user sub person, owns email @key, owns age @card(0..1);
  relation friendship, relates friend @card(2);
  attribute age value integer @range(0..150);`);
    expect(query).toMatchObject({ kind: 'schema', operation: 'define', span: { line: 1, column: 1 } });
    expect(query.definitions).toMatchObject([
      {
        kind: 'type',
        typeKind: 'attribute',
        label: 'name',
        annotations: [],
        capabilities: [{ kind: 'value', valueType: 'string', annotations: [] }],
        span: { line: 2, column: 3 },
      },
      {
        label: 'email',
        capabilities: [{ kind: 'value', valueType: 'string', annotations: [{ name: 'regex', pattern: '^.+@.+$' }] }],
      },
      {
        typeKind: 'entity',
        label: 'person',
        annotations: [{ name: 'abstract' }],
        capabilities: [
          { kind: 'owns', attribute: 'name', annotations: [{ name: 'card', min: 1, max: 1 }] },
          { kind: 'plays', role: { scope: 'friendship', name: 'friend' }, annotations: [] },
        ],
      },
      {
        typeKind: 'entity',
        label: 'user',
        capabilities: [
          { kind: 'sub', supertype: 'person' },
          { kind: 'owns', attribute: 'email', annotations: [{ name: 'key' }] },
          { kind: 'owns', attribute: 'age', annotations: [{ name: 'card', min: 0, max: 1 }] },
        ],
      },
      {
        typeKind: 'relation',
        label: 'friendship',
        capabilities: [
          { kind: 'relates', role: 'friend', specialises: undefined, annotations: [{ name: 'card', min: 2, max: 2 }] },
        ],
      },
      {
        typeKind: 'attribute',
        label: 'age',
        capabilities: [
          {
            kind: 'value',
            valueType: 'integer',
            annotations: [{ name: 'range', min: lit('integer', 0), max: lit('integer', 150) }],
          },
        ],
      },
    ]);
  });

  it('parses the §3.3 schema (no commas at all)', () => {
    const query = schema(`define entity person owns name @key, plays friendship:friend;
attribute name value string;
relation friendship relates friend @card(0..);`);
    expect(query.definitions).toMatchObject([
      { typeKind: 'entity', label: 'person', capabilities: [{ kind: 'owns', attribute: 'name' }, { kind: 'plays' }] },
      { typeKind: 'attribute', label: 'name', capabilities: [{ kind: 'value', valueType: 'string' }] },
      {
        typeKind: 'relation',
        capabilities: [{ kind: 'relates', role: 'friend', annotations: [{ name: 'card', min: 0, max: null }] }],
      },
    ]);
  });

  it('parses every value type', () => {
    const types = ['boolean', 'integer', 'double', 'decimal', 'date', 'datetime', 'datetime-tz', 'duration', 'string'];
    const query = schema(`define ${types.map((t, i) => `attribute a${i} value ${t};`).join(' ')}`);
    expect(query.definitions.map((d) => d.kind === 'type' && d.capabilities[0])).toMatchObject(
      types.map((valueType) => ({ kind: 'value', valueType })),
    );
  });

  it('parses every annotation, on types and on capabilities', () => {
    const query = schema(`define
      entity a @abstract;
      attribute b @independent, value string @unique @values("x", 'y', "z",) @regex('a\\"b\\d');
      attribute c value double @range(..1.5);
      attribute d value date @range(2024-01-01..);
      relation r relates x @card(1..3) @distinct, relates y as x;
      entity e owns c @cascade @card(0..);`);
    expect(query.definitions).toMatchObject([
      { label: 'a', annotations: [{ name: 'abstract' }] },
      {
        label: 'b',
        annotations: [{ name: 'independent' }],
        capabilities: [
          {
            kind: 'value',
            annotations: [
              { name: 'unique' },
              { name: 'values', values: [lit('string', 'x'), lit('string', 'y'), lit('string', 'z')] },
              { name: 'regex', pattern: 'a"b\\d' },
            ],
          },
        ],
      },
      { capabilities: [{ annotations: [{ name: 'range', min: null, max: lit('double', 1.5) }] }] },
      { capabilities: [{ annotations: [{ name: 'range', min: lit('date', '2024-01-01'), max: null }] }] },
      {
        capabilities: [
          { kind: 'relates', role: 'x', annotations: [{ name: 'card', min: 1, max: 3 }, { name: 'distinct' }] },
          { kind: 'relates', role: 'y', specialises: 'x', annotations: [] },
        ],
      },
      {
        capabilities: [
          { kind: 'owns', attribute: 'c', annotations: [{ name: 'cascade' }, { name: 'card', min: 0, max: null }] },
        ],
      },
    ]);
  });

  it('parses capabilities of existing types (no kind) and trailing commas', () => {
    const query = schema('define person owns email; user, sub person, owns age,; person @abstract;');
    expect(query.definitions).toMatchObject([
      { kind: 'type', typeKind: undefined, label: 'person', capabilities: [{ kind: 'owns', attribute: 'email' }] },
      { typeKind: undefined, label: 'user', capabilities: [{ kind: 'sub' }, { kind: 'owns', attribute: 'age' }] },
      { typeKind: undefined, label: 'person', annotations: [{ name: 'abstract' }], capabilities: [] },
    ]);
  });

  it('accepts an empty define and a final `end;`', () => {
    expect(schema('define')).toMatchObject({ operation: 'define', definitions: [] });
    expect(schema('define entity person; end;').definitions).toHaveLength(1);
  });

  it('parses labels with hyphens, underscores and Unicode', () => {
    expect(schema('define entity _my-type2; entity Straße; entity 人;').definitions).toMatchObject([
      { label: '_my-type2' },
      { label: 'Straße' },
      { label: '人' },
    ]);
  });
});

describe('parseQuery: undefine and redefine', () => {
  it('parses the undefine forms of ast.ts', () => {
    const query = schema(`undefine person; owns email from user; @key from user owns email; @abstract from person;
      plays friendship:friend from person; relates friend from friendship; @card from friendship relates friend;
      value string from name; sub person from user;`);
    expect(query).toMatchObject({ operation: 'undefine' });
    expect(query.definitions).toMatchObject([
      { kind: 'undefine-type', label: 'person' },
      { kind: 'undefine-capability', capability: { kind: 'owns', attribute: 'email' }, from: 'user' },
      {
        kind: 'undefine-annotation',
        annotation: 'key',
        from: 'user',
        capability: { kind: 'owns', attribute: 'email' },
      },
      { kind: 'undefine-annotation', annotation: 'abstract', from: 'person', capability: undefined },
      {
        kind: 'undefine-capability',
        capability: { kind: 'plays', role: { scope: 'friendship', name: 'friend' } },
        from: 'person',
      },
      { kind: 'undefine-capability', capability: { kind: 'relates', role: 'friend' }, from: 'friendship' },
      {
        kind: 'undefine-annotation',
        annotation: 'card',
        from: 'friendship',
        capability: { kind: 'relates', role: 'friend' },
      },
      { kind: 'undefine-capability', capability: { kind: 'value', valueType: 'string' }, from: 'name' },
      { kind: 'undefine-capability', capability: { kind: 'sub', supertype: 'person' }, from: 'user' },
    ]);
  });

  it('parses redefine (one capability or annotation per type)', () => {
    const query = schema(
      'redefine entity person @abstract; attribute name value integer; person owns age @card(1..3);',
    );
    expect(query).toMatchObject({ operation: 'redefine' });
    expect(query.definitions).toMatchObject([
      { typeKind: 'entity', label: 'person', annotations: [{ name: 'abstract' }], capabilities: [] },
      { typeKind: 'attribute', label: 'name', capabilities: [{ kind: 'value', valueType: 'integer' }] },
      {
        typeKind: undefined,
        label: 'person',
        capabilities: [{ kind: 'owns', annotations: [{ name: 'card', min: 1, max: 3 }] }],
      },
    ]);
    expect(near('redefine person owns age, owns name;')).toBe('1:24');
  });
});

describe('parseQuery: match', () => {
  it("parses the seed's match query", () => {
    const patterns = match(
      'match $entity isa $entity-type, has $attribute-type $attribute; $relation isa $relation-type, links ($entity); $relation-type relates $role-type; let $value = $attribute;',
    );
    expect(patterns).toMatchObject([
      {
        kind: 'thing',
        variable: 'entity',
        constraints: [
          { kind: 'isa', exact: false, type: variable('entity-type') },
          { kind: 'has', attributeType: variable('attribute-type'), value: variable('attribute') },
        ],
      },
      {
        kind: 'thing',
        variable: 'relation',
        constraints: [
          { kind: 'isa', type: variable('relation-type') },
          { kind: 'links', players: [{ role: undefined, player: 'entity' }] },
        ],
      },
      {
        kind: 'type-statement',
        type: variable('relation-type'),
        constraints: [{ kind: 'relates', role: variable('role-type') }],
      },
      { kind: 'let', variable: 'value', expression: variable('attribute') },
    ]);
  });

  it('parses thing statements: isa, isa!, has forms, iid', () => {
    const patterns = match(`match $p isa person, has name "Ann", has age 30; $q isa! person; $n isa name "Ann";
      $x has $t $a, has $b, has age > 5, has name $n, has age $y + 1; $i iid 0x1E0000000000000000000A;`);
    expect(patterns).toMatchObject([
      {
        variable: 'p',
        constraints: [
          isa('person'),
          { kind: 'has', attributeType: label('name'), value: { kind: 'literal', literal: lit('string', 'Ann') } },
          { kind: 'has', attributeType: label('age'), value: { kind: 'literal', literal: lit('integer', 30) } },
        ],
      },
      { variable: 'q', constraints: [isa('person', true)] },
      { variable: 'n', constraints: [{ kind: 'isa', type: label('name'), value: lit('string', 'Ann') }] },
      {
        variable: 'x',
        constraints: [
          { kind: 'has', attributeType: variable('t'), value: variable('a') },
          { kind: 'has', attributeType: undefined, value: variable('b') },
          {
            kind: 'has',
            attributeType: label('age'),
            value: { kind: 'comparison', operator: '>', operand: { kind: 'literal', literal: lit('integer', 5) } },
          },
          { kind: 'has', attributeType: label('name'), value: variable('n') },
          {
            kind: 'has',
            value: {
              kind: 'comparison',
              operator: '==',
              operand: { kind: 'arithmetic', operator: '+', left: variable('y') },
            },
          },
        ],
      },
      { variable: 'i', constraints: [{ kind: 'iid', iid: '0x1e0000000000000000000a' }] },
    ]);
  });

  it('parses relations: shorthand, links, omitted, variable and scoped roles', () => {
    const patterns = match(`match $f isa friendship (friend: $p, friend: $q); $g isa friendship, links (friend: $p);
      $r links ($x); $s links ($role: $x, friendship:friend: $y,);`);
    expect(patterns).toMatchObject([
      {
        variable: 'f',
        constraints: [
          isa('friendship'),
          {
            kind: 'links',
            players: [
              { role: { kind: 'label', label: 'friend', scope: undefined }, player: 'p' },
              { role: { kind: 'label', label: 'friend' }, player: 'q' },
            ],
          },
        ],
      },
      { variable: 'g', constraints: [isa('friendship'), { kind: 'links', players: [{ player: 'p' }] }] },
      { variable: 'r', constraints: [{ kind: 'links', players: [{ role: undefined, player: 'x' }] }] },
      {
        variable: 's',
        constraints: [
          {
            kind: 'links',
            players: [
              { role: variable('role'), player: 'x' },
              { role: { kind: 'label', label: 'friend', scope: 'friendship' }, player: 'y' },
            ],
          },
        ],
      },
    ]);
  });

  it('gives anonymous subjects and $_ fresh generated names', () => {
    const patterns = match(
      'match friendship (friend: $a, friend: $b); (friend: $a) isa friendship, has since $s; $_ isa person; $_ isa person;',
    );
    expect(patterns).toMatchObject([
      {
        kind: 'thing',
        constraints: [isa('friendship'), { kind: 'links', players: [{ player: 'a' }, { player: 'b' }] }],
      },
      { kind: 'thing', constraints: [{ kind: 'links' }, isa('friendship'), { kind: 'has' }] },
      { kind: 'thing', constraints: [isa('person')] },
      { kind: 'thing', constraints: [isa('person')] },
    ]);
    const names = patterns.map((p) => (p.kind === 'thing' ? p.variable : ''));
    for (const name of names) expect(name).toMatch(/^_/);
    expect(new Set(names).size).toBe(4);
  });

  it('parses type statements, with a variable or a label as subject', () => {
    const patterns = match(`match $t sub person; $u sub! person; $t owns name; $t plays friendship:friend;
      $t relates friend; $t label person; person sub $t; $a value string; $t, sub $s, owns $o;`);
    expect(patterns).toMatchObject([
      {
        kind: 'type-statement',
        type: variable('t'),
        constraints: [{ kind: 'sub', exact: false, supertype: label('person') }],
      },
      { type: variable('u'), constraints: [{ kind: 'sub', exact: true }] },
      { constraints: [{ kind: 'owns', attribute: label('name') }] },
      { constraints: [{ kind: 'plays', role: { kind: 'label', label: 'friend', scope: 'friendship' } }] },
      { constraints: [{ kind: 'relates', role: { kind: 'label', label: 'friend', scope: undefined } }] },
      { constraints: [{ kind: 'label', label: 'person' }] },
      { kind: 'type-statement', type: label('person'), constraints: [{ kind: 'sub', supertype: variable('t') }] },
      { type: variable('a'), constraints: [{ kind: 'value', valueType: 'string' }] },
      {
        type: variable('t'),
        constraints: [
          { kind: 'sub', supertype: variable('s') },
          { kind: 'owns', attribute: variable('o') },
        ],
      },
    ]);
  });

  it('parses kind statements (and splits constraints after them into a type statement)', () => {
    expect(match('match entity $t; relation $r; attribute $a; relation $s, relates $x;')).toMatchObject([
      { kind: 'kind-statement', typeKind: 'entity', type: variable('t') },
      { kind: 'kind-statement', typeKind: 'relation', type: variable('r') },
      { kind: 'kind-statement', typeKind: 'attribute', type: variable('a') },
      { kind: 'kind-statement', typeKind: 'relation', type: variable('s') },
      { kind: 'type-statement', type: variable('s'), constraints: [{ kind: 'relates', role: variable('x') }] },
    ]);
  });

  it('parses comparisons', () => {
    expect(
      match('match $a > 5; $n like "^A"; $x contains "b"; $a == $b; $a != 1.5; $a <= -2; $a >= $b; $a < 3; "x" == $n;'),
    ).toMatchObject([
      {
        kind: 'comparison',
        left: variable('a'),
        operator: '>',
        right: { kind: 'literal', literal: lit('integer', 5) },
      },
      { operator: 'like', right: { literal: lit('string', '^A') } },
      { operator: 'contains', right: { literal: lit('string', 'b') } },
      { operator: '==', right: variable('b') },
      { operator: '!=', right: { literal: lit('double', 1.5) } },
      { operator: '<=', right: { literal: lit('integer', -2) } },
      { operator: '>=' },
      { operator: '<' },
      { left: { kind: 'literal', literal: lit('string', 'x') }, right: variable('n') },
    ]);
  });

  it('parses let with operator precedence, right-associative ^ and parentheses', () => {
    const [first, second] = match('match let $v = $a + 2 * 3 ^ 2 ^ 1; let $w = ($a - 1) / 2 % $b;');
    expect(first).toMatchObject({
      kind: 'let',
      variable: 'v',
      expression: {
        kind: 'arithmetic',
        operator: '+',
        left: variable('a'),
        right: {
          operator: '*',
          left: { literal: lit('integer', 2) },
          right: {
            operator: '^',
            left: { literal: lit('integer', 3) },
            right: { operator: '^', left: { literal: lit('integer', 2) }, right: { literal: lit('integer', 1) } },
          },
        },
      },
    });
    expect(second).toMatchObject({
      expression: {
        operator: '%',
        left: { operator: '/', left: { operator: '-', left: variable('a') }, right: { literal: lit('integer', 2) } },
        right: variable('b'),
      },
    });
  });

  it('parses not, or, try and flattens a plain { } block', () => {
    expect(
      match(
        'match not { $x isa a; }; { $x isa b; } or { $x isa c; } or { $y isa d; }; try { $x has name $n; }; { $z isa e; };',
      ),
    ).toMatchObject([
      { kind: 'not', patterns: [{ kind: 'thing', variable: 'x' }] },
      { kind: 'or', branches: [[{ constraints: [isa('b')] }], [{ constraints: [isa('c')] }], [{ variable: 'y' }]] },
      { kind: 'try', patterns: [{ kind: 'thing', constraints: [{ kind: 'has' }] }] },
      { kind: 'thing', variable: 'z' },
    ]);
  });

  it('treats stream-operator words as labels when a constraint follows', () => {
    expect(stages('match limit sub $t; $x isa select; limit 1;')).toMatchObject([
      { kind: 'match', patterns: [{ type: label('limit') }, { constraints: [isa('select')] }] },
      { kind: 'limit', count: 1 },
    ]);
  });

  it('records 1-based spans', () => {
    const [stage] = stages('match\n  $p isa person,\n    has name $n;');
    expect(stage).toMatchObject({
      span: { line: 1, column: 1 },
      patterns: [
        {
          span: { line: 2, column: 3 },
          constraints: [
            { kind: 'isa', span: { line: 2, column: 6 }, type: { span: { line: 2, column: 10 } } },
            { kind: 'has', span: { line: 3, column: 5 } },
          ],
        },
      ],
    });
  });
});

describe('parseQuery: literals and lexical rules', () => {
  const literalOf = (text: string) => {
    const [pattern] = match(`match $x == ${text};`);
    if (pattern?.kind !== 'comparison' || pattern.right.kind !== 'literal') throw new Error('no literal');
    return pattern.right.literal;
  };

  it.each([
    ['42', 'integer', 42],
    ['-7', 'integer', -7],
    ['3.25', 'double', 3.25],
    ['-1.5e3', 'double', -1500],
    ['12.5dec', 'decimal', '12.5'],
    ['-3dec', 'decimal', '-3'],
    ['true', 'boolean', true],
    ['false', 'boolean', false],
    ['"double \\"quoted\\" \\\\ \\t"', 'string', 'double "quoted" \\ \t'],
    ["'single \\'quoted\\' \\u00e9 \\u{1F600}'", 'string', "single 'quoted' é 😀"],
    ['2024-01-31', 'date', '2024-01-31'],
    ['2024-02-29T10:00', 'datetime', '2024-02-29T10:00:00'],
    ['2024-01-31T10:00:00.123456789', 'datetime', '2024-01-31T10:00:00.123456789'],
    ['2024-01-31T10:00:00+01:00', 'datetime-tz', '2024-01-31T10:00:00+01:00'],
    ['2024-01-31T10:00:00-0530', 'datetime-tz', '2024-01-31T10:00:00-05:30'],
    ['2024-01-31T10:00:00Z', 'datetime-tz', '2024-01-31T10:00:00Z'],
    ['2024-01-31T10:00:00 Europe/London', 'datetime-tz', '2024-01-31T10:00:00 Europe/London'],
    ['P1Y2M3DT4H5M6.7S', 'duration', 'P1Y2M3DT4H5M6.7S'],
    ['P2W', 'duration', 'P2W'],
    ['PT1H', 'duration', 'PT1H'],
  ])('%s is a %s', (text, valueType, value) => {
    expect(literalOf(text)).toMatchObject({ valueType, value, text });
  });

  it('skips comments and accepts any whitespace layout', () => {
    expect(stages('# leading comment\nmatch\t$x isa person; # trailing\r\n  limit 1;# end')).toMatchObject([
      { kind: 'match' },
      { kind: 'limit', count: 1 },
    ]);
  });

  it('keeps "#" inside strings', () => {
    expect(literalOf('"a # b"')).toMatchObject({ value: 'a # b' });
  });
});

describe('parseQuery: write stages and pipelines', () => {
  it('parses insert as a first stage (research note §3.2)', () => {
    expect(
      stages('insert $p isa person, has name "Ann"; $f isa friendship, links (friend: $p, friend: $q);'),
    ).toMatchObject([
      {
        kind: 'insert',
        statements: [
          { variable: 'p', constraints: [isa('person'), { kind: 'has' }] },
          {
            variable: 'f',
            constraints: [isa('friendship'), { kind: 'links', players: [{ player: 'p' }, { player: 'q' }] }],
          },
        ],
      },
    ]);
  });

  it('parses put and update', () => {
    expect(stages('match $p isa person; update $p has age 31; put $q isa person, has name "Ann";')).toMatchObject([
      { kind: 'match' },
      { kind: 'update', statements: [{ variable: 'p', constraints: [{ kind: 'has', attributeType: label('age') }] }] },
      { kind: 'put', statements: [{ variable: 'q' }] },
    ]);
  });

  it('parses every delete form, several in one stage', () => {
    expect(
      stages(
        'match $p isa person; delete $p; has $n of $p; has name "x" of $p; has $t $m of $p; links (friend: $x) of $f; $k of $p; (friend: $y) of $f;',
      )[1],
    ).toMatchObject({
      kind: 'delete',
      deletions: [
        { kind: 'delete-thing', variable: 'p' },
        { kind: 'delete-has', attribute: variable('n'), attributeType: undefined, owner: 'p' },
        {
          kind: 'delete-has',
          attribute: { kind: 'literal', literal: lit('string', 'x') },
          attributeType: label('name'),
          owner: 'p',
        },
        { kind: 'delete-has', attribute: variable('m'), attributeType: variable('t'), owner: 'p' },
        { kind: 'delete-links', players: [{ role: { label: 'friend' }, player: 'x' }], relation: 'f' },
        { kind: 'delete-has', attribute: variable('k'), owner: 'p' },
        { kind: 'delete-links', players: [{ player: 'y' }], relation: 'f' },
      ],
    });
  });

  it('parses stream operators', () => {
    expect(
      stages(
        'match $p isa person; select $a, $b,; sort $a asc, $b desc, $c; offset 1; limit 10; distinct; reduce $c = count; reduce $n = count($x), $s = sum($a) groupby $g, $h;',
      ),
    ).toMatchObject([
      { kind: 'match' },
      { kind: 'select', variables: ['a', 'b'] },
      {
        kind: 'sort',
        keys: [
          { variable: 'a', order: 'asc' },
          { variable: 'b', order: 'desc' },
          { variable: 'c', order: 'asc' },
        ],
      },
      { kind: 'offset', count: 1 },
      { kind: 'limit', count: 10 },
      { kind: 'distinct' },
      { kind: 'reduce', assignments: [{ variable: 'c', reducer: 'count', argument: undefined }], groupBy: [] },
      {
        kind: 'reduce',
        assignments: [
          { variable: 'n', reducer: 'count', argument: 'x' },
          { variable: 's', reducer: 'sum', argument: 'a' },
        ],
        groupBy: ['g', 'h'],
      },
    ]);
  });

  it('parses every reducer', () => {
    const reducers = ['min', 'max', 'mean', 'median', 'std', 'list'];
    const [, reduce] = stages(`match $x isa t; reduce ${reducers.map((r, i) => `$r${i} = ${r}($x)`).join(', ')};`);
    expect(reduce).toMatchObject({ assignments: reducers.map((reducer) => ({ reducer, argument: 'x' })) });
  });

  it('chains several stages', () => {
    expect(stages('match $p isa person; insert $q isa person; select $p, $q;').map((s) => s.kind)).toEqual([
      'match',
      'insert',
      'select',
    ]);
  });

  it('parses the research note write and reduce examples (§3.3)', () => {
    expect(stages('match $p isa person; reduce $c = count;')).toMatchObject([
      { kind: 'match' },
      { kind: 'reduce', assignments: [{ variable: 'c', reducer: 'count' }] },
    ]);
    expect(parseQuery('match $p isa person, has name $n;')).toMatchObject({
      kind: 'pipeline',
      stages: [{ patterns: [{ variable: 'p', constraints: [isa('person'), { kind: 'has', value: variable('n') }] }] }],
    });
  });
});

describe('parseQuery: fetch', () => {
  it('parses the research note fetch (§3.3)', () => {
    expect(stages('match $p isa person; fetch { "name": $p.name, "all": { $p.* } };')[1]).toMatchObject({
      kind: 'fetch',
      document: {
        kind: 'object',
        entries: [
          { key: 'name', value: { kind: 'attribute', variable: 'p', attribute: 'name' } },
          { key: 'all', value: { kind: 'all-attributes', variable: 'p' } },
        ],
      },
    });
  });

  it("parses the seed's fetch with a sub-query", () => {
    const [, fetch] = stages(
      "match $x isa person; fetch { 'sub query': [ match let $value = $attribute; fetch { 'value': $value }; ] };",
    );
    expect(fetch).toMatchObject({
      kind: 'fetch',
      document: {
        entries: [
          {
            key: 'sub query',
            value: {
              kind: 'subquery-list',
              stages: [
                { kind: 'match', patterns: [{ kind: 'let', variable: 'value', expression: variable('attribute') }] },
                {
                  kind: 'fetch',
                  document: { entries: [{ key: 'value', value: { kind: 'variable', variable: 'value' } }] },
                },
              ],
            },
          },
        ],
      },
    });
  });

  it('parses every fetch value form', () => {
    const [, fetch] = stages(`match $x isa person; fetch {
      "key": $x.attr, "list": [ $x.attr ], "all": { $x.* }, "nested": { "k": $v },
      "sub": [ match $y isa person; fetch { "n": $y.name }; ],
      "rows": [ match $y isa person; select $y; ],
      "count": ( match $y isa person; reduce $c = count; ),
      "type": $t, "lit": "x", "num": -2, "paren": ($x.attr),
    };`);
    expect(fetch).toMatchObject({
      document: {
        entries: [
          { key: 'key', value: { kind: 'attribute', variable: 'x', attribute: 'attr' } },
          { key: 'list', value: { kind: 'attribute-list', variable: 'x', attribute: 'attr' } },
          { key: 'all', value: { kind: 'all-attributes', variable: 'x' } },
          {
            key: 'nested',
            value: { kind: 'object', entries: [{ key: 'k', value: { kind: 'variable', variable: 'v' } }] },
          },
          { key: 'sub', value: { kind: 'subquery-list', stages: [{ kind: 'match' }, { kind: 'fetch' }] } },
          {
            key: 'rows',
            value: { kind: 'subquery-list', stages: [{ kind: 'match' }, { kind: 'select', variables: ['y'] }] },
          },
          { key: 'count', value: { kind: 'subquery-single', stages: [{ kind: 'match' }, { kind: 'reduce' }] } },
          { key: 'type', value: { kind: 'variable', variable: 't' } },
          { key: 'lit', value: { kind: 'literal', literal: lit('string', 'x') } },
          { key: 'num', value: { kind: 'literal', literal: lit('integer', -2) } },
          { key: 'paren', value: { kind: 'attribute', attribute: 'attr' } },
        ],
      },
    });
  });

  it('parses a top-level { $p.* }', () => {
    expect(stages('match $p isa person; fetch { $p.* };')[1]).toMatchObject({
      kind: 'fetch',
      document: { kind: 'all-attributes', variable: 'p' },
    });
  });
});

describe('parseQuery: syntax errors', () => {
  it("reports `match $p isa;` in TypeDB's shape", () => {
    expect(description('match $p isa;')).toBe(
      [
        '[TQL03] TypeQL Error: There is a syntax error',
        'expected a type label or variable',
        'Near 1:12:',
        '--> match $p isa;',
        '                ^',
        'Caused: Error in usage of TypeQL.',
      ].join('\n'),
    );
    expect(syntaxError('match $p isa;').message).toContain('[QEX1] Failed to parse TypeQL query.');
  });

  // TypeDB prints `Near <1-based line>:<0-based column>` (see typeql's own tests: "match\n$x of" -> 2:3).
  it.each([
    ['match\n$x of', '2:3'],
    ['match\n$x isa', '2:6'],
    ['match\n$x isa \n\n', '2:6'],
    ['match $x isa person', '1:19'],
    ['match $x isa person;;', '1:20'],
    ['define entity person owns;', '1:25'],
    ['define entity person plays friend;', '1:33'],
    ['match $x isa person; fetch { "a": $x.name }; limit 1;', '1:45'],
    ['fetch { "a": $x };', '1:0'],
    ['match $x isa person; select;', '1:27'],
    ['match $x isa person; limit -1;', '1:27'],
    ['insert not { $x isa a; };', '1:7'],
    ['match $x isa match;', '1:13'],
    ['match $x isa person, has;', '1:24'],
    ['match not $x isa a;', '1:10'],
    ['define entity a; end; entity b;', '1:22'],
    ['match $x isa person; $x isa! ;', '1:29'],
    ['match $r links (friend $x);', '1:23'],
    ['match $x isa person; fetch { name: $x.name };', '1:29'],
    ['match $x isa person; fetch { };', '1:29'],
    ['match $x isa person; delete;', '1:27'],
    ['match $x isa person; reduce $c = total;', '1:33'],
    ['define attribute a value text;', '1:25'],
    ['define entity a @unknown;', '1:16'],
    ['match $x == 2024-02-30;', '1:12'],
    ['match $x == "bad \\q escape";', '1:12'],
    ['match $x == 99999999999999999999;', '1:12'],
    ['match\n  $x isa person,\n  has name "Ann"\n  has age 5;', '4:2'],
  ])('%j fails near %s', (text, position) => {
    expect(near(text)).toBe(position);
  });

  it('shows every line of a multi-line query, marking the offending one', () => {
    expect(description('match\n$x isa person;\n$y isa ;\nlimit 1;')).toContain(
      'Near 3:7:\n    match\n    $x isa person;\n--> $y isa ;\n           ^\n    limit 1;\nCaused: Error in usage of TypeQL.',
    );
  });

  it('rejects empty and comment-only queries', () => {
    expect(near('')).toBe('1:0');
    expect(near('   \n  ')).toBe('1:0');
    expect(near('# nothing here\n')).toBe('1:14');
  });

  it('rejects unterminated strings at the opening quote', () => {
    expect(description('match $x has name "Ann;')).toContain('unterminated string');
    expect(near('match $x has name "Ann;')).toBe('1:18');
    expect(near('match\n$x has name \'Ann";')).toBe('2:12');
  });

  it('rejects stray characters', () => {
    expect(near('match $x isa person; ~')).toBe('1:21');
    expect(near('match $x isa person ! ;')).toBe('1:20');
    expect(near('match $x\u00a0isa person;')).toBe('1:8');
    expect(near('match $_x isa person;')).toBe('1:6');
  });

  it('rejects constructs the AST cannot represent, as TQL0', () => {
    for (const text of [
      'with fun f() -> integer: match $x isa t; return count; match $y isa t;',
      'define fun f() -> integer: match $x isa t; return count;',
      'define struct s: a value string;',
      'match $x is $y;',
      'match let $x = abs($y);',
      'match $x isa person; require $x;',
      'define entity a owns b[];',
      'match $x isa person; reduce $c? = count;',
      'define attribute a @subkey(x);',
      'undefine as parent from fathership relates father;',
      'match $x isa person; delete try { $x; };',
    ]) {
      expect(syntaxError(text).code).toBe('TQL0');
    }
    expect(description('match let $x = abs($y);')).toContain('a function call is not supported by this server');
  });

  it('rejects nesting deeper than 200 levels quickly', () => {
    const deepBlocks = `match ${'{ '.repeat(5000)}$x isa a;${' };'.repeat(5000)}`;
    expect(description(deepBlocks)).toContain('nests too deeply');
    const deepParens = `match let $x = ${'('.repeat(5000)}1${')'.repeat(5000)};`;
    expect(description(deepParens)).toContain('nests too deeply');
    const longChain = `match let $x = 1${' ^ 1'.repeat(5000)};`;
    expect(description(longChain)).toContain('nests too deeply');
    const deepFetch = `match $x isa a; fetch ${'{ "k": '.repeat(5000)}$x${' }'.repeat(5000)};`;
    expect(description(deepFetch)).toContain('nests too deeply');
    // 150 levels are fine
    expect(match(`match ${'not { '.repeat(150)}$x isa a;${' };'.repeat(150)}`)).toHaveLength(1);
  });
});
