/** Database factories for the shared suites: a fresh SQLite file or PostgreSQL schema per call, dropped by `drop`. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type IndexerDb } from "../db/index.js";

export interface TestDatabase {
  url: string;
  open(): Promise<IndexerDb>;
  drop(): Promise<void>;
}
export type DatabaseFactory = () => Promise<TestDatabase>;

export const sqliteFactory: DatabaseFactory = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dsp-indexer-db-"));
  const url = `file:${path.join(dir, "index.db")}`;
  return { url, open: () => openDatabase(url), drop: async () => rmSync(dir, { recursive: true, force: true }) };
};

export const PG_URL = process.env.DSP_TEST_PG ?? "postgresql://postgres@127.0.0.1:5432/test";

async function pgQuery(sql: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Starts the machine's PostgreSQL cluster if nothing answers (CI and dev machines have one installed). */
export async function ensurePostgres() {
  try {
    return await pgQuery("SELECT 1");
  } catch {
    const version = readdirSync("/etc/postgresql")[0];
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]);
    await pgQuery("SELECT 1");
  }
}

export const postgresFactory: DatabaseFactory = async () => {
  const schema = `idx_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const url = `${PG_URL}?schema=${schema}`;
  return { url, open: () => openDatabase(url), drop: () => pgQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
};

/** Declares `suite` once per database the indexer supports, each inside describe("on <name>"), PostgreSQL started if need be. */
export function onEachDatabase(suite: (name: string, factory: DatabaseFactory) => void) {
  const kinds: [string, DatabaseFactory, () => Promise<void>][] = [["SQLite", sqliteFactory, async () => {}], ["PostgreSQL", postgresFactory, ensurePostgres]];
  for (const [name, factory, setup] of kinds) {
    describe(`on ${name}`, () => {
      before(setup);
      suite(name, factory);
    });
  }
}
