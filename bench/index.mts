/**
 * `npm run bench`: runs every benchmark in sequence, each in its own process (so one's memory and
 * workers do not weigh on the next), prints its tables, and writes them to docs/benchmarks.md with
 * the machine they ran on. Ratios are against baselines measured in the same run.
 * `npm run bench -- indexer-graphql.mts` runs only the named scripts and replaces only their sections.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const all: [string, string][] = [
  ["AddFile and generatePdpData", "fs-add.mts"],
  ["Peak RSS", "fs-rss.mts"],
  ["GarbageCollect", "fs-gc.mts"],
  ["Encryption", "encrypt.mts"],
  ["Blockstores", "blockstore.ts"],
  ["SCAN indexer backfill", "indexer-backfill.ts"],
  ["SCAN GraphQL latency", "indexer-graphql.mts"],
  ["P2P block transfer and small messages", "p2p-transfer.mts"],
  ["P2P proxy throughput", "p2p-proxy.mts"],
  ["FS node service: upload to three nodes, download from three seeders", "service-transfer.mts"],
  ["FS node service: 100 downloaders at once", "service-concurrency.mts"],
];

const only = process.argv.slice(2);
const unknown = only.filter((f) => !all.some(([, file]) => file === f));
if (unknown.length) throw new Error(`no such benchmark: ${unknown.join(", ")} (known: ${all.map(([, f]) => f).join(", ")})`);
const benches = only.length ? all.filter(([, file]) => only.includes(file)) : all;

const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
const machine = `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}; ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
console.log(machine + "\n");

const sections = new Map<string, string>();
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
  const when = only.length ? `; run alone on ${machine}` : "";
  sections.set(title, `## ${title}\n\n\`npx tsx bench/${file}\` (${((performance.now() - t) / 1000).toFixed(0)} s${when})\n\n${r.stdout.trim()}\n`);
}

const DOC = fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url));
let doc: string;
if (only.length) {
  // Keep the other sections (and the header of the run that wrote them); put ours in their place.
  const [header, ...kept] = readFileSync(DOC, "utf8").split(/^(?=## )/m);
  const old = new Map(kept.map((k) => [k.slice(3, k.indexOf("\n")), k.trimEnd() + "\n"]));
  doc = header + all.map(([title]) => sections.get(title) ?? old.get(title)).filter(Boolean).join("\n");
} else {
  doc = `# Benchmarks

Written by \`npm run bench\` (bench/index.mts); do not edit by hand. Each section is one script
under bench/, run in its own process; ratios compare with baselines measured in the same run.
Figures from one run on a shared machine: expect noise of some 10-20 %.

Machine: ${machine}. Whole run: ${((performance.now() - started) / 60000).toFixed(1)} min.

${[...sections.values()].join("\n")}`;
}
writeFileSync(DOC, doc);
console.log("written to docs/benchmarks.md");
