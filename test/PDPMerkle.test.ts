import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { PDPMerkleHarness__factory, type PDPMerkleHarness } from "../typechain-types";
import { pdp } from "./helpers/pdp";
import { randomBytes } from "./helpers/dsp";
import { RepeatedBlockTree } from "./helpers/repeated-tree";

/** The Solidity library against the TypeScript reference, on random trees and random challenges. */
describe("PDPMerkle", () => {
  let lib: PDPMerkleHarness;
  before(async () => {
    lib = await new PDPMerkleHarness__factory((await ethers.getSigners())[0]).deploy();
  });

  it("computes the reference root from any sorted subset of leaves of any file size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5000 }), fc.integer(), fc.integer({ min: 1, max: 12 }), async (size, seed, k) => {
        const tree = new (pdp().MemoryPdpTree)(randomBytes(size, `m${seed}`));
        const picks = [...new Set(Array.from({ length: k }, (_, i) => Math.abs(seed * (i + 7)) % tree.leafCount))].sort((a, b) => a - b);
        const { leaves, proof } = pdp().buildProof(tree, picks);
        expect(await lib.computeRoot(picks, leaves, proof, tree.depth)).to.equal(ethers.hexlify(tree.root));
      }),
      { numRuns: 60 },
    );
  });

  it("changes the root when any single sibling byte is flipped", async () => {
    const tree = new (pdp().MemoryPdpTree)(randomBytes(3000, "flip"));
    const picks = [3, 40, 41, 90];
    const { leaves, proof } = pdp().buildProof(tree, picks);
    for (let i = 0; i < proof.length; i += 7) {
      const bad = Uint8Array.from(proof);
      bad[i] ^= 0x80;
      expect(await lib.computeRoot(picks, leaves, bad, tree.depth)).to.not.equal(ethers.hexlify(tree.root));
    }
  });

  it("derives the same challenge indices as the reference: strictly increasing, one per slice", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 1, max: 64 }),
        async (seed, leafCount, count) => {
          const onChain = (await lib.challengeIndices(seed, leafCount, count)).map(Number);
          expect(onChain).to.deep.equal(pdp().challengeIndices(seed, leafCount, count));
          expect(onChain.length).to.equal(Math.min(count, leafCount));
          onChain.forEach((ix, i) => {
            expect(ix).to.be.lessThan(leafCount);
            if (i > 0) expect(ix).to.be.greaterThan(onChain[i - 1]);
          });
        }),
      { numRuns: 60 },
    );
  });

  it("computes the root of a deep tree from single, adjacent and far-apart leaves", async () => {
    // 2^20 leaves (depth 20): single paths hashed in one go, paths that meet low and high, sibling pairs.
    const tree = new RepeatedBlockTree(randomBytes(1024, "deep"), 1 << 15);
    const n = tree.leafCount;
    for (const picks of [[0], [n - 1], [777_777], [4, 5], [4, 6], [0, n - 1], [1, 2, 3, 4, 5], [10, 1 << 19, (1 << 19) + 1, n - 2],
      Array.from({ length: 32 }, (_, i) => Math.floor((i * n) / 32) + ((i * 7919) % (n / 32)))]) {
      const { leaves, proof } = pdp().buildProof(tree, picks);
      expect(await lib.computeRoot(picks, leaves, proof, tree.depth)).to.equal(ethers.hexlify(tree.root), `picks ${picks}`);
    }
  });

  it("gives the depth ceil(log2(leafCount)), 0 for one leaf or none", async () => {
    const counts = [0n, 1n, 2n, 3n, 4n, 5n, 7n, 8n, 9n, 255n, 256n, 257n, 1n << 25n];
    for (let b = 1n; b < 256n; b += 13n) counts.push((1n << b) - 1n, 1n << b, (1n << b) + 1n);
    counts.push((1n << 256n) - 1n);
    for (const c of counts) {
      let d = 0n;
      while ((1n << d) < c) d++;
      expect(await lib.depthOf(c)).to.equal(d, `leafCount ${c}`);
    }
  });

  it("counts one leaf for an empty file and ceil(size/32) otherwise", () => {
    expect([0, 1, 32, 33, 64].map(pdp().leafCountOf)).to.deep.equal([1, 1, 1, 2, 2]);
  });
});
