/**
 * AddFile on a random file with the node's blockstore on disk, against (a) plain sha256 over the
 * same bytes read from the same file and (b) Helia's ipfs-unixfs-importer (defaults) into
 * blockstore-fs on the same disk; then generatePdpData (state 11) with 1 worker and with all, with
 * the native keccak and with the hash-wasm fallback in the same run.
 * Run: npx tsx bench/fs-add.mts (BENCH_ADD_GIB=1, BENCH_PDP_MIB=64).
 */
import { createHash } from "node:crypto";
import { createReadStream, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { importer } from "ipfs-unixfs-importer";
import { FsBlockstore as HeliaFsBlockstore } from "blockstore-fs";
import { FileStore } from "@dsp/fs-node";
import { DirRootStore } from "@dsp/fs-node";
import { generatePdpData } from "@dsp/fs-node";
import { createPdpHasher } from "@dsp/fs-node";
import { GiB, MiB, diskBlockstore, fmt, mibps, randomFile, table, timed } from "./lib/common.mts";

const size = Number(process.env.BENCH_ADD_GIB ?? 1) * GiB;
const pdpSize = Number(process.env.BENCH_PDP_MIB ?? 64) * MiB;
const dir = await mkdtemp(join(tmpdir(), "dsp-bench-add-"));
try {
  const file = join(dir, "random");
  const pdpFile = join(dir, "random-pdp");
  await randomFile(file, size);
  await randomFile(pdpFile, pdpSize);
  const read = () => createReadStream(file, { highWaterMark: 256 * 1024 });

  // drop nothing from the page cache (we cannot without root): every contender reads a warm file
  const sha = await timed(async () => {
    const h = createHash("sha256");
    for await (const c of read()) h.update(c);
    return h.digest();
  });

  // Each contender runs twice, in the order ours, Helia, Helia, ours, each into a fresh store, and
  // the faster run counts: ext4 without a journal (this machine's /tmp) skips inodes deleted in the
  // last minute or more, rescanning them at every file creation, so whoever creates its 4,096
  // files first after a large delete (an earlier bench, a test run) pays seconds the other does not.
  const ours = async (round: number) => {
    const store = await diskBlockstore(join(dir, `ours-${round}`));
    const files = await FileStore.open({ blocks: store.blocks, roots: await DirRootStore.open(join(dir, `ours-roots-${round}`)) });
    return { store, run: await timed(() => files.addFile(file)) };
  };
  const theirs = async (round: number) => {
    const helia = new HeliaFsBlockstore(join(dir, `helia-${round}`));
    await helia.open();
    const run = await timed(async () => {
      let root;
      for await (const entry of importer([{ path: "random", content: read() }], helia)) root = entry.cid;
      return root;
    });
    await helia.close();
    return run;
  };
  const first = await ours(0);
  const imp0 = await theirs(0);
  const imp1 = await theirs(1);
  const second = await ours(1);
  await second.store.blocks.close();
  // (c) the disk's own floor: the same bytes into as many new files, one synchronous writer, no
  // hashing. On a VM whose page cache costs a host fault per new page, this, not sha256, sets the pace.
  const floorDir = join(dir, "floor");
  await mkdir(floorDir);
  const floor = await timed(async () => {
    let n = 0;
    for await (const c of read()) writeFileSync(join(floorDir, String(n++)), c, { flag: "wx" });
  });
  const { blocks, name } = first.store;
  const add = [first.run, second.run].reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const imp = [imp0, imp1].reduce((a, b) => (b.seconds < a.seconds ? b : a));

  console.log(`AddFile: ${size / GiB} GiB random file, 256 KiB blocks, blockstore: ${name}; page cache warm for all three; AddFile and the importer each the faster of two runs.\n`);
  console.log(`(c) is what writing the blocks costs without any hashing. Where it is slower than (a), the disk path, not sha256, sets AddFile's pace: on a VM whose memory the host backs on first touch, every new page of page cache costs a host fault (about 2 s per GiB here until the VM's memory has been touched once), so AddFile / (a) moves with the VM's state while AddFile / (c) does not.\n`);
  table(
    ["", "seconds", "MiB/s", "AddFile / this", "target"],
    [
      ["AddFile (sha256, blocks and link blocks to disk, BlocksRoot)", fmt(add.seconds, 2), fmt(mibps(size, add.seconds)), "", ""],
      ["(a) plain sha256 of the file", fmt(sha.seconds, 2), fmt(mibps(size, sha.seconds)), `${fmt((100 * sha.seconds) / add.seconds, 0)} %`, ">= 70 %"],
      ["(b) ipfs-unixfs-importer into blockstore-fs (defaults)", fmt(imp.seconds, 2), fmt(mibps(size, imp.seconds)), `${fmt(imp.seconds / add.seconds, 2)}x`, ">= 1.2x"],
      ["(c) the same bytes written to 4,096 new files, no hashing (the disk's floor)", fmt(floor.seconds, 2), fmt(mibps(size, floor.seconds)), `${fmt((100 * floor.seconds) / add.seconds, 0)} %`, ""],
    ],
  );

  // Each hasher in turn, with 1 worker and with all: DSP_PDP_HASHER is read by each worker as it
  // starts (pdp-hasher.ts), so setting it before a run picks that run's hasher.
  const all = availableParallelism();
  const nativeLoads = await createPdpHasher("native").then(() => true, () => false);
  const hashers = nativeLoads ? ["native", "hash-wasm"] : ["hash-wasm"];
  const rows: (string | number)[][] = [];
  const seconds = new Map<string, number>();
  let n = 0;
  for (const workers of [...new Set([1, all])]) {
    for (const hasher of hashers) {
      process.env.DSP_PDP_HASHER = hasher;
      const pdpFiles = await FileStore.open({ blocks, roots: await DirRootStore.open(join(dir, `pdp-roots-${n++}`)) });
      const { fileHash } = await pdpFiles.addFile(pdpFile);
      const g = await timed(() => generatePdpData(pdpFiles, fileHash, { workers }));
      seconds.set(`${hasher}/${workers}`, g.seconds);
      const ratio = hasher === "native" ? "" : seconds.has(`native/${workers}`) ? `${fmt(g.seconds / seconds.get(`native/${workers}`)!, 1)}x` : "";
      rows.push([`generatePdpData, ${hasher}, ${workers} worker${workers > 1 ? "s" : ""}`, fmt(g.seconds, 2), fmt(mibps(pdpSize, g.seconds), 2), ratio]);
    }
  }
  delete process.env.DSP_PDP_HASHER;
  const best = Math.min(...seconds.values());
  console.log(`generatePdpData (state 11): ${pdpSize / MiB} MiB random file, 256 KiB blocks (16,383 keccak calls per block; a 1 GiB file takes ~${fmt((best * GiB) / pdpSize / 60, 1)} min at the best rate below). Includes starting the workers. Hashers: native = @dsp/pdp-keccak (one call per block), hash-wasm = the fallback (one WASM call per hash)${nativeLoads ? "" : "; the native addon did not load on this machine"}.\n`);
  table(["", "seconds", "MiB/s", "hash-wasm / native"], rows);
  await blocks.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
