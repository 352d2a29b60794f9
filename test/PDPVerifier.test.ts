/**
 * PDPVerifier (ledger v2): one proof set per node (the pieces of the deals it accepted, in a sum tree
 * weighted by leaf count), one schedule and one proof per node per period, challenges located across the
 * pieces, removals skipped and compacted, reports of missed periods.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract } from "ethers";
import { deployFixture, registerNodes, makeFile, randomBytes, missWindow, buildNodeProof, dealIdOf, storeFile } from "./helpers/dsp";
import { pdp } from "./helpers/pdp";
import {
  P, W, K, SEED_BLOCKS, latest, mineTo, inOneBlock, slotOf, dealTrees, proofFor, proveDeals, advance, storeDeal, storeMany,
  acceptMany, deadlineOf,
} from "./helpers/deals";
import { PDPVerifier__factory } from "../typechain-types";

const NODE_SIZE = 16;

async function nodesFixture() {
  const f = await deployFixture();
  const n = await registerNodes(f, 4);
  return { ...f, n };
}

/** Node n[0] holding one 300 KiB deal (9600 leaves) and a 5000-byte one. */
async function heldFixture() {
  const f = await nodesFixture();
  const a = f.n[0];
  const big = await storeDeal(f, 300 * 1024, "pdp big", [a], [f.n[2]]);
  const small = await storeDeal(f, 5000, "pdp small", [a]);
  await f.ledger.connect(a).acceptDeal(big.dealId);
  await f.ledger.connect(a).acceptDeal(small.dealId);
  const trees = await dealTrees([big.file, small.file], f.owner);
  return { ...f, a, big, small, trees };
}

/** The name of the custom error a call reverted with (from `c`'s ABI). */
async function revertName(p: Promise<unknown>, c: BaseContract): Promise<string> {
  try {
    await p;
  } catch (e) {
    const data = (e as { data?: string }).data;
    const parsed = data ? c.interface.parseError(data) : null;
    if (parsed) return parsed.name;
    throw e;
  }
  throw new Error("the call did not revert");
}

/** (pieceId, offset) of `position` over pieces laid out in id order. */
function locate(weights: bigint[], position: bigint): [bigint, bigint] {
  let x = position;
  for (let id = 0; id < weights.length; id++) {
    if (x < weights[id]) return [BigInt(id), x];
    x -= weights[id];
  }
  throw new Error("position out of range");
}

describe("PDPVerifier", () => {
  describe("construction", () => {
    it("keeps its schedule immutable and refuses one that does not fit", async () => {
      const f = await loadFixture(nodesFixture);
      expect([await f.verifier.provingPeriod(), await f.verifier.proofWindow(), await f.verifier.challengeCount(), await f.verifier.SEED_BLOCKS()])
        .to.deep.equal([P, W, BigInt(K), SEED_BLOCKS]);
      const factory = new PDPVerifier__factory(f.admin);
      const ledger = await f.ledger.getAddress();
      for (const [period, window, k] of [[20n, 0n, 32], [300n, 253n, 32], [13n, 10n, 32], [20n, 10n, 0], [20n, 10n, 257]] as const) {
        await expect(factory.deploy(ledger, period, window, k)).to.be.revertedWithCustomError(f.verifier, "InvalidSchedule");
      }
      const ok = await factory.deploy(ledger, 14n, 10n, 1);
      expect(await ok.provingPeriod()).to.equal(14n);
    });
  });

  describe("the schedule", () => {
    it("starts with a node's first accepted deal: a full period, the window at its end, the seed blocks before it", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId } = await storeDeal(f, 1000, "schedule", [a]);
      const tx = await f.ledger.connect(a).acceptDeal(dealId);
      const at = BigInt((await tx.wait())!.blockNumber);
      await expect(tx).to.emit(f.verifier, "ScheduleStarted").withArgs(a.address, 0n, at + P);
      const [period, seedFrom, opensAfter, deadline, periodStart] = await f.verifier.scheduleOf(a.address);
      expect([period, deadline, opensAfter, seedFrom, periodStart]).to.deep.equal([0n, at + P, at + P - W, at + P - W - SEED_BLOCKS + 1n, at]);
      await expect(proveDeals(f, a, await dealTrees([file], f.owner))).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, K, 0n, anyUint());
    });

    it("moves one period on with each proof, keeping the same phase", async () => {
      const f = await loadFixture(heldFixture);
      const [, , , d0] = await f.verifier.scheduleOf(f.a.address);
      for (let p = 0n; p < 3n; p++) {
        await expect(proveDeals(f, f.a, f.trees)).to.emit(f.verifier, "PeriodProven").withArgs(f.a.address, p, K, 0n, ethers.toBigInt(await rateOf(f, f.a)));
        const [period, , , deadline, start] = await f.verifier.scheduleOf(f.a.address);
        expect([period, deadline, start]).to.deep.equal([p + 1n, d0 + (p + 1n) * P, d0 + p * P]);
      }
    });

    it("restarts when the node was idle (every piece gone), the period count going on", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const x = await storeDeal(f, 1000, "idle x", [a]);
      await f.ledger.connect(a).acceptDeal(x.dealId);
      await proveDeals(f, a, await dealTrees([x.file], f.owner));
      // deleted while the set is open: its weight leaves at once and the set is empty
      await expect(f.ledger.connect(f.owner).deleteFiles([x.dealId])).to.emit(f.verifier, "PieceRemoved").withArgs(a.address, 0n, true);
      expect(await f.verifier.weightOf(a.address)).to.deep.equal([0n, 0n]);
      await mine(5n * P);
      await expect(f.verifier.reportMissed(a.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(a.address);
      const y = await storeDeal(f, 2000, "idle y", [a]);
      const tx = await f.ledger.connect(a).acceptDeal(y.dealId);
      const at = BigInt((await tx.wait())!.blockNumber);
      await expect(tx).to.emit(f.verifier, "ScheduleStarted").withArgs(a.address, 1n, at + P);
      await expect(tx).to.emit(f.verifier, "PieceAdded").withArgs(a.address, 0n, y.dealId, y.file.commit.dataRoot, 63n, anyUint());
      await expect(tx).to.emit(f.ledger, "DealAccepted").withArgs(y.dealId, a.address, 0n, 1n, anyUint(), anyUint());
      await expect(proveDeals(f, a, await dealTrees([y.file], f.owner))).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 1n, K, 0n, (await slotOf(f, y.dealId, a))!.rate);
    });
  });

  describe("the challenges", () => {
    it("are the documented stratified positions over the node's whole weight, each located in its piece by the sum tree", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const sizes = [5000, 1280, 9600];
      const files = sizes.map((s, i) => makeFile(randomBytes(s, `derive ${i}`), { copyNum: 0 }));
      const ids = await storeMany(f, files, [a]);
      await acceptMany(f, a, ids);
      const weights = files.map((fl) => BigInt(fl.tree.leafCount));
      expect(weights).to.deep.equal([157n, 40n, 300n]);
      for (let i = 0; i < ids.length; i++) expect((await f.verifier.pieceOf(a.address, i))[0]).to.equal(ids[i]);
      const [, , opensAfter] = await f.verifier.scheduleOf(a.address);
      await mineTo(opensAfter + 1n);
      const [period, seed, challenges] = await f.verifier.challengeOf(a.address);
      expect(period).to.equal(0n);
      const total = weights.reduce((x, y) => x + y, 0n);
      expect(await f.verifier.weightOf(a.address)).to.deep.equal([total, total]);
      const positions = pdp().challengeIndices(seed, Number(total), K);
      expect(challenges.map((c) => Number(c.position))).to.deep.equal(positions);
      for (const c of challenges) {
        expect([c.pieceId, c.leafIndex]).to.deep.equal(locate(weights, c.position));
        expect(c.skip).to.equal(false);
      }
      // every piece is challenged in proportion to its weight (stratified: within one of k * w / total)
      for (let id = 0; id < 3; id++) {
        const got = challenges.filter((c) => c.pieceId === BigInt(id)).length;
        expect(Math.abs(got - (K * Number(weights[id])) / Number(total))).to.be.lessThan(2);
      }
      // and one proof answers the challenges of all three pieces
      const trees = new Map(files.map((fl, i) => [BigInt(i), fl.tree] as const));
      const { leaves, proof } = buildNodeProof(challenges, trees);
      await expect(f.verifier.connect(a).prove(leaves, proof)).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, K, 0n, await rateOf(f, a));
    });

    it("challenge every leaf once when the node holds fewer leaves than challenges", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId } = await storeDeal(f, 20 * 32, "few", [a]);
      await f.ledger.connect(a).acceptDeal(dealId);
      const p = await proofFor(f, a, await dealTrees([file], f.owner));
      expect(p.challenges.map((c) => Number(c.leafIndex))).to.deep.equal([...Array(20).keys()]);
      await expect(f.verifier.connect(a).prove(p.leaves, p.proof)).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, 20n, 0n, anyUint());
    });

    it("differ between two nodes on the same schedule (the seed includes the node)", async () => {
      const f = await loadFixture(nodesFixture);
      const [a, b] = f.n;
      const { dealId } = await storeDeal(f, 100_000, "two nodes", [a, b]);
      await inOneBlock([() => f.ledger.connect(a).acceptDeal(dealId), () => f.ledger.connect(b).acceptDeal(dealId)]);
      expect(await f.verifier.scheduleOf(a.address)).to.deep.equal(await f.verifier.scheduleOf(b.address));
      const [, , opensAfter] = await f.verifier.scheduleOf(a.address);
      await mineTo(opensAfter + 1n);
      const [, sa, ca] = await f.verifier.challengeOf(a.address);
      const [, sb, cb] = await f.verifier.challengeOf(b.address);
      expect(sa).to.not.equal(sb);
      expect(ca.map((c) => c.position)).to.not.deep.equal(cb.map((c) => c.position));
    });

    it("have no seed before the window opens, nor for a node with nothing to prove", async () => {
      const f = await loadFixture(heldFixture);
      const [period, seed, challenges] = await f.verifier.challengeOf(f.a.address);
      expect([period, seed, challenges.length]).to.deep.equal([0n, ethers.ZeroHash, 0]);
      const [, seed2, list2] = await f.verifier.challengeOf(f.n[3].address);
      expect([seed2, list2.length]).to.deep.equal([ethers.ZeroHash, 0]);
    });
  });

  describe("prove", () => {
    it("accepts one proof built from the real data of all the node's pieces, and pays the sum of their rates", async () => {
      const f = await loadFixture(heldFixture);
      const rate = await rateOf(f, f.a);
      const p = await proofFor(f, f.a, f.trees);
      expect(p.challenges.some((c) => c.pieceId === 0n)).to.equal(true);
      const tx = f.verifier.connect(f.a).prove(p.leaves, p.proof);
      await expect(tx).to.emit(f.verifier, "PeriodProven").withArgs(f.a.address, 0n, K, 0n, rate);
      await expect(tx).to.emit(f.ledger, "PeriodPaid").withArgs(f.a.address, 0n, rate);
      expect(await f.ledger.rewardsOf(f.a.address)).to.equal(rate);
    });

    it("proves pieces of one leaf, an empty file, a partial last leaf and exact powers of two in one proof", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const sizes = [0, 1, 31, 33, 64 * 32, 64 * 32 + 1];
      const files = sizes.map((s, i) => makeFile(randomBytes(s, `size${i}`), { copyNum: 0, fileDesc: ethers.toUtf8Bytes(`size ${s}`) }));
      const ids = await storeMany(f, files, [a]);
      await acceptMany(f, a, ids);
      expect((await f.verifier.weightOf(a.address))[0]).to.equal(1n + 1n + 1n + 2n + 64n + 65n);
      const p = await proofFor(f, a, await dealTrees(files, f.owner));
      // stratified over 134 leaves: a piece spanning two slices (>= 9 leaves) is always challenged
      expect([...new Set(p.challenges.map((c) => c.pieceId))]).to.include.members([4n, 5n]);
      await expect(f.verifier.connect(a).prove(p.leaves, p.proof)).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, K, 0n, await rateOf(f, a));
    });

    it("rejects a proof built from leaf hashes only (a node that kept the tree, not the data)", async () => {
      const f = await loadFixture(heldFixture);
      const p = await proofFor(f, f.a, f.trees);
      const fake = new Uint8Array(p.leaves.length);
      const live = p.challenges.filter((c) => !c.skip);
      for (let i = 0; i < live.length; i++) {
        const [dealId] = await f.verifier.pieceOf(f.a.address, live[i].pieceId);
        fake.set(f.trees.get(dealId)!.node(0, Number(live[i].leafIndex)), i * 32);
      }
      await expect(f.verifier.connect(f.a).prove(fake, p.proof)).to.be.revertedWithCustomError(f.verifier, "InvalidProof");
    });

    it("rejects a wrong leaf byte or a wrong sibling byte, pays nothing and keeps the period open", async () => {
      const f = await loadFixture(heldFixture);
      const p = await proofFor(f, f.a, f.trees);
      const leaves = Uint8Array.from(p.leaves);
      leaves[leaves.length - 1] ^= 0x80;
      await expect(f.verifier.connect(f.a).prove(leaves, p.proof)).to.be.revertedWithCustomError(f.verifier, "InvalidProof");
      const proof = Uint8Array.from(p.proof);
      proof[3] ^= 1;
      await expect(f.verifier.connect(f.a).prove(p.leaves, proof)).to.be.revertedWithCustomError(f.verifier, "InvalidProof");
      expect(await f.ledger.rewardsOf(f.a.address)).to.equal(0n);
      expect((await f.verifier.scheduleOf(f.a.address))[0]).to.equal(0n);
      await expect(f.verifier.connect(f.a).prove(p.leaves, p.proof)).to.emit(f.verifier, "PeriodProven");
    });

    it("rejects leaves that sit at other positions (the proof is bound to the challenged indices)", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId } = await storeDeal(f, 300 * 1024, "binding", [a]);
      await f.ledger.connect(a).acceptDeal(dealId);
      const p = await proofFor(f, a, await dealTrees([file], f.owner));
      const shifted = [...new Set(p.challenges.map((c) => Number(c.leafIndex) ^ 1))].sort((x, y) => x - y);
      const wrong = pdp().buildProof(file.tree, shifted);
      expect(["InvalidProof", "ProofSizeMismatch"]).to.include(await revertName(f.verifier.connect(a).prove(wrong.leaves, wrong.proof), f.verifier));
    });

    it("rejects last period's proof for the next period (a stale seed)", async () => {
      const f = await loadFixture(heldFixture);
      const old = await proofFor(f, f.a, f.trees);
      await f.verifier.connect(f.a).prove(old.leaves, old.proof);
      const [, , opensAfter] = await f.verifier.scheduleOf(f.a.address);
      await mineTo(opensAfter + 1n);
      expect(["InvalidProof", "ProofSizeMismatch"]).to.include(await revertName(f.verifier.connect(f.a).prove(old.leaves, old.proof), f.verifier));
      expect((await f.ledger.nodeAccount(f.a.address))[1]).to.equal(1n);
    });

    it("rejects a proof before the window opens and after the deadline, even a correct one", async () => {
      const f = await loadFixture(heldFixture);
      const [, , opensAfter, deadline] = await f.verifier.scheduleOf(f.a.address);
      const now = await latest();
      await expect(f.verifier.connect(f.a).prove("0x", "0x"))
        .to.be.revertedWithCustomError(f.verifier, "ChallengeNotOpen").withArgs(f.a.address, 0n, opensAfter, now + 1n);
      const p = await proofFor(f, f.a, f.trees);
      await missWindow(f, f.a);
      const late = await latest();
      await expect(f.verifier.connect(f.a).prove(p.leaves, p.proof))
        .to.be.revertedWithCustomError(f.verifier, "ProvingPeriodPassed").withArgs(f.a.address, 0n, deadline, late + 1n);
    });

    it("rejects a proof from a node with nothing to prove, even with the right data", async () => {
      const f = await loadFixture(heldFixture);
      const p = await proofFor(f, f.a, f.trees);
      await expect(f.verifier.connect(f.n[1]).prove(p.leaves, p.proof))
        .to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(f.n[1].address);
    });

    it("rejects a missing or an extra sibling, and leaves of the wrong length", async () => {
      const f = await loadFixture(heldFixture);
      const p = await proofFor(f, f.a, f.trees);
      const [L, S] = [BigInt(p.leaves.length), BigInt(p.proof.length)];
      const prover = f.verifier.connect(f.a);
      // a missing sibling reads zeros past the end: a wrong root (or a short proof)
      expect(["InvalidProof", "ProofSizeMismatch"]).to.include(await revertName(prover.prove(p.leaves, p.proof.subarray(0, p.proof.length - NODE_SIZE)), f.verifier));
      await expect(prover.prove(p.leaves, ethers.concat([p.proof, new Uint8Array(NODE_SIZE)])))
        .to.be.revertedWithCustomError(f.verifier, "ProofSizeMismatch").withArgs(L, L, S, S + BigInt(NODE_SIZE));
      expect(["InvalidProof", "ProofSizeMismatch"]).to.include(await revertName(prover.prove(p.leaves.subarray(32), p.proof), f.verifier));
      await expect(prover.prove(ethers.concat([p.leaves, new Uint8Array(32)]), p.proof))
        .to.be.revertedWithCustomError(f.verifier, "ProofSizeMismatch").withArgs(L, L + 32n, S, S);
    });

    it("asks nothing once every piece is past its last period: the empty proof is the answer", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { file, dealId } = await storeDeal(f, 2000, "ends", [a], [], f.owner, 120n);
      await f.ledger.connect(a).acceptDeal(dealId);
      const last = (await slotOf(f, dealId, a))!.lastPeriod;
      await advance(f, await deadlineOf(f, a, last), [{ node: a, deals: await dealTrees([file], f.owner) }]);
      expect((await f.verifier.scheduleOf(a.address))[0]).to.equal(last + 1n);
      const p = await proofFor(f, a, new Map());
      expect(p.challenges.every((c) => c.skip)).to.equal(true);
      expect([p.leaves.length, p.proof.length]).to.deep.equal([0, 0]);
      await expect(f.verifier.connect(a).prove("0x", "0x")).to.emit(f.verifier, "PeriodProven").withArgs(a.address, last + 1n, 0n, K, 0n);
    });
  });

  describe("removing pieces", () => {
    it("outside the frozen range: the weight leaves at once and the piece id is reused", async () => {
      const f = await loadFixture(heldFixture);
      await proveDeals(f, f.a, f.trees);
      expect(await isOpen(f, f.a.address)).to.equal(true);
      await expect(f.ledger.connect(f.owner).deleteFiles([f.big.dealId])).to.emit(f.verifier, "PieceRemoved").withArgs(f.a.address, 0n, true);
      expect(await f.verifier.weightOf(f.a.address)).to.deep.equal([157n, 157n]);
      expect(await f.verifier.pieceOf(f.a.address, 0)).to.deep.equal([ethers.ZeroHash, "0x" + "00".repeat(16), 0n, 0n, false]);
      const z = await storeDeal(f, 640, "reuse", [f.a]);
      await expect(f.ledger.connect(f.a).acceptDeal(z.dealId)).to.emit(f.verifier, "PieceAdded").withArgs(f.a.address, 0n, z.dealId, z.file.commit.dataRoot, 20n, anyUint());
      f.trees.set(z.dealId, z.file.tree);
      await expect(proveDeals(f, f.a, f.trees)).to.emit(f.verifier, "PeriodProven").withArgs(f.a.address, 1n, K, 0n, await rateOf(f, f.a));
    });

    it("inside the frozen range: the piece stays challenged through the seeded period, then is skipped, its weight waits for compact", async () => {
      const f = await loadFixture(heldFixture);
      const extra = await storeDeal(f, 3200, "third", [f.a]);
      await f.ledger.connect(f.a).acceptDeal(extra.dealId);
      f.trees.set(extra.dealId, extra.file.tree);
      const [, seedFrom, , deadline] = await f.verifier.scheduleOf(f.a.address);
      await mineTo(seedFrom);
      const del = f.ledger.connect(f.owner).deleteFiles([f.big.dealId, extra.dealId]);
      await expect(del).to.emit(f.verifier, "PieceRemoved").withArgs(f.a.address, 0n, false);
      await expect(del).to.emit(f.verifier, "PieceRemoved").withArgs(f.a.address, 2n, false);
      const [total, live] = await f.verifier.weightOf(f.a.address);
      expect([total, live]).to.deep.equal([9600n + 157n + 100n, 157n]);
      expect((await f.verifier.pieceOf(f.a.address, 0))[4]).to.equal(true);
      await expect(f.verifier.compact(f.a.address, 10))
        .to.be.revertedWithCustomError(f.verifier, "ProofSetFrozen").withArgs(f.a.address, seedFrom, deadline);

      // Seeded before the removal: the removed pieces are still challenged in this period.
      const p = await proofFor(f, f.a, f.trees);
      expect(p.challenges.every((c) => !c.skip)).to.equal(true);
      expect(p.challenges.some((c) => c.pieceId === 0n)).to.equal(true);
      await expect(f.verifier.connect(f.a).prove(p.leaves, p.proof))
        .to.emit(f.verifier, "PeriodProven").withArgs(f.a.address, 0n, BigInt(K), 0n, await rateOf(f, f.a));

      expect(await f.verifier.compact.staticCall(f.a.address, 1)).to.equal(1n);
      await expect(f.verifier.compact(f.a.address, 1)).to.emit(f.verifier, "PieceRemoved").withArgs(f.a.address, 2n, true);
      await expect(f.verifier.compact(f.a.address, 10)).to.emit(f.verifier, "PieceRemoved").withArgs(f.a.address, 0n, true);
      expect(await f.verifier.compact.staticCall(f.a.address, 10)).to.equal(0n);
      expect(await f.verifier.weightOf(f.a.address)).to.deep.equal([157n, 157n]);
      const next = await proofFor(f, f.a, f.trees);
      expect(next.challenges.every((c) => c.pieceId === 1n && !c.skip)).to.equal(true);
      await expect(f.verifier.connect(f.a).prove(next.leaves, next.proof)).to.emit(f.verifier, "PeriodProven").withArgs(f.a.address, 1n, K, 0n, anyUint());
    });

    it("a set whose only pieces were removed while frozen asks nothing: the report counts the period as proved", async () => {
      const f = await loadFixture(nodesFixture);
      const a = f.n[0];
      const { dealId } = await storeDeal(f, 2000, "only", [a]);
      await f.ledger.connect(a).acceptDeal(dealId);
      const [, seedFrom, , deadline] = await f.verifier.scheduleOf(a.address);
      await mineTo(seedFrom);
      await f.ledger.connect(f.owner).deleteFiles([dealId]);
      expect((await f.verifier.weightOf(a.address))[1]).to.equal(0n);
      await mineTo(deadline);
      const rep = f.verifier.reportMissed(a.address);
      await expect(rep).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, 0n, K, 0n);
      await expect(rep).not.to.emit(f.registry, "NodeSlashed");
      await f.verifier.compact(a.address, 10);
      await expect(f.verifier.reportMissed(a.address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(a.address);
    });
  });

  describe("reportMissed", () => {
    it("slashes a node that missed its period once, for all the bytes it holds, and pays the reporter its share", async () => {
      const f = await loadFixture(heldFixture);
      await missWindow(f, f.a);
      const [, , , deadline] = await f.verifier.scheduleOf(f.a.address);
      const held = BigInt(300 * 1024 + 5000);
      const slash = await f.registry.slashAmount(held);
      const pledge = (await f.registry.getNode(f.a.address)).pledge;
      const reporterBefore = await f.token.balanceOf(f.reporter.address);
      const tx = f.verifier.connect(f.reporter).reportMissed(f.a.address);
      await expect(tx).to.emit(f.verifier, "PeriodMissed").withArgs(f.a.address, 0n, f.reporter.address, slash);
      await expect(tx).to.emit(f.ledger, "NodeFaulted").withArgs(f.a.address, 0n, f.reporter.address, slash);
      await expect(tx).to.emit(f.registry, "NodeSlashed").withArgs(f.a.address, f.reporter.address, slash, slash / 10n, pledge - slash);
      await expect(tx).not.to.emit(f.ledger, "PeriodPaid");
      expect(await f.token.balanceOf(f.reporter.address)).to.equal(reporterBefore + slash / 10n);
      expect((await f.ledger.nodeAccount(f.a.address))[2]).to.equal(0n);
      // the same miss cannot be reported twice: the next period is not overdue yet
      await expect(f.verifier.connect(f.reporter).reportMissed(f.a.address))
        .to.be.revertedWithCustomError(f.verifier, "ProofNotOverdue").withArgs(f.a.address, 1n, deadline + P);
      expect((await f.registry.getNode(f.a.address)).pledge).to.equal(pledge - slash);
      // the node's deals stay with it and it proves the next period
      await expect(proveDeals(f, f.a, f.trees)).to.emit(f.verifier, "PeriodProven").withArgs(f.a.address, 1n, K, 0n, anyUint());
    });

    it("refuses a report while the window is still open, and for a node with nothing to prove", async () => {
      const f = await loadFixture(heldFixture);
      const [, , opensAfter, deadline] = await f.verifier.scheduleOf(f.a.address);
      await mineTo(opensAfter + 1n);
      await expect(f.verifier.reportMissed(f.a.address))
        .to.be.revertedWithCustomError(f.verifier, "ProofNotOverdue").withArgs(f.a.address, 0n, deadline);
      await mineTo(deadline - 1n); // the report lands on the deadline itself
      await expect(f.verifier.reportMissed(f.a.address))
        .to.be.revertedWithCustomError(f.verifier, "ProofNotOverdue").withArgs(f.a.address, 0n, deadline);
      await expect(f.verifier.reportMissed(f.n[3].address)).to.be.revertedWithCustomError(f.verifier, "NothingToProve").withArgs(f.n[3].address);
    });

    it("counts a period missed when it is reported after its seed blocks left blockhash's reach", async () => {
      const f = await loadFixture(heldFixture);
      await mine(300);
      const [, seedFrom] = await f.verifier.scheduleOf(f.a.address);
      expect((await ethers.provider.getBlockNumber()) - Number(seedFrom)).to.be.greaterThan(256);
      await expect(f.verifier.reportMissed(f.a.address)).to.emit(f.verifier, "PeriodMissed").withArgs(f.a.address, 0n, f.admin.address, anyUint());
    });
  });

  it("agrees with the reference tree on a hand-built two-leaf file, and proves it", async () => {
    const data = randomBytes(40, "two");
    const { MemoryPdpTree, leafHash, nodeHash } = pdp();
    const tree = new MemoryPdpTree(data);
    const l0 = leafHash(data.subarray(0, 32));
    const l1 = leafHash(Uint8Array.from([...data.subarray(32), ...new Uint8Array(24)]));
    expect(ethers.hexlify(tree.root)).to.equal(ethers.hexlify(nodeHash(l0, l1)));
    const f = await loadFixture(nodesFixture);
    const a = f.n[0];
    const file = makeFile(data, { copyNum: 0 }, tree);
    await storeFile(f, file, [a]);
    const dealId = await dealIdOf(file, f.owner);
    await f.ledger.connect(a).acceptDeal(dealId);
    const p = await proofFor(f, a, await dealTrees([file], f.owner));
    expect(p.challenges.map((c) => Number(c.leafIndex))).to.deep.equal([0, 1]);
    // two leaves, both challenged: the multiproof has no sibling at all
    const built = buildNodeProof(p.challenges, new Map([[0n, tree]]));
    expect([built.leaves.length, built.proof.length]).to.deep.equal([64, 0]);
    await expect(f.verifier.connect(a).prove(p.leaves, p.proof)).to.emit(f.verifier, "PeriodProven").withArgs(a.address, 0n, 2n, 0n, anyUint());
  });
});

// ------------------------------------------------------------------ local helpers

type F = Awaited<ReturnType<typeof nodesFixture>>;

async function rateOf(f: F, node: { address: string }): Promise<bigint> {
  return (await f.ledger.nodeAccount(node.address))[0];
}

async function isOpen(f: F, node: string): Promise<boolean> {
  const [, seedFrom] = await f.verifier.scheduleOf(node);
  return (await latest()) + 1n < seedFrom;
}

/** A withArgs predicate for any unsigned value. */
function anyUint() {
  return (v: unknown) => typeof v === "bigint" && v >= 0n;
}
