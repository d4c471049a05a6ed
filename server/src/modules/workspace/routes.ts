import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { Nullable, PageOf, PageQuery, withProblems } from '../../platform/http.js';
import { WORKSPACE_LIMITS, type UploadedFile } from './service.js';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
// Loose on purpose: the service names what is wrong with a path (workspace_path_invalid).
const FilePath = Type.String({ maxLength: 4096, description: 'relative POSIX path, e.g. src/app.ts' });
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const PathQuery = Type.Object({ path: FilePath }, { additionalProperties: false });

const Workspace = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  fileCount: Type.Integer(),
  bytes: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const FileMeta = Type.Object({
  path: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  mime: Type.String(),
  text: Type.Boolean(),
  language: Nullable(Type.String()),
  updatedAt: Type.String(),
});

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Description = Type.String({ maxLength: 500 });

const MULTIPART_LIMITS = {
  fileSize: WORKSPACE_LIMITS.fileBytes,
  files: WORKSPACE_LIMITS.workspaceFiles,
  fields: 5,
  parts: WORKSPACE_LIMITS.workspaceFiles + 5,
};

function contentDisposition(path: string): string {
  const name = path.split('/').at(-1) ?? 'file';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The parts of an upload, buffered: the service checks them all before storing any. */
async function uploadParts(request: FastifyRequest): Promise<{ files: UploadedFile[]; dir?: string }> {
  const files: UploadedFile[] = [];
  let dir: string | undefined;
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'dir') dir = String(part.value);
      continue;
    }
    const path = part.filename || part.fieldname;
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if (error instanceof request.server.multipartErrors.RequestFileTooLargeError)
        throw new AppError(
          'workspace_file_too_large',
          413,
          `${path} is larger than ${WORKSPACE_LIMITS.fileBytes / 1024 / 1024} MiB`,
          { extra: { path, limit: WORKSPACE_LIMITS.fileBytes } },
        );
      throw error;
    }
    total += bytes.length;
    if (total > WORKSPACE_LIMITS.workspaceBytes)
      throw new AppError(
        'workspace_quota_exceeded',
        413,
        `an upload holds at most ${WORKSPACE_LIMITS.workspaceBytes / 1024 / 1024} MiB (the workspace quota)`,
      );
    files.push({ path, bytes });
  }
  return { files, ...(dir ? { dir } : {}) };
}

export const workspaceRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { workspaces, origin }) => {
  const user = { auth: 'user' as const };
  const tags = ['workspaces'];
  // preservePath: each part's filename is its path in the workspace (src/app.ts).
  await app.register(multipart, { limits: MULTIPART_LIMITS, preservePath: true });

  app.post(
    '/api/workspaces',
    {
      config: user,
      schema: {
        operationId: 'createWorkspace',
        tags,
        body: Type.Object({ name: Name, description: Type.Optional(Description) }, { additionalProperties: false }),
        response: withProblems({ 201: Workspace }),
      },
    },
    async (request, reply) => {
      const created = await workspaces.create(request.user!.id, request.body, origin(request));
      reply.code(201).header('location', `/api/workspaces/${created.id}`);
      return created;
    },
  );

  app.get(
    '/api/workspaces',
    {
      config: user,
      schema: {
        operationId: 'listWorkspaces',
        tags,
        summary: 'Your workspaces, most recently updated first',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: withProblems({
          200: PageOf(Workspace),
        }),
      },
    },
    async (request) => workspaces.list(request.user!.id, request.query),
  );

  app.get(
    '/api/workspaces/:id',
    {
      config: user,
      schema: { operationId: 'getWorkspace', tags, params: Params, response: withProblems({ 200: Workspace }) },
    },
    async (request) => workspaces.get(request.user!.id, request.params.id),
  );

  app.patch(
    '/api/workspaces/:id',
    {
      config: user,
      schema: {
        operationId: 'updateWorkspace',
        tags,
        params: Params,
        body: Type.Object(
          { name: Type.Optional(Name), description: Type.Optional(Nullable(Description)) },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: Workspace }),
      },
    },
    async (request) => workspaces.update(request.user!.id, request.params.id, request.body),
  );

  app.delete(
    '/api/workspaces/:id',
    {
      config: user,
      schema: {
        operationId: 'deleteWorkspace',
        tags,
        summary: 'Deletes the workspace and all its files',
        params: Params,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await workspaces.remove(request.user!.id, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/workspaces/:id/files',
    {
      config: user,
      schema: {
        operationId: 'listWorkspaceFiles',
        tags,
        summary: 'Every file of the workspace, sorted by path (a flat list; folders are path prefixes)',
        params: Params,
        response: withProblems({ 200: Type.Object({ items: Type.Array(FileMeta) }) }),
      },
    },
    async (request) => ({ items: await workspaces.files(request.user!.id, request.params.id) }),
  );

  app.get(
    '/api/workspaces/:id/file',
    {
      config: user,
      schema: {
        operationId: 'getWorkspaceFile',
        tags,
        summary: 'A text file with its content; 415 workspace_file_binary for a binary file (use /raw)',
        params: Params,
        querystring: PathQuery,
        response: withProblems({ 200: Type.Object({ ...FileMeta.properties, content: Type.String() }) }),
      },
    },
    async (request) => workspaces.readText(request.user!.id, request.params.id, request.query.path),
  );

  app.get(
    '/api/workspaces/:id/raw',
    {
      config: user,
      schema: {
        operationId: 'downloadWorkspaceFile',
        tags,
        summary: 'A file as stored, as an attachment with its detected content type',
        params: Params,
        querystring: PathQuery,
        response: withProblems({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
      },
    },
    async (request, reply) => {
      const file = await workspaces.readRaw(request.user!.id, request.params.id, request.query.path);
      return reply
        .type(file.text ? `${file.mime}; charset=utf-8` : file.mime)
        .header('content-disposition', contentDisposition(file.path))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(file.content);
    },
  );

  app.put(
    '/api/workspaces/:id/file',
    {
      config: user,
      // JSON escaping makes a body larger than the file it carries; the service checks the bytes.
      bodyLimit: 2 * WORKSPACE_LIMITS.fileBytes + 64 * 1024,
      schema: {
        operationId: 'saveWorkspaceFile',
        tags,
        summary:
          'Saves a text file. baseSha256: the version you loaded (409 workspace_file_changed if it changed since); null: create only (409 if it exists); omitted: overwrite',
        params: Params,
        body: Type.Object(
          {
            path: FilePath,
            content: Type.String(),
            baseSha256: Type.Optional(Nullable(Sha256)),
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: FileMeta }),
      },
    },
    async (request) => workspaces.write(request.user!.id, request.params.id, request.body),
  );

  app.delete(
    '/api/workspaces/:id/file',
    {
      config: user,
      schema: {
        operationId: 'deleteWorkspaceFile',
        tags,
        params: Params,
        querystring: PathQuery,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await workspaces.removeFile(request.user!.id, request.params.id, request.query.path);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/workspaces/:id/move',
    {
      config: user,
      schema: {
        operationId: 'moveWorkspaceFiles',
        tags,
        summary: 'Moves (renames) a file, or a folder with everything in it; 409 if a target exists',
        params: Params,
        body: Type.Object({ from: FilePath, to: FilePath }, { additionalProperties: false }),
        response: withProblems({
          200: Type.Object({ from: Type.String(), to: Type.String(), moved: Type.Integer() }),
        }),
      },
    },
    async (request) => workspaces.move(request.user!.id, request.params.id, request.body),
  );

  app.post(
    '/api/workspaces/:id/upload',
    {
      config: { auth: 'user', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        operationId: 'uploadWorkspaceFiles',
        tags,
        summary:
          'multipart/form-data: files (each filename its path) and an optional field dir. Text, or PNG, JPEG, GIF, WebP, PDF and ZIP by their content; all or nothing',
        consumes: ['multipart/form-data'],
        params: Params,
        response: withProblems({ 200: Type.Object({ items: Type.Array(FileMeta) }) }),
      },
    },
    async (request) => {
      if (!request.isMultipart())
        throw new AppError('workspace_upload_not_multipart', 415, 'send the files as multipart/form-data');
      // Before reading up to the quota of bytes: is this workspace the caller's?
      await workspaces.get(request.user!.id, request.params.id);
      const { files, dir } = await uploadParts(request);
      return { items: await workspaces.upload(request.user!.id, request.params.id, files, dir) };
    },
  );
};
