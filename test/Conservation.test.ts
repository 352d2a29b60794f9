import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer } from "ethers";
import { deployFixture, registerNodes, makeFile, storeFile, proveNow, randomBytes, SETTINGS } from "./helpers/dsp";

/** mulberry32: a small seeded PRNG, so a failing run names its seed and reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

async function sixNodes() {
  const f = await deployFixture();
  await registerNodes(f, 6);
  return f;
}

const RUNS = 25;
/** Which paths the random runs took, so the suite can show it exercised all of them. */
const seen = { proofs: 0, reports: 0, recoveries: 0, deletes: 0, expiries: 0 };

describe("Money is conserved over a file's whole life", () => {
  for (let seed = 1; seed <= RUNS; seed++) {
    it(`escrow in = rewards out + refund, to the wei (seed ${seed})`, async () => {
      const f = await loadFixture(sixNodes);
      const r = rng(seed);
      const copyNum = r.int(0, 2);
      const interval = r.int(Number(SETTINGS.minProveInterval), 25);
      const lifetime = BigInt(r.int(interval, interval * 6));
      const size = r.int(0, 70_000);
      const primaries = f.nodes.slice(0, copyNum + 1);
      const candidates = f.nodes.slice(copyNum + 1, copyNum + 1 + r.int(0, 2));
      const file = makeFile(randomBytes(size, `c${seed}`), { copyNum, proveInterval: BigInt(interval) });
      const ownerStart = await f.token.balanceOf(f.owner.address);
      await storeFile(f, file, primaries, candidates, f.owner, lifetime);
      const { deposit } = await f.ledger.getFileInfo(file.fileHash);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerStart - deposit);

      const bySigner = new Map<string, Signer>(f.nodes.map((n) => [n.address, n]));
      let refund: bigint | undefined;
      for (let step = 0; step < 60 && refund === undefined; step++) {
        const [holders, states] = await f.ledger.holdersOf(file.fileHash);
        const due = holders.filter((_, i) => states[i].proofsLeft > 0n);
        if (due.length === 0) break;
        const node = bySigner.get(due[r.int(0, due.length - 1)])!;
        const [, deadline] = await f.verifier.challengeOf(file.fileHash, await node.getAddress());
        const late = BigInt(await ethers.provider.getBlockNumber()) >= deadline;
        const roll = r.next();
        if (late || roll < 0.15) {
          if (!late) await mine(deadline - BigInt(await ethers.provider.getBlockNumber()));
          const rc = await (await f.verifier.connect(f.reporter).reportMissed(file.fileHash, await node.getAddress())).wait();
          seen.reports++;
          if (rc!.logs.some((l) => l.topics[0] === f.ledger.interface.getEvent("RecoveryAssigned").topicHash)) seen.recoveries++;
        } else if (roll < 0.2) {
          const rc = await (await f.ledger.connect(f.owner).deleteFiles([file.fileHash])).wait();
          refund = f.ledger.interface.parseLog(rc!.logs.find((l) => l.topics[0] === f.ledger.interface.getEvent("FileDeleted").topicHash)!)!.args.refund;
          seen.deletes++;
        } else {
          await proveNow(f, file, node);
          seen.proofs++;
        }
      }
      if (refund === undefined) {
        const info = await f.ledger.getFileInfo(file.fileHash);
        const now = BigInt(await ethers.provider.getBlockNumber());
        const end = info.expiredHeight + BigInt(SETTINGS.proofWindow) + 1n;
        if (now < end) await mine(end - now);
        const rc = await (await f.ledger.settleExpired(file.fileHash)).wait();
        refund = f.ledger.interface.parseLog(rc!.logs.find((l) => l.topics[0] === f.ledger.interface.getEvent("FileExpired").topicHash)!)!.args.refund;
        seen.expiries++;
      }

      const rewards = await f.ledger.queryFilter(f.ledger.filters.ProofRewarded(file.fileHash));
      const paid = rewards.reduce((sum, e) => sum + e.args.reward, 0n);
      expect(deposit).to.equal(paid + refund!, `seed ${seed}: deposit ${deposit} != paid ${paid} + refund ${refund}`);
      // the owner is out exactly what the nodes earned, and the ledger holds exactly their unclaimed rewards
      expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerStart - paid);
      let unclaimed = 0n;
      for (const n of f.nodes) unclaimed += await f.ledger.rewardsOf(n.address);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(unclaimed);
      expect(unclaimed).to.equal(paid);
    });
  }

  it("took every path at least once: proofs, missed reports, recoveries, deletes, expiries", () => {
    for (const [path, count] of Object.entries(seen)) expect(count, path).to.be.greaterThan(0);
  });
});
