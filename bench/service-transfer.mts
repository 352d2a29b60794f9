/**
 * The FS node service end to end on loopback: a file uploaded with two extra copies to three FS
 * nodes (each its own process, each checking every block and generating the PDP data), then
 * downloaded by another client from the three seeders at once. MiB/s of each stage and the peak
 * RSS of every process. A real hardhat chain carries the ledger.
 * Run: npx tsx bench/service-transfer.mts (BENCH_SERVICE_MIB=1024).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseEther } from "ethers";
import { TestChain } from "@dsp/testkit";
import { startDaemon } from "@dsp/fs-node";
import { devKey } from "@dsp/fs-node";
import { downloadFile } from "@dsp/fs-node";
import { uploadFile } from "@dsp/fs-node";
import { fmt, MiB, mibps, randomFile, table } from "./lib/common.mts";

const SIZE = Number(process.env.BENCH_SERVICE_MIB ?? 1024) * MiB;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = await mkdtemp(path.join(tmpdir(), "dsp-bench-service-"));
const chain = await TestChain.start();
const children: ChildProcess[] = [];
try {
  await writeFile(path.join(dir, "localhost.json"), JSON.stringify(chain.deployments));
  process.env.DSP_DEPLOYMENTS_DIR = dir;
  const admin = chain.signer(0);
  const { DSPToken__factory } = await import("@dsp/ledger");
  const token = DSPToken__factory.connect(chain.deployments.contracts.token, admin as never);
  for (const i of [1, 2, 5, 6, 7]) await (await token.mint(chain.wallet(i).address, parseEther("100000"))).wait();

  // Three FS nodes, one process each.
  const rss: number[] = [];
  for (let i = 0; i < 3; i++) {
    const child = spawn(process.execPath, [...process.execArgv, path.join(ROOT, "node/fs-node/src/service/devnet-nodes.ts"), "--rpc", chain.url, "--network", "localhost", "--dir", path.join(dir, `n${i}`), "--count", "1", "--first-account", String(5 + i)], {
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env },
    });
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      lines.on("line", (l) => {
        if (l === "ready") resolve();
        const j = l.startsWith("{") ? JSON.parse(l) : {};
        if (j.maxRssMiB) rss[i] = j.maxRssMiB;
      });
      child.once("exit", (code) => reject(new Error(`node ${i} exited with ${code}`)));
    });
  }

  const source = path.join(dir, "source.bin");
  await randomFile(source, SIZE);
  const alice = await startDaemon({ account: devKey(1), dataDir: path.join(dir, "alice"), rpcUrl: chain.url, network: "localhost" });
  const bob = await startDaemon({ account: devKey(2), dataDir: path.join(dir, "bob"), rpcUrl: chain.url, network: "localhost" });
  const at: Record<number, number> = {};
  const t0 = performance.now();
  const up = await uploadFile(
    alice.node,
    { source, copyNum: 2, proveInterval: 100n, expiredHeight: (await alice.ledger.head()) + 1000n },
    { skipProofWait: true, onProgress: (e) => e.type === "upload:state" && (at[e.state] = performance.now()) },
  );
  const uploadEnd = performance.now();
  const t1 = performance.now();
  const down = await downloadFile(bob.node, up.fileHash, path.join(dir, "out.bin"));
  const downloadEnd = performance.now();
  if (down.bytes !== SIZE) throw new Error(`downloaded ${down.bytes} bytes, expected ${SIZE}`);
  const clientRss = Math.round(process.resourceUsage().maxRSS / 1024);
  await alice.stop();
  await bob.stop();
  for (const c of children) c.kill("SIGTERM");
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));

  const s = (a: number, b: number) => (b - a) / 1000;
  const slice = s(at[3], at[4]);
  const pdp = s(at[11], at[9]);
  const transfer = s(at[12], at[13]);
  console.log(`${SIZE / MiB} MiB, 256 KiB blocks, copyNum 2 (three holders), three FS node processes on 127.0.0.1, ledger on a hardhat node; the download from all three holders at once.\n`);
  table(
    ["stage", "seconds", "MiB/s"],
    [
      ["upload: slicing (AddFile, states 3-4)", fmt(slice, 2), fmt(mibps(SIZE, slice), 0)],
      ["upload: PDP data at the client (state 11)", fmt(pdp, 2), fmt(mibps(SIZE, pdp), 1)],
      ["upload: hand-off until all three holders checked it (states 12-13: transfer, tree check, PDP data on each node)", fmt(transfer, 2), fmt(mibps(SIZE, transfer), 1)],
      ["upload: whole", fmt(s(t0, uploadEnd), 2), fmt(mibps(SIZE, s(t0, uploadEnd)), 1)],
      ["download from three seeders (blocks checked, file written)", fmt(s(t1, downloadEnd), 2), fmt(mibps(SIZE, s(t1, downloadEnd)), 0)],
    ],
  );
  table(["process", "peak RSS (MiB)"], [...rss.map((r, i) => [`FS node ${i + 1}`, r ?? "?"]), ["the two clients (one process)", clientRss]]);
} finally {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await chain.stop();
  await rm(dir, { recursive: true, force: true });
}
