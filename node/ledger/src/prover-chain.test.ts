import { expect } from "chai";
import { hexlify } from "ethers";
import { buildNodeProof, challengePositions, locateChallenges, nodeChallengeSeed, type ProofSetPiece } from "@dsp/core";
import { ChainError, deleteFiles, fileInfo, LedgerChain, nodeSchedule, nodeStatus, provingParams, registerNode, type LocatedChallenge } from "./index.js";
import {
  failure, mineTo, proveTestNode, registerTestNode, reportTestMiss, storeTestFile, testTrees, type TestAccount, type TestChain, type TestFile, withAccounts,
} from "@dsp/testkit";

describe("ledger: the prover's chain (LedgerChain) and the off-chain challenge against PDPVerifier", function () {
  this.timeout(300_000);
  const f = withAccounts("dsp-ledger-prover-chain-", 5);
  let chain: TestChain;
  let owner: TestAccount, x: TestAccount, y: TestAccount, z: TestAccount, reporter: TestAccount;
  let challengeCount: number;
  before(async () => {
    chain = f.chain;
    [owner, x, y, z, reporter] = f.accounts;
    await registerTestNode(x, 4301);
    await registerTestNode(y, 4302);
    ({ challengeCount } = await provingParams(owner.ledger));
  });

  /** Proves `node`'s period first when its set is frozen, so that the next change to it is taken now. */
  async function whenOpen(node: TestAccount) {
    const s = await nodeSchedule(owner.ledger, node.address);
    if (s.totalWeight !== 0n && (await chain.head()) + 1n >= s.seedFrom) await proveTestNode(chain, node);
  }

  /** Every piece id up to the highest in use as pieceOf gives it: weight in the sum tree (0 for a freed id), last period, removed. */
  async function piecesOf(node: string, upTo: bigint) {
    const out: (ProofSetPiece & { ended: boolean })[] = [];
    for (let id = 0n; id <= upTo; id++) {
      const [, , leafCount, lastPeriod, removed] = await owner.ledger.contracts.verifier.pieceOf(node, id);
      // pieceOf's `removed` (the deal ended) is not the verifier's skip flag: a piece leaving in a
      // frozen range is challenged through its capped lastPeriod, which decides alone
      out.push({ pieceId: id, weight: leafCount, lastPeriod, ended: removed });
    }
    return out;
  }

  /** Opens `node`'s window and checks that seed, positions and located challenges derived off-chain equal challengeOf's. */
  async function compareWithVerifier(lc: LedgerChain, node: string, maxPiece: bigint) {
    const s = await lc.schedule(node);
    await mineTo(chain, s.opensAfter + 1n);
    const view = await lc.challenge(node);
    expect(view.period).to.equal(s.period);
    expect(view.seed).to.not.equal(`0x${"00".repeat(32)}`);
    const hashes = await Promise.all([0n, 1n, 2n, 3n].map(async (i) => (await lc.blockHash(s.seedFrom + i))!));
    expect(hexlify(nodeChallengeSeed({ blockHashes: hashes, node, period: s.period }))).to.equal(view.seed);
    const pieces = await piecesOf(node, maxPiece);
    const total = pieces.reduce((n, p) => n + BigInt(p.weight), 0n);
    expect(total).to.equal(s.totalWeight);
    const positions = challengePositions(view.seed, total, challengeCount);
    expect(positions).to.deep.equal(view.challenges.map((c) => c.position));
    expect(locateChallenges(positions, pieces, s.period)).to.deep.equal(view.challenges);
    return { view, pieces, schedule: s };
  }

  function proofFor(node: TestAccount, challenges: LocatedChallenge[], dealOf: Map<bigint, string>) {
    return buildNodeProof(challenges, (id) => testTrees.get(dealOf.get(id)!)!);
  }

  it("derives seed, positions and (piece, leaf) of every challenge as the verifier does, over several pieces with a freed id and a removed piece, and the proof built from them is accepted", async () => {
    const lc = await LedgerChain.connect(x.ledger);
    const files: TestFile[] = [];
    for (const [i, size] of [3000, 9000, 40_000, 500].entries()) files.push(await storeTestFile(chain, owner, [x], `pc-${i}`, { size }));
    const dealOf = new Map<bigint, string>();
    for (const file of files) dealOf.set((await fileInfo(owner.ledger, file.dealId)).slots[0].pieceId, file.dealId);
    expect([...dealOf.keys()].sort()).to.deep.equal([0n, 1n, 2n, 3n]);
    const idOf = (file: TestFile) => [...dealOf].find(([, d]) => d === file.dealId)![0];

    // piece of files[1] deleted while the set is open: its weight leaves the tree, its id is freed
    await whenOpen(x);
    await deleteFiles(owner.ledger, [files[1].dealId]);
    expect((await piecesOf(x.address, 3n))[Number(idOf(files[1]))].weight).to.equal(0n);
    // piece of files[2] (the largest) deleted while the set is frozen: it leaves, its weight stays until compacted
    const s = await nodeSchedule(owner.ledger, x.address);
    await mineTo(chain, s.seedFrom - 1n);
    await deleteFiles(owner.ledger, [files[2].dealId]);
    const leaving = (await piecesOf(x.address, 3n))[Number(idOf(files[2]))];
    expect(leaving).to.include({ ended: true, weight: 1250n, lastPeriod: s.period });

    // this period's challenges were drawn before the removal: the leaving piece is still challenged, not skipped
    const one = await compareWithVerifier(lc, x.address, 3n);
    expect(one.view.challenges.some((c) => c.pieceId === idOf(files[2])), "the leaving piece is challenged").to.equal(true);
    expect(one.view.challenges.some((c) => c.skip)).to.equal(false);
    expect(one.view.challenges.some((c) => c.pieceId === idOf(files[1])), "a freed id is never challenged").to.equal(false);

    // a lying holder: one leaf changed
    const good = proofFor(x, one.view.challenges, dealOf);
    const bad = { leaves: Uint8Array.from(good.leaves), proof: good.proof };
    bad.leaves[0] ^= 1;
    const lie = await failure(lc.prove(bad.leaves, bad.proof));
    expect(lie).to.be.instanceOf(ChainError);
    expect(lie.revert).to.equal("InvalidProof");
    const r1 = await lc.prove(good.leaves, good.proof);
    expect(r1).to.include({ period: one.view.period, challenged: one.view.challenges.length, skipped: 0 });
    const rates = (await fileInfo(owner.ledger, files[0].dealId)).slots[0].rate + (await fileInfo(owner.ledger, files[3].dealId)).slots[0].rate;
    expect(r1.reward, "deleted deals pay no more").to.equal(rates);

    // next period, before compact: the leaving piece still weighs, and every challenge on it is skipped
    const two = await compareWithVerifier(lc, x.address, 3n);
    expect(two.view.period).to.equal(one.view.period + 1n);
    const skipped = two.view.challenges.filter((c) => c.skip);
    expect(skipped.length, "the leaving piece, past its last period, is challenged and skipped").to.be.greaterThan(0);
    expect(skipped.every((c) => c.pieceId === idOf(files[2]))).to.equal(true);
    const p2 = proofFor(x, two.view.challenges, dealOf);
    expect(await lc.prove(p2.leaves, p2.proof)).to.include({ period: two.view.period, challenged: two.view.challenges.length - skipped.length, skipped: skipped.length });

    // compacted away; a new deal reuses a freed id
    await (await reporter.ledger.contracts.verifier.compact(x.address, 10n)).wait();
    expect((await lc.schedule(x.address)).totalWeight).to.equal(94n + 16n);
    const next = await storeTestFile(chain, owner, [x], "pc-4", { size: 7000 });
    const reused = (await fileInfo(owner.ledger, next.dealId)).slots[0].pieceId;
    expect([idOf(files[1]), idOf(files[2])]).to.include(reused);
    dealOf.set(reused, next.dealId);
    const three = await compareWithVerifier(lc, x.address, 3n);
    expect(three.view.challenges.some((c) => c.pieceId === reused)).to.equal(true);
    const p3 = proofFor(x, three.view.challenges, dealOf);
    expect((await lc.prove(p3.leaves, p3.proof)).period).to.equal(three.view.period);
  });

  it("reads deals, slots, schedule and the node's deal events", async () => {
    const lc = await LedgerChain.connect(y.ledger);
    const from = (await chain.head()) + 1n;
    const file = await storeTestFile(chain, owner, [y], "pc-y", { candidates: [x.address] });
    const deal = (await lc.deal(file.dealId))!;
    expect(deal).to.include({ dealId: file.dealId, fileHash: file.fileHash, owner: owner.address, leafCount: 128n, fileSize: 4096n, privilege: 1 });
    const slots = (await lc.slots(file.dealId))!;
    expect(slots.map((s) => [s.node, s.status])).to.deep.equal([[y.address, "active"]]);
    expect(await lc.candidates(file.dealId)).to.deep.equal([x.address]);
    expect(await lc.schedule(y.address)).to.deep.equal(await nodeSchedule(owner.ledger, y.address));
    expect(await lc.piece(y.address, slots[0].pieceId)).to.deep.equal({ dealId: file.dealId, lastPeriod: slots[0].lastPeriod, removed: false });
    expect(await lc.piece(y.address, 99n)).to.equal(null);
    expect(await lc.nodeAccount(y.address)).to.deep.include({ faultedPeriod: null });
    const events = await lc.dealEvents(from, await lc.head());
    expect(events.map((e) => [e.dealId, e.kind, e.via])).to.deep.equal([[file.dealId, "offered", "store"], [file.dealId, "accepted", undefined]]);
    const xEvents = await (await LedgerChain.connect(x.ledger)).dealEvents(from, await lc.head());
    expect(xEvents.map((e) => e.kind)).to.deep.equal(["candidate"]);
    expect(await lc.deal(`0x${"cd".repeat(32)}`)).to.equal(null);
    expect(await lc.slots(`0x${"cd".repeat(32)}`)).to.equal(null);
  });

  it("a period whose challenges all fall on removed pieces counts as proved: nothing to report, and a report slashes nothing", async () => {
    const lc = await LedgerChain.connect(reporter.ledger);
    // y holds one deal (the previous test): deleted while y's set is frozen, it is still challenged this
    // period, which y proves; from the next period on every challenge falls on it and is skipped
    const [dealId] = await owner.ledger.contracts.verifier.pieceOf(y.address, 0n);
    const s = await nodeSchedule(owner.ledger, y.address);
    if ((await chain.head()) + 1n < s.seedFrom) await mineTo(chain, s.seedFrom - 1n);
    await deleteFiles(owner.ledger, [dealId]);
    expect((await proveTestNode(chain, y)).skipped).to.equal(0);
    const next = await nodeSchedule(owner.ledger, y.address);
    expect(next.period).to.equal(s.period + 1n);
    expect(await lc.canReportMissed(y.address), "not overdue").to.equal(false);
    // a dry run (eth_call) sees the head's block number: past the deadline from deadline + 1 on
    await mineTo(chain, next.deadline + 1n);
    const view = await lc.challenge(y.address);
    expect(view.challenges.length > 0 && view.challenges.every((c) => c.skip)).to.equal(true);
    expect(await lc.canReportMissed(y.address)).to.equal(false);
    const pledge = (await nodeStatus(owner.ledger, y.address)).pledge;
    const r = await lc.reportMissed(y.address);
    expect(r).to.include({ period: next.period, slashed: 0n, toReporter: 0n });
    expect((await nodeStatus(owner.ledger, y.address)).pledge).to.equal(pledge);
    expect((await lc.nodeAccount(y.address)).faultedPeriod).to.equal(null);
  });

  it("a node whose whole pledge was slashed still gets its next miss reported (it opens its deals to recovery)", async () => {
    const minVolume = await owner.ledger.contracts.registry.minVolume();
    const minSlash = await owner.ledger.contracts.registry.minSlash();
    // the pledge floor: the smallest volume pledges minSlash, what one missed period costs
    const status = await registerNode(z.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/4303", volume: minVolume, serviceTime: 10_000_000n });
    expect(status.pledge).to.equal(minSlash);
    expect(status.requiredPledge).to.equal(minSlash);
    await storeTestFile(chain, owner, [z], "pc-z");
    const lc = await LedgerChain.connect(reporter.ledger);
    const first = await reportTestMiss(chain, reporter, z);
    expect(first).to.include({ missed: true, slashed: minSlash });
    expect((await nodeStatus(owner.ledger, z.address)).pledge).to.equal(0n);
    await mineTo(chain, (await lc.schedule(z.address)).deadline + 1n);
    expect(await lc.canReportMissed(z.address), "a miss with nothing left to slash is still a miss").to.equal(true);
    const second = await lc.reportMissed(z.address);
    expect(second).to.include({ period: first.period + 1n, slashed: 0n, toReporter: 0n });
    expect((await lc.nodeAccount(z.address)).faultedPeriod).to.equal(first.period + 1n);
  });
});
