import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { blockstoreSuite } from "./blockstore-suite.js";
import { FsBlockstore } from "./fs-blockstore.js";
import { LevelBlockstore } from "./level-blockstore.js";
import { MemoryBlockstore } from "./memory-blockstore.js";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

blockstoreSuite("level", (dir) => LevelBlockstore.open(dir), {
  durable: { module: here("./level-blockstore.ts"), exportName: "LevelBlockstore" },
});

blockstoreSuite("fs, fsync on every put", (dir) => FsBlockstore.open(dir, { fsync: true }), {
  durable: { module: here("./fs-blockstore.ts"), exportName: "FsBlockstore" },
});

blockstoreSuite("fs", (dir) => FsBlockstore.open(dir), {
  durable: { module: here("./fs-blockstore.ts"), exportName: "FsBlockstore" },
  // What a process killed between write() and rename() leaves: half the bytes in a temp file.
  leaveHalfWrittenPut: async (dir, hash, bytes) => {
    const store = await FsBlockstore.open(dir);
    await writeFile(store.tempPathOf(hash), bytes.subarray(0, bytes.length / 2));
    await store.close();
  },
});

// Not durable: no restart or crash cases.
blockstoreSuite("memory", () => MemoryBlockstore.open());
