/**
 * The proving service on a real `hardhat node` with the DSP contracts deployed (ledger v2: deals a
 * node accepts, one proof per node per period): real files in FileStores, real PDP proofs, real
 * slashing. Blocks are mined by the test (evm_mine), one at a time, and each step waits until every
 * running prover has handled the new head: no sleeps.
 */
import { expect } from "chai";
import { ethers, type Signer } from "ethers";
import { TestChain } from "@dsp/testkit";
import { Actors } from "@dsp/testkit";
import type { FileStore } from "../fs/file-store.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { KiB, memoryFileStore, random } from "../fs/testing.js";
import { InvalidParams } from "@dsp/core";
import { ChainError, dealIdOf, Ledger, LedgerChain, type ProverChain } from "@dsp/ledger";
import { Prover, type ProverEvent } from "./prover.js";

const MIB = 1n << 20n;
const BLOCK = 4 * KiB;

describe("Prover (a node's proving service, ledger v2)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let actors: Actors;
  let snapshot: string;
  let running: Prover[] = [];
  const clients: Ledger[] = [];
  /** every prover:error of the test: none is expected anywhere */
  let errors: ProverEvent[] = [];

  before(async () => {
    chain = await TestChain.start();
    actors = new Actors(chain, 4);
    await actors.fund();
    for (let i = 0; i < 4; i++) await actors.registerNode(i, 64n * MIB);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await chain?.stop();
  });
  // every test starts from the same chain: earlier tests' deals must not reach later provers
  beforeEach(async () => {
    snapshot = await chain.snapshot();
  });
  afterEach(async () => {
    await Promise.all(running.map((p) => p.stop()));
    running = [];
    await chain.revert(snapshot);
    const seen = errors;
    errors = [];
    const why = (e: ProverEvent) => (e.type === "prover:error" ? `${e.detail.error.message}: ${String((e.detail.error.cause as Error)?.message ?? "")}` : "");
    expect(seen.map(why), "unexpected prover errors").to.deep.equal([]);
  });

  const ledger = () => actors.as(actors.owner).ledger;
  const verifier = () => actors.as(actors.owner).verifier;
  const registry = () => actors.as(actors.owner).registry;
  const node = (i: number) => actors.nodes[i];

  /** A prover's chain for `signer`, over its own ledger client (closed after the suite). */
  async function proverChain(signer: Signer): Promise<LedgerChain> {
    const client = await Ledger.connect({ rpcUrl: chain.url, deployments: chain.deployments, signer });
    clients.push(client);
    return LedgerChain.connect(client);
  }

  /** A node's prover over its own store; its events are collected in `events`. */
  async function startProver(i: number, files: FileStore, { claimThreshold, wrap }: { claimThreshold?: bigint; wrap?: (c: LedgerChain) => ProverChain } = {}) {
    const events: ProverEvent[] = [];
    const ledgerChain = await proverChain(node(i));
    const onProgress = (e: ProverEvent) => (e.type === "prover:error" ? errors : events).push(e);
    const prover = new Prover({ chain: wrap ? wrap(ledgerChain) : ledgerChain, files, pollIntervalMs: 10, onProgress, claimThreshold });
    prover.start();
    running.push(prover);
    await prover.synced(await chain.head());
    return { prover, events };
  }

  async function stopProver(p: Prover) {
    await p.stop();
    running = running.filter((q) => q !== p);
  }

  /** Mines one block at a time up to `height`, letting every running prover handle each head. */
  async function advanceTo(height: bigint) {
    for (let guard = 0; guard < 2000; guard++) {
      const head = await chain.head();
      await Promise.all(running.map((p) => p.synced(head)));
      if (head >= height) return;
      await chain.send("evm_mine");
    }
    throw new Error(`did not reach block ${height}`);
  }

  /** Mines (as advanceTo) until `done()` holds, at most `blocks` more blocks. */
  async function mineUntil(done: () => Promise<boolean>, blocks: bigint, what: string) {
    const last = (await chain.head()) + blocks;
    for (;;) {
      const head = await chain.head();
      await advanceTo(head);
      if (await done()) return;
      if (head >= last) throw new Error(`${what}: not within ${blocks} blocks`);
      await advanceTo(head + 1n);
    }
  }

  /**
   * Puts `data` with its PDP data in each of `stores`, and has the owner open a deal for it offered
   * to `offered` with `candidates`, for `lifetime` blocks. `dataRoot` overrides the committed root
   * (an owner committing a root its bytes do not have).
   */
  async function storeDeal(data: Uint8Array, offered: number[], candidates: number[], stores: FileStore[], { lifetime = 400n, dataRoot }: { lifetime?: bigint; dataRoot?: string } = {}) {
    const probe = await memoryFileStore(BLOCK);
    const r = await probe.files.addFile([data]);
    const pdp = await generatePdpData(probe.files, r.fileHash, { workers: 1 });
    for (const files of stores) {
      await files.addFile([data]);
      await generatePdpData(files, r.fileHash, { workers: 1 });
    }
    const fileHash = ethers.hexlify(r.fileHash);
    const commit = { fileHash, blocksRoot: ethers.hexlify(r.blocksRoot), dataRoot: dataRoot ?? ethers.hexlify(pdp.dataRoot), blockNum: BigInt(r.blockCount), blockSize: BigInt(r.blockSize) };
    const head = await chain.head();
    const option = {
      fileDesc: ethers.toUtf8Bytes("prover test"), fileSize: BigInt(data.length), proveInterval: 20n, expiredHeight: head + 1n + lifetime,
      privilege: 1, copyNum: offered.length - 1, encrypt: false, registerDns: false, bindDns: false, dnsUrl: "", whitelist: [], share: false, storageType: 1,
    };
    await (await ledger().storeFile(option, commit, offered.map((i) => node(i).address), candidates.map((i) => node(i).address))).wait();
    return { dealId: dealIdOf(actors.owner.address, fileHash), fileHash };
  }

  const store = async () => (await memoryFileStore(BLOCK)).files;
  const slotOf = async (dealId: string, i: number) => {
    const [nodes, slots] = await ledger().holdersOf(dealId).catch(() => [[], []] as unknown as Awaited<ReturnType<ReturnType<typeof ledger>["holdersOf"]>>);
    const at = nodes.findIndex((a: string) => a === node(i).address);
    return at < 0 ? undefined : slots[at];
  };
  const isActive = async (dealId: string, i: number) => (await slotOf(dealId, i))?.status === 2n;
  const schedule = async (i: number) => {
    const [period, seedFrom, opensAfter, deadline] = await verifier().scheduleOf(node(i).address);
    return { period, seedFrom, opensAfter, deadline };
  };
  const ofType = <T extends ProverEvent["type"]>(events: ProverEvent[], type: T) => events.filter((e): e is Extract<ProverEvent, { type: T }> => e.type === type);
  const proven = async (i: number) => verifier().queryFilter(verifier().filters.PeriodProven(node(i).address));
  const accepted = async (dealId: string, i?: number) => ledger().queryFilter(ledger().filters.DealAccepted(dealId, i === undefined ? undefined : node(i).address));
  const pledge = async (i: number) => (await registry().getNode(node(i).address)).pledge;
  const nonce = (i: number) => chain.provider.getTransactionCount(node(i).address);

  it("accepts a deal once its data is in the store, then proves each period with one transaction, paid each time", async () => {
    const files = await store();
    const { dealId, fileHash } = await storeDeal(random(20 * KiB), [0], [], [files]);
    const n0 = await nonce(0);
    const { events } = await startProver(0, files);
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    expect(ofType(events, "prover:deal:tracked").map((e) => e.detail)).to.deep.include({ dealId, fileHash, role: "offered", via: "store" });
    expect(ofType(events, "prover:deal:accepted").map((e) => e.detail.dealId)).to.deep.equal([dealId]);
    const [acc] = await accepted(dealId, 0);
    const first = acc.args.firstPeriod;

    const s = await schedule(0);
    expect(s.period).to.equal(first);
    await advanceTo(s.opensAfter);
    expect(await proven(0), "no proof before the window opens").to.have.length(0);
    await advanceTo(s.opensAfter + 1n);
    const [p1] = await proven(0);
    expect(p1.args.period).to.equal(first);
    expect(p1.blockNumber).to.be.above(Number(s.opensAfter)).and.at.most(Number(s.deadline));
    const [submitted] = ofType(events, "prover:proof:submitted");
    expect(submitted.detail).to.include({ period: first, challenged: 32, skipped: 0, files: 1 });
    expect(submitted.detail.gasUsed > 0n).to.equal(true);
    expect(await ledger().rewardsOf(node(0).address)).to.equal(submitted.detail.reward);
    expect(submitted.detail.reward).to.equal(acc.args.rate);

    for (let k = 1n; k <= 2n; k++) await advanceTo(s.opensAfter + 20n * k + 1n);
    const periods = (await proven(0)).map((e) => e.args.period);
    expect(periods).to.deep.equal([first, first + 1n, first + 2n]);
    expect(ofType(events, "prover:proof:submitted").map((e) => e.detail.period)).to.deep.equal(periods);
    expect(await ledger().rewardsOf(node(0).address)).to.equal(ofType(events, "prover:proof:submitted").reduce((n, e) => n + e.detail.reward, 0n));
    // one accept and three proofs: four transactions, no more
    expect((await nonce(0)) - n0).to.equal(4);
    expect(ofType(events, "prover:proof:failed")).to.have.length(0);
  });

  it("proves three files with one transaction per period, each challenged file's multiproof in it", async () => {
    const files = await store();
    const deals: { dealId: string; fileHash: string }[] = [];
    for (let k = 0; k < 3; k++) deals.push(await storeDeal(random(16 * KiB), [0], [], [files]));
    const { events } = await startProver(0, files);
    await mineUntil(async () => (await Promise.all(deals.map((d) => isActive(d.dealId, 0)))).every(Boolean), 40n, "three acceptances");
    const start = await schedule(0);
    await advanceTo(start.deadline + 41n);
    const proofs = await proven(0);
    expect(proofs.length).to.be.at.least(2);
    // one PeriodProven per period, and one transaction for each
    const periods = proofs.map((e) => e.args.period);
    expect(new Set(periods).size).to.equal(periods.length);
    expect(new Set(proofs.map((e) => e.transactionHash)).size).to.equal(proofs.length);
    const submitted = ofType(events, "prover:proof:submitted").filter((e) => e.detail.period >= start.period);
    expect(submitted.length).to.be.at.least(2);
    // 32 stratified challenges over three equal pieces reach each of them
    for (const e of submitted) expect(e.detail).to.include({ challenged: 32, files: 3 });
    const reward = (await ledger().queryFilter(ledger().filters.PeriodPaid(node(0).address))).at(-1)!.args.reward;
    const rates = (await Promise.all(deals.map((d) => accepted(d.dealId, 0)))).map(([e]) => e.args.rate);
    expect(reward, "a period pays the sum of the deals' rates").to.equal(rates.reduce((a, b) => a + b, 0n));
  });

  it("never accepts a deal whose committed data root its bytes do not have: it declines, holds nothing and is never slashed", async () => {
    const files = await store();
    const data = random(20 * KiB);
    const before = await pledge(0);
    const { dealId } = await storeDeal(data, [0], [], [files], { dataRoot: ethers.hexlify(ethers.randomBytes(16)) });
    const { events } = await startProver(0, files);
    await mineUntil(async () => (await slotOf(dealId, 0)) === undefined, 5n, "the decline");
    const [declined] = ofType(events, "prover:deal:declined");
    expect(declined.detail.dealId).to.equal(dealId);
    expect(declined.detail.why).to.match(/PDP root/);
    const withdrawn = await ledger().queryFilter(ledger().filters.OfferWithdrawn(dealId, node(0).address));
    expect(withdrawn.map((e) => e.args.lapsed)).to.deep.equal([false]);
    // no slot left and no candidate: the deal is lost and its deposit goes back
    expect(await ledger().queryFilter(ledger().filters.FileLost(dealId))).to.have.length(1);
    await advanceTo((await chain.head()) + 45n);
    expect(await accepted(dealId)).to.have.length(0);
    expect((await verifier().weightOf(node(0).address))[0]).to.equal(0n);
    expect(await pledge(0)).to.equal(before);
    expect(await verifier().queryFilter(verifier().filters.PeriodMissed(node(0).address))).to.have.length(0);
  });

  it("retries an accept that met its frozen set after the period's proof, and sends nothing that reverts", async () => {
    const files = await store();
    const a = await storeDeal(random(8 * KiB), [0], [], [files]);
    const n0 = await nonce(0);
    const p = await startProver(0, files);
    await mineUntil(() => isActive(a.dealId, 0), 3n, "the first acceptance");
    // the second offer lands inside the frozen range (from the period's first seed block to its proof)
    const s = await schedule(0);
    await advanceTo(s.seedFrom);
    const b = await storeDeal(random(8 * KiB), [0], [], [files]);
    await mineUntil(() => isActive(b.dealId, 0), 30n, "the second acceptance");
    const [acceptedB] = await accepted(b.dealId, 0);
    const proof = (await proven(0)).find((e) => e.args.period === s.period)!;
    expect(acceptedB.blockNumber, "accepted after the period it met frozen was proved").to.be.above(proof.blockNumber);
    expect(ofType(p.events, "prover:deal:failed")).to.have.length(0);
    // two accepts and the proof(s) so far: every transaction the node sent succeeded
    const receipts = await Promise.all(
      [...(await accepted(a.dealId, 0)), acceptedB, ...(await proven(0))].map((e) => chain.provider.getTransactionReceipt(e.transactionHash)),
    );
    expect((await nonce(0)) - n0).to.equal(new Set(receipts.map((r) => r!.hash)).size);
  });

  it("reports a holder that lets its period pass, once; it is slashed and recovered; the candidate with the data accepts and proves", async () => {
    const [a, b, c] = [await store(), await store(), await store()];
    const data = random(20 * KiB);
    const { dealId, fileHash } = await storeDeal(data, [0, 1], [2], [a, b, c]);
    const pa = await startProver(0, a);
    const pb = await startProver(1, b);
    const pc = await startProver(2, c);
    await mineUntil(async () => (await isActive(dealId, 0)) && (await isActive(dealId, 1)), 30n, "both acceptances");
    expect(ofType(pc.events, "prover:deal:tracked").map((e) => e.detail)).to.deep.include({ dealId, fileHash, role: "candidate" });
    // node 1 goes away for good
    await stopProver(pb.prover);
    const pledgeBefore = await pledge(1);
    const s1 = await schedule(1);
    await mineUntil(async () => !(await isActive(dealId, 1)), s1.deadline - (await chain.head()) + 5n, "the miss reported and recovered");
    const missed = await verifier().queryFilter(verifier().filters.PeriodMissed(node(1).address));
    expect(missed).to.have.length(1);
    const reports = [...ofType(pa.events, "prover:missed:reported"), ...ofType(pc.events, "prover:missed:reported")];
    expect(reports).to.have.length(1);
    expect(reports[0].detail).to.include({ node: node(1).address, slashed: missed[0].args.slashed });
    expect(missed[0].args.slashed > 0n).to.equal(true);
    expect(pledgeBefore - (await pledge(1))).to.equal(missed[0].args.slashed);
    const recovered = [...ofType(pa.events, "prover:holder:recovered"), ...ofType(pc.events, "prover:holder:recovered")];
    expect(recovered.map((e) => e.detail)).to.have.length(1);
    expect(recovered[0].detail).to.include({ dealId, node: node(1).address });

    // the candidate was offered the slot by recovery; it has the data, so it accepts and proves
    await mineUntil(() => isActive(dealId, 2), 30n, "the candidate's acceptance");
    expect(ofType(pc.events, "prover:deal:tracked").map((e) => e.detail)).to.deep.include({ dealId, fileHash, role: "offered", via: "recovery" });
    const [acc2] = await accepted(dealId, 2);
    await mineUntil(async () => (await proven(2)).some((e) => e.args.period >= acc2.args.firstPeriod), 45n, "the candidate's first proof");
    expect(await verifier().queryFilter(verifier().filters.PeriodMissed())).to.have.length(1);
    expect([...ofType(pa.events, "prover:proof:failed"), ...ofType(pc.events, "prover:proof:failed")]).to.have.length(0);
  });

  it("a candidate with no source never accepts and is never slashed; its offer lapses and the deal is lost and refunded", async () => {
    const [a, c] = [await store(), await store()];
    const { dealId } = await storeDeal(random(20 * KiB), [0], [1], [a]);
    const pa = await startProver(0, a);
    const pc = await startProver(1, c);
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    await mineUntil(async () => (await proven(0)).length >= 1, 45n, "a first proof");
    // the only holder dies with the only copy
    await stopProver(pa.prover);
    const pledgeBefore = await pledge(1);
    const tokenBefore = await actors.as(actors.owner).token.balanceOf(actors.owner.address);
    await mineUntil(async () => (await slotOf(dealId, 1)) !== undefined, 45n, "the candidate offered the slot");
    // the candidate reported the miss and recovered the slot to itself
    expect(ofType(pc.events, "prover:missed:reported").map((e) => e.detail.node)).to.deep.equal([node(0).address]);
    expect(ofType(pc.events, "prover:deal:fetch").map((e) => e.detail.dealId)).to.include(dealId);
    // nobody can give it the data: its offer lapses (60 blocks) and with no slot left the deal is lost
    await mineUntil(async () => (await ledger().queryFilter(ledger().filters.FileLost(dealId))).length > 0, 70n, "the deal lost");
    expect(await accepted(dealId, 1)).to.have.length(0);
    expect((await verifier().weightOf(node(1).address))[0]).to.equal(0n);
    expect(await pledge(1)).to.equal(pledgeBefore);
    expect(await verifier().queryFilter(verifier().filters.PeriodMissed(node(1).address))).to.have.length(0);
    const [lost] = await ledger().queryFilter(ledger().filters.FileLost(dealId));
    expect(lost.args.refund > 0n).to.equal(true);
    expect(await actors.as(actors.owner).token.balanceOf(actors.owner.address)).to.equal(tokenBefore + lost.args.refund);
  });

  it("resumes after a restart without proving a period twice, and proves a period it slept through while its window is open", async () => {
    const files = await store();
    const { dealId } = await storeDeal(random(20 * KiB), [0], [], [files]);
    const p1 = await startProver(0, files);
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    const s = await schedule(0);
    await advanceTo(s.opensAfter + 1n);
    expect(ofType(p1.events, "prover:proof:submitted")).to.have.length(1);
    await stopProver(p1.prover);

    // restart within the same window: the chain already has the proof, and the accept
    const sent = await nonce(0);
    const p2 = await startProver(0, files);
    await advanceTo(s.opensAfter + 4n);
    expect(ofType(p2.events, "prover:proof:submitted")).to.have.length(0);
    expect(ofType(p2.events, "prover:deal:accepted")).to.have.length(0);
    expect(await nonce(0)).to.equal(sent);
    await stopProver(p2.prover);

    // down while the next window opens; back inside it
    const next = await schedule(0);
    await chain.mine(next.opensAfter + 3n - (await chain.head()));
    const p3 = await startProver(0, files);
    await advanceTo(next.opensAfter + 4n);
    expect(ofType(p3.events, "prover:proof:submitted").map((e) => e.detail.period)).to.deep.equal([next.period]);
    expect((await proven(0)).map((e) => e.args.period)).to.deep.equal([s.period, next.period]);
  });

  it("fails a period whose file lost its blocks with 50011 naming the file, says so once, sends nothing; then 50017 when the window closes", async () => {
    const files = await store();
    const { dealId, fileHash } = await storeDeal(random(20 * KiB), [0], [], [files]);
    const { events } = await startProver(0, files);
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    for (const h of await files.getBlockHashesOfFile(ethers.getBytes(fileHash))) await files.blocks.delete(h);
    const sent = await nonce(0);
    const s = await schedule(0);
    await advanceTo(s.opensAfter + 4n);
    const failed = ofType(events, "prover:proof:failed");
    expect(failed).to.have.length(1);
    expect(failed[0].detail).to.include({ period: s.period, code: 50011, fileHash, dealId });
    expect(failed[0].detail.error.codeName).to.equal("GET_PDP_PARAMS_ERROR");
    expect(ofType(events, "prover:proof:submitted")).to.have.length(0);
    expect(await nonce(0)).to.equal(sent);
    await advanceTo(s.deadline + 1n);
    expect(ofType(events, "prover:proof:failed").map((e) => e.detail.code)).to.deep.equal([50011, 50017]);
  });

  it("fails with 50011 when the store has no copy of a deal the node accepted, and proves again once the file is back", async () => {
    const files = await store();
    const data = random(5 * KiB);
    const { dealId, fileHash } = await storeDeal(data, [0], [], [files]);
    const { prover, events } = await startProver(0, files);
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    await files.deleteFile(ethers.getBytes(fileHash));
    const s = await schedule(0);
    await advanceTo(s.opensAfter + 2n);
    const [failed] = ofType(events, "prover:proof:failed");
    expect(failed.detail).to.include({ fileHash, code: 50011 });
    expect(failed.detail.error.name).to.equal("ProofDataUnavailable");
    // the keeper would restore it: here it comes back by hand, and the same window is used
    await files.addFile([data]);
    prover.fileArrived(fileHash);
    await advanceTo(s.opensAfter + 4n);
    expect((await proven(0)).map((e) => e.args.period)).to.deep.equal([s.period]);
  });

  it("reports a failed proof transaction (50023) and sends it again at the next block", async () => {
    const files = await store();
    const { dealId } = await storeDeal(random(20 * KiB), [0], [], [files]);
    let attempts = 0;
    // the first proof transaction is lost on its way to the node
    const flaky = (c: LedgerChain): ProverChain => Object.assign(Object.create(c) as LedgerChain, {
      prove: async (leaves: Uint8Array, proof: Uint8Array) => {
        if (attempts++ === 0) throw new ChainError("PDPVerifier.prove", undefined, new Error("connection reset"));
        return c.prove(leaves, proof);
      },
    });
    const { events } = await startProver(0, files, { wrap: flaky });
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    const s = await schedule(0);
    await advanceTo(s.opensAfter + 1n);
    const [failed] = ofType(events, "prover:proof:failed");
    expect(failed.detail).to.include({ period: s.period, code: 50023 });
    expect(await proven(0)).to.have.length(0);
    await advanceTo(s.opensAfter + 2n);
    expect(attempts).to.equal(2);
    expect((await proven(0)).map((e) => e.args.period)).to.deep.equal([s.period]);
  });

  it("claims rewards on demand, and by itself above a threshold", async () => {
    const files = await store();
    const { dealId } = await storeDeal(random(20 * KiB), [0], [], [files]);
    const token = actors.as(actors.owner).token;
    const p = await startProver(0, files);
    expect(await p.prover.claimRewards(), "nothing to claim yet").to.deep.equal({ amount: 0n });
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    await mineUntil(async () => (await proven(0)).length === 1, 45n, "a proof");
    const earned = await ledger().rewardsOf(node(0).address);
    expect(earned > 0n).to.equal(true);
    const before = await token.balanceOf(actors.other.address);
    const claimed = await p.prover.claimRewards({ to: actors.other.address });
    expect(claimed.amount).to.equal(earned);
    expect(await token.balanceOf(actors.other.address)).to.equal(before + earned);
    expect(await ledger().rewardsOf(node(0).address)).to.equal(0n);
    await stopProver(p.prover);

    const auto = await startProver(0, files, { claimThreshold: 1n });
    const balance = await token.balanceOf(node(0).address);
    await mineUntil(async () => ofType(auto.events, "prover:rewards:claimed").length > 0, 45n, "an automatic claim");
    const [c] = ofType(auto.events, "prover:rewards:claimed");
    expect(c.detail).to.include({ to: node(0).address });
    expect(await token.balanceOf(node(0).address)).to.equal(balance + c.detail.amount);
    expect(await ledger().rewardsOf(node(0).address)).to.equal(0n);
  });

  it("stops tracking a deal its owner deleted, but still proves it through the period whose challenges it was drawn in", async () => {
    const files = await store();
    const { dealId } = await storeDeal(random(5 * KiB), [0], [], [files]);
    const { events } = await startProver(0, files);
    await mineUntil(() => isActive(dealId, 0), 3n, "the acceptance");
    // deleted inside the frozen range: the verifier keeps the piece challenged through this period
    const s = await schedule(0);
    await advanceTo(s.seedFrom + 1n);
    await (await ledger().deleteFiles([dealId])).wait();
    await advanceTo((await chain.head()) + 1n);
    expect(ofType(events, "prover:deal:dropped").map((e) => e.detail.dealId)).to.deep.equal([dealId]);
    expect((await verifier().weightOf(node(0).address))[1], "no live weight left").to.equal(0n);
    await advanceTo(s.opensAfter + 2n);
    const [p] = (await proven(0)).filter((e) => e.args.period === s.period);
    expect(p, "the period was proved from the terms the node kept").to.not.equal(undefined);
    expect([p.args.challenged, p.args.skipped]).to.deep.equal([32n, 0n]);
    // from the next period on the piece is skipped: nothing to prove, nothing to slash
    await advanceTo(s.deadline + 22n);
    const next = (await proven(0)).filter((e) => e.args.period === s.period + 1n);
    expect(next.map((e) => [e.args.challenged, e.args.skipped])).to.deep.equal([[0n, 32n]]);
    expect(await verifier().queryFilter(verifier().filters.PeriodMissed(node(0).address))).to.have.length(0);
    expect(ofType(events, "prover:proof:failed")).to.have.length(0);
  });

  describe("bad input", () => {
    const init = async () => ({ chain: await proverChain(node(0)), files: await store() });
    it("rejects a poll interval that is not a positive number", async () => {
      const base = await init();
      for (const pollIntervalMs of [0, -5, Number.NaN]) expect(() => new Prover({ ...base, pollIntervalMs })).to.throw(InvalidParams);
    });
    it("rejects a claim threshold of zero or less", async () => {
      const base = await init();
      for (const claimThreshold of [0n, -1n]) expect(() => new Prover({ ...base, claimThreshold })).to.throw(InvalidParams);
    });
    it("rejects a claim destination that is not an address, and claims nothing", async () => {
      const base = await init();
      expect(() => new Prover({ ...base, claimTo: "0x1234" })).to.throw(InvalidParams);
      const p = new Prover(base);
      const sent = await nonce(0);
      let err: unknown;
      await p.claimRewards({ to: "not an address" }).catch((e) => (err = e));
      expect(err).to.be.instanceOf(InvalidParams);
      expect(await nonce(0)).to.equal(sent);
    });
    it("refuses to start twice, and to wait for a height while stopped", async () => {
      const p = new Prover({ ...(await init()), pollIntervalMs: 10 });
      let err: unknown;
      await p.synced(1n).catch((e) => (err = e));
      expect(err).to.be.instanceOf(InvalidParams);
      p.start();
      running.push(p);
      expect(() => p.start()).to.throw(InvalidParams);
    });
  });
});
