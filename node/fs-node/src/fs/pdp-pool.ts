/**
 * A pool of worker threads hashing blocks' PDP subtrees (pdp-worker.ts). Each worker runs one
 * block at a time; blocks wait in order for the first idle worker. A block's bytes are transferred
 * to the worker, not copied: the caller gives them up.
 *
 * The worker is TypeScript, so it loads tsx itself (BOOT below): the same under `tsx` and
 * `mocha --node-option import=tsx`.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { BlockRoot } from "./pdp-blocks.js";
import type { PdpJobResult } from "./pdp-worker.js";

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve: (r: BlockRoot) => void;
  reject: (e: unknown) => void;
}

const WORKER_URL = new URL("./pdp-worker.ts", import.meta.url).href;
const TSX_API = import.meta.resolve("tsx/esm/api");
/**
 * The worker's entry: registers tsx's loader in the worker, then imports the TypeScript worker.
 * (`execArgv: ["--import", "tsx"]` does not reach a worker's entry module on Node 20: the hooks
 * are registered after the entry is resolved, which fails with ERR_UNKNOWN_FILE_EXTENSION.)
 */
const BOOT = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

export class PdpWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private readonly all: Worker[] = [];
  private nextId = 0;
  private failure?: unknown;

  private constructor() {}

  /** Starts `size` workers (os.availableParallelism() unless said) and waits until each is ready. */
  static async start(size = availableParallelism()): Promise<PdpWorkerPool> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a PDP worker pool needs at least one worker, not ${size}`);
    const pool = new PdpWorkerPool();
    try {
      await Promise.all(Array.from({ length: size }, () => pool.spawn()));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.all.length;
  }

  private spawn(): Promise<void> {
    const w = new Worker(BOOT, { eval: true });
    this.all.push(w);
    return new Promise((resolve, reject) => {
      w.once("error", reject);
      w.once("message", () => {
        w.off("error", reject);
        w.on("message", (m: PdpJobResult) => this.done(w, m));
        w.on("error", (e) => this.fail(e));
        w.on("exit", (code) => code !== 0 && this.fail(new Error(`PDP worker exited with code ${code}`)));
        this.idle.push(w);
        resolve();
      });
    });
  }

  /** The block's own subtree root. `bytes` is transferred to a worker: do not use it afterwards. */
  hash(bytes: Uint8Array): Promise<BlockRoot> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      const bytes = owned(job.bytes);
      w.postMessage({ id: job.id, bytes }, [bytes.buffer as ArrayBuffer]);
    }
  }

  private done(w: Worker, m: PdpJobResult): void {
    const job = this.busy.get(w);
    // A result can arrive after close() or a failure rejected its job: nothing waits for it now.
    if (!job) return;
    this.busy.delete(w);
    this.idle.push(w);
    if ("error" in m) job.reject(new Error(`PDP worker failed: ${m.error}`));
    else job.resolve({ root: m.root, depth: m.depth });
    this.pump();
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    for (const job of [...this.busy.values(), ...this.queue.splice(0)]) job.reject(e);
    this.busy.clear();
  }

  /** Stops every worker; jobs not finished are rejected. */
  async close(): Promise<void> {
    this.fail(new Error("PDP worker pool closed"));
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/**
 * `bytes` on a buffer of its own, so that transferring the buffer moves exactly these bytes: a
 * view into a larger or shared buffer (Node's small-Buffer pool) is copied once, the rest moved.
 */
function owned(bytes: Uint8Array): Uint8Array {
  const b = bytes.buffer;
  if (b instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === b.byteLength) return bytes;
  return Uint8Array.from(bytes);
}
