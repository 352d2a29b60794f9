/**
 * The spec's FS APIs over a Blockstore: AddFile, DeleteFile, GetBlockHashesOfFile, PutBlock,
 * GetBlock, GarbageCollect, plus a verified streaming reader. docs/fs.md describes the block
 * format, the order of hashes, and how GC and operations in flight keep out of each other's way.
 */
import type { Blockstore } from "./blockstore.js";
import { chunk, type FileSource } from "./chunker.js";
import { DEFAULT_BLOCK_SIZE, TreeBuilder, checkBlockSize, sha256 } from "./dag.js";
import { blocksRoot } from "./blocks-root.js";
import { LeaseTable, type Lease } from "./leases.js";
import type { FileRecord, RootStore } from "./root-store.js";
import { collectGarbage, type GcOptions, type GcResult } from "./gc.js";
import { getVerified, walkFile } from "./walk.js";
import { BlockHashMismatch, FileNotFound } from "./errors.js";
import { AbortedError } from "@dsp/core";
import { Pipeline } from "@dsp/core";

/** Block writes AddFile keeps in flight while it hashes the next blocks. */
const WRITES_IN_FLIGHT = 32;

/**
 * What AddFile computes (the spec's slicing, transmission states 3-4): the FileCommit fields but
 * dataRoot, which generatePdpData (pdp-data.ts, state 11) adds.
 */
export interface AddFileResult {
  fileHash: Uint8Array;
  blocksRoot: Uint8Array;
  /** leaf blocks (FileCommit.blockNum) */
  blockCount: number;
  blockSize: number;
  size: number;
}

export type AddProgressEvent = { type: "fs:add:block"; blocks: number; bytes: number };

export interface AddFileOptions {
  signal?: AbortSignal;
  onProgress?: (event: AddProgressEvent) => void;
}

export interface FileStoreInit {
  blocks: Blockstore;
  roots: RootStore;
  /** bytes per leaf block; 256 KiB unless said */
  blockSize?: number;
}

const resultOf = (r: FileRecord): AddFileResult => ({
  fileHash: r.fileHash,
  blocksRoot: r.blocksRoot,
  blockCount: r.blockCount,
  blockSize: r.blockSize,
  size: r.size,
});

export class FileStore {
  readonly blocks: Blockstore;
  readonly roots: RootStore;
  readonly blockSize: number;
  private readonly leases = new LeaseTable();
  private gcRunning: Promise<unknown> = Promise.resolve();

  private constructor(init: FileStoreInit) {
    this.blocks = init.blocks;
    this.roots = init.roots;
    this.blockSize = init.blockSize ?? DEFAULT_BLOCK_SIZE;
  }

  static async open(init: FileStoreInit): Promise<FileStore> {
    checkBlockSize(init.blockSize ?? DEFAULT_BLOCK_SIZE);
    return new FileStore(init);
  }

  /**
   * AddFile: chunks the source, writes its blocks and link blocks, and records the root as live.
   * Holds one block, the pending links of the current path, and 32 bytes per block (its hash).
   * The same bytes and block size always give the same File Hash. It does not hash the PDP tree:
   * that is generatePdpData's job (16,383 keccak calls per 256 KiB block, ~100x sha256's cost).
   */
  async addFile(source: FileSource, { signal, onProgress }: AddFileOptions = {}): Promise<AddFileResult> {
    const lease = this.leases.lease();
    // Hashing (main thread) overlaps the writes of earlier blocks; the limit bounds the blocks in
    // memory to WRITES_IN_FLIGHT + 1.
    const writes = new Pipeline(WRITES_IN_FLIGHT);
    try {
      const tree = new TreeBuilder(this.blockSize, (hash, bytes) => this.store(hash, bytes, lease, signal));
      const leafHashes: Uint8Array[] = [];
      let size = 0;
      let written = 0;
      let writtenBytes = 0;
      for await (const block of chunk(source, this.blockSize, signal)) {
        const hash = sha256(block);
        if (signal?.aborted) throw new AbortedError("AddFile", signal.reason);
        // The lease is taken here, in order, before the block counts as part of the file, so a GC
        // can never take a block this upload reuses; only the write itself runs in the background.
        await lease.hold(hash);
        await writes.add(async () => {
          await this.write(hash, block, signal);
          written++;
          writtenBytes += block.length;
          onProgress?.({ type: "fs:add:block", blocks: written, bytes: writtenBytes });
        });
        await tree.add(hash, block.length);
        leafHashes.push(hash);
        size += block.length;
      }
      await writes.drain();
      const fileHash = await tree.finish();
      const record: FileRecord = {
        fileHash,
        size,
        blockSize: this.blockSize,
        blockCount: leafHashes.length,
        blocksRoot: blocksRoot(leafHashes),
      };
      if (signal?.aborted) throw new AbortedError("AddFile", signal.reason);
      await this.recordRoot(record);
      return resultOf(record);
    } finally {
      // No write may outlive the lease that keeps GC away from its block.
      await writes.drain().catch(() => {});
      lease.release();
    }
  }

  /**
   * Records as live a file whose blocks arrived by PutBlock (a node receiving an upload): checks
   * that the whole tree is present and intact and computes the same result as AddFile, so the
   * caller can compare it with the ledger's FileCommit (then generatePdpData gives the dataRoot to
   * compare). Pass the upload's lease so that GC cannot take its blocks before the root is recorded.
   * Leaves are read and checked against their hashes, but not PDP-hashed.
   */
  async commitFile(fileHash: Uint8Array, { signal, lease }: { signal?: AbortSignal; lease?: Lease } = {}): Promise<AddFileResult> {
    const own = lease ?? this.leases.lease();
    try {
      let blockSize = 0;
      const leafHashes: Uint8Array[] = [];
      let size = 0;
      for await (const e of walkFile(this.blocks, fileHash, { readLeaves: true, signal })) {
        await own.hold(e.hash);
        if (e.kind === "link") {
          blockSize ||= e.node.blockSize;
          continue;
        }
        leafHashes.push(e.hash);
        size += e.size;
      }
      const record: FileRecord = {
        fileHash,
        size,
        blockSize,
        blockCount: leafHashes.length,
        blocksRoot: blocksRoot(leafHashes),
      };
      await this.recordRoot(record);
      return resultOf(record);
    } finally {
      if (!lease) own.release();
    }
  }

  /** A lease for an upload in flight: pass it to putBlock and commitFile, release it at the end. */
  lease(): Lease {
    return this.leases.lease();
  }

  /** PutBlock: stores `bytes` under `hash` if and only if sha256(bytes) == hash. */
  async putBlock(hash: Uint8Array, bytes: Uint8Array, { signal, lease }: { signal?: AbortSignal; lease?: Lease } = {}): Promise<void> {
    const actual = sha256(bytes);
    if (Buffer.compare(actual, hash) !== 0) throw new BlockHashMismatch(hash, actual);
    if (lease) await this.store(hash, bytes, lease, signal);
    else await this.blocks.put(hash, bytes, { signal });
  }

  /** GetBlock: the block's bytes, checked against its hash. */
  getBlock(hash: Uint8Array, { signal }: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    return getVerified(this.blocks, hash, signal);
  }

  /** GetBlockHashesOfFile: every block of the tree, root first, depth-first in file order. */
  async getBlockHashesOfFile(fileHash: Uint8Array, { signal }: { signal?: AbortSignal } = {}): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for await (const e of walkFile(this.blocks, fileHash, { signal })) out.push(e.hash);
    return out;
  }

  /**
   * The file's bytes as they are read, every block checked against its hash (a corrupted block
   * throws BlockCorrupted naming it). A read of a file deleted meanwhile may fail when GC runs.
   */
  async *readFile(fileHash: Uint8Array, { signal }: { signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    for await (const e of walkFile(this.blocks, fileHash, { readLeaves: true, signal })) if (e.kind === "leaf") yield e.bytes!;
  }

  /** DeleteFile: the root stops being live; its blocks go at the next GC unless another file uses them. */
  async deleteFile(fileHash: Uint8Array): Promise<void> {
    if (!(await this.roots.get(fileHash))) throw new FileNotFound(fileHash);
    await this.roots.delete(fileHash);
  }

  /** What AddFile (and generatePdpData, once run) recorded about a live file (the prover's metadata). */
  async fileRecord(fileHash: Uint8Array): Promise<FileRecord> {
    const record = await this.roots.get(fileHash);
    if (!record) throw new FileNotFound(fileHash);
    return record;
  }

  listFiles(): Promise<Uint8Array[]> {
    return this.roots.list();
  }

  /** GarbageCollect; one at a time (a second call waits for the first). */
  garbageCollect(opts: GcOptions = {}): Promise<GcResult> {
    const run = this.gcRunning.catch(() => {}).then(() => collectGarbage({ blocks: this.blocks, roots: this.roots, leases: this.leases }, opts));
    this.gcRunning = run;
    return run;
  }

  /**
   * Records a live root, keeping the PDP data of an earlier record of the same file: the same File
   * Hash means the same bytes, so adding a file again must not make it unprovable.
   */
  private async recordRoot(record: FileRecord): Promise<void> {
    const prior = await this.roots.get(record.fileHash);
    await this.roots.put(prior?.dataRoot ? { ...record, dataRoot: prior.dataRoot, pdpBlockRoots: prior.pdpBlockRoots } : record);
  }

  /** Holds the block for the operation, then writes it unless present (content addressing dedups). */
  private async store(hash: Uint8Array, bytes: Uint8Array, lease: Lease, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortedError("AddFile", signal.reason);
    await lease.hold(hash);
    await this.write(hash, bytes, signal);
  }

  /**
   * Writes a block the caller holds a lease on. No has() first: a put of a block already stored
   * is a no-op in every Blockstore (the contract in blockstore.ts), and the stores check that
   * more cheaply than a second lookup would.
   */
  private async write(hash: Uint8Array, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    await this.blocks.put(hash, bytes, { signal });
  }
}
