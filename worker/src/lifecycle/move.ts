import { type KeyOf, type MachineDef, type MoveDef, type MoveOf, sqlList } from "./machine";

type Value = string | number | null;

/** What a move may carry besides the status change. */
export interface MoveOptions {
  /** Other columns to write in the same statement (e.g. `next_check_at`, `hold_until`). */
  set?: Readonly<Record<string, Value>>;
  /**
   * More conditions ANDed to the status guard, with their own `?` parameters (e.g.
   * `hold_until <= ?`, or an `EXISTS (…)` on another table for moves batched with an insert).
   */
  also?: { sql: string; args: readonly Value[] };
  /** Integer columns to add one to (e.g. `attempts`). */
  increment?: readonly string[];
  /** The time stamped into `updated_at`; defaults to now. */
  now?: string;
}

const COLUMN = /^[a-z_]+$/;

/**
 * The one way a lifecycle row changes status: a single `UPDATE … SET status = <to>
 * WHERE <key> AND status IN (<from>) [AND <also>]`. Run it alone with {@link move} or put it in a
 * `db.batch` with the writes it belongs to; either way a row that is no longer in a `from` state
 * is left untouched, so concurrent webhooks, page calls and cron passes apply each move once.
 * `key` may be `{}` for a bulk move only when `also` narrows it (e.g. the cron's expiry sweep).
 */
export function moveStmt<M extends MachineDef>(
  db: D1Database,
  machine: M,
  name: MoveOf<M>,
  key: KeyOf<M> | Record<string, never>,
  opts: MoveOptions = {},
): D1PreparedStatement {
  const def = machine.moves[name] as MoveDef<string> | undefined;
  if (!def) throw new Error(`${machine.table}: no move "${name}"`);
  const sets: string[] = [];
  const args: Value[] = [];
  if (def.to !== null) {
    sets.push("status = ?");
    args.push(def.to);
  }
  sets.push("updated_at = ?");
  args.push(opts.now ?? new Date().toISOString());
  for (const [col, value] of Object.entries(opts.set ?? {})) {
    if (!COLUMN.test(col) || col === "status") throw new Error(`${machine.table}: cannot set ${col}`);
    sets.push(`${col} = ?`);
    args.push(value);
  }
  for (const col of opts.increment ?? []) {
    if (!COLUMN.test(col)) throw new Error(`${machine.table}: cannot increment ${col}`);
    sets.push(`${col} = ${col} + 1`);
  }
  const where: string[] = [];
  const keyEntries = Object.entries(key as Record<string, string>);
  if (keyEntries.length === 0 && !opts.also) throw new Error(`${machine.table}: a bulk move needs a condition`);
  for (const [col, value] of keyEntries) {
    if (!machine.key.includes(col)) throw new Error(`${machine.table}: ${col} is not a key column`);
    where.push(`${col} = ?`);
    args.push(value);
  }
  where.push(`status IN ${sqlList(def.from)}`);
  if (opts.also) {
    where.push(`(${opts.also.sql})`);
    args.push(...opts.also.args);
  }
  return db.prepare(`UPDATE ${machine.table} SET ${sets.join(", ")} WHERE ${where.join(" AND ")}`).bind(...args);
}

/** Runs one {@link moveStmt} on its own; true when a row moved, false when the guard refused it. */
export async function move<M extends MachineDef>(
  db: D1Database,
  machine: M,
  name: MoveOf<M>,
  key: KeyOf<M> | Record<string, never>,
  opts: MoveOptions = {},
): Promise<boolean> {
  return (await moveStmt(db, machine, name, key, opts).run()).meta.changes > 0;
}

/** Did the batched statement at this index move a row? */
export function moved(result: D1Result | undefined): boolean {
  return (result?.meta.changes ?? 0) > 0;
}
