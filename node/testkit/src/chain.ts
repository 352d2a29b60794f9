/**
 * Test chain: a real `hardhat node` on a random loopback port with the DSP contracts deployed by
 * scripts/deploy.ts (as `npm start` does), plus the JSON-RPC levers tests need (mine, snapshot,
 * revert). Not a test file: the indexer suites share it.
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { HDNodeWallet, hexlify, JsonRpcProvider, Mnemonic, randomBytes, ZeroHash, type Signer, type TransactionReceipt } from "ethers";
import { bindContracts, readDeployments, type Deployments } from "@dsp/ledger";
import { DEV_MNEMONIC } from "@dsp/ledger";
import { until } from "./until.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const HARDHAT = path.join(ROOT, "node_modules", ".bin", "hardhat");

export class TestChain {
  private constructor(
    readonly url: string,
    readonly provider: JsonRpcProvider,
    readonly deployments: Deployments,
    private readonly proc: ChildProcess,
    private readonly dir: string,
  ) {}

  /** Starts on a random port; a port taken meanwhile (EADDRINUSE) is tried again elsewhere, twice at most. */
  static async start(attempts = 3): Promise<TestChain> {
    try {
      return await TestChain.startOn(20_000 + Math.floor(Math.random() * 30_000));
    } catch (e) {
      if (attempts > 1 && /EADDRINUSE/.test((e as Error).message)) return TestChain.start(attempts - 1);
      throw e;
    }
  }

  private static async startOn(port: number): Promise<TestChain> {
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(HARDHAT, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], detached: false,
    });
    let err = "";
    proc.stderr!.on("data", (d) => (err += d));
    await until(async () => {
      if (proc.exitCode !== null) throw new Error(`hardhat node exited: ${err}`);
      try {
        const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
        return r.ok;
      } catch {
        return false; // not up yet
      }
    }, { ms: 60_000, every: 200, what: "hardhat node to answer (60 s)" });
    const dir = mkdtempSync(path.join(tmpdir(), "dsp-indexer-chain-"));
    await promisify(execFile)(HARDHAT, ["run", "scripts/deploy.ts", "--network", "localhost"], {
      cwd: ROOT, env: { ...process.env, DSP_LOCAL_RPC: url, DSP_DEPLOYMENTS_DIR: dir },
    });
    const deployments = readDeployments("localhost", path.join(dir, "localhost.json"));
    const provider = new JsonRpcProvider(url, deployments.chainId, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
    provider.pollingInterval = 20;
    return new TestChain(url, provider, deployments, proc, dir);
  }

  /** Dev account i (0 deployed the contracts and holds the token supply). It asks the node for each nonce, so reverts cannot confuse it. */
  signer(i: number): Signer & { address: string } {
    return this.wallet(i).connect(this.provider);
  }

  wallet(i: number) {
    return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${i}`);
  }

  send<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.provider.send(method, params);
  }

  /** Straight from the node: ethers' getBlockNumber caches for a polling interval. */
  async head() {
    return BigInt(await this.send<string>("eth_blockNumber"));
  }

  /** One evm_mine per block: every block is a real one, with its parentHash. */
  async mine(blocks: bigint | number) {
    for (let i = 0n; i < BigInt(blocks); i++) await this.send("evm_mine");
  }

  /**
   * hardhat_mine: `blocks` blocks in one call, however many. Past a few, hardhat only reserves
   * them: all but the first two and the last report a zero parentHash (the syncer copes).
   */
  async mineMany(blocks: bigint | number) {
    await this.send("hardhat_mine", [`0x${BigInt(blocks).toString(16)}`]);
  }

  /**
   * Runs a governance call through the deployment's timelock, as its proposer and executor (dev
   * account 0, the deployer): schedules `data` for `target`, lets the minimum delay pass (0 on the
   * devnet) and executes it. The deployer holds no governance role itself since ledger v2.
   */
  async govern(target: string, data: string): Promise<TransactionReceipt> {
    const timelock = bindContracts(this.deployments, this.signer(0)).timelock;
    if (!timelock) throw new Error("the deployments record no timelock (deployed before ledger v2?)");
    const salt = hexlify(randomBytes(32));
    const delay = await timelock.getMinDelay();
    await (await timelock.schedule(target, 0n, data, ZeroHash, salt, delay)).wait();
    if (delay > 0n) {
      await this.send("evm_increaseTime", [Number(delay)]);
      await this.send("evm_mine");
    }
    const receipt = (await (await timelock.execute(target, 0n, data, ZeroHash, salt)).wait()) as TransactionReceipt | null;
    if (!receipt) throw new Error("no receipt for the timelock's execute");
    return receipt;
  }

  snapshot() {
    return this.send<string>("evm_snapshot");
  }

  async revert(id: string) {
    if (!(await this.send<boolean>("evm_revert", [id]))) throw new Error(`evm_revert ${id} failed`);
  }

  async stop() {
    this.provider.destroy();
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      this.proc.once("exit", () => resolve());
      this.proc.kill("SIGTERM");
    });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
