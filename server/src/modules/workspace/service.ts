// Workspaces: a user's projects as a tree of files kept in the database (so every instance of a
// scaled-out deployment serves the same files), edited in the web editor, filled by uploads
// checked by their content, and read by code reviews, whose fixes are written back to them.
// Every write to a workspace's files runs in a transaction that first locks the workspace row,
// so quotas and the tree hold across instances; saves are conditional on the version the
// editor loaded (optimistic concurrency).
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { keysetPage } from '../../platform/http.js';
import type { AuditService, RequestOrigin } from '../audit/service.js';
import { classify, decodeUtf8, textKind, type FileKind } from './content.js';
import { findFolderClash, isAtOrUnder, normalizeWorkspacePath } from './paths.js';
import type {
  WorkspaceFileMeta,
  WorkspaceFileRow,
  WorkspaceQueries,
  WorkspaceStore,
  WorkspaceWithStats,
} from './store.js';

export { normalizeWorkspacePath } from './paths.js';

export const WORKSPACE_LIMITS = {
  fileBytes: 2 * 1024 * 1024,
  workspaceBytes: 50 * 1024 * 1024,
  workspaceFiles: 5000,
};

export interface WorkspaceInput {
  name: string;
  description?: string | null;
}

/** What a save expects to find: omitted overwrites, null creates only, a hash replaces that version. */
export type BaseVersion = string | null | undefined;

export interface UploadedFile {
  path: string;
  bytes: Buffer;
}

const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

const toWorkspace = (row: WorkspaceWithStats) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  fileCount: row.file_count,
  bytes: row.bytes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toFileMeta = (row: WorkspaceFileMeta) => {
  const text = row.is_text === 1;
  return {
    path: row.path,
    size: row.size,
    sha256: row.sha256,
    mime: row.mime,
    text,
    language: text ? textKind(row.path).language : null,
    updatedAt: row.updated_at,
  };
};

export type WorkspaceFile = ReturnType<typeof toFileMeta>;

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function fileRow(workspaceId: string, path: string, bytes: Buffer, kind: FileKind, now: string): WorkspaceFileRow {
  return {
    workspace_id: workspaceId,
    path,
    content: bytes,
    size: bytes.length,
    sha256: hash(bytes),
    mime: kind.mime,
    is_text: kind.text ? 1 : 0,
    updated_at: now,
  };
}

function tooLarge(path: string): never {
  throw new AppError('workspace_file_too_large', 413, `${path} is larger than ${mib(WORKSPACE_LIMITS.fileBytes)}`, {
    extra: { path, limit: WORKSPACE_LIMITS.fileBytes },
  });
}

export function createWorkspaceService(deps: { store: WorkspaceStore; audit: AuditService }) {
  const { store, audit } = deps;

  async function workspaceOf(userId: string, id: string) {
    const workspace = await store.find(userId, id);
    if (!workspace) throw new AppError('workspace_not_found', 404, `no workspace ${id}`);
    return workspace;
  }

  const fileNotFound = (path: string) =>
    new AppError('workspace_file_not_found', 404, `no file ${path} in this workspace`, { extra: { path } });

  /**
   * The checks every write makes against the files already there, inside the write's
   * transaction after the workspace row is locked: quota, and no file where a folder must be.
   */
  async function checkWrites(
    tx: WorkspaceQueries,
    workspaceId: string,
    writes: ReadonlyArray<{ path: string; size: number }>,
  ) {
    const existing = await tx.files(workspaceId);
    const sizes = new Map(existing.map((file) => [file.path, file.size]));
    for (const write of writes) sizes.set(write.path, write.size);
    if (sizes.size > WORKSPACE_LIMITS.workspaceFiles)
      throw new AppError(
        'workspace_quota_exceeded',
        413,
        `a workspace holds at most ${WORKSPACE_LIMITS.workspaceFiles} files; this would make ${sizes.size}`,
      );
    let total = 0;
    for (const size of sizes.values()) total += size;
    if (total > WORKSPACE_LIMITS.workspaceBytes)
      throw new AppError(
        'workspace_quota_exceeded',
        413,
        `a workspace holds at most ${mib(WORKSPACE_LIMITS.workspaceBytes)}; this would make ${(total / 1024 / 1024).toFixed(1)} MiB`,
      );
    const added = writes.map((write) => write.path).filter((path) => !existing.some((file) => file.path === path));
    const clash = findFolderClash(
      existing.map((file) => file.path),
      added,
    );
    if (clash)
      throw new AppError(
        'workspace_path_conflict',
        409,
        `${clash[0]} cannot exist beside ${clash[1]} (a file and a folder)`,
        {
          extra: { path: clash[0], conflictsWith: clash[1] },
        },
      );
  }

  /** A text save inside an open transaction; throws 409 when the stored version is not `base`. */
  async function saveText(tx: WorkspaceQueries, workspaceId: string, path: string, content: string, base: BaseVersion) {
    const bytes = Buffer.from(content, 'utf8');
    if (bytes.length > WORKSPACE_LIMITS.fileBytes) tooLarge(path);
    if (bytes.includes(0))
      throw new AppError('workspace_content_invalid', 400, `${path}: text content cannot contain NUL characters`, {
        extra: { path },
      });
    const now = new Date().toISOString();
    if (!(await tx.touch(workspaceId, now)))
      throw new AppError('workspace_not_found', 404, `no workspace ${workspaceId}`);
    await checkWrites(tx, workspaceId, [{ path, size: bytes.length }]);
    const row = fileRow(workspaceId, path, bytes, textKind(path), now);
    const written =
      base === undefined
        ? (await tx.upsert(row), true)
        : base === null
          ? await tx.insertNew(row)
          : await tx.replaceIf(row, base);
    if (!written) {
      const current = (await tx.file(workspaceId, path))?.sha256 ?? null;
      throw new AppError(
        'workspace_file_changed',
        409,
        base === null
          ? `${path} exists already`
          : current === null
            ? `${path} was deleted since you loaded it`
            : `${path} changed since you loaded it`,
        { extra: { path, currentSha256: current } },
      );
    }
    return toFileMeta(row);
  }

  return {
    async create(userId: string, input: WorkspaceInput, origin: RequestOrigin) {
      const now = new Date().toISOString();
      const row = {
        id: randomUUID(),
        user_id: userId,
        name: input.name.trim(),
        description: input.description?.trim() || null,
        created_at: now,
        updated_at: now,
      };
      if (!row.name) throw new AppError('workspace_name_invalid', 400, 'a workspace needs a name that is not blank');
      await store.insert(row);
      await audit.record({
        event: 'workspace_created',
        outcome: 'success',
        actorId: userId,
        targetId: row.id,
        origin,
        details: { name: row.name },
      });
      return toWorkspace({ ...row, file_count: 0, bytes: 0 });
    },

    get: async (userId: string, id: string) => toWorkspace(await workspaceOf(userId, id)),

    async list(userId: string, page: { limit: number; cursor?: string }) {
      const { rows, nextCursor } = await keysetPage(
        page,
        2,
        (after, limit) =>
          store.list(userId, { limit, ...(after ? { after: { updatedAt: after[0]!, id: after[1]! } } : {}) }),
        (row) => [row.updated_at, row.id],
      );
      return { items: rows.map(toWorkspace), nextCursor };
    },

    async update(userId: string, id: string, input: Partial<WorkspaceInput>) {
      const name = input.name?.trim();
      if (name === '') throw new AppError('workspace_name_invalid', 400, 'a workspace needs a name that is not blank');
      const changes = {
        ...(name !== undefined ? { name } : {}),
        ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
        updated_at: new Date().toISOString(),
      };
      if (!(await store.update(userId, id, changes)))
        throw new AppError('workspace_not_found', 404, `no workspace ${id}`);
      return toWorkspace(await workspaceOf(userId, id));
    },

    async remove(userId: string, id: string, origin: RequestOrigin) {
      const workspace = await workspaceOf(userId, id);
      if (!(await store.remove(userId, id))) throw new AppError('workspace_not_found', 404, `no workspace ${id}`);
      await audit.record({
        event: 'workspace_deleted',
        outcome: 'success',
        actorId: userId,
        targetId: id,
        origin,
        details: { name: workspace.name, files: workspace.file_count, bytes: workspace.bytes },
      });
    },

    async files(userId: string, id: string) {
      await workspaceOf(userId, id);
      return (await store.files(id)).map(toFileMeta).sort(byPath);
    },

    /** A text file with its content; 415 for a binary file (served raw instead). */
    async readText(userId: string, id: string, rawPath: string) {
      const path = normalizeWorkspacePath(rawPath);
      await workspaceOf(userId, id);
      const file = await store.file(id, path);
      if (!file) throw fileNotFound(path);
      const content = file.is_text === 1 ? decodeUtf8(file.content) : undefined;
      if (content === undefined)
        throw new AppError('workspace_file_binary', 415, `${path} is a binary file (${file.mime}); download it raw`, {
          extra: { path, mime: file.mime, rawUrl: `/api/workspaces/${id}/raw?path=${encodeURIComponent(path)}` },
        });
      return { ...toFileMeta(file), content };
    },

    async readRaw(userId: string, id: string, rawPath: string) {
      const path = normalizeWorkspacePath(rawPath);
      await workspaceOf(userId, id);
      const file = await store.file(id, path);
      if (!file) throw fileNotFound(path);
      return { path, mime: file.mime, text: file.is_text === 1, content: file.content };
    },

    async write(userId: string, id: string, input: { path: string; content: string; baseSha256?: string | null }) {
      const path = normalizeWorkspacePath(input.path);
      await workspaceOf(userId, id);
      return store.transaction((tx) => saveText(tx, id, path, input.content, input.baseSha256));
    },

    async removeFile(userId: string, id: string, rawPath: string) {
      const path = normalizeWorkspacePath(rawPath);
      await workspaceOf(userId, id);
      const removed = await store.transaction(async (tx) => {
        await tx.touch(id, new Date().toISOString());
        return tx.removeFile(id, path);
      });
      if (!removed) throw fileNotFound(path);
    },

    /** Moves a file, or every file under a folder; 409 if any target exists. */
    async move(userId: string, id: string, input: { from: string; to: string }) {
      const from = normalizeWorkspacePath(input.from);
      const to = normalizeWorkspacePath(input.to);
      await workspaceOf(userId, id);
      if (isAtOrUnder(to, from))
        throw new AppError('workspace_move_invalid', 400, `cannot move ${from} to ${to}: that is itself or inside it`);
      const moved = await store.transaction(async (tx) => {
        const now = new Date().toISOString();
        await tx.touch(id, now);
        const existing = await tx.files(id);
        const sources = existing.filter((file) => isAtOrUnder(file.path, from));
        if (sources.length === 0) throw fileNotFound(from);
        const renames = sources.map((file) => ({ from: file.path, to: to + file.path.slice(from.length) }));
        // Each target is checked like a new path (length, depth), then against what is there.
        for (const rename of renames) normalizeWorkspacePath(rename.to);
        const taken = new Set(existing.map((file) => file.path));
        const collision = renames.find((rename) => taken.has(rename.to));
        if (collision)
          throw new AppError('workspace_file_exists', 409, `${collision.to} exists already`, {
            extra: { path: collision.to },
          });
        const staying = existing.filter((file) => !isAtOrUnder(file.path, from)).map((file) => file.path);
        const clash = findFolderClash(
          staying,
          renames.map((rename) => rename.to),
        );
        if (clash)
          throw new AppError(
            'workspace_path_conflict',
            409,
            `${clash[0]} cannot exist beside ${clash[1]} (a file and a folder)`,
            {
              extra: { path: clash[0], conflictsWith: clash[1] },
            },
          );
        for (const rename of renames) await tx.rename(id, rename.from, rename.to, now);
        return renames.length;
      });
      return { from, to, moved };
    },

    /**
     * Stores uploaded files, checked by content, all or none: one refused file (type, size,
     * quota, path) stores nothing.
     */
    async upload(userId: string, id: string, files: readonly UploadedFile[], dir?: string) {
      await workspaceOf(userId, id);
      if (files.length === 0) throw new AppError('workspace_upload_empty', 400, 'the upload holds no files');
      const folder = dir ? normalizeWorkspacePath(dir) : undefined;
      const now = new Date().toISOString();
      const rows: WorkspaceFileRow[] = [];
      const seen = new Set<string>();
      for (const file of files) {
        const path = normalizeWorkspacePath(folder ? `${folder}/${file.path}` : file.path);
        if (seen.has(path))
          throw new AppError('workspace_upload_duplicate', 400, `${path} was sent twice`, { extra: { path } });
        seen.add(path);
        if (file.bytes.length > WORKSPACE_LIMITS.fileBytes) tooLarge(path);
        rows.push(fileRow(id, path, file.bytes, await classify(path, file.bytes), now));
      }
      await store.transaction(async (tx) => {
        await tx.touch(id, now);
        await checkWrites(tx, id, rows);
        for (const row of rows) await tx.upsert(row);
      });
      return rows.map(toFileMeta).sort(byPath);
    },

    /**
     * The text files a review of `paths` (files or folders; all when absent) would read, each
     * flagged when it was named itself; 404 naming a path that matches nothing.
     */
    async textFilesUnder(userId: string, id: string, paths?: readonly string[]) {
      const workspace = await workspaceOf(userId, id);
      const wanted = paths?.map(normalizeWorkspacePath);
      const all = (await store.files(id)).sort(byPath);
      for (const path of wanted ?? []) if (!all.some((file) => isAtOrUnder(file.path, path))) throw fileNotFound(path);
      const files = all
        .filter((file) => file.is_text === 1 && (!wanted || wanted.some((path) => isAtOrUnder(file.path, path))))
        .map((file) => ({ path: file.path, size: file.size, named: wanted?.includes(file.path) ?? false }));
      return { workspace: { id: workspace.id, name: workspace.name }, files };
    },

    /** The content and version of text files, in the order asked. */
    async readTexts(userId: string, id: string, paths: readonly string[]) {
      await workspaceOf(userId, id);
      const rows = new Map((await store.filesAt(id, paths)).map((row) => [row.path, row]));
      return paths.map((path) => {
        const row = rows.get(path);
        const content = row?.is_text === 1 ? decodeUtf8(row.content) : undefined;
        if (!row || content === undefined) throw fileNotFound(path);
        return { path, content, sha256: row.sha256 };
      });
    },

    /**
     * Replaces a text file only if it is still the version `expectedSha256`, inside a
     * transaction another module opened (a review applying a fix). False when the file changed,
     * is gone, or the workspace is gone.
     */
    async replaceTextIn(
      transaction: Kysely<Database>,
      id: string,
      path: string,
      expectedSha256: string,
      content: string,
    ): Promise<boolean> {
      try {
        await saveText(store.on(transaction), id, path, content, expectedSha256);
        return true;
      } catch (error) {
        if (error instanceof AppError && ['workspace_file_changed', 'workspace_not_found'].includes(error.code))
          return false;
        throw error;
      }
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
