/**
 * The TypeQL 3 syntax tree for the subset the reference server runs. The parser (./parser.ts)
 * produces it; the engine (./engine.ts and friends) consumes it. Every node that an error can
 * point at carries a `span` (1-based line and column in the query text).
 */

export interface Span {
  line: number;
  column: number;
}

/** A whole query: a schema query, or a data pipeline. */
export type Query = SchemaQuery | PipelineQuery;

// ---------------------------------------------------------------------------------------------
// Schema queries: define / undefine / redefine
// ---------------------------------------------------------------------------------------------

export interface SchemaQuery {
  kind: 'schema';
  operation: 'define' | 'undefine' | 'redefine';
  /** For define/redefine: type definitions; for undefine: what to remove. */
  definitions: Definition[];
  span: Span;
}

export type Definition = TypeDefinition | Undefinition;

export type TypeKind = 'entity' | 'relation' | 'attribute';

export type ValueTypeName =
  | 'boolean'
  | 'integer'
  | 'double'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'datetime-tz'
  | 'duration'
  | 'string';

/**
 * `entity person @abstract, owns name @card(1), plays friendship:friend;` or, for an existing type,
 * `person owns email;` (then `typeKind` is undefined).
 */
export interface TypeDefinition {
  kind: 'type';
  typeKind: TypeKind | undefined;
  label: string;
  annotations: Annotation[];
  capabilities: Capability[];
  span: Span;
}

export type Capability =
  | { kind: 'sub'; supertype: string; annotations: Annotation[]; span: Span }
  | { kind: 'owns'; attribute: string; annotations: Annotation[]; span: Span }
  /** `plays friendship:friend` */
  | { kind: 'plays'; role: ScopedLabel; annotations: Annotation[]; span: Span }
  /** `relates friend` or `relates friend as member` */
  | { kind: 'relates'; role: string; specialises: string | undefined; annotations: Annotation[]; span: Span }
  | { kind: 'value'; valueType: ValueTypeName; annotations: Annotation[]; span: Span };

export interface ScopedLabel {
  scope: string;
  name: string;
}

export type Annotation =
  | { name: 'abstract' | 'key' | 'unique' | 'independent' | 'cascade' | 'distinct'; span: Span }
  /** `@card(1)` is 1..1, `@card(0..)` has `max: null`. */
  | { name: 'card'; min: number; max: number | null; span: Span }
  | { name: 'range'; min: Literal | null; max: Literal | null; span: Span }
  | { name: 'regex'; pattern: string; span: Span }
  | { name: 'values'; values: Literal[]; span: Span };

/**
 * What `undefine` removes:
 * - `undefine person;` -> `{ kind: 'undefine-type', label: 'person' }`
 * - `undefine owns email from user;` -> `{ kind: 'undefine-capability', capability: owns email, from: 'user' }`
 * - `undefine @key from user owns email;` -> `{ kind: 'undefine-annotation', annotation: 'key', from: 'user', capability: owns email }`
 * - `undefine @abstract from person;` -> `{ kind: 'undefine-annotation', annotation: 'abstract', from: 'person', capability: undefined }`
 */
export type Undefinition =
  | { kind: 'undefine-type'; label: string; span: Span }
  | { kind: 'undefine-capability'; capability: Capability; from: string; span: Span }
  | {
      kind: 'undefine-annotation';
      annotation: Annotation['name'];
      from: string;
      capability: Capability | undefined;
      span: Span;
    };

// ---------------------------------------------------------------------------------------------
// Data pipelines
// ---------------------------------------------------------------------------------------------

export interface PipelineQuery {
  kind: 'pipeline';
  stages: Stage[];
  span: Span;
}

export type Stage =
  | { kind: 'match'; patterns: Pattern[]; span: Span }
  | { kind: 'insert'; statements: Statement[]; span: Span }
  | { kind: 'put'; statements: Statement[]; span: Span }
  | { kind: 'update'; statements: Statement[]; span: Span }
  | { kind: 'delete'; deletions: Deletion[]; span: Span }
  | { kind: 'select'; variables: string[]; span: Span }
  | { kind: 'sort'; keys: Array<{ variable: string; order: 'asc' | 'desc' }>; span: Span }
  | { kind: 'offset'; count: number; span: Span }
  | { kind: 'limit'; count: number; span: Span }
  | { kind: 'distinct'; span: Span }
  | { kind: 'reduce'; assignments: ReduceAssignment[]; groupBy: string[]; span: Span }
  | { kind: 'fetch'; document: FetchObject; span: Span };

/** `$c = count` (no argument), `$n = count($x)`, `$s = sum($age)`, ... */
export interface ReduceAssignment {
  variable: string;
  reducer: 'count' | 'sum' | 'min' | 'max' | 'mean' | 'median' | 'std' | 'list';
  argument: string | undefined;
  span: Span;
}

/** A pattern in a `match`: a statement, or a nested `not`/`or`/`try` (optional in this subset). */
export type Pattern =
  | Statement
  | { kind: 'not'; patterns: Pattern[]; span: Span }
  | { kind: 'or'; branches: Pattern[][]; span: Span }
  | { kind: 'try'; patterns: Pattern[]; span: Span };

/**
 * Variable names are stored without `$`. An anonymous variable (`$_`, or a statement with no
 * subject such as `friendship (friend: $a);`) gets a generated name starting with `_`, which
 * never appears in answers.
 */
export type Statement = ThingStatement | TypeStatement | KindStatement | ComparisonStatement | LetStatement;

/** `$p isa person, has name "Ann";`, `$f isa friendship (friend: $p);`, `$n isa name "Ann";` */
export interface ThingStatement {
  kind: 'thing';
  variable: string;
  constraints: ThingConstraint[];
  span: Span;
}

/** A type given by label or bound to a type variable (`$t`). */
export type TypeRef = { kind: 'label'; label: string; span: Span } | { kind: 'variable'; variable: string; span: Span };

/** A role in `links (role: $x)`: a role name (scoped or not), a role-type variable, or none. */
export type RoleRef =
  | { kind: 'label'; label: string; scope: string | undefined; span: Span }
  | { kind: 'variable'; variable: string; span: Span };

export type ThingConstraint =
  /** `isa person`, `isa! person`, `isa $t`; for attributes also `isa name "Ann"` (value set). */
  | { kind: 'isa'; exact: boolean; type: TypeRef; value: Literal | undefined; span: Span }
  /**
   * `has name $n`, `has name "Ann"`, `has name > 5`, `has $t $a`, `has $a` (no type).
   * `value` is a variable, a literal (equality) or a comparison against a literal or variable.
   */
  | { kind: 'has'; attributeType: TypeRef | undefined; value: HasValue; span: Span }
  /** `links (friend: $p, $q)` and the shorthand `(friend: $p)` after `isa`. */
  | { kind: 'links'; players: RolePlayer[]; span: Span }
  | { kind: 'iid'; iid: string; span: Span };

export type HasValue =
  | { kind: 'variable'; variable: string }
  | { kind: 'literal'; literal: Literal }
  | { kind: 'comparison'; operator: ComparisonOperator; operand: Expression };

export interface RolePlayer {
  role: RoleRef | undefined;
  player: string;
  span: Span;
}

/** `$t sub person;`, `$t owns name;`, `$t plays friendship:friend;`, `$t relates friend;`, `$t label person;` */
export interface TypeStatement {
  kind: 'type-statement';
  type: TypeRef;
  constraints: TypeConstraint[];
  span: Span;
}

export type TypeConstraint =
  | { kind: 'sub'; exact: boolean; supertype: TypeRef; span: Span }
  | { kind: 'owns'; attribute: TypeRef; span: Span }
  | { kind: 'plays'; role: RoleRef; span: Span }
  | { kind: 'relates'; role: RoleRef; span: Span }
  | { kind: 'label'; label: string; span: Span }
  | { kind: 'value'; valueType: ValueTypeName; span: Span };

/** `entity $t;`, `relation $t;`, `attribute $t;` (the types of a kind). */
export interface KindStatement {
  kind: 'kind-statement';
  typeKind: TypeKind;
  type: TypeRef;
  span: Span;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'like';

/** `$age > 18;`, `$name like "^A";`, `$a == $b;` */
export interface ComparisonStatement {
  kind: 'comparison';
  left: Expression;
  operator: ComparisonOperator;
  right: Expression;
  span: Span;
}

/** `let $v = $attribute;`, `let $x = 5;`, `let $y = $a + 1;` */
export interface LetStatement {
  kind: 'let';
  variable: string;
  expression: Expression;
  span: Span;
}

export type Expression =
  | { kind: 'variable'; variable: string; span: Span }
  | { kind: 'literal'; literal: Literal; span: Span }
  | {
      kind: 'arithmetic';
      operator: '+' | '-' | '*' | '/' | '%' | '^';
      left: Expression;
      right: Expression;
      span: Span;
    };

/**
 * A literal value. `value` is the JavaScript form: booleans and strings as themselves, integers
 * and doubles as numbers, and every other type as its canonical TypeDB string (decimal `"12.5dec"`
 * keeps its digits as `"12.5"`; dates `"2024-01-31"`; datetimes `"2024-01-31T10:00:00"`;
 * datetime-tz keeps the zone or offset; durations the ISO 8601 text).
 */
export interface Literal {
  valueType: ValueTypeName;
  value: boolean | number | string;
  /** The literal as written, for messages. */
  text: string;
  span: Span;
}

/** What `delete` removes. */
export type Deletion =
  /** `delete $p;` */
  | { kind: 'delete-thing'; variable: string; span: Span }
  /** `delete has $n of $p;` or `delete has name "x" of $p;` (the value form matches by type and value) */
  | { kind: 'delete-has'; attribute: HasValue; attributeType: TypeRef | undefined; owner: string; span: Span }
  /** `delete links (friend: $x) of $f;` */
  | { kind: 'delete-links'; players: RolePlayer[]; relation: string; span: Span };

// ---------------------------------------------------------------------------------------------
// fetch documents
// ---------------------------------------------------------------------------------------------

/** `{ "name": $p.name, "all": { $p.* }, ... }` */
export type FetchObject =
  | { kind: 'object'; entries: Array<{ key: string; value: FetchValue; span: Span }>; span: Span }
  /** `{ $p.* }`: every attribute of `$p`, by type label. */
  | { kind: 'all-attributes'; variable: string; span: Span };

export type FetchValue =
  /** `$v`: a value, an attribute's value, or a type as `{kind, label}` */
  | { kind: 'variable'; variable: string; span: Span }
  /** `$p.name`: one value or null (an error if the cardinality can exceed 1) */
  | { kind: 'attribute'; variable: string; attribute: string; span: Span }
  /** `[ $p.name ]`: always a list */
  | { kind: 'attribute-list'; variable: string; attribute: string; span: Span }
  /** A nested object or `{ $p.* }` */
  | FetchObject
  /** `[ match ...; fetch {...}; ]` or `[ match ...; select $x; ]`: a list of the sub-pipeline's answers */
  | { kind: 'subquery-list'; stages: Stage[]; span: Span }
  /** `( match ...; reduce $c = count; )`: a single value (the sub-pipeline must end in reduce) */
  | { kind: 'subquery-single'; stages: Stage[]; span: Span }
  /** A literal written in the document */
  | { kind: 'literal'; literal: Literal; span: Span };
