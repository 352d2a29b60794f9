/**
 * What an operator asks of a running node: is it proving, is it mending, is anything rotting, is
 * it overloaded. Folded from the prover's, keeper's and scrubber's events (nothing is polled) and
 * served at GET /api/v1/node/health (docs/rest.md).
 */
import type { FsNode } from "./fs-node.js";
import type { KeeperEvent } from "./keeper.js";
import type { ProverEvent } from "./prover.js";
import type { ScrubEvent } from "./scrub.js";

export interface Health {
  proving: {
    syncedTo: string | null;
    /** proofs sent (one per proving period, for every deal at once) */
    submitted: number;
    failed: number;
    reportedMisses: number;
    /** deals accepted and declined since start */
    accepted: number;
    declined: number;
    /** `fileHash`: the file the proof could not be built from, when that was the cause */
    lastFailure: { period: string; fileHash: string | null; code: number; message: string } | null;
  };
  repairs: { running: number; restored: number; failed: number; lastRestored: { fileHash: string; reason: string; fetched: number; corrupted: number } | null };
  scrub: { passes: number; last: { at: string; files: number; blocks: number; bad: number; seconds: number } | null };
  serving: { batchesInFlight: number; waiting: number; peak: number; budget: number };
}

export class HealthBoard {
  readonly #node: FsNode;
  readonly #proving: Health["proving"] = { syncedTo: null, submitted: 0, failed: 0, reportedMisses: 0, accepted: 0, declined: 0, lastFailure: null };
  readonly #repairs: Omit<Health["repairs"], "running"> = { restored: 0, failed: 0, lastRestored: null };
  readonly #scrub: Health["scrub"] = { passes: 0, last: null };
  readonly #running: () => number;

  /** `running`: how many files the keeper is making whole now (Keeper.running). */
  constructor(node: FsNode, running: () => number) {
    this.#node = node;
    this.#running = running;
  }

  prover(e: ProverEvent): void {
    if (e.type === "prover:synced") this.#proving.syncedTo = String(e.detail.height);
    else if (e.type === "prover:proof:submitted") this.#proving.submitted++;
    else if (e.type === "prover:missed:reported") this.#proving.reportedMisses++;
    else if (e.type === "prover:deal:accepted") this.#proving.accepted++;
    else if (e.type === "prover:deal:declined") this.#proving.declined++;
    else if (e.type === "prover:proof:failed") {
      this.#proving.failed++;
      this.#proving.lastFailure = { period: String(e.detail.period), fileHash: e.detail.fileHash ?? null, code: e.detail.code, message: e.detail.error.shortMessage };
    }
  }

  keeper(e: KeeperEvent): void {
    if (e.type === "keeper:restored") {
      this.#repairs.restored++;
      this.#repairs.lastRestored = { fileHash: e.fileHash, reason: e.reason, fetched: e.result.fetched, corrupted: e.result.corrupted };
    } else if (e.type === "keeper:failed") this.#repairs.failed++;
  }

  scrub(e: ScrubEvent): void {
    if (e.type !== "scrub:pass") return;
    this.#scrub.passes++;
    this.#scrub.last = { at: new Date().toISOString(), files: e.files, blocks: e.blocks, bad: e.bad, seconds: Math.round(e.seconds * 1000) / 1000 };
  }

  snapshot(): Health {
    const s = this.#node.serving;
    return {
      proving: { ...this.#proving },
      repairs: { running: this.#running(), ...this.#repairs },
      scrub: { ...this.#scrub },
      serving: { batchesInFlight: s.inUse, waiting: s.waiting, peak: s.peak, budget: s.permits },
    };
  }
}
