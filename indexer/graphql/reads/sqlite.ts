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
import type { DealRow, EndpointRow, FileRow, FilesQuery, NodeRow, NodesQuery, Reads, SlotWithHost } from "./index.js";

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
  /** `?` is one key, or a JSON array of them */
  const keyIn = (col: string, one: boolean) => (one ? `${col} = ?` : `${col} IN (SELECT value FROM json_each(?))`);
  const oneOrMany = (keys: string[]) => (keys.length === 1 ? keys[0] : JSON.stringify(keys));
  // key: live (0, 1 or any) and one or many
  const deals = variants<DealRow>(conn, (key) => {
    const [live, one] = key.split(" ");
    return `SELECT * FROM "Deal" WHERE ${keyIn(`"fileHash"`, one === "one")} ${live === "any" ? "" : `AND "valid" = ${live}`}
      ORDER BY "fileHash", "dealId", "seq"`;
  });
  const newestDeal = prepare<DealRow>(conn, `SELECT * FROM "Deal" WHERE "dealId" = ? ORDER BY "seq" DESC LIMIT 1`);
  const dealAt = prepare<DealRow>(conn, `SELECT * FROM "Deal" WHERE "dealId" = ? AND "seq" = ?`);
  const slots = variants<SlotWithHost>(conn, (one) => `SELECT s.*, n."hostAddr" FROM "Slot" s LEFT JOIN "Node" n ON n."address" = s."node"
    WHERE ${keyIn(`s."dealId"`, one === "one")} ORDER BY s."dealId", s."seq", s."node"`);
  // key: active (1, 0 or any) and one or many
  const holders = variants<SlotWithHost>(conn, (key) => {
    const [active, one] = key.split(" ");
    return `SELECT s.*, n."hostAddr" FROM "Slot" s LEFT JOIN "Node" n ON n."address" = s."node"
     WHERE ${keyIn(`s."fileHash"`, one === "one")} ${active === "any" ? "" : `AND s."status" ${active === "1" ? "=" : "<>"} 'active'`}
     ORDER BY s."fileHash", s."node", s."dealId", s."seq"`;
  });
  // key: one letter per filter present (o owner, h holder, v valid true, n valid false, a after). The matching
  // deals of a File Hash (by the owner, actively held by the holder) decide; the owner's or the holder's index
  // (Deal (owner, fileHash), Slot (node, fileHash)) gives the File Hashes in order.
  const files = variants<FileRow>(conn, (key) => {
    const o = key.includes("o");
    const h = key.includes("h");
    const where: string[] = [];
    if (key.includes("a")) where.push(`f."fileHash" > @after`);
    if (!o && !h) {
      if (key.includes("v")) where.push(`f."liveDeals" > 0`);
      if (key.includes("n")) where.push(`f."liveDeals" = 0`);
    } else {
      where.push(h ? `f."fileHash" IN (SELECT s."fileHash" FROM "Slot" s WHERE s."node" = @holder AND s."status" = 'active')`
        : `f."fileHash" IN (SELECT d."fileHash" FROM "Deal" d WHERE d."owner" = @owner)`);
      const matching = (extra: string) => `EXISTS (SELECT 1 FROM "Deal" d WHERE d."fileHash" = f."fileHash"${o ? ` AND d."owner" = @owner` : ""}${
        h ? ` AND EXISTS (SELECT 1 FROM "Slot" s WHERE s."dealId" = d."dealId" AND s."seq" = d."seq" AND s."node" = @holder AND s."status" = 'active')` : ""}${extra})`;
      where.push(matching(""));
      if (key.includes("v")) where.push(matching(` AND d."valid" = 1`));
      if (key.includes("n")) where.push(`NOT ${matching(` AND d."valid" = 1`)}`);
    }
    return `SELECT f.* FROM "File" f ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY f."fileHash" LIMIT @take`;
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
    async deals(fileHashes, live) {
      if (!fileHashes.length) return [];
      return deals(`${live == null ? "any" : bool(live)} ${fileHashes.length === 1 ? "one" : "many"}`).all(oneOrMany(fileHashes));
    },
    deal: async (dealId, seq) => (seq === undefined ? newestDeal.get(dealId) : dealAt.get(dealId, seq)) ?? null,
    async slots(dealIds) {
      if (!dealIds.length) return [];
      return slots(dealIds.length === 1 ? "one" : "many").all(oneOrMany(dealIds));
    },
    async holders(fileHashes, active) {
      if (!fileHashes.length) return [];
      return holders(`${active == null ? "any" : bool(active)} ${fileHashes.length === 1 ? "one" : "many"}`).all(oneOrMany(fileHashes));
    },
    async files({ owner, holder, valid, after, take }: FilesQuery) {
      const key = `${owner !== undefined ? "o" : ""}${holder !== undefined ? "h" : ""}${valid === true ? "v" : valid === false ? "n" : ""}${after !== undefined ? "a" : ""}`;
      const params: Row = { take };
      if (owner !== undefined) params.owner = owner;
      if (holder !== undefined) params.holder = holder;
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
