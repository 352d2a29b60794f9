import { pdp, type PdpTree } from "./pdp";

/**
 * The PDP tree of `copies` (a power of two) repetitions of one block: the exact tree of that
 * large file, built from one block's tree plus one node per level above it. Lets a test prove a
 * 1 GiB file with real, non-zero leaves and siblings (so calldata costs what it would) without
 * hashing a gigabyte.
 */
export class RepeatedBlockTree implements PdpTree {
  readonly leafCount: number;
  readonly depth: number;
  private readonly block: PdpTree;
  private readonly upper: Uint8Array[] = [];

  constructor(blockData: Uint8Array, copies: number) {
    if (copies & (copies - 1)) throw new Error("copies must be a power of two");
    this.block = new (pdp().MemoryPdpTree)(blockData);
    if (this.block.leafCount & (this.block.leafCount - 1)) throw new Error("block leaves must be a power of two");
    this.leafCount = this.block.leafCount * copies;
    this.depth = this.block.depth + Math.log2(copies);
    let node = this.block.root;
    for (let l = this.block.depth + 1; l <= this.depth; l++) {
      node = pdp().nodeHash(node, node);
      this.upper[l] = node;
    }
  }

  leaf(index: number): Uint8Array {
    return this.block.leaf(index % this.block.leafCount);
  }

  node(level: number, index: number): Uint8Array {
    if (level <= this.block.depth) return this.block.node(level, index % (this.block.leafCount >> level));
    return this.upper[level];
  }

  get root(): Uint8Array {
    return this.depth === this.block.depth ? this.block.root : this.upper[this.depth];
  }
}
