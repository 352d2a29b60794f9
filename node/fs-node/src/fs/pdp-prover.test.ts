import { expect } from "chai";
import { MemoryPdpTree, buildProof, challengeIndices, hex, leafCountOf } from "@dsp/core";
import { FileStore } from "./file-store.js";
import { generatePdpData } from "./pdp-data.js";
import { MemoryBlockstore } from "./memory-blockstore.js";
import { MemoryRootStore } from "./root-store.js";
import { provePdp, ProofBlockUnavailable } from "./pdp-prover.js";
import { ChallengeOutOfRange, FileNotFound } from "./errors.js";
import { sha256 } from "./dag.js";
import { CountingBlockstore, KiB, random } from "./testing.js";

async function setup(blockSize: number) {
  const blocks = new CountingBlockstore(new MemoryBlockstore());
  const files = await FileStore.open({ blocks, roots: new MemoryRootStore(), blockSize });
  return { blocks, files };
}

/** AddFile, then state 11 (generatePdpData), as a node does before it can prove. */
async function addWithPdp(files: FileStore, data: Uint8Array) {
  const r = await files.addFile([data]);
  return { ...r, ...(await generatePdpData(files, r.fileHash, { workers: 1 })) };
}

function expectSameProof(got: { leaves: Uint8Array; proof: Uint8Array }, data: Uint8Array, indices: number[]) {
  const want = buildProof(new MemoryPdpTree(data), indices);
  expect(hex(got.leaves)).to.equal(hex(want.leaves));
  expect(hex(got.proof)).to.equal(hex(want.proof));
}

describe("PDP prover over the FileStore", function () {
  this.timeout(60_000); // generatePdpData starts a worker per file
  for (const size of [0, 5, 1000, 1024, 1025, 7 * 1024 + 33, 64 * 1024 + 1]) {
    it(`builds the same proof as buildProof over the whole file (${size} bytes, 1 KiB blocks)`, async () => {
      const { files } = await setup(KiB);
      const data = random(size);
      const r = await addWithPdp(files, data);
      const indices = challengeIndices(random(32), leafCountOf(size), 32);
      const p = await provePdp(files, r.fileHash, indices);
      expectSameProof(p, data, indices);
      expect(hex(p.root)).to.equal(hex(r.dataRoot));
    });
  }

  it("builds the same proof in real 256 KiB blocks", async function () {
    this.timeout(60_000); // MemoryPdpTree's pure-JS keccak is the slow part
    const { files } = await setup(256 * KiB);
    const data = random(2 * 1024 * KiB + 3000);
    const r = await addWithPdp(files, data);
    const indices = challengeIndices(random(32), leafCountOf(data.length), 32);
    expectSameProof(await provePdp(files, r.fileHash, indices), data, indices);
  });

  it("reads only the leaf blocks that hold challenged leaves (plus the link blocks on their paths)", async () => {
    const { files, blocks } = await setup(KiB);
    const data = random(100 * KiB); // 100 leaf blocks of 32 leaves, a tree of height 2
    const r = await addWithPdp(files, data);
    const indices = [33, 40, 1000, 3199]; // blocks 1, 1, 31, 99
    const leafBlocks = [1, 31, 99].map((b) => hex(sha256(data.subarray(b * KiB, (b + 1) * KiB))));
    blocks.gets.length = 0;
    expectSameProof(await provePdp(files, r.fileHash, indices), data, indices);
    const allLeaves = new Set(Array.from({ length: 100 }, (_, b) => hex(sha256(data.subarray(b * KiB, (b + 1) * KiB)))));
    const dataReads = blocks.gets.filter((h) => allLeaves.has(h));
    expect(dataReads.sort()).to.deep.equal([...leafBlocks].sort());
    // and per challenged block, one link block per level of the tree (the root and one below)
    expect(blocks.gets.length - dataReads.length).to.be.at.most(3 * 2);
  });

  it("fails with a clear error when a challenged block is lost, naming the block", async () => {
    const { files, blocks } = await setup(KiB);
    const data = random(10 * KiB);
    const r = await addWithPdp(files, data);
    await blocks.delete(sha256(data.subarray(3 * KiB, 4 * KiB)));
    const err = await provePdp(files, r.fileHash, [3 * 32 + 5]).catch((e) => e);
    expect(err).to.be.instanceOf(ProofBlockUnavailable);
    expect(err.message).to.match(/block #3 cannot be read/);
    // a challenge elsewhere still succeeds: only the challenged blocks are needed
    expectSameProof(await provePdp(files, r.fileHash, [0, 300]), data, [0, 300]);
  });

  it("rejects leaves outside the file or out of order, and files it does not hold", async () => {
    const { files } = await setup(KiB);
    const r = await addWithPdp(files, random(2 * KiB));
    expect(await provePdp(files, r.fileHash, [64]).catch((e) => e)).to.be.instanceOf(ChallengeOutOfRange);
    expect(await provePdp(files, r.fileHash, [5, 5]).catch((e) => e)).to.be.instanceOf(ChallengeOutOfRange);
    expect(await provePdp(files, sha256(random(8)), [0]).catch((e) => e)).to.be.instanceOf(FileNotFound);
  });
});
