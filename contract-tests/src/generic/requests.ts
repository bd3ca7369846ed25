import type { JsonSchema, RouteDefinition } from '@dbwire/server-stubs';
import fc from 'fast-check';
import type { SchemaArbitraries } from '../schema/arbitraries.js';
import { mutations } from '../schema/mutations.js';
import { type SchemaObject, schemaTypes } from '../schema/resolve.js';
import { isJsonMediaType } from './checks.js';
import type { BodySpec, FilePart, PathValue, RequestCase } from './http.js';

/** What an API profile knows about good values for one operation's requests. */
export interface OperationHints {
  /** Candidates per path parameter, offered next to generated values (names of real resources, fresh ones). */
  path?: Readonly<Record<string, fc.Arbitrary<PathValue>>>;
  /**
   * Path parameters for the requests negative and auth cases are made from, replacing `path`:
   * values with which the request succeeds when its data and credentials are good (a name nobody
   * has for a create, a resource made for the purpose for a delete), so that a refusal can only be
   * for the broken data or the bad credentials.
   */
  basePath?: Readonly<Record<string, fc.Arbitrary<PathValue>>>;
  /**
   * Path parameters that take these values only, in every request (no generated values mixed in):
   * for identifiers a generator could make up as somebody else's resource (integers, say).
   */
  pathOnly?: Readonly<Record<string, fc.Arbitrary<PathValue>>>;
  /** Candidates per body property name, wherever it occurs in the body. */
  properties?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Body properties that take these values only, wherever they occur (see `pathOnly`). */
  propertiesOnly?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Whole-body candidates (working sign-in credentials, say); dropped when they do not validate. */
  body?: fc.Arbitrary<unknown>;
  /**
   * The bodies of valid requests, replacing generated ones entirely (JSON or not): for bodies a
   * generator cannot make (a WebAssembly module's bytes) or must not make (names that could be
   * somebody else's on a shared server). Negative cases still mutate generated JSON bodies.
   */
  bodyOnly?: fc.Arbitrary<BodySpec>;
  /**
   * Candidates per query parameter, offered next to generated values (as sent: strings): values
   * only a server hands out (a lock id, a download URL's signature).
   */
  query?: Readonly<Record<string, fc.Arbitrary<string>>>;
  /**
   * Query parameters that take these values only, in every request (`undefined` leaves the
   * parameter out): for values that would keep an answer open (a log stream's `follow=true`).
   */
  queryOnly?: Readonly<Record<string, fc.Arbitrary<string | undefined>>>;
}

/** Parameter values tried when a parameter is made invalid (kept only when the schema rejects them). */
const PARAMETER_REPLACEMENTS = ['not-a-uuid', 'not-a-valid-value', '-1', '0.5', 'true', ''];

/**
 * Turns an operation of the route table into requests: valid ones (positive), ones that break the
 * schema in exactly one way (negative) and valid ones with bad credentials (auth).
 */
export class RequestGenerator {
  constructor(readonly arbitraries: SchemaArbitraries) {}

  /** Requests the schemas allow, mixing in the profile's hints. */
  positive(
    route: RouteDefinition,
    hints: OperationHints = {},
    /** Path parameters that take these values only (no generated ones mixed in). */
    fixedPath: OperationHints['basePath'] = {},
  ): fc.Arbitrary<RequestCase> {
    return fc
      .record({
        path: this.pathArbitrary(route, hints, fixedPath),
        query: this.queryArbitrary(route, hints),
        body: this.bodyArbitrary(route, hints),
      })
      .map(({ path, query, body }) => ({
        kind: 'positive' as const,
        label: 'a valid request',
        path,
        query,
        body,
        auth: route.security.length > 0 ? { kind: 'token' as const } : { kind: 'none' as const },
      }));
  }

  positiveCases(route: RouteDefinition, hints: OperationHints, seed: number, runs: number): RequestCase[] {
    return fc.sample(this.positive(route, hints, hints.pathOnly), { seed, numRuns: runs });
  }

  /**
   * Valid requests to derive negative and auth cases from: like the positive ones, but with the
   * profile's `basePath` values (with which a valid request succeeds).
   */
  baseCases(route: RouteDefinition, hints: OperationHints, seed: number, runs: number): RequestCase[] {
    const fixed = { ...hints.pathOnly, ...hints.basePath };
    return fc.sample(this.positive(route, hints, fixed), { seed, numRuns: Math.max(1, runs) });
  }

  /**
   * Requests that break the schema in one way each: every invalid value for a constrained
   * parameter, `runs` sampled one-step mutations of valid bodies, and (for JSON bodies) malformed
   * JSON, a wrong and a missing Content-Type and, when the body is required, no body at all.
   */
  negativeCases(route: RouteDefinition, hints: OperationHints, seed: number, runs: number): RequestCase[] {
    const bases = this.baseCases(route, hints, seed, runs);
    const baseAt = (index: number) => bases[index % bases.length] as RequestCase;
    const negative = (base: RequestCase, label: string, change: Partial<RequestCase>): RequestCase => ({
      ...base,
      ...change,
      kind: 'negative',
      label,
    });
    const cases: RequestCase[] = [];

    for (const location of ['path', 'query'] as const) {
      for (const { name, value, reason } of this.invalidParameters(route, location)) {
        const base = baseAt(cases.length);
        const label = `${location} parameter ${name} = ${JSON.stringify(value)} (${reason})`;
        cases.push(negative(base, label, { [location]: { ...base[location], [name]: value } }));
      }
    }

    const json = this.jsonBody(route);
    if (json !== undefined) {
      const { mediaType, schema } = json;
      const validBody = this.arbitraries.valid(schema, {
        propertyHints: hints.properties,
        propertyOverrides: hints.propertiesOnly,
      });
      const seen = new Set<string>();
      const samples = fc.sample(fc.tuple(validBody, fc.nat()), { seed: seed ^ 0x5bd1e995, numRuns: runs });
      samples.forEach(([value, pick], index) => {
        const options = mutations(this.arbitraries, schema, value);
        const mutation = options[pick % Math.max(1, options.length)];
        if (mutation === undefined) return;
        const key = JSON.stringify(mutation.value);
        if (seen.has(key)) return;
        seen.add(key);
        cases.push(
          negative(baseAt(index), mutation.description, {
            body: { kind: 'json', value: mutation.value, contentType: mediaType },
          }),
        );
      });
      const validText = JSON.stringify(fc.sample(validBody, { seed, numRuns: 1 })[0]);
      const raw = (text: string, contentType: string | undefined): BodySpec => ({ kind: 'raw', text, contentType });
      cases.push(
        negative(baseAt(cases.length), 'a malformed JSON body', { body: raw(validText.slice(0, -1), mediaType) }),
        negative(baseAt(cases.length + 1), 'a JSON body sent as text/plain', { body: raw(validText, 'text/plain') }),
        negative(baseAt(cases.length + 2), 'a JSON body without Content-Type', { body: raw(validText, undefined) }),
      );
      if (route.requestBody?.required) {
        cases.push(negative(baseAt(cases.length), 'no body (the body is required)', { body: { kind: 'none' } }));
      }
    }
    return cases;
  }

  /**
   * The same valid request with bad credentials: none, a garbage bearer token, a JWT with a forged
   * signature, an unsigned JWT (`alg: none`) and Basic instead of Bearer.
   */
  /**
   * Requests with missing or bad credentials. Where credentials are optional (`authOptional`), a
   * request without any is a valid anonymous one, so only bad credentials are tried.
   */
  authCases(base: RequestCase, username: string, optional = false): RequestCase[] {
    const now = Math.floor(Date.now() / 1000);
    const claims = base64url(JSON.stringify({ sub: username, iat: now, exp: now + 3600 }));
    const forged = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${claims}.${base64url('forged-signature-0123456789abcdef')}`;
    const unsigned = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${claims}.`;
    const variants: Array<[label: string, header: string | undefined]> = [
      ['no Authorization header', undefined],
      ['a garbage bearer token', 'Bearer not-a-token'],
      [`a JWT for '${username}' with a forged signature`, `Bearer ${forged}`],
      [`an unsigned JWT (alg none) for '${username}'`, `Bearer ${unsigned}`],
      [
        'Basic credentials instead of a bearer token',
        `Basic ${Buffer.from(`${username}:not-the-password`).toString('base64')}`,
      ],
    ];
    return variants
      .filter(([, header]) => !(optional && header === undefined))
      .map(([label, header]) => ({
        ...base,
        kind: 'auth',
        label,
        auth: header === undefined ? { kind: 'none' } : { kind: 'header', value: header },
      }));
  }

  /** Whether the operation takes anything that can be made invalid (else negative_data_rejection does not apply). */
  hasInvalidInputs(route: RouteDefinition): boolean {
    return (
      this.jsonBody(route) !== undefined ||
      this.invalidParameters(route, 'path').length > 0 ||
      this.invalidParameters(route, 'query').length > 0
    );
  }

  /** The JSON media type and schema of the request body, if the operation takes a JSON body. */
  jsonBody(route: RouteDefinition): { mediaType: string; schema: JsonSchema } | undefined {
    const content = route.requestBody?.content ?? {};
    const mediaType = Object.keys(content).find(isJsonMediaType);
    return mediaType === undefined ? undefined : { mediaType, schema: content[mediaType] as JsonSchema };
  }

  private parameterProperties(route: RouteDefinition, location: 'path' | 'query') {
    const schema = route.parameters[location];
    if (schema === undefined) return { properties: {} as Record<string, JsonSchema>, required: new Set<string>() };
    const resolved = this.arbitraries.resolve(schema) as SchemaObject;
    return {
      properties: (resolved.properties ?? {}) as Record<string, JsonSchema>,
      required: new Set((resolved.required ?? []) as string[]),
    };
  }

  /** For each parameter, the replacement values its schema rejects (as parameters: strings, coerced). */
  private invalidParameters(route: RouteDefinition, location: 'path' | 'query') {
    const { properties } = this.parameterProperties(route, location);
    const found: Array<{ name: string; value: string; reason: string }> = [];
    for (const [name, schema] of Object.entries(properties)) {
      const validate = this.arbitraries.validators.parameter(schema);
      for (const value of PARAMETER_REPLACEMENTS) {
        // An empty path segment would address another route, not an invalid value of this one.
        if (location === 'path' && value === '') continue;
        const issue = validate(value)[0];
        if (issue) found.push({ name, value, reason: issue.message });
      }
    }
    return found;
  }

  private pathArbitrary(
    route: RouteDefinition,
    hints: OperationHints,
    fixedPath: NonNullable<OperationHints['basePath']>,
  ): fc.Arbitrary<Record<string, PathValue>> {
    const { properties } = this.parameterProperties(route, 'path');
    const model: Record<string, fc.Arbitrary<PathValue>> = {};
    for (const [name, schema] of Object.entries(properties)) {
      const fixed = fixedPath[name];
      if (fixed) {
        model[name] = fixed;
        continue;
      }
      // Path segments must be non-empty and must not be dot segments, or the URL names another resource.
      const generated = this.arbitraries
        .valid(schema)
        .map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
        .filter((value) => value !== '' && value !== '.' && value !== '..');
      const hint = hints.path?.[name];
      model[name] = hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: generated }) : generated;
    }
    return fc.record(model);
  }

  private queryArbitrary(route: RouteDefinition, hints: OperationHints): fc.Arbitrary<Record<string, string>> {
    const schema = route.parameters.query;
    if (schema === undefined) return fc.constant({});
    const generated = this.arbitraries.valid(schema).map((values) => {
      const query: Record<string, string> = {};
      for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
        if (value === undefined || Array.isArray(value)) continue;
        query[name] = typeof value === 'string' ? value : JSON.stringify(value);
      }
      return query;
    });
    const fixed = Object.entries(hints.queryOnly ?? {});
    const hinted = Object.entries(hints.query ?? {});
    if (hinted.length === 0 && fixed.length === 0) return generated;
    // Each hinted parameter takes its hint three times in four, a generated value otherwise.
    const picks = fc.record(
      Object.fromEntries(hinted.map(([name, hint]) => [name, fc.option(hint, { freq: 4, nil: undefined })])),
    );
    const only = fc.record(Object.fromEntries(fixed));
    return fc.tuple(generated, picks, only).map(([query, chosen, forced]) => {
      const merged = { ...query };
      for (const [name, value] of Object.entries(chosen)) if (value !== undefined) merged[name] = value;
      for (const [name, value] of Object.entries(forced)) {
        if (value === undefined) delete merged[name];
        else merged[name] = value;
      }
      return merged;
    });
  }

  private bodyArbitrary(route: RouteDefinition, hints: OperationHints): fc.Arbitrary<BodySpec> {
    const declared = route.requestBody;
    if (declared === null) return fc.constant({ kind: 'none' });
    if (hints.bodyOnly) return hints.bodyOnly;
    let body: fc.Arbitrary<BodySpec>;
    const json = this.jsonBody(route);
    if (json !== undefined) {
      const validate = this.arbitraries.validators.body(json.schema);
      let value = this.arbitraries.valid(json.schema, {
        propertyHints: hints.properties,
        propertyOverrides: hints.propertiesOnly,
      });
      const hint = hints.body;
      // A hint that does not validate falls back to a generated value (filtering could spin forever).
      if (hint)
        value = fc.oneof(
          fc.tuple(hint, value).map(([h, v]) => (validate(h).length === 0 ? h : v)),
          value,
        );
      body = value.map((v): BodySpec => ({ kind: 'json', value: v, contentType: json.mediaType }));
    } else if (declared.content['multipart/form-data'] !== undefined) {
      body = this.formArbitrary(declared.content['multipart/form-data'], hints);
    } else {
      const [mediaType, schema] = Object.entries(declared.content)[0] as [string, JsonSchema];
      const types = schemaTypes(this.arbitraries.resolve(schema) as SchemaObject);
      if (!types.includes('string')) throw new Error(`${route.operationId}: cannot generate a ${mediaType} body.`);
      body = this.arbitraries
        .valid(schema)
        .map((text): BodySpec => ({ kind: 'raw', text: String(text), contentType: mediaType }));
    }
    return declared.required ? body : fc.oneof(body, fc.constant<BodySpec>({ kind: 'none' }));
  }

  /**
   * A valid `multipart/form-data` body: an object of the schema as form fields, a `format: binary`
   * property as a file part of those bytes (UTF-8), other values as text (objects and arrays as
   * JSON, as form fields are text).
   */
  private formArbitrary(schema: JsonSchema, hints: OperationHints): fc.Arbitrary<BodySpec> {
    const properties = ((this.arbitraries.resolve(schema) as SchemaObject).properties ?? {}) as Record<
      string,
      JsonSchema
    >;
    const binary = new Set(
      Object.entries(properties)
        .filter(([, property]) => (this.arbitraries.resolve(property) as SchemaObject).format === 'binary')
        .map(([name]) => name),
    );
    const values = this.arbitraries.valid(schema, {
      propertyHints: hints.properties,
      propertyOverrides: hints.propertiesOnly,
    });
    return values.map((value): BodySpec => {
      const fields: Record<string, string | FilePart> = {};
      for (const [name, field] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (field === undefined || field === null) continue;
        const text = typeof field === 'string' ? field : JSON.stringify(field);
        fields[name] = binary.has(name)
          ? { file: new TextEncoder().encode(text), name: `${name}.txt`, type: 'text/plain' }
          : text;
      }
      return { kind: 'form', fields };
    });
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
