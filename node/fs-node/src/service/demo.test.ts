import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** `npm run demo`, the README's second main command, as a user runs it on a fresh machine (no devnet up). */
describe("npm run demo", function () {
  this.timeout(420_000);

  it("starts a devnet, uploads with two extra copies, waits until the three nodes accept the deal and prove a period, downloads as another account and finds the bytes identical", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dsp-demo-test-"));
    const port = 21_000 + Math.floor(Math.random() * 20_000);
    const proc = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["node/fs-node/src/service/demo.ts", "--rpc", `http://127.0.0.1:${port}`, "--size", String(1 << 20)], {
      cwd: ROOT,
      env: { ...process.env, DSP_DEPLOYMENTS_DIR: dir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout!.on("data", (d) => (out += d));
    proc.stderr!.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(code, out).to.equal(0);
    const states = [...out.matchAll(/\[demo\] +state (\d+)/g)].map((m) => Number(m[1]));
    expect(states.slice(0, 9)).to.deep.equal([3, 4, 11, 9, 10, 12, 13, 14, 15]);
    expect(states.slice(9)).to.deep.equal([18, 19, 20, 21, 22, 25]);
    // each of the three offered nodes accepted the deal and proved at least one period since
    expect([...out.matchAll(/holder (0x[0-9a-fA-F]{40}): accepted, [1-9]\d* proof\(s\) on-chain/g)].map((m) => m[1].toLowerCase())).to.have.length(3);
    expect(out).to.match(/stored 0x[0-9a-f]{64} as deal 0x[0-9a-f]{64}/);
    expect(out).to.include("from 3 seeders; identical to the upload: yes");
  });
});
