import { expect } from "chai";
import fc from "fast-check";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { AbortedError, hex } from "@dsp/core";
import { FileStore } from "./file-store.js";
import { generatePdpData } from "./pdp-data.js";
import { MemoryBlockstore } from "./memory-blockstore.js";
import { DirRootStore, MemoryRootStore } from "./root-store.js";
import { blocksRoot } from "./blocks-root.js";
import { decodeLinkBlock, sha256 } from "./dag.js";
import { BlockCorrupted, BlockHashMismatch, FileNotFound } from "./errors.js";
import { KiB, concat, memoryFileStore, pieces, random } from "./testing.js";

function leafHashesOf(data: Uint8Array, blockSize: number) {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length || out.length === 0; at += blockSize) out.push(sha256(data.subarray(at, at + blockSize)));
  return out;
}

describe("FileStore (the spec's FS APIs)", () => {
  describe("AddFile and reading back", () => {
    // 1 KiB blocks (fan-out 31) for the block boundaries, 256 B blocks (fan-out 7) for deep trees
    const cases: [string, number, number, number][] = [
      ["empty", 0, KiB, 1],
      ["1 byte", 1, KiB, 1],
      ["block - 1", KiB - 1, KiB, 1],
      ["one block", KiB, KiB, 1],
      ["block + 1", KiB + 1, KiB, 1],
      ["a full root", 31 * KiB, KiB, 1],
      ["a full root + 1 (two levels)", 31 * KiB + 1, KiB, 2],
      ["two full levels", 49 * 256, 256, 2],
      ["two full levels + 1 (three levels)", 49 * 256 + 1, 256, 3],
      ["three full levels + 1 (four levels)", 343 * 256 + 1, 256, 4],
    ];
    for (const [name, size, blockSize, height] of cases) {
      it(`round-trips ${name} (${size} bytes in ${blockSize} B blocks, tree height ${height}) and returns the FileCommit fields`, async () => {
        const { files } = await memoryFileStore(blockSize);
        const data = random(size);
        const r = await files.addFile(pieces(data));
        expect(Buffer.compare(await concat(files.readFile(r.fileHash)), data)).to.equal(0);
        expect(r.size).to.equal(size);
        expect(r.blockSize).to.equal(blockSize);
        expect(r.blockCount).to.equal(Math.max(1, Math.ceil(size / blockSize)));
        expect(r).not.to.have.property("dataRoot"); // PDP data is generatePdpData's (pdp-data.test.ts)
        const leaves = leafHashesOf(data, blockSize);
        expect(hex(r.blocksRoot)).to.equal(hex(blocksRoot(leaves)));
        const hashes = await files.getBlockHashesOfFile(r.fileHash);
        expect(hex(hashes[0])).to.equal(hex(r.fileHash));
        const root = decodeLinkBlock(r.fileHash, await files.getBlock(r.fileHash));
        expect(root.height).to.equal(height);
        expect(root.size).to.equal(size);
        // every leaf is listed, in file order, after the link blocks that name it
        const leafSet = new Set(leaves.map(hex));
        expect(hashes.map(hex).filter((h) => leafSet.has(h))).to.deep.equal(leaves.map(hex));
      });
    }

    it("round-trips a 3 MiB file in real 256 KiB blocks, read from a path", async function () {
      const dir = await mkdtemp(join(tmpdir(), "dsp-fs-"));
      try {
        const blocks = new MemoryBlockstore();
        const files = await FileStore.open({ blocks, roots: new MemoryRootStore() });
        const data = random(3 * 1024 * KiB + 5);
        await writeFile(join(dir, "f"), data);
        const r = await files.addFile(join(dir, "f"));
        expect(r.blockCount).to.equal(13);
        expect(blocks.size).to.equal(14);
        expect(hex(r.blocksRoot)).to.equal(hex(blocksRoot(leafHashesOf(data, 256 * KiB))));
        expect(Buffer.compare(await concat(files.readFile(r.fileHash)), data)).to.equal(0);
        expect(hex((await files.addFile(Readable.from([Buffer.from(data)]))).fileHash)).to.equal(hex(r.fileHash));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("gives the same bytes the same File Hash however they are split, and other bytes another (property)", async () => {
      const { files } = await memoryFileStore(256);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 20_000 }), async (size) => {
          const data = random(size);
          const a = await files.addFile(pieces(data, 100));
          const b = await files.addFile(pieces(data, 5000));
          expect(hex(a.fileHash)).to.equal(hex(b.fileHash));
          if (size === 0) return;
          const other = Uint8Array.from(data);
          other[size - 1] ^= 1;
          expect(hex((await files.addFile(pieces(other))).fileHash)).not.to.equal(hex(a.fileHash));
        }),
        { numRuns: 40 },
      );
    });

    it("gives the same bytes a different File Hash under another block size", async () => {
      const data = random(3000);
      const a = await (await memoryFileStore(KiB)).files.addFile(pieces(data));
      const b = await (await memoryFileStore(2 * KiB)).files.addFile(pieces(data));
      expect(hex(a.fileHash)).not.to.equal(hex(b.fileHash));
    });

    it("reports progress block by block", async () => {
      const { files } = await memoryFileStore(KiB);
      const events: { blocks: number; bytes: number }[] = [];
      await files.addFile(pieces(random(2500)), { onProgress: (e) => events.push(e) });
      expect(events).to.deep.equal([
        { type: "fs:add:block", blocks: 1, bytes: 1024 },
        { type: "fs:add:block", blocks: 2, bytes: 2048 },
        { type: "fs:add:block", blocks: 3, bytes: 2500 },
      ]);
    });

    it("stops on abort with AbortedError and records no root", async () => {
      const { files } = await memoryFileStore(KiB);
      const ctl = new AbortController();
      const err = await files
        .addFile(pieces(random(20 * KiB)), { signal: ctl.signal, onProgress: (e) => e.blocks === 5 && ctl.abort() })
        .catch((e) => e);
      expect(err).to.be.instanceOf(AbortedError);
      expect(await files.listFiles()).to.have.length(0);
    });
  });

  describe("block sharing", () => {
    it("stores a block shared by two files once", async () => {
      const { files, blocks } = await memoryFileStore(KiB);
      const common = random(10 * KiB);
      const a = Buffer.concat([common, random(3 * KiB)]);
      const b = Buffer.concat([common, random(2 * KiB)]);
      const ra = await files.addFile([a]);
      const afterA = blocks.size;
      const rb = await files.addFile([b]);
      const own = (r: { fileHash: Uint8Array }) => files.getBlockHashesOfFile(r.fileHash).then((h) => h.length);
      expect(afterA).to.equal(await own(ra));
      // b's 10 common leaves are already there; only its own 2 leaves and its root are new
      expect(blocks.size).to.equal(afterA + 3);
      expect(blocks.size).to.be.below((await own(ra)) + (await own(rb)));
    });
  });

  describe("PutBlock and GetBlock", () => {
    it("stores a block under its sha256 and gives it back", async () => {
      const { files } = await memoryFileStore();
      const bytes = random(100);
      await files.putBlock(sha256(bytes), bytes);
      expect(hex(await files.getBlock(sha256(bytes)))).to.equal(hex(bytes));
    });

    it("rejects bytes that do not hash to the given hash (50038) and stores nothing", async () => {
      const { files, blocks } = await memoryFileStore();
      const bytes = random(100);
      const wrong = sha256(random(100));
      const err = await files.putBlock(wrong, bytes).catch((e) => e);
      expect(err).to.be.instanceOf(BlockHashMismatch);
      expect(err.code).to.equal(50038);
      expect(err.message).to.contain(hex(wrong));
      expect(blocks.size).to.equal(0);
    });

    it("lets a receiver rebuild a file from PutBlock alone and commit it with the sender's result", async () => {
      const sender = await memoryFileStore(KiB);
      const receiver = await memoryFileStore(KiB);
      const data = random(40 * KiB + 7);
      const sent = await sender.files.addFile([data]);
      const lease = receiver.files.lease();
      for (const h of await sender.files.getBlockHashesOfFile(sent.fileHash)) {
        await receiver.files.putBlock(h, await sender.files.getBlock(h), { lease });
      }
      const got = await receiver.files.commitFile(sent.fileHash, { lease });
      lease.release();
      expect(got).to.deep.equal(sent);
      // then state 11 on both sides: the receiver's dataRoot is the one the sender committed
      const sentPdp = await generatePdpData(sender.files, sent.fileHash, { workers: 1 });
      expect(hex((await generatePdpData(receiver.files, sent.fileHash, { workers: 1 })).dataRoot)).to.equal(hex(sentPdp.dataRoot));
      expect(Buffer.compare(await concat(receiver.files.readFile(sent.fileHash)), data)).to.equal(0);
    });
  });

  describe("reading detects corruption", () => {
    it("throws BlockCorrupted naming the block when a stored leaf no longer matches its hash", async () => {
      const { files, blocks } = await memoryFileStore(KiB);
      const data = random(5 * KiB);
      const r = await files.addFile([data]);
      const victim = sha256(data.subarray(2 * KiB, 3 * KiB));
      const rotten = await blocks.get(victim);
      rotten[17] ^= 0xff;
      await blocks.put(victim, rotten);
      const err = await concat(files.readFile(r.fileHash)).catch((e) => e);
      expect(err).to.be.instanceOf(BlockCorrupted);
      expect(err.message).to.contain(hex(victim));
      expect(await files.getBlock(victim).catch((e) => e)).to.be.instanceOf(BlockCorrupted);
    });
  });

  describe("DeleteFile", () => {
    it("removes the live root but leaves the blocks to GC", async () => {
      const { files, blocks } = await memoryFileStore(KiB);
      const r = await files.addFile([random(3 * KiB)]);
      await files.deleteFile(r.fileHash);
      expect(await files.listFiles()).to.have.length(0);
      expect(blocks.size).to.equal(4);
      expect(await files.deleteFile(r.fileHash).catch((e) => e)).to.be.instanceOf(FileNotFound);
    });
  });

  describe("live roots across a restart", () => {
    let dir: string;
    beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), "dsp-roots-"))));
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it("keeps the live roots, their FileCommit fields, and their PDP data once generated", async () => {
      const blocks = new MemoryBlockstore();
      const first = await FileStore.open({ blocks, roots: await DirRootStore.open(dir), blockSize: KiB });
      const r = await first.addFile([random(5 * KiB)]);
      const again = await FileStore.open({ blocks, roots: await DirRootStore.open(dir), blockSize: KiB });
      expect((await again.listFiles()).map(hex)).to.deep.equal([hex(r.fileHash)]);
      const rec = await again.fileRecord(r.fileHash);
      expect(hex(rec.blocksRoot)).to.equal(hex(r.blocksRoot));
      expect(rec.dataRoot).to.equal(undefined);
      const pdp = await generatePdpData(again, r.fileHash, { workers: 1 });
      const third = await FileStore.open({ blocks, roots: await DirRootStore.open(dir), blockSize: KiB });
      const rec3 = await third.fileRecord(r.fileHash);
      expect(hex(rec3.dataRoot!)).to.equal(hex(pdp.dataRoot));
      expect(rec3.pdpBlockRoots!.length).to.equal(5 * 16);
    });

    it("after a crash in the middle of AddFile, adds the same file again with the same File Hash", async () => {
      const blocks = new MemoryBlockstore();
      const data = random(20 * KiB);
      const reference = await (await memoryFileStore(KiB)).files.addFile([data]);
      const crashing = new CrashAfter(blocks, 8);
      const first = await FileStore.open({ blocks: crashing, roots: await DirRootStore.open(dir), blockSize: KiB });
      expect(await first.addFile(pieces(data)).catch((e) => e.message)).to.equal("crash");
      expect(blocks.size).to.equal(8);
      const restarted = await FileStore.open({ blocks, roots: await DirRootStore.open(dir), blockSize: KiB });
      expect(await restarted.listFiles()).to.have.length(0);
      const r = await restarted.addFile(pieces(data));
      expect(hex(r.fileHash)).to.equal(hex(reference.fileHash));
      expect(Buffer.compare(await concat(restarted.readFile(r.fileHash)), data)).to.equal(0);
    });

    it("after a crash in the middle of AddFile, GC removes the rootless blocks", async () => {
      const blocks = new MemoryBlockstore();
      const keep = await FileStore.open({ blocks, roots: await DirRootStore.open(dir), blockSize: KiB });
      const kept = await keep.addFile([random(3 * KiB)]);
      const before = blocks.size;
      const crashing = await FileStore.open({ blocks: new CrashAfter(blocks, 6), roots: await DirRootStore.open(dir), blockSize: KiB });
      await crashing.addFile(pieces(random(20 * KiB))).catch(() => {});
      expect(blocks.size).to.equal(before + 6);
      const restarted = await FileStore.open({ blocks, roots: await DirRootStore.open(dir), blockSize: KiB });
      const gc = await restarted.garbageCollect();
      expect(gc.deleted).to.equal(6);
      expect(blocks.size).to.equal(before);
      expect((await concat(restarted.readFile(kept.fileHash))).length).to.equal(3 * KiB);
    });
  });
});

/** A blockstore whose process "dies" after `n` puts: every later put throws. */
class CrashAfter extends MemoryBlockstore {
  private left: number;
  constructor(
    private readonly inner: MemoryBlockstore,
    n: number,
  ) {
    super();
    this.left = n;
  }
  override async put(hash: Uint8Array, bytes: Uint8Array) {
    if (this.left-- <= 0) throw new Error("crash");
    await this.inner.put(hash, bytes);
  }
  override get(hash: Uint8Array) {
    return this.inner.get(hash);
  }
  override has(hash: Uint8Array) {
    return this.inner.has(hash);
  }
  override delete(hash: Uint8Array) {
    return this.inner.delete(hash);
  }
  override keys() {
    return this.inner.keys();
  }
}
