import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

// The parts of an OpenAPI 3.1 document the stub generator reads.
export interface OpenApiDocument {
  paths: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, SchemaObject>;
    parameters?: Record<string, ParameterObject>;
    requestBodies?: Record<string, RequestBodyObject>;
    responses?: Record<string, ResponseObject>;
  };
  security?: Array<Record<string, string[]>>;
}
export type SchemaObject = Record<string, unknown>;
export interface Reference {
  $ref: string;
}
export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}
export interface RequestBodyObject {
  required?: boolean;
  content: Record<string, { schema?: SchemaObject }>;
}
export interface ResponseObject {
  description: string;
  content?: Record<string, { schema?: SchemaObject }>;
}
export interface OperationObject {
  operationId: string;
  summary?: string;
  parameters?: Array<ParameterObject | Reference>;
  requestBody?: RequestBodyObject | Reference;
  responses: Record<string, ResponseObject | Reference>;
  security?: Array<Record<string, string[]>>;
}
export type PathItem = { parameters?: Array<ParameterObject | Reference> } & Partial<
  Record<(typeof METHODS)[number], OperationObject>
>;

export const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;

export async function loadSpec(path: string): Promise<OpenApiDocument> {
  return parse(await readFile(path, 'utf8')) as OpenApiDocument;
}

/** Follows a local `#/components/...` reference (not schema references: those stay references). */
export function resolve<T>(document: OpenApiDocument, value: T | Reference): T {
  if (!isReference(value)) return value;
  const target = value.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
  if (target === undefined) throw new Error(`Unresolved reference ${value.$ref}`);
  return resolve(document, target as T | Reference);
}

function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && '$ref' in value;
}
