/**
 * The PDP tree, exactly as contracts/libraries/PDPMerkle.sol checks it (docs/proofs.md):
 * 32-byte leaves of the file's stored bytes, 16-byte nodes, leaf = keccak256(0x00 || leaf)[0:16],
 * inner = keccak256(0x01 || left || right)[0:16], an all-padding subtree is the zero node, and the
 * multiproof lists siblings level by level, left to right, skipping those on a challenged path.
 * Its only dependency is @noble/hashes, so both the Hardhat tests and the FS node can import it.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

export const LEAF_SIZE = 32;
export const NODE_SIZE = 16;
const ZERO_NODE = new Uint8Array(NODE_SIZE);

const input = new Uint8Array(1 + LEAF_SIZE);

export function leafHash(segment: Uint8Array): Uint8Array {
  input[0] = 0;
  input.set(segment, 1);
  return keccak_256(input).subarray(0, NODE_SIZE);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + NODE_SIZE);
  return keccak_256(input).subarray(0, NODE_SIZE);
}

/** Leaves of a file of `size` bytes: at least one, even for an empty file. */
export function leafCountOf(size: number): number {
  return Math.max(1, Math.ceil(size / LEAF_SIZE));
}

export function depthOf(leafCount: number): number {
  let d = 0;
  while (2 ** d < leafCount) d++;
  return d;
}

/**
 * The challenged leaves for `seed` (hex or bytes), exactly as PDPMerkle.challengeIndices: one leaf
 * in each of `count` equal slices, from 64-bit lanes of keccak256(seed || uint32(j / 4)).
 */
export function challengeIndices(seed: string | Uint8Array, leafCount: number, count: number): number[] {
  const input = new Uint8Array(36);
  input.set(typeof seed === "string" ? hexToBytes(seed) : seed);
  const L = BigInt(leafCount);
  const k = BigInt(count);
  const out: number[] = [];
  let r = 0n;
  for (let j = 0n; j < k; j++) {
    if ((j & 3n) === 0n) {
      new DataView(input.buffer).setUint32(32, Number(j >> 2n));
      r = BigInt("0x" + Buffer.from(keccak_256(input)).toString("hex"));
    }
    const start = (j * L) / k;
    const size = ((j + 1n) * L) / k - start;
    if (size > 0n) out.push(Number(start + (((r >> (64n * (j & 3n))) & 0xffffffffffffffffn) % size)));
  }
  return out;
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/^0x/, ""), "hex"));
}

/** Read access to a tree; lets a prover keep only what it needs (or synthesize large trees). */
export interface PdpTree {
  readonly leafCount: number;
  readonly depth: number;
  /** 32-byte data leaf (zero-padded at the end of the file). */
  leaf(index: number): Uint8Array;
  /** Node at `level` (0 = leaf hashes); the zero node past the last real one. */
  node(level: number, index: number): Uint8Array;
  readonly root: Uint8Array;
}

/** The whole tree in memory: fine for tests and small files (32 bytes of RAM per 64 of data). */
export class MemoryPdpTree implements PdpTree {
  readonly leafCount: number;
  readonly depth: number;
  private readonly levels: Uint8Array[] = [];

  constructor(private readonly data: Uint8Array) {
    this.leafCount = leafCountOf(data.length);
    this.depth = depthOf(this.leafCount);
    let width = this.leafCount;
    const level0 = new Uint8Array(width * NODE_SIZE);
    for (let i = 0; i < width; i++) level0.set(leafHash(this.leaf(i)), i * NODE_SIZE);
    this.levels.push(level0);
    for (let l = 1; l <= this.depth; l++) {
      const below = this.levels[l - 1];
      const belowWidth = width;
      width = Math.ceil(width / 2);
      const level = new Uint8Array(width * NODE_SIZE);
      for (let i = 0; i < width; i++) {
        const left = below.subarray(2 * i * NODE_SIZE, (2 * i + 1) * NODE_SIZE);
        const right = 2 * i + 1 < belowWidth ? below.subarray((2 * i + 1) * NODE_SIZE, (2 * i + 2) * NODE_SIZE) : ZERO_NODE;
        level.set(nodeHash(left, right), i * NODE_SIZE);
      }
      this.levels.push(level);
    }
  }

  leaf(index: number): Uint8Array {
    const out = new Uint8Array(LEAF_SIZE);
    out.set(this.data.subarray(index * LEAF_SIZE, (index + 1) * LEAF_SIZE));
    return out;
  }

  node(level: number, index: number): Uint8Array {
    const nodes = this.levels[level];
    if ((index + 1) * NODE_SIZE > nodes.length) return ZERO_NODE;
    return nodes.subarray(index * NODE_SIZE, (index + 1) * NODE_SIZE);
  }

  get root(): Uint8Array {
    return this.levels[this.depth].subarray(0, NODE_SIZE);
  }
}

/**
 * The leaves and multiproof for sorted unique challenged `indices`, in the byte layout
 * PDPVerifier.prove takes: leaves 32 bytes each, siblings 16 bytes each.
 */
export function buildProof(tree: PdpTree, indices: readonly number[]): { leaves: Uint8Array; proof: Uint8Array } {
  const leaves = new Uint8Array(indices.length * LEAF_SIZE);
  indices.forEach((ix, i) => leaves.set(tree.leaf(ix), i * LEAF_SIZE));
  const siblings: Uint8Array[] = [];
  let level = [...indices];
  for (let l = 0; l < tree.depth; l++) {
    const next: number[] = [];
    for (let i = 0; i < level.length; ) {
      const ix = level[i];
      if ((ix & 1) === 0 && level[i + 1] === ix + 1) {
        i += 2;
      } else {
        siblings.push(tree.node(l, ix ^ 1));
        i += 1;
      }
      next.push(ix >> 1);
    }
    level = next;
  }
  const proof = new Uint8Array(siblings.length * NODE_SIZE);
  siblings.forEach((s, i) => proof.set(s, i * NODE_SIZE));
  return { leaves, proof };
}
