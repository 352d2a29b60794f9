import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, concat, getAddress, getBytes, hexlify, keccak256 } from "ethers";
import {
  assembleNodeProof, buildNodeProof, challengePositions, deriveNodeChallenges, locateChallenges, nodeChallengeSeed,
  proofGroups, type ProofSetPiece,
} from "./challenge.js";
import { buildProof, challengeIndices, MemoryPdpTree } from "./merkle.js";
import { InvalidParams } from "../errors/index.js";

// The contract side (PDPVerifier.challengeOf and prove on a live chain) is checked in node/ledger/src/challenge.test.ts.
const abi = AbiCoder.defaultAbiCoder();
const word = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe("PDP challenge derivation (ledger v2: one proof per node per period)", () => {
  describe("nodeChallengeSeed", () => {
    it("hashes abi.encode(bytes32 x4, address, uint32) as PDPVerifier._seed does", () => {
      fc.assert(
        fc.property(fc.array(word, { minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (hashes, node, period) => {
          const expected = keccak256(abi.encode(["bytes32", "bytes32", "bytes32", "bytes32", "address", "uint32"], [...hashes, getAddress(hexlify(node)), period]));
          expect(hexlify(nodeChallengeSeed({ blockHashes: hashes, node, period }))).to.equal(expected);
          expect(hexlify(nodeChallengeSeed({ blockHashes: hashes.map((h) => hexlify(h)), node: getAddress(hexlify(node)), period: Number(period) }))).to.equal(expected);
        }),
        { numRuns: 200 },
      );
    });

    it("changes with the order of the block hashes, the node and the period", () => {
      const hashes = [1, 2, 3, 4].map((i) => "0x" + String(i).repeat(64));
      const base = { blockHashes: hashes, node: "0x" + "33".repeat(20), period: 7n };
      const seed = hexlify(nodeChallengeSeed(base));
      expect(hexlify(nodeChallengeSeed({ ...base, blockHashes: [...hashes].reverse() }))).to.not.equal(seed);
      expect(hexlify(nodeChallengeSeed({ ...base, node: "0x" + "34".repeat(20) }))).to.not.equal(seed);
      expect(hexlify(nodeChallengeSeed({ ...base, period: 8n }))).to.not.equal(seed);
    });

    for (const [what, over] of [
      ["three block hashes", { blockHashes: ["0x" + "11".repeat(32), "0x" + "11".repeat(32), "0x" + "11".repeat(32)] }],
      ["a short block hash", { blockHashes: ["0x" + "11".repeat(32), "0x" + "11".repeat(31), "0x" + "11".repeat(32), "0x" + "11".repeat(32)] }],
      ["a 32-byte node", { node: "0x" + "33".repeat(32) }],
      ["a period above uint32", { period: 1n << 32n }],
      ["a negative period", { period: -1 }],
    ] as const) {
      it(`rejects ${what}`, () => {
        const good = { blockHashes: Array(4).fill("0x" + "11".repeat(32)), node: "0x" + "33".repeat(20), period: 0n };
        expect(() => nodeChallengeSeed({ ...good, ...over })).to.throw(InvalidParams);
      });
    }
  });

  describe("challengePositions", () => {
    it("equals challengeIndices over the total weight", () => {
      fc.assert(
        fc.property(word, fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 64 }), (seed, total, k) => {
          expect(challengePositions(seed, total, k).map(Number)).to.deep.equal(challengeIndices(seed, total, k));
        }),
        { numRuns: 300 },
      );
    });

    it("stays exact past 2^53 leaves: one position in each slice", () => {
      const total = (1n << 62n) + 12345n;
      const seed = getBytes(keccak256("0x01"));
      const pos = challengePositions(seed, total, 32);
      expect(pos).to.have.length(32);
      pos.forEach((x, j) => {
        expect(x >= (BigInt(j) * total) / 32n && x < (BigInt(j + 1) * total) / 32n, `slice ${j}`).to.equal(true);
      });
    });

    it("gives fewer positions than asked when the set has fewer leaves, none for an empty set", () => {
      expect(challengePositions("0x" + "ab".repeat(32), 5, 32)).to.deep.equal([0n, 1n, 2n, 3n, 4n]);
      expect(challengePositions("0x" + "ab".repeat(32), 0, 32)).to.deep.equal([]);
    });
  });

  describe("locateChallenges", () => {
    const pieceArb = fc.array(
      fc.record({ weight: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })), removed: fc.boolean(), lastPeriod: fc.integer({ min: 0, max: 6 }), gap: fc.integer({ min: 1, max: 3 }) }),
      { minLength: 1, maxLength: 12 },
    );

    it("finds each position's piece and offset as a walk over the pieces laid end to end (SumTree.find)", () => {
      fc.assert(
        fc.property(pieceArb, word, fc.integer({ min: 0, max: 6 }), (raw, seed, period) => {
          let id = -1;
          const pieces: ProofSetPiece[] = raw.map((p) => ({ pieceId: BigInt((id += p.gap)), weight: p.weight, removed: p.removed, lastPeriod: p.lastPeriod }));
          const total = raw.reduce((s, p) => s + p.weight, 0);
          fc.pre(total > 0);
          // naive: one entry per leaf, in piece order
          const layout: { piece: ProofSetPiece; offset: number }[] = [];
          for (const p of pieces) for (let o = 0; o < Number(p.weight); o++) layout.push({ piece: p, offset: o });
          const positions = challengePositions(seed, total, 32);
          const located = locateChallenges(positions, pieces, period);
          expect(located).to.have.length(positions.length);
          located.forEach((c, i) => {
            const want = layout[Number(positions[i])];
            expect(c).to.deep.equal({
              position: positions[i], pieceId: BigInt(want.piece.pieceId), leafIndex: BigInt(want.offset),
              skip: want.piece.removed || Number(want.piece.lastPeriod) < period,
            });
            expect(Number(want.piece.weight)).to.be.above(0);
          });
        }),
        { numRuns: 300 },
      );
    });

    it("never returns a zero-weight piece, even at a boundary", () => {
      const pieces = [
        { pieceId: 0, weight: 3, removed: false, lastPeriod: 9 },
        { pieceId: 1, weight: 0, removed: false, lastPeriod: 9 },
        { pieceId: 2, weight: 2, removed: true, lastPeriod: 9 },
        { pieceId: 3, weight: 1, removed: false, lastPeriod: 4 },
      ];
      expect(locateChallenges([2n, 3n, 4n, 5n], pieces, 5).map((c) => [c.pieceId, c.leafIndex, c.skip])).to.deep.equal([
        [0n, 2n, false], [2n, 0n, true], [2n, 1n, true], [3n, 0n, true],
      ]);
    });

    it("rejects unsorted pieces or positions and a position past the total", () => {
      const p = [{ pieceId: 0, weight: 4, removed: false, lastPeriod: 1 }, { pieceId: 1, weight: 4, removed: false, lastPeriod: 1 }];
      expect(() => locateChallenges([8n], p, 0)).to.throw(InvalidParams, /total weight 8/);
      expect(() => locateChallenges([3n, 2n], p, 0)).to.throw(InvalidParams, /sorted/);
      expect(() => locateChallenges([1n], [p[1], p[0]], 0)).to.throw(InvalidParams, /ascending pieceId/);
    });
  });

  describe("the node's proof", () => {
    const data = (n: number, seed: string) => {
      const out = new Uint8Array(n);
      let h = getBytes(keccak256(new TextEncoder().encode(seed)));
      for (let i = 0; i < n; i += 32, h = getBytes(keccak256(h))) out.set(h.subarray(0, Math.min(32, n - i)), i);
      return out;
    };
    const trees = new Map([0n, 1n, 2n].map((id) => [id, new MemoryPdpTree(data(1000 + 700 * Number(id), `piece-${id}`))]));
    const pieces = [...trees].map(([id, t]) => ({ pieceId: id, weight: t.leafCount, removed: id === 1n, lastPeriod: 10 }));

    it("groups consecutive challenges by piece, drops skipped ones, and concatenates each piece's buildProof in challenge order", () => {
      const { challenges, totalWeight } = deriveNodeChallenges({ blockHashes: Array(4).fill("0x" + "42".repeat(32)), node: "0x" + "77".repeat(20), period: 3, pieces, challengeCount: 32 });
      expect(totalWeight).to.equal(BigInt(pieces.reduce((s, p) => s + p.weight, 0)));
      expect(challenges).to.have.length(32);
      const groups = proofGroups(challenges);
      expect(groups.map((g) => g.pieceId)).to.deep.equal([0n, 2n]);
      expect(groups.reduce((n, g) => n + g.indices.length, 0)).to.equal(challenges.filter((c) => !c.skip).length);
      expect(challenges.some((c) => c.skip && c.pieceId === 1n), "piece 1 is challenged and skipped").to.equal(true);
      const parts = groups.map((g) => buildProof(trees.get(g.pieceId)!, g.indices));
      const proof = buildNodeProof(challenges, (id) => trees.get(id)!);
      expect(hexlify(proof.leaves)).to.equal(hexlify(concat(parts.map((p) => p.leaves))));
      expect(hexlify(proof.proof)).to.equal(hexlify(concat(parts.map((p) => p.proof))));
      expect(proof).to.deep.equal(assembleNodeProof(parts));
      expect(proof.leaves.length).to.equal(32 * groups.reduce((n, g) => n + g.indices.length, 0));
    });

    it("an all-skipped period needs no proof at all", () => {
      const skipped = [{ pieceId: 1n, leafIndex: 0n, skip: true }, { pieceId: 1n, leafIndex: 5n, skip: true }];
      expect(proofGroups(skipped)).to.deep.equal([]);
      const p = buildNodeProof(skipped, () => { throw new Error("no tree is read"); });
      expect([p.leaves.length, p.proof.length]).to.deep.equal([0, 0]);
    });
  });
});
