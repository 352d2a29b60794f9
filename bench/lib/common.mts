/** Helpers shared by the benchmarks: a random file on disk, timing, rates, and the disk blockstore. */
import { randomFillSync } from "node:crypto";
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { FsBlockstore as HeliaFsBlockstore } from "blockstore-fs";
import { BlockNotFound, type Blockstore, type BlockHash } from "../../node/fs/blockstore.js";

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

/**
 * Our Blockstore interface over Helia's blockstore-fs (one file per block), a stand-in until the
 * node's own flat-file store (node/fs/fs-blockstore.ts) is in the tree; diskBlockstore() prefers
 * that one when it is. Blocks are keyed as raw-codec CIDv1 of their sha256.
 */
class HeliaFsAdapter implements Blockstore {
  constructor(private readonly fs: HeliaFsBlockstore) {}
  private cid(hash: BlockHash) {
    return CID.createV1(0x55, Digest.create(0x12, hash));
  }
  async put(hash: BlockHash, bytes: Uint8Array) {
    await this.fs.put(this.cid(hash), bytes);
  }
  async get(hash: BlockHash) {
    const parts: Uint8Array[] = [];
    try {
      for await (const p of this.fs.get(this.cid(hash))) parts.push(p);
    } catch (e) {
      if ((e as Error).name === "NotFoundError") throw new BlockNotFound(hash);
      throw e;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
  has(hash: BlockHash) {
    return this.fs.has(this.cid(hash));
  }
  delete(hash: BlockHash) {
    return this.fs.delete(this.cid(hash));
  }
  async *keys() {
    for await (const pair of this.fs.getAll()) yield Uint8Array.from(pair.cid.multihash.digest);
  }
  close() {
    return this.fs.close();
  }
}

const OWN_FS_BLOCKSTORE = fileURLToPath(new URL("../../node/fs/fs-blockstore.ts", import.meta.url));

/** An on-disk Blockstore at `dir`, and which implementation it is. */
export async function diskBlockstore(dir: string): Promise<{ blocks: Blockstore; name: string }> {
  if (existsSync(OWN_FS_BLOCKSTORE)) {
    const mod = await import(OWN_FS_BLOCKSTORE);
    const blocks: Blockstore = mod.FsBlockstore.open ? await mod.FsBlockstore.open(dir) : new mod.FsBlockstore(dir);
    return { blocks, name: "node/fs FsBlockstore" };
  }
  const fs = new HeliaFsBlockstore(dir);
  await fs.open();
  return { blocks: new HeliaFsAdapter(fs), name: "blockstore-fs behind our Blockstore interface (node/fs/fs-blockstore.ts not in this tree)" };
}
