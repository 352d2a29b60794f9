/**
 * Every GraphQL document the web explorer sends (the `/* GraphQL *\/` templates in
 * indexer/explorer/src) is valid against the server's schema: a field renamed or removed on the
 * server fails here, not only in the browser test's page that happens to show it.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, validate } from "graphql";
import { buildSchema } from "./schema.js";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../explorer/src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

/** The documents of one file, with `${NAME}` filled in from the file's own plain template constants. */
function documents(file: string) {
  const text = readFileSync(file, "utf8");
  const constants = new Map<string, string>();
  for (const m of text.matchAll(/const (\w+) = (?:`([^`$]*)`|"([^"]*)");/g)) constants.set(m[1], m[2] ?? m[3]);
  return [...text.matchAll(/\/\* GraphQL \*\/ `([^`]*)`/g)].map((m) =>
    m[1].replace(/\$\{(\w+)\}/g, (_all, name: string) => {
      const v = constants.get(name);
      if (v === undefined) throw new Error(`${file}: \${${name}} is not a plain constant of the file`);
      return v;
    }));
}

describe("the explorer's GraphQL documents", () => {
  const schema = buildSchema();
  const files = sources(SRC);

  it("are found in the pages (the check is not vacuous)", () => {
    const count = files.reduce((n, f) => n + documents(f).length, 0);
    expect(count).to.be.greaterThan(15);
    expect(files.some((f) => f.endsWith(path.join("pages", "file.tsx")))).to.equal(true);
  });

  for (const file of files) {
    it(`are valid against the schema: ${path.relative(SRC, file)}`, () => {
      for (const doc of documents(file)) {
        const errors = validate(schema, parse(doc)).map((e) => e.message);
        expect(errors, doc).to.deep.equal([]);
      }
    });
  }

  it("catches a field the schema does not have", () => {
    expect(validate(schema, parse(`{ file(hash: "0x") { fileHash realFileSize } }`)).map((e) => e.message)).to.deep.equal(
      [`Cannot query field "realFileSize" on type "File".`]);
  });
});
