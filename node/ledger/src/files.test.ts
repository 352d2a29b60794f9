import { expect } from "chai";
import { AbiCoder, keccak256 } from "ethers";
import {
  acceptDeal, addWhitelist, calcFee, dealIdOf, declineDeal, deleteFiles, eligibleNodes, fileInfo, fileProofs, isActiveHolder, lapseOffer, listFiles,
  nodeSchedule, nodeStatus, provingParams, recoverDeal, removeWhitelist, setPrivilege, settleExpired, storeFile, tokenBalance, whitelistOf,
} from "./index.js";
import {
  failure, proveTestNode, registerTestNode, reportTestMiss, storeTestFile, type TestAccount, type TestChain, type TestFile,
  withAccounts,
} from "@dsp/testkit";

const UNKNOWN = `0x${"ab".repeat(32)}`;

describe("ledger: deals", function () {
  this.timeout(300_000);
  const f = withAccounts("dsp-ledger-files-", 7);
  let chain: TestChain;
  let owner: TestAccount, other: TestAccount, n1: TestAccount, n2: TestAccount, n3: TestAccount, n4: TestAccount, n5: TestAccount;
  let period: bigint, window: bigint;
  /** offered to n1 just before its slash, never accepted */
  let b: TestFile;
  before(async () => {
    chain = f.chain;
    [owner, other, n1, n2, n3, n4, n5] = f.accounts;
    for (const [i, n] of [n1, n2, n3, n4, n5].entries()) await registerTestNode(n, 4101 + i);
    ({ provingPeriod: period, proofWindow: window } = await provingParams(owner.ledger));
  });

  it("keys a deal by keccak256(abi.encode(owner, fileHash)), as the contract does, without a call", async () => {
    const hash = `0x${"12".repeat(32)}`;
    const id = dealIdOf(owner.address, hash);
    expect(id).to.equal(keccak256(AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [owner.address, hash])));
    expect(id).to.equal(await owner.ledger.contracts.ledger.dealIdOf(owner.address, hash));
    expect(dealIdOf(other.address, hash), "another owner, another deal").to.not.equal(id);
    expect(dealIdOf(owner.address.toLowerCase(), hash.toUpperCase().replace("0X", "0x"))).to.equal(id);
    expect(() => dealIdOf("0x12", hash)).to.throw(/owner/);
    expect(() => dealIdOf(owner.address, "0x12")).to.throw(/file hash/);
  });

  it("prices a deal per slot and per proving period, and refuses an expiry too soon with 55063", async () => {
    const s = await owner.ledger.contracts.ledger.settings();
    const head = await chain.head();
    const expiry = head + 500n;
    const fee = await calcFee(owner.ledger, { fileSize: 5000n, copyNum: 2, expiredHeight: expiry });
    // the view runs at the latest block: duration = expiry - head
    const duration = expiry - head;
    expect(fee.periods).to.equal(duration / period);
    expect(fee.perSlot).to.equal(5n * duration * s.spacePrice + fee.periods * s.proofFee);
    expect(fee.deposit).to.equal(fee.perSlot * 3n);
    const e = await failure(calcFee(owner.ledger, { fileSize: 1n, copyNum: 0, expiredHeight: head + s.acceptWindow }));
    expect(e).to.include({ code: 55063, codeName: "DSP_CUSTOM_EXPIRED_NOT_ENOUGH", reason: "ExpiryTooSoon" });
    expect(await failure(calcFee(owner.ledger, { fileSize: -1, copyNum: 0, expiredHeight: expiry }))).to.include({ code: 40000 });
  });

  describe("offers: accept, decline, lapse, a missed period, recovery", () => {
    let a: TestFile;
    let deposit: bigint;
    let storedAt: bigint;
    let declined: bigint;

    it("stores a deal as offers: nobody holds it yet, each offered node may accept for the accept window", async () => {
      const before = await tokenBalance(owner.ledger, owner.address);
      a = await storeTestFile(chain, owner, [n1, n2], "deal-a", { candidates: [n3.address], accept: false });
      storedAt = await chain.head();
      expect(a.dealId).to.equal(dealIdOf(owner.address, a.fileHash));
      const info = await fileInfo(other.ledger, a.dealId);
      deposit = info.deposit;
      expect(before - (await tokenBalance(owner.ledger, owner.address))).to.equal(deposit);
      expect(info).to.include({ dealId: a.dealId, fileHash: a.fileHash, owner: owner.address, fileDesc: "file deal-a", privilege: "public", copyNum: 1, valid: true, realFileSize: 4096n, leafCount: 128n });
      expect(info).to.not.have.property("proveTimes");
      const { acceptWindow } = await owner.ledger.contracts.ledger.settings();
      expect(info.slots).to.deep.equal([n1, n2].map((n) => ({
        node: n.address, status: "offered", pieceId: 0n, firstPeriod: 0n, lastPeriod: 0n, offeredUntil: storedAt + acceptWindow, rate: 0n, escrow: deposit / 2n,
      })));
      expect(info.holders).to.deep.equal([]);
      expect(info.candidates).to.deep.equal([n3.address]);
      expect(await isActiveHolder(other.ledger, a.dealId, n1.address), "an offer binds nobody").to.equal(false);
    });

    it("an offered node accepts: its piece joins its proof set, paid rate = escrow / periods", async () => {
      const r = await acceptDeal(n1.ledger, a.dealId);
      const info = await fileInfo(other.ledger, a.dealId);
      const slot = info.slots.find((s) => s.node === n1.address)!;
      expect(slot).to.include({ status: "active", pieceId: r.pieceId, firstPeriod: r.firstPeriod, lastPeriod: r.lastPeriod, offeredUntil: 0n, rate: r.rate });
      expect(r.rate).to.equal((deposit / 2n) / (r.lastPeriod - r.firstPeriod + 1n));
      expect(r.lastPeriod >= r.firstPeriod).to.equal(true);
      expect(info.holders).to.deep.equal([n1.address]);
      expect(await isActiveHolder(other.ledger, a.dealId, n1.address)).to.equal(true);
      expect(await isActiveHolder(other.ledger, a.dealId, n2.address)).to.equal(false);
      const s = await nodeSchedule(other.ledger, n1.address);
      expect(s).to.include({ period: r.firstPeriod, totalWeight: 128n, liveWeight: 128n });
      expect(s.deadline - s.opensAfter).to.equal(window);
      expect(s.opensAfter - s.seedFrom).to.equal(3n);
      expect(s.deadline - s.periodStart).to.equal(period);
      expect((await nodeStatus(other.ledger, n1.address)).restVolume).to.equal((64n << 20n) - 4096n);
    });

    it("refuses what does not fit the deal: not offered (40000), not faulted (40000)", async () => {
      expect(await failure(acceptDeal(other.ledger, a.dealId))).to.include({ code: 40000, reason: "NotOffered" });
      expect(await failure(acceptDeal(n1.ledger, a.dealId)), "accepted already").to.include({ code: 40000, reason: "NotOffered" });
      const e = await failure(recoverDeal(other.ledger, a.dealId, n1.address));
      expect(e).to.include({ code: 40000, reason: "NodeNotFaulted" });
      expect(e.message).to.contain(`node ${n1.address} proved its latest period`);
      expect(await failure(acceptDeal(n1.ledger, UNKNOWN))).to.include({ code: 50021, reason: "FileNotFound" });
    });

    it("a declined offer passes to the next candidate", async () => {
      const r = await declineDeal(n2.ledger, a.dealId);
      declined = (await fileInfo(other.ledger, a.dealId)).slots.find((s) => s.node === n3.address)!.escrow;
      expect(r).to.include({ offeredTo: n3.address, refunded: 0n, lost: false });
      expect(declined).to.equal(deposit / 2n);
      const info = await fileInfo(other.ledger, a.dealId);
      expect(info.slots.map((s) => [s.node, s.status])).to.have.deep.members([[n1.address, "active"], [n3.address, "offered"]]);
      expect(info.candidates).to.deep.equal([]);
      expect(r.offeredUntil).to.equal(info.slots.find((s) => s.node === n3.address)!.offeredUntil);
    });

    it("an offer nobody accepted lapses after its window (not before: 40000), and its escrow goes back", async () => {
      expect(await failure(lapseOffer(other.ledger, a.dealId, n3.address))).to.include({ code: 40000, reason: "OfferStillOpen" });
      const until = (await fileInfo(other.ledger, a.dealId)).slots.find((s) => s.node === n3.address)!.offeredUntil;
      await chain.mine(until - (await chain.head()));
      const late = await failure(acceptDeal(n3.ledger, a.dealId));
      expect(late).to.include({ code: 50016, codeName: "TASK_WAIT_TIMEOUT", reason: "OfferClosed" });
      const before = await tokenBalance(owner.ledger, owner.address);
      const r = await lapseOffer(other.ledger, a.dealId, n3.address);
      expect(r).to.include({ offeredTo: null, refunded: declined, lost: false });
      expect((await tokenBalance(owner.ledger, owner.address)) - before).to.equal(declined);
      expect((await fileInfo(other.ledger, a.dealId)).slots.map((s) => s.node)).to.deep.equal([n1.address]);
    });

    it("a holder that let its period pass is reported, slashed, and no longer eligible (the pledge floor); an offer it had cannot be accepted (50015)", async () => {
      // offered before the report, while n1 is still eligible
      b = await storeTestFile(chain, owner, [n1.address], "deal-b");
      expect(await failure(proveTestNode(chain, n1)), "its window is gone").to.match(/missed period/);
      const before = await nodeStatus(other.ledger, n1.address);
      const report = await reportTestMiss(chain, other, n1);
      const minSlash = await owner.ledger.contracts.registry.minSlash();
      expect(report).to.include({ missed: true, slashed: minSlash });
      const after = await nodeStatus(other.ledger, n1.address);
      expect(before.pledge - after.pledge).to.equal(minSlash);
      expect(after.pledge < after.requiredPledge, "below the pledge its volume requires").to.equal(true);
      const head = await chain.head();
      const eligible = (await eligibleNodes(other.ledger, 4096n, head + 1000n)).map((n) => n.address);
      expect(eligible).to.not.include(n1.address);
      expect(eligible).to.include.members([n2.address, n3.address]);
      const e = await failure(acceptDeal(n1.ledger, b.dealId));
      expect(e).to.include({ code: 50015, codeName: "RECEIVERS_REJECTED", reason: "PledgeTooLow" });
      expect(e.message).to.match(/has a pledge of [\d.]+ DSP, its volume requires [\d.]+ DSP/);
    });

    it("the faulted holder's slot is recovered; with no candidate and no other slot the deal is lost and refunded: deposit = refunds", async () => {
      const before = await tokenBalance(owner.ledger, owner.address);
      const r = await recoverDeal(other.ledger, a.dealId, n1.address);
      expect(r).to.include({ offeredTo: null, lost: true, paid: 0n, left: deposit / 2n });
      expect(r.refunded).to.equal(deposit / 2n);
      expect((await tokenBalance(owner.ledger, owner.address)) - before).to.equal(r.refunded);
      expect(declined + r.refunded, "nothing was earned: all of it came back").to.equal(deposit);
      expect(await failure(fileInfo(other.ledger, a.dealId))).to.include({ code: 50021 });
    });

    it("a deal's history outlives it: who held it, and the period its holder missed", async () => {
      const p = await fileProofs(other.ledger, a.dealId);
      expect(p).to.include({ dealId: a.dealId, fileHash: a.fileHash });
      expect(p.holders).to.deep.equal([]);
      expect(p.holdings).to.have.length(1);
      expect(p.holdings[0]).to.include({ node: n1.address, reason: "recovered", paid: 0n });
      expect(p.periods.map((x) => [x.node, x.outcome, x.reporter])).to.deep.equal([[n1.address, "missed", other.address]]);
      expect(p.periods[0].slashed).to.equal(await owner.ledger.contracts.registry.minSlash());
      expect(p.periods[0].period).to.equal(p.holdings[0].firstPeriod);
      expect(await failure(fileProofs(other.ledger, UNKNOWN))).to.include({ code: 50021 });
    });
  });

  describe("proofs, payment and the end of a deal", () => {
    let c: TestFile, d: TestFile;

    it("a node proves all its deals in one proof per period, paid the sum of their rates; each deal's history shows its part", async () => {
      c = await storeTestFile(chain, owner, [n4], "deal-c");
      d = await storeTestFile(chain, owner, [n4], "deal-d", { size: 9000 });
      const [ic, id] = [await fileInfo(other.ledger, c.dealId), await fileInfo(other.ledger, d.dealId)];
      const [rc, rd] = [ic.slots[0].rate, id.slots[0].rate];
      expect((await nodeSchedule(other.ledger, n4.address)).totalWeight).to.equal(128n + 282n);
      const proof = await proveTestNode(chain, n4);
      expect(proof.challenged + proof.skipped).to.equal(32);
      expect(proof.reward).to.equal(rc + rd);
      for (const [file, rate] of [[c, rc], [d, rd]] as const) {
        const p = await fileProofs(other.ledger, file.dealId);
        expect(p.periods).to.have.length(1);
        expect(p.periods[0]).to.include({ node: n4.address, period: proof.period, outcome: "proven", reward: rc + rd, dealReward: rate, txHash: proof.txHash, challenged: proof.challenged, slashed: 0n, reporter: null });
        expect(p.holders.map((h) => [h.node, h.schedule.period])).to.deep.equal([[n4.address, proof.period + 1n]]);
        expect(p.holdings.map((h) => [h.node, h.releasedAt])).to.deep.equal([[n4.address, null]]);
      }
    });

    it("whitelist (keyed by the deal id): the owner adds and removes rules; anyone else is refused with 55019", async () => {
      const rules = await addWhitelist(owner.ledger, d.dealId, [{ addr: other.address, fromHeight: 5n, toHeight: 500n }]);
      expect(rules).to.deep.equal([{ addr: other.address, fromHeight: 5n, toHeight: 500n }]);
      expect(await whitelistOf(other.ledger, d.dealId)).to.deep.equal(rules);
      const e = await failure(addWhitelist(other.ledger, d.dealId, [{ addr: other.address }]));
      expect(e).to.include({ code: 55019, codeName: "DSP_WHITELIST_OP_FAILED", reason: "NotFileOwner" });
      expect(e.message).to.contain(`does not own deal ${d.dealId}`);
      expect(await failure(removeWhitelist(owner.ledger, d.dealId, [n1.address]))).to.include({ code: 55019, reason: "RuleNotFound" });
      expect(await failure(addWhitelist(owner.ledger, d.dealId, [{ addr: other.address, fromHeight: 9n, toHeight: 1n }]))).to.include({ code: 40000 });
      expect(await removeWhitelist(owner.ledger, d.dealId, [other.address])).to.deep.equal([]);
    });

    it("the owner changes the privilege; anyone else is refused", async () => {
      expect(await setPrivilege(owner.ledger, d.dealId, "private")).to.equal("private");
      expect((await fileInfo(other.ledger, d.dealId)).privilege).to.equal("private");
      expect(await failure(setPrivilege(other.ledger, d.dealId, 1))).to.include({ reason: "NotFileOwner" });
      expect(await failure(setPrivilege(owner.ledger, d.dealId, 3))).to.include({ code: 40000 });
    });

    it("two owners may store the same bytes, each its own deal; the same owner twice is 50005", async () => {
      const mine = await fileInfo(other.ledger, d.dealId);
      const theirs = await storeFile(other.ledger, {
        option: {
          fileDesc: "same bytes", fileSize: mine.realFileSize, proveInterval: period, expiredHeight: (await chain.head()) + 300n, privilege: 1, copyNum: 0,
          encrypt: false, registerDns: false, bindDns: false, dnsUrl: "", whitelist: [], share: false, storageType: 1,
        },
        commit: { fileHash: mine.fileHash, blocksRoot: mine.blocksRoot, dataRoot: mine.dataRoot, blockNum: mine.blockNum, blockSize: mine.blockSize },
        offered: [n5.address],
      });
      expect(theirs.dealId).to.equal(dealIdOf(other.address, mine.fileHash)).and.to.not.equal(d.dealId);
      expect(theirs.deposit).to.equal((await fileInfo(owner.ledger, theirs.dealId)).deposit);
      expect((await fileInfo(owner.ledger, theirs.dealId)).owner).to.equal(other.address);
      expect((await listFiles(owner.ledger, other.address)).map((x) => [x.dealId, x.fileHash])).to.deep.equal([[theirs.dealId, mine.fileHash]]);
      const again = await failure(storeTestFile(chain, owner, [n5], "deal-d", { size: 9000 }));
      expect(again).to.include({ code: 50005, codeName: "FILE_HAS_UPLOADED", reason: "FileAlreadyStored" });
    });

    it("lists the owner's live deals (the lost one left out) from the chain's events", async () => {
      const list = await listFiles(other.ledger, owner.address);
      expect(list.map((x) => x.dealId)).to.deep.equal([b.dealId, c.dealId, d.dealId]);
      expect(list[2]).to.include({ fileHash: d.fileHash, privilege: "private", realFileSize: 9000n });
    });

    it("delete: someone else is refused with 50049, an unknown deal with 50021, an empty list with 50047", async () => {
      const e = await failure(deleteFiles(other.ledger, [c.dealId]));
      expect(e).to.include({ code: 50049, codeName: "DELETE_FILE_ACCESS_DENIED", reason: "DeleteFileAccessDenied" });
      expect(await failure(deleteFiles(owner.ledger, [UNKNOWN]))).to.include({ code: 50021 });
      expect(await failure(deleteFiles(owner.ledger, []))).to.include({ code: 50047, reason: "NoFilesToDelete" });
      expect((await fileInfo(owner.ledger, c.dealId)).valid).to.equal(true);
    });

    it("the owner deletes a deal: the holder keeps what it earned plus the elapsed part of its period, the rest comes back, to the wei", async () => {
      const info = await fileInfo(owner.ledger, c.dealId);
      const rate = info.slots[0].rate;
      // into n4's next period (proved the last one), well before its deadline
      const s = await nodeSchedule(owner.ledger, n4.address);
      const head = await chain.head();
      if (head < s.periodStart + 4n) await chain.mine(s.periodStart + 4n - head);
      const at = (await chain.head()) + 1n;
      expect(at <= s.deadline, "not overdue").to.equal(true);
      const rewards = await owner.ledger.contracts.ledger.rewardsOf(n4.address);
      const balance = await tokenBalance(owner.ledger, owner.address);
      const refund = await deleteFiles(owner.ledger, [c.dealId]);
      const extra = (await owner.ledger.contracts.ledger.rewardsOf(n4.address)) - rewards;
      expect(extra).to.equal((rate * (at - s.periodStart)) / period);
      expect((await tokenBalance(owner.ledger, owner.address)) - balance).to.equal(refund);
      // one proven period, the elapsed part of the next, the refund
      expect(rate + extra + refund).to.equal(info.deposit);
      const p = await fileProofs(other.ledger, c.dealId);
      expect(p.holdings[0]).to.include({ node: n4.address, reason: "deleted", paid: rate + extra });
      expect(await failure(fileInfo(owner.ledger, c.dealId))).to.include({ code: 50021 });
      expect((await listFiles(owner.ledger, owner.address)).map((x) => x.dealId)).to.not.include(c.dealId);
    });

    it("anyone settles a deal after its expiry (not before: 40000) and the unearned escrow goes back", async () => {
      const e = await storeTestFile(chain, owner, [n5], "deal-e", { option: { expiredHeight: (await chain.head()) + 110n } });
      const info = await fileInfo(owner.ledger, e.dealId);
      const early = await failure(settleExpired(other.ledger, e.dealId));
      expect(early).to.include({ code: 40000, reason: "NotExpired" });
      expect(early.message).to.contain(`runs until block ${info.expiredHeight}`);
      await chain.mine(info.expiredHeight - (await chain.head()));
      const balance = await tokenBalance(owner.ledger, owner.address);
      const refund = await settleExpired(other.ledger, e.dealId);
      expect(refund, "the holder never proved: all of it").to.equal(info.deposit);
      expect((await tokenBalance(owner.ledger, owner.address)) - balance).to.equal(refund);
      expect(await failure(fileInfo(owner.ledger, e.dealId))).to.include({ code: 50021 });
    });
  });

  it("an unknown deal is 50021 FILE_NOT_FOUND_FROM_CHAIN, and a malformed id 40000 before any call", async () => {
    const e = await failure(fileInfo(owner.ledger, UNKNOWN));
    expect(e).to.include({ code: 50021, codeName: "FILE_NOT_FOUND_FROM_CHAIN", reason: "FileNotFound" });
    expect(e.message).to.contain(`deal ${UNKNOWN} is not on the chain (DSP 50021 FILE_NOT_FOUND_FROM_CHAIN)`);
    expect(await failure(fileInfo(owner.ledger, "0x1234"))).to.include({ code: 40000 });
  });
});
