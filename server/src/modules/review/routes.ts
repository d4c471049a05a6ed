import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { Nullable, PageOf, PageQuery, withProblems } from '../../platform/http.js';
import { EventStreamReply, ResumeQuery, lastEventId, relayEvents } from '../../platform/sse.js';
import { decodeText } from './input.js';
import { CATEGORIES, FindingSchema, FixSchema, LANGUAGES, ReportOverviewSchema, type Category } from './model.js';
import { REPORT_FORMATS } from './report/index.js';
import { REVIEW_LIMITS } from './service.js';
import { MAX_FILE_BYTES } from './static/file-analysis.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const ReviewParams = Type.Object({ id: Id }, { additionalProperties: false });
const FixParams = Type.Object(
  { id: Id, findingId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const ReviewSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.Enum(['queued', 'running', 'complete', 'failed']),
  source: Type.Enum(['snippet', 'files', 'diff', 'workspace']),
  workspaceId: Nullable(Type.String({ description: 'the workspace a workspace review read' })),
  filesTotal: Type.Integer(),
  filesDone: Type.Integer(),
  findingsCount: Type.Integer(),
  grade: Nullable(Type.String()),
  score: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

// Plain objects rather than allOf: the response serializer compiles them into fast code.
const FindingView = Type.Object({
  ...FindingSchema.properties,
  fixState: Nullable(Type.Enum(['available', 'applied', 'stale'])),
});

const ReviewDetail = Type.Object({
  ...ReviewSummary.properties,
  options: Type.Object({ only: Type.Optional(Type.Array(Type.Enum([...CATEGORIES]))), ai: Type.Boolean() }),
  error: Nullable(Type.Object({ code: Type.String(), detail: Type.String() })),
  overview: Nullable(ReportOverviewSchema),
  files: Type.Array(
    Type.Object({
      path: Type.String(),
      language: Nullable(Type.String()),
      sha256: Type.String(),
      lines: Type.Integer(),
    }),
  ),
  findings: Type.Array(FindingView),
});

const CreateBody = Type.Object(
  {
    snippet: Type.Optional(
      Type.Object(
        {
          content: Type.String({ minLength: 1, maxLength: MAX_FILE_BYTES }),
          filename: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'gives the language' })),
          language: Type.Optional(Type.Enum([...LANGUAGES])),
        },
        { additionalProperties: false },
      ),
    ),
    files: Type.Optional(
      Type.Array(
        Type.Object(
          { path: Type.String({ minLength: 1, maxLength: 1024 }), content: Type.String({ maxLength: MAX_FILE_BYTES }) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: REVIEW_LIMITS.files },
      ),
    ),
    diff: Type.Optional(Type.String({ minLength: 1, maxLength: REVIEW_LIMITS.bytes, description: 'a unified diff' })),
    workspace: Type.Optional(
      Type.Object(
        {
          id: Id,
          paths: Type.Optional(
            Type.Array(Type.String({ maxLength: 4096 }), {
              minItems: 1,
              maxItems: REVIEW_LIMITS.files,
              description: 'files or folders of the workspace (default: all of it); binary files are skipped',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    only: Type.Optional(Type.Array(Type.Enum([...CATEGORIES]), { minItems: 1, uniqueItems: true })),
    ai: Type.Boolean({ default: true, description: 'add the AI agents when you have a provider configured' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  {
    additionalProperties: false,
    description:
      'Exactly one of snippet, files, diff or workspace as JSON; or multipart/form-data with files (text only) and the fields only (comma-separated), ai and title',
  },
);

const MULTIPART_LIMITS = {
  fileSize: MAX_FILE_BYTES,
  files: REVIEW_LIMITS.files,
  fields: 10,
  parts: REVIEW_LIMITS.files + 10,
};

/** Turns a multipart upload into the JSON body shape, so one schema validates both. */
async function multipartBody(request: FastifyRequest) {
  const files: Array<{ path: string; content: string }> = [];
  const fields: Record<string, string> = {};
  let bytes = 0;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer();
      bytes += buffer.length;
      if (bytes > REVIEW_LIMITS.bytes)
        throw new AppError(
          'review_too_large',
          413,
          `at most ${REVIEW_LIMITS.bytes / 1024 / 1024} MB of code per review`,
        );
      files.push({
        path: part.filename || part.fieldname,
        content: decodeText(buffer, part.filename || part.fieldname),
      });
    } else fields[part.fieldname] = String(part.value);
  }
  const only = fields.only
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return {
    ...(files.length ? { files } : {}),
    ...(only?.length ? { only: only as Category[] } : {}),
    ...(fields.ai !== undefined ? { ai: fields.ai === 'true' } : {}),
    ...(fields.title ? { title: fields.title } : {}),
  };
}

export const reviewRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { review }) => {
  const user = { auth: 'user' as const };
  const tags = ['review'];
  // preservePath: uploads keep their folders (src/app.js), which the service then checks.
  await app.register(multipart, { limits: MULTIPART_LIMITS, preservePath: true });
  app.addHook('onReady', () => review.start());
  app.addHook('preClose', () => review.close());

  app.post(
    '/api/review',
    {
      config: { auth: 'user', rateLimit: { max: 20, timeWindow: 60_000 } },
      bodyLimit: REVIEW_LIMITS.bytes + 1024 * 1024,
      schema: {
        operationId: 'createReview',
        tags,
        summary: 'Queue a code review of a snippet, files, a diff or a workspace; follow it at /api/review/{id}/events',
        consumes: ['application/json', 'multipart/form-data'],
        body: CreateBody,
        response: withProblems({ 202: Type.Object({ ...ReviewSummary.properties, eventsUrl: Type.String() }) }),
      },
      preValidation: async (request) => {
        // Validated next, with the same schema as JSON (defaults such as ai: true are filled in then).
        if (request.isMultipart()) request.body = (await multipartBody(request)) as typeof request.body;
      },
    },
    async (request, reply) => {
      const created = await review.create(request.user!.id, request.body);
      reply.code(202).header('location', `/api/review/${created.id}`);
      return { ...created, eventsUrl: `/api/review/${created.id}/events` };
    },
  );

  app.get(
    '/api/review',
    {
      config: user,
      schema: {
        operationId: 'listReviews',
        tags,
        summary: 'Your reviews, newest first',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: withProblems({
          200: PageOf(ReviewSummary),
        }),
      },
    },
    async (request) => review.list(request.user!.id, request.query),
  );

  app.get(
    '/api/review/:id',
    {
      config: user,
      schema: { operationId: 'getReview', tags, params: ReviewParams, response: withProblems({ 200: ReviewDetail }) },
    },
    async (request) => review.get(request.user!.id, request.params.id),
  );

  app.get(
    '/api/review/:id/report',
    {
      config: user,
      schema: {
        operationId: 'getReviewReport',
        tags,
        summary: 'The finished report as JSON, Markdown or SARIF 2.1.0',
        params: ReviewParams,
        querystring: Type.Object(
          { format: Type.Enum([...REPORT_FORMATS], { default: 'json' }) },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: Type.String() }),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const body = await review.report(request.user!.id, request.params.id, format);
      const type = { json: 'application/json', markdown: 'text/markdown', sarif: 'application/sarif+json' }[format];
      return reply.type(`${type}; charset=utf-8`).send(body);
    },
  );

  app.get(
    '/api/review/:id/events',
    {
      config: user,
      schema: {
        operationId: 'streamReviewEvents',
        tags,
        summary:
          'Progress as text/event-stream: queued, progress (files done/total, findings so far), then done or error; resumes after Last-Event-ID',
        params: ReviewParams,
        querystring: ResumeQuery,
        response: withProblems({ 200: EventStreamReply }),
      },
    },
    async (request, reply) => {
      const after = lastEventId(request, request.query);
      await relayEvents(request, reply, (signal) => review.events(request.user!.id, request.params.id, after, signal));
      return reply;
    },
  );

  app.get(
    '/api/review/:id/fixes/:findingId',
    {
      config: user,
      schema: {
        operationId: 'previewReviewFix',
        tags,
        summary: 'The fix of a finding as a unified diff, before applying it',
        params: FixParams,
        response: withProblems({
          200: Type.Object({
            findingId: Type.String(),
            file: Type.String(),
            description: Type.String(),
            origin: FixSchema.properties.origin,
            state: Type.Enum(['available', 'applied', 'stale']),
            sha256: Type.String({ description: 'the file version this diff applies to' }),
            diff: Type.String(),
          }),
        }),
      },
    },
    async (request) => review.fixPreview(request.user!.id, request.params.id, request.params.findingId),
  );

  app.post(
    '/api/review/:id/fixes/:findingId/apply',
    {
      config: { auth: 'user', rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        operationId: 'applyReviewFix',
        tags,
        summary:
          'Apply a fix to the review’s stored copy of the file (and to the workspace file of a workspace review); 409 if the file changed since sha256 (from the preview), the fix no longer fits, or the workspace file changed since the review (review_fix_stale)',
        params: FixParams,
        body: Type.Object(
          { sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })) },
          { additionalProperties: false },
        ),
        response: withProblems({
          200: Type.Object({
            findingId: Type.String(),
            file: Type.String(),
            sha256: Type.String(),
            content: Type.String(),
            diff: Type.String(),
          }),
        }),
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) =>
      review.applyFix(request.user!.id, request.params.id, request.params.findingId, request.body.sha256),
  );
};
