import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { PDPMerkleHarness__factory, type PDPMerkleHarness } from "../typechain-types";
import { pdp } from "./helpers/pdp";
import { randomBytes } from "./helpers/dsp";

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

  it("counts one leaf for an empty file and ceil(size/32) otherwise", () => {
    expect([0, 1, 32, 33, 64].map(pdp().leafCountOf)).to.deep.equal([1, 1, 1, 2, 2]);
  });
});
