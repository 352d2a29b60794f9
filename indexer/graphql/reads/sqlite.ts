/**
 * The Reads of index.ts as prepared better-sqlite3 statements, one join each, on a read-only
 * connection of their own to the indexer's SQLite file. The database is in WAL mode (db/index.ts
 * sets it, and it stays with the file), so these reads run beside the syncer's writes and each
 * statement sees one committed snapshot.
 *
 * Rows come back as Prisma gives them: columns declared BOOLEAN as booleans (Prisma stores 0/1),
 * BIGINT as bigint, INTEGER as number. The statements read integers as bigint (safeIntegers) and
 * each one's row builder is made once from the declared types of its result columns, so a schema
 * change needs no edit here.
 */
import SQLite from "better-sqlite3";

type Database = InstanceType<typeof SQLite>;
import type { EndpointRow, FileRow, FilesQuery, HolderWithHost, NodeRow, NodesQuery, Reads } from "./index.js";

type Row = Record<string, unknown>;

/** A prepared statement whose rows are converted to Prisma's types. */
interface Query<T> {
  get(...params: unknown[]): T | undefined;
  all(...params: unknown[]): T[];
}

function prepare<T>(conn: Database, sql: string): Query<T> {
  const stmt = conn.prepare(sql).safeIntegers(true).raw(true);
  // Rows as arrays, made into objects by a literal of fixed shape built for this statement: half
  // the cost of better-sqlite3's own row objects (21 File rows: ~65 us against ~130 us here).
  const fields = stmt.columns().map((c, i) => {
    const v = `v[${i}]`;
    const type = c.type?.toUpperCase();
    const value = type === "BOOLEAN" ? `(${v} === null ? null : ${v} !== 0n)` : type === "INTEGER" ? `(${v} === null ? null : Number(${v}))` : v;
    return `${JSON.stringify(c.name)}: ${value}`; // BIGINT stays bigint, TEXT string
  });
  const row = new Function("v", `return { ${fields.join(", ")} };`) as (v: unknown[]) => T;
  return {
    get: (...params) => {
      const v = stmt.get(...params) as unknown[] | undefined;
      return v && row(v);
    },
    all: (...params) => (stmt.all(...params) as unknown[][]).map(row),
  };
}

/** Statements that differ only in which optional filters they have, prepared on first use. */
function variants<T>(conn: Database, sqlOf: (key: string) => string) {
  const cache = new Map<string, Query<T>>();
  return (key: string) => {
    let q = cache.get(key);
    if (!q) cache.set(key, (q = prepare<T>(conn, sqlOf(key))));
    return q;
  };
}

const bool = (b: boolean) => (b ? 1 : 0);

export function sqliteReads(file: string): Reads {
  const conn = new SQLite(file, { readonly: true, fileMustExist: true });

  const file_ = prepare<FileRow>(conn, `SELECT * FROM "File" WHERE "fileHash" = ?`);
  const node = prepare<NodeRow>(conn, `SELECT * FROM "Node" WHERE "address" = ?`);
  // key: active (0, 1 or any) and whether one file (=) or several (a JSON array of keys) is asked
  const holders = variants<HolderWithHost>(conn, (key) => {
    const [active, one] = key.split(" ");
    return `SELECT h.*, n."hostAddr" FROM "Holder" h LEFT JOIN "Node" n ON n."address" = h."node"
     WHERE h."fileHash" ${one === "one" ? "= ?" : `IN (SELECT value FROM json_each(?))`} ${active === "any" ? "" : `AND h."active" = ${active}`}
     ORDER BY h."fileHash", h."node"`;
  });
  // key: one letter per filter present (o owner, h holder, v valid, a after)
  // With a holder, its index (node, fileHash) gives the order, as (owner, fileHash) does for an owner.
  const files = variants<FileRow>(conn, (key) => {
    const by = key.includes("h") ? `h."fileHash"` : `f."fileHash"`;
    const where = [
      ...(key.includes("h") ? [`h."node" = @holder`, `h."active" = 1`] : []),
      ...(key.includes("o") ? [`f."owner" = @owner`] : []),
      ...(key.includes("v") ? [`f."valid" = @valid`] : []),
      ...(key.includes("a") ? [`${by} > @after`] : []),
    ];
    return `SELECT f.* FROM ${key.includes("h") ? `"Holder" h JOIN "File" f ON f."fileHash" = h."fileHash"` : `"File" f`}
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${by} LIMIT @take`;
  });
  const nodes = variants<NodeRow>(conn, (key) => {
    const where = [...(key.includes("s") ? [`"status" = @status`] : []), ...(key.includes("a") ? [`"address" > @after`] : [])];
    return `SELECT * FROM "Node" ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY "address" LIMIT @take`;
  });
  const endpointCols = `a."walletAddr", a."hostAddr", a."type", a."timestamp", a."ttl", a."expiresAt"`;
  // The File row is there (known) even when no endpoint announced the file: one row of NULLs then.
  const peers = prepare<EndpointRow & { known: string; walletAddr: string | null }>(conn,
    `SELECT f."fileHash" AS known, ${endpointCols} FROM "File" f
     LEFT JOIN "AnnouncedFile" af ON af."fileHash" = f."fileHash" AND af."expiresAt" > @now
     LEFT JOIN "Announcement" a ON a."walletAddr" = af."walletAddr"
     WHERE f."fileHash" = @fileHash ORDER BY af."timestamp" DESC, af."walletAddr" LIMIT @take`);
  const endpoint = prepare<EndpointRow>(conn, `SELECT ${endpointCols} FROM "Announcement" a WHERE a."walletAddr" = ? AND a."expiresAt" > ?`);

  // better-sqlite3 is synchronous: each read is done by the time its promise is made.
  return {
    file: async (fileHash) => file_.get(fileHash) ?? null,
    async holders(fileHashes, active) {
      const one = fileHashes.length === 1;
      return holders(`${active == null ? "any" : bool(active)} ${one ? "one" : "many"}`).all(one ? fileHashes[0] : JSON.stringify(fileHashes));
    },
    async files({ owner, holder, valid, after, take }: FilesQuery) {
      const key = `${owner !== undefined ? "o" : ""}${holder !== undefined ? "h" : ""}${valid != null ? "v" : ""}${after !== undefined ? "a" : ""}`;
      const params: Row = { take };
      if (owner !== undefined) params.owner = owner;
      if (holder !== undefined) params.holder = holder;
      if (valid != null) params.valid = bool(valid);
      if (after !== undefined) params.after = after;
      return files(key).all(params);
    },
    node: async (address) => node.get(address) ?? null,
    async nodes({ status, after, take }: NodesQuery) {
      const params: Row = { take };
      if (status !== undefined) params.status = status;
      if (after !== undefined) params.after = after;
      return nodes(`${status !== undefined ? "s" : ""}${after !== undefined ? "a" : ""}`).all(params);
    },
    async peers(fileHash, now, take) {
      const rows = peers.all({ fileHash, now, take });
      if (!rows.length) return null;
      return rows.filter((r) => r.walletAddr !== null).map(({ known: _k, ...e }) => e as EndpointRow);
    },
    endpoint: async (walletAddr, now) => endpoint.get(walletAddr, now) ?? null,
    close: async () => void conn.close(),
  };
}
