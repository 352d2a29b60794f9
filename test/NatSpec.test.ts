import { expect } from "chai";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Interface } from "ethers";

/**
 * Every external function of every ledger contract (public getters included) carries NatSpec,
 * directly or through @inheritdoc. Read from the compiler's metadata, so it cannot drift.
 */
// OpenZeppelin's, undocumented upstream (AccessControl's admin role; TimelockController's roles and token hooks)
const INHERITED_UNDOCUMENTED = new Set([
  "DEFAULT_ADMIN_ROLE()",
  "CANCELLER_ROLE()",
  "EXECUTOR_ROLE()",
  "PROPOSER_ROLE()",
  "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
  "onERC1155Received(address,address,uint256,uint256,bytes)",
]);

describe("NatSpec", () => {
  it("documents every external function of every deployed contract", () => {
    // Each artifact's .dbg.json names the build that produced it (older builds may linger).
    const root = path.join(__dirname, "../artifacts/contracts");
    const artifacts = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith(".dbg.json") && !/^(mocks|interfaces|types|libraries)\//.test(f),
    );
    const missing: string[] = [];
    let checked = 0;
    for (const dbg of artifacts) {
      const source = `contracts/${path.dirname(path.dirname(dbg))}/${path.basename(path.dirname(dbg))}`;
      const name = path.basename(dbg, ".dbg.json");
      const buildInfo = path.resolve(root, path.dirname(dbg), JSON.parse(readFileSync(path.join(root, dbg), "utf8")).buildInfo);
      const c = JSON.parse(readFileSync(buildInfo, "utf8")).output.contracts[source][name] as { abi: never[]; metadata: string };
      const meta = JSON.parse(c.metadata).output;
      const documented = new Set([...Object.keys(meta.userdoc.methods ?? {}), ...Object.keys(meta.devdoc.methods ?? {})]);
      const vars = new Set([...Object.keys(meta.userdoc.stateVariables ?? {}), ...Object.keys(meta.devdoc.stateVariables ?? {})]);
      new Interface(c.abi).forEachFunction((fn) => {
        const sig = fn.format("sighash");
        checked++;
        if (!documented.has(sig) && !vars.has(fn.name) && !INHERITED_UNDOCUMENTED.has(sig)) missing.push(`${name}.${sig}`);
      });
    }
    expect(checked).to.be.greaterThan(150);
    expect(missing, `no NatSpec:\n${missing.join("\n")}`).to.deep.equal([]);
  });
});
