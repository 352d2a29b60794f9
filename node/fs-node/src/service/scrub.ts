/**
 * A background scrub of the files this node holds: every block read back and checked against its
 * hash, at a bounded rate, so that rot is found and mended (keeper.ts) before a challenge or a
 * downloader meets it. Proofs only touch the challenged blocks and downloads only the files
 * someone wants; a block nobody reads could otherwise stay bad until the last good copy is gone.
 * (ZFS scrubs and Ceph deep-scrubs do the same job for the same reason.)
 *
 * Files this node keeps without holding them in a deal on the ledger (a client's downloads) are
 * skipped: there is no fellow holder bound to serve them.
 */
import { AbortedError, toHex } from "@dsp/core";
import { BlockNotFound } from "../fs/blockstore.js";
import { BlockCorrupted, InvalidFileTree } from "../fs/errors.js";
import { getVerified } from "../fs/walk.js";
import { sleep } from "@dsp/core";
import type { FsNode } from "./fs-node.js";
import type { Keeper } from "./keeper.js";

export type ScrubEvent =
  | { type: "scrub:file"; fileHash: string; blocks: number; bad: number }
  | { type: "scrub:pass"; files: number; blocks: number; bad: number; seconds: number };

export interface ScrubberInit {
  node: FsNode;
  keeper: Keeper;
  /** A deal this node holds `fileHash` under on the ledger now, or undefined (only held files are scrubbed). */
  heldDeal(fileHash: string): Promise<string | undefined>;
  /** Time between the end of one pass and the start of the next (default 6 h; 0: only when pass() is called). */
  intervalMs?: number;
  /** Read rate cap, so a scrub never crowds out proofs and transfers (default 64 MiB/s). */
  bytesPerSecond?: number;
  onProgress?: (e: ScrubEvent) => void;
}

export interface ScrubResult {
  files: number;
  blocks: number;
  /** blocks found missing or corrupted (each file with any is handed to the keeper) */
  bad: number;
}


export class Scrubber {
  readonly #init: ScrubberInit;
  readonly #controller = new AbortController();
  #loop?: Promise<void>;
  #running?: Promise<ScrubResult>;

  constructor(init: ScrubberInit) {
    this.#init = init;
  }

  start(): void {
    const every = this.#init.intervalMs ?? 6 * 3_600_000;
    if (every <= 0 || this.#loop) return;
    const signal = this.#controller.signal;
    this.#loop = (async () => {
      while (!signal.aborted) {
        await sleep(every, signal);
        if (signal.aborted) return;
        await this.pass().catch(() => {}); // a failed pass is tried again at the next interval
      }
    })();
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    await Promise.allSettled([this.#loop, this.#running]);
  }

  /** One pass over every held file now (or the pass already running). */
  pass(): Promise<ScrubResult> {
    this.#running ??= this.#pass().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #pass(): Promise<ScrubResult> {
    const signal = this.#controller.signal;
    const started = performance.now();
    const rate = this.#init.bytesPerSecond ?? 64 * 2 ** 20;
    const total: ScrubResult = { files: 0, blocks: 0, bad: 0 };
    let readBytes = 0;
    for (const raw of await this.#init.node.files.roots.list()) {
      if (signal.aborted) throw new AbortedError("scrub", signal.reason);
      const fileHash = toHex(raw);
      const dealId = await this.#init.heldDeal(fileHash);
      if (!dealId) continue;
      let blocks = 0;
      let bad = 0;
      let hashes: Uint8Array[];
      try {
        hashes = await this.#init.node.files.getBlockHashesOfFile(raw, { signal });
      } catch (e) {
        // the tree itself is damaged: the keeper fetches the whole block list from a fellow holder
        if (!isDamage(e)) throw e;
        hashes = [];
        bad++;
      }
      for (const h of hashes) {
        if (signal.aborted) throw new AbortedError("scrub", signal.reason);
        try {
          readBytes += (await getVerified(this.#init.node.files.blocks, h, signal)).length;
        } catch (e) {
          if (!isDamage(e)) throw e;
          bad++;
        }
        blocks++;
        // never ahead of the rate: sleep off what this block's read got ahead by
        const ahead = (readBytes / rate) * 1000 - (performance.now() - started);
        if (ahead > 1) await sleep(ahead, signal);
      }
      total.files++;
      total.blocks += blocks;
      total.bad += bad;
      this.#emit({ type: "scrub:file", fileHash, blocks, bad });
      if (bad > 0) await this.#init.keeper.ensure(fileHash, dealId, "scrub");
    }
    this.#emit({ type: "scrub:pass", ...total, seconds: (performance.now() - started) / 1000 });
    return total;
  }

  #emit(e: ScrubEvent): void {
    try {
      this.#init.onProgress?.(e);
    } catch {
      /* a listener's failure is the listener's business */
    }
  }
}

function isDamage(e: unknown): boolean {
  return e instanceof BlockCorrupted || e instanceof BlockNotFound || e instanceof InvalidFileTree;
}
