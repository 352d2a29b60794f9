/**
 * The blockstore interface: content-addressed storage of blocks, keyed by their hash. Two
 * implementations (LevelDB and flat files) pass one shared suite (blockstore-suite.ts), as
 * js-stores' interface-blockstore does for its stores.
 *
 * Contract every implementation keeps:
 * - put(hash, bytes) stores bytes whose hash the CALLER has checked; it is atomic: after a crash
 *   at any point, get(hash) returns either nothing or exactly those bytes, never a prefix. A put
 *   of a block already stored leaves it as it is, so callers need not ask has() first.
 * - get(hash) returns the bytes or throws BlockNotFound; has(hash) never throws for a missing block.
 * - delete(hash) of a missing block is not an error.
 * - keys() yields every stored hash once, in no particular order, without loading blocks.
 * - close() releases files and handles; the store can be reopened at the same path.
 */
import { DspError } from "@dsp/core";

/** A block hash: 32 bytes (sha256 of the block's bytes; see node/fs-node/src/fs for the block format). */
export type BlockHash = Uint8Array;

export interface Blockstore {
  put(hash: BlockHash, bytes: Uint8Array, options?: { signal?: AbortSignal }): Promise<void>;
  get(hash: BlockHash, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
  has(hash: BlockHash): Promise<boolean>;
  delete(hash: BlockHash): Promise<void>;
  keys(options?: { signal?: AbortSignal }): AsyncIterable<BlockHash>;
  close(): Promise<void>;
}

/** 50012 GET_ALL_BLOCK_ERROR: the block is not in the store. */
export class BlockNotFound extends DspError {
  override name = "BlockNotFound";
  constructor(readonly hash: BlockHash) {
    super(50012, `block ${Buffer.from(hash).toString("hex")} not found`);
  }
}
