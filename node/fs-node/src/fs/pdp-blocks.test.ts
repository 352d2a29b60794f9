import { expect } from "chai";
import fc from "fast-check";
import { MemoryPdpTree, hex, leafHash, nodeHash } from "@dsp/core";
import { PdpRootBuilder, blockPdpLevels, fastNodeHash, loadPdpHasher } from "./pdp-blocks.js";
import { random } from "./testing.js";

function dataRootByBlocks(data: Uint8Array, blockSize: number) {
  const b = new PdpRootBuilder(blockSize);
  if (data.length === 0) b.addBlock(data);
  for (let at = 0; at < data.length; at += blockSize) b.addBlock(data.subarray(at, at + blockSize));
  return b;
}

describe("PDP tree built block by block (hash-wasm keccak)", () => {
  before(loadPdpHasher);

  it("hashes exactly as node/core/src/pdp/merkle.ts", () => {
    const a = random(16);
    const b = random(16);
    expect(hex(fastNodeHash(a, b))).to.equal(hex(nodeHash(a, b)));
    const block = random(32);
    expect(hex(blockPdpLevels(block)[0])).to.equal(hex(leafHash(block)));
  });

  it("gives the same data root as MemoryPdpTree for files of any size (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6000 }), fc.constantFrom(256, 512, 1024), (size, blockSize) => {
        const data = random(size);
        expect(hex(dataRootByBlocks(data, blockSize).dataRoot())).to.equal(hex(new MemoryPdpTree(data).root));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps each block's subtree root: the file tree's node at level log2(blockSize/32)", () => {
    const data = random(5 * 1024 + 100);
    const roots = dataRootByBlocks(data, 1024).blockRoots();
    const tree = new MemoryPdpTree(data);
    expect(roots.length).to.equal(6 * 16);
    for (let b = 0; b < 6; b++) expect(hex(roots.subarray(b * 16, b * 16 + 16))).to.equal(hex(tree.node(5, b)));
  });

  it("handles the boundary sizes: empty, one leaf, one block, one block and a byte", () => {
    for (const size of [0, 1, 31, 32, 33, 1023, 1024, 1025, 2048]) {
      const data = random(size);
      expect(hex(dataRootByBlocks(data, 1024).dataRoot()), `size ${size}`).to.equal(hex(new MemoryPdpTree(data).root));
    }
  });
});
