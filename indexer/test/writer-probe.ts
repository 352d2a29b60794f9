/**
 * Tells whether a (frozen) indexer process is inside a database transaction it has already
 * written to, so a crash test can kill it exactly there and know it did.
 * - SQLite (WAL): the writer holds the write lock from its first write to its commit, so a
 *   `BEGIN IMMEDIATE` with no busy timeout fails with SQLITE_BUSY then, and only then.
 * - PostgreSQL: the indexer connects with its own application_name. Its transaction has
 *   uncommitted writes while one of its backends holds a RowExclusiveLock (INSERT, UPDATE and
 *   DELETE take one, the transaction's end drops it); the backend being "idle in transaction"
 *   besides means it waits for the (frozen) client, whose COMMIT will then never come.
 */
import SQLite from "better-sqlite3";
import pg from "pg";
import { databaseKind } from "../db/index.js";

export interface WriterProbe {
  /** The database URL to give the indexer (on PostgreSQL it carries the application_name looked for). */
  url: string;
  /** The frozen indexer is inside a transaction with uncommitted writes that a kill now would lose. */
  midWrite(): Promise<boolean>;
  /** Some transaction of the indexer has uncommitted writes (false once it committed). */
  writing(): Promise<boolean>;
  close(): Promise<void>;
}

export async function writerProbe(databaseUrl: string): Promise<WriterProbe> {
  if (databaseKind(databaseUrl) === "sqlite") {
    const raw = new SQLite(databaseUrl.slice("file:".length));
    raw.pragma("busy_timeout = 0"); // answer at once, never wait for the lock
    // SQLITE_PROTOCOL: the WAL index moved under the look (the writer, or a checkpoint, was at it); with no busy
    // timeout SQLite gives up at once instead of retrying itself. Not an answer either way: look again.
    const locked = async () => {
      for (let tries = 0; ; tries++) {
        try {
          raw.exec("BEGIN IMMEDIATE");
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === "SQLITE_BUSY") return true;
          if (code === "SQLITE_PROTOCOL" && tries < 50) {
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          throw e;
        }
        raw.exec("ROLLBACK");
        return false;
      }
    };
    return { url: databaseUrl, midWrite: locked, writing: locked, close: async () => void raw.close() };
  }
  const name = `dsp-crash-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const url = new URL(databaseUrl);
  url.searchParams.set("application_name", name);
  const schemaless = new URL(url);
  schemaless.searchParams.delete("schema");
  schemaless.searchParams.delete("application_name");
  const client = new pg.Client({ connectionString: schemaless.toString() });
  await client.connect();
  const holding = async (idleOnly: boolean) => {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE a.application_name = $1 AND l.locktype = 'relation' AND l.mode = 'RowExclusiveLock' AND l.granted
          AND ($2::boolean IS FALSE OR a.state = 'idle in transaction')`,
      [name, idleOnly]);
    return rows[0].n > 0;
  };
  return {
    url: url.toString(),
    // twice: a COMMIT the client sent just before it froze may still sit unread in the socket on the first look
    midWrite: async () => (await holding(true)) && (await holding(true)),
    writing: () => holding(false),
    close: () => client.end(),
  };
}
