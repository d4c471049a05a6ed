import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { ownTransactions, type Transact } from '../../platform/db/group-commit.js';
import { prepared } from '../../platform/db/prepared.js';
import type {
  ChatImagesTable,
  ChatMessagesTable,
  ChatPreferencesTable,
  ChatSessionsTable,
  Database,
  MessageStatus,
} from '../../platform/db/schema.js';

export type SessionRow = ChatSessionsTable;
export type MessageRow = ChatMessagesTable;
export type ImageRow = ChatImagesTable;
export type PreferencesRow = ChatPreferencesTable;
/** What a message view shows of an image (its bytes come from GET /api/chat/images/:id). */
export type ImageMeta = Pick<ImageRow, 'id' | 'message_id' | 'position' | 'media_type' | 'size'>;
/** What a finished (or stopped, or failed) answer stores. */
export type FinishedMessage = Pick<
  MessageRow,
  | 'content'
  | 'reasoning'
  | 'status'
  | 'error_code'
  | 'citations'
  | 'provider'
  | 'model'
  | 'route_reason'
  | 'finish_reason'
  | 'input_tokens'
  | 'output_tokens'
  | 'cost_micros'
  | 'ttft_ms'
  | 'duration_ms'
  | 'updated_at'
>;

/** A new message: the given columns, every other one empty (updated when created). */
export function messageRow(
  fields: Pick<MessageRow, 'id' | 'session_id' | 'seq' | 'role' | 'content' | 'status' | 'created_at'> &
    Partial<MessageRow>,
): MessageRow {
  return {
    reasoning: null,
    error_code: null,
    run_id: null,
    provider: null,
    model: null,
    agent: null,
    task_kind: null,
    route_reason: null,
    citations: null,
    finish_reason: null,
    input_tokens: null,
    output_tokens: null,
    cost_micros: null,
    ttft_ms: null,
    duration_ms: null,
    context_dropped: null,
    image_count: null,
    updated_at: fields.created_at,
    ...fields,
  };
}

// A literal, not a bound value: a planner sees from the query itself that the partial index of
// running answers applies.
const STREAMING = sql.lit<MessageStatus>('streaming');

/** `transact` runs the writes of every turn (platform/db/group-commit.ts on SQLite). */
export function createChatStore(db: Kysely<Database>, transact: Transact = ownTransactions(db)) {
  // The queries of every chat turn, built once (platform/db/prepared.ts).
  const findSession = prepared(db, (db, p: { id: string; userId: string }) =>
    db.selectFrom('chat_sessions').selectAll().where('id', '=', p.id).where('user_id', '=', p.userId),
  );
  // A turn's session, with the user's instructions for every chat (one query).
  const findTurnSession = prepared(db, (db, p: { id: string; userId: string }) =>
    db
      .selectFrom('chat_sessions')
      .leftJoin('chat_preferences', 'chat_preferences.user_id', 'chat_sessions.user_id')
      .selectAll('chat_sessions')
      .select('chat_preferences.instructions as user_instructions')
      .where('chat_sessions.id', '=', p.id)
      .where('chat_sessions.user_id', '=', p.userId),
  );
  const messages = prepared(db, (db, p: { sessionId: string }) =>
    db.selectFrom('chat_messages').selectAll().where('session_id', '=', p.sessionId).orderBy('seq'),
  );
  const insertMessage = prepared(db, (db, row: MessageRow) => db.insertInto('chat_messages').values(row));
  const touchSession = prepared(db, (db, p: { id: string; updatedAt: string; title: string | null }) =>
    db
      .updateTable('chat_sessions')
      .set({ updated_at: p.updatedAt, title: sql<string>`coalesce(${p.title}, ${sql.ref('title')})` })
      .where('id', '=', p.id),
  );
  const finish = prepared(db, (db, { id, ...changes }: FinishedMessage & { id: string }) =>
    db.updateTable('chat_messages').set(changes).where('id', '=', id),
  );

  return {
    insertSession: (row: SessionRow) => db.insertInto('chat_sessions').values(row).execute(),
    findSession: async (userId: string, id: string): Promise<SessionRow | undefined> =>
      (await findSession({ id, userId })).rows[0],
    findTurnSession: async (userId: string, id: string) => (await findTurnSession({ id, userId })).rows[0],
    async listSessions(
      userId: string,
      options: { limit: number; query?: string; after?: { updatedAt: string; id: string } },
    ) {
      let query = db
        .selectFrom('chat_sessions')
        .selectAll()
        .select(sql<string | null>`null`.as('match_id'))
        .where('user_id', '=', userId);
      if (options.query) {
        // `%` and `_` typed by the user act as wildcards; they can only widen the search.
        const pattern = `%${options.query.toLowerCase()}%`;
        // The session's last message that holds the text (null when only the title does).
        const match = (eb: ExpressionBuilder<Database, 'chat_sessions'>) =>
          eb
            .selectFrom('chat_messages')
            .select('chat_messages.id')
            .whereRef('chat_messages.session_id', '=', 'chat_sessions.id')
            .where((inner) => inner(inner.fn('lower', ['chat_messages.content']), 'like', pattern))
            .orderBy('chat_messages.seq', 'desc')
            .limit(1);
        query = db
          .selectFrom('chat_sessions')
          .selectAll()
          .select((eb) => match(eb).as('match_id'))
          .where('user_id', '=', userId)
          .where((eb) => eb.or([eb(eb.fn('lower', ['title']), 'like', pattern), eb.exists(match(eb))]));
      }
      const after = options.after;
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('updated_at', 'id'), '<', tuple(after.updatedAt, after.id)),
        );
      }
      return query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    },
    /** Messages by id, for what a search found in them. */
    messagesById: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('chat_messages').select(['id', 'role', 'content']).where('id', 'in', ids).execute(),
    updateSession: (id: string, changes: Partial<Pick<SessionRow, 'title' | 'instructions' | 'updated_at'>>) =>
      db.updateTable('chat_sessions').set(changes).where('id', '=', id).execute(),
    async deleteSession(userId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('chat_sessions')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    preferences: (userId: string) =>
      db.selectFrom('chat_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst(),
    /** Sets the user's preferences (a row is made on the first change). */
    savePreferences: (row: PreferencesRow) =>
      db
        .insertInto('chat_preferences')
        .values(row)
        .onConflict((conflict) =>
          conflict.column('user_id').doUpdateSet({ instructions: row.instructions, updated_at: row.updated_at }),
        )
        .execute(),

    messages: async (sessionId: string): Promise<MessageRow[]> => (await messages({ sessionId })).rows,
    findMessage: (sessionId: string, id: string) =>
      db
        .selectFrom('chat_messages')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('id', '=', id)
        .executeTakeFirst(),
    findMessageByRun: (runId: string) =>
      db.selectFrom('chat_messages').selectAll().where('run_id', '=', runId).executeTakeFirst(),
    /**
     * The user's message (with its images) and the assistant's placeholder, with the session's
     * changes, together or not at all.
     */
    insertTurn: (rows: MessageRow[], session: { updatedAt: string; title?: string }, images: ImageRow[] = []) =>
      transact(async (trx) => {
        for (const row of rows) await insertMessage(row, trx);
        // One statement per image: a multi-row insert of a few large values saves nothing.
        for (const image of images) await trx.insertInto('chat_images').values(image).execute();
        await touchSession(
          { id: rows[0]!.session_id, updatedAt: session.updatedAt, title: session.title ?? null },
          trx,
        );
      }),
    /**
     * The text so far of answers still streaming, a statement per hundred answers. An answer that
     * finished meanwhile keeps its final text (status is no longer 'streaming').
     */
    async saveProgress(texts: Array<{ messageId: string; content: string }>, updatedAt: string) {
      for (let start = 0; start < texts.length; start += 100) {
        const chunk = texts.slice(start, start + 100);
        const cases = sql.join(
          chunk.map(({ messageId, content }) => sql`when ${messageId} then ${content}`),
          sql` `,
        );
        await db
          .updateTable('chat_messages')
          .set({ content: sql<string>`case id ${cases} else content end`, updated_at: updatedAt })
          .where(
            'id',
            'in',
            chunk.map(({ messageId }) => messageId),
          )
          .where('status', '=', 'streaming')
          .execute();
      }
    },
    updateMessage: (id: string, changes: Partial<MessageRow>) =>
      db.updateTable('chat_messages').set(changes).where('id', '=', id).execute(),
    /** The finished answer and its usage, in one transaction. */
    finishMessage: (
      id: string,
      changes: FinishedMessage,
      alsoInTransaction?: (trx: Kysely<Database>) => Promise<unknown>,
    ) =>
      transact(async (trx) => {
        await finish({ ...changes, id }, trx);
        await alsoInTransaction?.(trx);
      }),
    /** Copies a session's messages up to `seq` (and their images) into a new session (a fork). */
    forkSession: (session: SessionRow, messages: MessageRow[], images: ImageRow[] = []) =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('chat_sessions').values(session).execute();
        if (messages.length > 0) await trx.insertInto('chat_messages').values(messages).execute();
        for (const image of images) await trx.insertInto('chat_images').values(image).execute();
      }),
    /** What the message views show of a session's images, in order. */
    imagesOf: (sessionId: string): Promise<ImageMeta[]> =>
      db
        .selectFrom('chat_images')
        .select(['id', 'message_id', 'position', 'media_type', 'size'])
        .where('session_id', '=', sessionId)
        .orderBy('message_id')
        .orderBy('position')
        .execute(),
    /** A session's images with their bytes, in order (for forks). */
    imageDataOf: (sessionId: string): Promise<ImageRow[]> =>
      db
        .selectFrom('chat_images')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('message_id')
        .orderBy('position')
        .execute(),
    /** Images with their bytes, in their messages' order (for the history a model reads). */
    imageData: async (ids: readonly string[]): Promise<ImageRow[]> =>
      ids.length === 0
        ? []
        : db
            .selectFrom('chat_images')
            .selectAll()
            .where('id', 'in', ids)
            .orderBy('message_id')
            .orderBy('position')
            .execute(),
    /** One image, if it is in a session of this user. */
    findImage: (userId: string, imageId: string) =>
      db
        .selectFrom('chat_images')
        .innerJoin('chat_sessions', 'chat_sessions.id', 'chat_images.session_id')
        .select(['chat_images.media_type', 'chat_images.data', 'chat_images.size'])
        .where('chat_images.id', '=', imageId)
        .where('chat_sessions.user_id', '=', userId)
        .executeTakeFirst(),
    streamingForUser: (userId: string) =>
      db
        .selectFrom('chat_messages')
        .innerJoin('chat_sessions', 'chat_sessions.id', 'chat_messages.session_id')
        .selectAll('chat_messages')
        .where('chat_sessions.user_id', '=', userId)
        .where('chat_messages.status', '=', STREAMING)
        .orderBy('chat_messages.created_at', 'desc')
        .execute(),
    /** Answers left 'streaming' by a process that died: marked aborted, keeping their partial text. */
    async interruptStale(before: string): Promise<number> {
      const result = await db
        .updateTable('chat_messages')
        .set({ status: 'aborted', error_code: 'interrupted', updated_at: new Date().toISOString() })
        .where('status', '=', STREAMING)
        .where('updated_at', '<', before)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
