/**
 * `npm start`: a local DSP network on embedded defaults. Starts a Hardhat chain on loopback,
 * deploys the contracts with DEVNET_PARAMS (a proof per node every 20 blocks, within the last 10;
 * 60 blocks to accept an offer), writes deployments/localhost.json, gives every dev account DSP tokens,
 * starts the SCAN indexer (SQLite) with its GraphQL service, web explorer and libp2p listener,
 * registers it in the ScanRegistry (dev account 4), starts a proxy server and FS nodes (the last
 * one reached through the proxy; each accepts the deals it is offered once it has checked their
 * data, and proves them every period), and waits; Ctrl-C stops everything.
 */
import { rmSync, mkdirSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { JsonRpcProvider, Wallet, HDNodeWallet, Mnemonic, parseEther } from "ethers";
import { bindContracts, readDeployments, deploymentsPath, DEV_MNEMONIC, FIRST_NODE_ACCOUNT, SCAN_ACCOUNT } from "@dsp/ledger";
import { rpcChainId } from "./lib/rpc.js";

const HELP = `Usage: npm start [-- options]

Starts a local DSP devnet: a Hardhat chain, the DSP contracts, funded dev accounts, and the
SCAN indexer with GraphQL and the web explorer (a fresh SQLite database in .devnet/ each time).

Options:
  --host <addr>      address the chain listens on (default 127.0.0.1)
  --port <n>         JSON-RPC port (default 8545)
  --accounts <n>     dev accounts to fund with DSP (default 10)
  --fund <dsp>       DSP per dev account (default 1000000)
  --block-time <ms>  mine a block every <ms> besides each transaction (default 3000)
  --graphql-port <n> port of the indexer's GraphQL service and explorer (default 4350)
  --scan-port <n>    libp2p port of the indexer as a SCAN server (default 4360)
  --without-indexer  do not start the indexer
  --fs-nodes <n>     FS nodes to start and register (default 3; dev accounts 5, 6, 7...; 0: none)
  -h, --help         show this help

Environment: DSP_DEPLOYMENTS_DIR (default ./deployments)`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HARDHAT = path.join(ROOT, "node_modules", ".bin", "hardhat");

function log(msg: string) {
  console.log(`[devnet] ${msg}`);
}

/** The chain id at `url`, or undefined while nothing answers there. */
/** Whether a GraphQL service answers at `url`. */
async function graphqlAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
    return res.ok;
  } catch {
    return false; // not listening yet
  }
}

/** Polls `probe` until it gives a value, failing early if `child` (named `what`) exits first. */
async function waitUntilReady<T>(what: string, url: string, child: ChildProcess, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the ${what} exited with code ${child.exitCode} before it was ready`);
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the ${what} did not answer at ${url} after ${timeoutMs / 1000} s`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args[0]} exited with ${code}`))));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8545" },
      accounts: { type: "string", default: "10" },
      fund: { type: "string", default: "1000000" },
      "block-time": { type: "string", default: "3000" },
      "graphql-port": { type: "string", default: "4350" },
      "scan-port": { type: "string", default: "4360" },
      "without-indexer": { type: "boolean", default: false },
      "fs-nodes": { type: "string", default: "3" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const url = `http://${values.host}:${values.port}`;
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping");
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    })));
    log("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  log(`starting the chain on ${url}`);
  const chain = spawn(HARDHAT, ["node", "--hostname", values.host!, "--port", values.port!], {
    cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, DSP_BLOCK_TIME: values["block-time"] },
  });
  children.push(chain);
  chain.stderr!.on("data", (d) => process.stderr.write(`[chain] ${d}`));
  chain.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[devnet] the chain stopped unexpectedly (${signal ?? code})`);
      void stop(1);
    }
  });

  const chainId = await waitUntilReady("chain", url, chain, () => rpcChainId(url));
  const provider = new JsonRpcProvider(url, chainId, { staticNetwork: true });
  log(`chain ${chainId} is up (a block every ${values["block-time"]} ms); deploying the DSP contracts`);
  // the devnet's parameters whatever DSP_PARAMS the caller's environment has
  const env = { ...process.env, DSP_LOCAL_RPC: url, DSP_PARAMS: "devnet" };
  await run(HARDHAT, ["run", "scripts/deploy.ts", "--network", "localhost"], env);
  const d = readDeployments("localhost");
  const bound = bindContracts(d, provider);
  const [period, window, challenges, settings] = await Promise.all([
    bound.verifier.provingPeriod(), bound.verifier.proofWindow(), bound.verifier.challengeCount(), bound.ledger.settings(),
  ]);
  const proving = `a proof per FS node every ${period} blocks, in the last ${window}, ${challenges} challenges; offers open ${settings.acceptWindow} blocks`;
  log(`proving: ${proving}`);

  const count = Number(values.accounts);
  const amount = parseEther(values.fund!);
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0/0").connect(provider);
  const { token } = bindContracts(d, root);
  let nonce = await provider.getTransactionCount(root.address);
  const accounts: string[] = [];
  const fsNodes = Number(values["fs-nodes"]);
  // The SCAN server and the FS nodes use dev accounts 4 and 5, 6, 7...: funded too, whatever --accounts says.
  const funded = new Set([
    ...Array.from({ length: count }, (_, i) => i + 1), ...(values["without-indexer"] ? [] : [SCAN_ACCOUNT]),
    ...Array.from({ length: fsNodes }, (_, i) => FIRST_NODE_ACCOUNT + i),
  ]);
  for (const i of funded) {
    const a = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${i}`);
    if (i <= count) accounts.push(a.address);
    await (await token.mint(a.address, amount, { nonce: nonce++ })).wait();
  }
  log(`funded ${count} dev accounts with ${values.fund} DSP each (mnemonic: "${DEV_MNEMONIC}")`);

  let graphql = "(not started)";
  let explorer = "(not started)";
  let scanLine = "";
  if (!values["without-indexer"]) {
    // A new chain has new block hashes: an old database would not match it, so start afresh.
    const dbDir = path.join(ROOT, ".devnet");
    rmSync(dbDir, { recursive: true, force: true });
    mkdirSync(dbDir, { recursive: true });
    const port = values["graphql-port"]!;
    const scanKey = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${SCAN_ACCOUNT}`);
    const indexer = spawn(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      [
        "indexer/main.ts", "--network", "localhost", "--rpc", url, "--db", `file:${path.join(dbDir, "indexer.db")}`, "--port", port,
        "--p2p-listen", `/ip4/127.0.0.1/tcp/${values["scan-port"]}`,
      ],
      // the key in the environment, not on the command line where any process list shows it
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, DSP_SCAN_PRIVATE_KEY: scanKey.privateKey } },
    );
    children.push(indexer);
    indexer.on("exit", (code, signal) => {
      if (!stopping) {
        console.error(`[devnet] the indexer stopped unexpectedly (${signal ?? code})`);
        void stop(1);
      }
    });
    // kept only until the libp2p address is read: the indexer prints for as long as it runs
    let lines: string | undefined = "";
    indexer.stdout!.on("data", (d) => {
      if (lines !== undefined) lines += d;
      process.stdout.write(d);
    });
    graphql = `http://127.0.0.1:${port}/graphql`;
    explorer = `http://127.0.0.1:${port}/`;
    await waitUntilReady("indexer", graphql, indexer, async () => ((await graphqlAnswers(graphql)) ? true : undefined));
    const hostAddr = await waitUntilReady("indexer's libp2p address", graphql, indexer, async () => /SCAN server .* on libp2p at (\S+)/.exec(lines ?? "")?.[1]);
    lines = undefined;
    // The indexer's account joins the ScanRegistry at that address: other SCAN servers find it there.
    const scan = scanKey.connect(provider);
    const pledge = parseEther("1000");
    const scanNonce = await provider.getTransactionCount(scan.address);
    const asScan = bindContracts(d, scan);
    await (await asScan.token.approve(d.contracts.scanRegistry, pledge, { nonce: scanNonce })).wait();
    await (await asScan.scanRegistry.register(hostAddr, pledge, { nonce: scanNonce + 1 })).wait();
    scanLine = `  SCAN server   ${scanKey.address}  ${hostAddr}  (ScanRegistry ${d.contracts.scanRegistry})\n`;
    log(`registered the SCAN server ${scanKey.address} at ${hostAddr}`);
  }
  const nodeLines: string[] = [];
  if (fsNodes > 0) {
    log(`starting a proxy and ${fsNodes} FS nodes`);
    const nodes = spawn(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      ["node/fs-node/src/service/devnet-nodes.ts", "--rpc", url, "--network", "localhost", "--dir", path.join(ROOT, ".devnet", "nodes"), "--count", String(fsNodes), "--first-account", String(FIRST_NODE_ACCOUNT), ...(values["without-indexer"] ? [] : ["--scan", graphql])],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(nodes);
    nodes.on("exit", (code, signal) => {
      if (!stopping) {
        console.error(`[devnet] the FS nodes stopped unexpectedly (${signal ?? code})`);
        void stop(1);
      }
    });
    let lines = "";
    const collect = (d: Buffer) => (lines += d);
    nodes.stdout!.on("data", collect);
    await waitUntilReady("FS nodes", "(loopback)", nodes, async () => (lines.includes("ready\n") ? true : undefined), 120_000);
    nodes.stdout!.off("data", collect);
    for (const line of lines.split("\n").filter((l) => l.startsWith("{"))) {
      const j = JSON.parse(line);
      nodeLines.push(j.proxy ? `  Proxy         ${j.proxy}` : `  FS node       ${j.node}  REST ${j.rest}  ${j.hostAddr}`);
    }
    nodes.stdout!.on("data", (d) => process.stdout.write(`[fs-nodes] ${d}`));
  }
  console.log(`
  JSON-RPC      ${url}  (chain id ${chainId})
  GraphQL       ${graphql}  (GraphiQL in a browser)
  Explorer      ${explorer}  (the SCAN web explorer; npm start builds it)
  Deployments   ${deploymentsPath("localhost")}
  DSP token     ${d.contracts.token}
  File ledger   ${d.contracts.ledger}
  PDP verifier  ${d.contracts.verifier}
  Proving       ${proving}
${scanLine}  Dev accounts  ${accounts[0]} ... ${accounts[accounts.length - 1]}
${nodeLines.join("\n")}
`);
  log("ready; press Ctrl-C to stop");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main().catch((e) => {
  console.error(`[devnet] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
