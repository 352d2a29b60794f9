/**
 * Keeping a deal's file whole: a node offered a slot by recovery (a candidate asked to take over
 * from a failed holder, or from an offer that lapsed) fetches the file from the deal's active
 * holders before it accepts, and a holder that found a block missing or corrupted on disk fetches
 * that block again. Both are one operation, since what a node lacks is the same question either
 * way: which blocks of the committed tree are not here intact.
 *
 * Sources are the deal's other active holders (they serve a node with a slot in the deal whatever
 * the file's privilege, without charge). With none, there is nothing to fetch from: the candidate
 * never accepts and its offer lapses, so it is never bound (nor slashed) for data it never had. The block list comes from a source and is checked as a whole, as in
 * a download: the blocks by their hashes on arrival, the tree by commitFile against the ledger's
 * BlocksRoot, size and block count, and the PDP data root against the committed one, so a lying
 * source can waste time but not plant data.
 */
import { toHex } from "@dsp/core";
import { AbortedError, DspError } from "@dsp/core";
import { BlockNotFound } from "../fs/blockstore.js";
import { BlockCorrupted, FileNotFound } from "../fs/errors.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { getVerified } from "../fs/walk.js";
import { fileInfo } from "@dsp/ledger";
import { fetchBlocks, hashBytes, type FetchProgress } from "./block-exchange.js";
import { checkCommit, type FsNode } from "./fs-node.js";
import { askSeeders, holderAddresses, NoDownloadSeed } from "./download.js";
import { ReceiverRejected } from "./protocol.js";

export type ReplicateProgress =
  | { type: "replicate:sources"; fileHash: string; sources: string[] }
  /** a block that was here but did not hash to its name: deleted, to be fetched again */
  | { type: "replicate:corrupt"; fileHash: string; block: string }
  | { type: "replicate:done"; fileHash: string; fetched: number; corrupted: number; bytes: number }
  | FetchProgress;

export interface ReplicateOptions {
  signal?: AbortSignal;
  onProgress?: (e: ReplicateProgress) => void;
  /** Check every block already here against its hash (repair); off: trust what is here (recovery of a file this node lacks). */
  scrub?: boolean;
  /** Ask at most this many holders at once (default 3). */
  maxPeers?: number;
}

export interface ReplicateResult {
  dealId: string;
  fileHash: string;
  /** blocks fetched from the sources */
  fetched: number;
  /** blocks found here corrupted (deleted and fetched again) */
  corrupted: number;
  bytes: number;
  sources: string[];
}

/**
 * Makes this node's copy of the deal's file whole, from the deal's other active holders. The node
 * must have a slot in the deal (offered or active; ReceiverRejected otherwise).
 */
export async function replicateFile(node: FsNode, dealIdIn: string, opts: ReplicateOptions = {}): Promise<ReplicateResult> {
  const { signal } = opts;
  const dealId = dealIdIn.toLowerCase();
  const info = await fileInfo(node.ledger, dealId);
  const fileHash = info.fileHash.toLowerCase();
  if (!info.valid) throw new ReceiverRejected(node.evmAddress, "the deal is not live on the ledger");
  if (!info.slots.some((s) => s.node.toLowerCase() === node.evmAddress)) throw new ReceiverRejected(node.evmAddress, `this node has no slot in deal ${dealId}`);

  const others = info.holders.map((h) => h.toLowerCase()).filter((h) => h !== node.evmAddress).slice(0, Math.max(opts.maxPeers ?? 3, 1));
  if (others.length === 0) throw new NoDownloadSeed(fileHash, `deal ${dealId} has no other active holder to fetch from`);
  const { seeders: sources, refusals } = await askSeeders(node, fileHash, info.blocksRoot, [...(await holderAddresses(node, others))], signal);
  if (sources.length === 0) throw new NoDownloadSeed(fileHash, refusals.map((e) => e.message).join("; ") || "no other holder");
  opts.onProgress?.({ type: "replicate:sources", fileHash, sources: sources.map((s) => s.address) });

  const hashes = sources[0].hashes;
  const lease = node.files.lease();
  try {
    // The lease first: GC must not take blocks of the file while it is being made whole.
    for (const h of hashes) await lease.hold(hashBytes(h));
    let corrupted = 0;
    if (opts.scrub) {
      for (const h of hashes) {
        if (signal?.aborted) throw new AbortedError("replication", signal.reason);
        if (await dropIfCorrupt(node, hashBytes(h))) {
          corrupted++;
          opts.onProgress?.({ type: "replicate:corrupt", fileHash, block: h });
        }
      }
    }
    const bySession = new Map(sources.map((s) => [s.peer.toString(), s.sessionId]));
    const fetched = await fetchBlocks(node.host, sources.map((s) => s.peer), node.files, hashes, {
      sessionId: (peer) => bySession.get(peer.toString())!,
      fileHash,
      lease,
      signal,
      onProgress: opts.onProgress,
    });
    const wrong = checkCommit(info, await node.files.commitFile(hashBytes(fileHash), { lease, signal }));
    if (wrong) throw new ReceiverRejected(node.evmAddress, wrong);
    const record = await node.files.fileRecord(hashBytes(fileHash));
    const dataRoot = record.dataRoot ?? (await generatePdpData(node.files, hashBytes(fileHash), { signal })).dataRoot;
    if (toHex(dataRoot) !== info.dataRoot.toLowerCase()) throw new ReceiverRejected(node.evmAddress, "its PDP data root is not the committed one");
    opts.onProgress?.({ type: "replicate:done", fileHash, fetched: fetched.fetched, corrupted, bytes: fetched.bytes });
    return { dealId, fileHash, fetched: fetched.fetched, corrupted, bytes: fetched.bytes, sources: sources.map((s) => s.address) };
  } finally {
    lease.release();
  }
}

/** Reads `hash` and deletes it if it no longer hashes to its name; true when it did. */
async function dropIfCorrupt(node: FsNode, hash: Uint8Array): Promise<boolean> {
  try {
    await getVerified(node.files.blocks, hash);
    return false;
  } catch (e) {
    if (e instanceof BlockNotFound) return false;
    if (e instanceof BlockCorrupted) {
      await node.files.blocks.delete(hash);
      return true;
    }
    throw e;
  }
}

/** Whether `e` says the node's copy of a file is damaged or gone (which replicateFile mends). */
export function isDataLoss(e: unknown): boolean {
  if (e instanceof BlockCorrupted || e instanceof BlockNotFound || e instanceof FileNotFound) return true;
  const cause = e instanceof DspError ? (e as { cause?: unknown }).cause : undefined;
  return cause !== undefined && cause !== e && isDataLoss(cause);
}
