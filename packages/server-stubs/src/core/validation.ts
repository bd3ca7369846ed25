import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import type { JsonSchema, SchemaDocument } from './route.js';

// ajv-formats is CommonJS: its plugin is the module's default export, wrapped once more in some loaders.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const formatsDefault = (ajvFormats as unknown as { default: FormatsPlugin | { default: FormatsPlugin } }).default;
const addFormats: FormatsPlugin = typeof formatsDefault === 'function' ? formatsDefault : formatsDefault.default;

export interface ValidationIssue {
  /** JSON pointer into the validated value (`/transactionOptions/transactionTimeoutMillis`). */
  pointer: string;
  message: string;
  /** The JSON Schema keyword that failed (`required`, `minLength`, ...), for error shapes that name it. */
  keyword?: string;
  /** The keyword's parameters (`{ limit: 3 }`, `{ missingProperty: 'name' }`). */
  params?: Record<string, unknown>;
  /** The value that failed (for `required`, the object missing the member). */
  value?: unknown;
}

export type Validator = (value: unknown) => ValidationIssue[];

/**
 * Compiles and caches validators for one API's schemas. Two ajv instances: parameters arrive as
 * strings and are coerced to their declared types; bodies are checked as sent.
 */
export class SchemaValidators {
  private readonly bodies: Ajv2020;
  private readonly parameters: Ajv2020;
  private readonly cache = new WeakMap<object, Validator>();

  /** `allErrors`: report every failure of a value, not only the first (slower on invalid input). */
  constructor(document: SchemaDocument, options: { allErrors?: boolean } = {}) {
    this.bodies = createAjv(document, false, options.allErrors ?? false);
    this.parameters = createAjv(document, 'array', options.allErrors ?? false);
  }

  body(schema: JsonSchema): Validator {
    return this.compile(this.bodies, schema);
  }

  parameter(schema: JsonSchema): Validator {
    return this.compile(this.parameters, schema);
  }

  private compile(ajv: Ajv2020, schema: JsonSchema): Validator {
    if (typeof schema === 'boolean') return schema ? () => [] : () => [{ pointer: '', message: 'is not allowed' }];
    const cached = this.cache.get(schema);
    if (cached) return cached;
    const validate: ValidateFunction = ajv.compile(schema);
    const validator: Validator = (value) => (validate(value) ? [] : toIssues(validate.errors ?? []));
    this.cache.set(schema, validator);
    return validator;
  }
}

function createAjv(document: SchemaDocument, coerceTypes: false | 'array', allErrors: boolean): Ajv2020 {
  // `verbose` puts the failing value on each error, for error shapes that echo it (FastAPI's `input`).
  const ajv = new Ajv2020({ allErrors, strict: false, coerceTypes, useDefaults: false, verbose: true });
  addFormats(ajv);
  // OpenAPI's `password` format is a UI hint, not a constraint.
  ajv.addFormat('password', true);
  ajv.addSchema(document as object);
  return ajv;
}

function toIssues(errors: ErrorObject[]): ValidationIssue[] {
  return errors.map((error) => {
    const field =
      error.keyword === 'required'
        ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`
        : error.instancePath;
    return {
      pointer: field,
      message: error.message ?? 'is invalid',
      keyword: error.keyword,
      params: error.params as Record<string, unknown>,
      value: error.data,
    };
  });
}

/** `"/a/b": must be string` style text for error messages. */
export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((issue) => `${issue.pointer || '(root)'} ${issue.message}`).join('; ');
}
