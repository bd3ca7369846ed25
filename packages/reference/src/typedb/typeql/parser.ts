/**
 * A recursive-descent parser for the TypeQL 3 subset in ./ast.ts, following TypeDB's grammar
 * (typeql.pest). Syntax errors throw `TypeQLError('parse', [['TQL0', ...], ['QEX1', ...]])` shaped
 * like TypeDB's TQL03 message; constructs the grammar has but ast.ts cannot represent (functions,
 * structs, lists, `is`, `require`, ...) are rejected the same way, saying "not supported".
 */
import type {
  Annotation,
  Capability,
  ComparisonOperator,
  Definition,
  Deletion,
  Expression,
  FetchObject,
  FetchValue,
  HasValue,
  KindStatement,
  Literal,
  Pattern,
  PipelineQuery,
  Query,
  ReduceAssignment,
  RolePlayer,
  RoleRef,
  SchemaQuery,
  Span,
  Stage,
  Statement,
  ThingConstraint,
  ThingStatement,
  TypeConstraint,
  TypeDefinition,
  TypeKind,
  TypeRef,
  TypeStatement,
  Undefinition,
  ValueTypeName,
} from './ast.js';
import { TypeQLError } from './errors.js';
import { syntaxError, type Token, tokenize } from './lexer.js';

/** How deep `{...}` blocks, fetch documents, sub-queries and expressions may nest. */
export const MAX_NESTING = 200;

/** Parses one TypeQL query. Throws `TypeQLError` (phase `parse`, code `TQL0`) on a syntax error. */
export function parseQuery(text: string): Query {
  try {
    return new Parser(text).parseQuery();
  } catch (error) {
    if (error instanceof TypeQLError) throw error;
    // Defensive: no other exception may escape the parser.
    throw syntaxError(text, 0, 'the query could not be parsed');
  }
}

/** TypeDB's reserved keywords (typeql rust/typeql.rs KEYWORDS): never labels. */
const RESERVED = new Set([
  'with',
  'match',
  'fetch',
  'update',
  'define',
  'undefine',
  'redefine',
  'insert',
  'put',
  'delete',
  'end',
  'entity',
  'relation',
  'attribute',
  'role',
  'asc',
  'desc',
  'struct',
  'fun',
  'return',
  'alias',
  'sub',
  'owns',
  'as',
  'plays',
  'relates',
  'iid',
  'isa',
  'links',
  'has',
  'is',
  'or',
  'not',
  'try',
  'in',
  'true',
  'false',
  'of',
  'from',
  'first',
  'last',
  // the exact forms, which the lexer makes single tokens
  'isa!',
  'sub!',
]);

const KINDS = new Set<string>(['entity', 'relation', 'attribute']);
const CLAUSES = new Set(['match', 'insert', 'put', 'update', 'delete']);
const STREAM_OPERATORS = new Set(['select', 'sort', 'offset', 'limit', 'distinct', 'reduce', 'require']);
const CAPABILITY_KEYWORDS = new Set(['sub', 'owns', 'plays', 'relates', 'value', 'alias']);
const TYPE_CONSTRAINT_KEYWORDS = new Set(['sub', 'sub!', 'owns', 'plays', 'relates', 'label', 'value']);
const THING_CONSTRAINT_KEYWORDS = new Set(['isa', 'isa!', 'iid', 'has', 'links']);
const VALUE_TYPES = new Set<string>([
  'boolean',
  'integer',
  'double',
  'decimal',
  'date',
  'datetime',
  'datetime-tz',
  'duration',
  'string',
]);
const SIMPLE_ANNOTATIONS = new Set(['abstract', 'key', 'unique', 'independent', 'cascade', 'distinct']);
const ANNOTATION_NAMES = new Set([...SIMPLE_ANNOTATIONS, 'card', 'range', 'regex', 'values']);
const REDUCERS = new Set(['count', 'sum', 'min', 'max', 'mean', 'median', 'std', 'list']);
const COMPARATOR_PUNCT = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^']);
const LITERAL_KINDS = new Set([
  'string',
  'integer',
  'double',
  'decimal',
  'date',
  'datetime',
  'datetime-tz',
  'duration',
]);
const LABEL_RE = /^[_\p{XID_Start}][-\p{XID_Continue}]*$/u;
const I64_MAX = 9223372036854775807n;

type ArithmeticOperator = '+' | '-' | '*' | '/' | '%' | '^';
const PRECEDENCE: Record<ArithmeticOperator, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, '^': 3 };

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private anonymous = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  // -------------------------------------------------------------------------------------------
  // token helpers
  // -------------------------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    const i = Math.min(this.index + ahead, this.tokens.length - 1);
    return this.tokens[i] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private isPunct(token: Token, symbol: string): boolean {
    return token.kind === 'punct' && token.value === symbol;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'ident' && token.value === word;
  }

  private eatPunct(symbol: string): Token | undefined {
    return this.isPunct(this.peek(), symbol) ? this.next() : undefined;
  }

  private eatWord(word: string): Token | undefined {
    return this.isWord(this.peek(), word) ? this.next() : undefined;
  }

  private expectPunct(symbol: string, expected = `expected '${symbol}'`): Token {
    const token = this.peek();
    if (!this.isPunct(token, symbol)) this.fail(token, expected);
    return this.next();
  }

  private expectWord(word: string, expected = `expected '${word}'`): Token {
    const token = this.peek();
    if (!this.isWord(token, word)) this.fail(token, expected);
    return this.next();
  }

  private fail(token: Token, expected: string): never {
    throw syntaxError(this.text, token.start, expected);
  }

  private unsupported(token: Token, what: string): never {
    this.fail(token, `${what} is not supported by this server`);
  }

  private span(token: Token): Span {
    return { line: token.line, column: token.column };
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING) this.fail(token, `the query nests too deeply (more than ${MAX_NESTING} levels)`);
  }

  private leave(): void {
    this.depth--;
  }

  private variableName(token: Token): string {
    return token.value === '_' ? `_${this.anonymous++}` : token.value;
  }

  private freshVariable(): string {
    return `_${this.anonymous++}`;
  }

  private expectVariable(expected = 'expected a variable'): { name: string; token: Token } {
    const token = this.peek();
    if (token.kind !== 'var') this.fail(token, expected);
    this.next();
    if (this.isPunct(this.peek(), '?') && !this.peek().spaced) this.unsupported(this.peek(), 'an optional variable');
    return { name: this.variableName(token), token };
  }

  private expectNamedVariable(expected = 'expected a named variable'): { name: string; token: Token } {
    const token = this.peek();
    if (token.kind !== 'var' || token.value === '_') this.fail(token, expected);
    this.next();
    return { name: token.value, token };
  }

  /** A token usable as a label: an identifier that is not reserved (or a duration-like word such as `P1D`). */
  private isLabel(token: Token): boolean {
    if (token.kind === 'ident') return !RESERVED.has(token.value);
    return token.kind === 'duration' && LABEL_RE.test(token.value);
  }

  private expectLabel(expected = 'expected a type label'): { label: string; token: Token } {
    const token = this.peek();
    if (!this.isLabel(token)) this.fail(token, expected);
    this.next();
    return { label: token.value, token };
  }

  private parseLabelOrScoped(expected: string): { label: string; scope: string | undefined; token: Token } {
    const { label, token } = this.expectLabel(expected);
    if (this.isScopedNext()) {
      this.next();
      const name = this.next();
      return { label: name.value, scope: label, token };
    }
    return { label, scope: undefined, token };
  }

  /** After a label: `:name` written without spaces makes it the scoped label `label:name`. */
  private isScopedNext(): boolean {
    const colon = this.peek();
    const name = this.peek(1);
    return this.isPunct(colon, ':') && !colon.spaced && this.isLabel(name) && !name.spaced;
  }

  private expectScopedLabel(expected: string): { scope: string; name: string; token: Token } {
    const { label, scope, token } = this.parseLabelOrScoped(expected);
    if (scope === undefined) this.fail(this.peek(), expected);
    return { scope, name: label, token };
  }

  // -------------------------------------------------------------------------------------------
  // queries
  // -------------------------------------------------------------------------------------------

  parseQuery(): Query {
    const first = this.peek();
    if (first.kind === 'eof') {
      this.fail(first, 'expected a query: define, undefine, redefine, or a pipeline (match, insert, put, ...)');
    }
    let query: Query;
    if (this.isWord(first, 'define') || this.isWord(first, 'undefine') || this.isWord(first, 'redefine')) {
      query = this.parseSchemaQuery();
    } else if (this.isWord(first, 'with')) {
      this.unsupported(first, 'a function preamble (`with fun ...`)');
    } else {
      const stages = this.parsePipeline();
      query = { kind: 'pipeline', stages, span: this.span(first) } satisfies PipelineQuery;
    }
    if (this.eatWord('end')) this.expectPunct(';');
    const last = this.peek();
    if (last.kind !== 'eof') {
      if (query.kind === 'schema') this.fail(last, 'expected the end of the query');
      const lastStage = query.stages[query.stages.length - 1];
      this.fail(
        last,
        lastStage?.kind === 'fetch'
          ? 'expected the end of the query (fetch must be the last stage)'
          : this.stageExpectation(lastStage),
      );
    }
    return query;
  }

  private stageExpectation(lastStage: Stage | undefined): string {
    const stages =
      'a query stage (match, insert, put, update, delete, select, sort, offset, limit, distinct, reduce, fetch)';
    if (
      lastStage &&
      (lastStage.kind === 'match' ||
        lastStage.kind === 'insert' ||
        lastStage.kind === 'put' ||
        lastStage.kind === 'update')
    ) {
      return `expected a pattern, ${stages} or the end of the query`;
    }
    return `expected ${stages} or the end of the query`;
  }

  // -------------------------------------------------------------------------------------------
  // schema queries
  // -------------------------------------------------------------------------------------------

  private parseSchemaQuery(): SchemaQuery {
    const keyword = this.next();
    const operation = keyword.value as SchemaQuery['operation'];
    const definitions: Definition[] = [];
    while (this.peek().kind !== 'eof' && !this.isWord(this.peek(), 'end')) {
      const token = this.peek();
      if (this.isWord(token, 'fun')) this.unsupported(token, 'a function definition');
      if (this.isWord(token, 'struct')) this.unsupported(token, 'a struct definition');
      if (operation === 'define') definitions.push(this.parseTypeDefinition());
      else if (operation === 'redefine') definitions.push(this.parseRedefinition());
      else definitions.push(this.parseUndefinition());
      this.expectPunct(';');
    }
    return { kind: 'schema', operation, definitions, span: this.span(keyword) };
  }

  private parseTypeDefinition(): TypeDefinition {
    const start = this.peek();
    const typeKind = this.parseOptionalKind();
    const { label } = this.expectLabel(
      typeKind ? 'expected a type label' : 'expected a type definition (entity, relation, attribute or a type label)',
    );
    const annotations: Annotation[] = [];
    const capabilities: Capability[] = [];
    const token = this.peek();
    if (token.kind === 'annotation') {
      annotations.push(...this.parseAnnotations());
    } else if (this.isPunct(token, ',') || this.isCapabilityStart(token)) {
      this.eatPunct(',');
      capabilities.push(this.parseCapability(true));
    }
    while (this.isPunct(this.peek(), ',')) {
      this.next();
      if (!this.isCapabilityStart(this.peek())) break; // a trailing comma
      capabilities.push(this.parseCapability(true));
    }
    if (!this.isPunct(this.peek(), ';')) {
      this.fail(
        this.peek(),
        capabilities.length === 0 && annotations.length === 0
          ? "expected ',', a capability (sub, owns, plays, relates, value), an annotation or ';'"
          : "expected ',' or ';'",
      );
    }
    return { kind: 'type', typeKind, label, annotations, capabilities, span: this.span(start) };
  }

  private parseRedefinition(): TypeDefinition {
    const start = this.peek();
    const typeKind = this.parseOptionalKind();
    const { label } = this.expectLabel();
    this.eatPunct(',');
    const token = this.peek();
    if (token.kind === 'annotation') {
      return {
        kind: 'type',
        typeKind,
        label,
        annotations: this.parseAnnotations(),
        capabilities: [],
        span: this.span(start),
      };
    }
    if (!this.isCapabilityStart(token))
      this.fail(token, 'expected an annotation or a capability (sub, owns, plays, relates, value)');
    return {
      kind: 'type',
      typeKind,
      label,
      annotations: [],
      capabilities: [this.parseCapability(true)],
      span: this.span(start),
    };
  }

  private parseUndefinition(): Undefinition {
    const token = this.peek();
    if (token.kind === 'annotation') {
      this.next();
      if (!ANNOTATION_NAMES.has(token.value)) this.fail(token, this.annotationExpectation(token));
      this.expectWord('from', "expected 'from'");
      const { label: from } = this.expectLabel();
      const capability = this.isCapabilityStart(this.peek()) ? this.parseCapability(false) : undefined;
      return {
        kind: 'undefine-annotation',
        annotation: token.value as Annotation['name'],
        from,
        capability,
        span: this.span(token),
      };
    }
    if (this.isWord(token, 'as')) this.unsupported(token, 'undefining a specialisation (`undefine as ... from ...`)');
    if (this.isCapabilityStart(token) && !(this.isWord(token, 'value') && this.isPunct(this.peek(1), ';'))) {
      const capability = this.parseCapability(false);
      this.expectWord('from', "expected 'from'");
      const { label: from } = this.expectLabel();
      return { kind: 'undefine-capability', capability, from, span: this.span(token) };
    }
    const { label } = this.expectLabel('expected a type label, an annotation or a capability to undefine');
    return { kind: 'undefine-type', label, span: this.span(token) };
  }

  private parseOptionalKind(): TypeKind | undefined {
    const token = this.peek();
    if (token.kind === 'ident' && KINDS.has(token.value)) {
      this.next();
      return token.value as TypeKind;
    }
    return undefined;
  }

  private isCapabilityStart(token: Token): boolean {
    return token.kind === 'ident' && CAPABILITY_KEYWORDS.has(token.value);
  }

  private parseCapability(withAnnotations: boolean): Capability {
    const keyword = this.peek();
    if (!this.isCapabilityStart(keyword))
      this.fail(keyword, 'expected a capability (sub, owns, plays, relates, value)');
    this.next();
    const span = this.span(keyword);
    const annotations = (): Annotation[] => (withAnnotations ? this.parseAnnotations() : []);
    switch (keyword.value) {
      case 'sub': {
        const { label } = this.expectLabel();
        return { kind: 'sub', supertype: label, annotations: annotations(), span };
      }
      case 'owns': {
        const { label } = this.expectLabel('expected an attribute type label');
        this.rejectListSuffix();
        return { kind: 'owns', attribute: label, annotations: annotations(), span };
      }
      case 'plays': {
        const { scope, name } = this.expectScopedLabel('expected a scoped role label (relation:role)');
        return { kind: 'plays', role: { scope, name }, annotations: annotations(), span };
      }
      case 'relates': {
        const { label } = this.expectLabel('expected a role label');
        this.rejectListSuffix();
        let specialises: string | undefined;
        if (this.eatWord('as')) {
          specialises = this.expectLabel('expected a role label').label;
          this.rejectListSuffix();
        }
        return { kind: 'relates', role: label, specialises, annotations: annotations(), span };
      }
      case 'value': {
        const valueType = this.parseValueType();
        return { kind: 'value', valueType, annotations: annotations(), span };
      }
      default:
        this.unsupported(keyword, 'an alias');
    }
  }

  private rejectListSuffix(): void {
    const token = this.peek();
    if (this.isPunct(token, '[') && !token.spaced) this.unsupported(token, 'a list type (`label[]`)');
  }

  private parseValueType(): ValueTypeName {
    const token = this.peek();
    if (token.kind === 'ident' && VALUE_TYPES.has(token.value)) {
      this.next();
      if (this.isPunct(this.peek(), '?') || this.isPunct(this.peek(), '['))
        this.unsupported(this.peek(), 'an optional or list value type');
      return token.value as ValueTypeName;
    }
    if (this.isLabel(token)) this.unsupported(token, 'a struct value type');
    this.fail(
      token,
      'expected a value type (boolean, integer, double, decimal, date, datetime, datetime-tz, duration, string)',
    );
  }

  private annotationExpectation(token: Token): string {
    return token.value === 'subkey'
      ? 'the @subkey annotation is not supported by this server'
      : 'expected an annotation (@abstract, @key, @unique, @card, @range, @regex, @values, @independent, @cascade, @distinct)';
  }

  private parseAnnotations(): Annotation[] {
    const annotations: Annotation[] = [];
    while (this.peek().kind === 'annotation') annotations.push(this.parseAnnotation());
    return annotations;
  }

  private parseAnnotation(): Annotation {
    const token = this.next();
    const span = this.span(token);
    const name = token.value;
    if (SIMPLE_ANNOTATIONS.has(name)) return { name: name as 'abstract', span };
    if (!ANNOTATION_NAMES.has(name)) this.fail(token, this.annotationExpectation(token));
    this.expectPunct('(', `expected '(' after @${name}`);
    let annotation: Annotation;
    if (name === 'card') {
      const min = this.parseCount('expected a cardinality (n, n..m or n..)');
      let max: number | null = min;
      if (this.eatPunct('..')) max = this.peek().kind === 'integer' ? this.parseCount('expected an integer') : null;
      annotation = { name: 'card', min, max, span };
    } else if (name === 'range') {
      let min: Literal | null = null;
      let max: Literal | null = null;
      if (this.eatPunct('..')) {
        max = this.parseValueLiteral('expected a range bound');
      } else {
        min = this.parseValueLiteral('expected a range (a..b, a.. or ..b)');
        this.expectPunct('..', "expected '..'");
        if (!this.isPunct(this.peek(), ')')) max = this.parseValueLiteral('expected a range bound or )');
      }
      annotation = { name: 'range', min, max, span };
    } else if (name === 'regex') {
      const str = this.peek();
      if (str.kind !== 'string') this.fail(str, 'expected a quoted regular expression');
      this.next();
      annotation = { name: 'regex', pattern: unescapeRegex(str.value), span };
    } else {
      const values: Literal[] = [this.parseValueLiteral('expected a value')];
      while (this.eatPunct(',')) {
        if (this.isPunct(this.peek(), ')')) break;
        values.push(this.parseValueLiteral('expected a value'));
      }
      annotation = { name: 'values', values, span };
    }
    this.expectPunct(')', "expected ')'");
    return annotation;
  }

  private parseCount(expected: string): number {
    const token = this.peek();
    if (token.kind !== 'integer') this.fail(token, expected);
    this.next();
    const value = Number(token.value);
    if (!Number.isSafeInteger(value)) this.fail(token, 'integer is too large');
    return value;
  }

  // -------------------------------------------------------------------------------------------
  // pipelines
  // -------------------------------------------------------------------------------------------

  private isStageStart(token: Token): boolean {
    if (token.kind !== 'ident') return false;
    return CLAUSES.has(token.value) || this.isStreamOperatorAt(0) || token.value === 'fetch';
  }

  /** `select`, `limit`... are not reserved: they start an operator unless a type statement follows. */
  private isStreamOperatorAt(ahead: number): boolean {
    const token = this.peek(ahead);
    if (token.kind !== 'ident' || !STREAM_OPERATORS.has(token.value)) return false;
    const after = this.peek(ahead + 1);
    if (this.isPunct(after, '(') || this.isPunct(after, ',')) return false;
    if (this.isPunct(after, ':') && !after.spaced) return false;
    if (after.kind === 'ident' && TYPE_CONSTRAINT_KEYWORDS.has(after.value)) return false;
    return true;
  }

  private parsePipeline(): Stage[] {
    const stages: Stage[] = [];
    for (;;) {
      const token = this.peek();
      if (this.isWord(token, 'fetch')) {
        if (stages.length === 0) this.fail(token, 'expected a query stage before fetch (match, insert, ...)');
        this.next();
        const document = this.parseFetchObject();
        this.expectPunct(';', "expected ';' after the fetch document");
        stages.push({ kind: 'fetch', document, span: this.span(token) });
        break;
      }
      if (!this.isStageStart(token)) break;
      stages.push(this.parseStage());
    }
    if (stages.length === 0) {
      this.fail(
        this.peek(),
        'expected a query stage (match, insert, put, update, delete, select, sort, offset, limit, distinct, reduce)',
      );
    }
    return stages;
  }

  private parseStage(): Stage {
    const keyword = this.next();
    const span = this.span(keyword);
    switch (keyword.value) {
      case 'match':
        return { kind: 'match', patterns: this.parsePatterns(false), span };
      case 'insert':
      case 'put':
      case 'update':
        return { kind: keyword.value, statements: this.parsePatterns(true) as Statement[], span };
      case 'delete':
        return { kind: 'delete', deletions: this.parseDeletions(), span };
      case 'select': {
        const variables = this.parseVariableList();
        this.expectPunct(';', "expected ',' or ';'");
        return { kind: 'select', variables, span };
      }
      case 'sort': {
        const keys: Array<{ variable: string; order: 'asc' | 'desc' }> = [];
        do {
          const { name } = this.expectVariable();
          let order: 'asc' | 'desc' = 'asc';
          if (this.eatWord('desc')) order = 'desc';
          else this.eatWord('asc');
          keys.push({ variable: name, order });
        } while (this.eatPunct(',') && this.peek().kind === 'var');
        this.expectPunct(';', "expected ',', 'asc', 'desc' or ';'");
        return { kind: 'sort', keys, span };
      }
      case 'offset':
      case 'limit': {
        const count = this.parseCount('expected an integer');
        this.expectPunct(';');
        return { kind: keyword.value, count, span };
      }
      case 'distinct':
        this.expectPunct(';');
        return { kind: 'distinct', span };
      case 'reduce':
        return this.parseReduce(keyword);
      default:
        this.unsupported(keyword, `the ${keyword.value} operator`);
    }
  }

  private parseVariableList(): string[] {
    const variables: string[] = [];
    do {
      variables.push(this.expectVariable().name);
    } while (this.eatPunct(',') && this.peek().kind === 'var');
    return variables;
  }

  private parseReduce(keyword: Token): Stage {
    const assignments: ReduceAssignment[] = [];
    do {
      const { name, token } = this.expectVariable();
      this.expectPunct('=', "expected '='");
      const reducerToken = this.peek();
      if (reducerToken.kind !== 'ident' || !REDUCERS.has(reducerToken.value)) {
        this.fail(reducerToken, 'expected a reducer (count, sum, min, max, mean, median, std, list)');
      }
      this.next();
      const reducer = reducerToken.value as ReduceAssignment['reducer'];
      let argument: string | undefined;
      if (reducer === 'count') {
        if (this.eatPunct('(')) {
          argument = this.expectVariable().name;
          this.expectPunct(')', "expected ')'");
        }
      } else {
        this.expectPunct('(', `expected '(' after ${reducer}`);
        argument = this.expectVariable().name;
        this.expectPunct(')', "expected ')'");
      }
      assignments.push({ variable: name, reducer, argument, span: this.span(token) });
    } while (this.eatPunct(',') && this.peek().kind === 'var');
    const groupBy = this.eatWord('groupby') ? this.parseVariableList() : [];
    this.expectPunct(';', groupBy.length ? "expected ',' or ';'" : "expected ',', 'groupby' or ';'");
    return { kind: 'reduce', assignments, groupBy, span: this.span(keyword) };
  }

  // -------------------------------------------------------------------------------------------
  // patterns and statements
  // -------------------------------------------------------------------------------------------

  private isPatternStart(): boolean {
    const token = this.peek();
    switch (token.kind) {
      case 'var':
        return true;
      case 'punct':
        return (
          token.value === '(' ||
          token.value === '{' ||
          ((token.value === '-' || token.value === '+') && this.isNumberToken(this.peek(1)))
        );
      case 'ident':
        if (token.value === 'not' || token.value === 'try') return true;
        if (token.value === 'let') return this.peek(1).kind === 'var';
        if (token.value === 'true' || token.value === 'false' || KINDS.has(token.value)) return true;
        if (STREAM_OPERATORS.has(token.value)) return !this.isStreamOperatorAt(0);
        return !RESERVED.has(token.value);
      case 'eof':
      case 'annotation':
      case 'iid':
        return false;
      default:
        return true; // literals
    }
  }

  private isNumberToken(token: Token): boolean {
    return token.kind === 'integer' || token.kind === 'double' || token.kind === 'decimal';
  }

  /** `(pattern ;)+`; with `statementsOnly` (insert, put, update) nested patterns are refused. */
  private parsePatterns(statementsOnly: boolean): Pattern[] {
    const patterns: Pattern[] = [];
    do {
      if (!this.isPatternStart())
        this.fail(this.peek(), statementsOnly ? 'expected a statement' : 'expected a pattern');
      patterns.push(...this.parsePattern(statementsOnly));
      this.expectPunct(';', this.afterStatementExpectation(patterns[patterns.length - 1]));
    } while (this.isPatternStart());
    return patterns;
  }

  private afterStatementExpectation(pattern: Pattern | undefined): string {
    if (pattern && (pattern.kind === 'thing' || pattern.kind === 'type-statement')) return "expected ',' or ';'";
    return "expected ';'";
  }

  private parseBlock(statementsOnly: boolean): Pattern[] {
    const open = this.expectPunct('{', "expected '{'");
    this.enter(open);
    const patterns = this.parsePatterns(statementsOnly);
    this.expectPunct('}', "expected a pattern or '}'");
    this.leave();
    return patterns;
  }

  private parsePattern(statementsOnly: boolean): Pattern[] {
    const token = this.peek();
    const nested = this.isWord(token, 'not') || this.isWord(token, 'try') || this.isPunct(token, '{');
    if (nested && statementsOnly)
      this.fail(token, 'expected a statement (not, or, try and {...} are only allowed in match)');
    if (this.isWord(token, 'not') || this.isWord(token, 'try')) {
      this.next();
      const patterns = this.parseBlock(false);
      return [{ kind: token.value as 'not' | 'try', patterns, span: this.span(token) }];
    }
    if (this.isPunct(token, '{')) {
      const first = this.parseBlock(false);
      if (!this.isWord(this.peek(), 'or')) return first; // a plain conjunction: flattened
      const branches: Pattern[][] = [first];
      while (this.eatWord('or')) branches.push(this.parseBlock(false));
      return [{ kind: 'or', branches, span: this.span(token) }];
    }
    return this.parseStatement();
  }

  private parseStatement(): Statement[] {
    const token = this.peek();
    if (this.isWord(token, 'let')) return [this.parseLet()];
    if (token.kind === 'ident' && KINDS.has(token.value)) return this.parseKindStatement();
    if (token.kind === 'var') {
      const after = this.peek(this.isPunct(this.peek(1), ',') ? 2 : 1);
      if (after.kind === 'ident' && THING_CONSTRAINT_KEYWORDS.has(after.value)) {
        const { name } = this.expectVariable();
        this.eatPunct(',');
        return [{ kind: 'thing', variable: name, constraints: this.parseThingConstraints(), span: this.span(token) }];
      }
      if (after.kind === 'ident' && TYPE_CONSTRAINT_KEYWORDS.has(after.value)) {
        const { name } = this.expectVariable();
        this.eatPunct(',');
        const type: TypeRef = { kind: 'variable', variable: name, span: this.span(token) };
        return [{ kind: 'type-statement', type, constraints: this.parseTypeConstraints(), span: this.span(token) }];
      }
      if (this.isWord(after, 'is')) this.unsupported(after, 'the `is` statement');
      if (after === this.peek(1) && (this.isComparator(after) || this.isArithmetic(after)))
        return [this.parseComparison()];
      this.fail(
        after,
        'expected a constraint (isa, has, links, iid, sub, owns, plays, relates, label, value) or a comparison',
      );
    }
    if (this.isLabel(token)) {
      if (this.isPunct(this.peek(1), '(')) {
        // `friendship (friend: $a)`; a function call `f(...)` is not supported
        if (!this.isRelationAt(1)) this.unsupported(token, 'a function call');
        const type = this.parseTypeRef();
        return [this.parseAnonymousRelation(token, type)];
      }
      const type = this.parseTypeRef();
      this.eatPunct(',');
      return [{ kind: 'type-statement', type, constraints: this.parseTypeConstraints(), span: this.span(token) }];
    }
    if (this.isPunct(token, '(') && this.isRelationAt(0)) return [this.parseAnonymousRelation(token, undefined)];
    return [this.parseComparison()];
  }

  /** Whether the `(` at `ahead` opens a role-player list rather than a parenthesised expression. */
  private isRelationAt(ahead: number): boolean {
    const first = this.peek(ahead + 1);
    const second = this.peek(ahead + 2);
    if (first.kind === 'var') {
      if (this.isPunct(second, ':') || this.isPunct(second, ',')) return true;
      if (this.isPunct(second, ')')) {
        const third = this.peek(ahead + 3);
        return !(this.isComparator(third) || this.isArithmetic(third));
      }
      return false;
    }
    return this.isLabel(first) && this.isPunct(second, ':');
  }

  private parseAnonymousRelation(start: Token, type: TypeRef | undefined): ThingStatement {
    const constraints: ThingConstraint[] = [];
    if (type) constraints.push({ kind: 'isa', exact: false, type, value: undefined, span: type.span });
    constraints.push(this.parseRelation());
    const after = this.peek(this.isPunct(this.peek(), ',') ? 1 : 0);
    if (after.kind === 'ident' && THING_CONSTRAINT_KEYWORDS.has(after.value)) {
      this.eatPunct(',');
      constraints.push(...this.parseThingConstraints());
    }
    return { kind: 'thing', variable: this.freshVariable(), constraints, span: this.span(start) };
  }

  private parseKindStatement(): Statement[] {
    const keyword = this.next();
    const type = this.parseTypeRef('expected a type label or variable');
    const kindStatement: KindStatement = {
      kind: 'kind-statement',
      typeKind: keyword.value as TypeKind,
      type,
      span: this.span(keyword),
    };
    const after = this.peek(this.isPunct(this.peek(), ',') ? 1 : 0);
    if (after.kind === 'ident' && TYPE_CONSTRAINT_KEYWORDS.has(after.value)) {
      this.eatPunct(',');
      const typeStatement: TypeStatement = {
        kind: 'type-statement',
        type,
        constraints: this.parseTypeConstraints(),
        span: this.span(keyword),
      };
      return [kindStatement, typeStatement];
    }
    return [kindStatement];
  }

  private parseLet(): Statement {
    const keyword = this.next();
    const { name } = this.expectVariable();
    if (this.isPunct(this.peek(), ',')) this.unsupported(this.peek(), 'assigning several variables');
    if (this.isWord(this.peek(), 'in')) this.unsupported(this.peek(), '`let ... in`');
    this.expectPunct('=', "expected '='");
    const expression = this.parseExpression();
    return { kind: 'let', variable: name, expression, span: this.span(keyword) };
  }

  private parseComparison(): Statement {
    const start = this.peek();
    const left = this.parseExpression();
    const operatorToken = this.peek();
    if (!this.isComparator(operatorToken)) {
      this.fail(operatorToken, 'expected a comparison operator (==, !=, <, <=, >, >=, contains, like)');
    }
    this.next();
    const right = this.parseExpression();
    return {
      kind: 'comparison',
      left,
      operator: operatorToken.value as ComparisonOperator,
      right,
      span: this.span(start),
    };
  }

  private isComparator(token: Token): boolean {
    if (token.kind === 'punct') return COMPARATOR_PUNCT.has(token.value);
    return token.kind === 'ident' && (token.value === 'contains' || token.value === 'like');
  }

  private isArithmetic(token: Token): boolean {
    return token.kind === 'punct' && ARITHMETIC.has(token.value);
  }

  /** `person`, `friendship:friend` (as the label `friendship:friend`) or `$t`. */
  private parseTypeRef(expected = 'expected a type label or variable'): TypeRef {
    const token = this.peek();
    if (token.kind === 'var') return this.parseVariableRef();
    if (!this.isLabel(token)) this.fail(token, expected);
    const { label, scope } = this.parseLabelOrScoped(expected);
    return { kind: 'label', label: scope === undefined ? label : `${scope}:${label}`, span: this.span(token) };
  }

  private parseRoleRef(expected = 'expected a role label or variable'): RoleRef {
    const token = this.peek();
    if (token.kind === 'var') return this.parseVariableRef();
    if (!this.isLabel(token)) this.fail(token, expected);
    const { label, scope } = this.parseLabelOrScoped(expected);
    return { kind: 'label', label, scope, span: this.span(token) };
  }

  /** A type or role given by a variable (`$t`), where a label could also stand. */
  private parseVariableRef(): { kind: 'variable'; variable: string; span: Span } {
    const token = this.peek();
    const { name } = this.expectVariable();
    return { kind: 'variable', variable: name, span: this.span(token) };
  }

  // --- thing constraints ---------------------------------------------------------------------

  private parseThingConstraints(): ThingConstraint[] {
    const constraints: ThingConstraint[] = [];
    const first = this.peek();
    if (!(first.kind === 'ident' && THING_CONSTRAINT_KEYWORDS.has(first.value))) {
      this.fail(first, 'expected a constraint (isa, has, links, iid)');
    }
    constraints.push(...this.parseThingConstraint());
    while (this.isPunct(this.peek(), ',')) {
      const after = this.peek(1);
      if (!(after.kind === 'ident' && THING_CONSTRAINT_KEYWORDS.has(after.value))) {
        if (!this.isPunct(after, ';') && !this.isPunct(after, '}')) {
          this.next();
          this.fail(after, 'expected a constraint (isa, has, links, iid)');
        }
        this.next(); // trailing comma
        break;
      }
      this.next();
      constraints.push(...this.parseThingConstraint());
    }
    return constraints;
  }

  private parseThingConstraint(): ThingConstraint[] {
    const keyword = this.next();
    const span = this.span(keyword);
    switch (keyword.value) {
      case 'isa':
      case 'isa!': {
        const type = this.parseTypeRef();
        const exact = keyword.value === 'isa!';
        const after = this.peek();
        if (this.isPunct(after, '(')) {
          return [{ kind: 'isa', exact, type, value: undefined, span }, this.parseRelation()];
        }
        if (this.isLiteralStart()) {
          const value = this.parseValueLiteral('expected a value');
          if (this.isArithmetic(this.peek())) this.unsupported(this.peek(), 'an expression after isa');
          return [{ kind: 'isa', exact, type, value, span }];
        }
        if (this.isComparator(after) || after.kind === 'var')
          this.unsupported(after, 'a comparison or expression after isa');
        return [{ kind: 'isa', exact, type, value: undefined, span }];
      }
      case 'iid': {
        const token = this.peek();
        if (token.kind !== 'iid') this.fail(token, 'expected an iid (0x...)');
        this.next();
        return [{ kind: 'iid', iid: token.value.toLowerCase(), span }];
      }
      case 'has': {
        const { attributeType, value } = this.parseHasBody(false);
        return [{ kind: 'has', attributeType, value, span }];
      }
      default:
        return [this.parseRelation(keyword)];
    }
  }

  /** After `has`: `$a`, `$t $a`, `name $a`, `name "x"`, `name > 5`, `name $x + 1`. */
  private parseHasBody(inDelete: boolean): { attributeType: TypeRef | undefined; value: HasValue } {
    const token = this.peek();
    if (token.kind === 'var') {
      const after = this.peek(1);
      const valueFollows = inDelete ? !this.isWord(after, 'of') : this.isHasValueStart(1);
      if (!valueFollows) {
        const { name } = this.expectVariable();
        return { attributeType: undefined, value: { kind: 'variable', variable: name } };
      }
    }
    const attributeType = this.parseTypeRef('expected an attribute type label or variable');
    this.rejectListSuffix();
    return { attributeType, value: this.parseHasValue() };
  }

  /** Whether a `has` value (variable, literal, comparison, expression) starts `ahead` tokens from here. */
  private isHasValueStart(ahead: number): boolean {
    const token = this.peek(ahead);
    return (
      token.kind === 'var' ||
      this.isLiteralStart(ahead) ||
      this.isComparator(token) ||
      this.isPunct(token, '(') ||
      (token.kind === 'ident' && this.isPunct(this.peek(ahead + 1), '('))
    );
  }

  private parseHasValue(): HasValue {
    const token = this.peek();
    if (this.isComparator(token)) {
      this.next();
      return { kind: 'comparison', operator: token.value as ComparisonOperator, operand: this.parseExpression() };
    }
    if (!(token.kind === 'var' || this.isLiteralStart() || this.isPunct(token, '('))) {
      this.fail(token, 'expected a variable, a value or a comparison');
    }
    const expression = this.parseExpression();
    if (expression.kind === 'variable') return { kind: 'variable', variable: expression.variable };
    if (expression.kind === 'literal') return { kind: 'literal', literal: expression.literal };
    return { kind: 'comparison', operator: '==', operand: expression };
  }

  /** `(role: $x, $y, ...)`, optionally after `links`. */
  private parseRelation(keyword?: Token): ThingConstraint {
    const open = this.expectPunct('(', "expected '(' and role players");
    const players = this.parseRolePlayers();
    return { kind: 'links', players, span: this.span(keyword ?? open) };
  }

  private parseRolePlayers(): RolePlayer[] {
    const players: RolePlayer[] = [];
    do {
      if (this.isPunct(this.peek(), ')') && players.length > 0) break; // trailing comma
      const start = this.peek();
      let role: RoleRef | undefined;
      if (!(start.kind === 'var' && !this.isPunct(this.peek(1), ':'))) {
        role = this.parseRoleRef('expected a role player (role: $x or $x)');
        this.rejectListSuffix();
        this.expectPunct(':', "expected ':'");
      }
      const { name } = this.expectVariable('expected a role player variable');
      players.push({ role, player: name, span: this.span(start) });
    } while (this.eatPunct(','));
    this.expectPunct(')', "expected ',' or ')'");
    return players;
  }

  // --- type constraints ----------------------------------------------------------------------

  private parseTypeConstraints(): TypeConstraint[] {
    const constraints: TypeConstraint[] = [];
    const first = this.peek();
    if (!(first.kind === 'ident' && TYPE_CONSTRAINT_KEYWORDS.has(first.value))) {
      this.fail(first, 'expected a type constraint (sub, owns, plays, relates, label, value)');
    }
    constraints.push(this.parseTypeConstraint());
    while (this.isPunct(this.peek(), ',')) {
      const after = this.peek(1);
      if (!(after.kind === 'ident' && TYPE_CONSTRAINT_KEYWORDS.has(after.value))) {
        if (!this.isPunct(after, ';') && !this.isPunct(after, '}')) {
          this.next();
          this.fail(after, 'expected a type constraint (sub, owns, plays, relates, label, value)');
        }
        this.next();
        break;
      }
      this.next();
      constraints.push(this.parseTypeConstraint());
    }
    return constraints;
  }

  private parseTypeConstraint(): TypeConstraint {
    const keyword = this.next();
    const span = this.span(keyword);
    let constraint: TypeConstraint;
    switch (keyword.value) {
      case 'sub':
      case 'sub!':
        constraint = { kind: 'sub', exact: keyword.value === 'sub!', supertype: this.parseTypeRef(), span };
        break;
      case 'owns':
        constraint = {
          kind: 'owns',
          attribute: this.parseTypeRef('expected an attribute type label or variable'),
          span,
        };
        this.rejectListSuffix();
        break;
      case 'plays':
        constraint = { kind: 'plays', role: this.parseRoleRef(), span };
        break;
      case 'relates':
        constraint = { kind: 'relates', role: this.parseRoleRef(), span };
        this.rejectListSuffix();
        if (this.isWord(this.peek(), 'as')) this.unsupported(this.peek(), '`relates ... as ...` in a pattern');
        break;
      case 'label': {
        const { label, scope } = this.parseLabelOrScoped('expected a type label');
        constraint = { kind: 'label', label: scope === undefined ? label : `${scope}:${label}`, span };
        break;
      }
      default:
        constraint = { kind: 'value', valueType: this.parseValueType(), span };
    }
    if (this.peek().kind === 'annotation') this.unsupported(this.peek(), 'an annotation in a pattern');
    return constraint;
  }

  // -------------------------------------------------------------------------------------------
  // delete
  // -------------------------------------------------------------------------------------------

  private isDeletionStart(): boolean {
    const token = this.peek();
    return (
      token.kind === 'var' ||
      this.isPunct(token, '(') ||
      this.isWord(token, 'has') ||
      this.isWord(token, 'links') ||
      this.isWord(token, 'try')
    );
  }

  private parseDeletions(): Deletion[] {
    const deletions: Deletion[] = [];
    do {
      const token = this.peek();
      if (this.isWord(token, 'try')) this.unsupported(token, '`try` in delete');
      if (!this.isDeletionStart())
        this.fail(token, 'expected something to delete ($x, has $a of $x, links (...) of $x)');
      deletions.push(this.parseDeletion());
      this.expectPunct(';', "expected ';'");
    } while (this.isDeletionStart());
    return deletions;
  }

  private parseDeletion(): Deletion {
    const token = this.peek();
    const span = this.span(token);
    if (this.isWord(token, 'links') || this.isPunct(token, '(')) {
      this.eatWord('links');
      this.expectPunct('(', "expected '(' and role players");
      const players = this.parseRolePlayers();
      this.expectWord('of', "expected 'of'");
      return { kind: 'delete-links', players, relation: this.expectVariable().name, span };
    }
    if (this.eatWord('has')) {
      const { attributeType, value } = this.parseHasBody(true);
      this.expectWord('of', "expected 'of'");
      return { kind: 'delete-has', attribute: value, attributeType, owner: this.expectVariable().name, span };
    }
    const { name } = this.expectVariable();
    if (this.eatWord('of')) {
      const owner = this.expectVariable().name;
      return {
        kind: 'delete-has',
        attribute: { kind: 'variable', variable: name },
        attributeType: undefined,
        owner,
        span,
      };
    }
    return { kind: 'delete-thing', variable: name, span };
  }

  // -------------------------------------------------------------------------------------------
  // expressions and literals
  // -------------------------------------------------------------------------------------------

  /** Whether a value literal (a signed number included) starts `ahead` tokens from here. */
  private isLiteralStart(ahead = 0): boolean {
    const token = this.peek(ahead);
    if (LITERAL_KINDS.has(token.kind)) return true;
    if (token.kind === 'ident') return token.value === 'true' || token.value === 'false';
    return (this.isPunct(token, '-') || this.isPunct(token, '+')) && this.isNumberToken(this.peek(ahead + 1));
  }

  /** Operators by precedence (`^` right-associative), built without recursion on operator chains. */
  private parseExpression(): Expression {
    return this.parseExpressionWithDepth().expression;
  }

  /**
   * Operators by precedence (`^` right-associative), with an explicit operator stack so long
   * chains need no recursion; the resulting tree is at most MAX_NESTING deep.
   */
  private parseExpressionWithDepth(): { expression: Expression; depth: number } {
    const first = this.parsePrimary();
    const operands: Expression[] = [first.expression];
    const depths: number[] = [first.depth];
    const operators: Array<{ op: ArithmeticOperator; token: Token }> = [];
    const tooDeep = (token: Token): never =>
      this.fail(token, `the expression nests too deeply (more than ${MAX_NESTING} levels)`);
    const reduce = (): void => {
      const top = operators.pop() as { op: ArithmeticOperator; token: Token };
      const right = operands.pop() as Expression;
      const left = operands.pop() as Expression;
      const rightDepth = depths.pop() as number;
      const leftDepth = depths.pop() as number;
      const depth = Math.max(leftDepth, rightDepth) + 1;
      if (depth + this.depth > MAX_NESTING) tooDeep(top.token);
      depths.push(depth);
      operands.push({ kind: 'arithmetic', operator: top.op, left, right, span: left.span });
    };
    while (this.isArithmetic(this.peek())) {
      const token = this.next();
      const op = token.value as ArithmeticOperator;
      while (operators.length > 0) {
        const top = operators[operators.length - 1] as { op: ArithmeticOperator };
        const binds = PRECEDENCE[top.op] > PRECEDENCE[op] || (PRECEDENCE[top.op] === PRECEDENCE[op] && op !== '^');
        if (!binds) break;
        reduce();
      }
      operators.push({ op, token });
      if (operators.length + this.depth > MAX_NESTING) tooDeep(token);
      const operand = this.parsePrimary();
      operands.push(operand.expression);
      depths.push(operand.depth);
    }
    while (operators.length > 0) reduce();
    return { expression: operands[0] as Expression, depth: depths[0] as number };
  }

  private parsePrimary(): { expression: Expression; depth: number } {
    const token = this.peek();
    if (token.kind === 'var') {
      const { name } = this.expectVariable();
      if (this.isPunct(this.peek(), '[')) this.unsupported(this.peek(), 'list indexing');
      return { expression: { kind: 'variable', variable: name, span: this.span(token) }, depth: 1 };
    }
    if (this.isPunct(token, '(')) {
      this.next();
      this.enter(token);
      const inner = this.parseExpressionWithDepth();
      this.expectPunct(')', "expected an operator or ')'");
      this.leave();
      return inner;
    }
    if (this.isLiteralStart()) {
      const literal = this.parseValueLiteral('expected a value');
      return { expression: { kind: 'literal', literal, span: literal.span }, depth: 1 };
    }
    if (token.kind === 'ident' && this.isPunct(this.peek(1), '(')) this.unsupported(token, 'a function call');
    if (this.isPunct(token, '[')) this.unsupported(token, 'a list literal');
    this.fail(token, 'expected a variable, a value or a parenthesised expression');
  }

  private parseValueLiteral(expected: string): Literal {
    const first = this.peek();
    let sign = '';
    if ((this.isPunct(first, '-') || this.isPunct(first, '+')) && this.isNumberToken(this.peek(1))) {
      sign = first.value;
      this.next();
    }
    const token = this.peek();
    if (
      !(
        LITERAL_KINDS.has(token.kind) ||
        (token.kind === 'ident' && (token.value === 'true' || token.value === 'false'))
      )
    ) {
      this.fail(token, expected);
    }
    this.next();
    const text = this.text.slice(first.start, token.end);
    const span = this.span(first);
    const raw = token.value;
    switch (token.kind) {
      case 'ident':
        return { valueType: 'boolean', value: raw === 'true', text, span };
      case 'string':
        return { valueType: 'string', value: this.unescape(token), text, span };
      case 'integer': {
        const big = BigInt(raw);
        if (sign === '-' ? big > I64_MAX + 1n : big > I64_MAX) this.fail(token, 'integer literal is out of range');
        const value = Number(raw);
        return { valueType: 'integer', value: sign === '-' ? (value === 0 ? 0 : -value) : value, text, span };
      }
      case 'double': {
        const value = Number(raw);
        if (!Number.isFinite(value)) this.fail(token, 'double literal is out of range');
        return { valueType: 'double', value: sign === '-' ? -value : value, text, span };
      }
      case 'decimal':
        return { valueType: 'decimal', value: `${sign === '-' ? '-' : ''}${raw.slice(0, -3)}`, text, span };
      case 'date':
        this.checkDate(token, raw);
        return { valueType: 'date', value: raw, text, span };
      case 'datetime':
        return { valueType: 'datetime', value: this.canonicalDatetime(token, raw), text, span };
      case 'datetime-tz':
        return { valueType: 'datetime-tz', value: this.canonicalDatetimeTz(token, raw), text, span };
      default:
        return { valueType: 'duration', value: raw, text, span };
    }
  }

  private checkDate(token: Token, date: string): void {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const day = Number(date.slice(8, 10));
    const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const max = month === 2 ? (leap ? 29 : 28) : daysInMonth;
    if (day < 1 || day > max) this.fail(token, `invalid date: ${date}`);
  }

  /** `YYYY-MM-DDTHH:MM[:SS[.f]]` -> `YYYY-MM-DDTHH:MM:SS[.f]`, validated. */
  private canonicalDatetime(token: Token, text: string): string {
    this.checkDate(token, text.slice(0, 10));
    const time = text.slice(11);
    const [hh, mm, ss = '00'] = time.split(':');
    if (Number(hh) > 23 || Number(ss.slice(0, 2)) > 59) this.fail(token, `invalid time: ${time}`);
    return `${text.slice(0, 10)}T${hh}:${mm}:${ss}`;
  }

  /** Datetime plus `Z`, `±HH:MM` (from `±HH`, `±HHMM` or `±HH:MM`) or ` Area/City`. */
  private canonicalDatetimeTz(token: Token, text: string): string {
    const space = text.indexOf(' ');
    if (space >= 0) return `${this.canonicalDatetime(token, text.slice(0, space))}${text.slice(space)}`;
    if (text.endsWith('Z')) return `${this.canonicalDatetime(token, text.slice(0, -1))}Z`;
    const at = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
    const offset = text.slice(at).replace(':', '');
    const hours = offset.slice(1, 3);
    const minutes = offset.slice(3) || '00';
    if (Number(hours) > 23) this.fail(token, `invalid time zone offset: ${text.slice(at)}`);
    return `${this.canonicalDatetime(token, text.slice(0, at))}${offset[0]}${hours}:${minutes}`;
  }

  /** TypeDB's string escapes: \b \t \n \f \r \" \' \\ \uXXXX \u{X...}. */
  private unescape(token: Token): string {
    const raw = token.value.slice(1, -1);
    if (!raw.includes('\\')) return raw;
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i] as string;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = raw[i + 1];
      const simple: Record<string, string> = {
        b: '\b',
        t: '\t',
        n: '\n',
        f: '\f',
        r: '\r',
        '"': '"',
        "'": "'",
        '\\': '\\',
      };
      if (e !== undefined && e in simple) {
        out += simple[e];
        i++;
        continue;
      }
      if (e === 'u') {
        const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(raw.slice(i + 2, i + 10));
        const plain = /^[0-9a-fA-F]{4}/.exec(raw.slice(i + 2, i + 6));
        const hex = braced ? braced[1] : plain ? plain[0] : undefined;
        const code = hex === undefined ? Number.NaN : Number.parseInt(hex, 16);
        if (hex !== undefined && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
          out += String.fromCodePoint(code);
          i += 1 + (braced ? (braced[0] as string).length : 4);
          continue;
        }
      }
      this.fail(token, `invalid escape sequence ${JSON.stringify(raw.slice(i, i + 2))} in a string literal`);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // fetch
  // -------------------------------------------------------------------------------------------

  private parseFetchObject(): FetchObject {
    const open = this.expectPunct('{', "expected '{'");
    this.enter(open);
    const span = this.span(open);
    let result: FetchObject;
    const first = this.peek();
    if (first.kind === 'var' && this.isPunct(this.peek(1), '.') && this.isPunct(this.peek(2), '*')) {
      const { name } = this.expectNamedVariable();
      this.next();
      this.next();
      result = { kind: 'all-attributes', variable: name, span };
    } else {
      const entries: Array<{ key: string; value: FetchValue; span: Span }> = [];
      do {
        if (this.isPunct(this.peek(), '}') && entries.length > 0) break; // trailing comma
        const keyToken = this.peek();
        if (keyToken.kind !== 'string')
          this.fail(keyToken, entries.length === 0 ? 'expected a quoted key or $var.*' : 'expected a quoted key');
        this.next();
        const key = this.unescape(keyToken);
        this.expectPunct(':', "expected ':'");
        entries.push({ key, value: this.parseFetchValue(), span: this.span(keyToken) });
      } while (this.eatPunct(','));
      result = { kind: 'object', entries, span };
    }
    this.expectPunct('}', "expected ',' or '}'");
    this.leave();
    return result;
  }

  private parseFetchValue(): FetchValue {
    const token = this.peek();
    const span = this.span(token);
    if (this.isPunct(token, '{')) return this.parseFetchObject();
    if (this.isPunct(token, '[')) {
      this.next();
      this.enter(token);
      let value: FetchValue;
      if (this.isStageStart(this.peek())) {
        value = { kind: 'subquery-list', stages: this.parsePipeline(), span };
      } else {
        const { name, attribute } = this.parseFetchAttribute('expected $var.attribute or a sub-query (match ...)');
        value = { kind: 'attribute-list', variable: name, attribute, span };
      }
      this.expectPunct(']', this.closingExpectation(value, ']'));
      this.leave();
      return value;
    }
    if (this.isPunct(token, '(')) {
      this.next();
      this.enter(token);
      let value: FetchValue;
      if (this.isStageStart(this.peek())) {
        value = { kind: 'subquery-single', stages: this.parsePipeline(), span };
      } else {
        value = this.parseFetchSingle();
      }
      this.expectPunct(')', this.closingExpectation(value, ')'));
      this.leave();
      return value;
    }
    return this.parseFetchSingle();
  }

  private closingExpectation(value: FetchValue, close: string): string {
    if (value.kind !== 'subquery-list' && value.kind !== 'subquery-single') return `expected '${close}'`;
    const last = value.stages[value.stages.length - 1];
    return last?.kind === 'fetch'
      ? `expected '${close}'`
      : `${this.stageExpectation(last).replace(/ or the end of the query$/, '')} or '${close}'`;
  }

  private parseFetchSingle(): FetchValue {
    const token = this.peek();
    const span = this.span(token);
    let value: FetchValue;
    if (token.kind === 'var') {
      if (this.isPunct(this.peek(1), '.')) {
        const { name, attribute } = this.parseFetchAttribute('expected $var.attribute');
        value = { kind: 'attribute', variable: name, attribute, span };
      } else {
        const { name } = this.expectNamedVariable();
        value = { kind: 'variable', variable: name, span };
      }
    } else if (this.isLiteralStart()) {
      value = { kind: 'literal', literal: this.parseValueLiteral('expected a value'), span };
    } else {
      if (token.kind === 'ident' && this.isPunct(this.peek(1), '('))
        this.unsupported(token, 'a function call in fetch');
      this.fail(token, 'expected a fetch value ($var, $var.attribute, [ ... ], { ... }, ( ... ) or a value)');
    }
    const after = this.peek();
    if (this.isArithmetic(after)) this.unsupported(after, 'an expression in fetch');
    return value;
  }

  private parseFetchAttribute(expected: string): { name: string; attribute: string } {
    const { name } = this.expectNamedVariable(expected);
    this.expectPunct('.', "expected '.'");
    const { label } = this.expectLabel('expected an attribute type label');
    this.rejectListSuffix();
    return { name, attribute: label };
  }
}

/** TypeDB's regex unescaping: only `\"` becomes `"`; other backslashes stay. */
function unescapeRegex(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\"/g, '"');
}
