import { expect } from "chai";
import SQLite from "better-sqlite3";
import { openDatabase } from "./index.js";
import { SchemaMismatch, UnsupportedDatabaseUrl } from "./errors.js";
import { sqliteFactory } from "../test/databases.js";
import { caught } from "../test/caught.js";

describe("indexer database", () => {
  it("creates the tables on first open and keeps the rows on the next", async () => {
    const t = await sqliteFactory();
    try {
      const first = await t.open();
      await first.db.setting.create({ data: { key: "k", value: "v" } });
      await first.close();
      const second = await t.open();
      expect(await second.db.setting.findUnique({ where: { key: "k" } })).to.deep.equal({ key: "k", value: "v" });
      await second.close();
    } finally {
      await t.drop();
    }
  });

  it("refuses a URL that is neither file: nor postgresql:", async () => {
    const err = await caught(() => openDatabase("mysql://localhost/db"));
    expect(err).to.be.instanceOf(UnsupportedDatabaseUrl);
    expect((err as UnsupportedDatabaseUrl).code).to.equal(40000);
  });

  it("refuses a database made by another schema version and leaves it untouched", async () => {
    const t = await sqliteFactory();
    try {
      await (await t.open()).close();
      const raw = new SQLite(t.url.slice("file:".length));
      raw.prepare(`UPDATE "SchemaVersion" SET hash = 'older'`).run();
      raw.close();
      const err = await caught(() => t.open());
      expect(err).to.be.instanceOf(SchemaMismatch);
      const check = new SQLite(t.url.slice("file:".length));
      expect((check.prepare(`SELECT hash FROM "SchemaVersion"`).get() as { hash: string }).hash).to.equal("older");
      check.close();
    } finally {
      await t.drop();
    }
  });
});
