import { expect } from "chai";
import { request } from "node:http";
import type { IndexerDb } from "../db/index.js";
import { sqliteFactory, type TestDatabase } from "../test/databases.js";
import { startGraphqlServer } from "./server.js";

const MAX = 1_000;

describe("GraphQL request body limit", () => {
  let t: TestDatabase;
  let h: IndexerDb;
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  before(async () => {
    t = await sqliteFactory();
    h = await t.open();
    server = await startGraphqlServer({ db: h.db, chainId: 31337, maxBodyBytes: MAX });
  });
  after(async () => {
    await server?.close();
    await h?.close();
    await t?.drop();
  });

  /** A POST whose body is written in chunks with no Content-Length (chunked transfer encoding) unless `length` is given. */
  function post(chunks: string[], length?: number) {
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const headers: Record<string, string | number> = { "content-type": "application/json" };
      if (length !== undefined) headers["content-length"] = length;
      const req = request(server.url, { method: "POST", headers }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d) => (text += d)).on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on("error", reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  }

  it("answers a request whose body is within the limit, and a GET with no body", async () => {
    const body = JSON.stringify({ query: `{ status { chainId } }` });
    const r = await post([body], Buffer.byteLength(body));
    expect(r).to.deep.equal({ status: 200, body: { data: { status: { chainId: 31337 } } } });
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ status { chainId } }")}`, { headers: { accept: "application/json" } });
    expect(await get.json()).to.deep.equal({ data: { status: { chainId: 31337 } } });
  });

  it("refuses a body over the limit with 413 and code 40000, before reading it", async () => {
    const body = JSON.stringify({ query: `{ status { chainId } }`, variables: { pad: "x".repeat(MAX) } });
    const r = await post([body], Buffer.byteLength(body));
    expect(r.status).to.equal(413);
    expect(r.body.data).to.equal(undefined);
    expect(r.body.errors[0].message).to.equal(`request body of ${Buffer.byteLength(body)} bytes is over the limit of ${MAX}`);
    expect(r.body.errors[0].extensions).to.deep.include({ code: 40000, codeName: "INVALID_PARAMS" });
  });

  it("refuses a body sent without Content-Length (chunked) with 411", async () => {
    const r = await post([`{"query": "{ status `, `{ chainId } }"}`]);
    expect(r.status).to.equal(411);
    expect(r.body.errors[0].extensions.code).to.equal(40000);
  });
});
