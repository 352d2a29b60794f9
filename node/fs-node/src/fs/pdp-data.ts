/**
 * The spec's TaskUploadFileGeneratePDPData (transmission state 11), apart from slicing (AddFile,
 * states 3-4): reads a live file's data blocks, hashes each block's PDP subtree (docs/proofs.md)
 * on a pool of worker threads, builds the levels above and records the per-block roots and the
 * dataRoot with the file's root, where the prover finds them.
 *
 * Blocks are read in file order and handed out in that order; at most two per worker wait at a
 * time, so memory stays a few blocks whatever the file size. Results are put back in file order
 * by index. A file whose PDP data is already recorded is not hashed again.
 */
import { availableParallelism } from "node:os";
import { TransmissionState, AbortedError, InvalidParams } from "@dsp/core";
import type { FileStore } from "./file-store.js";
import { PdpRootBuilder, loadPdpHasher, type BlockRoot } from "./pdp-blocks.js";
import { PdpWorkerPool } from "./pdp-pool.js";
import { walkFile } from "./walk.js";
import { FileNotFound } from "./errors.js";

export const GENERATE_PDP_DATA_STATE = TransmissionState.TaskUploadFileGeneratePDPData;

export type PdpDataProgressEvent = {
  type: "fs:generate-pdp-data:block";
  /** the spec's transmission state, 11 */
  state: number;
  /** blocks hashed so far, and of how many */
  blocks: number;
  blockCount: number;
  bytes: number;
};

export interface PdpDataOptions {
  signal?: AbortSignal;
  onProgress?: (event: PdpDataProgressEvent) => void;
  /** worker threads; os.availableParallelism() unless said (never more than the file's blocks) */
  workers?: number;
}

export interface PdpDataResult {
  fileHash: Uint8Array;
  /** FileCommit.dataRoot, 16 bytes */
  dataRoot: Uint8Array;
  /** each leaf block's subtree root at level log2(blockSize/32), 16 bytes each */
  pdpBlockRoots: Uint8Array;
}

export async function generatePdpData(files: FileStore, fileHash: Uint8Array, { signal, onProgress, workers }: PdpDataOptions = {}): Promise<PdpDataResult> {
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new InvalidParams(`generatePdpData needs at least one worker, not ${workers}`);
  const record = await files.fileRecord(fileHash);
  if (record.dataRoot && record.pdpBlockRoots) return { fileHash, dataRoot: record.dataRoot, pdpBlockRoots: record.pdpBlockRoots };
  const aborted = () => new AbortedError("generating PDP data", signal?.reason);
  if (signal?.aborted) throw aborted();
  // the levels above the blocks are hashed here, from the workers' block roots
  await loadPdpHasher();

  const pool = await PdpWorkerPool.start(Math.max(1, Math.min(workers ?? availableParallelism(), record.blockCount)));
  const stop = () => void pool.close();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    const roots: BlockRoot[] = new Array(record.blockCount);
    const inFlight = new Set<Promise<void>>();
    let done = 0;
    let bytes = 0;
    let index = 0;
    for await (const e of walkFile(files.blocks, fileHash, { readLeaves: true, signal })) {
      if (e.kind === "link") continue;
      const i = index++;
      const p = pool.hash(e.bytes!).then((r) => {
        roots[i] = r;
        bytes += e.size;
        onProgress?.({ type: "fs:generate-pdp-data:block", state: GENERATE_PDP_DATA_STATE, blocks: ++done, blockCount: record.blockCount, bytes });
      });
      inFlight.add(p);
      p.then(() => inFlight.delete(p), () => {});
      if (inFlight.size >= 2 * pool.size) await Promise.race(inFlight);
    }
    await Promise.all(inFlight).catch((e) => {
      throw signal?.aborted ? aborted() : e;
    });
    if (signal?.aborted) throw aborted();

    const builder = new PdpRootBuilder(record.blockSize);
    for (const r of roots) builder.addBlockRoot(r);
    const result = { fileHash, dataRoot: builder.dataRoot(), pdpBlockRoots: builder.blockRoots() };
    // the file may have been deleted while we hashed: recording now would bring its root back
    const current = await files.roots.get(fileHash);
    if (!current) throw new FileNotFound(fileHash);
    await files.roots.put({ ...current, dataRoot: result.dataRoot, pdpBlockRoots: result.pdpBlockRoots });
    return result;
  } catch (e) {
    throw signal?.aborted && !(e instanceof AbortedError) ? aborted() : e;
  } finally {
    signal?.removeEventListener("abort", stop);
    await pool.close();
  }
}
