/**
 * Blockstore on flat files: one file per block, named by its hex hash, under a shard directory
 * named by the hash's first two hex digits (256 shards, so no directory grows past 1/256 of the
 * store; blockstore-fs shards the same way on its key's next-to-last characters).
 *
 *   <root>/ab/ab12...ef     a block (64 hex digits)
 *   <root>/tmp/ab12...ef.<random>   a put in progress
 *
 * A put writes the bytes to a temp file and renames it into place. rename() is atomic on POSIX,
 * so a killed process leaves either no block file or the whole one, plus at worst a temp file.
 *
 * Durability against power loss is a choice (`fsync`). Off by default, as in blockstore-fs and
 * IPFS: a block written in the seconds before a power cut may be lost or torn, and every reader
 * checks a block against its hash (node/fs-node/src/fs/walk.ts, PutBlock on receipt), so such a block reads
 * as corrupt and is fetched again from a replica, like any damaged block; what commits a file
 * (its root record) is always fsync'd. With `fsync: true` each put fsyncs the block and its
 * shard directory before returning, at several times the cost (docs/benchmarks.md). Temps live in their own directory (same file system, so the
 * rename is still atomic) rather than beside the blocks: get/has/keys never see them, and
 * open() clears them by listing tmp/ alone instead of every shard.
 *
 * One process owns a root at a time: open() deletes the temps, which would break a put that
 * another process has in flight.
 */
import { randomBytes } from "node:crypto";
import { close, fdatasync, open, rename, statSync, write } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { AbortedError } from "@dsp/core";
import { BlockNotFound, type BlockHash, type Blockstore } from "./blockstore.js";
import { checkAborted, checkBlockHash } from "./store-checks.js";
import { syncDir } from "@dsp/core";

const SHARDS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const BLOCK_NAME = /^[0-9a-f]{64}$/;
const TEMP_DIR = "tmp";

export interface FsBlockstoreOptions {
  /** fsync every block and its directory before put() returns (default false: see above). */
  fsync?: boolean;
}

export class FsBlockstore implements Blockstore {
  private constructor(
    readonly root: string,
    private readonly fsync: boolean,
  ) {}

  /** Opens (creating if needed) the store at `root` and removes temps a crash left behind. */
  static async open(root: string, { fsync = false }: FsBlockstoreOptions = {}): Promise<FsBlockstore> {
    await mkdir(join(root, TEMP_DIR), { recursive: true });
    await Promise.all(SHARDS.map((shard) => mkdir(join(root, shard), { recursive: true })));
    await syncDir(root);
    const store = new FsBlockstore(root, fsync);
    await store.repair();
    return store;
  }

  /** Removes the temp files of puts that never finished; returns how many there were. */
  async repair(): Promise<number> {
    const temps = await readdir(join(this.root, TEMP_DIR));
    await Promise.all(temps.map((name) => rm(join(this.root, TEMP_DIR, name), { force: true })));
    return temps.length;
  }

  /** Where the block with this hash lives (whether or not it is there). */
  pathOf(hash: BlockHash): string {
    const hex = Buffer.from(hash).toString("hex");
    return join(this.root, hex.slice(0, 2), hex);
  }

  /** Where a put of this hash writes its bytes before the rename. */
  tempPathOf(hash: BlockHash): string {
    return join(this.root, TEMP_DIR, `${Buffer.from(hash).toString("hex")}.${randomBytes(6).toString("hex")}`);
  }

  async put(hash: BlockHash, bytes: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<void> {
    checkBlockHash(hash);
    checkAborted(options.signal, "put");
    const path = this.pathOf(hash);
    // Same hash, same bytes (the caller checked): a block already in place is left alone.
    if (existsNow(path)) return;
    const temp = this.tempPathOf(hash);
    try {
      await writeNew(temp, bytes, this.fsync);
      checkAborted(options.signal, "put");
      await call<void>((cb) => rename(temp, path, cb));
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    // Makes the new name durable; the bytes already are.
    if (this.fsync) await syncDir(join(path, ".."));
  }

  async get(hash: BlockHash, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    checkBlockHash(hash);
    checkAborted(options.signal, "get");
    try {
      return await readFile(this.pathOf(hash), { signal: options.signal });
    } catch (e) {
      if (errorCode(e) === "ENOENT") throw new BlockNotFound(hash);
      if ((e as Error).name === "AbortError") throw new AbortedError("get", options.signal?.reason);
      throw e;
    }
  }

  async has(hash: BlockHash): Promise<boolean> {
    checkBlockHash(hash);
    return existsNow(this.pathOf(hash));
  }

  async delete(hash: BlockHash): Promise<void> {
    checkBlockHash(hash);
    // No directory fsync: a delete lost to a power loss only leaves garbage the next GC removes.
    await rm(this.pathOf(hash), { force: true });
  }

  async *keys(options: { signal?: AbortSignal } = {}): AsyncIterable<BlockHash> {
    const { signal } = options;
    for (const shard of SHARDS) {
      checkAborted(signal, "keys");
      for (const name of await readdir(join(this.root, shard))) {
        checkAborted(signal, "keys");
        if (BLOCK_NAME.test(name) && name.startsWith(shard)) yield Buffer.from(name, "hex");
      }
    }
  }

  /** Nothing stays open between calls; close() is here for the interface. */
  async close(): Promise<void> {}
}

/**
 * A stat on the calling thread: a lookup in a directory the kernel has cached takes microseconds,
 * less than the hop to libuv's threadpool and back that an async stat costs (AddFile calls it
 * once per block).
 */
function existsNow(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined;
}

/**
 * Creates `path` (failing if it exists) holding `bytes`. The callback API rather than a
 * FileHandle: a put is four threadpool calls, and the promise layer's FileHandle bookkeeping was
 * a visible share of AddFile's own (non-kernel) time.
 */
async function writeNew(path: string, bytes: Uint8Array, sync: boolean): Promise<void> {
  const fd = await call<number>((cb) => open(path, "wx", cb));
  try {
    for (let at = 0; at < bytes.length; ) at += await call<number>((cb) => write(fd, bytes, at, bytes.length - at, null, cb));
    if (sync) await call<void>((cb) => fdatasync(fd, cb));
  } finally {
    await call<void>((cb) => close(fd, cb));
  }
}

/** A Node callback call as a promise (util.promisify loses the overload types of open and write). */
function call<T>(fn: (cb: (e: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((e, value) => (e ? reject(e) : resolve(value as T))));
}

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}
