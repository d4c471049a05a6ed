// Kysely builds and compiles every query anew, and for the dozen small queries of a chat turn
// that was the largest share of the server's CPU after the provider stream (bench:stream
// --cpu-prof: 15 % of busy time, more than running the statements). A query whose shape never
// changes is built once with a slot for each value; each call only puts its values in.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** Where a call's value goes: compiled into the query's parameters, replaced on every call. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * A query of fixed shape. `build` is called once, on the first call, with a slot in place of
 * each of that call's params, so params may stand only where values go (not in IN lists, column
 * names or optional parts), and every call passes the same keys (`values(params)` inserts them
 * all). Runs on `db`, or in a transaction when one is passed.
 */
export function prepared<Params extends object, Row>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, params: Params) => Compilable<Row>,
) {
  let compiled: CompiledQuery<Row> | undefined;
  return (params: Params, executor: Kysely<Database> = db): Promise<QueryResult<Row>> => {
    compiled ??= build(
      db,
      Object.fromEntries(Object.keys(params).map((name) => [name, new Slot(name)])) as Params,
    ).compile();
    const values = params as Record<string, unknown>;
    const parameters = compiled.parameters.map((value) => {
      if (!(value instanceof Slot)) return value;
      const given = values[value.name];
      if (given === undefined) throw new TypeError(`prepared query: no value for ${value.name}`);
      return given;
    });
    return executor.executeQuery({ ...compiled, parameters });
  };
}
