/**
 * GarbageCollect over ~100k blocks in 1k files (1 KiB blocks, 100 KiB per file, so the store is
 * small and the run short), half the files deleted: blocks/s, over MemoryBlockstore and on disk.
 * Run: npx tsx bench/fs-gc.mts (BENCH_GC_FILES=1000).
 */
import { randomFillSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Blockstore } from "@dsp/fs-node";
import { FileStore } from "@dsp/fs-node";
import { MemoryBlockstore } from "@dsp/fs-node";
import { MemoryRootStore } from "@dsp/fs-node";
import { diskBlockstore, fmt, table, timed } from "./lib/common.mts";

const FILES = Number(process.env.BENCH_GC_FILES ?? 1000);
const BLOCK = 1024;
const FILE_SIZE = 100 * BLOCK;

async function run(blocks: Blockstore) {
  const files = await FileStore.open({ blocks, roots: new MemoryRootStore(), blockSize: BLOCK });
  const added: Uint8Array[] = [];
  const data = Buffer.alloc(FILE_SIZE);
  for (let i = 0; i < FILES; i++) added.push((await files.addFile([randomFillSync(data)])).fileHash);
  for (const h of added.filter((_, i) => i % 2 === 0)) await files.deleteFile(h);
  const gc = await timed(() => files.garbageCollect());
  const { marked, deleted } = gc.value;
  return [marked + deleted, marked, deleted, fmt(gc.seconds, 2), fmt((marked + deleted) / gc.seconds, 0)];
}

const dir = await mkdtemp(join(tmpdir(), "dsp-bench-gc-"));
try {
  const disk = await diskBlockstore(join(dir, "blocks"));
  const rows = [["MemoryBlockstore", ...(await run(new MemoryBlockstore()))]];
  rows.push([disk.name, ...(await run(disk.blocks))]);
  await disk.blocks.close();
  console.log(`GarbageCollect: ${FILES} files of ${FILE_SIZE / 1024} KiB in ${BLOCK} B blocks (100 leaves + 5 link blocks each), every other file deleted.\n`);
  table(["blockstore", "blocks", "marked", "deleted", "seconds", "blocks/s"], rows);
} finally {
  await rm(dir, { recursive: true, force: true });
}
