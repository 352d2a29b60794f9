import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  deployFixture, registerNodes, makeFile, storeFile, storeAccepted, dealIdOf, acceptWhenOpen, missWindow, govern, randomBytes,
  proveNow, piecesOf,
  E18, GIB, NODE_VOLUME, type Fixture,
} from "./helpers/dsp";
import { DEVNET_PARAMS } from "../scripts/lib/deploy-dsp";
import { NodeRegistry__factory } from "../typechain-types";

const PER_GIB = DEVNET_PARAMS.pledgePerGiB;
const MIN_VOLUME = DEVNET_PARAMS.minVolume;
const MIN_SLASH = DEVNET_PARAMS.minSlash;
const SHARE_BPS = BigInt(DEVNET_PARAMS.reporterShareBps);
const SERVICE_TIME = 10_000_000n; // registerNodes' default
const HOST = (i: number) => `/ip4/127.0.0.1/tcp/${4001 + i}`;

const NONE = 0n;
const ACTIVE = 1n;
const QUIT = 2n;

/** ceil(volume * perGiB / 2^30), computed independently of the contract. */
function ceilPledge(volume: bigint, perGiB = PER_GIB): bigint {
  return (volume * perGiB + GIB - 1n) / GIB;
}

/** requiredPledge as docs/fees.md states it: ceil(volume * perGiB / 2^30), never below minSlash. */
function pledgeFor(volume: bigint, perGiB = PER_GIB, minSlash = MIN_SLASH): bigint {
  const p = ceilPledge(volume, perGiB);
  return p > minSlash ? p : minSlash;
}

async function nextBlock(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber()) + 1n;
}

/**
 * A registry of its own, deployed with the devnet parameters and the admin as its admin, governance
 * and treasury: the deployment's registry answers only to the ledger and the timelock (the deployer
 * renounced its roles), so the registry's own rules are tested on a registry whose roles the test
 * hands out. Every test signer has approved it.
 */
async function unitFixture() {
  const f = await deployFixture();
  const registry = await new NodeRegistry__factory(f.admin).deploy(
    f.admin.address, await f.token.getAddress(), f.admin.address, PER_GIB, MIN_VOLUME, MIN_SLASH, Number(SHARE_BPS),
  );
  for (const n of f.nodes) await f.token.connect(n).approve(await registry.getAddress(), ethers.MaxUint256);
  return { ...f, registry };
}

/** unitFixture with three registered nodes, plus test signers holding the ledger's and the slasher's roles. */
async function hooksFixture() {
  const f = await unitFixture();
  const s = await ethers.getSigners();
  const [ledgerHook, slasher, stranger, treasury2] = [s[10], s[11], s[12], s[13]];
  await f.registry.grantRole(await f.registry.LEDGER_ROLE(), ledgerHook.address);
  await f.registry.grantRole(await f.registry.SLASHER_ROLE(), slasher.address);
  const [n0, n1, n2] = await registerNodes(f, 3);
  return { ...f, ledgerHook, slasher, stranger, treasury2, n0, n1, n2 };
}

type HooksFixture = Awaited<ReturnType<typeof hooksFixture>>;

/** ethers returns structs as Result, whose toObject typechain does not declare. */
function plain(struct: unknown): Record<string, unknown> {
  return (struct as { toObject(): Record<string, unknown> }).toObject();
}

async function nodeOf(f: Fixture, node: HardhatEthersSigner | string) {
  const addr = typeof node === "string" ? node : node.address;
  return plain(await f.registry.getNode(addr));
}

describe("NodeRegistry", () => {
  describe("deployment and parameters", () => {
    it("starts with the deploy parameters, the timelock as governance, the ledger as its only hook, and no node", async () => {
      const f = await loadFixture(deployFixture);
      const r = f.registry;
      const ledger = await f.ledger.getAddress();
      expect(await r.token()).to.equal(await f.token.getAddress());
      expect(await r.pledgePerGiB()).to.equal(PER_GIB);
      expect(await r.minVolume()).to.equal(MIN_VOLUME);
      expect(await r.minSlash()).to.equal(MIN_SLASH);
      expect(await r.reporterShareBps()).to.equal(SHARE_BPS);
      expect(await r.treasury()).to.equal(f.admin.address);
      // the deployer renounced its roles: it can neither change parameters nor grant itself a hook
      expect(await r.hasRole(await r.DEFAULT_ADMIN_ROLE(), f.admin.address)).to.equal(false);
      expect(await r.hasRole(await r.GOVERNANCE_ROLE(), f.admin.address)).to.equal(false);
      expect(await r.hasRole(await r.GOVERNANCE_ROLE(), await f.timelock.getAddress())).to.equal(true);
      expect(await r.hasRole(await r.LEDGER_ROLE(), ledger)).to.equal(true);
      // the ledger slashes (for missed periods, reported through the verifier); the verifier cannot
      expect(await r.hasRole(await r.SLASHER_ROLE(), ledger)).to.equal(true);
      expect(await r.hasRole(await r.SLASHER_ROLE(), await f.verifier.getAddress())).to.equal(false);
      expect(await r.nodeCount()).to.equal(0n);
    });

    it("the deployment's registry changes parameters only through the timelock, and no one can grant a role", async () => {
      const f = await loadFixture(deployFixture);
      const r = f.registry;
      const gov = await r.GOVERNANCE_ROLE();
      const data = r.interface.encodeFunctionData("setParams", [2n * PER_GIB, MIN_VOLUME, MIN_SLASH, 2_000, f.admin.address]);
      await expect(r.connect(f.admin).setParams(2n * PER_GIB, MIN_VOLUME, MIN_SLASH, 2_000, f.admin.address))
        .to.be.revertedWithCustomError(r, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, gov);
      for (const role of [await r.SLASHER_ROLE(), await r.LEDGER_ROLE(), gov]) {
        await expect(r.connect(f.admin).grantRole(role, f.admin.address))
          .to.be.revertedWithCustomError(r, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, await r.DEFAULT_ADMIN_ROLE());
      }
      await expect(govern(f, r, data)).to.emit(r, "PledgeParamsSet").withArgs(2n * PER_GIB, MIN_VOLUME, MIN_SLASH, 2_000n, f.admin.address);
      expect(await r.pledgePerGiB()).to.equal(2n * PER_GIB);
      expect(await r.reporterShareBps()).to.equal(2_000n);
    });

    it("exposes the role ids as the keccak256 of their names", async () => {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.LEDGER_ROLE()).to.equal(ethers.id("LEDGER_ROLE"));
      expect(await f.registry.SLASHER_ROLE()).to.equal(ethers.id("SLASHER_ROLE"));
      expect(await f.registry.GOVERNANCE_ROLE()).to.equal(ethers.id("GOVERNANCE_ROLE"));
    });

    it("refuses to deploy with a reporter share above 100% or a zero treasury", async () => {
      const f = await loadFixture(deployFixture);
      const factory = new NodeRegistry__factory(f.admin);
      const token = await f.token.getAddress();
      await expect(factory.deploy(f.admin.address, token, f.admin.address, PER_GIB, MIN_VOLUME, MIN_SLASH, 10_001))
        .to.be.revertedWithCustomError(factory, "InvalidParams");
      await expect(factory.deploy(f.admin.address, token, ethers.ZeroAddress, PER_GIB, MIN_VOLUME, MIN_SLASH, 1_000))
        .to.be.revertedWithCustomError(factory, "InvalidParams");
    });

    it("setParams stores every parameter and emits PledgeParamsSet with all of them", async () => {
      const f = await loadFixture(hooksFixture);
      const tx = f.registry.setParams(7n * E18, 5000n, 3n * E18, 2_500, f.treasury2.address);
      await expect(tx).to.emit(f.registry, "PledgeParamsSet").withArgs(7n * E18, 5000n, 3n * E18, 2_500n, f.treasury2.address);
      expect(await f.registry.pledgePerGiB()).to.equal(7n * E18);
      expect(await f.registry.minVolume()).to.equal(5000n);
      expect(await f.registry.minSlash()).to.equal(3n * E18);
      expect(await f.registry.reporterShareBps()).to.equal(2_500n);
      expect(await f.registry.treasury()).to.equal(f.treasury2.address);
    });

    it("setParams accepts a reporter share of exactly 100%", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.setParams(PER_GIB, MIN_VOLUME, MIN_SLASH, 10_000, f.admin.address))
        .to.emit(f.registry, "PledgeParamsSet").withArgs(PER_GIB, MIN_VOLUME, MIN_SLASH, 10_000n, f.admin.address);
      expect(await f.registry.reporterShareBps()).to.equal(10_000n);
    });

    it("setParams reverts InvalidParams for a share above 100% or a zero treasury, leaving the parameters", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.setParams(PER_GIB, MIN_VOLUME, MIN_SLASH, 10_001, f.admin.address))
        .to.be.revertedWithCustomError(f.registry, "InvalidParams").withArgs();
      await expect(f.registry.setParams(PER_GIB, MIN_VOLUME, MIN_SLASH, 1_000, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.registry, "InvalidParams").withArgs();
      expect(await f.registry.reporterShareBps()).to.equal(SHARE_BPS);
      expect(await f.registry.treasury()).to.equal(f.admin.address);
    });

    it("setParams is GOVERNANCE_ROLE only", async () => {
      const f = await loadFixture(hooksFixture);
      const role = await f.registry.GOVERNANCE_ROLE();
      for (const who of [f.stranger, f.n0, f.ledgerHook, f.slasher]) {
        await expect(f.registry.connect(who).setParams(1n, 1n, 1n, 0, who.address))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(who.address, role);
      }
      await f.registry.grantRole(role, f.stranger.address);
      await expect(f.registry.connect(f.stranger).setParams(1n, 1n, 1n, 0, f.stranger.address))
        .to.emit(f.registry, "PledgeParamsSet");
    });

    it("a raised pledge rate leaves existing pledges alone (node ineligible) until the node updates and tops up", async () => {
      const f = await loadFixture(hooksFixture);
      const oldPledge = ceilPledge(NODE_VOLUME);
      await f.registry.setParams(2n * PER_GIB, MIN_VOLUME, MIN_SLASH, 1_000, f.admin.address);
      expect((await nodeOf(f, f.n0)).pledge).to.equal(oldPledge);
      expect(await f.registry.isEligible(f.n0.address, 1n, 1n)).to.equal(false);
      const newPledge = ceilPledge(NODE_VOLUME, 2n * PER_GIB);
      const tx = f.registry.connect(f.n0).update(HOST(0), NODE_VOLUME, SERVICE_TIME);
      await expect(tx).to.changeTokenBalances(f.token, [f.n0, f.registry], [-(newPledge - oldPledge), newPledge - oldPledge]);
      expect((await nodeOf(f, f.n0)).pledge).to.equal(newPledge);
      expect(await f.registry.isEligible(f.n0.address, 1n, 1n)).to.equal(true);
    });
  });

  describe("requiredPledge and slashAmount", () => {
    it("charges pledgePerGiB per whole GiB, and never less than minSlash", async () => {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.requiredPledge(GIB)).to.equal(100n * E18);
      expect(await f.registry.requiredPledge(NODE_VOLUME)).to.equal(400n * E18);
      // below 10.7 MB the pledge would be under one slash: the floor applies
      expect(await f.registry.requiredPledge(0n)).to.equal(MIN_SLASH);
      expect(await f.registry.requiredPledge(MIN_VOLUME)).to.equal(MIN_SLASH);
      expect(ceilPledge(MIN_VOLUME)).to.be.lessThan(MIN_SLASH);
    });

    it("rounds a partial GiB up to the next wei (above the floor, and with no floor)", async () => {
      const f = await loadFixture(unitFixture);
      expect(await f.registry.requiredPledge(1n)).to.equal(MIN_SLASH);
      expect(await f.registry.requiredPledge(GIB + 1n)).to.equal(100n * E18 + 93_132_257_462n);
      expect(await f.registry.requiredPledge(GIB - 1n)).to.equal(100n * E18 - 93_132_257_461n);
      for (const v of [1n, 3n, MIN_VOLUME, MIN_VOLUME + 7n, 12_345_678_901n, 2n ** 64n - 1n]) {
        expect(await f.registry.requiredPledge(v)).to.equal(pledgeFor(v));
      }
      await f.registry.setParams(PER_GIB, MIN_VOLUME, 0n, 1_000, f.admin.address);
      // 1 byte: 1e20 / 2^30 = 93132257461.547... -> 93132257462
      expect(await f.registry.requiredPledge(1n)).to.equal(93_132_257_462n);
      expect(await f.registry.requiredPledge(0n)).to.equal(0n);
      for (const v of [1n, 3n, MIN_VOLUME, MIN_VOLUME + 7n, 12_345_678_901n]) {
        expect(await f.registry.requiredPledge(v)).to.equal(ceilPledge(v));
      }
    });

    it("does not round when the product is an exact multiple of 2^30", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.setParams(GIB, MIN_VOLUME, 0n, 1_000, f.admin.address); // 1 wei per byte, no floor
      expect(await f.registry.requiredPledge(12_345n)).to.equal(12_345n);
      await f.registry.setParams(3n, MIN_VOLUME, 0n, 1_000, f.admin.address);
      expect(await f.registry.requiredPledge(1n)).to.equal(1n); // 3 / 2^30 rounds up to 1
      expect(await f.registry.requiredPledge(GIB)).to.equal(3n);
    });

    it("a pledge that meets requiredPledge(volume) covers the slash for any data the volume can hold", async () => {
      const f = await loadFixture(deployFixture);
      for (const volume of [MIN_VOLUME, GIB / 100n, GIB, NODE_VOLUME, 10_000n * GIB]) {
        const required = await f.registry.requiredPledge(volume);
        expect(required).to.equal(pledgeFor(volume));
        for (const used of [0n, 1n, volume / 3n, volume]) {
          expect(await f.registry.slashAmount(used), `volume ${volume}, ${used} bytes at stake`).to.be.lessThanOrEqual(required);
        }
        expect(await f.registry.slashAmount(volume)).to.equal(required);
      }
    });

    it("slashAmount is never below minSlash, and is the file's pledge above it", async () => {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.slashAmount(0n)).to.equal(MIN_SLASH);
      expect(await f.registry.slashAmount(1000n)).to.equal(MIN_SLASH);
      // 1e18 = requiredPledge(GiB / 100) ~ 10.7 MB: around the crossing point
      const cross = GIB / 100n; // pledge just below 1e18
      expect(ceilPledge(cross)).to.be.lessThan(MIN_SLASH);
      expect(await f.registry.slashAmount(cross)).to.equal(MIN_SLASH);
      expect(await f.registry.slashAmount(cross + 1n)).to.equal(ceilPledge(cross + 1n));
      expect(ceilPledge(cross + 1n)).to.be.greaterThan(MIN_SLASH);
      expect(await f.registry.slashAmount(NODE_VOLUME)).to.equal(400n * E18);
    });
  });

  describe("register", () => {
    it("records the node, pulls exactly the required pledge and emits NodeRegistered", async () => {
      const f = await loadFixture(deployFixture);
      const node = f.nodes[0];
      const block = await nextBlock();
      const tx = f.registry.connect(node).register(HOST(0), NODE_VOLUME, SERVICE_TIME);
      await expect(tx).to.emit(f.registry, "NodeRegistered")
        .withArgs(node.address, HOST(0), NODE_VOLUME, SERVICE_TIME, 400n * E18);
      await expect(tx).to.changeTokenBalances(f.token, [node, f.registry], [-400n * E18, 400n * E18]);
      expect(await nodeOf(f, node)).to.deep.equal({
        hostAddr: HOST(0),
        volume: NODE_VOLUME,
        restVolume: NODE_VOLUME,
        serviceTime: SERVICE_TIME,
        maxFileExpiry: 0n,
        liveFiles: 0n,
        registeredAt: block,
        status: ACTIVE,
        pledge: 400n * E18,
      });
      expect(await f.registry.nodeCount()).to.equal(1n);
      const [addrs] = await f.registry.nodesPage(0, 10);
      expect(addrs).to.deep.equal([node.address]);
    });

    it("pulls a rounded-up pledge to the wei for a volume that is not a whole GiB", async () => {
      const f = await loadFixture(deployFixture);
      const volume = GIB + 12_345n;
      const pledge = pledgeFor(volume);
      expect(pledge).to.equal(ceilPledge(volume)); // above the floor
      expect((volume * PER_GIB) % GIB).to.not.equal(0n); // really a rounding case
      await expect(f.registry.connect(f.nodes[0]).register(HOST(0), volume, SERVICE_TIME))
        .to.changeTokenBalances(f.token, [f.nodes[0], f.registry], [-pledge, pledge]);
      expect((await nodeOf(f, f.nodes[0])).pledge).to.equal(pledge);
    });

    it("accepts exactly minVolume, a 256-byte address and a service time of the next block + 1", async () => {
      const f = await loadFixture(deployFixture);
      const host = "/dns4/" + "a".repeat(250);
      expect(host.length).to.equal(256);
      const st = (await nextBlock()) + 1n;
      await expect(f.registry.connect(f.nodes[0]).register(host, MIN_VOLUME, st))
        .to.emit(f.registry, "NodeRegistered").withArgs(f.nodes[0].address, host, MIN_VOLUME, st, MIN_SLASH);
    });

    it("reverts NodeAlreadyRegistered for an active node and for a quit one", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.n0).register(HOST(9), NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "NodeAlreadyRegistered").withArgs(f.n0.address);
      await f.registry.connect(f.n0).unregister();
      await expect(f.registry.connect(f.n0).register(HOST(9), NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "NodeAlreadyRegistered").withArgs(f.n0.address);
    });

    it("reverts EmptyHostAddr for an empty address", async () => {
      const f = await loadFixture(deployFixture);
      await expect(f.registry.connect(f.nodes[0]).register("", NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "EmptyHostAddr").withArgs();
    });

    it("reverts HostAddrTooLong for 257 bytes (length counted in bytes, not characters)", async () => {
      const f = await loadFixture(deployFixture);
      await expect(f.registry.connect(f.nodes[0]).register("x".repeat(257), NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "HostAddrTooLong").withArgs(257n, 256n);
      const wide = "é".repeat(129); // 2 bytes each in UTF-8
      await expect(f.registry.connect(f.nodes[0]).register(wide, NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "HostAddrTooLong").withArgs(258n, 256n);
    });

    it("reverts VolumeTooSmall one byte under minVolume", async () => {
      const f = await loadFixture(deployFixture);
      await expect(f.registry.connect(f.nodes[0]).register(HOST(0), MIN_VOLUME - 1n, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "VolumeTooSmall").withArgs(MIN_VOLUME - 1n, MIN_VOLUME);
    });

    it("reverts ServiceTimeTooShort for a service time in the past or at the registering block", async () => {
      const f = await loadFixture(deployFixture);
      await mine(10);
      let block = await nextBlock();
      await expect(f.registry.connect(f.nodes[0]).register(HOST(0), NODE_VOLUME, 3n))
        .to.be.revertedWithCustomError(f.registry, "ServiceTimeTooShort").withArgs(3n, block + 1n);
      block = await nextBlock();
      await expect(f.registry.connect(f.nodes[0]).register(HOST(0), NODE_VOLUME, block))
        .to.be.revertedWithCustomError(f.registry, "ServiceTimeTooShort").withArgs(block, block + 1n);
      expect(await f.registry.nodeCount()).to.equal(0n);
    });

    it("fails without an allowance for the pledge, and keeps nothing", async () => {
      const f = await loadFixture(deployFixture);
      // `other` holds tokens but approved only the ledger
      await expect(f.registry.connect(f.other).register(HOST(0), NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
        .withArgs(await f.registry.getAddress(), 0n, 400n * E18);
      expect((await nodeOf(f, f.other)).status).to.equal(NONE);
      expect(await f.registry.nodeCount()).to.equal(0n);
    });

    it("takes only minSlash when pledgePerGiB is zero, and nothing when minSlash is zero too (set through the timelock)", async () => {
      const f = await loadFixture(deployFixture);
      await govern(f, f.registry, f.registry.interface.encodeFunctionData("setParams", [0n, MIN_VOLUME, MIN_SLASH, 1_000, f.admin.address]));
      expect(await f.registry.requiredPledge(NODE_VOLUME)).to.equal(MIN_SLASH);
      await govern(f, f.registry, f.registry.interface.encodeFunctionData("setParams", [0n, MIN_VOLUME, 0n, 1_000, f.admin.address]));
      // `other` approved only the ledger: a pledge of 0 needs no allowance
      await expect(f.registry.connect(f.other).register(HOST(0), NODE_VOLUME, SERVICE_TIME))
        .to.emit(f.registry, "NodeRegistered").withArgs(f.other.address, HOST(0), NODE_VOLUME, SERVICE_TIME, 0n);
      expect(await f.registry.isEligible(f.other.address, NODE_VOLUME, SERVICE_TIME)).to.equal(true);
    });
  });

  describe("update", () => {
    it("grows the volume: pulls exactly the extra pledge, keeps used bytes, emits NodeUpdated", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1000n, 500n);
      const newVolume = 6n * GIB + 1n;
      const extra = ceilPledge(newVolume) - 400n * E18;
      const tx = f.registry.connect(f.n0).update("/ip4/10.0.0.1/tcp/1", newVolume, SERVICE_TIME + 5n);
      await expect(tx).to.emit(f.registry, "NodeUpdated")
        .withArgs(f.n0.address, "/ip4/10.0.0.1/tcp/1", newVolume, newVolume - 1000n, SERVICE_TIME + 5n, ceilPledge(newVolume));
      await expect(tx).to.changeTokenBalances(f.token, [f.n0, f.registry], [-extra, extra]);
      const n = await nodeOf(f, f.n0);
      expect(n.hostAddr).to.equal("/ip4/10.0.0.1/tcp/1");
      expect(n.volume).to.equal(newVolume);
      expect(n.restVolume).to.equal(newVolume - 1000n);
      expect(n.serviceTime).to.equal(SERVICE_TIME + 5n);
      expect(n.pledge).to.equal(ceilPledge(newVolume));
      expect(n.liveFiles).to.equal(1n);
      expect(n.maxFileExpiry).to.equal(500n);
      expect(n.status).to.equal(ACTIVE);
    });

    it("shrinks the volume: refunds exactly the pledge the smaller volume no longer needs", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, GIB, 500n);
      const newVolume = GIB + 777n;
      const refund = 400n * E18 - ceilPledge(newVolume);
      const tx = f.registry.connect(f.n0).update(HOST(0), newVolume, SERVICE_TIME);
      await expect(tx).to.emit(f.registry, "NodeUpdated")
        .withArgs(f.n0.address, HOST(0), newVolume, 777n, SERVICE_TIME, ceilPledge(newVolume));
      await expect(tx).to.changeTokenBalances(f.token, [f.n0, f.registry], [refund, -refund]);
    });

    it("moves no tokens when the volume is unchanged", async () => {
      const f = await loadFixture(hooksFixture);
      const tx = f.registry.connect(f.n0).update("/ip6/::1/tcp/9", NODE_VOLUME, SERVICE_TIME * 2n);
      await expect(tx).to.changeTokenBalances(f.token, [f.n0, f.registry], [0n, 0n]);
      await expect(tx).to.emit(f.registry, "NodeUpdated")
        .withArgs(f.n0.address, "/ip6/::1/tcp/9", NODE_VOLUME, NODE_VOLUME, SERVICE_TIME * 2n, 400n * E18);
    });

    it("after a slash, tops up the shortfall at the same volume and makes the node eligible again", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.slasher).slash(f.n0.address, 5n * E18, f.reporter.address);
      expect(await f.registry.isEligible(f.n0.address, 1n, 1n)).to.equal(false);
      await expect(f.registry.connect(f.n0).update(HOST(0), NODE_VOLUME, SERVICE_TIME))
        .to.changeTokenBalances(f.token, [f.n0, f.registry], [-5n * E18, 5n * E18]);
      expect((await nodeOf(f, f.n0)).pledge).to.equal(400n * E18);
      expect(await f.registry.isEligible(f.n0.address, 1n, 1n)).to.equal(true);
    });

    it("hands back pledge added above the requirement (the pledge is set to what the volume needs)", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.n0).addPledge(3n * E18);
      await expect(f.registry.connect(f.n0).update(HOST(0), NODE_VOLUME, SERVICE_TIME))
        .to.changeTokenBalances(f.token, [f.n0, f.registry], [3n * E18, -3n * E18]);
      expect((await nodeOf(f, f.n0)).pledge).to.equal(400n * E18);
    });

    it("accepts a volume equal to the bytes in use (rest 0) and a service time equal to the latest file expiry", async () => {
      const f = await loadFixture(hooksFixture);
      const used = 3n * MIN_VOLUME;
      const expiry = (await nextBlock()) + 1000n;
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, used, expiry);
      await expect(f.registry.connect(f.n0).update(HOST(0), used, expiry))
        .to.emit(f.registry, "NodeUpdated").withArgs(f.n0.address, HOST(0), used, 0n, expiry, pledgeFor(used));
      // the pledge left still covers a slash of everything the node holds
      expect((await nodeOf(f, f.n0)).pledge).to.be.greaterThanOrEqual(await f.registry.slashAmount(used));
      expect(await f.registry.isEligible(f.n0.address, 1n, expiry)).to.equal(false); // full
    });

    it("reverts NodeNotRegistered for an unknown caller and NodeNotActive(Quit) for an unregistered node", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.nodes[5]).update(HOST(0), NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.nodes[5].address);
      await f.registry.connect(f.n0).unregister();
      await expect(f.registry.connect(f.n0).update(HOST(0), NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "NodeNotActive").withArgs(f.n0.address, QUIT);
    });

    it("reverts EmptyHostAddr and HostAddrTooLong", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.n0).update("", NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "EmptyHostAddr").withArgs();
      await expect(f.registry.connect(f.n0).update("y".repeat(300), NODE_VOLUME, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "HostAddrTooLong").withArgs(300n, 256n);
    });

    it("reverts VolumeBelowUsed one byte under the bytes in use", async () => {
      const f = await loadFixture(hooksFixture);
      const used = 2n * GIB + 5n;
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, GIB, 100n);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, GIB + 5n, 100n);
      await expect(f.registry.connect(f.n0).update(HOST(0), used - 1n, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "VolumeBelowUsed").withArgs(used - 1n, used);
    });

    it("reverts VolumeTooSmall under minVolume even when nothing is used", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.n0).update(HOST(0), MIN_VOLUME - 1n, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "VolumeTooSmall").withArgs(MIN_VOLUME - 1n, MIN_VOLUME);
    });

    it("reverts ServiceTimeTooShort for a service time at or before the current block", async () => {
      const f = await loadFixture(hooksFixture);
      const block = await nextBlock();
      await expect(f.registry.connect(f.n0).update(HOST(0), NODE_VOLUME, block))
        .to.be.revertedWithCustomError(f.registry, "ServiceTimeTooShort").withArgs(block, block + 1n);
    });

    it("reverts ServiceTimeTooShort below the latest expiry of an assigned file, even after it was released", async () => {
      const f = await loadFixture(hooksFixture);
      const now = await nextBlock();
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 100n, now + 5_000n);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 100n, now + 2_000n); // does not lower it
      expect((await nodeOf(f, f.n0)).maxFileExpiry).to.equal(now + 5_000n);
      await expect(f.registry.connect(f.n0).update(HOST(0), NODE_VOLUME, now + 4_999n))
        .to.be.revertedWithCustomError(f.registry, "ServiceTimeTooShort").withArgs(now + 4_999n, now + 5_000n);
      await f.registry.connect(f.ledgerHook).release(f.n0.address, 100n);
      await f.registry.connect(f.ledgerHook).release(f.n0.address, 100n);
      await expect(f.registry.connect(f.n0).update(HOST(0), NODE_VOLUME, now + 4_999n))
        .to.be.revertedWithCustomError(f.registry, "ServiceTimeTooShort").withArgs(now + 4_999n, now + 5_000n);
    });
  });

  describe("addPledge", () => {
    it("adds to the pledge, pulls exactly the amount and emits PledgeAdded with the new total", async () => {
      const f = await loadFixture(hooksFixture);
      const tx = f.registry.connect(f.n0).addPledge(123n);
      await expect(tx).to.emit(f.registry, "PledgeAdded").withArgs(f.n0.address, 123n, 400n * E18 + 123n);
      await expect(tx).to.changeTokenBalances(f.token, [f.n0, f.registry], [-123n, 123n]);
      expect((await nodeOf(f, f.n0)).pledge).to.equal(400n * E18 + 123n);
    });

    it("works for a quit node, and withdraw returns the added amount too", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.n0).unregister();
      await expect(f.registry.connect(f.n0).addPledge(E18))
        .to.emit(f.registry, "PledgeAdded").withArgs(f.n0.address, E18, 401n * E18);
      await expect(f.registry.connect(f.n0).withdraw())
        .to.changeTokenBalances(f.token, [f.n0, f.registry], [401n * E18, -401n * E18]);
    });

    it("reverts NodeNotRegistered for an unknown caller", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.nodes[5]).addPledge(1n))
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.nodes[5].address);
    });
  });

  describe("unregister", () => {
    it("sets status Quit, emits NodeUnregistered, keeps the node listed and its pledge held", async () => {
      const f = await loadFixture(hooksFixture);
      const tx = f.registry.connect(f.n1).unregister();
      await expect(tx).to.emit(f.registry, "NodeUnregistered").withArgs(f.n1.address);
      await expect(tx).to.changeTokenBalances(f.token, [f.n1, f.registry], [0n, 0n]);
      const n = await nodeOf(f, f.n1);
      expect(n.status).to.equal(QUIT);
      expect(n.pledge).to.equal(400n * E18);
      expect(await f.registry.nodeCount()).to.equal(3n);
      const [addrs, infos] = await f.registry.nodesPage(0, 3);
      expect(addrs).to.include(f.n1.address);
      expect(infos[addrs.indexOf(f.n1.address)].status).to.equal(QUIT);
    });

    it("makes the node ineligible and refuses new allocations with NodeNotActive(Quit)", async () => {
      const f = await loadFixture(hooksFixture);
      expect(await f.registry.isEligible(f.n1.address, 1n, 1n)).to.equal(true);
      await f.registry.connect(f.n1).unregister();
      expect(await f.registry.isEligible(f.n1.address, 1n, 1n)).to.equal(false);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n1.address, 1n, 1n))
        .to.be.revertedWithCustomError(f.registry, "NodeNotActive").withArgs(f.n1.address, QUIT);
    });

    it("reverts NodeNotRegistered for an unknown caller and NodeNotActive(Quit) the second time", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.stranger).unregister())
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.stranger.address);
      await f.registry.connect(f.n0).unregister();
      await expect(f.registry.connect(f.n0).unregister())
        .to.be.revertedWithCustomError(f.registry, "NodeNotActive").withArgs(f.n0.address, QUIT);
    });
  });

  describe("withdraw", () => {
    it("returns exactly the pledge, emits NodeWithdrawn, forgets the node and drops it from the list", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.n1).unregister();
      const tx = f.registry.connect(f.n1).withdraw();
      await expect(tx).to.emit(f.registry, "NodeWithdrawn").withArgs(f.n1.address, 400n * E18);
      await expect(tx).to.changeTokenBalances(f.token, [f.n1, f.registry], [400n * E18, -400n * E18]);
      expect(await nodeOf(f, f.n1)).to.deep.equal({
        hostAddr: "", volume: 0n, restVolume: 0n, serviceTime: 0n, maxFileExpiry: 0n,
        liveFiles: 0n, registeredAt: 0n, status: NONE, pledge: 0n,
      });
      expect(await f.registry.nodeCount()).to.equal(2n);
      const [addrs] = await f.registry.nodesPage(0, 10);
      expect([...addrs].sort()).to.deep.equal([f.n0.address, f.n2.address].sort());
    });

    it("lets a withdrawn node register again from scratch", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 10n, 900n);
      await f.registry.connect(f.ledgerHook).release(f.n0.address, 10n);
      await f.registry.connect(f.n0).unregister();
      await f.registry.connect(f.n0).withdraw();
      const block = await nextBlock();
      await expect(f.registry.connect(f.n0).register(HOST(7), GIB, SERVICE_TIME))
        .to.emit(f.registry, "NodeRegistered").withArgs(f.n0.address, HOST(7), GIB, SERVICE_TIME, 100n * E18);
      const n = await nodeOf(f, f.n0);
      expect(n.status).to.equal(ACTIVE);
      expect(n.maxFileExpiry).to.equal(0n);
      expect(n.registeredAt).to.equal(block);
      expect(n.pledge).to.equal(100n * E18);
      expect(await f.registry.nodeCount()).to.equal(3n);
    });

    it("returns only what is left after a slash", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.slasher).slash(f.n0.address, 7n * E18 + 3n, f.reporter.address);
      await f.registry.connect(f.n0).unregister();
      const left = 400n * E18 - 7n * E18 - 3n;
      const tx = f.registry.connect(f.n0).withdraw();
      await expect(tx).to.emit(f.registry, "NodeWithdrawn").withArgs(f.n0.address, left);
      await expect(tx).to.changeTokenBalances(f.token, [f.n0, f.registry], [left, -left]);
    });

    it("reverts NodeNotRegistered for an unknown node and for a second withdraw", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.stranger).withdraw())
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.stranger.address);
      await f.registry.connect(f.n0).unregister();
      await f.registry.connect(f.n0).withdraw();
      await expect(f.registry.connect(f.n0).withdraw())
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.n0.address);
    });

    it("reverts NodeStillActive before unregister", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.n0).withdraw())
        .to.be.revertedWithCustomError(f.registry, "NodeStillActive").withArgs(f.n0.address);
    });

    it("reverts NodeHasLiveFiles while files are live, and succeeds once the last is released", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 10n, 100n);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 20n, 100n);
      await f.registry.connect(f.n0).unregister();
      await expect(f.registry.connect(f.n0).withdraw())
        .to.be.revertedWithCustomError(f.registry, "NodeHasLiveFiles").withArgs(f.n0.address, 2n);
      await f.registry.connect(f.ledgerHook).release(f.n0.address, 10n);
      await expect(f.registry.connect(f.n0).withdraw())
        .to.be.revertedWithCustomError(f.registry, "NodeHasLiveFiles").withArgs(f.n0.address, 1n);
      await f.registry.connect(f.ledgerHook).release(f.n0.address, 20n);
      await expect(f.registry.connect(f.n0).withdraw()).to.emit(f.registry, "NodeWithdrawn").withArgs(f.n0.address, 400n * E18);
    });
  });

  describe("allocate and release (ledger hooks)", () => {
    it("allocate takes rest volume, counts the file, raises maxFileExpiry only upward, emits VolumeAllocated", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1000n, 700n))
        .to.emit(f.registry, "VolumeAllocated").withArgs(f.n0.address, 1000n, NODE_VOLUME - 1000n, 1n);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 24n, 600n))
        .to.emit(f.registry, "VolumeAllocated").withArgs(f.n0.address, 24n, NODE_VOLUME - 1024n, 2n);
      let n = await nodeOf(f, f.n0);
      expect([n.restVolume, n.liveFiles, n.maxFileExpiry, n.volume]).to.deep.equal([NODE_VOLUME - 1024n, 2n, 700n, NODE_VOLUME]);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 0n, 800n);
      n = await nodeOf(f, f.n0);
      expect([n.restVolume, n.liveFiles, n.maxFileExpiry]).to.deep.equal([NODE_VOLUME - 1024n, 3n, 800n]);
    });

    it("allocate moves no tokens", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, GIB, 100n))
        .to.changeTokenBalances(f.token, [f.n0, f.registry], [0n, 0n]);
    });

    it("allocate accepts the whole rest volume and reverts InsufficientVolume one byte beyond", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, NODE_VOLUME - 10n, 100n);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 11n, 100n))
        .to.be.revertedWithCustomError(f.registry, "InsufficientVolume").withArgs(f.n0.address, 11n, 10n);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 10n, 100n))
        .to.emit(f.registry, "VolumeAllocated").withArgs(f.n0.address, 10n, 0n, 2n);
    });

    it("allocate accepts an expiry equal to the service time and reverts ServiceTimeTooShort one block after", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1n, SERVICE_TIME + 1n))
        .to.be.revertedWithCustomError(f.registry, "ServiceTimeTooShort").withArgs(SERVICE_TIME, SERVICE_TIME + 1n);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1n, SERVICE_TIME))
        .to.emit(f.registry, "VolumeAllocated").withArgs(f.n0.address, 1n, NODE_VOLUME - 1n, 1n);
    });

    it("allocate reverts NodeNotRegistered for an unknown node", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.stranger.address, 1n, 1n))
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.stranger.address);
    });

    it("allocate reverts PledgeTooLow for a node slashed below its requirement, until it tops up", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.slasher).slash(f.n0.address, 3n, f.reporter.address);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1n, 1n))
        .to.be.revertedWithCustomError(f.registry, "PledgeTooLow").withArgs(f.n0.address, 400n * E18 - 3n, 400n * E18);
      await f.registry.connect(f.n0).addPledge(3n);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1n, 1n))
        .to.emit(f.registry, "VolumeAllocated").withArgs(f.n0.address, 1n, NODE_VOLUME - 1n, 1n);
    });

    it("release gives the bytes back, uncounts the file and emits VolumeReleased", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1000n, 700n);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 500n, 700n);
      await expect(f.registry.connect(f.ledgerHook).release(f.n0.address, 1000n))
        .to.emit(f.registry, "VolumeReleased").withArgs(f.n0.address, 1000n, NODE_VOLUME - 500n, 1n);
      const n = await nodeOf(f, f.n0);
      expect([n.restVolume, n.liveFiles, n.maxFileExpiry]).to.deep.equal([NODE_VOLUME - 500n, 1n, 700n]);
    });

    it("release still works on an unregistered (quit) node", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1000n, 700n);
      await f.registry.connect(f.n0).unregister();
      await expect(f.registry.connect(f.ledgerHook).release(f.n0.address, 1000n))
        .to.emit(f.registry, "VolumeReleased").withArgs(f.n0.address, 1000n, NODE_VOLUME, 0n);
      expect((await nodeOf(f, f.n0)).status).to.equal(QUIT);
    });

    it("release reverts NodeNotRegistered for an unknown node", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.ledgerHook).release(f.stranger.address, 1n))
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.stranger.address);
    });

    it("release reverts NothingToRelease for more files or bytes than were allocated, and changes nothing", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.ledgerHook).release(f.n0.address, 0n))
        .to.be.revertedWithCustomError(f.registry, "NothingToRelease").withArgs(f.n0.address, 0n);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1000n, 700n);
      await expect(f.registry.connect(f.ledgerHook).release(f.n0.address, 1001n))
        .to.be.revertedWithCustomError(f.registry, "NothingToRelease").withArgs(f.n0.address, 1001n);
      const n = await nodeOf(f, f.n0);
      expect([n.restVolume, n.liveFiles]).to.deep.equal([NODE_VOLUME - 1000n, 1n]);
    });

    it("allocate and release are LEDGER_ROLE only (not the node, not governance, not the slasher)", async () => {
      const f = await loadFixture(hooksFixture);
      const role = await f.registry.LEDGER_ROLE();
      for (const who of [f.n0, f.admin, f.slasher, f.stranger]) {
        await expect(f.registry.connect(who).allocate(f.n0.address, 1n, 1n))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(who.address, role);
        await expect(f.registry.connect(who).release(f.n0.address, 1n))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(who.address, role);
      }
      await f.registry.revokeRole(role, f.ledgerHook.address);
      await expect(f.registry.connect(f.ledgerHook).allocate(f.n0.address, 1n, 1n))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(f.ledgerHook.address, role);
    });
  });

  describe("slash (the ledger's hook)", () => {
    it("takes the amount, pays the reporter its share and the treasury the rest, emits NodeSlashed", async () => {
      const f = await loadFixture(hooksFixture);
      const amount = 10n * E18;
      const toReporter = (amount * SHARE_BPS) / 10_000n;
      expect(await f.registry.connect(f.slasher).slash.staticCall(f.n0.address, amount, f.reporter.address)).to.equal(amount);
      const tx = f.registry.connect(f.slasher).slash(f.n0.address, amount, f.reporter.address);
      await expect(tx).to.emit(f.registry, "NodeSlashed")
        .withArgs(f.n0.address, f.reporter.address, amount, toReporter, 400n * E18 - amount);
      await expect(tx).to.changeTokenBalances(
        f.token, [f.registry, f.reporter, f.admin, f.n0], [-amount, toReporter, amount - toReporter, 0n]);
      expect((await nodeOf(f, f.n0)).pledge).to.equal(400n * E18 - amount);
    });

    it("rounds the reporter's share down and gives the remainder wei to the treasury", async () => {
      const f = await loadFixture(hooksFixture);
      // 19 wei at 10%: 1.9 -> 1 to the reporter, 18 to the treasury
      const tx = f.registry.connect(f.slasher).slash(f.n0.address, 19n, f.reporter.address);
      await expect(tx).to.emit(f.registry, "NodeSlashed").withArgs(f.n0.address, f.reporter.address, 19n, 1n, 400n * E18 - 19n);
      await expect(tx).to.changeTokenBalances(f.token, [f.registry, f.reporter, f.admin], [-19n, 1n, 18n]);
    });

    it("is capped at the pledge: takes all of it, returns what was taken, and takes nothing more after", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.slasher).slash(f.n0.address, 399n * E18, f.reporter.address);
      const left = E18;
      expect(await f.registry.connect(f.slasher).slash.staticCall(f.n0.address, 5n * E18, f.reporter.address)).to.equal(left);
      const tx = f.registry.connect(f.slasher).slash(f.n0.address, 5n * E18, f.reporter.address);
      await expect(tx).to.emit(f.registry, "NodeSlashed").withArgs(f.n0.address, f.reporter.address, left, left / 10n, 0n);
      await expect(tx).to.changeTokenBalances(f.token, [f.registry, f.reporter, f.admin], [-left, left / 10n, left - left / 10n]);
      expect((await nodeOf(f, f.n0)).pledge).to.equal(0n);

      expect(await f.registry.connect(f.slasher).slash.staticCall(f.n0.address, E18, f.reporter.address)).to.equal(0n);
      const empty = f.registry.connect(f.slasher).slash(f.n0.address, E18, f.reporter.address);
      await expect(empty).to.emit(f.registry, "NodeSlashed").withArgs(f.n0.address, f.reporter.address, 0n, 0n, 0n);
      await expect(empty).to.changeTokenBalances(f.token, [f.registry, f.reporter, f.admin], [0n, 0n, 0n]);
    });

    it("does not touch other nodes' pledges held by the registry", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.slasher).slash(f.n0.address, 10_000n * E18, f.reporter.address);
      expect(await f.token.balanceOf(await f.registry.getAddress())).to.equal(800n * E18);
      expect((await nodeOf(f, f.n1)).pledge).to.equal(400n * E18);
      await f.registry.connect(f.n1).unregister();
      await expect(f.registry.connect(f.n1).withdraw()).to.changeTokenBalance(f.token, f.n1, 400n * E18);
    });

    it("pays everything to the treasury at a 0% share and everything to the reporter at 100%", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.setParams(PER_GIB, MIN_VOLUME, MIN_SLASH, 0, f.treasury2.address);
      await expect(f.registry.connect(f.slasher).slash(f.n0.address, 1000n, f.reporter.address))
        .to.changeTokenBalances(f.token, [f.registry, f.reporter, f.treasury2, f.admin], [-1000n, 0n, 1000n, 0n]);
      await f.registry.setParams(PER_GIB, MIN_VOLUME, MIN_SLASH, 10_000, f.treasury2.address);
      const tx = f.registry.connect(f.slasher).slash(f.n0.address, 1000n, f.reporter.address);
      await expect(tx).to.changeTokenBalances(f.token, [f.registry, f.reporter, f.treasury2], [-1000n, 1000n, 0n]);
      await expect(tx).to.emit(f.registry, "NodeSlashed").withArgs(f.n0.address, f.reporter.address, 1000n, 1000n, 400n * E18 - 2000n);
    });

    it("sends the treasury's part to the treasury set by governance", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.setParams(PER_GIB, MIN_VOLUME, MIN_SLASH, 2_500, f.treasury2.address);
      await expect(f.registry.connect(f.slasher).slash(f.n0.address, 400n, f.reporter.address))
        .to.changeTokenBalances(f.token, [f.reporter, f.treasury2, f.admin], [100n, 300n, 0n]);
    });

    it("makes the node ineligible until it adds back exactly the shortfall", async () => {
      const f = await loadFixture(hooksFixture);
      expect(await f.registry.isEligible(f.n0.address, GIB, 1000n)).to.equal(true);
      await f.registry.connect(f.slasher).slash(f.n0.address, 2n * E18, f.reporter.address);
      expect(await f.registry.isEligible(f.n0.address, GIB, 1000n)).to.equal(false);
      expect(await f.registry.isEligible(f.n0.address, 0n, 0n)).to.equal(false);
      await f.registry.connect(f.n0).addPledge(2n * E18 - 1n);
      expect(await f.registry.isEligible(f.n0.address, GIB, 1000n)).to.equal(false);
      await f.registry.connect(f.n0).addPledge(1n);
      expect(await f.registry.isEligible(f.n0.address, GIB, 1000n)).to.equal(true);
    });

    it("still slashes a quit node (it must keep proving its files)", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, 10n, 100n);
      await f.registry.connect(f.n0).unregister();
      await expect(f.registry.connect(f.slasher).slash(f.n0.address, E18, f.reporter.address))
        .to.emit(f.registry, "NodeSlashed").withArgs(f.n0.address, f.reporter.address, E18, E18 / 10n, 399n * E18);
    });

    it("reverts NodeNotRegistered for an unknown or withdrawn node", async () => {
      const f = await loadFixture(hooksFixture);
      await expect(f.registry.connect(f.slasher).slash(f.stranger.address, 1n, f.reporter.address))
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.stranger.address);
      await f.registry.connect(f.n0).unregister();
      await f.registry.connect(f.n0).withdraw();
      await expect(f.registry.connect(f.slasher).slash(f.n0.address, 1n, f.reporter.address))
        .to.be.revertedWithCustomError(f.registry, "NodeNotRegistered").withArgs(f.n0.address);
    });

    it("is SLASHER_ROLE only (not the ledger, not governance, not the node)", async () => {
      const f = await loadFixture(hooksFixture);
      const role = await f.registry.SLASHER_ROLE();
      for (const who of [f.ledgerHook, f.admin, f.n0, f.reporter]) {
        await expect(f.registry.connect(who).slash(f.n1.address, 1n, who.address))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(who.address, role);
      }
      expect((await nodeOf(f, f.n1)).pledge).to.equal(400n * E18);
    });
  });

  describe("isEligible", () => {
    it("is true at the limits: size equal to the rest volume, expiry equal to the service time", async () => {
      const f = await loadFixture(hooksFixture);
      await f.registry.connect(f.ledgerHook).allocate(f.n0.address, GIB, 10n);
      const rest = NODE_VOLUME - GIB;
      expect(await f.registry.isEligible(f.n0.address, rest, SERVICE_TIME)).to.equal(true);
      expect(await f.registry.isEligible(f.n0.address, rest + 1n, SERVICE_TIME)).to.equal(false);
      expect(await f.registry.isEligible(f.n0.address, rest, SERVICE_TIME + 1n)).to.equal(false);
    });

    it("is false for an unknown node", async () => {
      const f = await loadFixture(hooksFixture);
      expect(await f.registry.isEligible(f.stranger.address, 0n, 0n)).to.equal(false);
    });
  });

  describe("views: getNode, nodeCount, nodesPage", () => {
    async function sixNodes() {
      const f = await deployFixture();
      const nodes = await registerNodes(f, 6);
      return { ...f, six: nodes.map((n) => n.address) };
    }

    it("getNode of an unknown address is the zero record with status None", async () => {
      const f = await loadFixture(deployFixture);
      const n = await nodeOf(f, f.other);
      expect(n.status).to.equal(NONE);
      expect(n.hostAddr).to.equal("");
      expect(n.pledge).to.equal(0n);
    });

    it("nodesPage returns every node with its record, in pages that cover the list exactly once", async () => {
      const f = await loadFixture(sixNodes);
      expect(await f.registry.nodeCount()).to.equal(6n);
      const [all, infos] = await f.registry.nodesPage(0, 6);
      expect(all).to.deep.equal(f.six);
      for (let i = 0; i < 6; i++) {
        expect(plain(infos[i])).to.deep.equal(await nodeOf(f, all[i]));
        expect(infos[i].hostAddr).to.equal(HOST(i));
      }
      const seen: string[] = [];
      for (let off = 0; off < 6; off += 4) {
        const [page, pageInfos] = await f.registry.nodesPage(off, 4);
        expect(page.length).to.equal(pageInfos.length);
        seen.push(...page);
      }
      expect(seen).to.deep.equal(f.six);
      const [mid] = await f.registry.nodesPage(2, 3);
      expect(mid).to.deep.equal(f.six.slice(2, 5));
    });

    it("nodesPage returns the tail when the limit is larger than what is left", async () => {
      const f = await loadFixture(sixNodes);
      const [a, ai] = await f.registry.nodesPage(0, 100);
      expect(a).to.deep.equal(f.six);
      expect(ai.length).to.equal(6);
      const [b] = await f.registry.nodesPage(4, 100);
      expect(b).to.deep.equal(f.six.slice(4));
    });

    it("nodesPage returns nothing for an offset at or past the end, or a zero limit", async () => {
      const f = await loadFixture(sixNodes);
      for (const [off, lim] of [[6, 10], [7, 1], [1000, 1000], [0, 0], [3, 0]]) {
        const [a, i] = await f.registry.nodesPage(off, lim);
        expect(a, `offset ${off} limit ${lim}`).to.deep.equal([]);
        expect(i).to.deep.equal([]);
      }
    });

    it("nodesPage does not overflow on a huge limit or offset (limit = max means 'all')", async () => {
      const f = await loadFixture(sixNodes);
      const [a] = await f.registry.nodesPage(2, ethers.MaxUint256);
      expect(a).to.deep.equal(f.six.slice(2));
      const [b] = await f.registry.nodesPage(ethers.MaxUint256, 1);
      expect(b).to.deep.equal([]);
      const [c] = await f.registry.nodesPage(ethers.MaxUint256, ethers.MaxUint256);
      expect(c).to.deep.equal([]);
    });

    it("nodeCount and nodesPage drop a withdrawn node from the middle and keep the rest", async () => {
      const f = await loadFixture(sixNodes);
      const mid = f.nodes[2];
      await f.registry.connect(mid).unregister();
      expect(await f.registry.nodeCount()).to.equal(6n); // quit nodes stay listed
      await f.registry.connect(mid).withdraw();
      expect(await f.registry.nodeCount()).to.equal(5n);
      const [a] = await f.registry.nodesPage(0, 10);
      expect(a).to.not.include(mid.address);
      expect([...a].sort()).to.deep.equal(f.six.filter((x) => x !== mid.address).sort());
      const [tail] = await f.registry.nodesPage(5, 10);
      expect(tail).to.deep.equal([]);
    });
  });

  describe("eligibleNodesPage", () => {
    const SIZE = GIB;
    const EXPIRY = 5_000_000n;

    /**
     * Six nodes, two of them eligible for (SIZE, EXPIRY) and each of the others failing one clause of
     * the rule: n0 ok, n1 quit, n2 short of rest volume, n3 service time one block short, n4 one wei
     * short of its pledge, n5 ok at the limits (rest volume == SIZE, service time == EXPIRY).
     */
    async function mixedNodes() {
      const f = await unitFixture();
      const s = await ethers.getSigners();
      const [ledgerHook, slasher] = [s[10], s[11]];
      await f.registry.grantRole(await f.registry.LEDGER_ROLE(), ledgerHook.address);
      await f.registry.grantRole(await f.registry.SLASHER_ROLE(), slasher.address);
      const n = await registerNodes(f, 6);
      await f.registry.connect(n[1]).unregister();
      await f.registry.connect(ledgerHook).allocate(n[2].address, NODE_VOLUME - SIZE + 1n, 100n);
      await f.registry.connect(n[3]).update(HOST(3), NODE_VOLUME, EXPIRY - 1n);
      await f.registry.connect(slasher).slash(n[4].address, 1n, f.reporter.address);
      await f.registry.connect(ledgerHook).allocate(n[5].address, NODE_VOLUME - SIZE, 100n);
      await f.registry.connect(n[5]).update(HOST(5), NODE_VOLUME, EXPIRY);
      return { ...f, n: n.map((x) => x.address) };
    }

    async function eligible(f: Fixture, offset: bigint | number, limit: bigint | number, size = SIZE, expiry = EXPIRY) {
      const [nodes, infos] = await f.registry.eligibleNodesPage(offset, limit, size, expiry);
      expect(infos.length, "one record per node").to.equal(nodes.length);
      return { nodes: [...nodes], infos: infos.map(plain) };
    }

    it("returns exactly the eligible nodes of the window, in registry order, with their records", async () => {
      const f = await loadFixture(mixedNodes);
      for (const a of f.n) {
        const ok = a === f.n[0] || a === f.n[5];
        expect(await f.registry.isEligible(a, SIZE, EXPIRY), a).to.equal(ok); // the fixture is what it says
      }
      const all = await eligible(f, 0, 6);
      expect(all.nodes).to.deep.equal([f.n[0], f.n[5]]);
      expect(all.infos).to.deep.equal([await nodeOf(f, f.n[0]), await nodeOf(f, f.n[5])]);
      expect(all.infos[1]).to.include({ hostAddr: HOST(5), restVolume: SIZE, serviceTime: EXPIRY, status: ACTIVE });

      // the window is positions, not eligible nodes: [1, 5) holds none, [1, 6) only n5
      expect(await eligible(f, 1, 4)).to.deep.equal({ nodes: [], infos: [] });
      expect((await eligible(f, 1, 5)).nodes).to.deep.equal([f.n[5]]);
      expect((await eligible(f, 0, 1)).nodes).to.deep.equal([f.n[0]]);

      // a smaller file and an earlier expiry let n2 and n3 in too; the quit and under-pledged nodes never
      const lax = await eligible(f, 0, 6, SIZE - 1n, EXPIRY - 1n);
      expect(lax.nodes).to.deep.equal([f.n[0], f.n[2], f.n[3], f.n[5]]);
      expect(lax.infos).to.deep.equal(await Promise.all(lax.nodes.map((a) => nodeOf(f, a))));
    });

    it("returns empty arrays for an offset at or past the end, or a zero limit", async () => {
      const f = await loadFixture(mixedNodes);
      const cases: [bigint | number, bigint | number][] = [
        [6, 10], [7, 1], [6, ethers.MaxUint256], [ethers.MaxUint256, 1], [ethers.MaxUint256, ethers.MaxUint256], [0, 0],
      ];
      for (const [off, lim] of cases) {
        expect(await eligible(f, off, lim), `offset ${off} limit ${lim}`).to.deep.equal({ nodes: [], infos: [] });
      }
    });

    it("does not overflow on limit = type(uint256).max, which reads to the end of the list", async () => {
      const f = await loadFixture(mixedNodes);
      const all = await eligible(f, 0, ethers.MaxUint256);
      expect(all.nodes).to.deep.equal([f.n[0], f.n[5]]);
      expect(all.infos).to.deep.equal([await nodeOf(f, f.n[0]), await nodeOf(f, f.n[5])]);
      expect((await eligible(f, 1, ethers.MaxUint256)).nodes).to.deep.equal([f.n[5]]);
      expect((await eligible(f, 5, ethers.MaxUint256)).nodes).to.deep.equal([f.n[5]]);
    });

    it("finds the one eligible node at index 139 of 150 by paging with limit 100", async () => {
      const f = await loadFixture(manyNodes);
      expect(await f.registry.nodeCount()).to.equal(150n);
      expect((await f.registry.nodesPage(139, 1))[0]).to.deep.equal([f.target]);
      const [listed] = await f.registry.nodesPage(0, ethers.MaxUint256);
      const flags = await Promise.all(listed.map((a) => f.registry.isEligible(a, SIZE, EXPIRY)));
      expect(listed.filter((_, i) => flags[i])).to.deep.equal([f.target]);

      const first = await eligible(f, 0, 100);
      expect(first).to.deep.equal({ nodes: [], infos: [] });
      const second = await eligible(f, 100, 100);
      expect(second.nodes).to.deep.equal([f.target]);
      expect(second.infos).to.deep.equal([await nodeOf(f, f.target)]);
      expect(await eligible(f, 200, 100)).to.deep.equal({ nodes: [], infos: [] });
    });

    /**
     * 150 nodes, none eligible for (SIZE, EXPIRY): even ones offer less than SIZE, odd ones serve until
     * one block before EXPIRY. Then the node that landed at index 139 updates to become eligible (an
     * update keeps its place; sending the registrations together does not fix who lands where).
     */
    async function manyNodes() {
      const f = await deployFixture();
      const registry = await f.registry.getAddress();
      const wallets = Array.from({ length: 150 }, () => ethers.Wallet.createRandom().connect(ethers.provider));
      await Promise.all(wallets.map((w) => ethers.provider.send("hardhat_setBalance", [w.address, ethers.toQuantity(E18)])));
      // A block per transaction is much of the cost of 450 of them: queue them with automine off and
      // mine them in a few blocks. Nonces, gas limits and prices are set because estimates would run on
      // a state without the queued transactions (a register before its approve would revert).
      const { gasPrice } = await ethers.provider.getFeeData();
      const { chainId } = await ethers.provider.getNetwork();
      const fee = { gasPrice, chainId };
      const mineQueued = async () => {
        while ((await ethers.provider.send("eth_getBlockByNumber", ["pending", false])).transactions.length > 0) await mine(1);
      };
      await network.provider.send("evm_setAutomine", [false]);
      try {
        // The admin's nonces are assigned by the node. Mined first: the wallets' transactions might
        // outbid them for a place in the block and register before holding the pledge.
        const mints = await Promise.all(wallets.map((w) => f.token.mint(w.address, 1_000n * E18, { gasLimit: 100_000 })));
        await mineQueued();
        const sent = await Promise.all(wallets.flatMap((w, i) => {
          const [volume, serviceTime] = i % 2 === 0 ? [SIZE - 1n, SERVICE_TIME] : [NODE_VOLUME, EXPIRY - 1n];
          return [
            f.token.connect(w).approve(registry, ethers.MaxUint256, { ...fee, nonce: 0, gasLimit: 100_000 }),
            f.registry.connect(w).register(HOST(i), volume, serviceTime, { ...fee, nonce: 1, gasLimit: 500_000 }),
          ];
        }));
        await mineQueued();
        await Promise.all([...mints, ...sent].map((tx) => tx.wait())); // throws on a reverted one
      } finally {
        await network.provider.send("evm_setAutomine", [true]);
      }
      const [[target]] = await f.registry.nodesPage(139, 1);
      const wallet = wallets.find((w) => w.address === target)!;
      await f.registry.connect(wallet).update("/ip4/10.0.0.139/tcp/4001", NODE_VOLUME, SERVICE_TIME);
      return { ...f, target };
    }
  });

  describe("through the real ledger and verifier", () => {
    it("an offer allocates nothing; accepting allocates the deal's size; deleting releases; then the node can withdraw", async () => {
      const f = await loadFixture(deployFixture);
      const [n0, n1] = await registerNodes(f, 2);
      const file = makeFile(randomBytes(5000, "reg-alloc"));
      const store = await storeFile(f, file, [n0, n1]);
      await expect(store).to.not.emit(f.registry, "VolumeAllocated");
      expect((await nodeOf(f, n0)).restVolume).to.equal(NODE_VOLUME);
      const dealId = await dealIdOf(file, f.owner);
      const expiry = BigInt(file.option.expiredHeight);
      for (const n of [n0, n1]) {
        await expect(acceptWhenOpen(f, dealId, n)).to.emit(f.registry, "VolumeAllocated").withArgs(n.address, 5000n, NODE_VOLUME - 5000n, 1n);
        const info = await nodeOf(f, n);
        expect([info.restVolume, info.liveFiles, info.maxFileExpiry]).to.deep.equal([NODE_VOLUME - 5000n, 1n, expiry]);
      }

      // the service time may not drop below the deal's expiry
      await expect(f.registry.connect(n0).update(HOST(0), NODE_VOLUME, expiry - 1n))
        .to.be.revertedWithCustomError(f.registry, "ServiceTimeTooShort").withArgs(expiry - 1n, expiry);
      // nor the volume below the bytes it holds
      await expect(f.registry.connect(n0).update(HOST(0), 4999n, SERVICE_TIME))
        .to.be.revertedWithCustomError(f.registry, "VolumeBelowUsed").withArgs(4999n, 5000n);

      // a quit node keeps its deal and cannot withdraw yet; the ledger can still release it
      await f.registry.connect(n0).unregister();
      await expect(f.registry.connect(n0).withdraw())
        .to.be.revertedWithCustomError(f.registry, "NodeHasLiveFiles").withArgs(n0.address, 1n);
      const del = f.ledger.connect(f.owner).deleteFiles([dealId]);
      await expect(del).to.emit(f.registry, "VolumeReleased").withArgs(n0.address, 5000n, NODE_VOLUME, 0n);
      await expect(del).to.emit(f.registry, "VolumeReleased").withArgs(n1.address, 5000n, NODE_VOLUME, 0n);
      await expect(f.registry.connect(n0).withdraw())
        .to.changeTokenBalances(f.token, [n0, f.registry], [400n * E18, -400n * E18]);
    });

    it("the ledger refuses an unregistered node as an offered node", async () => {
      const f = await loadFixture(deployFixture);
      const [n0] = await registerNodes(f, 1);
      await f.registry.connect(n0).unregister();
      const file = makeFile(randomBytes(100, "reg-quit"), { copyNum: 0 });
      await expect(storeFile(f, file, [n0]))
        .to.be.revertedWithCustomError(f.ledger, "NodeNotEligible").withArgs(n0.address);
    });

    it("a missed period slashes slashAmount(bytes held) split reporter/treasury; the node takes no new deal until it tops up", async () => {
      const f = await loadFixture(deployFixture);
      const [n0] = await registerNodes(f, 1);
      const file = makeFile(randomBytes(2000, "reg-slash"), { copyNum: 0 });
      const dealId = await storeAccepted(f, file, [n0]);
      // offered before the fault, to be accepted after it
      const pending = makeFile(randomBytes(300, "reg-slash-pending"), { copyNum: 0 });
      await storeFile(f, pending, [n0]);
      await missWindow(f, n0);
      const amount = await f.registry.slashAmount(2000n);
      expect(amount).to.equal(MIN_SLASH);
      const toReporter = (amount * SHARE_BPS) / 10_000n;

      const tx = f.verifier.connect(f.reporter).reportMissed(n0.address);
      await expect(tx).to.emit(f.registry, "NodeSlashed")
        .withArgs(n0.address, f.reporter.address, amount, toReporter, 400n * E18 - amount);
      // the fault alone releases nothing: the deal stays with the node until someone recovers it
      await expect(tx).to.not.emit(f.registry, "VolumeReleased");
      await expect(tx).to.changeTokenBalances(
        f.token, [f.registry, f.reporter, f.admin, n0], [-amount, toReporter, amount - toReporter, 0n]);
      expect(await f.registry.isEligible(n0.address, 1n, 1n)).to.equal(false);

      // under its requirement the node can neither be offered a deal nor accept one offered before
      const next = makeFile(randomBytes(100, "reg-slash-2"), { copyNum: 0 });
      await expect(storeFile(f, next, [n0]))
        .to.be.revertedWithCustomError(f.ledger, "NodeNotEligible").withArgs(n0.address);
      await expect(f.ledger.connect(n0).acceptDeal(await dealIdOf(pending, f.owner)))
        .to.be.revertedWithCustomError(f.registry, "PledgeTooLow").withArgs(n0.address, 400n * E18 - amount, 400n * E18);
      await f.registry.connect(n0).addPledge(amount);
      await expect(acceptWhenOpen(f, await dealIdOf(pending, f.owner), n0))
        .to.emit(f.registry, "VolumeAllocated").withArgs(n0.address, 300n, NODE_VOLUME - 2300n, 2n);
      // recovering the missed deal frees its bytes, without a second slash
      const trees = await piecesOf(f, n0, [file, pending]);
      const recover = f.ledger.connect(f.reporter).recover(dealId, n0.address);
      await expect(recover).to.emit(f.registry, "VolumeReleased").withArgs(n0.address, 2000n, NODE_VOLUME - 300n, 1n);
      await expect(recover).to.not.emit(f.registry, "NodeSlashed");
      // topped up and proving again, it is offered and accepts new deals
      await storeFile(f, next, [n0]);
      // (released inside the frozen range, the recovered piece is still challenged through this period)
      await proveNow(f, n0, trees);
      await expect(acceptWhenOpen(f, await dealIdOf(next, f.owner), n0))
        .to.emit(f.registry, "VolumeAllocated").withArgs(n0.address, 100n, NODE_VOLUME - 400n, 2n);
    });

    it("slashes in proportion to the bytes at stake above the floor", async () => {
      const f = await loadFixture(deployFixture);
      const [n0] = await registerNodes(f, 1);
      // 20 MB: 1.86 DSP at 100 DSP per GiB, above the 1 DSP floor (the bytes need not be real to be slashed for)
      const size = 20_000_000n;
      const file = makeFile(randomBytes(64, "reg-big"), { copyNum: 0, fileSize: size });
      await storeAccepted(f, file, [n0]);
      await missWindow(f, n0);
      const amount = ceilPledge(size);
      expect(amount).to.be.greaterThan(MIN_SLASH);
      expect(await f.registry.slashAmount(size)).to.equal(amount);
      await expect(f.verifier.connect(f.reporter).reportMissed(n0.address)).to.emit(f.registry, "NodeSlashed")
        .withArgs(n0.address, f.reporter.address, amount, (amount * SHARE_BPS) / 10_000n, 400n * E18 - amount);
    });
  });
});
