/**
 * `npm run bench`: runs every benchmark in sequence, each in its own process (so one's memory and
 * workers do not weigh on the next), prints its tables, and writes them to docs/benchmarks.md with
 * the machine they ran on. Ratios are against baselines measured in the same run.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const benches: [string, string][] = [
  ["AddFile and generatePdpData", "fs-add.mts"],
  ["Peak RSS", "fs-rss.mts"],
  ["GarbageCollect", "fs-gc.mts"],
  ["Encryption", "encrypt.mts"],
  ["Blockstores", "blockstore.ts"],
  ["SCAN indexer backfill", "indexer-backfill.ts"],
  ["P2P proxy throughput", "p2p-proxy.mts"],
];

const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
const machine = `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}; ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
console.log(machine + "\n");

const sections: string[] = [];
const started = performance.now();
for (const [title, file] of benches) {
  console.log(`## ${title}\n`);
  const t = performance.now();
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL(file, import.meta.url))], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { BENCH_SIZE_GIB: "4", ...process.env },
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0) throw new Error(`bench/${file} failed with status ${r.status}`);
  sections.push(`## ${title}\n\n\`npx tsx bench/${file}\` (${((performance.now() - t) / 1000).toFixed(0)} s)\n\n${r.stdout.trim()}\n`);
}

const doc = `# Benchmarks

Written by \`npm run bench\` (bench/index.mts); do not edit by hand. Each section is one script
under bench/, run in its own process; ratios compare with baselines measured in the same run.
Figures from one run on a shared machine: expect noise of some 10-20 %.

Machine: ${machine}. Whole run: ${((performance.now() - started) / 60000).toFixed(1)} min.

${sections.join("\n")}`;
writeFileSync(fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url)), doc);
console.log("written to docs/benchmarks.md");
