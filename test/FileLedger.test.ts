/**
 * FileLedger (ledger v2): deals keyed by (owner, File Hash), slots offered to nodes that accept, decline or
 * let them lapse, per-period pay from the node's proofs, recovery, deletion, expiry, governance.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  deployFixture, registerNodes, makeFile, storeFile, dealIdOf, missWindow, randomBytes, addrs, govern, NODE_VOLUME, SETTINGS,
} from "./helpers/dsp";
import {
  P, ACCEPT, NO_FAULT, Status, Reason, latest, mineTo, eventsOf, slotOf, deadlineOf, dealTrees, proveDeals, advance,
  storeDeal, acceptOpen,
} from "./helpers/deals";
import { FileLedger__factory } from "../typechain-types";

const FAR = 10_000_000n;

async function nodesFixture() {
  const f = await deployFixture();
  const n = await registerNodes(f, 4);
  return { ...f, n };
}

/** The fee formula of docs/fees.md, computed independently of the contract. */
function expectedFee(size: bigint, copyNum: bigint, expiry: bigint, height: bigint, s = SETTINGS) {
  const duration = expiry - height;
  const periods = duration / P;
  const kib = size === 0n ? 1n : (size + 1023n) / 1024n;
  const perSlot = kib * duration * BigInt(s.spacePrice) + periods * BigInt(s.proofFee);
  return { deposit: perSlot * (copyNum + 1n), perSlot, periods };
}

async function blockOf(tx: { wait(): Promise<{ blockNumber: number } | null> }) {
  return BigInt((await tx.wait())!.blockNumber);
}

describe("FileLedger", () => {
  describe("storeFile", () => {
    it("records the FileInfo, escrows the fee of the documented formula and offers a slot to each node, binding none", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(5000, "store"), { copyNum: 2, privilege: 2, encrypt: true, share: true, dnsUrl: "dsp://x" });
      const ownerBefore = await f.token.balanceOf(f.owner.address);
      const tx = await storeFile(f, file, f.n.slice(0, 3), [f.n[3]]);
      const height = await blockOf(tx);
      const fee = expectedFee(5000n, 2n, BigInt(file.option.expiredHeight), height);
      const dealId = await dealIdOf(file, f.owner);
      expect(dealId).to.equal(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [f.owner.address, file.fileHash])));

      const info = await f.ledger.getFileInfo(dealId);
      expect(info.fileHash).to.equal(file.fileHash);
      expect(info.owner).to.equal(f.owner.address);
      expect(info.deposit).to.equal(fee.deposit);
      expect(info.realFileSize).to.equal(5000n);
      expect(info.leafCount).to.equal(157n); // ceil(5000 / 32)
      expect(info.dataRoot).to.equal(file.commit.dataRoot);
      expect(info.blocksRoot).to.equal(file.commit.blocksRoot);
      expect(info.blockHeight).to.equal(height);
      expect(info.expiredHeight).to.equal(file.option.expiredHeight);
      expect(info.proveInterval).to.equal(20n);
      expect([info.privilege, info.copyNum, info.storageType]).to.deep.equal([2n, 2n, 1n]);
      expect([info.encrypted, info.share, info.validFlag]).to.deep.equal([true, true, true]);
      expect(ethers.toUtf8String(info.fileDesc)).to.equal("a test file");

      await expect(tx).to.emit(f.ledger, "FileStored")
        .withArgs(dealId, file.fileHash, f.owner.address, anyValue, await addrs(f.n.slice(0, 3)), [f.n[3].address], "dsp://x");
      for (const node of f.n.slice(0, 3)) {
        await expect(tx).to.emit(f.ledger, "SlotOffered").withArgs(dealId, node.address, height + ACCEPT, fee.perSlot);
        const n = await f.registry.getNode(node.address);
        expect([n.restVolume, n.liveFiles]).to.deep.equal([n.volume, 0n]);
        expect(await f.verifier.weightOf(node.address)).to.deep.equal([0n, 0n]);
      }
      await expect(tx).not.to.emit(f.ledger, "DealAccepted");
      expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerBefore - fee.deposit);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(fee.deposit);
      const [nodes, slots] = await f.ledger.holdersOf(dealId);
      expect(nodes).to.deep.equal(await addrs(f.n.slice(0, 3)));
      for (const s of slots) {
        expect([s.status, s.escrow, s.offeredUntil, s.rate]).to.deep.equal([Status.Offered, fee.perSlot, height + ACCEPT, 0n]);
      }
      expect(await f.ledger.candidatesOf(dealId)).to.deep.equal([f.n[3].address]);
      expect(await f.ledger.accessOf(dealId)).to.deep.equal([f.owner.address, 2n, true]);
      expect(await f.ledger.holdersSince(dealId)).to.deep.equal([[], height]);
      expect(await f.ledger.ownerSince(dealId)).to.deep.equal([f.owner.address, height]);
    });

    it("quotes with calcFee exactly the documented formula, and storeFile escrows it at its own height", async () => {
      const f = await loadFixture(nodesFixture);
      const height = await latest();
      const expiry = height + 500n;
      const [deposit, periods, perSlot] = await f.ledger.calcFee(1_000_000n, 1, expiry);
      const want = expectedFee(1_000_000n, 1n, expiry, height);
      expect([deposit, periods, perSlot]).to.deep.equal([want.deposit, want.periods, want.perSlot]);
      expect((await f.ledger.calcFee(0n, 0, expiry))[2]).to.equal(expectedFee(0n, 0n, expiry, height).perSlot);
      const file = makeFile(randomBytes(1000, "quote"));
      file.option.expiredHeight = expiry;
      const at = await blockOf(await storeFile(f, file, f.n.slice(0, 2)));
      expect((await f.ledger.getFileInfo(await dealIdOf(file, f.owner))).deposit).to.equal(expectedFee(1000n, 1n, expiry, at).deposit);
    });

    it("refuses to quote an expiry that leaves no whole period after the accept window", async () => {
      const f = await loadFixture(nodesFixture);
      const now = await latest();
      const min = now + ACCEPT + 2n * P;
      await expect(f.ledger.calcFee(100n, 0, min - 1n)).to.be.revertedWithCustomError(f.ledger, "ExpiryTooSoon").withArgs(min - 1n, min);
      expect((await f.ledger.calcFee(100n, 0, min))[1]).to.equal((ACCEPT + 2n * P) / P);
    });

    it("refuses a second live deal of the same owner for one File Hash (50005), not another owner's", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "dup"));
      await storeFile(f, file, f.n.slice(0, 2));
      const dealId = await dealIdOf(file, f.owner);
      file.option.expiredHeight = 0n;
      await expect(storeFile(f, file, f.n.slice(2, 4))).to.be.revertedWithCustomError(f.ledger, "FileAlreadyStored").withArgs(dealId);
      file.option.expiredHeight = 0n;
      await expect(storeFile(f, file, f.n.slice(2, 4), [], f.other)).to.emit(f.ledger, "FileStored")
        .withArgs(await dealIdOf(file, f.other), file.fileHash, f.other.address, anyValue, anyValue, anyValue, "");
    });

    it("refuses an incomplete commit", async () => {
      const f = await loadFixture(nodesFixture);
      for (const bad of [{ fileHash: ethers.ZeroHash }, { dataRoot: "0x" + "00".repeat(16) }, { blockNum: 0n }, { blockSize: 0n }]) {
        const file = makeFile(randomBytes(100, "commit"));
        Object.assign(file.commit, bad);
        await expect(storeFile(f, file, f.n.slice(0, 2)))
          .to.be.revertedWithCustomError(f.ledger, "InvalidCommit").withArgs(file.commit.fileHash);
      }
    });

    it("refuses bad options: privilege, storage type, copies, candidates, interval, expiry", async () => {
      const f = await loadFixture(nodesFixture);
      let seq = 0;
      const at = (over: object) => makeFile(randomBytes(100, `opt${seq++}`), over as never);
      await expect(storeFile(f, at({ privilege: 3 }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "InvalidPrivilege").withArgs(3);
      await expect(storeFile(f, at({ storageType: 2 }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "InvalidStorageType").withArgs(2);
      await expect(storeFile(f, at({ copyNum: SETTINGS.maxCopies }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "TooManyCopies").withArgs(SETTINGS.maxCopies, Number(SETTINGS.maxCopies) - 1);
      await expect(storeFile(f, at({ copyNum: 2 }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "NodesNotEnough").withArgs(3, 2);
      const many = Array.from({ length: Number(SETTINGS.maxCandidates) + 1 }, (_, i) => ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`));
      const file = at({ copyNum: 0 });
      file.option.expiredHeight = (await latest()) + 500n;
      await expect(f.ledger.connect(f.owner).storeFile(file.option, file.commit, [f.n[0].address], many))
        .to.be.revertedWithCustomError(f.ledger, "TooManyCandidates").withArgs(many.length, SETTINGS.maxCandidates);
      await expect(storeFile(f, at({ proveInterval: P - 1n }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "ProveIntervalTooSmall").withArgs(P - 1n, P);
      const soon = at({});
      const now = await latest();
      soon.option.expiredHeight = now + 50n; // the store lands at now + 1: needs now + 1 + ACCEPT + 2P
      await expect(storeFile(f, soon, f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "ExpiryTooSoon").withArgs(now + 50n, now + 1n + ACCEPT + 2n * P);
    });

    it("refuses duplicate nodes among the offered and the candidates", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "dupnode"));
      await expect(storeFile(f, file, [f.n[0], f.n[0]]))
        .to.be.revertedWithCustomError(f.ledger, "DuplicateNode").withArgs(f.n[0].address);
      await expect(storeFile(f, file, [f.n[0], f.n[1]], [f.n[1]]))
        .to.be.revertedWithCustomError(f.ledger, "DuplicateNode").withArgs(f.n[1].address);
      await expect(storeFile(f, file, [f.n[0], f.n[1]], [f.n[2], f.n[2]]))
        .to.be.revertedWithCustomError(f.ledger, "DuplicateNode").withArgs(f.n[2].address);
    });

    it("refuses to offer to a node that is unregistered, quit, full, ends its service too soon or is underpledged (50015)", async () => {
      const f = await loadFixture(deployFixture);
      const [a, b, c, d, e] = f.nodes;
      await registerNodes(f, 1); // a
      await f.registry.connect(b).register("/ip4/127.0.0.1/tcp/1", 1n << 20n, FAR); // 1 MiB
      await f.registry.connect(c).register("/ip4/127.0.0.1/tcp/2", 1n << 30n, FAR);
      await f.registry.connect(c).unregister();
      await f.registry.connect(d).register("/ip4/127.0.0.1/tcp/3", 1n << 30n, (await latest()) + 150n);
      await f.registry.connect(e).register("/ip4/127.0.0.1/tcp/4", 1n << 30n, FAR);
      // e misses a period of a deal it accepted and is slashed below its requirement
      const held = await storeDeal(f, 100, "slashed e", [e]);
      await f.ledger.connect(e).acceptDeal(held.dealId);
      await missWindow(f, e);
      await f.verifier.reportMissed(e.address);
      expect((await f.registry.getNode(e.address)).pledge).to.be.lessThan(await f.registry.requiredPledge(1n << 30n));
      for (const [node, seed] of [[f.reporter, "u"], [c, "q"], [d, "s"], [e, "p"]] as const) {
        const file = makeFile(randomBytes(10, seed));
        await expect(storeFile(f, file, [a, node])).to.be.revertedWithCustomError(f.ledger, "NodeNotEligible").withArgs(node.address);
      }
      const big = makeFile(randomBytes(2 << 20, "big"), { copyNum: 1 });
      await expect(storeFile(f, big, [a, b])).to.be.revertedWithCustomError(f.ledger, "NodeNotEligible").withArgs(b.address);
    });

    it("takes nothing and stores nothing when the fee cannot be pulled", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "allow"));
      await f.token.connect(f.owner).approve(await f.ledger.getAddress(), 0n);
      await expect(storeFile(f, file, f.n.slice(0, 2))).to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance");
      const dealId = await dealIdOf(file, f.owner);
      await expect(f.ledger.getFileInfo(dealId)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(dealId);
    });
  });

  describe("offers: accept, decline, lapse", () => {
    it("acceptDeal binds the node: volume, a piece in its proof set, a rate over the periods it can prove", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId, deposit } = await storeDeal(f, 5000, "accept", [a], [], f.owner, 300n);
      const expiry = BigInt(file.option.expiredHeight);
      const tx = await f.ledger.connect(a).acceptDeal(dealId);
      const at = await blockOf(tx);
      // idle node: its schedule starts now; the last period is the last whose deadline is <= expiry
      const last = (expiry - at) / P - 1n;
      const rate = deposit / (last + 1n);
      await expect(tx).to.emit(f.verifier, "ScheduleStarted").withArgs(a.address, 0n, at + P);
      await expect(tx).to.emit(f.verifier, "PieceAdded").withArgs(a.address, 0n, dealId, file.commit.dataRoot, 157n, last);
      await expect(tx).to.emit(f.ledger, "DealAccepted").withArgs(dealId, a.address, 0n, 0n, last, rate);
      await expect(tx).to.emit(f.registry, "VolumeAllocated").withArgs(a.address, 5000n, NODE_VOLUME - 5000n, 1n);
      expect(await deadlineOf(f, a, last)).to.be.at.most(expiry);
      expect((await deadlineOf(f, a, last)) + P).to.be.greaterThan(expiry);
      const slot = (await slotOf(f, dealId, a))!;
      expect([slot.status, slot.pieceId, slot.firstPeriod, slot.lastPeriod, slot.offeredUntil, slot.startCount, slot.rate, slot.escrow])
        .to.deep.equal([Status.Active, 0n, 0n, last, 0n, 0n, rate, deposit]);
      expect(await f.ledger.nodeAccount(a.address)).to.deep.equal([rate, 0n, NO_FAULT]);
      expect(await f.ledger.holdersSince(dealId)).to.deep.equal([[a.address], at]);
      expect(await f.verifier.weightOf(a.address)).to.deep.equal([157n, 157n]);
    });

    it("acceptDeal refuses a node with no offer, a second accept, an unknown deal, a closed window and a node no longer able to hold it", async () => {
      const f = await loadFixture(nodesFixture);
      const [a, b, c] = f.n;
      const { dealId } = await storeDeal(f, 3000, "refuse accept", [a, b]);
      await expect(f.ledger.connect(c).acceptDeal(dealId)).to.be.revertedWithCustomError(f.ledger, "NotOffered").withArgs(dealId, c.address);
      await f.ledger.connect(a).acceptDeal(dealId);
      await expect(f.ledger.connect(a).acceptDeal(dealId)).to.be.revertedWithCustomError(f.ledger, "NotOffered").withArgs(dealId, a.address);
      await expect(f.ledger.connect(a).acceptDeal(ethers.ZeroHash)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(ethers.ZeroHash);
      // b quits after the offer: the registry refuses to allocate
      await f.registry.connect(b).unregister();
      await expect(f.ledger.connect(b).acceptDeal(dealId)).to.be.revertedWithCustomError(f.registry, "NodeNotActive").withArgs(b.address, 2);
      // c is offered a deal bigger than what is left after it accepted another
      const big1 = makeFile(randomBytes(64, "big1"), { copyNum: 0, fileSize: 3n * (1n << 30n) });
      const big2 = makeFile(randomBytes(64, "big2"), { copyNum: 0, fileSize: 2n * (1n << 30n) });
      await storeFile(f, big1, [c]);
      await storeFile(f, big2, [c]);
      await f.ledger.connect(c).acceptDeal(await dealIdOf(big1, f.owner));
      await expect(f.ledger.connect(c).acceptDeal(await dealIdOf(big2, f.owner)))
        .to.be.revertedWithCustomError(f.registry, "InsufficientVolume").withArgs(c.address, 2n * (1n << 30n), 1n << 30n);
      const d = f.n[3];
      const late = await storeDeal(f, 100, "closed", [d]);
      const until = (await slotOf(f, late.dealId, d))!.offeredUntil;
      await mineTo(until);
      await expect(f.ledger.connect(d).acceptDeal(late.dealId))
        .to.be.revertedWithCustomError(f.ledger, "OfferClosed").withArgs(late.dealId, d.address, until);
    });

    it("declineDeal passes the slot to the next eligible candidate, or refunds it; when every slot is gone the deal is lost", async () => {
      const f = await loadFixture(nodesFixture);
      const [a, b, c, d] = f.n;
      const { dealId, deposit } = await storeDeal(f, 2000, "decline", [a], [b, c, d]);
      await f.registry.connect(b).unregister(); // b is no longer eligible: skipped
      const tx = await f.ledger.connect(a).declineDeal(dealId);
      await expect(tx).to.emit(f.ledger, "OfferWithdrawn").withArgs(dealId, a.address, false);
      await expect(tx).to.emit(f.ledger, "SlotOffered").withArgs(dealId, c.address, (await blockOf(tx)) + ACCEPT, deposit);
      expect(await f.ledger.candidatesOf(dealId)).to.deep.equal([d.address]);
      await f.ledger.connect(c).declineDeal(dealId);
      const ownerBefore = await f.token.balanceOf(f.owner.address);
      const last = f.ledger.connect(d).declineDeal(dealId);
      await expect(last).to.emit(f.ledger, "FileLost").withArgs(dealId, f.owner.address, deposit);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerBefore + deposit);
      await expect(f.ledger.getFileInfo(dealId)).to.be.revertedWithCustomError(f.ledger, "FileNotFound");
      expect((await f.ledger.ownerSince(dealId))[0]).to.equal(ethers.ZeroAddress);
    });

    it("lapseOffer: anyone, only after the window; the deal goes on with the nodes that accepted", async () => {
      const f = await loadFixture(nodesFixture);
      const [a, b] = f.n;
      const { dealId, deposit } = await storeDeal(f, 2000, "lapse", [a, b]);
      await f.ledger.connect(a).acceptDeal(dealId);
      const until = (await slotOf(f, dealId, b))!.offeredUntil;
      await expect(f.ledger.connect(f.other).lapseOffer(dealId, b.address))
        .to.be.revertedWithCustomError(f.ledger, "OfferStillOpen").withArgs(dealId, b.address, until);
      await expect(f.ledger.lapseOffer(dealId, a.address)).to.be.revertedWithCustomError(f.ledger, "NotOffered").withArgs(dealId, a.address);
      await mineTo(until);
      const ownerBefore = await f.token.balanceOf(f.owner.address);
      const tx = f.ledger.connect(f.other).lapseOffer(dealId, b.address);
      await expect(tx).to.emit(f.ledger, "OfferWithdrawn").withArgs(dealId, b.address, true);
      await expect(tx).to.emit(f.ledger, "SlotRefunded").withArgs(dealId, deposit / 2n);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerBefore + deposit / 2n);
      const [nodes, slots] = await f.ledger.holdersOf(dealId);
      expect(nodes).to.deep.equal([a.address]);
      expect(slots[0].status).to.equal(Status.Active);
    });
  });

  describe("per-period pay", () => {
    it("each proved period pays the node the sum of its deals' rates, whoever their owners", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const x = await storeDeal(f, 3000, "pay x", [a], [], f.owner);
      const y = await storeDeal(f, 9000, "pay y", [a], [], f.other);
      await f.ledger.connect(a).acceptDeal(x.dealId);
      await f.ledger.connect(a).acceptDeal(y.dealId);
      const rx = (await slotOf(f, x.dealId, a))!.rate;
      const ry = (await slotOf(f, y.dealId, a))!.rate;
      const trees = new Map([...(await dealTrees([x.file], f.owner)), ...(await dealTrees([y.file], f.other))]);
      for (const period of [0n, 1n]) {
        const tx = proveDeals(f, a, trees);
        await expect(tx).to.emit(f.ledger, "PeriodPaid").withArgs(a.address, period, rx + ry);
      }
      expect(await f.ledger.rewardsOf(a.address)).to.equal(2n * (rx + ry));
      expect(await f.ledger.nodeAccount(a.address)).to.deep.equal([rx + ry, 2n, NO_FAULT]);
    });

    it("a slot stops paying after its last period; settleExpired refunds exactly what it did not pay", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const short = await storeDeal(f, 1000, "short", [a], [], f.owner, 120n);
      const long = await storeDeal(f, 1000, "long", [a], [], f.owner, 800n);
      await f.ledger.connect(a).acceptDeal(short.dealId);
      await f.ledger.connect(a).acceptDeal(long.dealId);
      const s = (await slotOf(f, short.dealId, a))!;
      const l = (await slotOf(f, long.dealId, a))!;
      const trees = await dealTrees([short.file, long.file], f.owner);
      const proofs = await advance(f, (await deadlineOf(f, a, s.lastPeriod + 2n)), [{ node: a, deals: trees }]);
      const paid = proofs.map((r) => eventsOf(r, f.ledger, "PeriodPaid")[0].args.reward as bigint);
      const periods = Number(s.lastPeriod - s.firstPeriod + 1n);
      expect(paid.slice(0, periods)).to.deep.equal(Array(periods).fill(s.rate + l.rate));
      expect(paid.slice(periods)).to.deep.equal([l.rate, l.rate]);
      const owed = s.escrow - s.rate * BigInt(periods);
      expect(owed).to.be.lessThan(BigInt(periods)); // only the rounding of rate = escrow / periods
      await expect(f.ledger.settleExpired(short.dealId))
        .to.emit(f.ledger, "HolderReleased").withArgs(short.dealId, a.address, Reason.Expired, s.rate * BigInt(periods), owed)
        .and.to.emit(f.ledger, "FileExpired").withArgs(short.dealId, f.owner.address, owed);
      expect((await f.ledger.nodeAccount(a.address))[0]).to.equal(l.rate);
    });

    it("a missed period pays nothing; the node is faulted until it proves again", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const x = await storeDeal(f, 2000, "miss pay", [a]);
      await f.ledger.connect(a).acceptDeal(x.dealId);
      const rate = (await slotOf(f, x.dealId, a))!.rate;
      const trees = await dealTrees([x.file], f.owner);
      await proveDeals(f, a, trees);
      await missWindow(f, a);
      await expect(f.verifier.reportMissed(a.address)).to.emit(f.ledger, "NodeFaulted").withArgs(a.address, 1n, f.admin.address, anyValue);
      expect(await f.ledger.nodeAccount(a.address)).to.deep.equal([rate, 1n, 1n]);
      await expect(proveDeals(f, a, trees)).to.emit(f.ledger, "PeriodPaid").withArgs(a.address, 2n, rate);
      expect(await f.ledger.nodeAccount(a.address)).to.deep.equal([rate, 2n, NO_FAULT]);
      expect(await f.ledger.rewardsOf(a.address)).to.equal(2n * rate);
    });
  });

  describe("recover", () => {
    it("releases a faulted holder with what it earned, offers the rest to the next candidate, which gets its own schedule and rate", async () => {
      const f = await loadFixture(nodesFixture);
      const [h, keep, c] = f.n;
      const { file, dealId, deposit } = await storeDeal(f, 4000, "recover", [h, keep], [c], f.owner, 400n);
      await f.ledger.connect(h).acceptDeal(dealId);
      await f.ledger.connect(keep).acceptDeal(dealId);
      const trees = await dealTrees([file], f.owner);
      const rate = (await slotOf(f, dealId, h))!.rate;
      await proveDeals(f, h, trees);
      const kp = { node: keep, deals: trees };
      await advance(f, (await deadlineOf(f, h, 1n)) + 1n, [kp]);
      const pledge = (await f.registry.getNode(h.address)).pledge;
      await f.verifier.connect(f.reporter).reportMissed(h.address);
      const slashed = pledge - (await f.registry.getNode(h.address)).pledge;
      const tx = await f.ledger.connect(f.other).recover(dealId, h.address);
      const left = deposit / 2n - rate;
      await expect(tx).to.emit(f.ledger, "HolderReleased").withArgs(dealId, h.address, Reason.Recovered, rate, left);
      await expect(tx).to.emit(f.ledger, "SlotOffered").withArgs(dealId, c.address, (await blockOf(tx)) + ACCEPT, left);
      await expect(tx).to.emit(f.verifier, "PieceRemoved").withArgs(h.address, 0n, true);
      await expect(tx).to.emit(f.registry, "VolumeReleased").withArgs(h.address, 4000n, NODE_VOLUME, 0n);
      await expect(tx).not.to.emit(f.registry, "NodeSlashed");
      expect(pledge - (await f.registry.getNode(h.address)).pledge).to.equal(slashed);
      expect(await f.ledger.nodeAccount(h.address)).to.deep.equal([0n, 1n, 1n]);

      // the candidate fetches from `keep` and accepts: a schedule of its own, a rate over its own periods
      const acc = (await (await acceptOpen(f, c, dealId, [kp])).wait())!;
      const [ev] = eventsOf(acc, f.ledger, "DealAccepted");
      const { firstPeriod, lastPeriod } = ev.args as unknown as Record<string, bigint>;
      expect(ev.args.rate).to.equal(left / (lastPeriod - firstPeriod + 1n));
      expect([...(await f.ledger.holdersSince(dealId))[0]]).to.have.members([keep.address, c.address]);
      await expect(proveDeals(f, c, trees)).to.emit(f.ledger, "PeriodPaid").withArgs(c.address, 0n, ev.args.rate);
    });

    it("refuses a healthy node, a node that is not a holder and an unknown deal", async () => {
      const f = await loadFixture(nodesFixture);
      const [a, b] = f.n;
      const { dealId } = await storeDeal(f, 1000, "refuse recover", [a, b]);
      await f.ledger.connect(a).acceptDeal(dealId);
      await expect(f.ledger.recover(dealId, a.address)).to.be.revertedWithCustomError(f.ledger, "NodeNotFaulted").withArgs(a.address);
      await expect(f.ledger.recover(dealId, b.address)).to.be.revertedWithCustomError(f.ledger, "NotHolder").withArgs(dealId, b.address);
      await expect(f.ledger.recover(ethers.ZeroHash, a.address)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(ethers.ZeroHash);
    });

    it("a fault opens every deal of the node to recovery until it proves again; the deals not recovered stay with it", async () => {
      const f = await loadFixture(nodesFixture);
      const [a, c] = f.n;
      const x = await storeDeal(f, 1000, "fault x", [a], [c]);
      const y = await storeDeal(f, 1000, "fault y", [a], [c]);
      await f.ledger.connect(a).acceptDeal(x.dealId);
      await f.ledger.connect(a).acceptDeal(y.dealId);
      const ry = (await slotOf(f, y.dealId, a))!.rate;
      await missWindow(f, a);
      const slash = await f.registry.slashAmount(2000n); // one slash for all it holds
      await expect(f.verifier.reportMissed(a.address)).to.emit(f.registry, "NodeSlashed").withArgs(a.address, f.admin.address, slash, slash / 10n, anyValue);
      await f.ledger.recover(x.dealId, a.address);
      expect((await f.ledger.holdersSince(y.dealId))[0]).to.deep.equal([a.address]);
      expect((await f.registry.getNode(a.address)).liveFiles).to.equal(1n);
      await expect(proveDeals(f, a, await dealTrees([y.file], f.owner))).to.emit(f.ledger, "PeriodPaid").withArgs(a.address, 1n, ry);
      await expect(f.ledger.recover(y.dealId, a.address)).to.be.revertedWithCustomError(f.ledger, "NodeNotFaulted").withArgs(a.address);
    });
  });

  describe("deleteFiles", () => {
    it("before any accept: refunds the whole deposit, withdraws the offers and forgets the deal; it can be stored again", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(3000, "del"));
      await storeFile(f, file, f.n.slice(0, 2));
      const dealId = await dealIdOf(file, f.owner);
      const { deposit } = await f.ledger.getFileInfo(dealId);
      const before = await f.token.balanceOf(f.owner.address);
      const tx = f.ledger.connect(f.owner).deleteFiles([dealId]);
      await expect(tx).to.emit(f.ledger, "FileDeleted").withArgs(dealId, f.owner.address, deposit);
      for (const n of f.n.slice(0, 2)) await expect(tx).to.emit(f.ledger, "OfferWithdrawn").withArgs(dealId, n.address, false);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + deposit);
      await expect(f.ledger.getFileInfo(dealId)).to.be.revertedWithCustomError(f.ledger, "FileNotFound");
      expect(await f.ledger.accessOf(dealId)).to.deep.equal([ethers.ZeroAddress, 0n, false]);
      file.option.expiredHeight = 0n;
      await expect(storeFile(f, file, f.n.slice(2, 4))).to.emit(f.ledger, "FileStored");
    });

    it("after proofs: pays each holder its proved periods and the elapsed part of the current one, refunds exactly the rest", async () => {
      const f = await loadFixture(nodesFixture);
      const [a, b] = f.n;
      const { file, dealId, deposit } = await storeDeal(f, 3000, "partial", [a, b]);
      await f.ledger.connect(a).acceptDeal(dealId);
      await f.ledger.connect(b).acceptDeal(dealId);
      const trees = await dealTrees([file], f.owner);
      const rates = new Map([[a.address, (await slotOf(f, dealId, a))!.rate], [b.address, (await slotOf(f, dealId, b))!.rate]]);
      const starts = new Map<string, bigint>();
      await advance(f, (await deadlineOf(f, b, 1n)), [{ node: a, deals: trees }, { node: b, deals: trees }]);
      for (const n of [a, b]) starts.set(n.address, (await f.verifier.scheduleOf(n.address))[4]);
      const before = await f.token.balanceOf(f.owner.address);
      const rcpt = (await (await f.ledger.connect(f.owner).deleteFiles([dealId])).wait())!;
      const released = eventsOf(rcpt, f.ledger, "HolderReleased");
      expect([...released.map((e) => e.args.node as string)]).to.have.members([a.address, b.address]);
      let paid = 0n;
      for (const e of released) {
        const slotRate = rates.get(e.args.node)!;
        const extra = (slotRate * (BigInt(rcpt.blockNumber) - starts.get(e.args.node)!)) / P;
        expect(extra).to.be.greaterThan(0n);
        expect(e.args.paid).to.equal(2n * slotRate + extra);
        expect(e.args.reason).to.equal(Reason.Deleted);
        paid += e.args.paid;
      }
      const rewards = (await f.ledger.rewardsOf(a.address)) + (await f.ledger.rewardsOf(b.address));
      expect(rewards).to.equal(paid);
      const [deleted] = eventsOf(rcpt, f.ledger, "FileDeleted");
      expect(deleted.args.refund).to.equal(deposit - paid);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + deposit - paid);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(rewards);
      for (const n of [a, b]) expect(await f.verifier.weightOf(n.address)).to.deep.equal([0n, 0n]);
    });

    it("deletes several deals in one call and refunds their sum", async () => {
      const f = await loadFixture(nodesFixture);
      const x = await storeDeal(f, 100, "a", f.n.slice(0, 2));
      const y = await storeDeal(f, 200, "b", f.n.slice(2, 4));
      const before = await f.token.balanceOf(f.owner.address);
      await expect(f.ledger.connect(f.owner).deleteFiles([x.dealId, y.dealId]))
        .to.emit(f.ledger, "FileDeleted").withArgs(x.dealId, f.owner.address, x.deposit)
        .and.to.emit(f.ledger, "FileDeleted").withArgs(y.dealId, f.owner.address, y.deposit);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + x.deposit + y.deposit);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(0n);
    });

    it("refuses anyone but the owner (50049) and changes nothing", async () => {
      const f = await loadFixture(nodesFixture);
      const { dealId } = await storeDeal(f, 100, "deny", f.n.slice(0, 2));
      await expect(f.ledger.connect(f.other).deleteFiles([dealId]))
        .to.be.revertedWithCustomError(f.ledger, "DeleteFileAccessDenied").withArgs(dealId, f.other.address);
      expect((await f.ledger.getFileInfo(dealId)).validFlag).to.equal(true);
    });

    it("refuses an empty list (50047) and an unknown deal", async () => {
      const f = await loadFixture(nodesFixture);
      await expect(f.ledger.connect(f.owner).deleteFiles([])).to.be.revertedWithCustomError(f.ledger, "NoFilesToDelete");
      const h = ethers.id("nothing");
      await expect(f.ledger.connect(f.owner).deleteFiles([h])).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(h);
    });
  });

  describe("settleExpired", () => {
    it("refuses until the expiry height has passed, then pays the holder, refunds the unearned escrow and frees the node", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId, deposit } = await storeDeal(f, 100, "exp", [a], [], f.owner, 120n);
      await f.ledger.connect(a).acceptDeal(dealId);
      const expiry = BigInt(file.option.expiredHeight);
      await advance(f, expiry - 1n, [{ node: a, deals: await dealTrees([file], f.owner) }]);
      await expect(f.ledger.connect(f.other).settleExpired(dealId))
        .to.be.revertedWithCustomError(f.ledger, "NotExpired").withArgs(dealId, expiry, expiry);
      const reward = await f.ledger.rewardsOf(a.address);
      expect(reward).to.be.greaterThan(0n);
      const before = await f.token.balanceOf(f.owner.address);
      await expect(f.ledger.connect(f.other).settleExpired(dealId))
        .to.emit(f.ledger, "FileExpired").withArgs(dealId, f.owner.address, deposit - reward);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + deposit - reward);
      expect((await f.registry.getNode(a.address)).liveFiles).to.equal(0n);
      await expect(f.ledger.settleExpired(dealId)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(dealId);
    });

    it("lets a node withdraw its pledge once its only deal has expired", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId } = await storeDeal(f, 100, "wd", [a], [], f.owner, 120n);
      await f.ledger.connect(a).acceptDeal(dealId);
      await f.registry.connect(a).unregister();
      await expect(f.registry.connect(a).withdraw()).to.be.revertedWithCustomError(f.registry, "NodeHasLiveFiles").withArgs(a.address, 1n);
      await advance(f, BigInt(file.option.expiredHeight), [{ node: a, deals: await dealTrees([file], f.owner) }]);
      await f.ledger.settleExpired(dealId);
      await expect(f.registry.connect(a).withdraw()).to.emit(f.registry, "NodeWithdrawn").withArgs(a.address, f.pledge);
    });
  });

  describe("owner and node actions", () => {
    it("lets the owner change the privilege, and nobody else", async () => {
      const f = await loadFixture(nodesFixture);
      const { dealId } = await storeDeal(f, 100, "priv", f.n.slice(0, 2));
      await expect(f.ledger.connect(f.owner).setPrivilege(dealId, 0)).to.emit(f.ledger, "PrivilegeChanged").withArgs(dealId, 0);
      expect((await f.ledger.getFileInfo(dealId)).privilege).to.equal(0n);
      await expect(f.ledger.connect(f.other).setPrivilege(dealId, 1))
        .to.be.revertedWithCustomError(f.ledger, "NotFileOwner").withArgs(dealId, f.other.address);
      await expect(f.ledger.connect(f.owner).setPrivilege(dealId, 7)).to.be.revertedWithCustomError(f.ledger, "InvalidPrivilege").withArgs(7);
      await expect(f.ledger.connect(f.owner).setPrivilege(ethers.ZeroHash, 1)).to.be.revertedWithCustomError(f.ledger, "FileNotFound");
    });

    it("pays accrued rewards to the address the node names, once", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId } = await storeDeal(f, 100, "claim", [a]);
      await f.ledger.connect(a).acceptDeal(dealId);
      await proveDeals(f, a, await dealTrees([file], f.owner));
      const reward = await f.ledger.rewardsOf(a.address);
      expect(reward).to.equal((await slotOf(f, dealId, a))!.rate);
      const before = await f.token.balanceOf(f.other.address);
      await expect(f.ledger.connect(a).claimRewards(f.other.address))
        .to.emit(f.ledger, "RewardsClaimed").withArgs(a.address, f.other.address, reward);
      expect(await f.token.balanceOf(f.other.address)).to.equal(before + reward);
      expect(await f.ledger.rewardsOf(a.address)).to.equal(0n);
      await expect(f.ledger.connect(a).claimRewards(f.other.address))
        .to.be.revertedWithCustomError(f.ledger, "NothingToClaim").withArgs(a.address);
    });
  });

  describe("governance", () => {
    it("changes settings through the timelock, for deals stored from then on", async () => {
      const f = await loadFixture(nodesFixture);
      const old = await storeDeal(f, 5000, "gov old", f.n.slice(0, 2));
      const next = { ...SETTINGS, spacePrice: 5n * BigInt(SETTINGS.spacePrice), acceptWindow: 30n };
      await expect(govern(f, f.ledger, f.ledger.interface.encodeFunctionData("setSettings", [next]))).to.emit(f.ledger, "SettingsChanged");
      expect((await f.ledger.settings()).spacePrice).to.equal(next.spacePrice);
      expect((await f.ledger.getFileInfo(old.dealId)).deposit).to.equal(old.deposit);
      const fresh = await storeDeal(f, 5000, "gov new", f.n.slice(0, 2));
      expect(fresh.deposit).to.equal(expectedFee(5000n, 1n, BigInt(fresh.file.option.expiredHeight), BigInt(fresh.rcpt.blockNumber), next).deposit);
      expect((await slotOf(f, fresh.dealId, f.n[0]))!.offeredUntil).to.equal(BigInt(fresh.rcpt.blockNumber) + 30n);
      await expect(f.ledger.connect(f.admin).setSettings(SETTINGS))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, await f.ledger.GOVERNANCE_ROLE());
    });

    it("wires its modules once, by its admin only", async () => {
      const f = await loadFixture(nodesFixture);
      const fresh = await new FileLedger__factory(f.admin).deploy(f.admin.address, await f.token.getAddress(), await f.registry.getAddress(), SETTINGS);
      const x = f.other.address;
      await expect(fresh.connect(f.other).setModules(x, x, x)).to.be.revertedWithCustomError(fresh, "AccessControlUnauthorizedAccount");
      await expect(fresh.setModules(x, x, x)).to.emit(fresh, "ModulesSet").withArgs(x, x, x);
      await expect(fresh.setModules(x, x, x)).to.be.revertedWithCustomError(fresh, "ModulesAlreadySet");
      await expect(new FileLedger__factory(f.admin).deploy(f.admin.address, x, x, { ...SETTINGS, acceptWindow: 0n }))
        .to.be.revertedWithCustomError(fresh, "InvalidSettings");
    });
  });

  describe("views of unknown deals", () => {
    it("revert with FileNotFound (50021), or answer empty", async () => {
      const f = await loadFixture(nodesFixture);
      const h = ethers.id("unknown");
      for (const call of [() => f.ledger.getFileInfo(h), () => f.ledger.holdersOf(h), () => f.ledger.candidatesOf(h)]) {
        await expect(call()).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(h);
      }
      expect(await f.ledger.accessOf(h)).to.deep.equal([ethers.ZeroAddress, 0n, false]);
      expect(await f.ledger.ownerSince(h)).to.deep.equal([ethers.ZeroAddress, 0n]);
      expect(await f.ledger.holdersSince(h)).to.deep.equal([[], 0n]);
      expect(await f.ledger.nodeAccount(f.n[0].address)).to.deep.equal([0n, 0n, NO_FAULT]);
    });
  });
});
