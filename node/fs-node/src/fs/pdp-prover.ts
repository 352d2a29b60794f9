/**
 * Builds PDP proofs (docs/proofs.md) for a file in the FileStore, reading only the blocks that
 * hold challenged leaves: below level s (a block's subtree) every sibling of a challenged path
 * lies in the challenged leaf's own block, and above it the nodes come from the per-block
 * subtree roots generatePdpData recorded (16 bytes per block; pdp-data.ts). A file whose PDP
 * data has not been generated cannot be proved (PdpDataNotGenerated). The proof itself is node/core/src/pdp/merkle.ts's
 * buildProof over a tree that serves nodes from those two sources.
 */
import { buildProof, depthOf, leafCountOf, LEAF_SIZE, NODE_SIZE, type PdpTree } from "@dsp/core";
import { blockLevel, blockPdpLevels, liftToLevel, loadPdpHasher, upperLevels } from "./pdp-blocks.js";
import type { FileStore } from "./file-store.js";
import { getVerified, leafHashAt } from "./walk.js";
import { ChallengeOutOfRange, PdpDataNotGenerated } from "./errors.js";
import { DspError } from "@dsp/core";

const ZERO_NODE = new Uint8Array(NODE_SIZE);

/** 50011 GET_PDP_PARAMS_ERROR: a block under a challenged leaf cannot be read or is not the one generatePdpData hashed. */
export class ProofBlockUnavailable extends DspError {
  override name = "ProofBlockUnavailable";
  constructor(fileHash: Uint8Array, block: number, why: string, cause?: unknown) {
    super(50011, `cannot prove file ${Buffer.from(fileHash).toString("hex")}: block #${block} ${why}`, { cause });
  }
}

export interface PdpProof {
  /** challenged leaves, 32 bytes each, in index order */
  leaves: Uint8Array;
  /** siblings, 16 bytes each, in the order PDPVerifier consumes them */
  proof: Uint8Array;
  /** the root the proof leads to (equals the file's committed dataRoot) */
  root: Uint8Array;
}

/** The proof for sorted, distinct challenged leaf `indices` of a live file. */
export async function provePdp(files: FileStore, fileHash: Uint8Array, indices: readonly number[], { signal }: { signal?: AbortSignal } = {}): Promise<PdpProof> {
  const record = await files.fileRecord(fileHash);
  const pdpBlockRoots = record.pdpBlockRoots;
  if (!record.dataRoot || !pdpBlockRoots) throw new PdpDataNotGenerated(fileHash);
  await loadPdpHasher();
  const leafCount = leafCountOf(record.size);
  indices.forEach((ix, i) => {
    if (!Number.isInteger(ix) || ix < 0 || ix >= leafCount) throw new ChallengeOutOfRange(`leaf ${ix} is outside a file of ${leafCount} leaves`);
    if (i > 0 && ix <= indices[i - 1]) throw new ChallengeOutOfRange("challenged leaves must be sorted and distinct");
  });
  const s = blockLevel(record.blockSize);
  const loaded = new Map<number, LoadedBlock>();
  for (const b of new Set(indices.map((ix) => ix >> s))) {
    let bytes: Uint8Array;
    try {
      bytes = await getVerified(files.blocks, await leafHashAt(files.blocks, fileHash, b, signal), signal);
    } catch (e) {
      throw new ProofBlockUnavailable(fileHash, b, "cannot be read", e);
    }
    const levels = blockPdpLevels(bytes);
    const depth = levels.length - 1;
    const lifted = liftToLevel(levels[depth].subarray(0, NODE_SIZE), depth, s);
    if (record.blockCount > 1 && Buffer.compare(lifted, pdpBlockRoots.subarray(b * NODE_SIZE, (b + 1) * NODE_SIZE)) !== 0) {
      throw new ProofBlockUnavailable(fileHash, b, "differs from the data its PDP data was generated from");
    }
    loaded.set(b, { bytes, levels });
  }
  const upper = record.blockCount > 1 ? upperLevels(pdpBlockRoots, record.blockCount) : [];
  const tree = new PartialPdpTree(leafCount, s, loaded, upper);
  return { ...buildProof(tree, indices), root: tree.root };
}

interface LoadedBlock {
  bytes: Uint8Array;
  levels: Uint8Array[];
}

/** The file's PDP tree, knowing only the challenged blocks' subtrees and the levels above blocks. */
class PartialPdpTree implements PdpTree {
  readonly depth: number;

  constructor(
    readonly leafCount: number,
    /** level of a block's subtree root */
    private readonly s: number,
    private readonly blocks: Map<number, LoadedBlock>,
    /** upper[0] = block roots (level s) ... upper[last] = root; empty for a one-block file */
    private readonly upper: Uint8Array[],
  ) {
    this.depth = depthOf(leafCount);
  }

  private loaded(block: number): LoadedBlock {
    const b = this.blocks.get(block);
    if (!b) throw new Error(`block #${block} was not loaded`);
    return b;
  }

  leaf(index: number): Uint8Array {
    const { bytes } = this.loaded(index >> this.s);
    const at = (index & ((1 << this.s) - 1)) * LEAF_SIZE;
    const out = new Uint8Array(LEAF_SIZE);
    out.set(bytes.subarray(at, at + LEAF_SIZE));
    return out;
  }

  node(level: number, index: number): Uint8Array {
    if (level >= this.s && this.upper.length > 0) return slice(this.upper[level - this.s], index);
    const span = this.s - level;
    const block = index >> span;
    const local = index - (block << span);
    const { levels } = this.loaded(block);
    const depth = levels.length - 1;
    if (level <= depth) return slice(levels[level], local);
    // above a short last block's own root: its path is the root lifted, everything else zero
    return local === 0 ? liftToLevel(levels[depth].subarray(0, NODE_SIZE), depth, level) : ZERO_NODE;
  }

  get root(): Uint8Array {
    return this.node(this.depth, 0);
  }
}

function slice(nodes: Uint8Array, index: number): Uint8Array {
  if ((index + 1) * NODE_SIZE > nodes.length) return ZERO_NODE;
  return nodes.subarray(index * NODE_SIZE, (index + 1) * NODE_SIZE);
}
