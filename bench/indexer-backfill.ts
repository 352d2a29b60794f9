/**
 * `npx tsx bench/indexer-backfill.ts [--files N]`: backfill speed of the indexer on SQLite.
 * Puts ~9 indexed events per file on a fresh hardhat chain (FileStored, 4 x HolderAssigned,
 * 4 x VolumeAllocated), then times a full backfill twice: in range mode (blocks taken as final,
 * the normal backfill) and in block mode (per-block transactions with undo data, as near the head).
 * Also times the JSON-RPC calls of range mode alone (what hardhat serves), so the indexer's own
 * rate (decode + write) can be told apart. Measured and printed, not asserted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

async function main() {
  const { values } = parseArgs({ options: { files: { type: "string", default: "1150" } } });
  const files = Number(values.files);
  // indexer/ is ESM; this script runs as CommonJS under tsx.
  const { populatedChain } = await import("./lib/indexer-chain.mts");
  const { openDatabase } = await import("@dsp/scan");
  const { Syncer } = await import("@dsp/scan");
  const { Rpc } = await import("@dsp/scan");
  const { EventDecoder } = await import("@dsp/scan");

  const { chain, seconds } = await populatedChain(files);
  const dir = mkdtempSync(path.join(tmpdir(), "dsp-bench-"));
  try {
    console.log(`- chain: ${files} files stored in ${seconds.toFixed(1)} s, head ${await chain.head()}`);

    // The RPC part alone: the calls range mode makes (eth_getLogs and two headers per range).
    const rpc = new Rpc(chain.url);
    const addresses = new EventDecoder(chain.deployments.contracts).addresses;
    const headNow = await chain.head();
    let rpcSecs = Infinity;
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      for (let from = BigInt(chain.deployments.startBlock); from <= headNow; from += 2000n) {
        const to = from + 1999n < headNow ? from + 1999n : headNow;
        await Promise.all([rpc.header(from), rpc.logs(addresses, from, to), rpc.header(to)]);
      }
      rpcSecs = Math.min(rpcSecs, (performance.now() - t) / 1000);
    }
    console.log(`- hardhat alone (range mode's JSON-RPC calls, best of 3): ${rpcSecs.toFixed(2)} s`);

    for (const [mode, finalityDepth] of [["range mode (backfill)", 1], ["block mode (near head)", 1_000_000]] as const) {
      const h = await openDatabase(`file:${path.join(dir, `${finalityDepth}.db`)}`);
      let events = 0;
      const s = new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments, finalityDepth, blockRange: 2000,
        onProgress: (e) => { if (e.type !== "indexer:reorg") events += e.events; } });
      const start = performance.now();
      await s.syncTo();
      const secs = (performance.now() - start) / 1000;
      console.log(`- ${mode}: ${events} events in ${secs.toFixed(2)} s = ${Math.round(events / secs)} events/s (${await h.db.holder.count()} holders, ${await h.db.file.count()} files)`);
      if (finalityDepth === 1) console.log(`  - without the RPC time: ${Math.round(events / (secs - rpcSecs))} events/s (decode + database)`);
      await h.close();
    }
  } finally {
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
