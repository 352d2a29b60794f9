/**
 * A node's upload and download tasks: each runs uploadFile or downloadFile under its own
 * AbortController, keeps the latest transmission state and progress counters, and can be paused,
 * resumed and cancelled. Both operations are resumable by design (re-running skips what is done:
 * the same File Hash, no second commitment, only missing blocks fetched), so resuming a task is
 * running the same operation again.
 *
 * The task list is a JSON file in the data directory, replaced atomically on every change of
 * status or state, so after a restart the tasks are listed again; one that was running when the
 * process died comes back paused (`interrupted`) and resumes like any paused task. Passwords
 * are never written: they stay in memory, and resuming such a task after a restart needs them
 * again.
 */
import { EventEmitter, setMaxListeners } from "node:events";
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { writeAtomically } from "@dsp/core";
import { DspError, InvalidParams, TransmissionState, statusName } from "@dsp/core";
import { downloadFile, type DownloadOptions, type DownloadProgress, type DownloadResult } from "./download.js";
import { bytes32, evmAddress } from "@dsp/ledger";
import type { FsNode } from "./fs-node.js";
import { uploadFile, type UploadOptions, type UploadProgress, type UploadRequest, type UploadResult } from "./upload.js";

export type TaskKind = "upload" | "download";
export type TaskStatus = "running" | "paused" | "done" | "failed" | "cancelled";

/** An upload's input as stored: JSON-safe (heights as decimal strings), without the password. */
export interface UploadParams {
  path: string;
  copyNum: number;
  /** absent: the verifier's proving period */
  proveInterval?: string;
  expiredHeight: string;
  privilege?: number;
  whitelist?: { addr: string; fromHeight: string; toHeight: string }[];
  fileDesc?: string;
  candidates?: number;
  encrypt: boolean;
  /** Wait for every holder's first proven period (states 14-15) before the task is done. */
  waitForProofs: boolean;
}

export interface DownloadParams {
  fileHash: string;
  /** the deal to download from, or its owner; neither: the live deal of the File Hash with the most holders */
  dealId?: string;
  owner?: string;
  outPath: string;
  /** A password was given (it is kept in memory only). */
  password: boolean;
}

export interface TaskProgress {
  /** Blocks fetched (downloads) so far, over every run. */
  blocksDone: number;
  /** Blocks to fetch, when known: those fetched in earlier runs plus those this run lacks. */
  blocksTotal?: number;
  /** Bytes of blocks fetched (downloads; the tree's link blocks included). */
  bytesTransferred: number;
  /** Bytes of the file (uploads: the source's size). */
  fileSize?: number;
  /** Offered nodes that reported the whole file received (uploads). */
  holdersDone: string[];
}

export interface TaskError {
  code: number;
  name: string;
  message: string;
}

interface TaskBase {
  id: string;
  fileHash?: string;
  /** the deal (uploads: once known; downloads: the one the file was checked against) */
  dealId?: string;
  status: TaskStatus;
  /** The latest transmission state (TaskPause = 1 while paused). */
  state: { code: number; name: string };
  progress: TaskProgress;
  error?: TaskError;
  /** How many times the operation was started (1 + resumes). */
  runs: number;
  /** It was running when the process stopped without pausing it. */
  interrupted?: boolean;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
}

export type Task = TaskBase &
  (
    | { kind: "upload"; params: UploadParams; result?: { dealId: string; holders: string[]; committed: boolean } }
    | { kind: "download"; params: DownloadParams; result?: { dealId: string; bytes: number; seeders: string[]; paid: Record<string, string> } }
  );

/** What startUpload takes: an upload request reading a local file. */
export type UploadTaskRequest = Omit<UploadRequest, "source"> & { path: string; waitForProofs?: boolean };

export type TaskProgressEvent = { task: Task; event: UploadProgress | DownloadProgress };

export interface TaskManagerEvents {
  /** An event of a task's operation, with the task as it is after it. */
  progress: [TaskProgressEvent];
  /** A task was created or changed status. */
  status: [Task];
}

export interface TaskManagerInit {
  node: FsNode;
  /** Where tasks.json lives. */
  dataDir: string;
  /** Tasks running at once; starting or resuming one more gives 50020 TOO_MANY_TASKS (default 8). */
  maxRunning?: number;
  upload?: Pick<UploadOptions, "proofTimeout">;
  download?: Pick<DownloadOptions, "maxPeers">;
  log?: (line: string) => void;
}

const REST = { table: "rest_error" } as const;
const T = TransmissionState;

/** 58000 DSP_TASK_NOT_EXIST */
export class TaskNotExist extends DspError {
  override name = "TaskNotExist";
  constructor(id: string) {
    super(58000, `no task ${id}`, REST);
  }
}

/** 50020 TOO_MANY_TASKS */
export class TooManyTasks extends DspError {
  override name = "TooManyTasks";
  constructor(limit: number) {
    super(50020, `${limit} tasks are running already`);
  }
}

/** 50003 UPLOAD_TASK_EXIST / 50045 DOWNLOAD_TASK_EXIST: an unfinished task does the same. */
export class TaskExists extends DspError {
  override name = "TaskExists";
  constructor(kind: TaskKind, other: string, what: string) {
    super(kind === "upload" ? 50003 : 50045, `task ${other} already ${what}`);
  }
}

/** 55023-55029: a task is not in a status that allows the operation (pause a finished task...). */
export class TaskOperationFailed extends DspError {
  override name = "TaskOperationFailed";
  constructor(op: "pause" | "resume" | "cancel", task: Task, why: string) {
    const code = op === "cancel" ? 55029 : ({ pause: { upload: 55023, download: 55026 }, resume: { upload: 55024, download: 55027 } } as const)[op][task.kind];
    super(code, `cannot ${op} task ${task.id}: ${why}`, REST);
  }
}

/** Why a task's signal was aborted: the manager tells a pause from a cancel by it. */
class Stop extends Error {
  constructor(readonly to: "paused" | "cancelled") {
    super(to === "paused" ? "task paused" : "task cancelled");
  }
}

const FILE = "tasks.json";
const FORMAT = 1;
/** Progress counters reach the file at most this often; status and state changes at once. */
const PROGRESS_SAVE_MS = 1000;
const UNFINISHED: TaskStatus[] = ["running", "paused"];

function stateOf(code: number) {
  return { code, name: Object.entries(T).find(([, c]) => c === code)?.[0] ?? String(code) };
}

function taskError(err: unknown): TaskError {
  if (err instanceof DspError) return { code: err.code, name: err.codeName, message: err.shortMessage };
  return { code: 50002, name: statusName(50002)!, message: (err as Error)?.message ?? String(err) };
}

export class TaskManager extends EventEmitter<TaskManagerEvents> {
  readonly node: FsNode;
  readonly file: string;
  readonly maxRunning: number;
  readonly #init: TaskManagerInit;
  readonly #tasks = new Map<string, Task>();
  readonly #running = new Map<string, { ac: AbortController; settled: Promise<void> }>();
  /** Passwords by task id (never persisted). */
  readonly #secrets = new Map<string, string>();
  #saving: Promise<void> = Promise.resolve();
  #saveQueued = false;
  #lastSave = 0;
  #closed = false;

  private constructor(init: TaskManagerInit, tasks: Task[]) {
    super();
    this.#init = init;
    this.node = init.node;
    this.file = path.join(init.dataDir, FILE);
    this.maxRunning = init.maxRunning ?? 8;
    for (const t of tasks) this.#tasks.set(t.id, t);
  }

  /** Loads the task list of `dataDir` (none yet is fine); tasks left running come back paused. */
  static async open(init: TaskManagerInit): Promise<TaskManager> {
    const file = path.join(init.dataDir, FILE);
    let tasks: Task[] = [];
    try {
      const saved = JSON.parse(await readFile(file, "utf8")) as { format: number; tasks: Task[] };
      if (saved.format !== FORMAT || !Array.isArray(saved.tasks)) throw new Error(`unknown format ${saved.format}`);
      tasks = saved.tasks;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new DspError(40001, `cannot read the task list ${file}`, { cause: err, details: (err as Error).message });
    }
    for (const t of tasks) {
      if (t.status !== "running") continue;
      Object.assign(t, { status: "paused", state: stateOf(T.TaskPause), interrupted: true });
    }
    const manager = new TaskManager(init, tasks);
    if (tasks.some((t) => t.interrupted)) manager.#save();
    return manager;
  }

  list(): Task[] {
    return [...this.#tasks.values()].map((t) => structuredClone(t));
  }

  get(id: string): Task {
    return structuredClone(this.#task(id));
  }

  async startUpload(req: UploadTaskRequest): Promise<Task> {
    const file = path.resolve(req.path);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new DspError(54009, `${file} is not a readable file`, REST);
    if (!Number.isInteger(req.copyNum) || req.copyNum < 0) throw new InvalidParams(`copyNum must be a whole number, got ${req.copyNum}`);
    const same = this.#unfinished().find((t) => t.kind === "upload" && t.params.path === file);
    if (same) throw new TaskExists("upload", same.id, `uploads ${file}`);
    this.#checkRoom();
    const params: UploadParams = {
      path: file,
      copyNum: req.copyNum,
      proveInterval: req.proveInterval?.toString(),
      expiredHeight: req.expiredHeight.toString(),
      privilege: req.privilege,
      whitelist: req.whitelist?.map((r) => ({ addr: r.addr, fromHeight: r.fromHeight.toString(), toHeight: r.toHeight.toString() })),
      fileDesc: req.fileDesc,
      candidates: req.candidates,
      encrypt: req.encryptPassword !== undefined,
      waitForProofs: req.waitForProofs ?? true,
    };
    const task = this.#create({ kind: "upload", params }, { fileSize: info.size });
    if (req.encryptPassword !== undefined) this.#secrets.set(task.id, req.encryptPassword);
    return this.#start(task);
  }

  /** Downloads `fileHash`; `dealId` or `owner` names the deal to check it against (DownloadOptions). */
  async startDownload(fileHash: string, outPath: string, opts: { password?: string; dealId?: string; owner?: string } = {}): Promise<Task> {
    const hash = bytes32(fileHash, "fileHash");
    const dealId = opts.dealId === undefined ? undefined : bytes32(opts.dealId, "dealId");
    const owner = opts.owner === undefined ? undefined : evmAddress(opts.owner, "owner");
    const out = path.resolve(outPath);
    if (!(await stat(path.dirname(out)).catch(() => undefined))?.isDirectory()) throw new InvalidParams(`the folder of ${out} does not exist`);
    const same = this.#unfinished().find((t) => t.kind === "download" && (t.fileHash === hash || t.params.outPath === out));
    if (same) throw new TaskExists("download", same.id, same.fileHash === hash ? `downloads ${hash}` : `writes ${out}`);
    this.#checkRoom();
    const params: DownloadParams = { fileHash: hash, ...(dealId && { dealId }), ...(owner && { owner }), outPath: out, password: opts.password !== undefined };
    const task = this.#create({ kind: "download", params, fileHash: hash }, {});
    if (opts.password !== undefined) this.#secrets.set(task.id, opts.password);
    return this.#start(task);
  }

  /** Stops a running task where it is; it keeps what it did and resumes from there. */
  async pause(id: string): Promise<Task> {
    const task = this.#task(id);
    const run = this.#running.get(id);
    if (!run) throw new TaskOperationFailed("pause", task, `it is ${task.status}`);
    run.ac.abort(new Stop("paused"));
    await run.settled;
    if (task.status !== "paused") throw new TaskOperationFailed("pause", task, `it ended (${task.status}) before it could stop`);
    return this.get(id);
  }

  /**
   * Runs a paused (or failed) task's operation again. `password` replaces the one given at the
   * start (needed after a restart, when the task had one).
   */
  async resume(id: string, opts: { password?: string } = {}): Promise<Task> {
    const task = this.#task(id);
    if (task.status !== "paused" && task.status !== "failed") throw new TaskOperationFailed("resume", task, `it is ${task.status}`);
    if (opts.password !== undefined) this.#secrets.set(id, opts.password);
    const needsPassword = task.kind === "upload" ? task.params.encrypt : task.params.password;
    if (needsPassword && !this.#secrets.has(id)) throw new InvalidParams(`task ${id} had a password, which is not kept across restarts: give it again`);
    this.#checkRoom();
    return this.#start(task);
  }

  /**
   * Stops a task for good. What it did stays: blocks in the node's store, and an upload's
   * commitment on the ledger (delete the file to get the fee back).
   */
  async cancel(id: string): Promise<Task> {
    const task = this.#task(id);
    const run = this.#running.get(id);
    if (run) {
      run.ac.abort(new Stop("cancelled"));
      await run.settled;
      if (task.status !== "cancelled") throw new TaskOperationFailed("cancel", task, `it ended (${task.status}) before it could stop`);
    } else {
      if (task.status === "done" || task.status === "cancelled") throw new TaskOperationFailed("cancel", task, `it is ${task.status}`);
      this.#finish(task, "cancelled");
    }
    this.#secrets.delete(id);
    return this.get(id);
  }

  /** Resolves with the task once its current run (if any) has ended. */
  async settled(id: string): Promise<Task> {
    this.#task(id);
    await this.#running.get(id)?.settled;
    return this.get(id);
  }

  /** Resolves when the task list on disk reflects every change made so far. */
  flush(): Promise<void> {
    return this.#saving;
  }

  /** Pauses every running task and writes the list; the manager takes no new task after. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#running.keys()].map((id) => this.pause(id)));
    this.#save();
    await this.flush();
  }

  #task(id: string): Task {
    const task = this.#tasks.get(id);
    if (!task) throw new TaskNotExist(id);
    return task;
  }

  #unfinished(): Task[] {
    return [...this.#tasks.values()].filter((t) => UNFINISHED.includes(t.status));
  }

  #checkRoom(): void {
    if (this.#closed) throw new DspError(50000, "the task manager is closed");
    if (this.#running.size >= this.maxRunning) throw new TooManyTasks(this.maxRunning);
  }

  #create(what: Pick<Task, "kind" | "params" | "fileHash">, progress: Partial<TaskProgress>): Task {
    const now = Date.now();
    const task = {
      ...what,
      id: randomUUID(),
      status: "running",
      state: stateOf(T.None),
      progress: { blocksDone: 0, bytesTransferred: 0, holdersDone: [], ...progress },
      runs: 0,
      createdAt: now,
      updatedAt: now,
    } as Task;
    this.#tasks.set(task.id, task);
    return task;
  }

  #start(task: Task): Task {
    const ac = new AbortController();
    // Every block request in flight (seeders x window) listens on it.
    setMaxListeners(256, ac.signal);
    Object.assign(task, { status: "running", state: stateOf(T.TaskDoing), runs: task.runs + 1, updatedAt: Date.now() });
    delete task.error;
    delete task.interrupted;
    delete task.finishedAt;
    // Started on the next tick, so the task is registered as running before its first event.
    const settled = Promise.resolve().then(() => this.#operate(task, ac.signal)).then(
      () => this.#finish(task, "done"),
      (err) => {
        const reason = ac.signal.reason;
        if (ac.signal.aborted && reason instanceof Stop) this.#finish(task, reason.to);
        else this.#finish(task, "failed", taskError(err));
      },
    ).finally(() => this.#running.delete(task.id));
    this.#running.set(task.id, { ac, settled });
    this.#changed(task);
    return this.get(task.id);
  }

  async #operate(task: Task, signal: AbortSignal): Promise<void> {
    // Counters from earlier runs: this run's fetch counts only what the store still lacks.
    const before = task.progress.blocksDone;
    const bytesBefore = task.progress.bytesTransferred;
    const onProgress = (event: UploadProgress | DownloadProgress) => {
      this.#observe(task, event, before, bytesBefore);
      this.emit("progress", { task: structuredClone(task), event });
    };
    const password = this.#secrets.get(task.id);
    if (task.kind === "upload") {
      const p = task.params;
      const req: UploadRequest = {
        source: p.path,
        copyNum: p.copyNum,
        proveInterval: p.proveInterval === undefined ? undefined : BigInt(p.proveInterval),
        expiredHeight: BigInt(p.expiredHeight),
        privilege: p.privilege,
        whitelist: p.whitelist?.map((r) => ({ addr: r.addr, fromHeight: BigInt(r.fromHeight), toHeight: BigInt(r.toHeight) })),
        fileDesc: p.fileDesc,
        candidates: p.candidates,
        encryptPassword: p.encrypt ? password : undefined,
      };
      const r: UploadResult = await uploadFile(this.node, req, { ...this.#init.upload, signal, onProgress, skipProofWait: !p.waitForProofs });
      task.fileHash = r.fileHash;
      task.dealId = r.dealId;
      task.result = { dealId: r.dealId, holders: r.holders, committed: r.committed };
    } else {
      const { fileHash, outPath, dealId, owner } = task.params;
      const r: DownloadResult = await downloadFile(this.node, fileHash, outPath, { ...this.#init.download, signal, onProgress, password, dealId, owner });
      task.dealId = r.dealId;
      task.result = { dealId: r.dealId, bytes: r.bytes, seeders: r.seeders, paid: Object.fromEntries(Object.entries(r.paid).map(([k, v]) => [k, v.toString()])) };
    }
  }

  #observe(task: Task, e: UploadProgress | DownloadProgress, before: number, bytesBefore: number): void {
    const p = task.progress;
    task.updatedAt = Date.now();
    switch (e.type) {
      case "upload:state":
      case "download:state":
        task.state = stateOf(e.state);
        if (e.type === "upload:state" && e.fileHash) task.fileHash = e.fileHash;
        return this.#save();
      case "upload:holder":
        if (e.state === T.TaskUploadFileTransferBlocksDone && !p.holdersDone.includes(e.node)) p.holdersDone.push(e.node);
        return this.#save();
      case "blocks:fetched":
        p.blocksDone = before + e.done;
        p.blocksTotal = before + e.total;
        p.bytesTransferred = bytesBefore + e.bytes;
        if (Date.now() - this.#lastSave >= PROGRESS_SAVE_MS) this.#save();
    }
  }

  #finish(task: Task, status: TaskStatus, error?: TaskError): void {
    const now = Date.now();
    Object.assign(task, { status, updatedAt: now });
    if (error) task.error = error;
    if (status === "paused") task.state = stateOf(T.TaskPause);
    else task.finishedAt = now;
    if (status === "done" || status === "cancelled") this.#secrets.delete(task.id);
    this.#init.log?.(`task ${task.id} (${task.kind}) ${status}${error ? `: ${error.code} ${error.message}` : ""}`);
    this.#changed(task);
  }

  #changed(task: Task): void {
    this.#save();
    this.emit("status", structuredClone(task));
  }

  /** Queues one write of the whole list; changes made before it starts ride along. */
  #save(): void {
    if (this.#saveQueued) return;
    this.#saveQueued = true;
    this.#saving = this.#saving.then(async () => {
      this.#saveQueued = false;
      this.#lastSave = Date.now();
      const json = JSON.stringify({ format: FORMAT, tasks: [...this.#tasks.values()] }, null, 1);
      try {
        await writeAtomically(this.file, (async function* () {
          yield Buffer.from(json);
        })());
      } catch (err) {
        this.#init.log?.(`cannot write the task list ${this.file}: ${(err as Error).message}`);
      }
    });
  }
}
