import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { MemoryPdpTree, buildProof, challengeIndices, leafHash, nodeHash, depthOf, LEAF_SIZE, NODE_SIZE } from "./merkle.js";

const BLOCK = 256 * 1024;

describe("PDP tree (node side)", () => {
  it("aligns with 256 KiB blocks: a block's own tree root is the level-13 node of the file tree", () => {
    const data = randomBytes(3 * BLOCK + 1000);
    const file = new MemoryPdpTree(data);
    for (let b = 0; b < 3; b++) {
      const block = new MemoryPdpTree(data.subarray(b * BLOCK, (b + 1) * BLOCK));
      expect(block.depth).to.equal(13);
      expect(Buffer.from(file.node(13, b))).to.deep.equal(Buffer.from(block.root));
    }
  });

  it("hashes an empty file as one zero leaf", () => {
    const t = new MemoryPdpTree(new Uint8Array(0));
    expect(t.leafCount).to.equal(1);
    expect(Buffer.from(t.root)).to.deep.equal(Buffer.from(leafHash(new Uint8Array(LEAF_SIZE))));
  });

  it("pairs a lone last node with the zero node", () => {
    const data = randomBytes(3 * LEAF_SIZE);
    const t = new MemoryPdpTree(data);
    const l = [0, 1, 2].map((i) => leafHash(data.subarray(i * LEAF_SIZE, (i + 1) * LEAF_SIZE)));
    const want = nodeHash(nodeHash(l[0], l[1]), nodeHash(l[2], new Uint8Array(NODE_SIZE)));
    expect(Buffer.from(t.root)).to.deep.equal(Buffer.from(want));
  });

  it("sends one sibling per level for one leaf, and shares siblings between neighbours", () => {
    const t = new MemoryPdpTree(randomBytes(100 * LEAF_SIZE));
    expect(t.depth).to.equal(depthOf(100)).and.to.equal(7);
    expect(buildProof(t, [37]).proof.length).to.equal(7 * NODE_SIZE);
    // 36 and 37 are siblings: one path's worth of siblings above level 0
    expect(buildProof(t, [36, 37]).proof.length).to.equal(6 * NODE_SIZE);
    expect(buildProof(t, [36, 37]).leaves.length).to.equal(2 * LEAF_SIZE);
  });

  it("draws one challenged leaf in each slice of the file", () => {
    const seed = randomBytes(32);
    const L = 1_000_003;
    const idx = challengeIndices(seed, L, 32);
    expect(idx).to.have.length(32);
    idx.forEach((ix, j) => {
      expect(ix).to.be.at.least(Math.floor((j * L) / 32));
      expect(ix).to.be.below(Math.floor(((j + 1) * L) / 32));
    });
    expect(challengeIndices(seed, 5, 32)).to.deep.equal([0, 1, 2, 3, 4]);
  });
});
