/**
 * The layering check (`npm run lint:layers`, .dependency-cruiser.cjs) refuses each kind of
 * wrong-way import: probe modules that break one rule each are written into the packages, checked,
 * and removed again.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const DEPCRUISE = path.join(ROOT, "node_modules", ".bin", "depcruise");

/** depcruise over `files` (relative to the checkout): its exit code and what it printed. */
function depcruise(files: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(DEPCRUISE, ["--config", ".dependency-cruiser.cjs", ...files], { cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

describe("package layering (dependency-cruiser)", function () {
  this.timeout(60_000);
  const probes: string[] = [];
  const probe = (file: string, source: string) => {
    probes.push(file);
    writeFileSync(path.join(ROOT, file), source);
    return file;
  };
  after(() => probes.forEach((f) => rmSync(path.join(ROOT, f), { force: true })));

  it("passes the packages as they are", async () => {
    const r = await depcruise(["node", "indexer", "proto", "bench", "scripts"]);
    expect(r.out).to.match(/no dependency violations/);
    expect(r.code).to.equal(0);
  });

  it("refuses an import up or across the layers, by relative path, of test support, of scripts/ or of typechain outside the ledger", async () => {
    const core = probe(
      "node/core/src/layer-probe.ts",
      `import { FsNode } from "@dsp/fs-node";\nimport { until } from "@dsp/testkit";\nimport { Ledger } from "../../ledger/src/index.js";\nimport { rpcChainId } from "../../../scripts/lib/rpc.js";\nexport const probe = [FsNode, until, Ledger, rpcChainId];\n`,
    );
    const p2p = probe("node/p2p/src/layer-probe.ts", `import { Ledger } from "@dsp/ledger";\nexport const probe = [Ledger];\n`);
    const fsNode = probe(
      "node/fs-node/src/layer-probe.ts",
      `import { Tracker } from "@dsp/scan";\nimport { startHost } from "@dsp/p2p/testing";\nimport { FileLedger__factory } from "../../../typechain-types/index.js";\nexport const probe = [Tracker, startHost, FileLedger__factory];\n`,
    );
    const r = await depcruise([core, p2p, fsNode]);
    expect(r.code).to.not.equal(0);
    for (const rule of [
      "core-not-to-ledger-p2p-fs-node-scan-testkit: node/core/src/layer-probe.ts → node/fs-node/src/index.ts",
      "core-not-to-ledger-p2p-fs-node-scan-testkit: node/core/src/layer-probe.ts → node/testkit/src/index.ts",
      "packages-through-their-entry: node/core/src/layer-probe.ts → node/ledger/src/index.ts",
      "packages-not-to-scripts-or-docs: node/core/src/layer-probe.ts → scripts/lib/rpc.ts",
      "p2p-not-to-ledger-fs-node-scan-testkit: node/p2p/src/layer-probe.ts → node/ledger/src/index.ts",
      "fs-node-not-to-scan-testkit: node/fs-node/src/layer-probe.ts → indexer/index.ts",
      "typechain-only-in-ledger: node/fs-node/src/layer-probe.ts → typechain-types/index.ts",
      "runtime-not-to-test-support: node/fs-node/src/layer-probe.ts → node/p2p/src/testing.ts",
    ]) {
      expect(r.out, rule).to.contain(rule);
    }
  });
});
