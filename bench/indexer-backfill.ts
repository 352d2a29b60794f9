/**
 * `npx tsx bench/indexer-backfill.ts [--files N]`: backfill speed of the indexer on SQLite.
 * Puts ~6 indexed events per deal on a fresh hardhat chain (ledger v2: FileStored, 4 x SlotOffered,
 * and every 4th deal a WhitelistRuleSet), stored 20 to a block, then times a full backfill twice: in range mode (blocks taken as final,
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
  // indexer/ is ESM; this script runs as CommonJS under tsx. @dsp/testkit registers a mocha
  // `after` hook when loaded (to stop its shared chain): outside mocha there is none to register.
  (globalThis as { after?: unknown }).after ??= () => {};
  const { openDatabase } = await import("@dsp/scan");
  const { Syncer } = await import("@dsp/scan");
  const { Rpc } = await import("@dsp/scan");
  const { EventDecoder } = await import("@dsp/scan");
  const { populatedChain } = await deals();

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
      console.log(`- ${mode}: ${events} events in ${secs.toFixed(2)} s = ${Math.round(events / secs)} events/s (${await h.db.slot.count()} slots, ${await h.db.deal.count()} deals)`);
      if (finalityDepth === 1) console.log(`  - without the RPC time: ${Math.round(events / (secs - rpcSecs))} events/s (decode + database)`);
      await h.close();
    }
  } finally {
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A hardhat chain with 8 registered nodes and `files` pay-per-file deals each offered to 4 of them
 * (offers only: accepting binds the nodes to proving periods the bench does not play), mined 20
 * transactions per block.
 */
async function deals() {
  const { ethers } = await import("ethers");
  const { TestChain } = await import("@dsp/testkit");
  const { DealActors } = await import("@dsp/scan/testing");
  async function populatedChain(files: number) {
    const chain = await TestChain.start();
    try {
      const actors = new DealActors(chain, 8);
      await actors.fund();
      for (let i = 0; i < 8; i++) await actors.registerNode(i, 1n << 30n);
      const owner = chain.wallet(1).connect(chain.provider);
      const ledger = actors.as(owner).ledger;
      let nonce = await chain.provider.getTransactionCount(owner.address);
      await chain.send("evm_setAutomine", [false]);
      const t0 = performance.now();
      const head = await chain.head();
      for (let f = 0; f < files; f++) {
        const fileHash = ethers.keccak256(ethers.toUtf8Bytes(`bench ${f}`));
        const offered = [0, 1, 2, 3].map((k) => actors.nodes[(f + k) % 8].address);
        const whitelist = f % 4 === 0 ? [{ addr: actors.other.address, fromHeight: 0n, toHeight: 1_000_000n }] : [];
        await ledger.storeFile(
          { fileDesc: "0x", fileSize: 1024n, proveInterval: 20n, expiredHeight: head + 5000n, privilege: whitelist.length ? 2 : 1, copyNum: 3, encrypt: false,
            registerDns: false, bindDns: false, dnsUrl: "", whitelist, share: false, storageType: 1 },
          { fileHash, blocksRoot: fileHash, dataRoot: "0x" + "11".repeat(16), blockNum: 1n, blockSize: 262144n },
          offered, [], { nonce: nonce++, gasLimit: 1_500_000n },
        );
        if (f % 20 === 19) await chain.send("evm_mine");
      }
      await chain.send("evm_mine");
      await chain.send("evm_setAutomine", [true]);
      return { chain, seconds: (performance.now() - t0) / 1000 };
    } catch (e) {
      await chain.stop();
      throw e;
    }
  }
  return { populatedChain };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
