import { expect } from "chai";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Contracts name the spec's status code a client should report next to each error, as
 * "[CODE NAME]". This keeps every such reference true to the spec's tables
 * (node/core/src/errors/status-codes.json, taken from docs/spec/DSP-Draft-0.1.txt).
 */
const codes = JSON.parse(readFileSync(path.join(__dirname, "../node/core/src/errors/status-codes.json"), "utf8")) as Record<
  "task_error" | "transmission_state" | "rest_error", { code: number; name: string }[]
>;

function solFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? solFiles(p) : p.endsWith(".sol") ? [p] : [];
  });
}

describe("Spec status codes cited by the contracts", () => {
  const refs = solFiles(path.join(__dirname, "../contracts")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/\[(\d{5}) ([A-Z_0-9]+)\]/g)].map((m) => ({ file, code: Number(m[1]), name: m[2] })),
  );

  it("cites at least the codes of the ledger's user-facing failures", () => {
    const cited = new Set(refs.map((r) => r.code));
    for (const c of [50005, 50014, 50021, 50049, 55011, 55012, 55013]) expect(cited.has(c), String(c)).to.equal(true);
  });

  it("uses only codes that exist in the spec, under the spec's name", () => {
    const known = new Map<number, Set<string>>();
    for (const table of [codes.task_error, codes.rest_error]) {
      for (const { code, name } of table) known.set(code, new Set([...(known.get(code) ?? []), name]));
    }
    for (const r of refs) {
      expect(known.get(r.code), `${path.basename(r.file)} cites unknown code ${r.code}`).to.not.equal(undefined);
      expect([...known.get(r.code)!], `${path.basename(r.file)}: ${r.code}`).to.include(r.name);
    }
  });

  it("has the spec's three tables complete", () => {
    expect([codes.task_error.length, codes.transmission_state.length, codes.rest_error.length]).to.deep.equal([52, 24, 91]);
  });
});
