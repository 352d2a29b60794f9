/**
 * A Blockstore in a Map: for tests and tools. Copies bytes in and out, so a caller that reuses
 * its buffer cannot change a stored block (tests that need a corrupted block put wrong bytes
 * under a hash on purpose: the Blockstore trusts its caller to have checked them).
 */
import { type Blockstore, type BlockHash, BlockNotFound } from "./blockstore.js";
import { AbortedError } from "../errors/index.js";

const key = (hash: BlockHash) => Buffer.from(hash).toString("hex");

export class MemoryBlockstore implements Blockstore {
  private readonly blocks = new Map<string, Uint8Array>();

  /** Number of stored blocks (not part of the interface; tests measure dedup with it). */
  get size(): number {
    return this.blocks.size;
  }

  async put(hash: BlockHash, bytes: Uint8Array, options?: { signal?: AbortSignal }): Promise<void> {
    if (options?.signal?.aborted) throw new AbortedError("block put", options.signal.reason);
    this.blocks.set(key(hash), Uint8Array.from(bytes));
  }

  async get(hash: BlockHash, options?: { signal?: AbortSignal }): Promise<Uint8Array> {
    if (options?.signal?.aborted) throw new AbortedError("block get", options.signal.reason);
    const bytes = this.blocks.get(key(hash));
    if (bytes === undefined) throw new BlockNotFound(hash);
    return Uint8Array.from(bytes);
  }

  async has(hash: BlockHash): Promise<boolean> {
    return this.blocks.has(key(hash));
  }

  async delete(hash: BlockHash): Promise<void> {
    this.blocks.delete(key(hash));
  }

  async *keys(options?: { signal?: AbortSignal }): AsyncIterable<BlockHash> {
    // a snapshot: a caller may delete while it iterates (GC's sweep does)
    for (const k of [...this.blocks.keys()]) {
      if (options?.signal?.aborted) throw new AbortedError("block listing", options.signal.reason);
      yield Uint8Array.from(Buffer.from(k, "hex"));
    }
  }

  async close(): Promise<void> {}
}
