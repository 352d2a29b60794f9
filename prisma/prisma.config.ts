/**
 * Prisma CLI configuration for prisma/generate.ts: the JavaScript (WebAssembly) engines, so no
 * native engine is downloaded (docs: /work toolchain notes, "Prisma"). The schema file is passed
 * on the command line (`--schema`); the adapter is only needed by commands that touch a database,
 * which generate.ts never runs.
 */
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/bin/true";
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/true";
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: ":memory:" }),
});
