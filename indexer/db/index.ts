/**
 * Opens the indexer's database: SQLite (`file:<path>`, the embedded default) or PostgreSQL
 * (`postgresql://...`, `?schema=name` for a schema other than public). Both run the same Prisma
 * schema through two generated clients (prisma/generate.ts), so callers see one `Db` type.
 * Creates the tables on first use from the generated DDL and records its hash; a database made by
 * another schema version is refused rather than guessed at.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import pg from "pg";
import SQLite from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaClient } from "./generated/sqlite/client.js";
import { ClientNotGenerated, SchemaMismatch, UnsupportedDatabaseUrl } from "./errors.js";

export type Db = PrismaClient;
/** The client inside `$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0] & Omit<Db, "$transaction" | "$connect" | "$disconnect" | "$on" | "$extends">;
export type DbKind = "sqlite" | "postgres";

export interface IndexerDb {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

/** What hand-written SQL needs to know of a database: placeholders and the schema tables live in. */
export interface Dialect {
  kind: DbKind;
  /** PostgreSQL schema; the Prisma adapter qualifies its own queries, raw ones must do it too. */
  schema?: string;
  /** SQLite: the database file (other connections to it, e.g. graphql/reads, open this). */
  file?: string;
}
const dialects = new WeakMap<Db, Dialect>();
/** The dialect of a client openDatabase made. */
export function dialectOf(db: Db): Dialect {
  const d = dialects.get(db);
  if (!d) throw new Error("bug: this client was not opened by openDatabase");
  return d;
}

const GENERATED = path.join(path.dirname(fileURLToPath(import.meta.url)), "generated");

function ddl(kind: DbKind) {
  const sql = readFileSync(path.join(GENERATED, `${kind}.sql`), "utf8");
  return { sql, hash: createHash("sha256").update(sql).digest("hex") };
}

async function loadClient(kind: DbKind): Promise<new (opts: { adapter: unknown }) => Db> {
  try {
    const mod = await import(kind === "sqlite" ? "./generated/sqlite/client.js" : "./generated/postgres/client.js");
    return mod.PrismaClient;
  } catch (e) {
    throw new ClientNotGenerated(e);
  }
}

export function databaseKind(url: string): DbKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new UnsupportedDatabaseUrl(url);
}

export async function openDatabase(url: string): Promise<IndexerDb> {
  const kind = databaseKind(url);
  const Client = await loadClient(kind);
  const { sql, hash } = ddl(kind);
  if (kind === "sqlite") {
    const file = url.slice("file:".length);
    const raw = new SQLite(file);
    try {
      // WAL: readers (GraphQL) never wait for the writer (sync), and commits are cheaper.
      raw.pragma("journal_mode = WAL");
      raw.pragma("synchronous = NORMAL");
      const has = raw.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='SchemaVersion'`).get();
      if (!has) {
        raw.exec("BEGIN");
        raw.exec(sql);
        raw.prepare(`INSERT INTO "SchemaVersion" ("hash", "appliedAt") VALUES (?, ?)`).run(hash, Date.now());
        raw.exec("COMMIT");
      } else {
        const found = (raw.prepare(`SELECT hash FROM "SchemaVersion"`).get() as { hash: string }).hash;
        if (found !== hash) throw new SchemaMismatch(found, hash);
      }
    } finally {
      raw.close();
    }
    const db = new Client({ adapter: new PrismaBetterSQLite3({ url: file }) });
    dialects.set(db, { kind, file });
    return { db, kind, close: () => db.$disconnect() };
  }

  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? "public";
  parsed.searchParams.delete("schema");
  const connectionString = parsed.toString();
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    await client.query(`SET search_path TO "${schema.replace(/"/g, '""')}"`);
    const has = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'SchemaVersion'`, [schema]);
    if (has.rowCount === 0) {
      await client.query("BEGIN");
      await client.query(sql);
      await client.query(`INSERT INTO "SchemaVersion" ("hash") VALUES ($1)`, [hash]);
      await client.query("COMMIT");
    } else {
      const found = (await client.query(`SELECT hash FROM "SchemaVersion"`)).rows[0].hash as string;
      if (found !== hash) throw new SchemaMismatch(found, hash);
    }
  } finally {
    await client.end();
  }
  const db = new Client({ adapter: new PrismaPg({ connectionString }, { schema }) });
  dialects.set(db, { kind, schema });
  return { db, kind, close: () => db.$disconnect() };
}
