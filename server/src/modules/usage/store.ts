import { sql, type Kysely } from 'kysely';
import { ownTransactions, type Transact } from '../../platform/db/group-commit.js';
import { prepared } from '../../platform/db/prepared.js';
import type { Database, UsageRecordsTable } from '../../platform/db/schema.js';

export type UsageRow = UsageRecordsTable;

export function createUsageStore(db: Kysely<Database>, transact: Transact = ownTransactions(db)) {
  // Both run on every chat turn.
  const insert = prepared(db, (db, row: UsageRow) => db.insertInto('usage_records').values(row));
  const budget = prepared(db, (db, p: { userId: string }) =>
    db.selectFrom('user_budgets').select('monthly_limit_micros').where('user_id', '=', p.userId),
  );
  return {
    /** In the caller's transaction when one is passed. */
    insert: (row: UsageRow, trx?: Kysely<Database>) => (trx ? insert(row, trx) : transact((trx) => insert(row, trx))),
    /** Tokens, cost and calls per day and model within [from, to] (days as YYYY-MM-DD). */
    byDayAndModel(filter: { userId?: string; from: string; to: string }) {
      let query = db
        .selectFrom('usage_records')
        .select((eb) => [
          'day',
          'provider',
          'model',
          eb.fn.sum<string | number>('input_tokens').as('input_tokens'),
          eb.fn.sum<string | number>('output_tokens').as('output_tokens'),
          eb.fn.sum<string | number>('cost_micros').as('cost_micros'),
          eb.fn.countAll<string | number>().as('calls'),
          eb.fn.avg<string | number>('latency_ms').as('avg_latency_ms'),
        ])
        .where('day', '>=', filter.from)
        .where('day', '<=', filter.to);
      if (filter.userId) query = query.where('user_id', '=', filter.userId);
      return query.groupBy(['day', 'provider', 'model']).orderBy('day').orderBy('model').execute();
    },
    byUser(filter: { from: string; to: string }) {
      return db
        .selectFrom('usage_records')
        .innerJoin('users', 'users.id', 'usage_records.user_id')
        .select((eb) => [
          'usage_records.user_id',
          'users.email',
          eb.fn.sum<string | number>('usage_records.input_tokens').as('input_tokens'),
          eb.fn.sum<string | number>('usage_records.output_tokens').as('output_tokens'),
          eb.fn.sum<string | number>('usage_records.cost_micros').as('cost_micros'),
          eb.fn.countAll<string | number>().as('calls'),
        ])
        .where('usage_records.day', '>=', filter.from)
        .where('usage_records.day', '<=', filter.to)
        .groupBy(['usage_records.user_id', 'users.email'])
        .orderBy(sql`sum(usage_records.cost_micros)`, 'desc')
        .execute();
    },
    async spentSince(userId: string, day: string): Promise<number> {
      const row = await db
        .selectFrom('usage_records')
        .select((eb) => eb.fn.sum<string | number>('cost_micros').as('cost'))
        .where('user_id', '=', userId)
        .where('day', '>=', day)
        .executeTakeFirst();
      return Number(row?.cost ?? 0);
    },
    async budget(userId: string): Promise<number | undefined> {
      const [row] = (await budget({ userId })).rows;
      return row ? Number(row.monthly_limit_micros) : undefined;
    },
    async setBudget(userId: string, limitMicros: number | null) {
      if (limitMicros === null) {
        await db.deleteFrom('user_budgets').where('user_id', '=', userId).execute();
        return;
      }
      const updated_at = new Date().toISOString();
      await db
        .insertInto('user_budgets')
        .values({ user_id: userId, monthly_limit_micros: limitMicros, updated_at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ monthly_limit_micros: limitMicros, updated_at }))
        .execute();
    },
  };
}

export type UsageStore = ReturnType<typeof createUsageStore>;
