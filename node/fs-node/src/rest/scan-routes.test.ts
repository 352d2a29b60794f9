import { expect } from "chai";
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { parseEther } from "ethers";
import { scanParams } from "@dsp/ledger";
import { sharedChain, tempDir, type TestChain } from "@dsp/testkit";
import { TaskManager } from "../service/tasks.js";
import { startNode, type TestNode } from "../service/testing.js";
import { startRestServer, type RestServer } from "./index.js";

interface Answer {
  status: number;
  json: any;
}

async function call(server: RestServer, method: string, route: string, body?: unknown): Promise<Answer> {
  const res = await fetch(server.url + route, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("REST API: SCAN/DNS node endpoints", function () {
  this.timeout(120_000);
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  let node: TestNode;
  let tasks: TaskManager;
  let server: RestServer;
  let min: bigint;
  const HOST = "/ip4/127.0.0.1/tcp/4777/p2p/12D3KooWRest";

  before(async () => {
    chain = await sharedChain();
    tmp = tempDir("dsp-rest-scan-");
    node = await startNode(chain, tmp.dir);
    await mkdir(path.join(tmp.dir, "data"));
    tasks = await TaskManager.open({ node: node.node, dataDir: path.join(tmp.dir, "data") });
    server = await startRestServer({ node: node.node, tasks });
    min = (await scanParams(node.account.ledger)).minPledge;
  });
  after(async () => {
    await server?.close();
    await tasks?.close();
    await node?.stop();
    tmp?.cleanup();
  });

  const me = () => node.account.address;
  const record = async () => (await call(server, "GET", "/api/v1/scan/node")).json.node;

  it("refuses bad bodies with 40002 and registers nothing", async () => {
    for (const body of [{}, { hostAddr: HOST, pledge: "lots" }, { hostAddr: HOST, volume: 1 }, { hostAddr: "" }, { hostAddr: HOST, pledge: 5 }]) {
      const r = await call(server, "POST", "/api/v1/scan/register", body);
      expect(r.status, JSON.stringify(body)).to.equal(400);
      expect(r.json.error).to.include({ code: 40002, name: "INVALID_PARAMS" });
    }
    expect(await record()).to.include({ address: me(), status: "none" });
  });

  it("registers the node's account with the minimum pledge by default; a second time is 409 55050", async () => {
    const r = await call(server, "POST", "/api/v1/scan/register", { hostAddr: HOST });
    expect(r.status, JSON.stringify(r.json)).to.equal(200);
    expect(r.json.node).to.include({ address: me(), status: "active", member: true, hostAddr: HOST, pledge: min.toString() });
    const again = await call(server, "POST", "/api/v1/scan/register", { hostAddr: HOST, pledge: "500" });
    expect(again.status).to.equal(409);
    expect(again.json.error).to.include({ code: 55050, name: "DSP_DNS_REGISTER_FAILED" });
    expect(again.json.error.message).to.contain("is already registered as a SCAN node");
    expect((await record()).pledge).to.equal(min.toString());
  });

  it("updates the address and moves the pledge; below the minimum is 409 55056", async () => {
    expect((await call(server, "POST", "/api/v1/scan/update", { hostAddr: `${HOST}x` })).json.node.hostAddr).to.equal(`${HOST}x`);
    expect((await call(server, "POST", "/api/v1/scan/update", { hostAddr: "" })).json.error.code).to.equal(40002);
    const added = await call(server, "POST", "/api/v1/scan/pledge/add", { amount: "3" });
    expect(added.json.node.pledge).to.equal((min + parseEther("3")).toString());
    const tooMuch = await call(server, "POST", "/api/v1/scan/pledge/reduce", { amount: "4" });
    expect(tooMuch.status).to.equal(409);
    expect(tooMuch.json.error).to.include({ code: 55056, name: "DSP_DNS_REDUCEPOS_FAILED" });
    expect((await call(server, "POST", "/api/v1/scan/pledge/reduce", { amount: "3" })).json.node.pledge).to.equal(min.toString());
  });

  it("answers queries by address (404 55057 for an unknown one, 400 for a malformed one) and of all nodes", async () => {
    const one = await call(server, "GET", `/api/v1/scan/nodes/${me()}`);
    expect(one.status).to.equal(200);
    expect(one.json.node).to.include({ address: me(), status: "active" });
    const unknown = await call(server, "GET", `/api/v1/scan/nodes/0x${"12".repeat(20)}`);
    expect(unknown.status).to.equal(404);
    expect(unknown.json.error).to.include({ code: 55057, name: "DSP_DNS_GET_NODE_BY_ADDR" });
    expect((await call(server, "GET", "/api/v1/scan/nodes/0x12")).json.error.code).to.equal(40010);
    const all = await call(server, "GET", "/api/v1/scan/nodes");
    expect(all.json.nodes.map((n: { address: string }) => n.address)).to.include(me());
    const page = await call(server, "GET", "/api/v1/scan/nodes?offset=0&limit=1");
    expect(page.json.nodes).to.have.length(1);
    expect(BigInt(page.json.total)).to.equal(BigInt(all.json.nodes.length));
    expect((await call(server, "GET", "/api/v1/scan/nodes?limit=lots")).status).to.equal(400);
  });

  it("tells the caller the address it is seen from", async () => {
    const r = await call(server, "GET", "/api/v1/scan/externalip");
    expect(r.status).to.equal(200);
    expect(r.json).to.include({ ip: "127.0.0.1", family: "IPv4" });
    expect(r.json.port).to.be.a("number");
  });

  it("quits (409 55054 a second time, 55051 to unregister then), withdraws only after the notice period (409 55053)", async () => {
    expect((await call(server, "POST", "/api/v1/scan/withdraw")).json.error).to.include({ code: 55053, name: "DSP_DNS_WITHDRAW_FAILED" });
    const q = await call(server, "POST", "/api/v1/scan/quit");
    expect(q.json.node).to.include({ status: "quitting", member: false });
    expect((await call(server, "POST", "/api/v1/scan/quit")).json.error).to.include({ code: 55054, name: "DSP_DNS_QUIT_FAILED" });
    expect((await call(server, "POST", "/api/v1/scan/unregister")).json.error).to.include({ code: 55051, name: "DSP_DNS_UNREGISTER_FAILED" });
    expect((await call(server, "POST", "/api/v1/scan/quit", { now: true })).json.error.code).to.equal(40002);
    const early = await call(server, "POST", "/api/v1/scan/withdraw");
    expect(early.status).to.equal(409);
    expect(early.json.error.message).to.contain(`runs until block ${q.json.node.withdrawableAt}`);
    await chain.mine(BigInt(q.json.node.withdrawableAt) - (await chain.head()));
    const w = await call(server, "POST", "/api/v1/scan/withdraw");
    expect(w.status, JSON.stringify(w.json)).to.equal(200);
    expect(w.json).to.include({ amount: min.toString() });
    expect(await record()).to.include({ status: "none" });
  });
});
