/**
 * A Blockstore in a Map: for tests and tools. Copies bytes in and out, so a caller that reuses
 * its buffer cannot change a stored block (tests that need a corrupted block put wrong bytes
 * under a hash on purpose: the Blockstore trusts its caller to have checked them).
 */
import { type Blockstore, type BlockHash, BlockNotFound } from "./blockstore.js";
import { checkAborted, checkBlockHash } from "./store-checks.js";

const key = (hash: BlockHash) => Buffer.from(hash).toString("hex");

export class MemoryBlockstore implements Blockstore {
  private readonly blocks = new Map<string, Uint8Array>();

  /** For symmetry with the on-disk stores (and the shared suite's `open`). */
  static async open(): Promise<MemoryBlockstore> {
    return new MemoryBlockstore();
  }

  /** Number of stored blocks (not part of the interface; tests measure dedup with it). */
  get size(): number {
    return this.blocks.size;
  }

  async put(hash: BlockHash, bytes: Uint8Array, options?: { signal?: AbortSignal }): Promise<void> {
    checkBlockHash(hash);
    checkAborted(options?.signal, "block put");
    this.blocks.set(key(hash), Uint8Array.from(bytes));
  }

  async get(hash: BlockHash, options?: { signal?: AbortSignal }): Promise<Uint8Array> {
    checkBlockHash(hash);
    checkAborted(options?.signal, "block get");
    const bytes = this.blocks.get(key(hash));
    if (bytes === undefined) throw new BlockNotFound(hash);
    return Uint8Array.from(bytes);
  }

  async has(hash: BlockHash): Promise<boolean> {
    checkBlockHash(hash);
    return this.blocks.has(key(hash));
  }

  async delete(hash: BlockHash): Promise<void> {
    checkBlockHash(hash);
    this.blocks.delete(key(hash));
  }

  async *keys(options?: { signal?: AbortSignal }): AsyncIterable<BlockHash> {
    // a snapshot: a caller may delete while it iterates (GC's sweep does)
    for (const k of [...this.blocks.keys()]) {
      checkAborted(options?.signal, "block listing");
      yield Uint8Array.from(Buffer.from(k, "hex"));
    }
  }

  async close(): Promise<void> {}
}
