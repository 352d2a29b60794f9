import { expect } from "chai";
import { MemoryPdpTree, challengeIndices, leafCountOf } from "@dsp/core";
import { AbortedError, InvalidParams, hex } from "@dsp/core";
import { FileStore } from "./file-store.js";
import { MemoryBlockstore } from "./memory-blockstore.js";
import { MemoryRootStore } from "./root-store.js";
import { generatePdpData, type PdpDataProgressEvent } from "./pdp-data.js";
import { provePdp } from "./pdp-prover.js";
import { FileNotFound, PdpDataNotGenerated } from "./errors.js";
import { sha256 } from "./dag.js";
import { CountingBlockstore, KiB, memoryFileStore, random } from "./testing.js";

describe("generatePdpData (transmission state 11, in worker threads)", function () {
  this.timeout(60_000); // each run starts its workers, which load tsx: about a second each on 2 cores
  // the sizes the FileStore and prover tests use: boundaries of 1 KiB and 256 B blocks, trees of several levels
  const cases: [number, number][] = [
    [0, KiB],
    [1, KiB],
    [KiB - 1, KiB],
    [KiB, KiB],
    [KiB + 1, KiB],
    [7 * KiB + 33, KiB],
    [31 * KiB + 1, KiB],
    [64 * KiB + 1, KiB],
    [343 * 256 + 1, 256],
  ];
  for (const [size, blockSize] of cases) {
    it(`gives MemoryPdpTree's root for ${size} bytes in ${blockSize} B blocks`, async () => {
      const { files } = await memoryFileStore(blockSize);
      const data = random(size);
      const { fileHash } = await files.addFile([data]);
      const r = await generatePdpData(files, fileHash, { workers: 2 });
      expect(hex(r.dataRoot)).to.equal(hex(new MemoryPdpTree(data).root));
      expect(r.pdpBlockRoots.length).to.equal(16 * Math.max(1, Math.ceil(size / blockSize)));
      const rec = await files.fileRecord(fileHash);
      expect(hex(rec.dataRoot!)).to.equal(hex(r.dataRoot));
      expect(hex(rec.pdpBlockRoots!)).to.equal(hex(r.pdpBlockRoots));
    });
  }

  it("gives MemoryPdpTree's root in real 256 KiB blocks", async function () {
    this.timeout(60_000); // MemoryPdpTree's pure-JS keccak is the slow part
    const files = await FileStore.open({ blocks: new MemoryBlockstore(), roots: new MemoryRootStore() });
    const data = random(2 * 1024 * KiB + 3000);
    const { fileHash } = await files.addFile([data]);
    expect(hex((await generatePdpData(files, fileHash)).dataRoot)).to.equal(hex(new MemoryPdpTree(data).root));
  });

  it("gives identical results with 1 worker and with several", async () => {
    const data = random(100 * KiB + 17);
    const one = await memoryFileStore(KiB);
    const many = await memoryFileStore(KiB);
    const a = await one.files.addFile([data]);
    const b = await many.files.addFile([data]);
    const r1 = await generatePdpData(one.files, a.fileHash, { workers: 1 });
    const r4 = await generatePdpData(many.files, b.fileHash, { workers: 4 });
    expect(hex(r4.dataRoot)).to.equal(hex(r1.dataRoot));
    expect(hex(r4.pdpBlockRoots)).to.equal(hex(r1.pdpBlockRoots));
  });

  it("reports progress for every block, named for state 11", async () => {
    const { files } = await memoryFileStore(KiB);
    const { fileHash } = await files.addFile([random(5 * KiB + 10)]);
    const events: PdpDataProgressEvent[] = [];
    await generatePdpData(files, fileHash, { workers: 2, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.blocks)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(events.every((e) => e.type === "fs:generate-pdp-data:block" && e.state === 11 && e.blockCount === 6)).to.equal(true);
    expect(events.at(-1)!.bytes).to.equal(5 * KiB + 10);
  });

  it("is a no-op the second time: returns the stored result without reading a block", async () => {
    const blocks = new CountingBlockstore(new MemoryBlockstore());
    const files = await FileStore.open({ blocks, roots: new MemoryRootStore(), blockSize: KiB });
    const { fileHash } = await files.addFile([random(10 * KiB)]);
    const first = await generatePdpData(files, fileHash, { workers: 1 });
    blocks.gets.length = 0;
    const second = await generatePdpData(files, fileHash, { workers: 1 });
    expect(blocks.gets).to.have.length(0);
    expect(hex(second.dataRoot)).to.equal(hex(first.dataRoot));
  });

  it("stops on abort with AbortedError and records nothing", async () => {
    const { files } = await memoryFileStore(KiB);
    const { fileHash } = await files.addFile([random(200 * KiB)]);
    const ctl = new AbortController();
    const err = await generatePdpData(files, fileHash, { workers: 2, signal: ctl.signal, onProgress: (e) => e.blocks === 3 && ctl.abort() }).catch((e) => e);
    expect(err).to.be.instanceOf(AbortedError);
    expect((await files.fileRecord(fileHash)).dataRoot).to.equal(undefined);
    // and a later run completes
    expect((await generatePdpData(files, fileHash, { workers: 1 })).dataRoot).to.have.length(16);
  });

  it("rejects an aborted signal before starting, and a file it does not hold", async () => {
    const { files } = await memoryFileStore(KiB);
    const { fileHash } = await files.addFile([random(3 * KiB)]);
    expect(await generatePdpData(files, fileHash, { signal: AbortSignal.abort() }).catch((e) => e)).to.be.instanceOf(AbortedError);
    expect((await files.fileRecord(fileHash)).dataRoot).to.equal(undefined);
    expect(await generatePdpData(files, sha256(random(8))).catch((e) => e)).to.be.instanceOf(FileNotFound);
  });

  it("rejects a worker count below one and changes nothing", async () => {
    const { files } = await memoryFileStore(KiB);
    const { fileHash } = await files.addFile([random(3 * KiB)]);
    expect(await generatePdpData(files, fileHash, { workers: 0 }).catch((e) => e)).to.be.instanceOf(InvalidParams);
    expect((await files.fileRecord(fileHash)).dataRoot).to.equal(undefined);
  });

  it("does not bring back a file deleted while it hashed", async () => {
    const { files } = await memoryFileStore(KiB);
    const { fileHash } = await files.addFile([random(50 * KiB)]);
    const err = await generatePdpData(files, fileHash, { workers: 1, onProgress: (e) => e.blocks === 2 && void files.deleteFile(fileHash) }).catch((e) => e);
    expect(err).to.be.instanceOf(FileNotFound);
    expect(await files.listFiles()).to.have.length(0);
  });

  it("lets the prover prove afterwards, and not before", async () => {
    const { files } = await memoryFileStore(KiB);
    const data = random(20 * KiB + 5);
    const { fileHash } = await files.addFile([data]);
    const indices = challengeIndices(random(32), leafCountOf(data.length), 16);
    const before = await provePdp(files, fileHash, indices).catch((e) => e);
    expect(before).to.be.instanceOf(PdpDataNotGenerated);
    expect(before.code).to.equal(50011);
    expect(before.message).to.contain("PDP data has not been generated");
    const { dataRoot } = await generatePdpData(files, fileHash);
    expect(hex((await provePdp(files, fileHash, indices)).root)).to.equal(hex(dataRoot));
  });

  it("keeps the PDP data when the same file is added again", async () => {
    const { files } = await memoryFileStore(KiB);
    const data = random(4 * KiB);
    const { fileHash } = await files.addFile([data]);
    const { dataRoot } = await generatePdpData(files, fileHash, { workers: 1 });
    await files.addFile([data]);
    expect(hex((await files.fileRecord(fileHash)).dataRoot!)).to.equal(hex(dataRoot));
  });
});
