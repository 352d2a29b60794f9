/**
 * One FS node in a process of its own, for the benchmarks that measure a node's memory: a daemon
 * on an existing data directory (registered on first start), seeding what it holds. Prints
 * `{"hostAddr": ...}` and "ready"; on SIGTERM prints `{"maxRssMiB": ...}` and exits.
 *
 *   tsx bench/lib/seeder.mts --rpc URL --network localhost --dir DIR --account 5 --max-serve-batches 16
 */
import "@dsp/p2p";
import { parseArgs } from "node:util";
import { startDaemon } from "@dsp/fs-node";
import { devKey } from "@dsp/fs-node";

const { values } = parseArgs({
  options: {
    rpc: { type: "string" },
    network: { type: "string", default: "localhost" },
    dir: { type: "string" },
    account: { type: "string", default: "5" },
    "max-serve-batches": { type: "string", default: "16" },
  },
});
const daemon = await startDaemon({
  account: devKey(Number(values.account)),
  dataDir: values.dir!,
  rpcUrl: values.rpc!,
  network: values.network!,
  register: { volume: 4n << 30n, serviceTime: 10_000_000n },
  maxServeBatches: Number(values["max-serve-batches"]),
  // every downloader of the benchmark dials from 127.0.0.1
  connections: { inboundPerSecondPerHost: 1000, maxPendingInbound: 200 },
});
console.log(JSON.stringify({ hostAddr: daemon.hostAddr, node: daemon.node.evmAddress }));
console.log("ready");
process.once("SIGTERM", () =>
  void daemon.stop().then(() => {
    console.log(JSON.stringify({ maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), peakBatches: daemon.node.serving.peak }));
    process.exit(0);
  }),
);
