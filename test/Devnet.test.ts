import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, Wallet, MaxUint256 } from "ethers";
import { DSPToken__factory, FileLedger__factory, NodeRegistry__factory, PDPVerifier__factory } from "../typechain-types";
import { deploymentsModule } from "../scripts/lib/esm";
import { rpcChainId } from "../scripts/lib/rpc";

const ROOT = path.resolve(__dirname, "..");

/** `bin/dsp args` as a child process; resolves with its exit code and output. */
function dsp(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(path.join(ROOT, "bin", "dsp"), args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout!.on("data", (d) => (stdout += d));
    p.stderr!.on("data", (d) => (stderr += d));
    p.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `npm start`, the README's main command, as a user runs it: up, usable, and down on Ctrl-C. */
describe("npm start (devnet)", function () {
  this.timeout(240_000);

  it("starts a chain with the contracts, funded accounts, the indexer's GraphQL and explorer as a registered SCAN server, a proxy and three FS nodes that accept and prove an upload, and stops cleanly on SIGINT", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dsp-devnet-"));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const gqlPort = port + 1;
    const scanPort = port + 2;
    const proc = spawn("npm", ["start", "--", "--port", String(port), "--graphql-port", String(gqlPort), "--scan-port", String(scanPort), "--accounts", "3", "--block-time", "500"], {
      cwd: path.resolve(__dirname, ".."),
      env: { ...process.env, DSP_DEPLOYMENTS_DIR: dir },
      detached: true, // its own process group, so SIGINT reaches npm and everything under it
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout!.on("data", (d) => (out += d));
    proc.stderr!.on("data", (d) => (out += d));
    // npm passes SIGINT on and then ends itself by that signal; the devnet under it exits 0.
    // "close", not "exit": the last lines (the devnet's "stopped") may still be in the pipe at exit,
    // and the pipe closes only once every process under npm that holds it has exited.
    const exited = new Promise<string>((resolve) => proc.on("close", (code, signal) => resolve(signal ?? String(code))));
    try {
      const deadline = Date.now() + 90_000;
      while (!out.includes("ready; press Ctrl-C") && Date.now() < deadline && proc.exitCode === null) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(out, out).to.include("ready; press Ctrl-C");

      const d = (await deploymentsModule()).readDeployments("localhost", path.join(dir, "localhost.json"));
      expect(await rpcChainId(`http://127.0.0.1:${port}`)).to.equal(31337);
      // cacheTimeout -1: ethers otherwise reuses a 250 ms old nonce for a second transaction.
      const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, 31337, { staticNetwork: true, cacheTimeout: -1 });
      expect(await provider.getCode(d.contracts.ledger)).to.not.equal("0x");
      const token = DSPToken__factory.connect(d.contracts.token, provider);
      expect(await token.balanceOf("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).to.equal(10n ** 24n);
      // interval mining: blocks advance with no transaction
      const h0 = await provider.getBlockNumber();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await provider.getBlockNumber()).to.be.greaterThan(h0);
      // DEVNET_PARAMS: a proof per node every 20 blocks, in the last 10
      const verifier = PDPVerifier__factory.connect(d.contracts.verifier, provider);
      expect([await verifier.provingPeriod(), await verifier.proofWindow()]).to.deep.equal([20n, 10n]);

      // chain -> indexer -> GraphQL: a node registered on the devnet appears in SCAN
      const operator = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", provider); // dev account 1
      await (await token.connect(operator).approve(d.contracts.registry, MaxUint256)).wait();
      const registry = NodeRegistry__factory.connect(d.contracts.registry, operator);
      await (await registry.register("/ip4/127.0.0.1/tcp/4001", 1n << 30n, 10_000_000n)).wait();
      const query = async () => {
        const res = await fetch(`http://127.0.0.1:${gqlPort}/graphql`, {
          method: "POST", headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ nodes(first: 5) { edges { node { address hostAddr status } } } }" }),
        });
        return (await res.json()).data.nodes.edges.map((e: { node: unknown }) => e.node);
      };
      let seen: { address: string; hostAddr: string }[] = [];
      const mine = () => seen.some((n) => n.address.toLowerCase() === operator.address.toLowerCase());
      for (let i = 0; i < 100 && !mine(); i++) {
        seen = await query();
        if (!mine()) await new Promise((r) => setTimeout(r, 200));
      }
      const rows = seen.map((n) => [n.address.toLowerCase(), n.hostAddr]);
      expect(rows).to.deep.include([operator.address.toLowerCase(), "/ip4/127.0.0.1/tcp/4001"]);
      // The devnet's three FS nodes registered themselves; the third is reached through the proxy.
      const fsNodes = rows.filter(([a]) => a !== operator.address.toLowerCase());
      expect(fsNodes).to.have.length(3);
      expect(fsNodes.filter(([, host]) => host.includes("/p2p-circuit/"))).to.have.length(1);
      expect(out).to.include("FS node");
      // npm start built the explorer, and the indexer serves it on the GraphQL port
      const page = await fetch(`http://127.0.0.1:${gqlPort}/`);
      expect([page.status, page.headers.get("content-type")]).to.deep.equal([200, "text/html; charset=utf-8"]);
      expect(await page.text()).to.include("<title>DSP SCAN explorer</title>");
      expect(out).to.include(`Explorer      http://127.0.0.1:${gqlPort}/`);

      // the indexer is a SCAN server of the ScanRegistry (dev account 4) at its libp2p address, and signs answers
      const gql = async (query: string) => {
        const res = await fetch(`http://127.0.0.1:${gqlPort}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
        return (await res.json()).data;
      };
      const scanAccount = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"; // dev account 4
      const { scanNodes } = await gql(`{ scanNodes { edges { node { address hostAddr status pledge } } } }`);
      expect(scanNodes.edges.map((e: { node: unknown }) => e.node)).to.deep.equal([
        { address: scanAccount.toLowerCase(), hostAddr: scanNodes.edges[0].node.hostAddr, status: "Active", pledge: (1000n * 10n ** 18n).toString() },
      ]);
      expect(scanNodes.edges[0].node.hostAddr).to.match(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/${scanPort}/p2p/12D3Koo`));
      const { attest } = await gql(`{ attest(kind: FILE_OWNER, subject: "0x${"ab".repeat(32)}") { signer answer } }`);
      expect(attest).to.deep.equal({ signer: scanAccount, answer: "0x" + "00".repeat(32) });

      // a user uploads with the CLI (dev account 2): the three FS nodes are offered the deal, fetch
      // the data, accept it, and each proves its first period (the upload waits for that)
      const cli = { DSP_DEPLOYMENTS_DIR: dir };
      const g = ["--rpc", `http://127.0.0.1:${port}`, "--wallet", path.join(dir, "user.json"), "--password-file", path.join(dir, "pw")];
      writeFileSync(path.join(dir, "pw"), "devnet test\n");
      writeFileSync(path.join(dir, "user.key"), "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a\n");
      const imported = await dsp([...g, "account", "import", "--key-file", path.join(dir, "user.key"), "--json"], cli);
      expect(imported.code, imported.stderr).to.equal(0);
      writeFileSync(path.join(dir, "upload.bin"), Buffer.alloc(300_000, 7));
      const up = await dsp([...g, "file", "upload", path.join(dir, "upload.bin"), "--copies", "2", "--data-dir", path.join(dir, "client"), "--json"], cli);
      expect(up.code, up.stderr).to.equal(0);
      const result = JSON.parse(up.stdout);
      expect(result.holders).to.have.length(3);
      const ledger = FileLedger__factory.connect(d.contracts.ledger, provider);
      const accepted = await ledger.queryFilter(ledger.filters.DealAccepted(result.dealId));
      expect(accepted.map((e) => e.args.node.toLowerCase()).sort()).to.deep.equal(result.holders.map((h: string) => h.toLowerCase()).sort());
      for (const e of accepted) {
        const proofs = await verifier.queryFilter(verifier.filters.PeriodProven(e.args.node));
        expect(proofs.some((p) => p.args.period >= e.args.firstPeriod), `${e.args.node} proved a period of the deal`).to.equal(true);
      }
      expect(await verifier.queryFilter(verifier.filters.PeriodMissed())).to.have.length(0);
      provider.destroy();
    } finally {
      process.kill(-proc.pid!, "SIGINT");
    }
    expect(["0", "SIGINT"]).to.include(await exited);
    expect(out).to.include("[devnet] stopped");
    expect(out).to.not.include("stopped unexpectedly");
    expect(await rpcChainId(`http://127.0.0.1:${port}`)).to.equal(undefined);
    expect(await fetch(`http://127.0.0.1:${gqlPort}/graphql`).then(() => "up", () => "down")).to.equal("down");
  });
});
