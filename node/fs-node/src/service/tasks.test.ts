import { expect } from "chai";
import { access, copyFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { TransmissionState as T } from "@dsp/core";
import { failure } from "@dsp/testkit";
import { dealIdOf } from "@dsp/ledger";
import type { DownloadProgress } from "./download.js";
import { TaskManager, type Task, type UploadTaskRequest } from "./tasks.js";
import { settledWithin, withCluster } from "./tasks-testing.js";

const exists = (p: string) => access(p).then(() => true, () => false);

describe("TaskManager: upload and download tasks", function () {
  this.timeout(300_000);
  const c = withCluster("dsp-tasks-");
  let up: TaskManager;
  let down: TaskManager;
  let n = 0;

  const dataDir = async (name: string) => {
    const dir = path.join(c.dir, `${name}-${n++}`);
    await mkdir(dir);
    return dir;
  };
  async function uploadReq(size: number, over: Partial<UploadTaskRequest> = {}): Promise<{ req: UploadTaskRequest; data: Uint8Array }> {
    const { path, data } = await c.file(size);
    const head = await c.owner.account.ledger.head();
    return { req: { path, copyNum: 2, expiredHeight: head + 500n, waitForProofs: false, ...over }, data };
  }
  /** An uploaded file that every holder has, ready to download. */
  async function uploaded(size: number): Promise<{ fileHash: string; data: Uint8Array }> {
    const { req, data } = await uploadReq(size);
    const task = await settledWithin(up, (await up.startUpload(req)).id);
    expect(task.status, JSON.stringify(task.error)).to.equal("done");
    await Promise.all(c.storage.map((s) => s.node.idle()));
    return { fileHash: task.fileHash!, data };
  }

  before(async () => {
    up = await TaskManager.open({ node: c.owner.node, dataDir: await dataDir("up") });
    down = await TaskManager.open({ node: c.reader.node, dataDir: await dataDir("down") });
  });
  after(async () => {
    await up?.close();
    await down?.close();
  });

  it("runs an upload to done with its states, then a download from another node with block progress", async () => {
    const { req, data } = await uploadReq(200_000);
    const states: number[] = [];
    up.on("progress", ({ task, event }) => task.kind === "upload" && event.type === "upload:state" && states.push(event.state));
    const started = await up.startUpload(req);
    expect([started.status, started.state.code, started.runs]).to.deep.equal(["running", T.TaskDoing, 1]);
    const done = await settledWithin(up, started.id);
    up.removeAllListeners("progress");
    expect(done.status).to.equal("done");
    expect(states).to.deep.equal([3, 4, 11, 9, 10, 12, 13]);
    expect(done.state).to.deep.equal({ code: 13, name: "TaskUploadFileTransferBlocksDone" });
    expect(done.fileHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(done.dealId).to.equal(dealIdOf(c.owner.account.address, done.fileHash!));
    expect(done.kind === "upload" && done.result?.dealId).to.equal(done.dealId);
    expect(done.kind === "upload" && done.result?.holders).to.have.length(3);
    expect(done.progress.fileSize).to.equal(data.length);
    expect(done.progress.holdersDone).to.have.length(3);
    await Promise.all(c.storage.map((s) => s.node.idle()));

    const out = path.join(c.dir, "task-download");
    const dl = await settledWithin(down, (await down.startDownload(done.fileHash!, out)).id);
    expect(dl.status, JSON.stringify(dl.error)).to.equal("done");
    expect(dl.state.name).to.equal("TaskDownloadFileMakeSeed");
    expect(dl.dealId, "the download was checked against the owner's deal").to.equal(done.dealId);
    expect(dl.progress.blocksDone).to.equal(dl.progress.blocksTotal).and.above(data.length / 16384);
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);
    expect(down.list().map((t) => t.id)).to.include(dl.id);
  });

  it("pauses a download mid-way (TaskPause, nothing written) and resumes it without fetching the stored blocks again", async () => {
    const { fileHash, data } = await uploaded(3 << 20);
    const out = path.join(c.dir, "paused-download");
    const totals: number[] = [];
    let id = "";
    let fresh = true;
    let paused: Promise<Task> | undefined;
    const onProgress = ({ task, event }: { task: Task; event: { type: string } }) => {
      if (task.id !== id || event.type !== "blocks:fetched") return;
      // The first event of each run says how many blocks that run lacks.
      if (fresh) totals.push((event as Extract<DownloadProgress, { type: "blocks:fetched" }>).total);
      fresh = false;
      paused ??= down.pause(id);
    };
    down.on("progress", onProgress);
    id = (await down.startDownload(fileHash, out)).id;
    const first = await settledWithin(down, id);
    const p = await paused!;
    expect([p.status, p.state.code, p.state.name]).to.deep.equal(["paused", 1, "TaskPause"]);
    expect(first.progress.blocksDone).to.be.above(0).and.below(first.progress.blocksTotal!);
    expect(await exists(out)).to.equal(false);

    fresh = true;
    const resumed = await down.resume(id);
    expect([resumed.status, resumed.runs]).to.deep.equal(["running", 2]);
    const done = await settledWithin(down, id);
    down.off("progress", onProgress);
    expect(done.status, JSON.stringify(done.error)).to.equal("done");
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);
    // The second run asked only for what the first did not store.
    expect(totals).to.have.length(2);
    expect(totals[1]).to.be.below(totals[0]);
    expect(done.progress.blocksDone).to.equal(done.progress.blocksTotal);
  });

  it("pauses an upload after its commitment and resumes it without committing again", async () => {
    const { req } = await uploadReq(100_000);
    let id = "";
    let paused: Promise<Task> | undefined;
    up.on("progress", ({ task, event }) => {
      if (task.id === id && event.type === "upload:state" && event.state === T.TaskUploadFileTransferBlocks) paused ??= up.pause(id);
    });
    id = (await up.startUpload(req)).id;
    await settledWithin(up, id);
    const p = await paused!;
    up.removeAllListeners("progress");
    expect([p.status, p.state.code]).to.deep.equal(["paused", T.TaskPause]);
    await up.resume(id);
    const done = await settledWithin(up, id);
    expect(done.status, JSON.stringify(done.error)).to.equal("done");
    expect(done.kind === "upload" && done.result?.committed).to.equal(false);
    expect(done.runs).to.equal(2);
  });

  it("cancels a paused task; finished and cancelled tasks refuse pause, resume and cancel with 55023-55029", async () => {
    const { req } = await uploadReq(10_000);
    let id = "";
    let paused: Promise<Task> | undefined;
    up.on("progress", ({ task }) => {
      if (task.id === id) paused ??= up.pause(id);
    });
    id = (await up.startUpload(req)).id;
    await settledWithin(up, id);
    up.removeAllListeners("progress");
    expect((await paused!).status).to.equal("paused");
    const cancelled = await up.cancel(id);
    expect([cancelled.status, cancelled.state.code]).to.deep.equal(["cancelled", T.TaskPause]);
    expect((await failure(up.cancel(id))).code).to.equal(55029);
    expect((await failure(up.resume(id))).code).to.equal(55024);
    expect((await failure(up.pause(id))).code).to.equal(55023);
    const dl = down.list().find((t) => t.status === "done")!;
    expect((await failure(down.pause(dl.id))).code).to.equal(55026);
    expect((await failure(down.resume(dl.id))).code).to.equal(55027);
    expect((await failure(down.cancel(dl.id))).code).to.equal(55029);
  });

  it("cancels a running download: cancelled, and it cannot be resumed", async () => {
    const { fileHash } = await uploaded(2 << 20);
    const out = path.join(c.dir, "cancelled-download");
    let id = "";
    let cancelled: Promise<Task> | undefined;
    down.on("progress", ({ task, event }) => {
      if (task.id === id && event.type === "blocks:fetched") cancelled ??= down.cancel(id);
    });
    id = (await down.startDownload(fileHash, out)).id;
    await settledWithin(down, id);
    down.removeAllListeners("progress");
    const t = await cancelled!;
    expect(t.status).to.equal("cancelled");
    expect(t.finishedAt).to.be.a("number");
    expect(await exists(out)).to.equal(false);
    expect((await failure(down.resume(id))).code).to.equal(55027);
  });

  it("answers 58000 DSP_TASK_NOT_EXIST for an unknown task id", async () => {
    for (const op of [() => up.pause("nope"), () => up.resume("nope"), () => up.cancel("nope"), async () => up.get("nope")]) {
      const err = await failure(op());
      expect([err.code, err.codeName]).to.deep.equal([58000, "DSP_TASK_NOT_EXIST"]);
    }
  });

  it("refuses a second unfinished task on the same file (50003, 50045) and tasks beyond the limit (50020)", async () => {
    const { fileHash } = await uploaded(1 << 20);
    const limited = await TaskManager.open({ node: c.reader.node, dataDir: await dataDir("limited"), maxRunning: 1 });
    try {
      // Ready before the download starts, so the refusals below come while it still runs.
      const { req } = await uploadReq(5000);
      const first = await limited.startDownload(fileHash, path.join(c.dir, "dup-1"));
      const dup = await failure(limited.startDownload(fileHash, path.join(c.dir, "dup-2")));
      expect([dup.code, dup.codeName]).to.deep.equal([50045, "DOWNLOAD_TASK_EXIST"]);
      const many = await failure(limited.startUpload(req));
      expect([many.code, many.codeName]).to.deep.equal([50020, "TOO_MANY_TASKS"]);
      expect(limited.list()).to.have.length(1);
      await settledWithin(limited, first.id);
    } finally {
      await limited.close();
    }
    const { req } = await uploadReq(50_000);
    const a = await up.startUpload(req);
    const dupUp = await failure(up.startUpload(req));
    expect([dupUp.code, dupUp.codeName]).to.deep.equal([50003, "UPLOAD_TASK_EXIST"]);
    await settledWithin(up, a.id);
  });

  it("refuses bad input with a clear code and adds no task", async () => {
    const count = up.list().length;
    const { req } = await uploadReq(1000);
    expect((await failure(up.startUpload({ ...req, path: path.join(c.dir, "missing") }))).code).to.equal(54009);
    expect((await failure(up.startUpload({ ...req, path: c.dir }))).code).to.equal(54009);
    expect((await failure(up.startUpload({ ...req, copyNum: -1 }))).code).to.equal(40000);
    expect((await failure(up.startDownload("0x1234", path.join(c.dir, "x")))).code).to.equal(40000);
    expect((await failure(up.startDownload("0x" + "ab".repeat(32), path.join(c.dir, "x"), { owner: "0x12" }))).code).to.equal(40010);
    expect((await failure(up.startDownload("0x" + "ab".repeat(32), path.join(c.dir, "no-such-dir", "x")))).code).to.equal(40000);
    expect(up.list()).to.have.length(count);
  });

  it("lists tasks again after a restart; a paused one resumes, and one that was running when the process died comes back paused", async () => {
    const { fileHash, data } = await uploaded(2 << 20);
    const dir = await dataDir("restart");
    const crashDir = await dataDir("crash");
    const first = await TaskManager.open({ node: c.reader.node, dataDir: dir });
    const out = path.join(c.dir, "restart-download");
    let id = "";
    let paused: Promise<Task> | undefined;
    first.on("progress", ({ task, event }) => {
      if (task.id === id && event.type === "blocks:fetched") paused ??= first.pause(id);
    });
    id = (await first.startDownload(fileHash, out, { password: "unused" })).id;
    // The list as written while the task runs: what a crash would leave behind.
    await first.flush();
    await copyFile(first.file, path.join(crashDir, "tasks.json"));
    await settledWithin(first, id);
    expect((await paused!).status).to.equal("paused");
    await first.close();

    const crashed = await TaskManager.open({ node: c.reader.node, dataDir: crashDir });
    const back = crashed.get(id);
    expect([back.status, back.state.code, back.interrupted]).to.deep.equal(["paused", T.TaskPause, true]);
    // The password was not written down: resuming needs it again.
    expect((await failure(crashed.resume(id))).code).to.equal(40000);
    await crashed.resume(id, { password: "unused" });
    expect((await settledWithin(crashed, id)).status).to.equal("done");
    await crashed.close();

    const second = await TaskManager.open({ node: c.reader.node, dataDir: dir });
    try {
      const listed = second.list();
      expect(listed.map((t) => [t.id, t.status, t.interrupted])).to.deep.equal([[id, "paused", undefined]]);
      expect(listed[0].progress.blocksDone).to.be.above(0);
      await second.resume(id, { password: "unused" });
      const done = await settledWithin(second, id);
      expect(done.status, JSON.stringify(done.error)).to.equal("done");
      expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);
    } finally {
      await second.close();
    }
  });
});
