/**
 * One FS node serving many downloaders at once: its peak RSS with one downloader, with 100 at
 * once under its read budget (maxServeBatches, default 16), and with 100 at once and no budget to
 * speak of, each in a fresh node process over the same stored file. The budget is what keeps
 * memory flat as downloaders are added. A real hardhat chain carries the ledger.
 * Run: npx tsx bench/service-concurrency.mts (BENCH_CONC_CLIENTS=100, BENCH_CONC_MIB=8).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseEther } from "ethers";
import { TestChain } from "@dsp/testkit";
import { KeyPair } from "@dsp/core";
import { FileStore } from "@dsp/fs-node";
import { MemoryBlockstore } from "@dsp/fs-node";
import { MemoryRootStore } from "@dsp/fs-node";
import { Ledger } from "@dsp/ledger";
import { DEFAULT_NETWORK_ID, DspHost } from "@dsp/p2p";
import { startDaemon } from "@dsp/fs-node";
import { devKey } from "@dsp/fs-node";
import { downloadFile } from "@dsp/fs-node";
import { FsNode } from "@dsp/fs-node";
import { uploadFile } from "@dsp/fs-node";
import { fmt, MiB, mibps, randomFile, table } from "./lib/common.mts";

const CLIENTS = Number(process.env.BENCH_CONC_CLIENTS ?? 100);
const SIZE = Number(process.env.BENCH_CONC_MIB ?? 8) * MiB;
const UNBOUNDED = 100_000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = await mkdtemp(path.join(tmpdir(), "dsp-bench-conc-"));
const chain = await TestChain.start();

/** A seeder process on the shared data directory; `stop` returns its peak RSS and peak batches in flight. */
async function startSeeder(budget: number) {
  const child = spawn(process.execPath, [...process.execArgv, path.join(ROOT, "bench/lib/seeder.mts"), "--rpc", chain.url, "--dir", path.join(dir, "seeder"), "--account", "5", "--max-serve-batches", String(budget)], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env },
  });
  const lines = createInterface({ input: child.stdout! });
  let hostAddr = "";
  let result: { maxRssMiB: number; peakBatches: number } | undefined;
  await new Promise<void>((resolve, reject) => {
    lines.on("line", (l) => {
      if (l === "ready") resolve();
      const j = l.startsWith("{") ? JSON.parse(l) : {};
      if (j.hostAddr) hostAddr = j.hostAddr;
      if (j.maxRssMiB) result = j;
    });
    child.once("exit", (code) => reject(new Error(`the seeder exited with ${code}`)));
  });
  return {
    hostAddr,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      if (!result) throw new Error("the seeder did not report its peak RSS");
      return result;
    },
  };
}

/** `count` downloaders (one process, in-memory stores) fetching `fileHash` from `hostAddr` at once. */
async function downloadAll(count: number, fileHash: string, hostAddr: string, expected: Buffer) {
  const reader = await Ledger.connect({ rpcUrl: chain.url, deployments: chain.deployments });
  const clients: FsNode[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const account = KeyPair.generate();
      const host = await DspHost.create({ account, networkId: DEFAULT_NETWORK_ID });
      const files = await FileStore.open({ blocks: new MemoryBlockstore(), roots: new MemoryRootStore() });
      clients.push(new FsNode({ host, files, ledger: reader, account }));
    }
    // handshakes ten at a time (a hundred noise handshakes at once in one process outlast libp2p's dial timeout)
    for (let i = 0; i < clients.length; i += 10) await Promise.all(clients.slice(i, i + 10).map((c) => c.host.connect(hostAddr)));
    console.error(`[bench] ${count} downloaders connected`);
    const t = performance.now();
    let done = 0;
    await Promise.all(clients.map(async (c, i) => {
      const out = path.join(dir, `out-${i}`);
      await downloadFile(c, fileHash, out, { maxPeers: 1 });
      if (!(await readFile(out)).equals(expected)) throw new Error(`download ${i} differs`);
      await rm(out);
      if (++done % 10 === 0 || done === count) console.error(`[bench] ${done}/${count} downloads done`);
    }));
    return (performance.now() - t) / 1000;
  } finally {
    await Promise.allSettled(clients.map((c) => c.host.stop()));
    reader.destroy();
  }
}

try {
  await writeFile(path.join(dir, "localhost.json"), JSON.stringify(chain.deployments));
  process.env.DSP_DEPLOYMENTS_DIR = dir;
  const { DSPToken__factory } = await import("@dsp/ledger");
  const token = DSPToken__factory.connect(chain.deployments.contracts.token, chain.signer(0) as never);
  for (const i of [1, 5]) await (await token.mint(chain.wallet(i).address, parseEther("100000"))).wait();

  // The file, stored once on the seeder (its only holder: the only node registered on this chain).
  const source = path.join(dir, "source.bin");
  await randomFile(source, SIZE);
  const expected = await readFile(source);
  const first = await startSeeder(16);
  const alice = await startDaemon({ account: devKey(1), dataDir: path.join(dir, "alice"), rpcUrl: chain.url, network: "localhost" });
  const { fileHash } = await uploadFile(alice.node, { source, copyNum: 0, privilege: 1, proveInterval: 100n, expiredHeight: (await alice.ledger.head()) + 1000n }, { skipProofWait: true });
  await alice.stop();
  await first.stop();

  const rows: (string | number)[][] = [];
  const runs: Record<string, { maxRssMiB: number; peakBatches: number; seconds: number }> = {};
  for (const [name, count, budget] of [["one downloader", 1, 16], [`${CLIENTS} at once, budget 16 batches`, CLIENTS, 16], [`${CLIENTS} at once, no budget (${UNBOUNDED})`, CLIENTS, UNBOUNDED]] as const) {
    const seeder = await startSeeder(budget);
    const seconds = await downloadAll(count, fileHash, seeder.hostAddr, expected);
    const r = await seeder.stop();
    runs[name] = { ...r, seconds };
    rows.push([name, r.maxRssMiB, r.peakBatches, fmt(seconds, 2), fmt(mibps(count * SIZE, seconds), 1)]);
  }
  const one = runs["one downloader"].maxRssMiB;
  console.log(`A ${SIZE / MiB} MiB file (256 KiB blocks, batches of 8) downloaded from one FS node process on 127.0.0.1 by ${CLIENTS} downloaders at once (one process, handshakes done first), ledger on a hardhat node. Each row is a fresh seeder process.\n`);
  table(["seeder", "peak RSS (MiB)", "batches in flight at most", "seconds", "MiB/s served"], rows);
  const bounded = runs[`${CLIENTS} at once, budget 16 batches`].maxRssMiB;
  const unbounded = runs[`${CLIENTS} at once, no budget (${UNBOUNDED})`].maxRssMiB;
  table(["ratio", "value"], [
    [`peak RSS, ${CLIENTS} downloaders with the budget / one downloader`, fmt(bounded / one, 2)],
    [`peak RSS, ${CLIENTS} downloaders without it / one downloader`, fmt(unbounded / one, 2)],
  ]);
} finally {
  await chain.stop();
  await rm(dir, { recursive: true, force: true });
}
