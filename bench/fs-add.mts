/**
 * AddFile on a random file with the node's blockstore on disk, against (a) plain sha256 over the
 * same bytes read from the same file and (b) Helia's ipfs-unixfs-importer (defaults) into
 * blockstore-fs on the same disk; then generatePdpData (state 11) with 1 worker and with all.
 * Run: npx tsx bench/fs-add.mts (BENCH_ADD_GIB=1, BENCH_PDP_MIB=64).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { importer } from "ipfs-unixfs-importer";
import { FsBlockstore as HeliaFsBlockstore } from "blockstore-fs";
import { FileStore } from "../node/fs/file-store.js";
import { DirRootStore } from "../node/fs/root-store.js";
import { generatePdpData } from "../node/fs/pdp-data.js";
import { GiB, MiB, diskBlockstore, fmt, mibps, randomFile, table, timed } from "./lib/common.mjs";

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

  const { blocks, name } = await diskBlockstore(join(dir, "ours"));
  const files = await FileStore.open({ blocks, roots: await DirRootStore.open(join(dir, "ours-roots")) });
  const add = await timed(() => files.addFile(file));

  const helia = new HeliaFsBlockstore(join(dir, "helia"));
  await helia.open();
  const imp = await timed(async () => {
    let root;
    for await (const entry of importer([{ path: "random", content: read() }], helia)) root = entry.cid;
    return root;
  });
  await helia.close();

  console.log(`AddFile: ${size / GiB} GiB random file, 256 KiB blocks, blockstore: ${name}; page cache warm for all three.\n`);
  table(
    ["", "seconds", "MiB/s", "AddFile / this", "target"],
    [
      ["AddFile (sha256, blocks and link blocks to disk, BlocksRoot)", fmt(add.seconds, 2), fmt(mibps(size, add.seconds)), "", ""],
      ["(a) plain sha256 of the file", fmt(sha.seconds, 2), fmt(mibps(size, sha.seconds)), `${fmt((100 * sha.seconds) / add.seconds, 0)} %`, ">= 70 %"],
      ["(b) ipfs-unixfs-importer into blockstore-fs (defaults)", fmt(imp.seconds, 2), fmt(mibps(size, imp.seconds)), `${fmt(imp.seconds / add.seconds, 2)}x`, ">= 1.2x"],
    ],
  );

  const all = availableParallelism();
  const rows: (string | number)[][] = [];
  for (const workers of [...new Set([1, all])]) {
    const pdpFiles = await FileStore.open({ blocks, roots: await DirRootStore.open(join(dir, `pdp-roots-${workers}`)) });
    const { fileHash } = await pdpFiles.addFile(pdpFile);
    const g = await timed(() => generatePdpData(pdpFiles, fileHash, { workers }));
    rows.push([`generatePdpData, ${workers} worker${workers > 1 ? "s" : ""}`, fmt(g.seconds, 2), fmt(mibps(pdpSize, g.seconds), 2)]);
  }
  console.log(`generatePdpData (state 11): ${pdpSize / MiB} MiB random file, 256 KiB blocks (16,383 keccak calls per block; a 1 GiB file takes ~${fmt(GiB / MiB / Number(rows.at(-1)![2]) / 60, 0)} min at the rate below). Includes starting the workers.\n`);
  table(["", "seconds", "MiB/s"], rows);
  await blocks.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
