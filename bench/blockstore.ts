/**
 * Blockstore throughput: put and get of 4,000 blocks of 256 KiB (1000 MiB) in each store, next to
 * a baseline measured in the same run (plain writeFile/readFile of the same blocks, no fsync, no
 * rename). Reads follow the writes, so they mostly come from the OS page cache.
 *
 *   npx tsx bench/blockstore.ts [blocks]
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { Blockstore } from "@dsp/fs-node";
import { FsBlockstore } from "@dsp/fs-node";
import { LevelBlockstore } from "@dsp/fs-node";

const BLOCK = 256 * 1024;
const COUNT = Number(process.argv[2] ?? 4000);
const IN_FLIGHT = 16;
const MIB = (COUNT * BLOCK) / 2 ** 20;

/** Distinct blocks without holding 1 GiB: a random pattern with the index stamped in front. */
const pattern = new Uint8Array(BLOCK).map(() => (Math.random() * 256) | 0);
function block(i: number): Uint8Array {
  const bytes = Buffer.from(pattern);
  bytes.writeUInt32BE(i, 0);
  return bytes;
}
const hashes = Array.from({ length: COUNT }, (_, i) => createHash("sha256").update(block(i)).digest());

/** Plain files, the floor any store pays: one writeFile/readFile per block. */
function plainFiles(dir: string): Blockstore {
  const path = (hash: Uint8Array) => join(dir, Buffer.from(hash).toString("hex"));
  return {
    put: (hash, bytes) => writeFile(path(hash), bytes),
    get: (hash) => readFile(path(hash)),
    has: async () => false,
    delete: async () => {},
    keys: async function* () {},
    close: async () => {},
  };
}

/** Runs `op` over every index with `inFlight` at a time; returns MiB/s. */
async function rate(inFlight: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < COUNT) await op(next++);
    }),
  );
  return MIB / ((performance.now() - start) / 1000);
}

interface Row {
  store: string;
  put1: number;
  putN: number;
  get1: number;
  getN: number;
}

async function measure(name: string, open: (dir: string) => Promise<Blockstore>): Promise<Row> {
  const root = await mkdtemp(join(tmpdir(), "bench-blockstore-"));
  try {
    // Two stores, so the concurrent puts write new blocks rather than find them present.
    const [one, many] = [join(root, "one"), join(root, "many")];
    await Promise.all([mkdir(one), mkdir(many)]);
    const a = await open(one);
    const put1 = await rate(1, (i) => a.put(hashes[i], block(i)));
    const get1 = await rate(1, (i) => a.get(hashes[i]));
    await a.close();
    const b = await open(many);
    const putN = await rate(IN_FLIGHT, (i) => b.put(hashes[i], block(i)));
    const getN = await rate(IN_FLIGHT, (i) => b.get(hashes[i]));
    await b.close();
    return { store: name, put1, putN, get1, getN };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`${COUNT} blocks of 256 KiB (${MIB} MiB), ${cpus()[0]?.model ?? "?"} x${cpus().length}, Node ${process.version}\n`);
  const rows = [
    await measure("plain files (baseline)", async (dir) => plainFiles(dir)),
    await measure("FsBlockstore", (dir) => FsBlockstore.open(dir)),
    await measure("LevelBlockstore", (dir) => LevelBlockstore.open(dir)),
    await measure("LevelBlockstore sync:false", (dir) => LevelBlockstore.open(dir, { sync: false })),
  ];
  const base = rows[0];
  const cell = (v: number, b: number) => `${v.toFixed(0).padStart(6)} MiB/s ${(v / b).toFixed(2).padStart(5)}x`;
  const head = ["store", "put, 1 at a time", `put, ${IN_FLIGHT} in flight`, "get, 1 at a time", `get, ${IN_FLIGHT} in flight`];
  console.log(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|`);
  for (const r of rows) {
    const cells = [cell(r.put1, base.put1), cell(r.putN, base.putN), cell(r.get1, base.get1), cell(r.getN, base.getN)];
    console.log(`| ${r.store} | ${cells.join(" | ")} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
