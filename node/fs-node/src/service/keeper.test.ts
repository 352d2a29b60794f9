/**
 * Files stay whole when holders fail, on real daemons (FsBlockstore on disk, DspHost on loopback,
 * prover and keeper) over a chain of their own, so the registry holds exactly these four nodes.
 * Blocks are mined by the test, one at a time, each step waiting until every running prover has
 * handled the new head: no sleeps decide anything.
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

const PROVE_INTERVAL = 10n;

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

  // Each test's files are deleted after it: on a chain where every transaction is a block, the
  // proofs of files left over would crowd each other out of their 5-block windows.
  const uploaded: string[] = [];
  afterEach(async () => {
    if (uploaded.length) await deleteFiles(owner.node.ledger, uploaded.splice(0));
  });

  /** SCAN's active holders of a file once it has indexed the chain's head (polled, bounded). */
  async function scanHolders(fileHash: string): Promise<string[]> {
    const head = String(await chain.head());
    return until(async () => {
      const res = await fetch(scan.url!, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ status { blockNumber } holders(fileHash: "${fileHash}", active: true) { node } }` }),
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

  const holder = async (fileHash: string, i: number) => (await fileInfo(owner.node.ledger, fileHash)).holders.find((h) => h.node.toLowerCase() === accounts[i].address.toLowerCase());

  async function upload(data: Uint8Array, privilege = 0) {
    const file = path.join(tmp.dir, `up-${Math.random().toString(16).slice(2)}`);
    await writeFile(file, data);
    const head = await chain.head();
    const r = await uploadFile(owner.node, { source: file, copyNum: 1, candidates: 2, privilege, proveInterval: PROVE_INTERVAL, expiredHeight: head + 2000n }, { skipProofWait: true });
    await Promise.all(running().map((d) => d.node.idle()));
    uploaded.push(r.fileHash);
    return r;
  }

  async function download(fileHash: string) {
    const out = path.join(tmp.dir, `down-${Math.random().toString(16).slice(2)}`);
    await downloadFile(owner.node, fileHash, out);
    return readFile(out);
  }

  it("a holder killed for good is reported and slashed; a candidate fetches the file from the survivor and proves it", async () => {
    const data = randomBytes(700 * 1024);
    const { fileHash, holders } = await upload(data);
    expect(holders).to.have.length(2);
    const [dead, survivor] = holders.map(indexOf);
    const candidates = (await fileInfo(owner.node.ledger, fileHash)).candidates.map(indexOf);
    expect(candidates).to.have.length(2);
    const pledgeBefore = (await nodeStatus(owner.node.ledger, accounts[dead].address)).pledge;

    // both holders prove once, then one of them dies for good
    await mineUntil(async () => (await holder(fileHash, dead))!.proofsDone >= 1n && (await holder(fileHash, survivor))!.proofsDone >= 1n, 4n * PROVE_INTERVAL, "first proofs");
    await daemons[dead]!.stop();
    daemons[dead] = undefined;

    // its next window passes; the survivor reports it, the ledger slashes it and hands its slot to the first candidate
    await mineUntil(async () => (await holder(fileHash, dead))?.active !== true, 4n * PROVE_INTERVAL, "the miss reported");
    const recoveredAt = await chain.head();
    const info = await fileInfo(owner.node.ledger, fileHash);
    const taker = info.holders.filter((h) => h.active).map((h) => indexOf(h.node)).find((i) => i !== survivor)!;
    expect(taker).to.equal(candidates[0]);
    expect((await nodeStatus(owner.node.ledger, accounts[dead].address)).pledge < pledgeBefore).to.equal(true);
    expect(Buffer.from(await download(fileHash)).equals(data), "downloadable while one holder is down").to.equal(true);

    // the candidate fetches the file from the survivor (a private file: served to a fellow holder) and proves it within two prove periods
    await mineUntil(async () => ((await holder(fileHash, taker))?.proofsDone ?? 0n) >= 1n, 2n * PROVE_INTERVAL + 6n, "the candidate's first proof");
    const restored = keeperEvents[taker].filter((e) => e.type === "keeper:restored");
    expect(restored.map((e) => e.type === "keeper:restored" && [e.fileHash, e.reason])).to.deep.equal([[fileHash, "recovery"]]);
    const proofBlock = await chain.head();
    expect(proofBlock - recoveredAt <= 2n * PROVE_INTERVAL + 6n).to.equal(true);
    const record = await daemons[taker]!.node.files.fileRecord(Buffer.from(fileHash.slice(2), "hex"));
    expect(record.size).to.equal(data.length);
    expect(Buffer.from(await download(fileHash)).equals(data)).to.equal(true);
    // SCAN, following the same chain, shows the new holder in place of the dead one
    expect(await scanHolders(fileHash)).to.deep.equal([accounts[survivor].address, accounts[taker].address].map((a) => a.toLowerCase()).sort());
    const restoredEvent = restored[0];
    figures.killedHolder = {
      blocksFromSlotToFirstProof: proofBlock - recoveredAt, limit: 2n * PROVE_INTERVAL + 6n, proveInterval: PROVE_INTERVAL,
      blocksFetched: restoredEvent.type === "keeper:restored" ? restoredEvent.result.fetched : undefined, bytesLost: 0,
    };
  });

  it("a block corrupted on disk is detected when the holder reads it and fetched again from another holder", async () => {
    const data = randomBytes(600 * 1024);
    const { fileHash, holders } = await upload(data, 1);
    const [victim, other] = holders.map(indexOf).filter((i) => daemons[i]);
    expect(daemons[victim] && daemons[other]).to.not.equal(undefined);
    const blocks = daemons[victim]!.node.files.blocks as FsBlockstore;
    const hashes = await daemons[victim]!.node.files.getBlockHashesOfFile(Buffer.from(fileHash.slice(2), "hex"));
    // every leaf rots (so whichever leaves the next challenge picks, the proof meets a bad block)
    const leaves = hashes.slice(1);
    for (const h of leaves) {
      const p = blocks.pathOf(h);
      const bytes = await readFile(p);
      bytes[17] ^= 0xff;
      await writeFile(p, bytes);
    }
    const before = (await holder(fileHash, victim))!.proofsDone;
    await mineUntil(async () => (await holder(fileHash, victim))!.proofsDone > before, 3n * PROVE_INTERVAL, "a proof after the repair");
    const restored = keeperEvents[victim].filter((e) => e.type === "keeper:restored" && e.fileHash === fileHash);
    expect(restored).to.have.length(1);
    const r = restored[0].type === "keeper:restored" ? restored[0].result : undefined;
    expect(r?.corrupted).to.equal(leaves.length);
    expect(r?.fetched).to.equal(leaves.length);
    expect((await holder(fileHash, victim))!.active, "never slashed").to.equal(true);
    for (const h of leaves) expect(await daemons[victim]!.node.files.getBlock(h)).to.have.length.greaterThan(0);
    figures.corruptedBlocks = { corrupted: r?.corrupted, refetched: r?.fetched, slashed: false, bytesLost: 0 };
  });

  it("blocks deleted from disk are fetched again before the proof is due", async () => {
    const data = randomBytes(900 * 1024);
    const { fileHash, holders } = await upload(data, 1);
    const victim = holders.map(indexOf).find((i) => daemons[i])!;
    const blocks = daemons[victim]!.node.files.blocks as FsBlockstore;
    const hashes = await daemons[victim]!.node.files.getBlockHashesOfFile(Buffer.from(fileHash.slice(2), "hex"));
    for (const h of hashes.slice(1)) await rm(blocks.pathOf(h));
    const before = (await holder(fileHash, victim))!.proofsDone;
    await mineUntil(async () => (await holder(fileHash, victim))!.proofsDone > before, 3n * PROVE_INTERVAL, "a proof after the repair");
    const restored = keeperEvents[victim].filter((e) => e.type === "keeper:restored" && e.fileHash === fileHash);
    expect(restored.map((e) => e.type === "keeper:restored" && e.result.fetched)).to.deep.equal([hashes.length - 1]);
    expect((await holder(fileHash, victim))!.active).to.equal(true);
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
    // a file kept here without holding it on the ledger (as a client keeps its downloads): not this node's to scrub
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
    expect(health.serving).to.include({ budget: 16, batchesInFlight: 0 });
    expect((await d.scrubber!.pass()).bad, "a second pass finds nothing").to.equal(0);
    figures.scrub = { rotten: 1, found: pass.bad, refetched: 1, blocksRead: pass.blocks, bytesLost: 0 };
  });

  it("refuses to replicate for a node that does not hold the file (50015), and a private file stays closed to strangers (50022)", async () => {
    const { fileHash, holders } = await upload(randomBytes(50_000));
    const outsider = running().find((d) => !holders.map((h) => h.toLowerCase()).includes(d.node.evmAddress))!;
    const before = await readdir(path.join((outsider.node.files.blocks as FsBlockstore).root, fileHash.slice(2, 4)));
    const err = await failure(replicateFile(outsider.node, fileHash));
    expect(err.code).to.equal(50015);
    expect(await readdir(path.join((outsider.node.files.blocks as FsBlockstore).root, fileHash.slice(2, 4)))).to.deep.equal(before);
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
    const { fileHash, holders } = await upload(data);
    const [liar, honest] = holders.map(indexOf);
    await mineUntil(async () => (await holder(fileHash, liar))!.proofsDone >= 1n && (await holder(fileHash, honest))!.proofsDone >= 1n, 4n * PROVE_INTERVAL, "first proofs");
    // the liar stops its honest software and drops the file's data, keeping the tree of hashes and the PDP block roots
    const liarFiles = daemons[liar]!.node.files;
    await daemons[liar]!.stop();
    daemons[liar] = undefined;
    const hashes = await liarFiles.getBlockHashesOfFile(hashBytes(fileHash));
    for (const h of hashes.slice(1)) await rm((liarFiles.blocks as FsBlockstore).pathOf(h));
    const liarChain = await LedgerChain.connect(accounts[liar].ledger);

    // at its next challenge it answers with what it kept: the upper part of a real proof, made-up leaves
    const due = (await holder(fileHash, liar))!.nextChallenge;
    await advanceTo(due + 1n);
    const [, , , indices] = await accounts[liar].ledger.contracts.verifier.challengeOf(fileHash, accounts[liar].address);
    expect((await failure(provePdp(liarFiles, hashBytes(fileHash), indices.map(Number)))).code, "it cannot build a proof").to.equal(50011);
    const shape = await provePdp(daemons[honest]!.node.files, hashBytes(fileHash), indices.map(Number));
    const forged = await failure(liarChain.prove(fileHash, new Uint8Array(shape.leaves.length), shape.proof));
    expect(forged).to.be.instanceOf(ChainError);
    expect(forged.revert).to.equal("InvalidProof");
    expect((await holder(fileHash, liar))!.proofsDone, "a reverted proof changes nothing").to.equal(1n);

    // its window passes; the honest holder reports it; a candidate takes over and proves
    const pledgeBefore = (await nodeStatus(owner.node.ledger, accounts[liar].address)).pledge;
    await mineUntil(async () => (await holder(fileHash, liar))?.active !== true, 4n * PROVE_INTERVAL, "the miss reported");
    expect((await nodeStatus(owner.node.ledger, accounts[liar].address)).pledge < pledgeBefore).to.equal(true);
    const replacedAt = await chain.head();
    const taker = (await fileInfo(owner.node.ledger, fileHash)).holders.filter((h) => h.active).map((h) => indexOf(h.node)).find((i) => i !== honest)!;
    expect(taker).to.be.at.least(0);
    await mineUntil(async () => ((await holder(fileHash, taker))?.proofsDone ?? 0n) >= 1n, 2n * PROVE_INTERVAL + 6n, "the candidate's first proof");
    expect(Buffer.from(await download(fileHash)).equals(data)).to.equal(true);
    expect(await scanHolders(fileHash)).to.deep.equal([accounts[honest].address, accounts[taker].address].map((a) => a.toLowerCase()).sort());
    figures.lyingHolder = { forgedProof: forged.revert, slashed: pledgeBefore - (await nodeStatus(owner.node.ledger, accounts[liar].address)).pledge, blocksFromSlotToFirstProof: (await chain.head()) - replacedAt, bytesLost: 0 };
  });
});
