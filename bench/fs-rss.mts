/**
 * Peak RSS while adding and reading back a large random file (target <= 256 MiB for 4 GiB).
 * The parent writes the file and starts a child that only adds and reads it back, so the peak is
 * the child's own (process.resourceUsage().maxRSS). Run: npx tsx bench/fs-rss.mts (BENCH_SIZE_GIB=4).
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileStore } from "@dsp/fs-node";
import { DirRootStore } from "@dsp/fs-node";
import { GiB, MiB, diskBlockstore, fmt, randomFile, table } from "./lib/common.mts";

if (process.argv[2] === "--child") {
  const [, , , file, dir] = process.argv;
  const { blocks, name } = await diskBlockstore(join(dir, "blocks"));
  const files = await FileStore.open({ blocks, roots: await DirRootStore.open(join(dir, "roots")) });
  const t = performance.now();
  const { fileHash, size } = await files.addFile(file);
  const afterAdd = process.resourceUsage().maxRSS * 1024;
  let read = 0;
  for await (const c of files.readFile(fileHash)) read += c.length;
  if (read !== size) throw new Error(`read back ${read} bytes of ${size}`);
  console.log(JSON.stringify({ name, afterAdd, peak: process.resourceUsage().maxRSS * 1024, seconds: (performance.now() - t) / 1000 }));
} else {
  const gib = Number(process.env.BENCH_SIZE_GIB ?? 4);
  const dir = await mkdtemp(join(tmpdir(), "dsp-bench-rss-"));
  try {
    await randomFile(join(dir, "random"), gib * GiB);
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", join(dir, "random"), dir], { encoding: "utf8" });
    const r = JSON.parse(out.trim().split("\n").at(-1)!);
    console.log(`Peak RSS of a process that adds a ${gib} GiB random file and reads it back (256 KiB blocks; blockstore: ${r.name}); ${fmt(r.seconds, 0)} s.\n`);
    table(
      ["", "MiB", "target"],
      [
        ["peak RSS after AddFile", fmt(r.afterAdd / MiB, 0), ""],
        ["peak RSS after reading back", fmt(r.peak / MiB, 0), "<= 256"],
      ],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
