/**
 * Block exchange over the P2P layer: the spec's BlockFlights, pulled. The side that wants blocks
 * asks for a batch (a BlockFlights whose blocks carry hashes and no data) on its bulk stream and
 * the holder answers with the data. Pulling lets the receiver pace the transfer (a window of
 * batches in flight), ask only for what it lacks (so a resumed task sends nothing again past its
 * breakpoint), spread the batches over several peers and pay as it goes.
 *
 * Every block is checked against its hash as it is stored (FileStore.putBlock); the caller then
 * checks the whole tree against the ledger's commitment (FileStore.commitFile + BlocksRoot).
 */
import { getMaxListeners, setMaxListeners } from "node:events";
import type { PeerId } from "@libp2p/interface";
import { AbortedError, DspError, InvalidParams, unhex } from "@dsp/core";
import type { FileStore } from "../fs/file-store.js";
import { BlockCorrupted } from "../fs/errors.js";
import { Semaphore } from "@dsp/core";
import type { Lease } from "../fs/leases.js";
import type { DspHost, Incoming } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";

/** Blocks per BlockFlights batch (8 x 256 KiB = 2 MiB messages). */
export const BATCH = 8;
/** Batches in flight per peer. */
export const WINDOW = 4;


/** A 32-byte hash from hex (with or without 0x), as peers send them; InvalidParams otherwise. */
export function hashBytes(s: string): Uint8Array {
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(s)) throw new InvalidParams(`not a 32-byte hash in hex: ${JSON.stringify(s.slice(0, 80))}`);
  return unhex(s.replace(/^0x/, ""));
}

/** 50035 DOWNLOAD_BLOCK_FAILED: no peer could give a block. */
export class BlockFetchFailed extends DspError {
  override name = "BlockFetchFailed";
  constructor(missing: number, why: string, cause?: unknown) {
    super(50035, `${missing} block(s) could not be fetched: ${why}`, { cause });
  }
}

/**
 * Who may fetch what. Each throws a DspError (sent back as the refusal) when the answer is no:
 * `admit` before any block is read, so a stranger costs no disk reads; `charge` once the batch's
 * size is known, for a seeder that is paid by the byte.
 */
export interface ServePolicy {
  admit(request: Incoming<typeof Opcode.BlockFlights>): Promise<void> | void;
  charge?(request: Incoming<typeof Opcode.BlockFlights>, bytes: number): Promise<void> | void;
}

export interface ServeOptions {
  policy?: ServePolicy;
  /** A block found corrupted on disk is refused to the peer (it would reject it anyway) and told here, so the node can repair it. */
  onCorrupt?: (fileHash: string, block: string) => void;
  /**
   * Batches read and being sent at once, over all peers (default 16, i.e. 32 MiB of 256 KiB
   * blocks). Memory grows with this, not with the number of downloaders: past it, requests wait.
   */
  maxBatches?: number;
}

/** Answers batch requests from `files`, as the policy allows; returns the read budget, for its numbers. */
export function serveBlocks(host: DspHost, files: FileStore, { policy, onCorrupt, maxBatches = 16 }: ServeOptions = {}): Semaphore {
  const budget = new Semaphore(maxBatches);
  host.handle(Opcode.BlockFlights, async (request) => {
    const wanted = request.message.blocks;
    if (wanted.length === 0 || wanted.length > 64) throw new InvalidParams(`a batch asks for 1 to 64 blocks, not ${wanted.length}`);
    if (wanted.some((b) => b.data?.length)) throw new InvalidParams("a batch request carries no block data");
    const hashes = wanted.map((b) => hashBytes(b.hash ?? ""));
    // admitted first, so a stranger neither waits for nor takes a share of the budget
    await policy?.admit(request);
    const release = await budget.acquire();
    try {
      const read = async (i: number) => {
        try {
          return await files.getBlock(hashes[i]);
        } catch (e) {
          if (e instanceof BlockCorrupted) onCorrupt?.(wanted[i].fileHash ?? "", wanted[i].hash ?? "");
          throw e;
        }
      };
      const blocks = await Promise.all(wanted.map(async (b, i) => ({ index: b.index, hash: b.hash, fileHash: b.fileHash, data: await read(i) })));
      await policy?.charge?.(request, blocks.reduce((n, b) => n + b.data.length, 0));
      // the permit is held until the bytes are written: until then they are in memory
      return { opcode: Opcode.BlockFlights, message: { sessionId: request.message.sessionId, TimeStamp: Date.now(), blocks }, onSent: release };
    } catch (e) {
      release();
      throw e;
    }
  });
  return budget;
}

export type FetchProgress = { type: "blocks:fetched"; done: number; total: number; bytes: number; peer: string };

export interface FetchOptions {
  /** The session the holder opened; per peer when each seeder opened its own. */
  sessionId: string | ((peer: PeerId) => string);
  fileHash: string;
  lease?: Lease;
  signal?: AbortSignal;
  onProgress?: (e: FetchProgress) => void;
  /** A voucher to attach to the next request to `peer`, given the bytes received from it so far. */
  payment?: (peer: PeerId, bytesFromPeer: number) => Promise<dsp.Payment.$Properties | undefined>;
  /** Called with the blocks of each stored batch (a breakpoint can be recorded from it). */
  onStored?: (hashes: string[]) => void;
  batch?: number;
  window?: number;
}

/**
 * Fetches the blocks of `hashes` (hex, with their positions in the file's block list) that
 * `files` lacks, from `peers` at once. A peer that fails is dropped and its batches go to the
 * others. Resolves with the counts; rejects with BlockFetchFailed when blocks remain and no
 * peer is left.
 */
export async function fetchBlocks(
  host: DspHost,
  peers: PeerId[],
  files: FileStore,
  hashes: string[],
  opts: FetchOptions,
): Promise<{ fetched: number; skipped: number; bytes: number; perPeer: Map<string, number> }> {
  const { signal } = opts;
  // Every request in flight listens to the signal: peers x window of them.
  if (signal) setMaxListeners(Math.max(getMaxListeners(signal), peers.length * (opts.window ?? WINDOW) + 10), signal);
  const wanted: { hash: string; index: number }[] = [];
  for (let i = 0; i < hashes.length; i++) if (!(await files.blocks.has(hashBytes(hashes[i])))) wanted.push({ hash: hashes[i], index: i });
  const skipped = hashes.length - wanted.length;
  const size = opts.batch ?? BATCH;
  const queue: { hash: string; index: number }[][] = [];
  for (let i = 0; i < wanted.length; i += size) queue.push(wanted.slice(i, i + size));
  let done = 0;
  let bytes = 0;
  let lastError: unknown;
  const perPeer = new Map<string, number>();

  async function worker(peer: PeerId, fromPeer: { bytes: number }): Promise<void> {
    while (queue.length > 0) {
      if (signal?.aborted) throw new AbortedError("block fetch", signal.reason);
      const batch = queue.shift()!;
      try {
        const payment = await opts.payment?.(peer, fromPeer.bytes);
        const answer = await host.request(
          peer,
          Opcode.BlockFlights,
          { sessionId: typeof opts.sessionId === "string" ? opts.sessionId : opts.sessionId(peer), blocks: batch.map((b) => ({ hash: b.hash, index: b.index, fileHash: opts.fileHash })), payment },
          { bulk: true, signal },
        );
        const got = (answer.message as dsp.BlockFlights).blocks ?? [];
        for (const want of batch) {
          const block = got.find((b) => b.hash === want.hash);
          if (!block?.data) throw new BlockFetchFailed(1, `peer ${peer} did not send block ${want.hash}`);
          // putBlock refuses bytes that do not hash to `want.hash`.
          await files.putBlock(hashBytes(want.hash), block.data, { lease: opts.lease, signal });
          fromPeer.bytes += block.data.length;
          perPeer.set(peer.toString(), fromPeer.bytes);
          bytes += block.data.length;
        }
        done += batch.length;
        opts.onStored?.(batch.map((b) => b.hash));
        opts.onProgress?.({ type: "blocks:fetched", done, total: wanted.length, bytes, peer: peer.toString() });
      } catch (err) {
        queue.unshift(batch);
        if (signal?.aborted) throw new AbortedError("block fetch", signal.reason);
        throw err;
      }
    }
  }

  // Each peer runs `window` workers; a worker that fails stops, its batch back in the queue.
  await Promise.all(
    peers.map(async (peer) => {
      const fromPeer = { bytes: 0 };
      perPeer.set(peer.toString(), 0);
      await Promise.all(
        Array.from({ length: opts.window ?? WINDOW }, () =>
          worker(peer, fromPeer).catch((err) => {
            if (err instanceof AbortedError) throw err;
            lastError = err;
          }),
        ),
      );
    }),
  );
  if (queue.length > 0) {
    const missing = queue.reduce((n, b) => n + b.length, 0);
    throw new BlockFetchFailed(missing, lastError instanceof Error ? lastError.message : "no peer left", lastError);
  }
  return { fetched: wanted.length, skipped, bytes, perPeer };
}
