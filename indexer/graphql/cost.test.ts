import { expect } from "chai";
import { parse } from "graphql";
import { LIST_SIZE, queryCost } from "./cost.js";
import { DEFAULT_PAGE } from "./pages.js";
import { buildSchema } from "./schema.js";

describe("GraphQL query cost", () => {
  const schema = buildSchema();
  const cost = (q: string, variables: Record<string, unknown> = {}, op?: string) => queryCost(schema, parse(q), variables, op);

  it("counts nothing for scalars and one for a single object", () => {
    expect(cost(`{ status { chainId blockNumber } }`)).to.equal(1);
    expect(cost(`{ file(hash: "0x") { owner deposit } }`)).to.equal(1);
  });

  it("multiplies a connection by its page size, from a literal, a variable or the default", () => {
    // files: m x (1 + edges (1 + node 1)) = m x 3
    expect(cost(`{ files(first: 50) { edges { node { fileHash } } } }`)).to.equal(150);
    expect(cost(`query($n: Int) { files(first: $n) { edges { node { fileHash } } } }`, { n: 7 })).to.equal(21);
    expect(cost(`{ files { edges { node { fileHash } } } }`)).to.equal(3 * DEFAULT_PAGE);
  });

  it("multiplies nested lists: unpaged lists count LIST_SIZE, pages their first", () => {
    const q = `{ files(first: 10) { edges { node { holders { node } proofs(first: 5) { edges { node { node } } } } } } }`;
    // node = 1 + holders (LIST_SIZE x 1) + proofs (5 x 3)
    expect(cost(q)).to.equal(10 * (1 + 1 * (1 + 1 * (1 + LIST_SIZE + 15))));
  });

  it("prices the ledger v2 fields: a node's periods, deals and proof set pages, a deal's unpaged slots", () => {
    const q = `{ node(address: "0x") { rate periods(first: 50) { edges { node { period } } } deals(first: 10) { edges { node { deal { slots { node } } } } }
      proofSet { total pieces { edges { cursor } } } } }`;
    // periods 50 x 3; deals 10 x (1 + edges (1 + slot (1 + deal (1 + slots LIST_SIZE)))); proofSet 1 + pieces DEFAULT_PAGE x 2
    expect(cost(q)).to.equal(1 + 150 + 10 * (1 + 1 + 1 + 1 + LIST_SIZE) + (1 + DEFAULT_PAGE * 2));
    expect(cost(`{ file(hash: "0x") { deals { holders { node } } holders { periods { period } } } }`)).to.equal(1 + LIST_SIZE * (1 + LIST_SIZE) + LIST_SIZE * (1 + DEFAULT_PAGE));
  });

  it("follows fragments and aliases, and prices only the operation asked for", () => {
    const q = `fragment F on File { holders { node } }
      query One { a: files(first: 2) { edges { node { ...F } } } b: files(first: 2) { edges { node { ... on File { candidates } } } } }
      query Two { status { chainId } }`;
    expect(cost(q, {}, "One")).to.equal(2 * (1 + 1 + 1 + LIST_SIZE) * 2);
    expect(cost(q, {}, "Two")).to.equal(1);
  });
});
