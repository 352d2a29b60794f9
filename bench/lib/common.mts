/** Helpers shared by the benchmarks: a random file on disk, timing, rates, and the disk blockstore. */
import { randomFillSync } from "node:crypto";
import { open } from "node:fs/promises";
import type { Blockstore } from "@dsp/fs-node";
import { FsBlockstore } from "@dsp/fs-node";

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

/** Writes `bytes` of random data to `path`, 1 MiB at a time (crypto.randomFillSync: fast, never held whole). */
export async function randomFile(path: string, bytes: number): Promise<void> {
  const fh = await open(path, "w");
  const buf = Buffer.alloc(MiB);
  try {
    for (let at = 0; at < bytes; at += MiB) {
      randomFillSync(buf);
      await fh.write(buf, 0, Math.min(MiB, bytes - at));
    }
  } finally {
    await fh.close();
  }
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, value };
}

export const mibps = (bytes: number, seconds: number) => bytes / MiB / seconds;
export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Prints a markdown table (the runner copies stdout into docs/benchmarks.md). */
export function table(head: string[], rows: (string | number)[][]): void {
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log();
}

/** The node's on-disk Blockstore at `dir` (flat files, no per-put fsync: the default), and its name. */
export async function diskBlockstore(dir: string): Promise<{ blocks: Blockstore; name: string }> {
  return { blocks: await FsBlockstore.open(dir), name: "node/fs-node/src/fs FsBlockstore" };
}
