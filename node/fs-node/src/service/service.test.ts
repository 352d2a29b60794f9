import { randomBytes } from "node:crypto";
import { expect } from "chai";
import { readFile, writeFile, access } from "node:fs/promises";
import path from "node:path";
import { TransmissionState as T } from "@dsp/core";
import { closeChannel, dealIdOf, fileInfo, listNodes, registerNode, storeFile, tokenBalance } from "@dsp/ledger";
import { fundedAccount, sharedChain, tempDir, failure, until, type TestChain } from "@dsp/testkit";
import { downloadFile } from "./download.js";
import { OffersNotAccepted, uploadFile, type UploadProgress } from "./upload.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { startNode, type TestNode } from "./testing.js";
import { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";
import { FileOp } from "./protocol.js";

describe("FS node service: upload (offer, hand-off, acceptance), download", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  let storage: TestNode[];
  let owner: TestNode;
  let reader: TestNode;
  let stranger: TestNode;

  before(async () => {
    chain = await sharedChain();
    tmp = tempDir("dsp-service-");
    storage = [];
    for (let i = 0; i < 3; i++) storage.push(await startNode(chain, tmp.dir, { register: true }));
    owner = await startNode(chain, tmp.dir);
    reader = await startNode(chain, tmp.dir);
    stranger = await startNode(chain, tmp.dir);
  });
  after(async () => {
    for (const n of [...storage, owner, reader, stranger]) await n?.stop();
    tmp.cleanup();
  });

  async function upload(data: Uint8Array, over: Partial<Parameters<typeof uploadFile>[1]> = {}, onProgress?: (e: UploadProgress) => void) {
    const file = path.join(tmp.dir, `up-${Math.random().toString(16).slice(2)}`);
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    return uploadFile(owner.node, { source: file, copyNum: 2, expiredHeight: head + 500n, ...over }, { skipProofWait: true, onProgress });
  }

  it("uploads a file with two extra copies: each offered node fetches it, checks it against the deal and accepts; the upload ends once all have", async () => {
    const data = randomBytes(300 * 1024 + 123);
    const states: number[] = [];
    const holderDone = new Set<string>();
    const result = await upload(data, {}, (e) => (e.type === "upload:state" ? states.push(e.state) : e.state === T.TaskUploadFileTransferBlocksDone && holderDone.add(e.node)));
    expect(states).to.deep.equal([3, 4, 11, 9, 10, 12, 13]);
    expect(result.dealId).to.equal(dealIdOf(owner.account.address, result.fileHash));
    expect(result.holders).to.have.length(3);
    expect([...holderDone].sort()).to.deep.equal([...result.holders].sort());
    const info = await fileInfo(owner.account.ledger, result.dealId);
    // the upload returned because every offered node had accepted the deal on-chain
    expect(info.slots.map((s) => s.status)).to.deep.equal(["active", "active", "active"]);
    expect([...info.holders].map((h) => h.toLowerCase()).sort()).to.deep.equal([...result.holders].sort());
    const l = owner.account.ledger.contracts.ledger;
    expect(await l.queryFilter(l.filters.DealAccepted(result.dealId))).to.have.length(3);
    for (const s of storage) {
      const record = await s.node.files.fileRecord(Buffer.from(result.fileHash.slice(2), "hex"));
      expect(record.size).to.equal(data.length);
      expect("0x" + Buffer.from(record.dataRoot!).toString("hex")).to.equal(info.dataRoot.toLowerCase());
    }
  });

  it("downloads a public file from several holders at once, checks it and writes it atomically", async () => {
    const data = randomBytes(500 * 1024);
    const { fileHash } = await upload(data);
    await Promise.all(storage.map((s) => s.node.idle()));
    const out = path.join(tmp.dir, "download.bin");
    const seen = new Set<string>();
    const r = await downloadFile(reader.node, fileHash, out, { onProgress: (e) => e.type === "blocks:fetched" && seen.add(e.peer) });
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);
    expect(r.bytes).to.equal(data.length);
    expect(r.seeders).to.have.length(3);
    expect(seen.size).to.be.at.least(2);
  });

  it("serves a whitelisted file to the whitelist only (50022 for others) and a private one to its owner only", async () => {
    const head = await owner.account.ledger.head();
    const { fileHash } = await upload(randomBytes(40_000), { privilege: 2, whitelist: [{ addr: reader.account.address, fromHeight: 0n, toHeight: head + 1000n }] });
    await Promise.all(storage.map((s) => s.node.idle()));
    await downloadFile(reader.node, fileHash, path.join(tmp.dir, "wl-ok"));
    const out = path.join(tmp.dir, "wl-denied");
    const err = await failure(downloadFile(stranger.node, fileHash, out));
    expect([err.code, err.codeName]).to.deep.equal([50022, "DOWNLOAD_REFUSED"]);
    expect(await access(out).then(() => true, () => false)).to.equal(false);

    const secret = await upload(randomBytes(20_000), { privilege: 0 });
    await Promise.all(storage.map((s) => s.node.idle()));
    expect((await failure(downloadFile(reader.node, secret.fileHash, path.join(tmp.dir, "private")))).code).to.equal(50022);
    await downloadFile(owner.node, secret.fileHash, path.join(tmp.dir, "private-own"));
  });

  it("decrypts an encrypted file with the right password; a wrong one gives 50046 and writes nothing", async () => {
    const data = randomBytes(70_000);
    const src = path.join(tmp.dir, "plain");
    await writeFile(src, data);
    const { fileHash } = await upload(data, { source: src, encryptPassword: "s3cret" });
    await Promise.all(storage.map((s) => s.node.idle()));
    const out = path.join(tmp.dir, "decrypted");
    const err = await failure(downloadFile(reader.node, fileHash, out, { password: "wrong" }));
    expect([err.code, err.codeName]).to.deep.equal([50046, "DECRYPT_WRONG_PASSWORD"]);
    expect(await access(out).then(() => true, () => false)).to.equal(false);
    await downloadFile(reader.node, fileHash, out, { password: "s3cret" });
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);
  });

  it("resumes an upload after the uploader crashed mid-transfer, without sending a block twice", async () => {
    const data = randomBytes(3 << 20); // 192 blocks of 16 KiB
    const file = path.join(tmp.dir, "crash.bin");
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    const req = { source: file, copyNum: 0, expiredHeight: head + 500n };
    const primaryStore = storage.map((s) => s.node.files);
    const countBlocks = async (i: number) => {
      let n = 0;
      for await (const _ of primaryStore[i].blocks.keys()) n++;
      return n;
    };
    const before = await Promise.all(storage.map((_, i) => countBlocks(i)));
    const rejected: string[] = [];
    for (const s of storage) s.node.on("file:rejected", ({ error }) => rejected.push(error.message));
    // Crash the uploader once a holder has fetched some of the blocks.
    const first = uploadFile(owner.node, req, { skipProofWait: true }).catch((e) => e);
    const { holder } = await until(async () => {
      const counts = await Promise.all(storage.map((_, i) => countBlocks(i)));
      const holder = counts.findIndex((c, i) => c - before[i] >= 20);
      return holder >= 0 ? { holder } : undefined;
    }, { ms: 30_000, every: 10, what: "a holder to start fetching" });
    await owner.crashAndRestart();
    expect((await first).code, "the crashed upload fails with 59100").to.equal(59100);
    await storage[holder].node.idle();
    expect(rejected.length, "the holder gave up on the broken transfer").to.be.above(0);
    const had = (await countBlocks(holder)) - before[holder];
    expect(had).to.be.above(0);
    // Again: the File Hash is committed already, the holder asks only for what it lacks.
    let fetched = -1;
    storage[holder].node.once("file:received", ({ bytes }) => (fetched = bytes));
    const second = await uploadFile(owner.node, req, { skipProofWait: true });
    expect(second.committed).to.equal(false);
    await storage[holder].node.idle();
    const record = await storage[holder].node.files.fileRecord(Buffer.from(second.fileHash.slice(2), "hex"));
    expect(record.size).to.equal(data.length);
    expect(fetched).to.be.above(0);
    expect(fetched).to.be.at.most(data.length + 64 * 1024 - had * 16 * 1024 + 16 * 1024);
  });

  it("refuses an upload needing more nodes than the registry has (50007) or than answer (50014), and commits nothing", async () => {
    // The chain is shared with other suites, whose nodes stay registered (and are offline by now).
    const dead = await fundedAccount(chain, tmp.dir);
    await registerNode(dead.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/9/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf", volume: 64n << 20n, serviceTime: 10_000_000n });
    const eligible = (await listNodes(owner.account.ledger)).filter((n) => n.status === "active" && n.restVolume >= 10_000n && n.pledge >= n.requiredPledge).length;
    const data = randomBytes(10_000);
    const tooMany = await failure(upload(data, { copyNum: eligible }));
    expect([tooMany.code, tooMany.codeName]).to.deep.equal([50007, "ONLINE_NODES_NOT_ENOUGH"]);
    const offline = await failure(upload(data, { copyNum: eligible - 1 }));
    expect([offline.code, offline.codeName]).to.deep.equal([50014, "RECEIVERS_NOT_ENOUGH"]);
    const hash = "0x" + Buffer.from((await owner.node.files.addFile([data])).fileHash).toString("hex");
    expect((await failure(fileInfo(owner.account.ledger, dealIdOf(owner.account.address, hash)))).code).to.equal(50021);
    dead.ledger.destroy();
  });

  it("lets two owners store the same bytes: each has a deal of its own, and a node already holding the bytes accepts at once", async () => {
    const data = randomBytes(12_345);
    const first = await upload(data, { copyNum: 0 });
    const file = path.join(tmp.dir, "same");
    await writeFile(file, data);
    const head = await stranger.account.ledger.head();
    const second = await uploadFile(stranger.node, { source: file, copyNum: 2, expiredHeight: head + 500n }, { skipProofWait: true });
    expect(second.fileHash).to.equal(first.fileHash);
    expect(second.dealId).to.not.equal(first.dealId);
    expect(second.dealId).to.equal(dealIdOf(stranger.account.address, first.fileHash));
    const [a, b] = [await fileInfo(owner.account.ledger, first.dealId), await fileInfo(owner.account.ledger, second.dealId)];
    expect([a.owner, b.owner].map((o) => o.toLowerCase())).to.deep.equal([owner.account.address, stranger.account.address].map((o) => o.toLowerCase()));
    expect(b.holders).to.have.length(3);
    // the holder of the first deal is among the second's: it kept one copy of the bytes for both
    expect(b.holders).to.include(a.holders[0]);
    const out = path.join(tmp.dir, "same-out");
    const r = await downloadFile(reader.node, first.fileHash, out, { owner: stranger.account.address });
    expect(r.dealId).to.equal(second.dealId);
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);
  });

  it("a node handed data that does not match the deal's committed data root never accepts it: it declines, is not slashed, and the upload names it (50015)", async () => {
    const data = randomBytes(40_000);
    const src = path.join(tmp.dir, "wrong-root");
    await writeFile(src, data);
    // the owner opens the deal itself with a root its bytes do not have, offered to one storage node
    const added = await owner.node.files.addFile(src);
    await generatePdpData(owner.node.files, added.fileHash);
    const fileHash = "0x" + Buffer.from(added.fileHash).toString("hex");
    const target = storage[0];
    const head = await owner.account.ledger.head();
    const pledgeBefore = (await listNodes(owner.account.ledger)).find((n) => n.address.toLowerCase() === target.node.evmAddress)!.pledge;
    const { dealId } = await storeFile(owner.account.ledger, {
      option: {
        fileDesc: "wrong root", fileSize: BigInt(added.size), proveInterval: 20n, expiredHeight: head + 500n, privilege: 1, copyNum: 0,
        encrypt: false, registerDns: false, bindDns: false, dnsUrl: "", whitelist: [], share: false, storageType: 1,
      },
      commit: { fileHash, blocksRoot: "0x" + Buffer.from(added.blocksRoot).toString("hex"), dataRoot: "0x" + "ab".repeat(16), blockNum: BigInt(added.blockCount), blockSize: BigInt(added.blockSize) },
      offered: [target.account.address],
    });
    const rejected: boolean[] = [];
    target.node.once("file:rejected", ({ mismatch }) => rejected.push(mismatch));
    // resuming the upload hands the data to the offered node, which checks it and refuses it
    const err = await failure(uploadFile(owner.node, { source: src, copyNum: 0, expiredHeight: head + 500n }, { skipProofWait: true }));
    expect(err).to.be.instanceOf(OffersNotAccepted);
    expect([err.code, err.codeName]).to.deep.equal([50015, "RECEIVERS_REJECTED"]);
    expect(err.refused.map((r: { node: string }) => r.node)).to.deep.equal([target.node.evmAddress]);
    expect(rejected).to.deep.equal([true]);
    const l = owner.account.ledger.contracts.ledger;
    await until(async () => (await l.queryFilter(l.filters.OfferWithdrawn(dealId, target.account.address))).length > 0, { ms: 30_000, what: "the decline" });
    expect((await l.queryFilter(l.filters.OfferWithdrawn(dealId, target.account.address)))[0].args.lapsed).to.equal(false);
    expect(await l.queryFilter(l.filters.DealAccepted(dealId))).to.have.length(0);
    expect(target.proverEvents.filter((e) => e.type === "prover:deal:declined").map((e) => e.type === "prover:deal:declined" && e.detail.dealId)).to.deep.equal([dealId]);
    // it kept nothing of it, and lost nothing
    expect(await target.node.files.fileRecord(added.fileHash).then(() => true, () => false)).to.equal(false);
    expect((await listNodes(owner.account.ledger)).find((n) => n.address.toLowerCase() === target.node.evmAddress)!.pledge).to.equal(pledgeBefore);
  });

  it("no storage node missed a period or was slashed while the suite ran (every node proves what it accepted)", async () => {
    const v = owner.account.ledger.contracts.verifier;
    const proofs = await Promise.all(storage.map((s) => v.queryFilter(v.filters.PeriodProven(s.account.address))));
    expect(proofs.every((p) => p.length > 0), "each node proved").to.equal(true);
    for (const s of storage) expect(await v.queryFilter(v.filters.PeriodMissed(s.account.address)), s.account.address).to.have.length(0);
  });
});

describe("FS node service: paid downloads", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  let seeders: TestNode[];
  let owner: TestNode;
  let buyer: TestNode;
  const PRICE = 1000n; // wei per byte

  before(async () => {
    chain = await sharedChain();
    tmp = tempDir("dsp-paid-");
    seeders = [];
    for (let i = 0; i < 2; i++) seeders.push(await startNode(chain, tmp.dir, { register: true, seeding: { unitPrice: PRICE } }));
    owner = await startNode(chain, tmp.dir);
    buyer = await startNode(chain, tmp.dir);
  });
  after(async () => {
    for (const n of [...seeders, owner, buyer]) await n?.stop();
    tmp.cleanup();
  });

  it("pays each seeder by voucher for the bytes it sent; the seeders collect exactly that on-chain", async () => {
    const data = randomBytes(600 * 1024);
    const file = path.join(tmp.dir, "paid");
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    const { fileHash } = await uploadFile(owner.node, { source: file, copyNum: 1, expiredHeight: head + 500n }, { skipProofWait: true });
    await Promise.all(seeders.map((s) => s.node.idle()));
    const before = await Promise.all(seeders.map((s) => tokenBalance(s.account.ledger, s.account.address)));
    const r = await downloadFile(buyer.node, fileHash, path.join(tmp.dir, "bought"));
    const promised = Object.values(r.paid).reduce((a, b) => a + b, 0n);
    // Every block of the tree is paid for: the data and the link blocks above it.
    const hash = Buffer.from(fileHash.slice(2), "hex");
    let treeBytes = 0;
    for (const h of await buyer.node.files.getBlockHashesOfFile(hash)) treeBytes += (await buyer.node.files.getBlock(h)).length;
    expect(treeBytes).to.be.above(data.length);
    expect(promised).to.equal(BigInt(treeBytes) * PRICE);
    for (const [i, s] of seeders.entries()) {
      const owed = r.paid[s.account.address.toLowerCase()] ?? 0n;
      const [voucher] = s.node.seeding.vouchers();
      if (owed === 0n) {
        // A seeder that sent nothing holds no voucher and gets nothing.
        expect(voucher).to.equal(undefined);
        continue;
      }
      expect(voucher?.cumulativeAmount).to.equal(owed);
      await closeChannel(s.account.ledger, voucher);
      expect(await tokenBalance(s.account.ledger, s.account.address)).to.equal(before[i] + voucher.cumulativeAmount);
    }
  });

  it("stops serving a downloader who does not pay once the unpaid amount passes the limit (50032)", async () => {
    const stingy = await startNode(chain, tmp.dir, { register: true, seeding: { unitPrice: PRICE, unpaidLimit: 64 * 1024 } });
    try {
      const data = randomBytes(400 * 1024);
      const file = path.join(tmp.dir, "unpaid");
      await writeFile(file, data);
      const head = await owner.account.ledger.head();
      // Three holders: the two seeders and the stingy one (a DownloadAsk below fails if it is not one).
      const { fileHash } = await uploadFile(owner.node, { source: file, copyNum: 2, expiredHeight: head + 500n }, { skipProofWait: true });
      await stingy.node.idle();
      const peer = await buyer.node.host.connect(stingy.node.host.multiaddrs[0]);
      const ack = (await buyer.node.host.request(peer, Opcode.File, { hash: fileHash, operation: FileOp.DownloadAsk })).message as dsp.File;
      expect(ack.payInfo?.unitPrice).to.equal(PRICE.toString());
      let served = 0;
      let refusal: any;
      for (const [i, hash] of ack.blockHashes.entries()) {
        try {
          await buyer.node.host.request(peer, Opcode.BlockFlights, { sessionId: ack.sessionId, blocks: [{ hash, index: i, fileHash }] }, { bulk: true });
          served++;
        } catch (e) {
          refusal = e;
          break;
        }
      }
      expect([refusal?.code, refusal?.codeName]).to.deep.equal([50032, "PAY_UNPAID_BLOCK_FAILED"]);
      expect(served).to.equal(4); // 4 x 16 KiB = the 64 KiB limit
    } finally {
      await stingy.stop();
    }
  });
});
