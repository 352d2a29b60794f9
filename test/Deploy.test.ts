import { expect } from "chai";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { deployAndRecord, paramsFor } from "../scripts/lib/deploy-and-record";
import { deploymentsModule, type DeploymentsModule } from "../scripts/lib/esm";
import { DEVNET_PARAMS, TESTNET_PARAMS } from "../scripts/lib/deploy-dsp";

describe("Deployment", () => {
  let readDeployments: DeploymentsModule["readDeployments"];
  let CONTRACT_NAMES: DeploymentsModule["CONTRACT_NAMES"];
  let OPTIONAL_CONTRACT_NAMES: DeploymentsModule["OPTIONAL_CONTRACT_NAMES"];
  before(async () => ({ readDeployments, CONTRACT_NAMES, OPTIONAL_CONTRACT_NAMES } = await deploymentsModule()));

  it("deploys every contract, wires the roles and writes a deployments file the node and indexer can read", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dsp-deploy-"));
    const file = path.join(dir, "hardhat.json");
    const before = await ethers.provider.getBlockNumber();
    const { deployments, contracts: c } = await deployAndRecord(hre, file);

    const read = readDeployments("hardhat", file);
    expect(read).to.deep.equal(deployments);
    expect(read.startBlock).to.equal(before + 1);
    expect(Object.keys(read.contracts).sort()).to.deep.equal([...CONTRACT_NAMES, ...OPTIONAL_CONTRACT_NAMES].sort());
    for (const address of Object.values(read.contracts)) {
      expect(await ethers.provider.getCode(address)).to.not.equal("0x");
    }
    // no event of these contracts can predate the recorded start block
    const first = await ethers.provider.getTransactionReceipt(c.token.deploymentTransaction()!.hash);
    expect(first!.blockNumber).to.be.greaterThanOrEqual(read.startBlock);

    // the ledger alone moves volume and slashes; the verifier reports to the ledger
    expect(await c.registry.hasRole(await c.registry.LEDGER_ROLE(), read.contracts.ledger)).to.equal(true);
    expect(await c.registry.hasRole(await c.registry.SLASHER_ROLE(), read.contracts.ledger)).to.equal(true);
    expect(await c.registry.hasRole(await c.registry.SLASHER_ROLE(), read.contracts.verifier)).to.equal(false);
    expect(await c.ledger.verifier()).to.equal(read.contracts.verifier);
    expect(await c.ledger.userSpace()).to.equal(read.contracts.userSpace);
    expect(await c.ledger.whitelist()).to.equal(read.contracts.whitelist);
    expect(await c.userSpace.ledger()).to.equal(read.contracts.ledger);
    expect(await c.verifier.ledger()).to.equal(read.contracts.ledger);
    expect(await c.scanRegistry.fileLedger()).to.equal(read.contracts.ledger);
    expect(await c.scanRegistry.dnsRegistry()).to.equal(read.contracts.dns);
    expect(await c.scanRegistry.token()).to.equal(read.contracts.token);
    expect(await c.scanRegistry.minPledge()).to.equal(DEVNET_PARAMS.scan.minPledge);

    // governance sits in the timelock; the deployer keeps no admin role it could grant itself funds with
    const deployer = deployments.deployer;
    expect(read.contracts.timelock).to.equal(await c.timelock.getAddress());
    for (const g of [c.registry, c.ledger, c.dns, c.scanRegistry]) {
      expect(await g.hasRole(await g.GOVERNANCE_ROLE(), read.contracts.timelock!)).to.equal(true);
      expect(await g.hasRole(await g.GOVERNANCE_ROLE(), deployer)).to.equal(false);
    }
    for (const a of [c.registry, c.ledger, c.dns, c.scanRegistry, c.userSpace, c.whitelist]) {
      expect(await a.hasRole(await a.DEFAULT_ADMIN_ROLE(), deployer)).to.equal(false);
    }
    expect(await c.timelock.hasRole(await c.timelock.DEFAULT_ADMIN_ROLE(), deployer)).to.equal(false);
    expect(await c.timelock.hasRole(await c.timelock.PROPOSER_ROLE(), deployer)).to.equal(true);
    expect(await c.timelock.getMinDelay()).to.equal(DEVNET_PARAMS.timelockDelay);
    // wiring is set once: nobody can point the ledger at another verifier
    await expect(c.ledger.setModules(deployer, deployer, deployer))
      .to.be.revertedWithCustomError(c.ledger, "AccessControlUnauthorizedAccount");
  });

  it("refuses a missing or incomplete deployments file with a message that says what to do", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dsp-deploy-"));
    expect(() => readDeployments("nowhere", path.join(dir, "nowhere.json"))).to.throw(/npm run deploy/);
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ network: "x", startBlock: 3, contracts: { token: "0x1234" } }));
    expect(() => readDeployments("x", file)).to.throw(/incomplete: token, registry/);
    expect(readFileSync(file, "utf8")).to.contain("0x1234");
  });

  it("picks devnet parameters for local networks and testnet ones elsewhere, unless told", () => {
    expect(paramsFor("hardhat")).to.equal(DEVNET_PARAMS);
    expect(paramsFor("localhost")).to.equal(DEVNET_PARAMS);
    expect(paramsFor("testnet")).to.equal(TESTNET_PARAMS);
    expect(paramsFor("testnet", "devnet")).to.equal(DEVNET_PARAMS);
    expect(() => paramsFor("hardhat", "mainnet")).to.throw(/devnet or testnet/);
  });

  it("keeps the testnet proof window and seed blocks inside blockhash's 256-block reach, as the verifier requires", async () => {
    for (const params of [TESTNET_PARAMS, DEVNET_PARAMS]) {
      const { period, window, challenges } = params.proving;
      expect(window + 4n).to.be.lessThanOrEqual(256n);
      expect(period).to.be.greaterThanOrEqual(window + 4n);
      // the verifier's constructor checks the same bounds
      const verifier = await (await ethers.getContractFactory("PDPVerifier")).deploy(ethers.ZeroAddress, period, window, challenges);
      expect(await verifier.proofWindow()).to.equal(window);
    }
    const factory = await ethers.getContractFactory("PDPVerifier");
    await expect(factory.deploy(ethers.ZeroAddress, 300n, 253n, 32)).to.be.revertedWithCustomError(factory, "InvalidSchedule");
  });
});
