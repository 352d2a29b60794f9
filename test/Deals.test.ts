/**
 * Regression tests for the eight findings of issue 14 against ledger v2 (deals that nodes accept, one
 * proof per node per period): each attack is refused, or costs only the attacker, never an honest node.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  deployFixture, registerNodes, makeFile, randomBytes, storeFile, storeAccepted, dealIdOf, proveNow, piecesOf,
  missWindow, govern, NODE_VOLUME, SETTINGS, E18, type Fixture,
} from "./helpers/dsp";
import { pdp } from "./helpers/pdp";
import {
  P, W, K, ACCEPT, NO_FAULT, Status, Reason, latest, mineTo, eventsOf, slotOf, isFrozen, deadlineOf,
  dealTrees, proofFor, proveDeals, advance, acceptOpen, storeMany, acceptMany, storeDeal,
} from "./helpers/deals";

const FAR = 10_000_000n;

async function nodesFixture() {
  const f = await deployFixture();
  const n = await registerNodes(f, 6);
  return { ...f, n };
}

async function pledgeOf(f: Fixture, node: { address: string }) {
  return (await f.registry.getNode(node.address)).pledge;
}

describe("Deals: smoke", () => {
  it("store, accept, prove, get paid; miss, get slashed, recover to a candidate", async () => {
    const f = await loadFixture(deployFixture);
    const [a, b, c] = await registerNodes(f, 3);
    const file = makeFile(randomBytes(5000, "smoke"));
    const dealId = await storeAccepted(f, file, [a, b], [c]);
    const trees = await piecesOf(f, a, [file]);
    expect(trees.size).to.equal(1);
    await (await proveNow(f, a, trees)).wait();
    expect(await f.ledger.rewardsOf(a.address)).to.be.greaterThan(0n);
    await missWindow(f, b);
    const before = await pledgeOf(f, b);
    await f.verifier.connect(f.reporter).reportMissed(b.address);
    expect(await pledgeOf(f, b)).to.be.lessThan(before);
    await f.ledger.connect(f.reporter).recover(dealId, b.address);
    expect((await slotOf(f, dealId, c))!.status).to.equal(Status.Offered);
  });
});

describe("finding 1: unconsented slashing", () => {
  it("an offer the victims never accept binds none of them: no slash, the attacker's escrow comes back whole, the victims keep working", async () => {
    const f = await loadFixture(nodesFixture);
    const [v0, v1, v2, v3] = f.n;
    const attacker = f.other;
    // A random File Hash and data root, sized to the victims' whole free volume; no data is ever sent.
    const junk = makeFile(randomBytes(64, "junk"), { copyNum: 2, fileSize: NODE_VOLUME });
    junk.commit.fileHash = junk.fileHash = ethers.hexlify(randomBytes(32, "junk hash"));
    junk.commit.dataRoot = ethers.hexlify(randomBytes(16, "junk root"));
    const attackerBefore = await f.token.balanceOf(attacker.address);
    const treasuryBefore = await f.token.balanceOf(await f.registry.treasury());
    const tx = await storeFile(f, junk, [v0, v1, v2], [v3], attacker);
    const dealId = await dealIdOf(junk, attacker);
    const { deposit } = await f.ledger.getFileInfo(dealId);
    const perSlot = deposit / 3n;
    expect(perSlot * 3n).to.equal(deposit);
    const until = BigInt((await tx.wait())!.blockNumber) + ACCEPT;
    for (const v of [v0, v1, v2]) {
      await expect(tx).to.emit(f.ledger, "SlotOffered").withArgs(dealId, v.address, until, perSlot);
    }
    await expect(tx).not.to.emit(f.ledger, "DealAccepted");
    expect(await f.token.balanceOf(attacker.address)).to.equal(attackerBefore - deposit);

    // The victims never accept. Well past the accept window and several proving periods:
    await mine(ACCEPT + 3n * P);
    for (const v of [v0, v1, v2, v3]) {
      await expect(f.verifier.connect(attacker).reportMissed(v.address))
        .to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(v.address);
      const node = await f.registry.getNode(v.address);
      expect([node.pledge, node.restVolume, node.liveFiles]).to.deep.equal([f.pledge, NODE_VOLUME, 0n]);
      expect(await f.verifier.weightOf(v.address)).to.deep.equal([0n, 0n]);
      expect(await f.ledger.nodeAccount(v.address)).to.deep.equal([0n, 0n, NO_FAULT]);
    }
    // The old attack's last step, deleteFiles, now only hands the attacker its own deposit back.
    await expect(f.ledger.connect(attacker).deleteFiles([dealId]))
      .to.emit(f.ledger, "FileDeleted").withArgs(dealId, attacker.address, deposit);
    expect(await f.token.balanceOf(attacker.address)).to.equal(attackerBefore);
    expect(await f.token.balanceOf(await f.registry.treasury())).to.equal(treasuryBefore);
    for (const v of [v0, v1, v2, v3]) expect(await f.registry.isEligible(v.address, NODE_VOLUME, FAR)).to.equal(true);
  });

  it("lapsed offers move on to the candidate as offers, then refund the attacker to the wei; the victims stay eligible and take an honest deal", async () => {
    const f = await loadFixture(nodesFixture);
    const [v0, v1, v2, v3] = f.n;
    const attacker = f.other;
    const junk = makeFile(randomBytes(64, "junk2"), { copyNum: 2, fileSize: NODE_VOLUME });
    junk.commit.dataRoot = ethers.hexlify(randomBytes(16, "junk root 2"));
    const attackerBefore = await f.token.balanceOf(attacker.address);
    const treasury = await f.registry.treasury();
    const treasuryBefore = await f.token.balanceOf(treasury);
    await storeFile(f, junk, [v0, v1, v2], [v3], attacker);
    const dealId = await dealIdOf(junk, attacker);
    const { deposit } = await f.ledger.getFileInfo(dealId);
    const perSlot = deposit / 3n;
    const [, offers] = await f.ledger.holdersOf(dealId);
    const until = offers[0].offeredUntil;

    await expect(f.ledger.connect(attacker).lapseOffer(dealId, v0.address))
      .to.be.revertedWithCustomError(f.ledger, "OfferStillOpen").withArgs(dealId, v0.address, until);
    await mineTo(until + 2n * P);
    for (const v of [v0, v1, v2]) {
      await expect(f.verifier.reportMissed(v.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(v.address);
    }
    // v0's slot goes to the candidate as a fresh offer: it binds v3 to nothing either.
    const l0 = await f.ledger.connect(attacker).lapseOffer(dealId, v0.address);
    const l0Block = BigInt((await l0.wait())!.blockNumber);
    await expect(l0).to.emit(f.ledger, "OfferWithdrawn").withArgs(dealId, v0.address, true);
    await expect(l0).to.emit(f.ledger, "SlotOffered").withArgs(dealId, v3.address, l0Block + ACCEPT, perSlot);
    await expect(f.ledger.connect(attacker).lapseOffer(dealId, v1.address))
      .to.emit(f.ledger, "SlotRefunded").withArgs(dealId, perSlot);
    await expect(f.ledger.connect(attacker).lapseOffer(dealId, v2.address))
      .to.emit(f.ledger, "SlotRefunded").withArgs(dealId, perSlot);
    await expect(f.ledger.lapseOffer(dealId, v0.address)).to.be.revertedWithCustomError(f.ledger, "NotOffered").withArgs(dealId, v0.address);
    await mineTo(l0Block + ACCEPT + 2n * P);
    await expect(f.verifier.reportMissed(v3.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(v3.address);
    await expect(f.ledger.connect(attacker).lapseOffer(dealId, v3.address))
      .to.emit(f.ledger, "FileLost").withArgs(dealId, attacker.address, perSlot);
    await expect(f.ledger.getFileInfo(dealId)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(dealId);

    // The attacker got exactly its deposit back (it paid only gas); nobody was slashed, nothing went to the treasury.
    expect(await f.token.balanceOf(attacker.address)).to.equal(attackerBefore);
    expect(await f.token.balanceOf(treasury)).to.equal(treasuryBefore);
    expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(0n);
    for (const v of [v0, v1, v2, v3]) {
      expect(await pledgeOf(f, v)).to.equal(f.pledge);
      expect(await f.registry.isEligible(v.address, NODE_VOLUME, FAR)).to.equal(true);
    }
    // ... and they take an honest deal and prove it.
    const honest = makeFile(randomBytes(3000, "honest after junk"));
    const honestId = await storeAccepted(f, honest, [v0, v1]);
    await expect(proveDeals(f, v0, await dealTrees([honest], f.owner)))
      .to.emit(f.verifier, "PeriodProven").withArgs(v0.address, 0n, K, 0n, (await slotOf(f, honestId, v0))!.rate);
  });

  it("a node that declines an offer is never bound by it", async () => {
    const f = await loadFixture(nodesFixture);
    const [a, b, c] = f.n;
    const { dealId, deposit } = await storeDeal(f, 2000, "decline", [a, b], [c]);
    const perSlot = deposit / 2n;
    const ownerBefore = await f.token.balanceOf(f.owner.address);
    const d = await f.ledger.connect(b).declineDeal(dealId);
    const dBlock = BigInt((await d.wait())!.blockNumber);
    await expect(d).to.emit(f.ledger, "OfferWithdrawn").withArgs(dealId, b.address, false);
    await expect(d).to.emit(f.ledger, "SlotOffered").withArgs(dealId, c.address, dBlock + ACCEPT, perSlot);
    expect(await slotOf(f, dealId, b)).to.equal(undefined);
    expect(await f.ledger.candidatesOf(dealId)).to.deep.equal([]);
    await expect(f.ledger.connect(b).acceptDeal(dealId)).to.be.revertedWithCustomError(f.ledger, "NotOffered").withArgs(dealId, b.address);
    await expect(f.ledger.connect(b).declineDeal(dealId)).to.be.revertedWithCustomError(f.ledger, "NotOffered").withArgs(dealId, b.address);

    await f.ledger.connect(a).acceptDeal(dealId);
    // The candidate declines too: no candidate is left and a holds the other slot, so the escrow goes back.
    await expect(f.ledger.connect(c).declineDeal(dealId)).to.emit(f.ledger, "SlotRefunded").withArgs(dealId, perSlot);
    expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerBefore + perSlot);
    const [holders, slots] = await f.ledger.holdersOf(dealId);
    expect(holders).to.deep.equal([a.address]);
    expect(slots[0].status).to.equal(Status.Active);

    await mine(3n * P);
    for (const v of [b, c]) {
      await expect(f.verifier.reportMissed(v.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(v.address);
      const node = await f.registry.getNode(v.address);
      expect([node.pledge, node.liveFiles, node.restVolume]).to.deep.equal([f.pledge, 0n, NODE_VOLUME]);
    }
  });
});

describe("finding 2: sourceless recovery", () => {
  it("copyNum 0, 3 candidates: only the holder that missed is slashed, once; no candidate is bound or slashed; the deal is lost and the owner refunded to the wei", async () => {
    const f = await loadFixture(nodesFixture);
    const [h, c1, c2, c3] = f.n;
    const ownerBefore = await f.token.balanceOf(f.owner.address);
    const { file, dealId, deposit } = await storeDeal(f, 4000, "sourceless", [h], [c1, c2, c3]);
    await f.ledger.connect(h).acceptDeal(dealId);
    const rate = (await slotOf(f, dealId, h))!.rate;
    // One period proved, then the holder goes dark.
    await proveDeals(f, h, await dealTrees([file], f.owner));
    expect(await f.ledger.rewardsOf(h.address)).to.equal(rate);
    await missWindow(f, h);
    const slash = await f.registry.slashAmount(4000n);
    const reporterBefore = await f.token.balanceOf(f.reporter.address);
    const report = await f.verifier.connect(f.reporter).reportMissed(h.address);
    await expect(report).to.emit(f.ledger, "NodeFaulted").withArgs(h.address, 1n, f.reporter.address, slash);
    await expect(report).to.emit(f.registry, "NodeSlashed").withArgs(h.address, f.reporter.address, slash, slash / 10n, f.pledge - slash);
    expect(eventsOf(await report.wait(), f.registry, "NodeSlashed")).to.have.length(1);
    expect(await f.token.balanceOf(f.reporter.address)).to.equal(reporterBefore + slash / 10n);
    expect((await f.ledger.nodeAccount(h.address))[2]).to.equal(1n);

    // recover: the holder leaves (no second slash) and candidate 1 only gets an offer.
    const rec = await f.ledger.connect(f.reporter).recover(dealId, h.address);
    let at = BigInt((await rec.wait())!.blockNumber);
    const left = deposit - rate;
    await expect(rec).to.emit(f.ledger, "HolderReleased").withArgs(dealId, h.address, Reason.Recovered, rate, left);
    await expect(rec).to.emit(f.ledger, "SlotOffered").withArgs(dealId, c1.address, at + ACCEPT, left);
    await expect(rec).not.to.emit(f.registry, "NodeSlashed");
    expect(await pledgeOf(f, h)).to.equal(f.pledge - slash);
    await expect(f.ledger.recover(dealId, h.address)).to.be.revertedWithCustomError(f.ledger, "NotHolder").withArgs(dealId, h.address);

    // No candidate can fetch the data (nobody holds it): each lets its offer lapse and is never slashed.
    for (const [c, next] of [[c1, c2], [c2, c3]] as const) {
      await mineTo(at + ACCEPT - 1n); // the next block is the offer's last
      await expect(f.ledger.lapseOffer(dealId, c.address))
        .to.be.revertedWithCustomError(f.ledger, "OfferStillOpen").withArgs(dealId, c.address, at + ACCEPT);
      const lapse = await f.ledger.connect(f.reporter).lapseOffer(dealId, c.address);
      at = BigInt((await lapse.wait())!.blockNumber);
      await expect(lapse).to.emit(f.ledger, "OfferWithdrawn").withArgs(dealId, c.address, true);
      await expect(lapse).to.emit(f.ledger, "SlotOffered").withArgs(dealId, next.address, at + ACCEPT, left);
      await expect(f.verifier.reportMissed(c.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(c.address);
    }
    expect(await f.ledger.candidatesOf(dealId)).to.deep.equal([]);
    await mineTo(at + ACCEPT + 1n);
    const last = f.ledger.connect(f.reporter).lapseOffer(dealId, c3.address);
    await expect(last).to.emit(f.ledger, "OfferWithdrawn").withArgs(dealId, c3.address, true);
    await expect(last).to.emit(f.ledger, "FileLost").withArgs(dealId, f.owner.address, left);
    await expect(f.ledger.getFileInfo(dealId)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(dealId);

    for (const c of [c1, c2, c3]) {
      const node = await f.registry.getNode(c.address);
      expect([node.pledge, node.liveFiles, node.restVolume]).to.deep.equal([f.pledge, 0n, NODE_VOLUME]);
      expect(await f.ledger.rewardsOf(c.address)).to.equal(0n);
      await expect(f.verifier.reportMissed(c.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve");
    }
    // deposit = rewards paid + refund, to the wei; the ledger keeps only the unclaimed reward.
    const refund = (await f.token.balanceOf(f.owner.address)) - (ownerBefore - deposit);
    expect(refund).to.equal(left);
    expect(deposit).to.equal((await f.ledger.rewardsOf(h.address)) + refund);
    expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(rate);
  });

  it("with a surviving holder, an unused slot is refunded instead of lost, and the survivor keeps proving", async () => {
    const f = await loadFixture(nodesFixture);
    const [h0, h1, c1] = f.n;
    const { file, dealId, deposit } = await storeDeal(f, 3000, "survivor", [h0, h1], [c1]);
    await f.ledger.connect(h0).acceptDeal(dealId);
    await f.ledger.connect(h1).acceptDeal(dealId);
    const survivor = [{ node: h1, deals: await dealTrees([file], f.owner) }];
    // h0 goes dark from the start; h1 proves every period throughout.
    await advance(f, (await deadlineOf(f, h0, 0n)) + 1n, survivor);
    await f.verifier.reportMissed(h0.address);
    const rec = await f.ledger.recover(dealId, h0.address);
    const half = deposit / 2n;
    await expect(rec).to.emit(f.ledger, "HolderReleased").withArgs(dealId, h0.address, Reason.Recovered, 0n, half);
    await expect(rec).to.emit(f.ledger, "SlotOffered").withArgs(dealId, c1.address, anyValue, half);
    const at = BigInt((await rec.wait())!.blockNumber);
    // c1 could fetch from h1 but does not take the slot: its offer lapses and the slot's escrow goes back.
    await advance(f, at + ACCEPT, survivor);
    const ownerBefore = await f.token.balanceOf(f.owner.address);
    await expect(f.ledger.lapseOffer(dealId, c1.address)).to.emit(f.ledger, "SlotRefunded").withArgs(dealId, half);
    expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerBefore + half);
    expect(await pledgeOf(f, c1)).to.equal(f.pledge);
    expect(await pledgeOf(f, h1)).to.equal(f.pledge);
    const [holders] = await f.ledger.holdersOf(dealId);
    expect(holders).to.deep.equal([h1.address]);
    await expect(proveDeals(f, h1, survivor[0].deals)).to.emit(f.verifier, "PeriodProven");
    expect((await f.ledger.nodeAccount(h1.address))[2]).to.equal(NO_FAULT);
  });
});

describe("finding 3: the owner front-runs a proof with deleteFiles", () => {
  async function twoDeals() {
    const f = await nodesFixture();
    const a = f.n[0];
    // X is 256 leaves and Y 64: X takes 26 of the 32 stratified challenges.
    const x = await storeDeal(f, 8192, "front X", [a]);
    const y = await storeDeal(f, 2048, "front Y", [a]);
    await f.ledger.connect(a).acceptDeal(x.dealId);
    await f.ledger.connect(a).acceptDeal(y.dealId);
    const trees = await dealTrees([x.file, y.file], f.owner);
    return { ...f, a, x, y, trees };
  }

  it("the node proves after the delete in the same window, the deleted piece still challenged, and is paid exactly rate * elapsed / period for it", async () => {
    const f = await loadFixture(twoDeals);
    const { a, x, y, trees } = f;
    const rateX = (await slotOf(f, x.dealId, a))!.rate;
    const rateY = (await slotOf(f, y.dealId, a))!.rate;
    const pidX = (await slotOf(f, x.dealId, a))!.pieceId;

    // Period 0's window opens, the node reads its challenges, and the owner deletes X before the proof lands.
    const [, , opensAfter, deadline, periodStart] = await f.verifier.scheduleOf(a.address);
    await mineTo(opensAfter + 1n);
    const ownerBefore = await f.token.balanceOf(f.owner.address);
    const del = await f.ledger.connect(f.owner).deleteFiles([x.dealId]);
    const delBlock = BigInt((await del.wait())!.blockNumber);
    expect(delBlock).to.be.greaterThan(opensAfter);
    expect(delBlock).to.be.lessThan(deadline);
    const paid = (rateX * (delBlock - periodStart)) / P;
    expect(paid).to.be.greaterThan(0n);
    await expect(del).to.emit(f.ledger, "HolderReleased").withArgs(x.dealId, a.address, Reason.Deleted, paid, x.deposit - paid);
    await expect(del).to.emit(f.ledger, "FileDeleted").withArgs(x.dealId, f.owner.address, x.deposit - paid);
    await expect(del).to.emit(f.verifier, "PieceRemoved").withArgs(a.address, pidX, false);
    expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerBefore + x.deposit - paid);
    expect(await f.ledger.rewardsOf(a.address)).to.equal(paid);

    // The node's proof for the period still succeeds: the period was seeded before the delete, so X stays
    // challenged through it (a proof in flight cannot be invalidated); only Y's rate is paid for it.
    const p = await proofFor(f, a, trees);
    expect(p.challenges.some((c) => c.pieceId === pidX && !c.skip)).to.equal(true);
    expect(p.challenges.every((c) => !c.skip)).to.equal(true);
    await expect(f.verifier.connect(a).prove(p.leaves, p.proof))
      .to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, BigInt(K), 0n, rateY);
    expect(await f.ledger.rewardsOf(a.address)).to.equal(paid + rateY);
    await expect(f.verifier.reportMissed(a.address)).to.be.revertedWithCustomError(f.verifier, "ProofNotOverdue");

    // X's weight leaves the tree once the set is open again; the next period challenges only Y.
    await expect(f.verifier.compact(a.address, 10)).to.emit(f.verifier, "PieceRemoved").withArgs(a.address, pidX, true);
    expect(await f.verifier.weightOf(a.address)).to.deep.equal([64n, 64n]);
    await expect(proveDeals(f, a, trees)).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 1n, K, 0n, rateY);
    expect(await pledgeOf(f, a)).to.equal(f.pledge);
  });

  it("a deal deleted after some proved periods pays them and the elapsed part of the current one", async () => {
    const f = await loadFixture(twoDeals);
    const { a, x, y, trees } = f;
    const rateX = (await slotOf(f, x.dealId, a))!.rate;
    const rateY = (await slotOf(f, y.dealId, a))!.rate;
    await expect(proveDeals(f, a, trees)).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, K, 0n, rateX + rateY);
    const [, , opensAfter, , periodStart] = await f.verifier.scheduleOf(a.address);
    await mineTo(opensAfter + 1n);
    const del = await f.ledger.connect(f.owner).deleteFiles([x.dealId]);
    const extra = (rateX * (BigInt((await del.wait())!.blockNumber) - periodStart)) / P;
    await expect(del).to.emit(f.ledger, "HolderReleased").withArgs(x.dealId, a.address, Reason.Deleted, rateX + extra, x.deposit - rateX - extra);
    await expect(proveDeals(f, a, trees)).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 1n, anyValue, anyValue, rateY);
    // deposit = what the node earned on it + the refund, to the wei
    expect(await f.ledger.rewardsOf(a.address)).to.equal(rateX + extra + 2n * rateY);
  });

  // BUG (contracts/pdp/PDPVerifier.sol _load / _verify): a piece removed inside the frozen range flips its
  // challenges to `skip` for the period already seeded, so the proof the node built from the published
  // challenges (leaves included for that piece) no longer fits: the next piece's group reads the leaves
  // meant for the removed one and the proof reverts InvalidProof (or ProofSizeMismatch). The owner (deleteFiles) or anyone (recover, on a faulted node trying to prove again)
  // can front-run the node's proof this way once per block; with ~W deals among the challenged pieces the
  // node misses the deadline and is slashed for all it holds, the front-runner taking the reporter share.
  // Fix: pieces removed after the period's seed was fixed stay challenged (not skipped) for that period, or
  // the verifier accepts their leaves either way.
  it("the proof the node sent before the owner's delete landed still succeeds (front-running)", async () => {
    const f = await loadFixture(twoDeals);
    const { a, x, trees } = f;
    await proveDeals(f, a, trees);
    const p = await proofFor(f, a, trees); // built from the challenges published for period 1
    await f.ledger.connect(f.owner).deleteFiles([x.dealId]); // lands first
    await expect(f.verifier.connect(a).prove(p.leaves, p.proof)).to.emit(f.verifier, "PeriodProven");
  });

  // BUG (contracts/files/FileLedger.sol _settleSlot, prorate branch): the elapsed part is
  // rate * (block - periodStart) / provingPeriod with periodStart the start of the node's *current*
  // (unproved, possibly long overdue) period, uncapped: a holder that stopped proving and was not reported
  // is paid several periods it never proved when the owner deletes (capped only by the escrow).
  // Fix: min(block - periodStart, provingPeriod), and nothing while the node is past its deadline.
  it("a holder that stopped proving gets no more than one period's elapsed part on delete", async () => {
    const f = await loadFixture(twoDeals);
    const { a, x } = f;
    const rateX = (await slotOf(f, x.dealId, a))!.rate;
    await mine(4n * P); // a never proves; nobody reports it
    const rcpt = await (await f.ledger.connect(f.owner).deleteFiles([x.dealId])).wait();
    const [released] = eventsOf(rcpt, f.ledger, "HolderReleased");
    expect(released.args.paid).to.be.lessThan(rateX);
  });
});

describe("finding 4: a replacement's schedule stays within expiry and serviceTime", () => {
  /** h holds D (expiry ~240 blocks out) and goes dark late in the deal; cShort's service ends before D, c's does not. */
  async function lateFault() {
    const f = await deployFixture();
    const [h, cShort, c, y] = f.nodes;
    const now = await latest();
    await f.registry.connect(h).register("/ip4/127.0.0.1/tcp/1", NODE_VOLUME, FAR);
    await f.registry.connect(cShort).register("/ip4/127.0.0.1/tcp/2", NODE_VOLUME, now + 150n);
    await f.registry.connect(c).register("/ip4/127.0.0.1/tcp/3", NODE_VOLUME, FAR);
    await f.registry.connect(y).register("/ip4/127.0.0.1/tcp/4", NODE_VOLUME, FAR);
    const d = await storeDeal(f, 5000, "late fault", [h], [cShort, c], f.owner, 240n);
    await f.ledger.connect(h).acceptDeal(d.dealId);
    const expiry = (await f.ledger.getFileInfo(d.dealId)).expiredHeight;
    const trees = await dealTrees([d.file], f.owner);
    await advance(f, expiry - 90n, [{ node: h, deals: trees }]);
    return { ...f, h, cShort, c, d, expiry, trees };
  }

  it("the candidate's last period ends by the deal's expiry; after expiry it is asked for nothing and never slashed", async () => {
    const f = await loadFixture(lateFault);
    const { h, cShort, c, d, expiry, trees } = f;
    await missWindow(f, h);
    const slash = await f.registry.slashAmount(5000n);
    await f.verifier.connect(f.reporter).reportMissed(h.address);
    expect(await f.registry.isEligible(cShort.address, 5000n, expiry)).to.equal(false);
    const rec = await f.ledger.recover(d.dealId, h.address);
    const [released] = eventsOf(await rec.wait(), f.ledger, "HolderReleased");
    const left: bigint = released.args.left;
    // cShort's service ends before the deal: it is passed over, never offered.
    await expect(rec).to.emit(f.ledger, "SlotOffered").withArgs(d.dealId, c.address, anyValue, left);
    expect(await slotOf(f, d.dealId, cShort)).to.equal(undefined);
    expect(await f.ledger.candidatesOf(d.dealId)).to.deep.equal([]);

    const acc = await f.ledger.connect(c).acceptDeal(d.dealId);
    const accRcpt = (await acc.wait())!;
    await expect(acc).to.emit(f.verifier, "ScheduleStarted").withArgs(c.address, 0n, BigInt(accRcpt.blockNumber) + P);
    const [accepted] = eventsOf(accRcpt, f.ledger, "DealAccepted");
    const { pieceId, firstPeriod, lastPeriod, rate } = accepted.args as unknown as Record<string, bigint>;
    const periods = lastPeriod - firstPeriod + 1n;
    const lastDeadline = await deadlineOf(f, c, lastPeriod);
    expect(lastDeadline).to.be.at.most(expiry);
    expect(lastDeadline + P).to.be.greaterThan(expiry);
    expect((await f.registry.getNode(c.address)).serviceTime).to.be.at.least(expiry);
    expect(rate).to.equal(left / periods);
    expect((await f.verifier.pieceOf(c.address, pieceId))[3]).to.equal(lastPeriod);

    // c proves each of its periods, the last one ending by expiry ...
    const proofs = await advance(f, lastDeadline, [{ node: c, deals: trees }]);
    expect(BigInt(proofs.length)).to.equal(periods);
    expect(await f.ledger.rewardsOf(c.address)).to.equal(rate * periods);
    // ... and the period after it ends past expiry: every challenge in it is skipped.
    const [, , opensAfter, deadline] = await f.verifier.scheduleOf(c.address);
    expect(deadline).to.equal(lastDeadline + P);
    await mineTo(opensAfter + 1n);
    const [period, , challenges] = await f.verifier.challengeOf(c.address);
    expect(period).to.equal(lastPeriod + 1n);
    expect(challenges.length).to.equal(K);
    expect(challenges.every((x) => x.skip)).to.equal(true);
    // c sends nothing: the report after the deadline counts the period as proved, with no slash.
    await mineTo(deadline);
    const rep = f.verifier.connect(f.reporter).reportMissed(c.address);
    await expect(rep).to.emit(f.verifier, "PeriodProven").withArgs(c.address, lastPeriod + 1n, 0n, K, 0n);
    await expect(rep).not.to.emit(f.registry, "NodeSlashed");

    const paidC = rate * periods;
    const settle = f.ledger.settleExpired(d.dealId);
    await expect(settle).to.emit(f.ledger, "HolderReleased").withArgs(d.dealId, c.address, Reason.Expired, paidC, left - paidC);
    await expect(settle).to.emit(f.ledger, "FileExpired").withArgs(d.dealId, f.owner.address, left - paidC);
    await expect(settle).to.emit(f.verifier, "PieceRemoved").withArgs(c.address, pieceId, true);
    expect(await f.verifier.weightOf(c.address)).to.deep.equal([0n, 0n]);
    await mine(3n * P);
    await expect(f.verifier.reportMissed(c.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(c.address);
    expect(await pledgeOf(f, c)).to.equal(f.pledge);
    expect(await pledgeOf(f, h)).to.equal(f.pledge - slash);
    // deposit = both holders' rewards + the refund, to the wei
    expect(d.deposit).to.equal((await f.ledger.rewardsOf(h.address)) + (await f.ledger.rewardsOf(c.address)) + (left - paidC));
  });

  it("settleExpired never makes a valid proof revert: the last period is proved before settling, and a proof built before the settle lands after it", async () => {
    const f = await loadFixture(lateFault);
    const { h, c, d, expiry } = f;
    // c also holds a long deal Y, so its set outlives D.
    const y = await storeDeal(f, 3000, "long Y", [c], [], f.owner, 1000n);
    await f.ledger.connect(c).acceptDeal(y.dealId);
    const cp = { node: c, deals: await dealTrees([y.file, d.file], f.owner) };
    const rateY = (await slotOf(f, y.dealId, c))!.rate;
    await advance(f, (await deadlineOf(f, h, (await f.verifier.scheduleOf(h.address))[0])) + 1n, [cp]);
    await f.verifier.reportMissed(h.address);
    await f.ledger.recover(d.dealId, h.address);
    const rcpt = (await (await acceptOpen(f, c, d.dealId, [cp])).wait())!;
    const [accepted] = eventsOf(rcpt, f.ledger, "DealAccepted");
    const { pieceId, lastPeriod, rate } = accepted.args as unknown as Record<string, bigint>;
    const lastDeadline = await deadlineOf(f, c, lastPeriod);
    expect(lastDeadline).to.be.at.most(expiry);
    expect(lastDeadline + P).to.be.greaterThan(expiry);

    // The last period's window: settling is refused (not expired yet), the proof pays both deals.
    await advance(f, lastDeadline - W + 1n, [cp]);
    expect((await f.verifier.scheduleOf(c.address))[0]).to.equal(lastPeriod);
    await expect(f.ledger.settleExpired(d.dealId)).to.be.revertedWithCustomError(f.ledger, "NotExpired");
    await expect(proveDeals(f, c, cp.deals)).to.emit(f.verifier, "PeriodProven").withArgs(c.address, lastPeriod, K, 0n, rateY + rate);

    // The next period: c builds its proof from the published challenges, then the settle lands first.
    const [, , opensAfter, deadline] = await f.verifier.scheduleOf(c.address);
    const at = (expiry > opensAfter ? expiry : opensAfter) + 1n;
    expect(at + 2n).to.be.at.most(deadline);
    await mineTo(at);
    const p = await proofFor(f, c, cp.deals);
    expect(p.period).to.equal(lastPeriod + 1n);
    const settle = f.ledger.settleExpired(d.dealId);
    await expect(settle).to.emit(f.ledger, "FileExpired");
    await expect(settle).to.emit(f.verifier, "PieceRemoved").withArgs(c.address, pieceId, false);
    const skipped = BigInt(p.challenges.filter((x) => x.skip).length);
    expect(p.challenges.filter((x) => x.skip).every((x) => x.pieceId === pieceId)).to.equal(true);
    await expect(f.verifier.connect(c).prove(p.leaves, p.proof))
      .to.emit(f.verifier, "PeriodProven").withArgs(c.address, lastPeriod + 1n, BigInt(K) - skipped, skipped, rateY);
    expect(await pledgeOf(f, c)).to.equal(f.pledge);
  });

  // BUG (contracts/pdp/PDPVerifier.sol reportMissed, the `blockhash(_seedFrom(deadline)) != bytes32(0) &&
  // _allSkipped(...)` test): a node whose every piece was removed inside a frozen range (deal settled, deleted
  // or recovered there) keeps their weight in the tree until someone calls compact, so its schedule runs on
  // with nothing live. Reported more than 256 blocks after a deadline, the seed is gone and the period
  // counts as missed: the node is slashed slashAmount(0) = minSlash while holding nothing, and again for
  // every later period (one report per period), until its pledge is gone. Fix: count the period as proved
  // when the set has no live weight (set.live == 0) whatever blockhash says, or drop pending weight when the
  // period closes.
  it("a node whose last deal was settled inside its frozen range is never slashed, however late it is reported", async () => {
    const f = await loadFixture(nodesFixture);
    const c = f.n[0];
    const d = await storeDeal(f, 2000, "ends frozen", [c], [], f.owner, 100n);
    await f.ledger.connect(c).acceptDeal(d.dealId);
    const expiry = (await f.ledger.getFileInfo(d.dealId)).expiredHeight;
    await advance(f, expiry, [{ node: c, deals: await dealTrees([d.file], f.owner) }]);
    const [, seedFrom] = await f.verifier.scheduleOf(c.address);
    await mineTo(seedFrom > expiry ? seedFrom : expiry);
    await expect(f.ledger.settleExpired(d.dealId)).to.emit(f.verifier, "PieceRemoved").withArgs(c.address, 0n, false);
    expect((await f.verifier.weightOf(c.address))[1]).to.equal(0n);
    await mine(300);
    await expect(f.verifier.reportMissed(c.address)).not.to.emit(f.registry, "NodeSlashed");
    expect(await pledgeOf(f, c)).to.equal(f.pledge);
  });

  // Found by the ledger client's tests: an expired deal nobody settled left its piece counted as live, so a
  // report more than 256 blocks after a later deadline (the seed gone) slashed a node that had proved every
  // period its deal paid for. Pieces now stop counting as live when their last period closes.
  it("a node whose only deal expired unsettled, after proving every period, is never slashed, however late it is reported", async () => {
    const f = await loadFixture(nodesFixture);
    const c = f.n[0];
    const d = await storeDeal(f, 2000, "expires unsettled", [c], [], f.owner, 100n);
    await f.ledger.connect(c).acceptDeal(d.dealId);
    const slot = (await slotOf(f, d.dealId, c))!;
    const expiry = (await f.ledger.getFileInfo(d.dealId)).expiredHeight;
    await advance(f, expiry, [{ node: c, deals: await dealTrees([d.file], f.owner) }]);
    // every paid period proved; the schedule has moved past the deal's last period
    const [period] = await f.verifier.scheduleOf(c.address);
    expect(period).to.be.greaterThan(slot.lastPeriod);
    expect((await f.verifier.weightOf(c.address))[1]).to.equal(0n);
    await mine(300);
    await expect(f.verifier.reportMissed(c.address)).not.to.emit(f.registry, "NodeSlashed");
    expect(await pledgeOf(f, c)).to.equal(f.pledge);
    const [, , faulted] = await f.ledger.nodeAccount(c.address);
    expect(faulted).to.equal(NO_FAULT);
  });
});

describe("finding 5: File Hash squatting", () => {
  it("a front-runner's deal on the victim's File Hash (size 0, junk root) does not stop the victim's own deal", async () => {
    const f = await loadFixture(nodesFixture);
    const [n0, n1] = f.n;
    const real = makeFile(randomBytes(4000, "victim"), { copyNum: 0 });
    const squat = makeFile(new Uint8Array(0), { copyNum: 0, fileSize: 0n });
    squat.commit.fileHash = squat.fileHash = real.fileHash;
    squat.commit.dataRoot = ethers.hexlify(randomBytes(16, "squat root"));
    await storeFile(f, squat, [n0], [], f.other);
    const squatId = await dealIdOf(real.fileHash, f.other);
    expect((await f.ledger.getFileInfo(squatId)).owner).to.equal(f.other.address);

    const tx = await storeFile(f, real, [n0], [n1], f.owner);
    const victimId = await dealIdOf(real, f.owner);
    expect(victimId).to.not.equal(squatId);
    expect(await f.ledger.dealIdOf(f.owner.address, real.fileHash)).to.equal(victimId);
    await expect(tx).to.emit(f.ledger, "FileStored")
      .withArgs(victimId, real.fileHash, f.owner.address, anyValue, [n0.address], [n1.address], "");
    const [vi, si] = [await f.ledger.getFileInfo(victimId), await f.ledger.getFileInfo(squatId)];
    expect([vi.owner, vi.fileHash, vi.dataRoot, vi.realFileSize]).to.deep.equal([f.owner.address, real.fileHash, real.commit.dataRoot, 4000n]);
    expect([si.owner, si.fileHash, si.dataRoot, si.realFileSize]).to.deep.equal([f.other.address, real.fileHash, squat.commit.dataRoot, 0n]);

    // n0 checks the data against each root: it declines the squat (nobody else was offered: lost, refunded)
    // and accepts and proves the victim's.
    await expect(f.ledger.connect(n0).declineDeal(squatId)).to.emit(f.ledger, "FileLost").withArgs(squatId, f.other.address, si.deposit);
    await f.ledger.connect(n0).acceptDeal(victimId);
    await expect(proveDeals(f, n0, await dealTrees([real], f.owner))).to.emit(f.verifier, "PeriodProven").withArgs(n0.address, 0n, K, 0n, anyValue);
    await expect(storeFile(f, real, [n1], [], f.owner)).to.be.revertedWithCustomError(f.ledger, "FileAlreadyStored").withArgs(victimId);
  });

  it("two owners store the same bytes: two deals, each with its own holders, independent of each other", async () => {
    const f = await loadFixture(nodesFixture);
    const [n0, n1, n2, n3] = f.n;
    const data = randomBytes(3000, "same bytes");
    const mine_ = makeFile(data);
    const theirs = makeFile(data);
    expect(theirs.fileHash).to.equal(mine_.fileHash);
    const ownerId = await storeAccepted(f, mine_, [n0, n1], [], f.owner);
    const otherId = await storeAccepted(f, theirs, [n2, n3], [], f.other);
    expect(ownerId).to.not.equal(otherId);
    expect((await f.ledger.holdersOf(ownerId))[0]).to.deep.equal([n0.address, n1.address]);
    expect((await f.ledger.holdersOf(otherId))[0]).to.deep.equal([n2.address, n3.address]);
    await expect(proveDeals(f, n0, await dealTrees([mine_], f.owner))).to.emit(f.verifier, "PeriodProven");
    await expect(proveDeals(f, n2, await dealTrees([theirs], f.other))).to.emit(f.verifier, "PeriodProven");

    const del = await f.ledger.connect(f.other).deleteFiles([otherId]);
    const delBlock = BigInt((await del.wait())!.blockNumber);
    await expect(f.ledger.connect(f.other).deleteFiles([ownerId]))
      .to.be.revertedWithCustomError(f.ledger, "DeleteFileAccessDenied").withArgs(ownerId, f.other.address);
    expect(await f.ledger.ownerSince(otherId)).to.deep.equal([ethers.ZeroAddress, delBlock]);
    expect((await f.ledger.ownerSince(ownerId))[0]).to.equal(f.owner.address);
    expect((await f.ledger.holdersSince(ownerId))[0]).to.deep.equal([n0.address, n1.address]);
    for (const n of [n2, n3]) expect((await f.registry.getNode(n.address)).liveFiles).to.equal(0n);
    for (const n of [n0, n1]) expect((await f.registry.getNode(n.address)).liveFiles).to.equal(1n);
    await expect(proveDeals(f, n0, await dealTrees([mine_], f.owner))).to.emit(f.verifier, "PeriodProven").withArgs(n0.address, 1n, K, 0n, anyValue);
  });
});

describe("finding 6: admin powers", () => {
  const DEFAULT_ADMIN = ethers.ZeroHash;
  const GOVERNANCE = ethers.id("GOVERNANCE_ROLE");

  it("the deployer keeps no admin or governance role and cannot grant itself SLASHER_ROLE or LEDGER_ROLE", async () => {
    const f = await loadFixture(nodesFixture);
    const timelock = await f.timelock.getAddress();
    const all = { registry: f.registry, ledger: f.ledger, dns: f.dns, scanRegistry: f.scanRegistry, userSpace: f.userSpace, whitelist: f.whitelist };
    for (const [name, c] of Object.entries(all)) {
      for (const role of [DEFAULT_ADMIN, GOVERNANCE]) {
        expect(await c.hasRole(role, f.admin.address), `${name} ${role}`).to.equal(false);
      }
      expect(await c.hasRole(DEFAULT_ADMIN, timelock), `${name} timelock admin`).to.equal(false);
    }
    for (const c of [f.registry, f.ledger, f.dns, f.scanRegistry]) expect(await c.hasRole(GOVERNANCE, timelock)).to.equal(true);

    const grants: [typeof f.registry | typeof f.userSpace | typeof f.whitelist, string][] = [
      [f.registry, await f.registry.SLASHER_ROLE()],
      [f.registry, await f.registry.LEDGER_ROLE()],
      [f.userSpace, await f.userSpace.LEDGER_ROLE()],
      [f.whitelist, await f.whitelist.LEDGER_ROLE()],
    ];
    for (const [c, role] of grants) {
      await expect(c.connect(f.admin).grantRole(role, f.admin.address))
        .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, DEFAULT_ADMIN);
      // nor through the timelock: governance holds no admin role either
      await expect(govern(f, c, c.interface.encodeFunctionData("grantRole", [role, f.admin.address])))
        .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount").withArgs(timelock, DEFAULT_ADMIN);
    }
    // The money paths refuse the deployer.
    const n0 = f.n[0].address;
    await expect(f.registry.connect(f.admin).slash(n0, f.pledge, f.admin.address))
      .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, await f.registry.SLASHER_ROLE());
    await expect(f.registry.connect(f.admin).release(n0, 0n))
      .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, await f.registry.LEDGER_ROLE());
    await expect(f.userSpace.connect(f.admin).charge(f.owner.address, 1n, 1n))
      .to.be.revertedWithCustomError(f.userSpace, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, await f.userSpace.LEDGER_ROLE());
    expect(await pledgeOf(f, f.n[0])).to.equal(f.pledge);
  });

  it("the wiring is fixed: the ledger and the user space cannot be re-wired", async () => {
    const f = await loadFixture(nodesFixture);
    const x = f.other.address;
    await expect(f.ledger.connect(f.admin).setModules(x, x, x))
      .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, DEFAULT_ADMIN);
    await expect(govern(f, f.ledger, f.ledger.interface.encodeFunctionData("setModules", [x, x, x])))
      .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount").withArgs(await f.timelock.getAddress(), DEFAULT_ADMIN);
    await expect(f.userSpace.connect(f.admin).setLedger(x))
      .to.be.revertedWithCustomError(f.userSpace, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, DEFAULT_ADMIN);
    expect(await f.ledger.verifier()).to.equal(await f.verifier.getAddress());
    expect(await f.verifier.ledger()).to.equal(await f.ledger.getAddress());
  });

  it("governance goes through the timelock and only within the contract's bounds", async () => {
    const f = await loadFixture(nodesFixture);
    const next = { ...SETTINGS, spacePrice: 2n * BigInt(SETTINGS.spacePrice), acceptWindow: 30n };
    await expect(f.ledger.connect(f.admin).setSettings(next))
      .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, GOVERNANCE);
    await expect(f.timelock.connect(f.other).schedule(await f.ledger.getAddress(), 0, "0x", ethers.ZeroHash, ethers.ZeroHash, 0))
      .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount").withArgs(f.other.address, await f.timelock.PROPOSER_ROLE());
    await expect(govern(f, f.ledger, f.ledger.interface.encodeFunctionData("setSettings", [next]))).to.emit(f.ledger, "SettingsChanged");
    expect((await f.ledger.settings()).spacePrice).to.equal(next.spacePrice);
    expect((await f.ledger.settings()).acceptWindow).to.equal(30n);
    const MAX_SPACE_PRICE = await f.ledger.MAX_SPACE_PRICE();
    for (const bad of [
      { spacePrice: MAX_SPACE_PRICE + 1n }, { proofFee: (await f.ledger.MAX_PROOF_FEE()) + 1n }, { acceptWindow: 0n },
      { acceptWindow: (await f.ledger.MAX_ACCEPT_WINDOW()) + 1n }, { maxCopies: 0 }, { maxCopies: Number(await f.ledger.MAX_COPIES()) + 1 },
      { maxCandidates: Number(await f.ledger.MAX_CANDIDATES()) + 1 },
    ]) {
      await expect(govern(f, f.ledger, f.ledger.interface.encodeFunctionData("setSettings", [{ ...SETTINGS, ...bad }])))
        .to.be.revertedWithCustomError(f.ledger, "InvalidSettings");
    }
    // the bound itself is allowed
    await expect(govern(f, f.ledger, f.ledger.interface.encodeFunctionData("setSettings", [{ ...SETTINGS, spacePrice: MAX_SPACE_PRICE }])))
      .to.emit(f.ledger, "SettingsChanged");
  });

  it("only the verifier reports periods to the ledger, and only the ledger changes proof sets", async () => {
    const f = await loadFixture(nodesFixture);
    const n0 = f.n[0].address;
    for (const who of [f.admin, f.other, f.n[0]]) {
      await expect(f.ledger.connect(who).onPeriodProven(n0, 0))
        .to.be.revertedWithCustomError(f.ledger, "NotVerifier").withArgs(who.address);
      await expect(f.ledger.connect(who).onPeriodMissed(n0, 0, who.address))
        .to.be.revertedWithCustomError(f.ledger, "NotVerifier").withArgs(who.address);
      await expect(f.verifier.connect(who).addPiece(n0, ethers.ZeroHash, "0x" + "11".repeat(16), 1n, FAR))
        .to.be.revertedWithCustomError(f.verifier, "NotLedger").withArgs(who.address);
      await expect(f.verifier.connect(who).removePiece(n0, 0))
        .to.be.revertedWithCustomError(f.verifier, "NotLedger").withArgs(who.address);
    }
    expect(await f.verifier.weightOf(n0)).to.deep.equal([0n, 0n]);
  });
});

describe("finding 7: smaller", () => {
  // (a) the no-op DNS bindUrl is covered by test/ScanRegistry.test.ts.

  it("(b) the pledge never falls below one period's slash: update keeps requiredPledge(volume) >= minSlash, and 20 one-byte deals cost one slash per period", async () => {
    const f = await loadFixture(deployFixture);
    const n = f.nodes[0];
    const minSlash = await f.registry.minSlash();
    const minVolume = await f.registry.minVolume();
    await f.registry.connect(n).register("/ip4/127.0.0.1/tcp/1", NODE_VOLUME, FAR);
    for (const v of [minVolume, 1n << 24n, NODE_VOLUME]) expect(await f.registry.requiredPledge(v)).to.be.at.least(minSlash);
    // Lowering the volume hands back the surplus pledge, down to the floor and no further.
    const before = await f.token.balanceOf(n.address);
    await expect(f.registry.connect(n).update("/ip4/127.0.0.1/tcp/1", minVolume, FAR))
      .to.emit(f.registry, "NodeUpdated").withArgs(n.address, anyValue, minVolume, minVolume, FAR, minSlash);
    expect(await f.registry.requiredPledge(minVolume)).to.equal(minSlash);
    expect(await pledgeOf(f, n)).to.equal(minSlash);
    expect(await f.token.balanceOf(n.address)).to.equal(before + f.pledge - minSlash);
    await f.registry.connect(n).addPledge(5n * E18);
    await f.registry.connect(n).update("/ip4/127.0.0.1/tcp/1", minVolume, FAR);
    expect(await pledgeOf(f, n)).to.equal(minSlash);

    // one byte each (distinct descriptions keep their File Hashes apart)
    const files = Array.from({ length: 20 }, (_, i) => makeFile(randomBytes(1, `one byte ${i}`), { copyNum: 0, fileDesc: ethers.toUtf8Bytes(`byte ${i}`) }));
    const ids = await storeMany(f, files, [n]);
    await acceptMany(f, n, ids);
    const held = (await f.registry.getNode(n.address)).volume - (await f.registry.getNode(n.address)).restVolume;
    expect(held).to.equal(20n);
    await expect(f.registry.connect(n).update("/ip4/127.0.0.1/tcp/1", 19n, FAR))
      .to.be.revertedWithCustomError(f.registry, "VolumeBelowUsed").withArgs(19n, 20n);
    // The old rule slashed minSlash per file: 20x the pledge. One slash per period covers all 20.
    expect(20n * minSlash).to.be.greaterThan(await pledgeOf(f, n));
    const slash = await f.registry.slashAmount(held);
    expect(slash).to.equal(minSlash);
    expect(slash).to.be.at.most(await f.registry.requiredPledge(minVolume));
    await missWindow(f, n);
    const rcpt = await (await f.verifier.connect(f.reporter).reportMissed(n.address)).wait();
    const slashes = eventsOf(rcpt, f.registry, "NodeSlashed");
    expect(slashes).to.have.length(1);
    expect(slashes[0].args.amount).to.equal(minSlash);
    expect(await pledgeOf(f, n)).to.equal(0n);
    // Slashed below its requirement, the node takes nothing new until it tops up.
    expect(await f.registry.isEligible(n.address, 1n, FAR)).to.equal(false);
  });

  it("(c) the seed mixes 4 block hashes: zero until all 4 are mined, then keccak256(abi.encode(bh(s..s+3), node, period))", async () => {
    const f = await loadFixture(nodesFixture);
    const n = f.n[0];
    const file = makeFile(randomBytes(5000, "seed"), { copyNum: 0 });
    await storeAccepted(f, file, [n]);
    const [period, s, opensAfter] = await f.verifier.scheduleOf(n.address);
    expect(opensAfter).to.equal(s + 3n);
    for (let b = s - 1n; b <= s + 3n; b++) {
      await mineTo(b);
      const [, seed, challenges] = await f.verifier.challengeOf(n.address);
      expect(seed, `latest block ${b}`).to.equal(ethers.ZeroHash);
      expect(challenges).to.have.length(0);
    }
    await mine(1);
    const hashes = await Promise.all([0n, 1n, 2n, 3n].map(async (i) => (await ethers.provider.getBlock(Number(s + i)))!.hash!));
    const want = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "bytes32", "bytes32", "bytes32", "address", "uint32"], [...hashes, n.address, period],
    ));
    const [, seed, challenges] = await f.verifier.challengeOf(n.address);
    expect(seed).to.equal(want);
    const [total] = await f.verifier.weightOf(n.address);
    expect(challenges.map((c) => Number(c.position))).to.deep.equal(pdp().challengeIndices(want, Number(total), K));
    // and it is the seed prove checks against
    await expect(proveDeals(f, n, await dealTrees([file], f.owner))).to.emit(f.verifier, "PeriodProven");
  });
});

describe("finding 8: scale", () => {
  it("one node with 50 deals proves them all with one transaction per period, paid the sum of their rates, over 3 periods", async () => {
    const f = await loadFixture(nodesFixture);
    const n = f.n[0];
    const files = Array.from({ length: 50 }, (_, i) => makeFile(randomBytes(100 + 97 * i, `scale ${i}`), { copyNum: 0 }));
    const ids = await storeMany(f, files, [n], f.owner, 600n);
    const rcpts = await acceptMany(f, n, ids);
    const rates = rcpts.map((r) => eventsOf(r, f.ledger, "DealAccepted")[0].args.rate as bigint);
    const sum = rates.reduce((a, b) => a + b, 0n);
    const [rate] = await f.ledger.nodeAccount(n.address);
    expect(rate).to.equal(sum);
    const leaves = files.reduce((a, fl) => a + BigInt(fl.tree.leafCount), 0n);
    expect(await f.verifier.weightOf(n.address)).to.deep.equal([leaves, leaves]);
    const trees = await dealTrees(files, f.owner);
    const gas: bigint[] = [];
    for (let period = 0n; period < 3n; period++) {
      const tx = await proveDeals(f, n, trees);
      const rcpt = (await tx.wait())!;
      const proven = eventsOf(rcpt, f.verifier, "PeriodProven");
      expect(proven).to.have.length(1);
      expect(proven[0].args.period).to.equal(period);
      expect(proven[0].args.challenged).to.equal(BigInt(K));
      expect(proven[0].args.reward).to.equal(sum);
      await expect(tx).to.emit(f.ledger, "PeriodPaid").withArgs(n.address, period, sum);
      expect((await f.ledger.nodeAccount(n.address))[1]).to.equal(period + 1n);
      gas.push(rcpt.gasUsed);
    }
    expect(await f.ledger.rewardsOf(n.address)).to.equal(3n * sum);
    console.log(`      gas of one node's proof over 50 deals (k = ${K}), periods 0-2: ${gas.join(", ")}`);
  });
});

describe("invalid proofs change nothing; out-of-time calls are refused", () => {
  async function heldFixture() {
    const f = await nodesFixture();
    const [a, b, c] = f.n;
    const x = await storeDeal(f, 6000, "inv X", [a], [c]);
    const y = await storeDeal(f, 1500, "inv Y", [a]);
    await f.ledger.connect(a).acceptDeal(x.dealId);
    await f.ledger.connect(a).acceptDeal(y.dealId);
    const trees = await dealTrees([x.file, y.file], f.owner);
    return { ...f, a, b, c, x, y, trees };
  }

  it("a proof with one flipped leaf byte reverts InvalidProof and the period stays open; the honest proof then succeeds", async () => {
    const f = await loadFixture(heldFixture);
    const p = await proofFor(f, f.a, f.trees);
    const bad = Uint8Array.from(p.leaves);
    bad[5] ^= 1;
    const first = p.challenges[0];
    const [, root] = await f.verifier.pieceOf(f.a.address, first.pieceId);
    await expect(f.verifier.connect(f.a).prove(bad, p.proof))
      .to.be.revertedWithCustomError(f.verifier, "InvalidProof").withArgs(f.a.address, 0n, first.pieceId, root, anyValue);
    expect((await f.verifier.scheduleOf(f.a.address))[0]).to.equal(0n);
    expect(await f.ledger.rewardsOf(f.a.address)).to.equal(0n);
    await expect(f.verifier.connect(f.a).prove(p.leaves, p.proof)).to.emit(f.verifier, "PeriodProven").withArgs(f.a.address, 0n, K, 0n, anyValue);
    expect((await f.verifier.scheduleOf(f.a.address))[0]).to.equal(1n);
  });

  it("a proof with extra bytes reverts ProofSizeMismatch", async () => {
    const f = await loadFixture(heldFixture);
    const p = await proofFor(f, f.a, f.trees);
    const [L, S] = [BigInt(p.leaves.length), BigInt(p.proof.length)];
    await expect(f.verifier.connect(f.a).prove(p.leaves, ethers.concat([p.proof, new Uint8Array(16)])))
      .to.be.revertedWithCustomError(f.verifier, "ProofSizeMismatch").withArgs(L, L, S, S + 16n);
    await expect(f.verifier.connect(f.a).prove(ethers.concat([p.leaves, new Uint8Array(32)]), p.proof))
      .to.be.revertedWithCustomError(f.verifier, "ProofSizeMismatch").withArgs(L, L + 32n, S, S);
    await expect(f.verifier.connect(f.a).prove(p.leaves, p.proof)).to.emit(f.verifier, "PeriodProven");
  });

  it("a proof before the window reverts ChallengeNotOpen, after the deadline ProvingPeriodPassed", async () => {
    const f = await loadFixture(heldFixture);
    const [, , opensAfter, deadline] = await f.verifier.scheduleOf(f.a.address);
    await mineTo(opensAfter - 1n); // the proof lands in opensAfter itself
    await expect(f.verifier.connect(f.a).prove("0x", "0x"))
      .to.be.revertedWithCustomError(f.verifier, "ChallengeNotOpen").withArgs(f.a.address, 0n, opensAfter, opensAfter);
    const p = await proofFor(f, f.a, f.trees);
    await mineTo(deadline);
    await expect(f.verifier.connect(f.a).prove(p.leaves, p.proof))
      .to.be.revertedWithCustomError(f.verifier, "ProvingPeriodPassed").withArgs(f.a.address, 0n, deadline, deadline + 1n);
  });

  it("acceptDeal while frozen reverts ProofSetFrozen, and after the window OfferClosed; lapseOffer before it closes OfferStillOpen", async () => {
    const f = await loadFixture(heldFixture);
    const z = await storeDeal(f, 1000, "inv Z", [f.a]);
    const [, seedFrom, , deadline] = await f.verifier.scheduleOf(f.a.address);
    await mineTo(seedFrom - 1n);
    expect(await isFrozen(f, f.a)).to.equal(true);
    await expect(f.ledger.connect(f.a).acceptDeal(z.dealId))
      .to.be.revertedWithCustomError(f.verifier, "ProofSetFrozen").withArgs(f.a.address, seedFrom, deadline);
    await expect(proveDeals(f, f.a, f.trees)).to.emit(f.verifier, "PeriodProven");
    expect(await isFrozen(f, f.a)).to.equal(false);
    const until = (await slotOf(f, z.dealId, f.a))!.offeredUntil;
    await expect(f.ledger.lapseOffer(z.dealId, f.a.address))
      .to.be.revertedWithCustomError(f.ledger, "OfferStillOpen").withArgs(z.dealId, f.a.address, until);
    await expect(f.ledger.connect(f.a).acceptDeal(z.dealId)).to.emit(f.ledger, "DealAccepted");

    const late = await storeDeal(f, 1000, "inv late", [f.b]);
    const lateUntil = (await slotOf(f, late.dealId, f.b))!.offeredUntil;
    await mineTo(lateUntil);
    await expect(f.ledger.connect(f.b).acceptDeal(late.dealId))
      .to.be.revertedWithCustomError(f.ledger, "OfferClosed").withArgs(late.dealId, f.b.address, lateUntil);
    expect((await f.registry.getNode(f.b.address)).liveFiles).to.equal(0n);
  });

  it("recover on a healthy node reverts NodeNotFaulted", async () => {
    const f = await loadFixture(heldFixture);
    await expect(f.ledger.recover(f.x.dealId, f.a.address)).to.be.revertedWithCustomError(f.ledger, "NodeNotFaulted").withArgs(f.a.address);
    await proveDeals(f, f.a, f.trees);
    await expect(f.ledger.recover(f.x.dealId, f.a.address)).to.be.revertedWithCustomError(f.ledger, "NodeNotFaulted").withArgs(f.a.address);
    await expect(f.ledger.recover(f.x.dealId, f.b.address)).to.be.revertedWithCustomError(f.ledger, "NotHolder").withArgs(f.x.dealId, f.b.address);
    // a node that proves again after a fault is healthy again
    await missWindow(f, f.a);
    await f.verifier.reportMissed(f.a.address);
    expect((await f.ledger.nodeAccount(f.a.address))[2]).to.equal(1n);
    await proveDeals(f, f.a, f.trees);
    expect((await f.ledger.nodeAccount(f.a.address))[2]).to.equal(NO_FAULT);
    await expect(f.ledger.recover(f.x.dealId, f.a.address)).to.be.revertedWithCustomError(f.ledger, "NodeNotFaulted").withArgs(f.a.address);
  });
});
