/**
 * `npm run demo`: DSP end to end on a devnet. Uses the devnet at --rpc when one answers there
 * (`npm start` in another terminal), else starts a fresh one and stops it afterwards. Then, as
 * dev account 1, uploads a random file with two extra copies: three nodes are offered the deal,
 * fetch the data, check it against the deal and accept it, and each proves its first period
 * on-chain; as dev account 2, downloads it through the nodes and checks the bytes. Each step is
 * printed with its spec transmission state.
 */
import "@dsp/p2p";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fileInfo } from "@dsp/ledger";
import { startDaemon } from "./daemon.js";
import { devKey } from "./devnet-nodes.js";
import { downloadFile } from "./download.js";
import { uploadFile } from "./upload.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const say = (line: string) => console.log(`[demo] ${line}`);

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts `npm start` on `port` and resolves once it printed "ready". */
async function startDevnet(port: number): Promise<ChildProcess> {
  say(`no chain at port ${port}: starting a fresh devnet (npm start -- --port ${port})`);
  const child = spawn("npm", ["start", "--", "--port", String(port), "--graphql-port", String(port + 5)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], detached: true });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the devnet did not start in 180 s:\n${out}`)), 180_000);
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("ready; press Ctrl-C")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the devnet exited with ${code}:\n${out}`)));
  });
  return child;
}

async function main() {
  const { values } = parseArgs({ options: { rpc: { type: "string", default: "http://127.0.0.1:8545" }, size: { type: "string", default: String(3 << 20) }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log("Usage: npm run demo [-- --rpc <url>] [--size <bytes>]\n\nUploads a file to the devnet's FS nodes with two extra copies, waits until they accept the deal and prove their first period, downloads it as another account and checks it.");
    return;
  }
  const rpcUrl = values.rpc!;
  let devnet: ChildProcess | undefined;
  if (!(await answers(rpcUrl))) devnet = await startDevnet(Number(new URL(rpcUrl).port || 8545));
  const dir = await mkdtemp(path.join(tmpdir(), "dsp-demo-"));
  const started = Date.now();
  try {
    const alice = await startDaemon({ account: devKey(1), dataDir: path.join(dir, "alice"), rpcUrl, network: "localhost" });
    const bob = await startDaemon({ account: devKey(2), dataDir: path.join(dir, "bob"), rpcUrl, network: "localhost" });
    try {
      const data = randomBytes(Number(values.size));
      const file = path.join(dir, "demo.bin");
      await writeFile(file, data);
      say(`alice (${alice.node.evmAddress}) uploads ${data.length} bytes with two extra copies`);
      const head = await alice.ledger.head();
      const up = await uploadFile(
        alice.node,
        { source: file, copyNum: 2, expiredHeight: head + 10_000n, fileDesc: "npm run demo" },
        {
          proofTimeout: 180_000,
          onProgress: (e) => say(e.type === "upload:state" ? `  state ${e.state} ${e.name}` : `    holder ${e.node}: state ${e.state} ${e.name}`),
        },
      );
      const info = await fileInfo(alice.ledger, up.dealId);
      say(`stored ${up.fileHash} as deal ${up.dealId}`);
      const v = alice.ledger.contracts.verifier;
      for (const slot of info.slots.filter((s) => s.status === "active")) {
        // periods this holder proved since it accepted the deal (each proof covers all its deals at once)
        const proven = (await v.queryFilter(v.filters.PeriodProven(slot.node), Number(info.blockHeight))).filter((e) => BigInt(e.args.period) >= BigInt(slot.firstPeriod));
        say(`  holder ${slot.node}: accepted, ${proven.length} proof(s) on-chain`);
      }
      const out = path.join(dir, "downloaded.bin");
      say(`bob (${bob.node.evmAddress}) downloads it`);
      const down = await downloadFile(bob.node, up.fileHash, out, {
        onProgress: (e) => (e.type === "download:state" ? say(`  state ${e.state} ${e.name}`) : undefined),
      });
      const same = Buffer.compare(await readFile(out), data) === 0;
      say(`downloaded ${down.bytes} bytes from ${down.seeders.length} seeders; identical to the upload: ${same ? "yes" : "NO"}`);
      say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (!same) process.exitCode = 1;
    } finally {
      await alice.stop();
      await bob.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (devnet?.pid) {
      process.kill(-devnet.pid, "SIGINT");
      await new Promise((r) => devnet!.once("exit", r));
    }
  }
}

main().catch((e) => {
  console.error(`[demo] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
