// The HTTP conventions every module shares: problem+json errors (RFC 9457), the response
// schema helper that documents them, and pagination parameters.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { AppError, isAppError } from './errors.js';
import { reportError } from './monitoring/sentry.js';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    requestId: Type.String(),
  },
  { additionalProperties: true, $id: 'Problem' },
);

const problemRef = Type.Ref('Problem');

/** Every route documents its success bodies and the problem+json shape of its errors. */
export function withProblems<R extends Record<number, TSchema>>(responses: R) {
  return { ...responses, '4xx': problemRef, '5xx': problemRef };
}

export const PROBLEM_TYPE_BASE = 'https://xionimus.dev/problems/';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      // Extension members first: they must never replace the standard ones.
      ...extra,
      type: PROBLEM_TYPE_BASE + code,
      title: titles[status] ?? 'Error',
      status,
      detail,
      code,
      requestId: request.id,
    });
}

const snake = (code: string) =>
  code
    .replace(/^FST_(ERR_)?(CTP_)?/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');

type Issue = NonNullable<FastifyError['validation']>[number];

const quote = (value: unknown) => JSON.stringify(value);
const joinAlternatives = (items: string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? 'valid');

/**
 * With allErrors, a value that fits no branch of a union (`string | null`, a choice of literals)
 * gets one error per branch and one for the union: "must be string; must be null; must match a
 * schema in anyOf". Those become one error naming what is allowed ("must be string or null").
 * When the value has the type of a branch but breaks one of its rules (a string too long), that
 * branch's own errors are the ones that explain it, and the others go. An enum's error names its
 * values.
 */
export function explained(issues: readonly Issue[]): Issue[] {
  let result = [...issues];
  for (const union of issues.filter((issue) => issue.keyword === 'anyOf' || issue.keyword === 'oneOf')) {
    // Gone with an outer union's branch already explained.
    if (!result.includes(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, Issue[]>();
    for (const issue of result) {
      if (!issue.schemaPath.startsWith(prefix)) continue;
      const branch = issue.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), issue]);
    }
    // oneOf matched by several branches: no branch errors, and its own message says so.
    if (branches.size === 0) continue;
    // A branch whose type or constant did not match the value at all.
    const mismatch = (issue: Issue) =>
      issue.instancePath === union.instancePath && ['type', 'const', 'enum'].includes(issue.keyword);
    const near = [...branches.values()].filter((branchIssues) => !branchIssues.some(mismatch));
    const allowed = [...branches.values()].flatMap((branchIssues) => {
      const constant = branchIssues.find((issue) => issue.keyword === 'const');
      if (constant) return [quote(constant.params.allowedValue)];
      const choice = branchIssues.find((issue) => issue.keyword === 'enum');
      if (choice) return (choice.params.allowedValues as unknown[]).map(quote);
      const type = branchIssues.find((issue) => issue.keyword === 'type')?.params.type;
      return type === undefined ? [] : [String(type)];
    });
    const names = joinAlternatives([...new Set(allowed)]);
    const replacement = near.length
      ? near.flat()
      : [{ ...union, keyword: 'type', params: { type: names }, message: `must be ${names}` }];
    const at = result.indexOf(union);
    result = [
      ...result.slice(0, at).filter((issue) => !issue.schemaPath.startsWith(prefix)),
      ...replacement,
      ...result.slice(at + 1).filter((issue) => !issue.schemaPath.startsWith(prefix)),
    ];
  }
  return result.map((issue) =>
    issue.keyword === 'enum'
      ? { ...issue, message: `must be ${joinAlternatives((issue.params.allowedValues as unknown[]).map(quote))}` }
      : issue,
  );
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isAppError(error) && !error.internal) {
    // An upstream failure (a provider's 502/503/504) is reported as a warning, not as our bug.
    if (error.statusCode >= 500) reportError(error, { request, level: 'warning' });
    reply.headers(error.headers);
    return sendProblem(request, reply, error.statusCode, error.code, error.message, error.extra);
  }
  if (error.validation) {
    const errors = explained(error.validation).map((issue) => {
      const missing = (issue.params as { missingProperty?: string }).missingProperty;
      const extra = (issue.params as { additionalProperty?: string }).additionalProperty;
      const path = `${error.validationContext ?? 'request'}${issue.instancePath}${missing ? `/${missing}` : ''}${extra ? `/${extra}` : ''}`;
      const message = extra ? 'is not an allowed field' : missing ? 'is required' : (issue.message ?? 'is invalid');
      return { path, message };
    });
    return sendProblem(
      request,
      reply,
      400,
      'validation_failed',
      errors.map((issue) => `${issue.path} ${issue.message}`).join('; '),
      { errors },
    );
  }
  const status = error.statusCode ?? 500;
  // Fastify's own 4xx errors (malformed JSON, body too large, wrong content type) carry safe messages.
  if (status >= 400 && status < 500) {
    return sendProblem(request, reply, status, snake(error.code ?? 'bad_request'), error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  reportError(error, { request });
  return sendProblem(
    request,
    reply,
    500,
    'internal_error',
    `An internal error occurred. Quote request id ${request.id} when reporting it.`,
  );
}

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** One page of a cursor-paged list: its items and the cursor of the next page (null at the end). */
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque cursor from the previous page' })),
};

export const encodeCursor = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

export function decodeCursor(cursor: string | undefined, size: number): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === size && parts.every((part) => typeof part === 'string')) {
      return parts as string[];
    }
  } catch {
    // falls through to the 400 below
  }
  throw new AppError('invalid_cursor', 400, 'cursor is not one this server issued');
}

/**
 * One page of a list ordered by a key of `size` columns (the last one unique): reads a row more
 * than the page, which says whether another page follows, and makes its cursor from the key of
 * the page's last row. `read` gets the decoded key after which to start (none for the first page).
 */
export async function keysetPage<Row>(
  page: { limit: number; cursor?: string | undefined },
  size: number,
  read: (after: string[] | undefined, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => string[],
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const rows = await read(decodeCursor(page.cursor, size), page.limit + 1);
  const last = rows[page.limit - 1];
  return {
    rows: rows.slice(0, page.limit),
    nextCursor: rows.length > page.limit && last ? encodeCursor(keyOf(last)) : null,
  };
}
