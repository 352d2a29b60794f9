import { DspError } from "@dsp/core";

/** The database URL is neither `file:<path>` (SQLite) nor `postgres(ql)://...`. */
export class UnsupportedDatabaseUrl extends DspError {
  override name = "UnsupportedDatabaseUrl";
  constructor(url: string) {
    super(40000, `unsupported database url "${url}": use file:<path> (SQLite) or postgresql://host/db[?schema=name]`);
  }
}

/** The database holds tables from another version of prisma/schema.prisma. */
export class SchemaMismatch extends DspError {
  override name = "SchemaMismatch";
  constructor(found: string, want: string) {
    super(40001, `the database was created by another indexer schema (${found.slice(0, 12)}, this build wants ${want.slice(0, 12)}): use a new database or migrate it`);
  }
}

/** prisma/generate.ts has not been run in this checkout. */
export class ClientNotGenerated extends DspError {
  override name = "ClientNotGenerated";
  constructor(cause: unknown) {
    super(40001, "the indexer's Prisma clients are missing: run `npx tsx prisma/generate.ts`", { cause });
  }
}
