// Request validation: JSON bodies are checked as sent (no type coercion: with coercion Ajv turns
// 0 into null in a `null | number` union, or a one-element array into a string), while
// querystrings, params and headers, which arrive as text, are coerced to their declared types.
// Unknown fields are rejected everywhere (schemas say additionalProperties: false), never dropped.
import type { FastifySchemaCompiler } from 'fastify';
import { Ajv, type Options } from 'ajv';
import formats from 'ajv-formats';

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };

function ajv(options: Options) {
  const instance = new Ajv({ ...common, ...options });
  formats.default(instance);
  return instance;
}

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const body = ajv({ coerceTypes: false });
  const text = ajv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}
