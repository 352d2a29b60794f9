/**
 * The proving service on a real `hardhat node` with the DSP contracts deployed: real files in
 * FileStores, real PDP proofs, real slashing. Blocks are mined by the test (evm_mine), one at a
 * time, and each step waits until every running prover has handled the new head: no sleeps.
 */
import { expect } from "chai";
import { ethers, type Signer } from "ethers";
import { TestChain } from "@dsp/testkit";
import { Actors } from "@dsp/testkit";
import type { FileStore } from "../fs/file-store.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { KiB, memoryFileStore, random } from "../fs/testing.js";
import { deriveChallenge } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import { ChainError, Ledger, LedgerChain, type ProverChain } from "@dsp/ledger";
import { Prover, type ProverEvent } from "./prover.js";

const MIB = 1n << 20n;
const BLOCK = 4 * KiB;

describe("Prover (holder's proving service)", function () {
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
  // every test starts from the same chain: earlier tests' files must not reach later provers
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
    for (let guard = 0; guard < 1000; guard++) {
      const head = await chain.head();
      await Promise.all(running.map((p) => p.synced(head)));
      if (head >= height) return;
      await chain.send("evm_mine");
    }
    throw new Error(`did not reach block ${height}`);
  }

  /** Puts `data` with its PDP data in each store and stores it on the ledger, for ~`lifetime` blocks. */
  async function storeFile(data: Uint8Array, primaries: number[], candidates: number[], stores: FileStore[], lifetime = 100n) {
    let commit: { fileHash: string; blocksRoot: string; dataRoot: string; blockNum: bigint; blockSize: bigint } | undefined;
    for (const files of stores) {
      const r = await files.addFile([data]);
      const { dataRoot } = await generatePdpData(files, r.fileHash, { workers: 1 });
      commit = { fileHash: ethers.hexlify(r.fileHash), blocksRoot: ethers.hexlify(r.blocksRoot), dataRoot: ethers.hexlify(dataRoot), blockNum: BigInt(r.blockCount), blockSize: BigInt(r.blockSize) };
    }
    const head = await chain.head();
    const option = {
      fileDesc: ethers.toUtf8Bytes("prover test"), fileSize: BigInt(data.length), proveInterval: 10n, expiredHeight: head + 1n + lifetime,
      privilege: 1, copyNum: primaries.length - 1, encrypt: false, registerDns: false, bindDns: false, dnsUrl: "", whitelist: [], share: false, storageType: 1,
    };
    await (await ledger().storeFile(option, commit!, primaries.map((i) => node(i).address), candidates.map((i) => node(i).address))).wait();
    return commit!.fileHash;
  }

  const store = async () => (await memoryFileStore(BLOCK)).files;
  const holder = async (fileHash: string, i: number) => {
    const [nodes, states] = await ledger().holdersOf(fileHash);
    const at = nodes.findIndex((a: string) => a === node(i).address);
    return at < 0 ? undefined : states[at];
  };
  const ofType = <T extends ProverEvent["type"]>(events: ProverEvent[], type: T) => events.filter((e): e is Extract<ProverEvent, { type: T }> => e.type === type);
  const proofsOf = async (fileHash: string, i: number) => verifier().queryFilter(verifier().filters.PossessionProven(fileHash, node(i).address));

  it("derives each challenge exactly as PDPVerifier.challengeOf", async () => {
    const files = await store();
    const fileHash = await storeFile(random(20 * KiB), [0, 1], [], [files]);
    const [height] = await verifier().challengeOf(fileHash, node(0).address);
    await chain.mine(height - (await chain.head()) + 1n);
    const block = await chain.provider.getBlock(height);
    const info = await ledger().getFileInfo(fileHash);
    for (const i of [0, 1]) {
      const [, , seed, indices] = await verifier().challengeOf(fileHash, node(i).address);
      const derived = deriveChallenge({ blockHash: block!.hash!, fileHash, holder: node(i).address, proofIndex: 0n, leafCount: info.leafCount, challengeCount: info.challengeCount });
      expect(ethers.hexlify(derived.seed)).to.equal(seed);
      expect(derived.indices).to.deep.equal(indices.map(Number));
    }
  });

  it("submits the first proof once its challenge block is mined, then each later one on schedule", async () => {
    const files = await store();
    const fileHash = await storeFile(random(20 * KiB), [0], [], [files]);
    const { events } = await startProver(0, files);
    const first = (await holder(fileHash, 0))!.nextChallenge;
    expect(ofType(events, "prover:file:tracked").map((e) => e.detail)).to.deep.include({ fileHash, role: "holder", via: "store" });

    await advanceTo(first);
    expect((await holder(fileHash, 0))!.proofsDone, "no proof before the challenge block is mined").to.equal(0n);
    await advanceTo(first + 1n);
    const after1 = (await holder(fileHash, 0))!;
    expect(after1.proofsDone).to.equal(1n);
    expect(after1.started).to.equal(true);
    const [submitted] = ofType(events, "prover:proof:submitted");
    expect(submitted.detail).to.include({ fileHash, challengeHeight: first, proofIndex: 0n });
    expect(submitted.detail.gasUsed > 0n).to.equal(true);
    expect(await ledger().rewardsOf(node(0).address)).to.equal(submitted.detail.reward);

    for (let k = 1n; k <= 3n; k++) await advanceTo(first + 10n * k + 1n);
    expect((await holder(fileHash, 0))!.proofsDone).to.equal(4n);
    const all = ofType(events, "prover:proof:submitted");
    expect(all.map((e) => e.detail.challengeHeight)).to.deep.equal([first, first + 10n, first + 20n, first + 30n]);
    expect(await ledger().rewardsOf(node(0).address)).to.equal(all.reduce((s, e) => s + e.detail.reward, 0n));
    expect(ofType(events, "prover:proof:failed")).to.have.length(0);
  });

  it("reports a holder that lets its window pass once, gets it slashed, and the candidate takes over", async () => {
    const [a, c] = [await store(), await store()];
    const data = random(20 * KiB);
    const fileHash = await storeFile(data, [0, 1], [2], [a]);
    await c.addFile([data]); // the candidate fetched the file but has not hashed its PDP data yet
    const pledgeBefore = (await registry().getNode(node(1).address)).pledge;
    const pa = await startProver(0, a);
    const pc = await startProver(2, c);
    expect(ofType(pc.events, "prover:file:tracked").map((e) => e.detail)).to.deep.include({ fileHash, role: "candidate" });

    const deadline = (await holder(fileHash, 1))!.nextChallenge + 5n;
    await advanceTo(deadline + 1n);
    const reports = [...ofType(pa.events, "prover:missed:reported"), ...ofType(pc.events, "prover:missed:reported")];
    expect(reports).to.have.length(1);
    const missed = await verifier().queryFilter(verifier().filters.ProofMissed(fileHash, node(1).address));
    expect(missed).to.have.length(1);
    expect(reports[0].detail).to.include({ fileHash, node: node(1).address, slashed: missed[0].args.slashed });
    const pledgeAfter = (await registry().getNode(node(1).address)).pledge;
    expect(pledgeBefore - pledgeAfter).to.equal(missed[0].args.slashed);
    expect(missed[0].args.slashed > 0n).to.equal(true);
    expect(await holder(fileHash, 1)).to.equal(undefined);

    // recovery: the candidate becomes a holder, hashes its PDP data and proves; node 0 keeps proving
    const recovered = (await holder(fileHash, 2))!;
    expect(recovered).to.not.equal(undefined);
    await advanceTo(recovered.nextChallenge + 12n);
    expect(ofType(pc.events, "prover:file:tracked").map((e) => e.detail)).to.deep.include({ fileHash, role: "holder", via: "recovery" });
    expect((await holder(fileHash, 2))!.started).to.equal(true);
    expect((await holder(fileHash, 2))!.proofsDone).to.equal(2n);
    expect((await holder(fileHash, 0))!.proofsDone).to.equal(3n);
    expect(await verifier().queryFilter(verifier().filters.ProofMissed(fileHash))).to.have.length(1);
    expect([...ofType(pa.events, "prover:proof:failed"), ...ofType(pc.events, "prover:proof:failed")]).to.have.length(0);
  });

  it("resumes after a restart without submitting a proof twice, and catches up on a challenge it slept through", async () => {
    const files = await store();
    const fileHash = await storeFile(random(20 * KiB), [0], [], [files]);
    const first = (await holder(fileHash, 0))!.nextChallenge;
    const p1 = await startProver(0, files);
    await advanceTo(first + 1n);
    expect(ofType(p1.events, "prover:proof:submitted")).to.have.length(1);
    await stopProver(p1.prover);

    // restart within the same window: the chain already has the proof
    const nonce = await chain.provider.getTransactionCount(node(0).address);
    const p2 = await startProver(0, files);
    await advanceTo(first + 4n);
    expect(ofType(p2.events, "prover:proof:submitted")).to.have.length(0);
    expect(await chain.provider.getTransactionCount(node(0).address)).to.equal(nonce);
    await stopProver(p2.prover);

    // down while the next challenge opens; back inside its window
    await chain.mine(first + 12n - (await chain.head()));
    const p3 = await startProver(0, files);
    await advanceTo(first + 13n);
    expect(ofType(p3.events, "prover:proof:submitted").map((e) => e.detail.challengeHeight)).to.deep.equal([first + 10n]);
    expect(await proofsOf(fileHash, 0)).to.have.length(2);
    expect((await holder(fileHash, 0))!.proofsDone).to.equal(2n);
  });

  it("fails the proof of a file whose blocks left the store with 50011, says so once, and sends nothing", async () => {
    const files = await store();
    const fileHash = await storeFile(random(20 * KiB), [0], [], [files]);
    const bytes = ethers.getBytes(fileHash);
    for (const h of await files.getBlockHashesOfFile(bytes)) await files.blocks.delete(h);
    const first = (await holder(fileHash, 0))!.nextChallenge;
    const nonce = await chain.provider.getTransactionCount(node(0).address);
    const { events } = await startProver(0, files);
    await advanceTo(first + 4n);
    const failed = ofType(events, "prover:proof:failed");
    expect(failed).to.have.length(1);
    expect(failed[0].detail).to.include({ fileHash, challengeHeight: first, code: 50011 });
    expect(failed[0].detail.error.codeName).to.equal("GET_PDP_PARAMS_ERROR");
    expect(ofType(events, "prover:proof:submitted")).to.have.length(0);
    expect(await chain.provider.getTransactionCount(node(0).address)).to.equal(nonce);
    // and once the window has passed, that it missed it (50017)
    await advanceTo(first + 6n);
    expect(ofType(events, "prover:proof:failed").map((e) => e.detail.code)).to.deep.equal([50011, 50017]);
  });

  it("fails with 50011 when the store has no copy of a file the ledger says this node holds", async () => {
    const fileHash = await storeFile(random(5 * KiB), [0], [], [await store()]);
    const first = (await holder(fileHash, 0))!.nextChallenge;
    const { events } = await startProver(0, await store());
    await advanceTo(first + 2n);
    const [failed] = ofType(events, "prover:proof:failed");
    expect(failed.detail).to.include({ fileHash, code: 50011 });
    expect(failed.detail.error.name).to.equal("ProofDataUnavailable");
  });

  it("reports a failed proof transaction (50023) and sends it again at the next block", async () => {
    const files = await store();
    const fileHash = await storeFile(random(20 * KiB), [0], [], [files]);
    const first = (await holder(fileHash, 0))!.nextChallenge;
    let attempts = 0;
    // the first proof transaction is lost on its way to the node
    const flaky = (c: LedgerChain): ProverChain => Object.assign(Object.create(c) as LedgerChain, {
      prove: async (f: string, leaves: Uint8Array, proof: Uint8Array) => {
        if (attempts++ === 0) throw new ChainError("PDPVerifier.prove", undefined, new Error("connection reset"));
        return c.prove(f, leaves, proof);
      },
    });
    const { events } = await startProver(0, files, { wrap: flaky });
    await advanceTo(first + 1n);
    const [failed] = ofType(events, "prover:proof:failed");
    expect(failed.detail).to.include({ fileHash, challengeHeight: first, code: 50023 });
    expect((await holder(fileHash, 0))!.proofsDone).to.equal(0n);
    await advanceTo(first + 2n);
    expect(attempts).to.equal(2);
    expect((await holder(fileHash, 0))!.proofsDone).to.equal(1n);
    expect(ofType(events, "prover:proof:submitted").map((e) => e.detail.challengeHeight)).to.deep.equal([first]);
  });

  it("claims rewards on demand, and by itself above a threshold", async () => {
    const files = await store();
    const fileHash = await storeFile(random(20 * KiB), [0], [], [files]);
    const first = (await holder(fileHash, 0))!.nextChallenge;
    const token = actors.as(actors.owner).token;
    const p = await startProver(0, files);
    expect(await p.prover.claimRewards(), "nothing to claim yet").to.deep.equal({ amount: 0n });
    await advanceTo(first + 1n);
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
    await advanceTo(first + 11n);
    const [c] = ofType(auto.events, "prover:rewards:claimed");
    expect(c.detail).to.include({ to: node(0).address });
    expect(await token.balanceOf(node(0).address)).to.equal(balance + c.detail.amount);
    expect(await ledger().rewardsOf(node(0).address)).to.equal(0n);
  });

  it("stops tracking a file its owner deleted", async () => {
    const files = await store();
    const fileHash = await storeFile(random(5 * KiB), [0], [], [files]);
    const { events } = await startProver(0, files);
    await (await ledger().deleteFiles([fileHash])).wait();
    await advanceTo(await chain.head());
    expect(ofType(events, "prover:file:dropped").map((e) => e.detail.fileHash)).to.deep.equal([fileHash]);
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
      const nonce = await chain.provider.getTransactionCount(node(0).address);
      let err: unknown;
      await p.claimRewards({ to: "not an address" }).catch((e) => (err = e));
      expect(err).to.be.instanceOf(InvalidParams);
      expect(await chain.provider.getTransactionCount(node(0).address)).to.equal(nonce);
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
