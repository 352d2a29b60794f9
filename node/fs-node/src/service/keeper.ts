/**
 * The node's side of "the network keeps files safe": it watches for the ways a deal's file can be
 * missing here and makes it whole again from the deal's other holders (replicate.ts).
 *
 * - Recovery: the ledger offered this node a slot in place of a failed holder (or of an offer that
 *   lapsed); the file is not here, and the prover accepts the deal only once it is.
 * - A proof could not be built because blocks are missing or corrupted on disk.
 * - A block served to a peer was found corrupted when read.
 * - The background scrub (scrub.ts) found a block missing or corrupted.
 *
 * One replication per file at a time; a failed one is retried after each delay in
 * `retryDelaysMs` (the sources may be down for a while), then left to the next trigger, which the
 * prover gives again (the next period's failed proof, or the recovery offer still open some blocks
 * later). A file the node is still receiving by upload is left to that upload.
 */
import { DspError } from "@dsp/core";
import { sleep } from "@dsp/core";
import type { FsNode } from "./fs-node.js";
import { replicateFile, type ReplicateProgress, type ReplicateResult } from "./replicate.js";

export type KeeperReason = "recovery" | "proof-failed" | "corrupt-block" | "scrub";

export type KeeperEvent =
  | { type: "keeper:start"; fileHash: string; dealId: string; reason: KeeperReason; attempt: number }
  | { type: "keeper:restored"; fileHash: string; dealId: string; reason: KeeperReason; result: ReplicateResult }
  | { type: "keeper:failed"; fileHash: string; dealId: string; reason: KeeperReason; attempt: number; error: DspError; retryInMs?: number }
  | ReplicateProgress;

export interface KeeperInit {
  node: FsNode;
  /** Waits between attempts of one replication (default 2 s, 10 s, 30 s). */
  retryDelaysMs?: number[];
  onProgress?: (e: KeeperEvent) => void;
}

export class Keeper {
  readonly #node: FsNode;
  readonly #delays: number[];
  readonly #onProgress?: (e: KeeperEvent) => void;
  readonly #running = new Map<string, Promise<void>>();
  readonly #controller = new AbortController();

  constructor(init: KeeperInit) {
    this.#node = init.node;
    this.#delays = init.retryDelaysMs ?? [2_000, 10_000, 30_000];
    this.#onProgress = init.onProgress;
  }

  /**
   * Makes `fileHash` whole here from the holders of deal `dealId` (one of its deals this node has a
   * slot in), unless that is under way already for the file (then it returns the run in flight).
   * Resolves when done or given up; it never rejects (failures are events).
   */
  ensure(fileHashIn: string, dealIdIn: string, reason: KeeperReason): Promise<void> {
    const fileHash = fileHashIn.toLowerCase();
    const dealId = dealIdIn.toLowerCase();
    const running = this.#running.get(fileHash);
    if (running) return running;
    if (this.#controller.signal.aborted || this.#node.isReceiving(fileHash)) return Promise.resolve();
    const run = this.#run(fileHash, dealId, reason).finally(() => this.#running.delete(fileHash));
    this.#running.set(fileHash, run);
    return run;
  }

  /** Files being made whole now. */
  get running(): number {
    return this.#running.size;
  }

  /** Resolves once no replication is under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }

  /** Stops retrying and waits for the replications in flight to end. */
  async stop(): Promise<void> {
    this.#controller.abort();
    await Promise.allSettled([...this.#running.values()]);
  }

  async #run(fileHash: string, dealId: string, reason: KeeperReason): Promise<void> {
    const signal = this.#controller.signal;
    for (let attempt = 1; ; attempt++) {
      this.#emit({ type: "keeper:start", fileHash, dealId, reason, attempt });
      try {
        // A file lost whole needs no scrub: what is here was checked when it was stored.
        const result = await replicateFile(this.#node, dealId, { signal, scrub: reason !== "recovery", onProgress: (e) => this.#emit(e) });
        this.#emit({ type: "keeper:restored", fileHash, dealId, reason, result });
        this.#node.emit("file:received", { fileHash, dealId, from: "replication", bytes: result.bytes });
        return;
      } catch (e) {
        if (signal.aborted) return;
        const error = e instanceof DspError ? e : new DspError(50035, (e as Error).message, { cause: e });
        const retryInMs = this.#delays[attempt - 1];
        this.#emit({ type: "keeper:failed", fileHash, dealId, reason, attempt, error, retryInMs });
        if (retryInMs === undefined) return;
        await sleep(retryInMs, signal);
        if (signal.aborted) return;
      }
    }
  }

  #emit(e: KeeperEvent): void {
    try {
      this.#onProgress?.(e);
    } catch {
      /* a listener's failure is the listener's business */
    }
  }
}
