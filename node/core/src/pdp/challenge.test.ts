import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, getAddress, hexlify, keccak256 } from "ethers";
import { challengeSeed, deriveChallenge } from "./challenge.js";
import { challengeIndices } from "./merkle.js";
import { InvalidParams } from "../errors/index.js";

// The contract side (PDPVerifier.challengeOf on a live chain) is checked in node/fs-node/src/service/prover.test.ts.
describe("PDP challenge derivation", () => {
  it("hashes abi.encode(blockhash, fileHash, holder, proofIndex) as Solidity does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (block, file, holder, index) => {
          const expected = keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32", "address", "uint64"], [block, file, getAddress(hexlify(holder)), index]));
          expect(hexlify(challengeSeed({ blockHash: block, fileHash: file, holder, proofIndex: index }))).to.equal(expected);
          expect(hexlify(challengeSeed({ blockHash: hexlify(block), fileHash: hexlify(file), holder: getAddress(hexlify(holder)), proofIndex: index }))).to.equal(expected);
        }),
      { numRuns: 200 },
    );
  });

  it("draws the indices from that seed with the file's leaf and challenge counts", () => {
    const input = { blockHash: "0x" + "11".repeat(32), fileHash: "0x" + "22".repeat(32), holder: "0x" + "33".repeat(20), proofIndex: 3n, leafCount: 9600n, challengeCount: 32 };
    const { seed, indices } = deriveChallenge(input);
    expect(indices).to.deep.equal(challengeIndices(seed, 9600, 32));
    expect(indices).to.have.length(32);
    // another proof index is another challenge
    expect(deriveChallenge({ ...input, proofIndex: 4n }).indices).to.not.deep.equal(indices);
  });

  for (const [what, over] of [
    ["a short block hash", { blockHash: "0x" + "11".repeat(31) }],
    ["a block hash that is not hex", { blockHash: "0x" + "zz".repeat(32) }],
    ["a long file hash", { fileHash: new Uint8Array(33) }],
    ["a 32-byte holder", { holder: "0x" + "33".repeat(32) }],
    ["a negative proof index", { proofIndex: -1n }],
    ["a proof index above uint64", { proofIndex: 1n << 64n }],
  ] as const) {
    it(`rejects ${what}`, () => {
      const good: Parameters<typeof challengeSeed>[0] = { blockHash: "0x" + "11".repeat(32), fileHash: "0x" + "22".repeat(32), holder: "0x" + "33".repeat(20), proofIndex: 0n };
      expect(() => challengeSeed({ ...good, ...over })).to.throw(InvalidParams);
    });
  }
});
