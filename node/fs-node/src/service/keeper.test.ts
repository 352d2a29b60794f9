/**
 * Files stay whole when holders fail, on real daemons (FsBlockstore on disk, DspHost on loopback,
 * prover and keeper) over a chain of their own, so the registry holds exactly these four nodes
 * (ledger v2: deals the nodes accept, one proof per node per period, recovery to a candidate that
 * fetches the data and accepts). Blocks are mined by the test, one at a time, each step waiting
 * until every running prover has handled the new head: no sleeps decide anything.
 */
import { randomBytes } from "node:crypto";
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { TestChain } from "@dsp/testkit";
import { FsBlockstore } from "../fs/fs-blockstore.js";
import { deleteFiles, fileInfo, nodeStatus } from "@dsp/ledger";
import { fundedAccount, tempDir, failure, until, type TestAccount } from "@dsp/testkit";
import { startDaemon, type Daemon } from "./daemon.js";
import { downloadFile } from "./download.js";
import type { KeeperEvent } from "./keeper.js";
import type { ScrubEvent } from "./scrub.js";
import { replicateFile } from "./replicate.js";
import { startIndexer } from "@dsp/scan";
import { sqliteFactory, type TestDatabase } from "@dsp/scan/testing";
import { ChainError, LedgerChain } from "@dsp/ledger";
import { provePdp } from "../fs/pdp-prover.js";
import { hashBytes } from "./block-exchange.js";
import { startNode, type TestNode } from "./testing.js";
import { uploadFile } from "./upload.js";

/** DEVNET_PARAMS: a node proves once every 20 blocks, within the last 10 of them. */
const PERIOD = 20n;

describe("Keeper: recovery from a failed holder, repair of damaged blocks", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  const daemons: (Daemon | undefined)[] = [];
  const accounts: TestAccount[] = [];
  const keeperEvents: KeeperEvent[][] = [];
  const scrubEvents: ScrubEvent[][] = [];
  let owner: TestNode;
  let scan: Awaited<ReturnType<typeof startIndexer>>;
  let scanDb: TestDatabase;
  /** What docs/reliability.md reports, printed with DSP_RELIABILITY_FIGURES=1. */
  const figures: Record<string, unknown> = {};

  before(async () => {
    chain = await TestChain.start();
    tmp = tempDir("dsp-keeper-");
    scanDb = await sqliteFactory();
    scan = await startIndexer({ deployments: chain.deployments, rpcUrl: chain.url, databaseUrl: scanDb.url, port: 0, pollIntervalMs: 20 });
    for (let i = 0; i < 4; i++) {
      accounts.push(await fundedAccount(chain, tmp.dir));
      keeperEvents.push([]);
      scrubEvents.push([]);
      daemons.push(await startDaemon({
        account: accounts[i].pair, dataDir: path.join(tmp.dir, `node${i}`), rpcUrl: chain.url, network: chain.deployments,
        register: { volume: 64n << 20n, serviceTime: 10_000_000n }, prove: true, pollIntervalMs: 20, keeperRetryDelaysMs: [100, 300, 1000], scrubIntervalMs: 0, rest: { port: 0 },
        onKeeper: (e) => keeperEvents[i].push(e),
        onScrub: (e) => scrubEvents[i].push(e),
      }));
    }
    owner = await startNode(chain, tmp.dir);
  });
  after(async () => {
    for (const d of daemons) await d?.stop();
    await owner?.stop();
    await scan?.stop();
    await scanDb?.drop();
    await chain?.stop();
    if (process.env.DSP_RELIABILITY_FIGURES) console.log(JSON.stringify(figures, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2));
    tmp?.cleanup();
  });

  // Each test's deals are deleted after it, so that a node's period proof covers the deals of the
  // test running (the liar's forged proof counts on it).
  const uploaded: string[] = [];
  afterEach(async () => {
    if (uploaded.length) await deleteFiles(owner.node.ledger, uploaded.splice(0));
  });

  /** SCAN's active holders of a deal once it has indexed the chain's head (polled, bounded). */
  async function scanHolders(dealId: string): Promise<string[]> {
    const head = String(await chain.head());
    return until(async () => {
      const res = await fetch(scan.url!, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ status { blockNumber } holders(dealId: "${dealId}", active: true) { node } }` }),
      });
      const { data } = await res.json();
      if (BigInt(data.status.blockNumber) >= BigInt(head)) return data.holders.map((h: { node: string }) => h.node.toLowerCase()).sort() as string[];
    }, { ms: 30_000, every: 20, what: `SCAN to reach the head (${head})` });
  }

  const running = () => daemons.filter((d): d is Daemon => d !== undefined);
  const indexOf = (address: string) => accounts.findIndex((a) => a.address.toLowerCase() === address.toLowerCase());

  /** Mines one block at a time up to `height`, letting every running prover handle each head. */
  async function advanceTo(height: bigint) {
    for (let guard = 0; guard < 2000; guard++) {
      const head = await chain.head();
      await Promise.all(running().map((d) => d.prover!.synced(head)));
      if (head >= height) return;
      await chain.send("evm_mine");
    }
    throw new Error(`did not reach block ${height}`);
  }

  /** Mines until `done()` holds (checked after every block), at most `blocks` blocks. */
  async function mineUntil(done: () => Promise<boolean>, blocks: bigint, what: string) {
    const last = (await chain.head()) + blocks;
    while (!(await done())) {
      const head = await chain.head();
      if (head >= last) throw new Error(`${what}: not within ${blocks} blocks`);
      await advanceTo(head + 1n);
      // replication runs beside the chain; give it a turn between blocks
      await Promise.all(running().map((d) => d.keeper!.idle()));
    }
  }

  const slotOf = async (dealId: string, i: number) => (await fileInfo(owner.node.ledger, dealId)).slots.find((h) => h.node.toLowerCase() === accounts[i].address.toLowerCase());
  const isActive = async (dealId: string, i: number) => (await slotOf(dealId, i))?.status === "active";
  /** periods node i proved since it accepted the deal (each proof covers all its deals) */
  const provenSince = async (dealId: string, i: number) => {
    const slot = await slotOf(dealId, i);
    if (slot?.status !== "active") return 0;
    const v = owner.node.ledger.contracts.verifier;
    return (await v.queryFilter(v.filters.PeriodProven(accounts[i].address))).filter((e) => e.args.period >= slot.firstPeriod).length;
  };
  const missesOf = async (i: number) => {
    const v = owner.node.ledger.contracts.verifier;
    return v.queryFilter(v.filters.PeriodMissed(accounts[i].address));
  };

  /**
   * Runs `work` while a block is mined every 300 ms once every running prover has handled the head
   * (an upload waits for acceptances, which a frozen set delays to its period's proof).
   */
  async function whileMining<T>(work: () => Promise<T>): Promise<T> {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        const head = await chain.head();
        if (running().every((d) => d.prover!.syncedHeight >= head)) await chain.send("evm_mine");
      })().catch(() => {}).finally(() => (busy = false));
    }, 300);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      while (busy) await new Promise((r) => setTimeout(r, 10));
    }
  }

  async function upload(data: Uint8Array, privilege = 0) {
    const file = path.join(tmp.dir, `up-${Math.random().toString(16).slice(2)}`);
    await writeFile(file, data);
    const head = await chain.head();
    const r = await whileMining(() => uploadFile(owner.node, { source: file, copyNum: 1, candidates: 2, privilege, expiredHeight: head + 2000n }, { skipProofWait: true }));
    await Promise.all(running().map((d) => d.node.idle()));
    await advanceTo((await chain.head()) + 1n);
    uploaded.push(r.dealId);
    return r;
  }

  async function download(fileHash: string) {
    const out = path.join(tmp.dir, `down-${Math.random().toString(16).slice(2)}`);
    await downloadFile(owner.node, fileHash, out, { owner: owner.account.address });
    return readFile(out);
  }

  it("a holder killed for good is reported and slashed; its slot goes to a candidate, which fetches the file from the survivor, accepts and proves it", async () => {
    const data = randomBytes(700 * 1024);
    const { dealId, fileHash, holders } = await upload(data);
    expect(holders).to.have.length(2);
    const [dead, survivor] = holders.map(indexOf);
    const candidates = (await fileInfo(owner.node.ledger, dealId)).candidates.map(indexOf);
    expect(candidates).to.have.length(2);
    const pledgeBefore = (await nodeStatus(owner.node.ledger, accounts[dead].address)).pledge;

    // both holders prove once, then one of them dies for good
    await mineUntil(async () => (await provenSince(dealId, dead)) >= 1 && (await provenSince(dealId, survivor)) >= 1, 3n * PERIOD, "first proofs");
    await daemons[dead]!.stop();
    daemons[dead] = undefined;

    // its next period passes; a fellow reports it, the ledger slashes it, and its slot is recovered to the first candidate
    await mineUntil(async () => !(await isActive(dealId, dead)), 2n * PERIOD, "the miss reported and the slot recovered");
    const recoveredAt = await chain.head();
    expect(await missesOf(dead)).to.have.length(1);
    expect((await nodeStatus(owner.node.ledger, accounts[dead].address)).pledge < pledgeBefore).to.equal(true);
    const offered = (await fileInfo(owner.node.ledger, dealId)).slots.filter((s) => s.node.toLowerCase() !== accounts[survivor].address.toLowerCase());
    expect(offered.map((s) => indexOf(s.node))).to.deep.equal([candidates[0]]);
    const taker = candidates[0];
    expect(Buffer.from(await download(fileHash)).equals(data), "downloadable while one holder is down").to.equal(true);

    // the candidate fetches the file from the survivor (a private file: served to a node with a slot in the deal), accepts, and proves
    await mineUntil(() => isActive(dealId, taker), PERIOD + 6n, "the candidate's acceptance");
    const restored = keeperEvents[taker].filter((e) => e.type === "keeper:restored");
    expect(restored.map((e) => e.type === "keeper:restored" && [e.fileHash, e.dealId, e.reason])).to.deep.equal([[fileHash, dealId, "recovery"]]);
    await mineUntil(async () => (await provenSince(dealId, taker)) >= 1, 2n * PERIOD, "the candidate's first proof");
    const proofBlock = await chain.head();
    expect(proofBlock - recoveredAt <= 3n * PERIOD).to.equal(true);
    const record = await daemons[taker]!.node.files.fileRecord(Buffer.from(fileHash.slice(2), "hex"));
    expect(record.size).to.equal(data.length);
    expect(Buffer.from(await download(fileHash)).equals(data)).to.equal(true);
    // SCAN, following the same chain, shows the new holder in place of the dead one
    expect(await scanHolders(dealId)).to.deep.equal([accounts[survivor].address, accounts[taker].address].map((a) => a.toLowerCase()).sort());
    const restoredEvent = restored[0];
    figures.killedHolder = {
      blocksFromRecoveryToFirstProof: proofBlock - recoveredAt, limit: 3n * PERIOD, provingPeriod: PERIOD,
      blocksFetched: restoredEvent.type === "keeper:restored" ? restoredEvent.result.fetched : undefined, bytesLost: 0,
    };
  });

  it("a block corrupted on disk is found by the failed proof and fetched again from another holder within the window", async () => {
    const data = randomBytes(600 * 1024);
    const { dealId, fileHash, holders } = await upload(data, 1);
    const [victim, other] = holders.map(indexOf).filter((i) => daemons[i]);
    expect(daemons[victim] && daemons[other]).to.not.equal(undefined);
    const blocks = daemons[victim]!.node.files.blocks as FsBlockstore;
    const hashes = await daemons[victim]!.node.files.getBlockHashesOfFile(Buffer.from(fileHash.slice(2), "hex"));
    // every leaf rots (so whichever leaves the next period challenges, the proof meets a bad block)
    const leaves = hashes.slice(1);
    for (const h of leaves) {
      const p = blocks.pathOf(h);
      const bytes = await readFile(p);
      bytes[17] ^= 0xff;
      await writeFile(p, bytes);
    }
    const before = await provenSince(dealId, victim);
    const missed = (await missesOf(victim)).length;
    await mineUntil(async () => (await provenSince(dealId, victim)) > before, 2n * PERIOD, "a proof after the repair");
    const restored = keeperEvents[victim].filter((e) => e.type === "keeper:restored" && e.fileHash === fileHash);
    expect(restored).to.have.length(1);
    const r = restored[0].type === "keeper:restored" ? restored[0].result : undefined;
    expect(r?.corrupted).to.equal(leaves.length);
    expect(r?.fetched).to.equal(leaves.length);
    expect(await isActive(dealId, victim), "never recovered away").to.equal(true);
    expect(await missesOf(victim), "never missed a period").to.have.length(missed);
    for (const h of leaves) expect(await daemons[victim]!.node.files.getBlock(h)).to.have.length.greaterThan(0);
    figures.corruptedBlocks = { corrupted: r?.corrupted, refetched: r?.fetched, slashed: false, bytesLost: 0 };
  });

  it("blocks deleted from disk are fetched again before the proof is due", async () => {
    const data = randomBytes(900 * 1024);
    const { dealId, fileHash, holders } = await upload(data, 1);
    const victim = holders.map(indexOf).find((i) => daemons[i])!;
    const blocks = daemons[victim]!.node.files.blocks as FsBlockstore;
    const hashes = await daemons[victim]!.node.files.getBlockHashesOfFile(Buffer.from(fileHash.slice(2), "hex"));
    for (const h of hashes.slice(1)) await rm(blocks.pathOf(h));
    const before = await provenSince(dealId, victim);
    const missed = (await missesOf(victim)).length;
    await mineUntil(async () => (await provenSince(dealId, victim)) > before, 2n * PERIOD, "a proof after the repair");
    const restored = keeperEvents[victim].filter((e) => e.type === "keeper:restored" && e.fileHash === fileHash);
    expect(restored.map((e) => e.type === "keeper:restored" && e.result.fetched)).to.deep.equal([hashes.length - 1]);
    expect(await isActive(dealId, victim)).to.equal(true);
    expect(await missesOf(victim)).to.have.length(missed);
    figures.deletedBlocks = { deleted: hashes.length - 1, refetched: hashes.length - 1, slashed: false, bytesLost: 0 };
  });

  it("the background scrub finds a rotten block nobody read and has it fetched again; files it does not hold are skipped", async () => {
    const data = randomBytes(500 * 1024);
    const { fileHash, holders } = await upload(data, 1);
    const victim = holders.map(indexOf).find((i) => daemons[i])!;
    const d = daemons[victim]!;
    const hashes = await d.node.files.getBlockHashesOfFile(hashBytes(fileHash));
    const rotten = hashes[hashes.length - 2];
    const p = (d.node.files.blocks as FsBlockstore).pathOf(rotten);
    const bytes = await readFile(p);
    bytes[0] ^= 0x01;
    await writeFile(p, bytes);
    // a file kept here without holding it in a deal (as a client keeps its downloads): not this node's to scrub
    const kept = "0x" + Buffer.from((await d.node.files.addFile([randomBytes(40_000)])).fileHash).toString("hex");
    scrubEvents[victim].length = 0;
    const pass = await d.scrubber!.pass();
    const visited = scrubEvents[victim].flatMap((e) => (e.type === "scrub:file" ? [e.fileHash] : []));
    expect(visited).to.include(fileHash);
    expect(visited).to.not.include(kept);
    expect(pass.bad, "exactly the one rotten block").to.equal(1);
    expect(pass.blocks).to.be.at.least(hashes.length);
    const restored = keeperEvents[victim].filter((e) => e.type === "keeper:restored" && e.fileHash === fileHash);
    expect(restored.map((e) => e.type === "keeper:restored" && [e.reason, e.result.corrupted, e.result.fetched])).to.deep.equal([["scrub", 1, 1]]);
    expect(Buffer.from(await d.node.files.getBlock(rotten)).length).to.be.above(0);
    // the operator sees it on the REST API
    const health = await (await fetch(`${d.rest!.url}/api/v1/node/health`)).json();
    expect(health.scrub.last).to.include({ files: pass.files, blocks: pass.blocks, bad: 1 });
    expect(health.repairs.lastRestored).to.deep.equal({ fileHash, reason: "scrub", fetched: 1, corrupted: 1 });
    expect(health.repairs.running).to.equal(0);
    expect(health.proving.submitted).to.be.above(0);
    expect(health.proving.accepted).to.be.above(0);
    expect(health.serving).to.include({ budget: 16, batchesInFlight: 0 });
    expect((await d.scrubber!.pass()).bad, "a second pass finds nothing").to.equal(0);
    figures.scrub = { rotten: 1, found: pass.bad, refetched: 1, blocksRead: pass.blocks, bytesLost: 0 };
  });

  it("refuses to replicate for a node without a slot in the deal (50015), and a private file stays closed to strangers (50022)", async () => {
    const { dealId, fileHash, holders } = await upload(randomBytes(50_000));
    const outsider = running().find((d) => !holders.map((h) => h.toLowerCase()).includes(d.node.evmAddress))!;
    const before = await readdir(path.join((outsider.node.files.blocks as FsBlockstore).root, fileHash.slice(2, 4))).catch(() => []);
    const err = await failure(replicateFile(outsider.node, dealId));
    expect(err.code).to.equal(50015);
    expect(await readdir(path.join((outsider.node.files.blocks as FsBlockstore).root, fileHash.slice(2, 4))).catch(() => [])).to.deep.equal(before);
    const stranger = await startNode(chain, tmp.dir);
    try {
      const refused = await failure(downloadFile(stranger.node, fileHash, path.join(tmp.dir, "nope")));
      expect(refused.code).to.equal(50022);
    } finally {
      await stranger.stop();
    }
  });

  it("a holder that deleted its blocks but kept their hashes cannot prove: its forged proof reverts, it is slashed and replaced", async () => {
    const data = randomBytes(800 * 1024);
    const { dealId, fileHash, holders } = await upload(data);
    const [liar, honest] = holders.map(indexOf);
    await mineUntil(async () => (await provenSince(dealId, liar)) >= 1 && (await provenSince(dealId, honest)) >= 1, 3n * PERIOD, "first proofs");
    // the liar stops its honest software and drops the file's data, keeping the tree of hashes and the PDP block roots
    const liarFiles = daemons[liar]!.node.files;
    await daemons[liar]!.stop();
    daemons[liar] = undefined;
    const hashes = await liarFiles.getBlockHashesOfFile(hashBytes(fileHash));
    for (const h of hashes.slice(1)) await rm((liarFiles.blocks as FsBlockstore).pathOf(h));
    const liarChain = await LedgerChain.connect(accounts[liar].ledger);

    // in its next window it answers with what it kept: the siblings of a real proof, made-up leaves
    const s = await liarChain.schedule(accounts[liar].address);
    await advanceTo(s.opensAfter + 1n);
    const { challenges } = await liarChain.challenge(accounts[liar].address);
    const live = challenges.filter((c) => !c.skip);
    expect(new Set(live.map((c) => c.pieceId)).size, "this deal is the only live one it holds").to.equal(1);
    const indices = live.map((c) => Number(c.leafIndex));
    expect((await failure(provePdp(liarFiles, hashBytes(fileHash), indices))).code, "it cannot build a proof").to.equal(50011);
    const shape = await provePdp(daemons[honest]!.node.files, hashBytes(fileHash), indices);
    const forged = await failure(liarChain.prove(new Uint8Array(shape.leaves.length), shape.proof));
    expect(forged).to.be.instanceOf(ChainError);
    expect(forged.revert).to.equal("InvalidProof");
    expect(await provenSince(dealId, liar), "a reverted proof changes nothing").to.equal(1);

    // its period passes; the honest holder reports it; a candidate takes the slot over, fetches, accepts and proves
    const pledgeBefore = (await nodeStatus(owner.node.ledger, accounts[liar].address)).pledge;
    await mineUntil(async () => !(await isActive(dealId, liar)), 2n * PERIOD, "the miss reported");
    expect((await nodeStatus(owner.node.ledger, accounts[liar].address)).pledge < pledgeBefore).to.equal(true);
    const replacedAt = await chain.head();
    const taker = (await fileInfo(owner.node.ledger, dealId)).slots.map((h) => indexOf(h.node)).find((i) => i !== honest)!;
    expect(taker).to.be.at.least(0);
    await mineUntil(async () => (await provenSince(dealId, taker)) >= 1, 3n * PERIOD, "the candidate's first proof");
    expect(Buffer.from(await download(fileHash)).equals(data)).to.equal(true);
    expect(await scanHolders(dealId)).to.deep.equal([accounts[honest].address, accounts[taker].address].map((a) => a.toLowerCase()).sort());
    figures.lyingHolder = { forgedProof: forged.revert, slashed: pledgeBefore - (await nodeStatus(owner.node.ledger, accounts[liar].address)).pledge, blocksFromRecoveryToFirstProof: (await chain.head()) - replacedAt, bytesLost: 0 };
  });
});
