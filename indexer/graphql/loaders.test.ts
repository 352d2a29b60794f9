import { expect } from "chai";
import type { Db } from "../db/index.js";
import { batched } from "./loaders.js";
import type { DealRow, FileRow, Reads, SlotWithHost } from "./reads/index.js";
import { createGraphqlHandler } from "./server.js";

describe("batched lookups", () => {
  it("loads the keys asked for in one tick with one call, each caller getting its own value", async () => {
    const calls: string[][] = [];
    const load = batched(async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== "missing").map((k) => [k, k.toUpperCase()]));
    }, "none");
    const got = await Promise.all(["a", "b", "a", "missing"].map(load));
    expect(got).to.deep.equal(["A", "B", "A", "none"]);
    expect(calls).to.deep.equal([["a", "b", "missing"]]);
    // a later tick is a new batch: nothing is kept from the last one
    expect(await load("a")).to.equal("A");
    expect(calls).to.have.length(2);
  });

  it("rejects every caller of a batch whose load failed, and loads the next batch afresh", async () => {
    let fail = true;
    const load = batched(async (keys) => {
      if (fail) throw new Error("database gone");
      return new Map(keys.map((k) => [k, 1]));
    }, 0);
    const results = await Promise.allSettled([load("a"), load("b")]);
    expect(results.map((r) => r.status)).to.deep.equal(["rejected", "rejected"]);
    fail = false;
    expect(await load("a")).to.equal(1);
  });

  it("reads the holders, deals and slots of a page of files with one read per list and filter", async () => {
    const files = ["0x01", "0x02", "0x03"].map((fileHash) => ({ fileHash, storedBlock: 1n, deals: 1, liveDeals: 1 }) as FileRow);
    const holder = (fileHash: string, node: string, status: string) => ({ dealId: `d${fileHash}`, seq: 0, fileHash, node, status, hostAddr: null }) as unknown as SlotWithHost;
    const rows = [holder("0x01", "0xa", "active"), holder("0x01", "0xb", "released"), holder("0x03", "0xa", "active")];
    const deals = files.filter((f) => f.fileHash !== "0x02").map((f) => ({ dealId: `d${f.fileHash}`, seq: 0, fileHash: f.fileHash }) as DealRow);
    const calls: unknown[][] = [];
    const reads = {
      files: async ({ take }: { take: number }) => files.slice(0, take),
      holders: async (keys: string[], active?: boolean | null) => {
        calls.push(["holders", keys, active]);
        return rows.filter((r) => keys.includes(r.fileHash) && (active == null || (r.status === "active") === active));
      },
      deals: async (keys: string[], live?: boolean | null) => {
        calls.push(["deals", keys, live]);
        return deals.filter((d) => keys.includes(d.fileHash));
      },
      slots: async (keys: string[]) => {
        calls.push(["slots", keys]);
        return rows.filter((r) => keys.includes(r.dealId));
      },
    } as unknown as Reads;
    const yoga = createGraphqlHandler({ db: {} as Db, chainId: 31337, reads });
    const res = await yoga.fetch("http://127.0.0.1/graphql", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ files(valid: null) { edges { node { fileHash all: holders(active: null) { node } active: holders { node } deals { dealId slots { node } } } } } }` }),
    });
    const body = (await res.json()) as { data: { files: { edges: { node: unknown }[] } } };
    expect(body.data.files.edges.map((e) => e.node)).to.deep.equal([
      { fileHash: "0x01", all: [{ node: "0xa" }, { node: "0xb" }], active: [{ node: "0xa" }], deals: [{ dealId: "d0x01", slots: [{ node: "0xa" }, { node: "0xb" }] }] },
      { fileHash: "0x02", all: [], active: [], deals: [] },
      { fileHash: "0x03", all: [{ node: "0xa" }], active: [{ node: "0xa" }], deals: [{ dealId: "d0x03", slots: [{ node: "0xa" }] }] },
    ]);
    const keys = ["0x01", "0x02", "0x03"];
    expect(calls).to.deep.equal([["holders", keys, null], ["holders", keys, true], ["deals", keys, undefined], ["slots", ["d0x01", "d0x03"]]]);
  });
});
