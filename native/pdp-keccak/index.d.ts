/**
 * Every level of one block's PDP tree (docs/proofs.md), packed: level 0 is the leaf hashes
 * keccak256(0x00 || leaf)[0:16] of the block's 32-byte leaves (the last one zero-padded, at least
 * one leaf), each next level pairs nodes as keccak256(0x01 || left || right)[0:16], a lone last
 * node with the zero node, up to the single root. Throws a TypeError or RangeError on bad input.
 */
export function leafLevels(block: Uint8Array): Uint8Array;
/**
 * The levels above `nodes` (16-byte nodes, packed, at least one), paired as in leafLevels, packed
 * from the level just above up to the root; empty for a single node.
 */
export function nodeLevels(nodes: Uint8Array): Uint8Array;
/** The largest input either function takes, in bytes. */
export const maxInput: number;
