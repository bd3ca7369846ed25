import { type JsonSchema, type SchemaDocument, SchemaValidators } from '@dbwire/server-stubs';
import fc from 'fast-check';
import { resolveSchema, type SchemaObject, schemaTypes } from './resolve.js';

export interface ValidValueOptions {
  /**
   * Extra candidates for object properties, by property name, offered next to the generated values
   * (e.g. the name of a database that exists, so requests reach more than the not-found path).
   * Candidates that do not validate are dropped like any other value.
   */
  propertyHints?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /**
   * Values that *replace* the generated ones for object properties, by property name: for values a
   * generator must not make up (a generated namespace id could be somebody else's namespace).
   * Values that do not validate are dropped.
   */
  propertyOverrides?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

/** Nesting below which arrays stay empty and objects keep only their required properties. */
const MAX_DEPTH = 4;
const INT32_MAX = 2 ** 31 - 1;

/** Mostly printable ASCII, sometimes any Unicode grapheme (never a lone surrogate, so URLs can encode it). */
const character: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/**
 * fast-check arbitraries from the JSON Schemas of an API's route table: the subset of JSON Schema
 * 2020-12 the dbwire specs use (object with properties/required/additionalProperties, array,
 * string with minLength/maxLength/format/pattern, integer and number with bounds, boolean, null,
 * enum, const, type arrays, `$ref` into `$defs`, oneOf/anyOf, allOf of objects).
 *
 * Every value is checked against the schema with ajv before it is handed out, so overlapping oneOf
 * branches, patterns the generator only approximates and wrong hints can never produce an invalid
 * "valid" value.
 */
export class SchemaArbitraries {
  readonly validators: SchemaValidators;

  constructor(
    readonly document: SchemaDocument,
    validators?: SchemaValidators,
  ) {
    this.validators = validators ?? new SchemaValidators(document);
  }

  resolve(schema: JsonSchema): JsonSchema {
    return resolveSchema(this.document, schema);
  }

  /** Values that validate against `schema`. */
  valid(schema: JsonSchema, options: ValidValueOptions = {}): fc.Arbitrary<unknown> {
    const validate = this.validators.body(schema);
    return this.build(schema, options, 0).filter((value) => validate(value).length === 0);
  }

  private build(schema: JsonSchema, options: ValidValueOptions, depth: number): fc.Arbitrary<unknown> {
    const resolved = this.resolve(schema);
    if (resolved === true) return fc.jsonValue({ maxDepth: 1 });
    if (resolved === false) throw new Error('No value satisfies the schema `false`.');
    if ('const' in resolved) return fc.constant(resolved.const);
    if (Array.isArray(resolved.enum)) return fc.constantFrom(...(resolved.enum as unknown[]));
    const branches = (resolved.oneOf ?? resolved.anyOf) as JsonSchema[] | undefined;
    if (Array.isArray(branches) && branches.length > 0) {
      // Deep down, a branch is built only once it is picked: a recursive schema (Iceberg's field
      // `Type`, a list of a map of a struct ...) would otherwise be built without end.
      const branch = (each: JsonSchema) =>
        depth >= MAX_DEPTH
          ? fc.constant(null).chain(() => this.build(each, options, depth))
          : this.build(each, options, depth);
      return fc.oneof(...branches.map(branch));
    }
    if (Array.isArray(resolved.allOf)) return this.build(this.mergeAllOf(resolved), options, depth);
    let types = schemaTypes(resolved);
    if (types.length === 0) {
      if (resolved.properties !== undefined || resolved.required !== undefined) types = ['object'];
      else if (resolved.items !== undefined) types = ['array'];
      else return fc.jsonValue({ maxDepth: 1 });
    }
    const arbitraries = types.map((type) => this.buildType(type, resolved, options, depth));
    return arbitraries.length === 1 ? (arbitraries[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbitraries);
  }

  private buildType(type: string, schema: SchemaObject, options: ValidValueOptions, depth: number) {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return integerArbitrary(schema);
      case 'number':
        return fc.oneof(integerArbitrary(schema), doubleArbitrary(schema));
      case 'string':
        return stringArbitrary(schema);
      case 'array':
        return this.arrayArbitrary(schema, options, depth);
      case 'object':
        return this.objectArbitrary(schema, options, depth);
      default:
        throw new Error(`Unsupported schema type '${type}'.`);
    }
  }

  private arrayArbitrary(schema: SchemaObject, options: ValidValueOptions, depth: number): fc.Arbitrary<unknown> {
    const minLength = numberKeyword(schema, 'minItems') ?? 0;
    const maxLength =
      depth >= MAX_DEPTH ? minLength : Math.max(minLength, Math.min(numberKeyword(schema, 'maxItems') ?? 3, 3));
    if (maxLength === 0) return fc.constant([]);
    const items = (schema.items ?? true) as JsonSchema;
    return fc.array(this.build(items, options, depth + 1), { minLength, maxLength });
  }

  private objectArbitrary(schema: SchemaObject, options: ValidValueOptions, depth: number): fc.Arbitrary<unknown> {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (depth >= MAX_DEPTH && !required.has(name)) continue;
      const override = options.propertyOverrides?.[name];
      if (override) {
        model[name] = override;
        continue;
      }
      const generated = this.build(propertySchema, options, depth + 1);
      const hint = options.propertyHints?.[name];
      model[name] = hint ? fc.oneof({ weight: 2, arbitrary: hint }, { weight: 1, arbitrary: generated }) : generated;
    }
    // Required properties the schema does not describe: anything will do.
    for (const name of required) model[name] ??= fc.jsonValue({ maxDepth: 1 });
    const record = fc.record(model, { requiredKeys: [...required].filter((name) => name in model) });
    const additional = schema.additionalProperties;
    if (typeof additional !== 'object' || additional === null || depth >= MAX_DEPTH) return record;
    const extraKey = fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !(key in properties));
    const extras = fc.dictionary(extraKey, this.build(additional as JsonSchema, options, depth + 1), { maxKeys: 2 });
    return fc.tuple(record, extras).map(([known, extra]) => ({ ...extra, ...known }));
  }

  /** allOf of object schemas, merged into one (the only use the specs could make of it). */
  private mergeAllOf(schema: SchemaObject): SchemaObject {
    const { allOf, ...rest } = schema;
    let merged: Record<string, unknown> = { ...rest };
    for (const part of allOf as JsonSchema[]) {
      const resolved = this.resolve(part);
      if (typeof resolved === 'boolean') continue;
      merged = {
        ...merged,
        ...resolved,
        properties: { ...(merged.properties as object), ...(resolved.properties as object) },
        required: [...((merged.required as string[]) ?? []), ...((resolved.required as string[]) ?? [])],
      };
    }
    return merged;
  }
}

function numberKeyword(schema: SchemaObject, keyword: string): number | undefined {
  const value = schema[keyword];
  return typeof value === 'number' ? value : undefined;
}

function integerArbitrary(schema: SchemaObject): fc.Arbitrary<number> {
  const exclusiveMinimum = numberKeyword(schema, 'exclusiveMinimum');
  const exclusiveMaximum = numberKeyword(schema, 'exclusiveMaximum');
  const min = Math.ceil(
    numberKeyword(schema, 'minimum') ?? (exclusiveMinimum === undefined ? -INT32_MAX : exclusiveMinimum + 1),
  );
  const max = Math.floor(
    numberKeyword(schema, 'maximum') ?? (exclusiveMaximum === undefined ? INT32_MAX : exclusiveMaximum - 1),
  );
  return fc.integer({ min, max: Math.max(min, max) });
}

function doubleArbitrary(schema: SchemaObject): fc.Arbitrary<number> {
  const min = numberKeyword(schema, 'minimum') ?? numberKeyword(schema, 'exclusiveMinimum') ?? -1e9;
  const max = numberKeyword(schema, 'maximum') ?? numberKeyword(schema, 'exclusiveMaximum') ?? 1e9;
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function stringArbitrary(schema: SchemaObject): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
    case 'date':
      return fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  if (typeof schema.pattern === 'string') {
    const pattern = simplePattern(schema.pattern);
    if (pattern) return fc.stringMatching(pattern);
  }
  const minLength = numberKeyword(schema, 'minLength') ?? 0;
  const maxLength = Math.max(minLength, numberKeyword(schema, 'maxLength') ?? minLength + 16);
  return fc.string({ unit: character, minLength, maxLength });
}

/**
 * The pattern as a RegExp when fast-check can generate from it (no lookarounds or backreferences);
 * otherwise plain strings are generated and the schema check keeps the matching ones.
 */
function simplePattern(pattern: string): RegExp | undefined {
  if (/\(\?[=!<]|\\[1-9]|\\k</.test(pattern)) return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}
