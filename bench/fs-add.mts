/**
 * AddFile throughput on a random file with MemoryBlockstore, and how much of it is PDP hashing.
 * Run: npx tsx bench/fs-add.mts [MiB=256]
 */
import { createHash, randomFillSync } from "node:crypto";
import { cpus } from "node:os";
import { FileStore } from "../node/fs/file-store.js";
import { MemoryBlockstore } from "../node/fs/memory-blockstore.js";
import { MemoryRootStore } from "../node/fs/root-store.js";
import { PdpRootBuilder, loadPdpHasher } from "../node/fs/pdp-blocks.js";
import { DEFAULT_BLOCK_SIZE } from "../node/fs/dag.js";

const MiB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 256);
const data = randomFillSync(Buffer.alloc(sizeMiB * MiB));
const blocks = () => Array.from({ length: Math.ceil(data.length / DEFAULT_BLOCK_SIZE) }, (_, i) => data.subarray(i * DEFAULT_BLOCK_SIZE, (i + 1) * DEFAULT_BLOCK_SIZE));

async function* source() {
  for (let at = 0; at < data.length; at += MiB) yield data.subarray(at, at + MiB);
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

await loadPdpHasher();
const sha = time(() => blocks().forEach((b) => createHash("sha256").update(b).digest()));
const pdp = time(() => {
  const p = new PdpRootBuilder(DEFAULT_BLOCK_SIZE);
  blocks().forEach((b) => p.addBlock(b));
  p.dataRoot();
});
const files = await FileStore.open({ blocks: new MemoryBlockstore(), roots: new MemoryRootStore() });
const t = performance.now();
await files.addFile(source());
const add = (performance.now() - t) / 1000;

const rate = (s: number) => (sizeMiB / s).toFixed(1);
console.log(`${sizeMiB} MiB random file, 256 KiB blocks, MemoryBlockstore; ${cpus()[0].model}, Node ${process.version}`);
console.table({
  "AddFile": { seconds: add.toFixed(2), "MiB/s": rate(add) },
  "PDP hashing alone (hash-wasm keccak)": { seconds: pdp.toFixed(2), "MiB/s": rate(pdp), "share of AddFile": `${((100 * pdp) / add).toFixed(0)}%` },
  "sha256 of the blocks alone": { seconds: sha.toFixed(2), "MiB/s": rate(sha), "share of AddFile": `${((100 * sha) / add).toFixed(0)}%` },
});
