/**
 * A worker thread of pdp-pool.ts: hashes one block's PDP subtree at a time with the hasher of
 * pdp-blocks.ts (native or hash-wasm, chosen in each worker by pdp-hasher.ts). Messages in:
 * { id, bytes } (the block's buffer, transferred); out: { id, root, depth } or { id, error }.
 */
import { parentPort } from "node:worker_threads";
import { blockSubtreeRoot, loadPdpHasher } from "./pdp-blocks.js";

export interface PdpJob {
  id: number;
  bytes: Uint8Array;
}

export type PdpJobResult = { id: number; root: Uint8Array; depth: number } | { id: number; error: string };

await loadPdpHasher();
parentPort!.on("message", ({ id, bytes }: PdpJob) => {
  try {
    const { root, depth } = blockSubtreeRoot(bytes);
    // a copy: `root` is a view into the block's level buffer, which would otherwise go along
    parentPort!.postMessage({ id, root: Uint8Array.from(root), depth } satisfies PdpJobResult);
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error)?.stack ?? e) } satisfies PdpJobResult);
  }
});
parentPort!.postMessage("ready");
