import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { AbiCoder, Signature, ZeroAddress, keccak256, toUtf8Bytes, type BytesLike } from "ethers";
import {
  deployFixture, registerNodes, makeFile, storeAccepted, acceptWhenOpen, missWindow, govern, randomBytes, E18,
} from "./helpers/dsp";
import { DEVNET_PARAMS } from "../scripts/lib/deploy-dsp";
import { ScanRegistry__factory } from "../typechain-types";

/**
 * ScanRegistry: SCAN/DNS node membership with a pledge, and challenges of signed SCAN answers
 * against FileLedger and DNSRegistry. Signatures here come from the signers' eth_signTypedData_v4,
 * independently of node/ledger/src/scan-claims.ts (whose own tests check it against this contract).
 */
const P = DEVNET_PARAMS.scan;
const MIN = P.minPledge;
const NOTICE = P.quitNoticeBlocks;
const SLASH = P.slashAmount;
const SHARE = BigInt(P.challengerShareBps);
const HOST = (i: number) => `/ip4/127.0.0.1/tcp/${5001 + i}/p2p/12D3KooWScan${i}`;
const NONE = 0n;
const ACTIVE = 1n;
const QUITTING = 2n;
const OWNER = 1;
const HOLDERS = 2;
const DNS = 3;
const abi = AbiCoder.defaultAbiCoder();
const CLAIM_TYPES = {
  ScanClaim: [
    { name: "kind", type: "uint8" },
    { name: "subject", type: "bytes32" },
    { name: "answerHash", type: "bytes32" },
    { name: "height", type: "uint64" },
  ],
};

interface Claim {
  kind: number;
  subject: string;
  answerHash: string;
  height: bigint;
}

async function scanFixture() {
  const f = await deployFixture();
  const s = await ethers.getSigners();
  const [scan0, scan1, scan2, outsider, challenger, treasury] = [s[14], s[15], s[16], s[17], s[18], s[19]];
  const scan = f.scanRegistry;
  await setParams(f, MIN, NOTICE, SLASH, Number(SHARE), treasury.address);
  for (const who of [scan0, scan1, scan2, outsider]) {
    await f.token.mint(who.address, 10_000n * E18);
    await f.token.connect(who).approve(await scan.getAddress(), ethers.MaxUint256);
  }
  return { ...f, scan, scan0, scan1, scan2, outsider, challenger, treasury };
}
type ScanFixture = Awaited<ReturnType<typeof scanFixture>>;

/** Governance's setParams: the deployment's SCAN registry takes it from the timelock only. */
function setParams(
  f: Awaited<ReturnType<typeof deployFixture>>, minPledge: bigint, notice: bigint, slash: bigint, shareBps: number, treasury: string,
) {
  const data = f.scanRegistry.interface.encodeFunctionData("setParams", [minPledge, notice, slash, shareBps, treasury]);
  return govern(f, f.scanRegistry, data);
}

/**
 * Two registered SCAN nodes, a deal accepted by two FS nodes (a third is its candidate) and a live DNS
 * name. File claims are about the deal id (keccak256(abi.encode(owner, fileHash))).
 */
async function claimsFixture() {
  const f = await scanFixture();
  await f.scan.connect(f.scan0).register(HOST(0), 2n * MIN);
  await f.scan.connect(f.scan1).register(HOST(1), 2n * MIN);
  const fsNodes = await registerNodes(f, 3);
  const file = makeFile(randomBytes(4096, "scan-claims"), { copyNum: 1 });
  const deal = await storeAccepted(f, file, fsNodes.slice(0, 2), [fsNodes[2]]);
  await f.token.connect(f.other).approve(await f.dns.getAddress(), ethers.MaxUint256);
  await f.dns.connect(f.other).registerUrl(2, "", "movies", "dsp://file?hash=1", "", 0n);
  const name = keccak256(toUtf8Bytes("dsp://movies"));
  const height = BigInt(await ethers.provider.getBlockNumber());
  return { ...f, fsNodes, file, deal, name, height };
}
type ClaimsFixture = Awaited<ReturnType<typeof claimsFixture>>;

const ownerAnswer = (owner: string) => abi.encode(["address"], [owner]);
const holdersAnswer = (holders: string[]) =>
  abi.encode(["address[]"], [[...holders].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))]);
const dnsAnswer = (resolves: boolean, owner = ZeroAddress, link = "") =>
  abi.encode(["bool", "address", "string"], [resolves, owner, link]);

function claimOf(kind: number, subject: string, answer: BytesLike, height: bigint): Claim {
  return { kind, subject, answerHash: keccak256(answer), height };
}

async function sign(f: ScanFixture, signer: HardhatEthersSigner, claim: Claim) {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "DSP ScanRegistry", version: "1", chainId, verifyingContract: await f.scan.getAddress() };
  return signer.signTypedData(domain, CLAIM_TYPES, claim);
}

/** Signs `answer` as `signer` and returns what challenge() takes. */
async function signed(f: ScanFixture, signer: HardhatEthersSigner, kind: number, subject: string, answer: string, height: bigint) {
  const claim = claimOf(kind, subject, answer, height);
  return { claim, answer, signature: await sign(f, signer, claim), digest: await f.scan.claimDigest(claim) };
}

/** Balances and records a failed call must leave alone. */
async function snapshot(f: ScanFixture) {
  const who = [f.scan0, f.scan1, f.scan2, f.outsider, f.challenger, f.treasury];
  return {
    balances: await Promise.all([...who.map((w) => w.address), await f.scan.getAddress()].map((a) => f.token.balanceOf(a))),
    nodes: await Promise.all(who.map(async (w) => (await f.scan.getScanNode(w.address)).toString())),
    count: await f.scan.scanNodeCount(),
  };
}

async function expectUnchanged(f: ScanFixture, action: () => Promise<unknown>) {
  const before = await snapshot(f);
  await action();
  expect(await snapshot(f)).to.deep.equal(before);
}

async function nextBlock(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber()) + 1n;
}

describe("ScanRegistry", () => {
  describe("deployment and parameters", () => {
    it("starts with the deploy parameters, reads the ledger and DNS registry, and has no node", async () => {
      const f = await loadFixture(deployFixture);
      const r = f.scanRegistry;
      // governance is the timelock's; the deployer kept no role
      expect(await r.hasRole(await r.GOVERNANCE_ROLE(), await f.timelock.getAddress())).to.equal(true);
      expect(await r.hasRole(await r.GOVERNANCE_ROLE(), f.admin.address)).to.equal(false);
      expect(await r.hasRole(await r.DEFAULT_ADMIN_ROLE(), f.admin.address)).to.equal(false);
      expect(await r.token()).to.equal(await f.token.getAddress());
      expect(await r.fileLedger()).to.equal(await f.ledger.getAddress());
      expect(await r.dnsRegistry()).to.equal(await f.dns.getAddress());
      expect(await r.minPledge()).to.equal(MIN);
      expect(await r.quitNoticeBlocks()).to.equal(NOTICE);
      expect(await r.slashAmount()).to.equal(SLASH);
      expect(await r.challengerShareBps()).to.equal(SHARE);
      expect(await r.treasury()).to.equal(f.admin.address);
      expect(await r.scanNodeCount()).to.equal(0n);
      const [, name, version, chainId, verifyingContract] = await r.eip712Domain();
      expect([name, version, chainId, verifyingContract]).to.deep.equal(["DSP ScanRegistry", "1", 31337n, await r.getAddress()]);
    });

    it("refuses zero addresses and invalid parameters at deployment", async () => {
      const f = await loadFixture(deployFixture);
      const factory = new ScanRegistry__factory(f.admin);
      const [token, ledger, dns] = [await f.token.getAddress(), await f.ledger.getAddress(), await f.dns.getAddress()];
      await expect(factory.deploy(ZeroAddress, token, ledger, dns, f.admin.address, MIN, NOTICE, SLASH, 5000))
        .to.be.revertedWithCustomError(f.scanRegistry, "ZeroAddress");
      await expect(factory.deploy(f.admin.address, token, ZeroAddress, dns, f.admin.address, MIN, NOTICE, SLASH, 5000))
        .to.be.revertedWithCustomError(f.scanRegistry, "ZeroAddress");
      await expect(factory.deploy(f.admin.address, token, ledger, dns, f.admin.address, MIN, NOTICE, SLASH, 10_001))
        .to.be.revertedWithCustomError(f.scanRegistry, "InvalidParams");
    });

    it("lets governance (the timelock) set the parameters and refuses invalid ones or other callers", async () => {
      const f = await loadFixture(scanFixture);
      await expect(setParams(f, 5n, 7n, 3n, 10_000, f.treasury.address))
        .to.emit(f.scan, "ScanParamsSet").withArgs(5n, 7n, 3n, 10_000, f.treasury.address);
      expect(await f.scan.quitNoticeBlocks()).to.equal(7n);
      for (const bad of [
        [0n, 7n, 3n, 0, f.treasury.address], [5n, 0n, 3n, 0, f.treasury.address], [5n, 7n, 0n, 0, f.treasury.address],
        [5n, 7n, 3n, 10_001, f.treasury.address], [5n, 7n, 3n, 0, ZeroAddress],
      ] as const) {
        await expect(setParams(f, bad[0], bad[1], bad[2], bad[3], bad[4])).to.be.revertedWithCustomError(f.scan, "InvalidParams");
      }
      const gov = await f.scan.GOVERNANCE_ROLE();
      for (const who of [f.outsider, f.admin]) {
        await expect(f.scan.connect(who).setParams(5n, 7n, 3n, 0, f.treasury.address))
          .to.be.revertedWithCustomError(f.scan, "AccessControlUnauthorizedAccount").withArgs(who.address, gov);
      }
      expect(await f.scan.minPledge()).to.equal(5n);
    });
  });

  describe("membership", () => {
    it("registers a node: pulls the pledge, records it as an active member and lists it", async () => {
      const f = await loadFixture(scanFixture);
      const before = await f.token.balanceOf(f.scan0.address);
      const tx = f.scan.connect(f.scan0).register(HOST(0), MIN + 1n);
      await expect(tx).to.emit(f.scan, "ScanNodeRegistered").withArgs(f.scan0.address, HOST(0), MIN + 1n);
      const at = (await (await tx).wait())!.blockNumber;
      expect(await f.token.balanceOf(f.scan0.address)).to.equal(before - MIN - 1n);
      expect(await f.token.balanceOf(await f.scan.getAddress())).to.equal(MIN + 1n);
      const n = await f.scan.getScanNode(f.scan0.address);
      expect([n.hostAddr, n.pledge, n.registeredAt, n.quitAt, n.withdrawableAt, n.status])
        .to.deep.equal([HOST(0), MIN + 1n, BigInt(at), 0n, 0n, ACTIVE]);
      expect(await f.scan.isMember(f.scan0.address)).to.equal(true);
      expect(await f.scan.isMember(f.scan1.address)).to.equal(false);
      expect(await f.scan.scanNodeCount()).to.equal(1n);
      expect((await f.scan.getScanNode(f.scan1.address)).status).to.equal(NONE);
    });

    it("refuses a second registration, an empty or long address, a small pledge or no allowance, and changes nothing", async () => {
      const f = await loadFixture(scanFixture);
      await f.scan.connect(f.scan0).register(HOST(0), MIN);
      await expectUnchanged(f, async () => {
        await expect(f.scan.connect(f.scan0).register(HOST(9), MIN))
          .to.be.revertedWithCustomError(f.scan, "ScanNodeAlreadyRegistered").withArgs(f.scan0.address);
        await expect(f.scan.connect(f.scan1).register("", MIN)).to.be.revertedWithCustomError(f.scan, "EmptyHostAddr");
        await expect(f.scan.connect(f.scan1).register("x".repeat(257), MIN))
          .to.be.revertedWithCustomError(f.scan, "HostAddrTooLong").withArgs(257n, 256n);
        await expect(f.scan.connect(f.scan1).register(HOST(1), MIN - 1n))
          .to.be.revertedWithCustomError(f.scan, "PledgeTooSmall").withArgs(MIN - 1n, MIN);
        await f.token.connect(f.scan2).approve(await f.scan.getAddress(), MIN - 1n);
        await expect(f.scan.connect(f.scan2).register(HOST(2), MIN))
          .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance");
      });
      await f.scan.connect(f.scan0).quit();
      await expect(f.scan.connect(f.scan0).register(HOST(0), MIN))
        .to.be.revertedWithCustomError(f.scan, "ScanNodeAlreadyRegistered");
      expect(await f.scan.connect(f.scan1).register("x".repeat(256), MIN)).to.emit(f.scan, "ScanNodeRegistered");
    });

    it("updates an active node's address, and refuses bad addresses, unknown or quitting nodes", async () => {
      const f = await loadFixture(scanFixture);
      await f.scan.connect(f.scan0).register(HOST(0), MIN);
      await expect(f.scan.connect(f.scan0).update(HOST(7))).to.emit(f.scan, "ScanNodeUpdated").withArgs(f.scan0.address, HOST(7));
      expect((await f.scan.getScanNode(f.scan0.address)).hostAddr).to.equal(HOST(7));
      await expectUnchanged(f, async () => {
        await expect(f.scan.connect(f.scan0).update("")).to.be.revertedWithCustomError(f.scan, "EmptyHostAddr");
        await expect(f.scan.connect(f.scan0).update("x".repeat(300))).to.be.revertedWithCustomError(f.scan, "HostAddrTooLong");
        await expect(f.scan.connect(f.scan1).update(HOST(1)))
          .to.be.revertedWithCustomError(f.scan, "ScanNodeNotRegistered").withArgs(f.scan1.address);
      });
      await f.scan.connect(f.scan0).quit();
      await expect(f.scan.connect(f.scan0).update(HOST(8)))
        .to.be.revertedWithCustomError(f.scan, "ScanNodeNotActive").withArgs(f.scan0.address, QUITTING);
    });

    it("adds pledge, and refuses zero, unknown or quitting nodes", async () => {
      const f = await loadFixture(scanFixture);
      await f.scan.connect(f.scan0).register(HOST(0), MIN);
      await expect(f.scan.connect(f.scan0).addPledge(5n)).to.emit(f.scan, "ScanPledgeAdded").withArgs(f.scan0.address, 5n, MIN + 5n);
      expect(await f.token.balanceOf(await f.scan.getAddress())).to.equal(MIN + 5n);
      await expectUnchanged(f, async () => {
        await expect(f.scan.connect(f.scan0).addPledge(0n)).to.be.revertedWithCustomError(f.scan, "ZeroAmount");
        await expect(f.scan.connect(f.scan1).addPledge(5n)).to.be.revertedWithCustomError(f.scan, "ScanNodeNotRegistered");
      });
      await f.scan.connect(f.scan0).quit();
      await expect(f.scan.connect(f.scan0).addPledge(5n)).to.be.revertedWithCustomError(f.scan, "ScanNodeNotActive");
    });

    it("reduces pledge down to the minimum and no further", async () => {
      const f = await loadFixture(scanFixture);
      await f.scan.connect(f.scan0).register(HOST(0), MIN + 10n);
      const before = await f.token.balanceOf(f.scan0.address);
      await expectUnchanged(f, async () => {
        await expect(f.scan.connect(f.scan0).reducePledge(11n))
          .to.be.revertedWithCustomError(f.scan, "PledgeBelowMinimum").withArgs(MIN + 10n, 11n, MIN);
        await expect(f.scan.connect(f.scan0).reducePledge(MIN + 11n))
          .to.be.revertedWithCustomError(f.scan, "PledgeBelowMinimum").withArgs(MIN + 10n, MIN + 11n, MIN);
        await expect(f.scan.connect(f.scan0).reducePledge(0n)).to.be.revertedWithCustomError(f.scan, "ZeroAmount");
        await expect(f.scan.connect(f.scan1).reducePledge(1n)).to.be.revertedWithCustomError(f.scan, "ScanNodeNotRegistered");
      });
      await expect(f.scan.connect(f.scan0).reducePledge(10n)).to.emit(f.scan, "ScanPledgeReduced").withArgs(f.scan0.address, 10n, MIN);
      expect(await f.token.balanceOf(f.scan0.address)).to.equal(before + 10n);
      await f.scan.connect(f.scan0).quit();
      await expect(f.scan.connect(f.scan0).reducePledge(1n)).to.be.revertedWithCustomError(f.scan, "ScanNodeNotActive");
    });

    for (const how of ["quit", "unregister"] as const) {
      it(`${how} ends membership at once and starts the notice period; withdraw returns the pledge after it`, async () => {
        const f = await loadFixture(scanFixture);
        await f.scan.connect(f.scan0).register(HOST(0), MIN + 3n);
        const quitAt = await nextBlock();
        await expect(f.scan.connect(f.scan0)[how]())
          .to.emit(f.scan, "ScanNodeQuit").withArgs(f.scan0.address, quitAt, quitAt + NOTICE);
        expect(await f.scan.isMember(f.scan0.address)).to.equal(false);
        const n = await f.scan.getScanNode(f.scan0.address);
        expect([n.status, n.quitAt, n.withdrawableAt, n.pledge]).to.deep.equal([QUITTING, quitAt, quitAt + NOTICE, MIN + 3n]);
        expect(await f.scan.scanNodeCount()).to.equal(1n);
        await expect(f.scan.connect(f.scan0).quit()).to.be.revertedWithCustomError(f.scan, "ScanNodeNotActive");
        await expect(f.scan.connect(f.scan0).unregister()).to.be.revertedWithCustomError(f.scan, "ScanNodeNotActive");

        // the last block of the notice period still refuses
        await mine(quitAt + NOTICE - 1n - (await nextBlock()));
        await expectUnchanged(f, () =>
          expect(f.scan.connect(f.scan0).withdraw())
            .to.be.revertedWithCustomError(f.scan, "NoticePeriodNotOver").withArgs(f.scan0.address, quitAt + NOTICE, quitAt + NOTICE - 1n));
        const before = await f.token.balanceOf(f.scan0.address);
        await expect(f.scan.connect(f.scan0).withdraw()).to.emit(f.scan, "ScanNodeWithdrawn").withArgs(f.scan0.address, MIN + 3n);
        expect(await f.token.balanceOf(f.scan0.address)).to.equal(before + MIN + 3n);
        expect((await f.scan.getScanNode(f.scan0.address)).status).to.equal(NONE);
        expect(await f.scan.scanNodeCount()).to.equal(0n);
        await expect(f.scan.connect(f.scan0).withdraw()).to.be.revertedWithCustomError(f.scan, "ScanNodeNotRegistered");
        await expect(f.scan.connect(f.scan0).register(HOST(0), MIN)).to.emit(f.scan, "ScanNodeRegistered");
      });
    }

    it("refuses withdraw by an active or unknown node, and quit by an unknown one", async () => {
      const f = await loadFixture(scanFixture);
      await f.scan.connect(f.scan0).register(HOST(0), MIN);
      await expectUnchanged(f, async () => {
        await expect(f.scan.connect(f.scan0).withdraw()).to.be.revertedWithCustomError(f.scan, "ScanNodeStillActive").withArgs(f.scan0.address);
        await expect(f.scan.connect(f.scan1).withdraw()).to.be.revertedWithCustomError(f.scan, "ScanNodeNotRegistered");
        await expect(f.scan.connect(f.scan1).quit()).to.be.revertedWithCustomError(f.scan, "ScanNodeNotRegistered");
        await expect(f.scan.connect(f.scan1).unregister()).to.be.revertedWithCustomError(f.scan, "ScanNodeNotRegistered");
      });
    });

    it("keeps a running notice period when governance changes it", async () => {
      const f = await loadFixture(scanFixture);
      await f.scan.connect(f.scan0).register(HOST(0), MIN);
      await f.scan.connect(f.scan0).quit();
      const { withdrawableAt } = await f.scan.getScanNode(f.scan0.address);
      await setParams(f, MIN, NOTICE * 100n, SLASH, Number(SHARE), f.treasury.address);
      await mine(withdrawableAt - (await nextBlock()) + 1n);
      await expect(f.scan.connect(f.scan0).withdraw()).to.emit(f.scan, "ScanNodeWithdrawn");
    });

    it("pages through the records, with swap-and-pop after a withdrawal", async () => {
      const f = await loadFixture(scanFixture);
      for (const [i, s] of [f.scan0, f.scan1, f.scan2].entries()) await f.scan.connect(s).register(HOST(i), MIN);
      const page = async (o: bigint, l: bigint) => (await f.scan.scanNodesPage(o, l))[0];
      expect(await page(0n, 2n)).to.deep.equal([f.scan0.address, f.scan1.address]);
      expect(await page(2n, 2n)).to.deep.equal([f.scan2.address]);
      expect(await page(3n, 2n)).to.deep.equal([]);
      expect(await page(1n, ethers.MaxUint256)).to.deep.equal([f.scan1.address, f.scan2.address]);
      // limit = max means "to the end" (no overflow); an offset at or past the end gives nothing
      expect(await page(0n, ethers.MaxUint256)).to.deep.equal([f.scan0.address, f.scan1.address, f.scan2.address]);
      expect(await page(3n, ethers.MaxUint256)).to.deep.equal([]);
      expect(await page(4n, 1n)).to.deep.equal([]);
      expect(await page(ethers.MaxUint256, 1n)).to.deep.equal([]);
      expect(await page(ethers.MaxUint256, ethers.MaxUint256)).to.deep.equal([]);
      expect((await f.scan.scanNodesPage(3n, ethers.MaxUint256))[1]).to.deep.equal([]);
      const [, infos] = await f.scan.scanNodesPage(0n, 3n);
      expect(infos.map((i) => i.hostAddr)).to.deep.equal([HOST(0), HOST(1), HOST(2)]);
      const [, maxInfos] = await f.scan.scanNodesPage(1n, ethers.MaxUint256);
      expect(maxInfos.map((i) => i.hostAddr)).to.deep.equal([HOST(1), HOST(2)]);
      await f.scan.connect(f.scan0).quit();
      expect(await page(0n, 3n)).to.have.length(3); // quitting nodes stay listed until they withdraw
      await mine(NOTICE);
      await f.scan.connect(f.scan0).withdraw();
      expect(await page(0n, 10n)).to.deep.equal([f.scan2.address, f.scan1.address]);
    });
  });

  describe("challenges", () => {
    /** Challenges as `f.challenger` and checks the money: reward to the challenger, the rest to the treasury. */
    async function expectSlashed(f: ClaimsFixture, node: HardhatEthersSigner, s: Awaited<ReturnType<typeof signed>>) {
      const pledge = (await f.scan.getScanNode(node.address)).pledge;
      const [c0, t0, r0] = await Promise.all([f.challenger.address, f.treasury.address, f.scan.getAddress()].map((a) => f.token.balanceOf(a)));
      const slash = await f.scan.slashAmount();
      const amount = slash < pledge ? slash : pledge;
      const reward = (amount * SHARE) / 10_000n;
      await expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
        .to.emit(f.scan, "ScanNodeSlashed").withArgs(node.address, f.challenger.address, s.digest, amount, reward, pledge - amount);
      expect(await f.token.balanceOf(f.challenger.address)).to.equal(c0 + reward);
      expect(await f.token.balanceOf(f.treasury.address)).to.equal(t0 + amount - reward);
      expect(await f.token.balanceOf(await f.scan.getAddress())).to.equal(r0 - amount);
      expect((await f.scan.getScanNode(node.address)).pledge).to.equal(pledge - amount);
      expect(await f.scan.isSlashed(node.address, s.digest)).to.equal(true);
      // exactly once
      await expectUnchanged(f, () =>
        expect(f.scan.connect(f.outsider).challenge(s.claim, s.answer, s.signature))
          .to.be.revertedWithCustomError(f.scan, "ClaimAlreadySlashed").withArgs(node.address, s.digest));
    }

    async function expectTrue(f: ClaimsFixture, s: Awaited<ReturnType<typeof signed>>) {
      await expectUnchanged(f, () =>
        expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
          .to.be.revertedWithCustomError(f.scan, "ClaimIsTrue").withArgs(s.digest));
    }

    describe("FILE_OWNER", () => {
      it("slashes a false owner exactly once, paying the challenger its share and the treasury the rest", async () => {
        const f = await loadFixture(claimsFixture);
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.other.address), f.height));
      });

      it("slashes 'no such file' for a stored file, and a made-up owner of a file that does not exist", async () => {
        const f = await loadFixture(claimsFixture);
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(ZeroAddress), f.height));
        await expectSlashed(f, f.scan1, await signed(f, f.scan1, OWNER, ethers.id("nothing"), ownerAnswer(f.owner.address), f.height));
      });

      it("refuses a true owner, and a true 'no such file'", async () => {
        const f = await loadFixture(claimsFixture);
        await expectTrue(f, await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.owner.address), f.height));
        await expectTrue(f, await signed(f, f.scan0, OWNER, ethers.id("nothing"), ownerAnswer(ZeroAddress), f.height));
      });

      it("judges a file's absence before it was stored, and refuses claims about heights before a deletion", async () => {
        const f = await loadFixture(claimsFixture);
        // Before the store the deal did not exist, but the store is a change after that height.
        const storedAt = (await f.ledger.getFileInfo(f.deal)).blockHeight;
        const early = storedAt - 1n;
        const s = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(ZeroAddress), early);
        await expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
          .to.be.revertedWithCustomError(f.scan, "ClaimNotCheckable").withArgs(OWNER, f.deal, early, storedAt);

        const lie = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        await f.ledger.connect(f.owner).deleteFiles([f.deal]);
        const deletedAt = BigInt(await ethers.provider.getBlockNumber());
        expect(await f.ledger.ownerSince(f.deal)).to.deep.equal([ZeroAddress, deletedAt]);
        await expectUnchanged(f, () =>
          expect(f.scan.connect(f.challenger).challenge(lie.claim, lie.answer, lie.signature))
            .to.be.revertedWithCustomError(f.scan, "ClaimNotCheckable").withArgs(OWNER, f.deal, f.height, deletedAt));
        // after the deletion, "no such file" is true and an owner is false
        await expectTrue(f, await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(ZeroAddress), deletedAt));
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.owner.address), deletedAt));
      });
    });

    describe("FILE_HOLDERS", () => {
      it("slashes a holder list with one missing, one extra, or one swapped for a candidate", async () => {
        const f = await loadFixture(claimsFixture);
        const [a, b, c] = f.fsNodes.map((n) => n.address);
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, HOLDERS, f.deal, holdersAnswer([a]), f.height));
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, HOLDERS, f.deal, holdersAnswer([a, b, c]), f.height));
        await expectSlashed(f, f.scan1, await signed(f, f.scan1, HOLDERS, f.deal, holdersAnswer([a, c]), f.height));
        await expectSlashed(f, f.scan1, await signed(f, f.scan1, HOLDERS, ethers.id("nothing"), holdersAnswer([a]), f.height));
      });

      it("refuses the true list (in ascending order) and an empty list for an unknown file", async () => {
        const f = await loadFixture(claimsFixture);
        const [a, b] = f.fsNodes.map((n) => n.address);
        await expectTrue(f, await signed(f, f.scan0, HOLDERS, f.deal, holdersAnswer([b, a]), f.height));
        await expectTrue(f, await signed(f, f.scan0, HOLDERS, ethers.id("nothing"), holdersAnswer([]), f.height));
      });

      it("refuses a list out of order or with a duplicate as malformed", async () => {
        const f = await loadFixture(claimsFixture);
        const [a, b] = f.fsNodes.map((n) => n.address).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
        for (const list of [[b, a], [a, a]]) {
          const s = await signed(f, f.scan0, HOLDERS, f.deal, abi.encode(["address[]"], [list]), f.height);
          await expectUnchanged(f, () =>
            expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
              .to.be.revertedWithCustomError(f.scan, "MalformedAnswer").withArgs(HOLDERS));
        }
      });

      it("refuses claims about heights before a holder was replaced, and judges the new list after", async () => {
        const f = await loadFixture(claimsFixture);
        const [a, b, c] = f.fsNodes.map((n) => n.address);
        const old = await signed(f, f.scan0, HOLDERS, f.deal, holdersAnswer([a]), f.height);
        // a misses a period; its slot is recovered and offered to the candidate c, who accepts
        await missWindow(f, f.fsNodes[0]);
        await f.verifier.connect(f.reporter).reportMissed(a);
        expect((await f.ledger.holdersSince(f.deal))[1], "a fault alone changes no holder").to.be.lessThan(f.height + 1n);
        await f.ledger.connect(f.reporter).recover(f.deal, a);
        const recoveredAt = BigInt(await ethers.provider.getBlockNumber());
        expect(await f.ledger.holdersSince(f.deal)).to.deep.equal([[b], recoveredAt]);
        await acceptWhenOpen(f, f.deal, f.fsNodes[2]);
        const changedAt = BigInt(await ethers.provider.getBlockNumber());
        expect((await f.ledger.holdersSince(f.deal))[1]).to.equal(changedAt);
        await expectUnchanged(f, () =>
          expect(f.scan.connect(f.challenger).challenge(old.claim, old.answer, old.signature))
            .to.be.revertedWithCustomError(f.scan, "ClaimNotCheckable").withArgs(HOLDERS, f.deal, f.height, changedAt));
        await expectTrue(f, await signed(f, f.scan0, HOLDERS, f.deal, holdersAnswer([b, c]), changedAt));
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, HOLDERS, f.deal, holdersAnswer([a, b]), changedAt));
        // the owner did not change with the holders
        await expectTrue(f, await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.owner.address), f.height));
      });
    });

    describe("DNS_RESOLUTION", () => {
      it("slashes a wrong link, a wrong owner, and 'does not resolve' for a live name", async () => {
        const f = await loadFixture(claimsFixture);
        const who = f.other.address;
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, DNS, f.name, dnsAnswer(true, who, "dsp://file?hash=2"), f.height));
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, DNS, f.name, dnsAnswer(true, f.owner.address, "dsp://file?hash=1"), f.height));
        await expectSlashed(f, f.scan1, await signed(f, f.scan1, DNS, f.name, dnsAnswer(false), f.height));
        await expectSlashed(f, f.scan1, await signed(f, f.scan1, DNS, keccak256(toUtf8Bytes("dsp://nobody")), dnsAnswer(true, who, "x"), f.height));
      });

      it("refuses the true resolution, and 'does not resolve' for an unknown name", async () => {
        const f = await loadFixture(claimsFixture);
        await expectTrue(f, await signed(f, f.scan0, DNS, f.name, dnsAnswer(true, f.other.address, "dsp://file?hash=1"), f.height));
        await expectTrue(f, await signed(f, f.scan0, DNS, keccak256(toUtf8Bytes("dsp://nobody")), dnsAnswer(false), f.height));
      });

      it("judges liveness at the claim's height: a name resolves until its ttl ends, with no transaction in between", async () => {
        const f = await loadFixture(claimsFixture);
        await f.dns.connect(f.other).registerUrl(2, "", "brief", "dsp://brief", "", 5n);
        const at = BigInt(await ethers.provider.getBlockNumber());
        const name = keccak256(toUtf8Bytes("dsp://brief"));
        await mine(10);
        const live = dnsAnswer(true, f.other.address, "dsp://brief");
        await expectTrue(f, await signed(f, f.scan0, DNS, name, live, at + 4n));
        await expectTrue(f, await signed(f, f.scan0, DNS, name, dnsAnswer(false), at + 5n));
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, DNS, name, live, at + 5n));
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, DNS, name, dnsAnswer(false), at + 4n));
      });

      it("refuses claims about heights before the name was updated or its header deleted", async () => {
        const f = await loadFixture(claimsFixture);
        const lie = await signed(f, f.scan0, DNS, f.name, dnsAnswer(false), f.height);
        await f.dns.connect(f.other).bindUrl("dsp", "movies", "dsp://file?hash=3");
        const boundAt = BigInt(await ethers.provider.getBlockNumber());
        await expectUnchanged(f, () =>
          expect(f.scan.connect(f.challenger).challenge(lie.claim, lie.answer, lie.signature))
            .to.be.revertedWithCustomError(f.scan, "ClaimNotCheckable").withArgs(DNS, f.name, f.height, boundAt));

        await f.dns.connect(f.other).registerHeader("films", "", (await nextBlock()) + 100n);
        await f.dns.connect(f.other).registerUrl(3, "films", "one", "dsp://one", "", 0n);
        const name = keccak256(toUtf8Bytes("films://one"));
        const before = BigInt(await ethers.provider.getBlockNumber());
        const live = dnsAnswer(true, f.other.address, "dsp://one");
        await expectTrue(f, await signed(f, f.scan0, DNS, name, live, before));
        const stale = await signed(f, f.scan0, DNS, name, dnsAnswer(false), before);
        await f.dns.connect(f.other).deleteHeader("films");
        const deletedAt = BigInt(await ethers.provider.getBlockNumber());
        await expect(f.scan.connect(f.challenger).challenge(stale.claim, stale.answer, stale.signature))
          .to.be.revertedWithCustomError(f.scan, "ClaimNotCheckable").withArgs(DNS, name, before, deletedAt);
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, DNS, name, live, deletedAt));
      });

      it("still slashes an answer after the name's owner changed nothing: the same link, owner or liveness keeps the claim checkable", async () => {
        const f = await loadFixture(claimsFixture);
        const since = (await f.dns.resolutionSince(f.name, f.height))[3];
        const lie = await signed(f, f.scan0, DNS, f.name, dnsAnswer(false), f.height);
        // what the name resolves to stays the same: the same link, a new description, a transfer to its owner
        await f.dns.connect(f.other).bindUrl("dsp", "movies", "dsp://file?hash=1");
        await f.dns.connect(f.other).updateUrl("dsp", "movies", "dsp://file?hash=1", "a new description", 0n);
        await f.dns.connect(f.other).transferUrl("dsp", "movies", f.other.address);
        expect((await f.dns.resolutionSince(f.name, f.height))[3]).to.equal(since);
        await expectSlashed(f, f.scan0, lie);
        // a live name given a ttl stays live at every finished block: still checkable
        const lie2 = await signed(f, f.scan1, DNS, f.name, dnsAnswer(false), BigInt(await ethers.provider.getBlockNumber()));
        await f.dns.connect(f.other).updateUrl("dsp", "movies", "dsp://file?hash=1", "", 1000n);
        expect((await f.dns.resolutionSince(f.name, f.height))[3]).to.equal(since);
        await expectSlashed(f, f.scan1, lie2);
        // a real change moves it
        await f.dns.connect(f.other).transferUrl("dsp", "movies", f.owner.address);
        expect((await f.dns.resolutionSince(f.name, f.height))[3]).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      });

      it("refuses non-canonical answers as malformed", async () => {
        const f = await loadFixture(claimsFixture);
        const good = dnsAnswer(true, f.other.address, "dsp://file?hash=1");
        const dirtyPad = good.slice(0, -2) + "01";
        const flag2 = "0x" + "0".repeat(63) + "2" + good.slice(66);
        for (const bad of [dnsAnswer(false, f.other.address, ""), dnsAnswer(false, ZeroAddress, "x"), dirtyPad, flag2, good.slice(0, 2 + 128 * 2 - 2)]) {
          const s = await signed(f, f.scan0, DNS, f.name, bad, f.height);
          await expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
            .to.be.revertedWithCustomError(f.scan, "MalformedAnswer").withArgs(DNS);
        }
      });
    });

    describe("refusals", () => {
      it("refuses a claim signed by an account that never registered, or that withdrew", async () => {
        const f = await loadFixture(claimsFixture);
        const s = await signed(f, f.outsider, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        await expectUnchanged(f, () =>
          expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
            .to.be.revertedWithCustomError(f.scan, "SignerNotScanNode").withArgs(f.outsider.address));
        const w = await signed(f, f.scan1, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        await f.scan.connect(f.scan1).quit();
        await mine(NOTICE);
        await f.scan.connect(f.scan1).withdraw();
        await expect(f.scan.connect(f.challenger).challenge(w.claim, w.answer, w.signature))
          .to.be.revertedWithCustomError(f.scan, "SignerNotScanNode").withArgs(f.scan1.address);
      });

      it("slashes a quitting node during its notice period", async () => {
        const f = await loadFixture(claimsFixture);
        const s = await signed(f, f.scan1, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        await f.scan.connect(f.scan1).quit();
        await expectSlashed(f, f.scan1, s);
      });

      it("refuses a tampered claim, a malformed or malleable signature", async () => {
        const f = await loadFixture(claimsFixture);
        const s = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        // the same signature over another answer recovers some other account
        const tampered = { ...s.claim, answerHash: keccak256(ownerAnswer(f.outsider.address)) };
        await expect(f.scan.connect(f.challenger).challenge(tampered, ownerAnswer(f.outsider.address), s.signature))
          .to.be.revertedWithCustomError(f.scan, "SignerNotScanNode");
        await expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature.slice(0, -2)))
          .to.be.revertedWithCustomError(f.scan, "BadClaimSignature").withArgs(2, ethers.toBeHex(64, 32));
        const sig = Signature.from(s.signature);
        const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
        const highS = ethers.concat([sig.r, ethers.toBeHex(n - BigInt(sig.s), 32), sig.v === 27 ? "0x1c" : "0x1b"]);
        await expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, highS))
          .to.be.revertedWithCustomError(f.scan, "BadClaimSignature").withArgs(3, ethers.toBeHex(n - BigInt(sig.s), 32));
        expect(await f.scan.isSlashed(f.scan0.address, s.digest)).to.equal(false);
      });

      it("refuses an answer that does not match the claim's hash, and unknown kinds", async () => {
        const f = await loadFixture(claimsFixture);
        const s = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        await expect(f.scan.connect(f.challenger).challenge(s.claim, ownerAnswer(f.outsider.address), s.signature))
          .to.be.revertedWithCustomError(f.scan, "AnswerHashMismatch").withArgs(s.claim.answerHash, keccak256(ownerAnswer(f.outsider.address)));
        for (const kind of [0, 4]) {
          const k = await signed(f, f.scan0, kind, f.deal, ownerAnswer(f.other.address), f.height);
          await expect(f.scan.connect(f.challenger).challenge(k.claim, k.answer, k.signature))
            .to.be.revertedWithCustomError(f.scan, "InvalidClaimKind").withArgs(kind);
        }
      });

      it("refuses a claim about the current or a future block", async () => {
        const f = await loadFixture(claimsFixture);
        const next = await nextBlock();
        const s = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.other.address), next);
        await expectUnchanged(f, () =>
          expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
            .to.be.revertedWithCustomError(f.scan, "FutureHeight").withArgs(next, next));
        // once that block is past, the same claim is judged
        await expectSlashed(f, f.scan0, s);
      });

      it("refuses a malformed owner answer", async () => {
        const f = await loadFixture(claimsFixture);
        for (const bad of ["0x" + "ff".repeat(32), "0x1234", ownerAnswer(f.other.address) + "00"]) {
          const s = await signed(f, f.scan0, OWNER, f.deal, bad, f.height);
          await expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
            .to.be.revertedWithCustomError(f.scan, "MalformedAnswer").withArgs(OWNER);
        }
      });
    });

    describe("slashing to the end", () => {
      it("takes at most the pledge, and a node below the minimum stops being a member", async () => {
        const f = await loadFixture(claimsFixture);
        await setParams(f, MIN, NOTICE, MIN + 1n, Number(SHARE), f.treasury.address);
        const s = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        const quitAt = await nextBlock();
        await expect(f.scan.connect(f.challenger).challenge(s.claim, s.answer, s.signature))
          .to.emit(f.scan, "ScanNodeQuit").withArgs(f.scan0.address, quitAt, quitAt + NOTICE);
        expect(await f.scan.isMember(f.scan0.address)).to.equal(false);
        expect((await f.scan.getScanNode(f.scan0.address)).pledge).to.equal(MIN - 1n);
        // the rest is taken by the next false claim, then there is nothing left to slash
        await expectSlashed(f, f.scan0, await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(ZeroAddress), f.height));
        expect((await f.scan.getScanNode(f.scan0.address)).pledge).to.equal(0n);
        const third = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.outsider.address), f.height);
        await expect(f.scan.connect(f.challenger).challenge(third.claim, third.answer, third.signature))
          .to.be.revertedWithCustomError(f.scan, "NothingToSlash").withArgs(f.scan0.address);
        await mine(NOTICE);
        await expect(f.scan.connect(f.scan0).withdraw()).to.emit(f.scan, "ScanNodeWithdrawn").withArgs(f.scan0.address, 0n);
      });

      it("slashes two signers of the same false claim separately", async () => {
        const f = await loadFixture(claimsFixture);
        const a = await signed(f, f.scan0, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        const b = await signed(f, f.scan1, OWNER, f.deal, ownerAnswer(f.other.address), f.height);
        expect(a.digest).to.equal(b.digest);
        await expectSlashed(f, f.scan0, a);
        await expectSlashed(f, f.scan1, b);
      });
    });
  });
});
