/**
 * The PDP tree of node/core/src/pdp/merkle.ts (docs/proofs.md), computed one FS block at a time: a block of
 * 2^s leaves is exactly one subtree at level s, so only each block's 16-byte subtree root is kept
 * and the levels above are built at the end; pdp-data.ts hashes the blocks in worker threads.
 * The keccak is pdp-hasher.ts's: the native addon when it loads, else hash-wasm (both several
 * times faster than the pure-JS reference in merkle.ts); pdp-blocks.test.ts checks against merkle.ts.
 */
import { NODE_SIZE, LEAF_SIZE } from "@dsp/core";
import { createPdpHasher, type PdpHasher, type PdpHasherName } from "./pdp-hasher.js";

const ZERO_NODE = new Uint8Array(NODE_SIZE);

let hasher: PdpHasher | undefined;
/**
 * Chooses the hasher (pdp-hasher.ts, DSP_PDP_HASHER) and says which; every other function here
 * needs it loaded. Called again, it chooses again (a benchmark compares both in one process).
 */
export async function loadPdpHasher(): Promise<PdpHasherName> {
  hasher = await createPdpHasher();
  return hasher.name;
}

function loaded(): PdpHasher {
  if (!hasher) throw new Error("loadPdpHasher() was not awaited");
  return hasher;
}

export function fastNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const pair = new Uint8Array(2 * NODE_SIZE);
  pair.set(left);
  pair.set(right, NODE_SIZE);
  return loaded().nodeLevels(pair)[0];
}

/** Level of a block's subtree root in the file's PDP tree: log2(blockSize / 32). */
export function blockLevel(blockSize: number): number {
  return Math.log2(blockSize / LEAF_SIZE);
}

/**
 * Every level of one block's own tree, level 0 (leaf hashes) up to its root at depthOf(leaves):
 * `levels[l]` packs the nodes 16 bytes each. A last, short block has fewer levels; above its root
 * the file tree pairs it with zero nodes (liftToLevel).
 */
export function blockPdpLevels(block: Uint8Array): Uint8Array[] {
  return loaded().leafLevels(block);
}

/** A block's own subtree root and its depth (less than log2(blockSize/32) for a short last block). */
export interface BlockRoot {
  root: Uint8Array;
  depth: number;
}

/** The block's own tree root: the part of the PDP work that depends on the block's bytes alone. */
export function blockSubtreeRoot(block: Uint8Array): BlockRoot {
  const levels = blockPdpLevels(block);
  const depth = levels.length - 1;
  return { root: levels[depth].subarray(0, NODE_SIZE), depth };
}

/** A block tree's root, raised to `level` by pairing with zero nodes (the file tree's shape). */
export function liftToLevel(root: Uint8Array, fromLevel: number, level: number): Uint8Array {
  let node = root;
  for (let l = fromLevel; l < level; l++) node = fastNodeHash(node, ZERO_NODE);
  return node;
}

/**
 * Collects block subtree roots while a file streams through, and gives the file's data root.
 * Memory: 16 bytes per block.
 */
export class PdpRootBuilder {
  private readonly level: number;
  private readonly roots: Uint8Array[] = [];
  /** the last block's own root and depth: a one-block file's data root is that, unlifted */
  private last?: { root: Uint8Array; depth: number };

  constructor(blockSize: number) {
    this.level = blockLevel(blockSize);
  }

  /** Hashes one block (all but the last must be full). */
  addBlock(block: Uint8Array): void {
    this.addBlockRoot(blockSubtreeRoot(block));
  }

  /** Adds a block hashed elsewhere (a worker): its own root and depth, as blockSubtreeRoot gives them. */
  addBlockRoot({ root, depth }: BlockRoot): void {
    this.last = { root, depth };
    this.roots.push(liftToLevel(root, depth, this.level));
  }

  /** The per-block subtree roots, packed 16 bytes each (the prover's file metadata). */
  blockRoots(): Uint8Array {
    return packNodes(this.roots);
  }

  dataRoot(): Uint8Array {
    if (!this.last) throw new Error("no block added");
    if (this.roots.length === 1) return this.last.root;
    return upperLevels(this.blockRoots(), this.roots.length).at(-1)!;
  }
}

export function packNodes(nodes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nodes.length * NODE_SIZE);
  nodes.forEach((n, i) => out.set(n, i * NODE_SIZE));
  return out;
}

/**
 * The levels of the file tree above the blocks, from the packed block roots (level s) up to the
 * root: `levels[0]` is the block roots, `levels[depthOf(count)]` holds the data root.
 */
export function upperLevels(blockRoots: Uint8Array, count: number): Uint8Array[] {
  return levelsUp(blockRoots.subarray(0, count * NODE_SIZE), count);
}

/** Pairs nodes level by level (a lone last node with the zero node) until one is left. */
function levelsUp(level0: Uint8Array, width: number): Uint8Array[] {
  return width > 1 ? [level0, ...loaded().nodeLevels(level0)] : [level0];
}
