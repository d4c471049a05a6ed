import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { Nullable, PageOf, PageQuery, withProblems } from '../../platform/http.js';
import { EventStreamReply, ResumeQuery, lastEventId, relayEvents } from '../../platform/sse.js';
import { LANGUAGE_IDS } from './languages.js';
import { SANDBOX_INPUT_LIMITS } from './service.js';

const RunParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const RunStatus = Type.Enum(['queued', 'running', 'complete', 'failed', 'stopped']);

const SandboxRun = Type.Object({
  id: Type.String(),
  language: Type.String(),
  filename: Type.String(),
  workspaceId: Nullable(Type.String()),
  status: RunStatus,
  exitCode: Nullable(Type.Integer()),
  signal: Nullable(Type.String()),
  limit: Nullable(Type.Enum(['timeout', 'memory', 'output', 'cpu'])),
  stdout: Type.String(),
  stderr: Type.String(),
  outputTruncated: Type.Boolean(),
  durationMs: Nullable(Type.Integer()),
  error: Nullable(Type.Object({ code: Type.String(), detail: Type.String() })),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

export const sandboxRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { sandbox, config }) => {
  const user = { auth: 'user' as const };
  const tags = ['sandbox'];
  app.addHook('onReady', () => sandbox.start());
  app.addHook('preClose', () => sandbox.close());

  app.get(
    '/api/sandbox/languages',
    {
      config: user,
      schema: {
        operationId: 'listSandboxLanguages',
        tags,
        summary:
          'The languages the sandbox runs here, with their toolchain versions, and whether it can run code at all',
        response: withProblems({
          200: Type.Object({
            available: Type.Boolean(),
            reason: Nullable(Type.String({ description: 'why code cannot run here' })),
            languages: Type.Array(
              Type.Object({
                id: Type.Enum([...LANGUAGE_IDS]),
                label: Type.String(),
                extension: Type.String(),
                available: Type.Boolean(),
                version: Nullable(Type.String()),
                install: Nullable(Type.String({ description: 'what to install when the toolchain is missing' })),
              }),
            ),
            limits: Type.Object({
              timeoutSeconds: Type.Integer(),
              memoryMb: Type.Integer(),
              maxOutputBytes: Type.Integer(),
            }),
          }),
        }),
      },
    },
    async () => sandbox.languages(),
  );

  app.post(
    '/api/sandbox/runs',
    {
      config: { auth: 'user', rateLimit: { max: 30, timeWindow: 60_000 } },
      bodyLimit: SANDBOX_INPUT_LIMITS.codeBytes * 2 + SANDBOX_INPUT_LIMITS.stdinBytes * 2 + 64 * 1024,
      schema: {
        operationId: 'createSandboxRun',
        tags,
        summary: 'Queue a run of code in the sandbox; follow its output at /api/sandbox/runs/{id}/events',
        body: Type.Object(
          {
            language: Type.Enum([...LANGUAGE_IDS]),
            code: Type.String({ minLength: 1, maxLength: SANDBOX_INPUT_LIMITS.codeBytes }),
            stdin: Type.Optional(Type.String({ maxLength: SANDBOX_INPUT_LIMITS.stdinBytes })),
            timeoutSeconds: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: config.sandboxTimeoutSeconds,
                description: 'lowers the wall-clock limit; the server’s maximum is the default',
              }),
            ),
            filename: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$',
                description: 'the source file’s name, with the language’s extension',
              }),
            ),
            workspaceId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: withProblems({
          202: Type.Object({ id: Type.String(), status: RunStatus, eventsUrl: Type.String() }),
        }),
      },
    },
    async (request, reply) => {
      const run = await sandbox.create(request.user!.id, request.body);
      reply.code(202).header('location', `/api/sandbox/runs/${run.id}`);
      return { id: run.id, status: run.status, eventsUrl: `/api/sandbox/runs/${run.id}/events` };
    },
  );

  app.get(
    '/api/sandbox/runs',
    {
      config: user,
      schema: {
        operationId: 'listSandboxRuns',
        tags,
        summary: 'Your sandbox runs, newest first',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: withProblems({
          200: PageOf(SandboxRun),
        }),
      },
    },
    async (request) => sandbox.list(request.user!.id, request.query),
  );

  app.get(
    '/api/sandbox/runs/:id',
    {
      config: user,
      schema: { operationId: 'getSandboxRun', tags, params: RunParams, response: withProblems({ 200: SandboxRun }) },
    },
    async (request) => sandbox.get(request.user!.id, request.params.id),
  );

  app.get(
    '/api/sandbox/runs/:id/events',
    {
      config: user,
      schema: {
        operationId: 'streamSandboxRunEvents',
        tags,
        summary:
          'The run as text/event-stream: status (queued, compiling, running), stdout and stderr {text}, then exit {exitCode, signal, durationMs, limit, outputTruncated} or error; resumes after Last-Event-ID',
        params: RunParams,
        querystring: ResumeQuery,
        response: withProblems({ 200: EventStreamReply }),
      },
    },
    async (request, reply) => {
      const after = lastEventId(request, request.query);
      await relayEvents(request, reply, (signal) => sandbox.events(request.user!.id, request.params.id, after, signal));
      return reply;
    },
  );

  app.post(
    '/api/sandbox/runs/:id/stop',
    {
      config: user,
      schema: {
        operationId: 'stopSandboxRun',
        tags,
        summary: 'Stop a queued or running run (status stopped); a finished run is returned as it is',
        params: RunParams,
        response: withProblems({ 200: SandboxRun }),
      },
    },
    async (request) => sandbox.stop(request.user!.id, request.params.id),
  );
};
