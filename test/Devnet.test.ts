import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { DSPToken__factory } from "../typechain-types";
import { readDeployments } from "../scripts/lib/deployments";
import { rpcChainId } from "../scripts/devnet";

/** `npm start`, the README's main command, as a user runs it: up, usable, and down on Ctrl-C. */
describe("npm start (devnet)", function () {
  this.timeout(120_000);

  it("starts a chain on loopback with the contracts deployed and dev accounts funded, and stops cleanly on SIGINT", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dsp-devnet-"));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const proc = spawn("npm", ["start", "--", "--port", String(port), "--accounts", "3", "--block-time", "200"], {
      cwd: path.resolve(__dirname, ".."),
      env: { ...process.env, DSP_DEPLOYMENTS_DIR: dir },
      detached: true, // its own process group, so SIGINT reaches npm and everything under it
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout!.on("data", (d) => (out += d));
    proc.stderr!.on("data", (d) => (out += d));
    // npm passes SIGINT on and then ends itself by that signal; the devnet under it exits 0.
    const exited = new Promise<string>((resolve) => proc.on("exit", (code, signal) => resolve(signal ?? String(code))));
    try {
      const deadline = Date.now() + 90_000;
      while (!out.includes("ready; press Ctrl-C") && Date.now() < deadline && proc.exitCode === null) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(out, out).to.include("ready; press Ctrl-C");

      const d = readDeployments("localhost", path.join(dir, "localhost.json"));
      expect(await rpcChainId(`http://127.0.0.1:${port}`)).to.equal(31337);
      const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, 31337, { staticNetwork: true });
      expect(await provider.getCode(d.contracts.ledger)).to.not.equal("0x");
      const token = DSPToken__factory.connect(d.contracts.token, provider);
      expect(await token.balanceOf("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).to.equal(10n ** 24n);
      // interval mining: blocks advance with no transaction
      const h0 = await provider.getBlockNumber();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await provider.getBlockNumber()).to.be.greaterThan(h0);
      provider.destroy();
    } finally {
      process.kill(-proc.pid!, "SIGINT");
    }
    expect(["0", "SIGINT"]).to.include(await exited);
    expect(out).to.include("[devnet] stopped");
    expect(out).to.not.include("stopped unexpectedly");
    expect(await rpcChainId(`http://127.0.0.1:${port}`)).to.equal(undefined);
  });
});
