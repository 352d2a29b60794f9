import { expect } from "chai";
import { access, mkdir, readFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { until } from "@dsp/testkit";
import { TaskManager, type Task } from "../service/tasks.js";
import { withCluster } from "../service/tasks-testing.js";
import { startRestServer, type RestServer } from "./index.js";
import { dealIdOf } from "@dsp/ledger";

const TOKEN = "s3cret-token";
const exists = (p: string) => access(p).then(() => true, () => false);

interface Answer {
  status: number;
  json: any;
}

/** One call: `body` as an object is sent as JSON, as a string verbatim. */
async function call(server: RestServer, method: string, route: string, body?: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.url + route, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

/** Polls a task every 100 ms until it is no longer running (at most 150 s); returns it and the states seen. */
async function poll(server: RestServer, id: string, token?: string): Promise<{ task: Task; states: string[] }> {
  const states: string[] = [];
  const task = await until(async () => {
    const { status, json } = await call(server, "GET", `/api/v1/tasks/${id}`, undefined, token);
    expect(status).to.equal(200);
    const task = json.task as Task;
    if (states.at(-1) !== task.state.name) states.push(task.state.name);
    return task.status !== "running" ? task : undefined;
  }, { ms: 150_000, every: 100, what: `task ${id} to stop running` });
  return { task, states };
}

describe("REST API", function () {
  this.timeout(300_000);
  const c = withCluster("dsp-rest-");
  let ownerTasks: TaskManager;
  let readerTasks: TaskManager;
  let owner: RestServer;
  let reader: RestServer;
  let fileHash: string;
  let data: Uint8Array;

  before(async () => {
    await mkdir(path.join(c.dir, "owner-data"));
    await mkdir(path.join(c.dir, "reader-data"));
    ownerTasks = await TaskManager.open({ node: c.owner.node, dataDir: path.join(c.dir, "owner-data") });
    readerTasks = await TaskManager.open({ node: c.reader.node, dataDir: path.join(c.dir, "reader-data") });
    owner = await startRestServer({ node: c.owner.node, tasks: ownerTasks, maxBodyBytes: 4096 });
    reader = await startRestServer({ node: c.reader.node, tasks: readerTasks, apiToken: TOKEN });
  });
  after(async () => {
    await owner?.close();
    await reader?.close();
    await ownerTasks?.close();
    await readerTasks?.close();
  });

  async function upload(size: number) {
    const f = await c.file(size);
    const { status, json } = await call(owner, "POST", "/api/v1/upload", { path: f.path, copyNum: 2, duration: 500, waitForProofs: false });
    expect(status, JSON.stringify(json)).to.equal(202);
    const { task, states } = await poll(owner, json.task.id);
    expect(task.status, JSON.stringify(task.error)).to.equal("done");
    await Promise.all(c.storage.map((s) => s.node.idle()));
    return { task, states, data: f.data, path: f.path };
  }

  it("uploads through one node's API and downloads through another's, with the spec states as progress", async () => {
    const up = await upload(150_000);
    expect(up.states.at(-1)).to.equal("TaskUploadFileTransferBlocksDone");
    expect(up.states.every((s) => /^Task/.test(s))).to.equal(true);
    fileHash = up.task.fileHash!;
    data = up.data;

    const out = path.join(c.dir, "rest-download");
    const { status, json } = await call(reader, "POST", "/api/v1/download", { fileHash, outPath: out }, TOKEN);
    expect(status, JSON.stringify(json)).to.equal(202);
    expect([json.task.kind, json.task.fileHash, json.task.status]).to.deep.equal(["download", fileHash, "running"]);
    const { task, states } = await poll(reader, json.task.id, TOKEN);
    expect(task.status, JSON.stringify(task.error)).to.equal("done");
    expect(states.at(-1)).to.equal("TaskDownloadFileMakeSeed");
    expect(task.progress.blocksDone).to.equal(task.progress.blocksTotal);
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);

    const listed = await call(reader, "GET", "/api/v1/tasks", undefined, TOKEN);
    expect(listed.json.tasks.map((t: Task) => t.id)).to.include(task.id);
  });

  it("gives a deal's ledger record (by File Hash and owner, the node's own by default, or by deal id) and whether this node holds the file; 55100 for none", async () => {
    const ownerAddr = c.owner.account.address;
    const held = await call(reader, "GET", `/api/v1/files/${fileHash}?owner=${ownerAddr}`, undefined, TOKEN);
    expect(held.status, JSON.stringify(held.json)).to.equal(200);
    expect(held.json.held).to.equal(true);
    expect(held.json.dealId).to.equal(dealIdOf(ownerAddr, fileHash));
    expect(held.json.file.owner.toLowerCase()).to.equal(ownerAddr.toLowerCase());
    expect(held.json.file.realFileSize).to.equal(String(data.length));
    expect(held.json.file.holders).to.have.length(3);
    expect(held.json.file.slots.map((s: { status: string }) => s.status)).to.deep.equal(["active", "active", "active"]);
    // the owner's node needs no owner: its own account is the default
    const own = await call(owner, "GET", `/api/v1/files/${fileHash}`);
    expect([own.status, own.json.dealId]).to.deep.equal([200, held.json.dealId]);
    const byDeal = await call(reader, "GET", `/api/v1/deals/${held.json.dealId}`, undefined, TOKEN);
    expect([byDeal.status, byDeal.json.file.fileHash, byDeal.json.held]).to.deep.equal([200, fileHash, true]);
    // the reader's own deal for the same File Hash does not exist
    const notMine = await call(reader, "GET", `/api/v1/files/${fileHash}`, undefined, TOKEN);
    expect([notMine.status, notMine.json.error.code]).to.deep.equal([404, 55100]);
    const stranger = await startRestServer({ node: c.storage[0].node, tasks: readerTasks });
    try {
      // A holder answers held too (its API is only read here, so the task manager does not matter).
      expect((await call(stranger, "GET", `/api/v1/files/${fileHash}?owner=${ownerAddr}`)).json.held).to.equal(true);
    } finally {
      await stranger.close();
    }
    const missing = await call(owner, "GET", `/api/v1/files/0x${"ab".repeat(32)}`);
    expect([missing.status, missing.json.error.code, missing.json.error.name]).to.deep.equal([404, 55100, "DSP_FILE_INFO_NOT_FOUND"]);
    const bad = await call(owner, "GET", "/api/v1/files/0x1234");
    expect([bad.status, bad.json.error.code]).to.deep.equal([400, 40002]);
    const badOwner = await call(owner, "GET", `/api/v1/files/${fileHash}?owner=nobody`);
    expect(badOwner.status).to.equal(400);
  });

  it("pauses a download mid-way and resumes it to completion", async () => {
    const up = await upload(3 << 20);
    const out = path.join(c.dir, "rest-paused");
    let id = "";
    let paused: Promise<Answer> | undefined;
    readerTasks.on("progress", ({ task, event }) => {
      if (task.id === id && event.type === "blocks:fetched") paused ??= call(reader, "POST", `/api/v1/tasks/${id}/pause`, undefined, TOKEN);
    });
    // by deal id alone: the node reads the File Hash from the ledger
    const started = await call(reader, "POST", "/api/v1/download", { dealId: up.task.dealId, outPath: out }, TOKEN);
    expect([started.status, started.json.task.fileHash, started.json.task.params.dealId], JSON.stringify(started.json)).to.deep.equal([202, up.task.fileHash, up.task.dealId]);
    id = started.json.task.id;
    await poll(reader, id, TOKEN);
    readerTasks.removeAllListeners("progress");
    const p = await paused!;
    expect(p.status, JSON.stringify(p.json)).to.equal(200);
    expect([p.json.task.status, p.json.task.state]).to.deep.equal(["paused", { code: 1, name: "TaskPause" }]);
    expect(p.json.task.progress.blocksDone).to.be.below(p.json.task.progress.blocksTotal);
    expect(await exists(out)).to.equal(false);

    const again = await call(reader, "POST", `/api/v1/tasks/${id}/pause`, undefined, TOKEN);
    expect([again.status, again.json.error.code]).to.deep.equal([409, 55026]);
    const resumed = await call(reader, "POST", `/api/v1/tasks/${id}/resume`, {}, TOKEN);
    expect([resumed.status, resumed.json.task.status]).to.deep.equal([200, "running"]);
    const { task } = await poll(reader, id, TOKEN);
    expect([task.status, task.runs]).to.deep.equal(["done", 2]);
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(up.data))).to.equal(true);
  });

  it("cancels a task; a cancelled task cannot be cancelled or resumed again (55029, 55027)", async () => {
    const out = path.join(c.dir, "rest-cancelled");
    let id = "";
    let paused: Promise<Task> | undefined;
    // Paused at its first event, so the cancel meets an unfinished task whatever the download's speed.
    readerTasks.on("progress", ({ task }) => {
      if (task.id === id) paused ??= readerTasks.pause(id);
    });
    id = (await call(reader, "POST", "/api/v1/download", { fileHash, outPath: out }, TOKEN)).json.task.id;
    await poll(reader, id, TOKEN);
    readerTasks.removeAllListeners("progress");
    expect((await paused!).status).to.equal("paused");
    const cancelled = await call(reader, "POST", `/api/v1/tasks/${id}/cancel`, undefined, TOKEN);
    expect([cancelled.status, cancelled.json.task.status]).to.deep.equal([200, "cancelled"]);
    const twice = await call(reader, "POST", `/api/v1/tasks/${id}/cancel`, undefined, TOKEN);
    expect([twice.status, twice.json.error.code, twice.json.error.name]).to.deep.equal([409, 55029, "DSP_CANCEL_TASK_FAILED"]);
    const resume = await call(reader, "POST", `/api/v1/tasks/${id}/resume`, undefined, TOKEN);
    expect([resume.status, resume.json.error.code]).to.deep.equal([409, 55027]);
  });

  it("answers 58000 for an unknown task, 404 for an unknown endpoint and 405 for a wrong method", async () => {
    for (const [method, route] of [["GET", "/api/v1/tasks/nope"], ["POST", "/api/v1/tasks/nope/pause"], ["POST", "/api/v1/tasks/nope/resume"], ["POST", "/api/v1/tasks/nope/cancel"]]) {
      const r = await call(owner, method, route);
      expect([r.status, r.json.error.code, r.json.error.name]).to.deep.equal([404, 58000, "DSP_TASK_NOT_EXIST"]);
    }
    expect((await call(owner, "GET", "/api/v1/nothing")).status).to.equal(404);
    const wrong = await call(owner, "GET", "/api/v1/upload");
    expect([wrong.status, wrong.json.error.code]).to.deep.equal([405, 40002]);
  });

  it("refuses bad bodies with 40002 and starts nothing", async () => {
    const before = ownerTasks.list().length;
    const f = await c.file(1000);
    const ok = { path: f.path, copyNum: 1, proveInterval: 20, duration: 200 };
    const cases: [string, unknown][] = [
      ["bad JSON", "{ not json"],
      ["an array", "[1]"],
      ["missing path", { ...ok, path: undefined }],
      ["relative path", { ...ok, path: "relative/file" }],
      ["proveInterval as text", { ...ok, proveInterval: "soon" }],
      ["negative copyNum", { ...ok, copyNum: -1 }],
      ["copyNum as text", { ...ok, copyNum: "2" }],
      ["both heights", { ...ok, expiredHeight: 1000 }],
      ["no height", { ...ok, duration: undefined }],
      ["unknown field", { ...ok, copies: 2 }],
      ["bad privilege", { ...ok, privilege: "secret" }],
      ["whitelist without rules", { ...ok, privilege: "whitelist" }],
      ["bad whitelist address", { ...ok, privilege: 2, whitelist: [{ addr: "0x12" }] }],
    ];
    for (const [what, body] of cases) {
      const r = await call(owner, "POST", "/api/v1/upload", body);
      expect([r.status, r.json.error?.name], what).to.deep.equal([400, r.json.error?.code === 40010 ? "INVALID_WALLET_ADDRESS" : "INVALID_PARAMS"]);
    }
    const noFile = await call(owner, "POST", "/api/v1/upload", { ...ok, path: path.join(c.dir, "missing") });
    expect([noFile.status, noFile.json.error.code]).to.deep.equal([400, 54009]);
    const badHash = await call(owner, "POST", "/api/v1/download", { fileHash: "xyz", outPath: path.join(c.dir, "x") });
    expect([badHash.status, badHash.json.error.code]).to.deep.equal([400, 40002]);
    const neither = await call(owner, "POST", "/api/v1/download", { outPath: path.join(c.dir, "x") });
    expect([neither.status, neither.json.error.code]).to.deep.equal([400, 40002]);
    const noDeal = await call(owner, "POST", "/api/v1/download", { dealId: "0x" + "cd".repeat(32), outPath: path.join(c.dir, "x") });
    expect([noDeal.status, noDeal.json.error.code]).to.deep.equal([404, 55100]);
    expect(ownerTasks.list()).to.have.length(before);
  });

  it("refuses a body over the size cap with 413", async () => {
    const r = await call(owner, "POST", "/api/v1/upload", { path: "/x", fileDesc: "x".repeat(10_000) });
    expect([r.status, r.json.error.code]).to.deep.equal([413, 40002]);
    // A body without a length (chunked) is cut off as it arrives.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${owner.url}/api/v1/upload`, { method: "POST" }, (res) => resolve(res.statusCode!));
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("x".repeat(1000));
      req.end();
    });
    expect(status).to.equal(413);
  });

  it("refuses a duplicate upload of a file being uploaded (50003, 409)", async () => {
    const f = await c.file(400_000);
    const body = { path: f.path, copyNum: 1, duration: 500, waitForProofs: false };
    const first = await call(owner, "POST", "/api/v1/upload", body);
    const second = await call(owner, "POST", "/api/v1/upload", body);
    expect([second.status, second.json.error.code, second.json.error.name]).to.deep.equal([409, 50003, "UPLOAD_TASK_EXIST"]);
    expect((await poll(owner, first.json.task.id)).task.status).to.equal("done");
  });

  it("needs the bearer token when one is set (401 without it or with a wrong one)", async () => {
    for (const token of [undefined, "wrong"]) {
      const r = await call(reader, "GET", "/api/v1/tasks", undefined, token);
      expect([r.status, r.json.error.code]).to.deep.equal([401, 40002]);
    }
    const noBody = await call(reader, "POST", "/api/v1/download", { fileHash, outPath: path.join(c.dir, "no") });
    expect(noBody.status).to.equal(401);
    expect(await exists(path.join(c.dir, "no"))).to.equal(false);
    expect((await call(reader, "GET", "/api/v1/tasks", undefined, TOKEN)).status).to.equal(200);
  });

  it("describes the node: addresses, peer id, multiaddrs and version", async () => {
    const r = await call(reader, "GET", "/api/v1/node", undefined, TOKEN);
    expect(r.status).to.equal(200);
    expect(r.json.address).to.equal(c.reader.account.address.toLowerCase());
    expect(r.json.dspAddress).to.be.a("string").and.not.equal("");
    expect(r.json.peerId).to.equal(c.reader.node.host.peerId.toString());
    expect(r.json.multiaddrs).to.deep.equal(c.reader.node.host.multiaddrs.map((a) => a.toString()));
    expect(r.json.version).to.match(/^\d+\.\d+\.\d+/);
    // a light client proves and keeps nothing: no health to report (a storage node's is in keeper.test.ts)
    const health = await call(reader, "GET", "/api/v1/node/health", undefined, TOKEN);
    expect(health.status).to.equal(404);
  });
});
