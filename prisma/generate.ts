/**
 * `npx tsx prisma/generate.ts`: builds everything the indexer needs from prisma/schema.prisma,
 * into indexer/db/generated/ (gitignored):
 *   sqlite/      Prisma client for SQLite (the schema as written)
 *   postgres/    Prisma client for PostgreSQL (the same schema, provider swapped: a Prisma client
 *                serves one provider only, and refuses the other's driver adapter)
 *   sqlite.sql, postgres.sql   the DDL that creates the tables (`prisma migrate diff --from-empty`),
 *                applied by indexer/db itself: `db push` cannot reach PostgreSQL through the
 *                WebAssembly schema engine.
 * Skips the work when the schema has not changed since the last run (a hash in generated/).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
const OUT = path.join(ROOT, "indexer", "db", "generated");
const PRISMA = path.join(ROOT, "node_modules", ".bin", "prisma");
const CONFIG = path.join(ROOT, "prisma", "prisma.config.ts");
// No native engine exists on these machines (nor is one needed): keep the CLI from fetching one.
const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true", PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", CHECKPOINT_DISABLE: "1" };

function prisma(args: string[]) {
  return execFileSync(PRISMA, [...args, "--config", CONFIG], { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The PostgreSQL variant of the schema, written next to the generated clients. */
export function postgresSchema(source: string) {
  const out = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://unused"')
    .replace(/output\s*=\s*"[^"]*"/, 'output              = "./postgres"');
  if (!out.includes('"postgresql"') || !out.includes('"./postgres"')) throw new Error("prisma/schema.prisma: provider or output line not found");
  return out;
}

function main() {
  const source = readFileSync(SCHEMA, "utf8");
  const hash = createHash("sha256").update(source).update(readFileSync(__filename)).digest("hex");
  const stamp = path.join(OUT, "schema.sha256");
  const force = process.argv.includes("--force");
  if (!force && existsSync(stamp) && readFileSync(stamp, "utf8") === hash
    && existsSync(path.join(OUT, "sqlite", "client.ts")) && existsSync(path.join(OUT, "postgres", "client.ts"))) {
    console.log("indexer/db/generated is up to date");
    return;
  }
  mkdirSync(OUT, { recursive: true });
  // generated/ holds ESM TypeScript; tsx and tsc read the type from the nearest package.json.
  writeFileSync(path.join(OUT, "package.json"), '{ "type": "module" }\n');
  const pgSchema = path.join(OUT, "postgres.prisma");
  writeFileSync(pgSchema, postgresSchema(source));

  for (const [name, schema] of [["sqlite", SCHEMA], ["postgres", pgSchema]] as const) {
    prisma(["generate", "--schema", schema]);
    const sql = prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"]);
    // The CLI prints a config notice on stdout before the script.
    writeFileSync(path.join(OUT, `${name}.sql`), sql.slice(sql.indexOf("--")));
    console.log(`generated the ${name} client and DDL`);
  }
  writeFileSync(stamp, hash);
}

main();
