import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { sqliteFactory, type TestDatabase } from "../test/databases.js";
import type { IndexerDb } from "../db/index.js";
import { startGraphqlServer } from "./server.js";
import { safeSegments } from "./static.js";

const SECRET = "must never be served";

/** A raw request: fetch would normalise the `..` away before it left. */
function raw(base: string, method: string, rawPath: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path: rawPath }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("SCAN server: the explorer's static files beside GraphQL", function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let h: IndexerDb;
  let dir: string;
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  let missing: Awaited<ReturnType<typeof startGraphqlServer>>;
  let base: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dsp-explorer-static-"));
    const dist = path.join(dir, "dist");
    mkdirSync(path.join(dist, "assets"), { recursive: true });
    writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>explorer</title>");
    writeFileSync(path.join(dist, "assets", "index-Ab12.js"), "console.log(1)");
    writeFileSync(path.join(dist, "assets", "index-Ab12.css"), "body{}");
    writeFileSync(path.join(dist, "assets", "blob.bin"), "??");
    writeFileSync(path.join(dir, "secret.txt"), SECRET);
    symlinkSync(path.join(dir, "secret.txt"), path.join(dist, "assets", "link.txt"));
    symlinkSync(dir, path.join(dist, "up"));
    t = await sqliteFactory();
    h = await t.open();
    server = await startGraphqlServer({ db: h.db, chainId: 31337, explorerDir: dist });
    missing = await startGraphqlServer({ db: h.db, chainId: 31337, explorerDir: path.join(dir, "not-built") });
    base = new URL("/", server.url).href;
  });
  after(async () => {
    await server?.close();
    await missing?.close();
    await h?.close();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the page at / with its type, a content security policy and revalidation", async () => {
    const res = await fetch(base);
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.equal("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).to.equal("no-cache");
    expect(res.headers.get("content-security-policy")).to.match(/default-src 'self'/);
    expect(res.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(await res.text()).to.equal("<!doctype html><title>explorer</title>");
    expect((await fetch(new URL("index.html", base))).status).to.equal(200);
    const again = await fetch(base, { headers: { "if-modified-since": res.headers.get("last-modified")! } });
    expect([again.status, await again.text()]).to.deep.equal([304, ""]);
    const stale = await fetch(base, { headers: { "if-modified-since": new Date(0).toUTCString() } });
    expect(stale.status).to.equal(200);
  });

  it("serves hashed assets with their types, cached for good; HEAD without a body", async () => {
    const js = await fetch(new URL("assets/index-Ab12.js", base));
    expect([js.status, js.headers.get("content-type"), js.headers.get("cache-control")]).to.deep.equal([200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"]);
    expect(await js.text()).to.equal("console.log(1)");
    expect((await fetch(new URL("assets/index-Ab12.css", base))).headers.get("content-type")).to.equal("text/css; charset=utf-8");
    expect((await fetch(new URL("assets/blob.bin", base))).headers.get("content-type")).to.equal("application/octet-stream");
    const head = await raw(base, "HEAD", "/assets/index-Ab12.js");
    expect([head.status, head.headers["content-length"], head.body]).to.deep.equal([200, "14", ""]);
  });

  it("refuses paths that climb out of the build, however they are spelled, and never serves what is outside", async () => {
    const attempts = [
      "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/assets/%2E%2E/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt", "/assets/..\\..\\secret.txt", "/%2fetc%2fpasswd", "//etc/passwd", "/assets/%00.js", "/%ZZ", "/assets/link.txt", "/up/secret.txt",
    ];
    for (const p of attempts) {
      const r = await raw(base, "GET", p);
      expect(r.status, p).to.be.oneOf([400, 404]);
      expect(r.body, p).not.to.include(SECRET);
      expect(r.body, p).not.to.include("root:");
    }
    expect((await raw(base, "GET", "/%2e%2e/secret.txt")).status).to.equal(400);
    expect((await raw(base, "GET", "/up/secret.txt")).status).to.equal(404); // a symlink out of the build
    expect(safeSegments("/assets/x.js")).to.deep.equal(["assets", "x.js"]);
    expect(safeSegments("/")).to.deep.equal(["index.html"]);
    expect(safeSegments("/a/%2e%2e/b")).to.equal(null);
  });

  it("answers 404 for an unknown file and 405 for methods other than GET and HEAD", async () => {
    const none = await fetch(new URL("assets/none.js", base));
    expect([none.status, await none.text()]).to.deep.equal([404, "not found\n"]);
    const post = await fetch(base, { method: "POST", body: "x" });
    expect([post.status, post.headers.get("allow")]).to.deep.equal([405, "GET, HEAD"]);
  });

  it("still answers GraphQL at /graphql (POST, and GET with a query)", async () => {
    const post = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
    expect(await post.json()).to.deep.equal({ data: { __typename: "Query" } });
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ status { chainId } }")}`, { headers: { accept: "application/json" } });
    expect(await get.json()).to.deep.equal({ data: { status: { chainId: 31337 } } });
  });

  it("tells to run npm run build when there is no build, and keeps serving GraphQL", async () => {
    const res = await fetch(new URL("/", missing.url));
    expect(res.status).to.equal(503);
    expect(await res.text()).to.include("npm run build");
    expect((await fetch(new URL("/assets/index-Ab12.js", missing.url))).status).to.equal(404);
    const post = await fetch(missing.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
    expect(post.status).to.equal(200);
  });
});
