/**
 * The block format of a file tree (docs/fs.md has the why).
 *
 * Leaf blocks are the file's raw bytes, `blockSize` each, the last one shorter (an empty file has
 * one empty leaf, so every file has at least one block, as FileLedger requires). A link block is
 * a 16-byte header followed by the 32-byte sha256 hashes of its children:
 *
 *   0      magic 0xd5
 *   1      version 1
 *   2      height: 1 = the children are leaves, h = the children are link blocks of height h-1
 *   3      0 (reserved)
 *   4..8   blockSize, uint32 big-endian
 *   8..16  byte size of the subtree, uint64 big-endian
 *   16..   children, 32 bytes each, in file order
 *
 * The root is always a link block, so a File Hash names the file's size and block size too, and a
 * reader never has to guess whether a block holds data or links: the parent's height says so.
 * The tree is balanced and filled left to right: every link block is full except the last one
 * of each level, so a child's byte range follows from its position (no per-link sizes needed).
 */
import { createHash } from "node:crypto";
import { InvalidFileTree } from "./errors.js";
import { InvalidParams } from "@dsp/core";

export const DEFAULT_BLOCK_SIZE = 256 * 1024;
export const HASH_SIZE = 32;
export const HEADER_SIZE = 16;
const MAGIC = 0xd5;
const VERSION = 1;
/** 256 B .. 16 MiB: a power of two so that a block is exactly one subtree of the PDP tree. */
const MIN_BLOCK_SIZE = 256;
const MAX_BLOCK_SIZE = 16 * 1024 * 1024;

export function sha256(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

export function checkBlockSize(blockSize: number): void {
  if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) {
    throw new InvalidParams(`block size ${blockSize} must be a power of two from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}`);
  }
}

/** Links per link block: as many as fit (8191 for 256 KiB blocks, 31 for 1 KiB). */
export function fanoutOf(blockSize: number): number {
  return Math.floor((blockSize - HEADER_SIZE) / HASH_SIZE);
}

/** Bytes under one child of a link block of `height`. */
export function childCapacity(blockSize: number, height: number): number {
  return blockSize * fanoutOf(blockSize) ** (height - 1);
}

/** Leaf blocks of a file of `size` bytes: at least one. */
export function leafCountOf(size: number, blockSize: number): number {
  return Math.max(1, Math.ceil(size / blockSize));
}

export interface LinkBlock {
  height: number;
  blockSize: number;
  /** bytes of file data under this block */
  size: number;
  links: Uint8Array[];
}

export function encodeLinkBlock(node: LinkBlock): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + node.links.length * HASH_SIZE);
  const view = new DataView(out.buffer);
  out[0] = MAGIC;
  out[1] = VERSION;
  out[2] = node.height;
  view.setUint32(4, node.blockSize);
  view.setBigUint64(8, BigInt(node.size));
  node.links.forEach((l, i) => out.set(l, HEADER_SIZE + i * HASH_SIZE));
  return out;
}

/**
 * Parses and checks a link block: the header, and that the number of links is exactly what a
 * balanced tree of that size and height has, so that offsets computed from positions are right.
 * `expect` holds what the parent implies (height, block size, subtree size).
 */
export function decodeLinkBlock(hash: Uint8Array, bytes: Uint8Array, expect?: Partial<LinkBlock>): LinkBlock {
  const fail = (why: string) => new InvalidFileTree(hash, why);
  if (bytes.length < HEADER_SIZE + HASH_SIZE || (bytes.length - HEADER_SIZE) % HASH_SIZE !== 0) throw fail(`length ${bytes.length}`);
  if (bytes[0] !== MAGIC || bytes[1] !== VERSION) throw fail("not a link block (bad magic or version)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const height = bytes[2];
  const blockSize = view.getUint32(4);
  const size = Number(view.getBigUint64(8));
  if (height < 1) throw fail("height 0");
  try {
    checkBlockSize(blockSize);
  } catch {
    throw fail(`block size ${blockSize}`);
  }
  const count = (bytes.length - HEADER_SIZE) / HASH_SIZE;
  const wantCount = Math.max(1, Math.ceil(size / childCapacity(blockSize, height)));
  if (count !== wantCount || count > fanoutOf(blockSize)) throw fail(`${count} links for ${size} bytes at height ${height}`);
  for (const k of ["height", "blockSize", "size"] as const) {
    if (expect?.[k] !== undefined && expect[k] !== { height, blockSize, size }[k]) throw fail(`${k} differs from what its parent says`);
  }
  const links: Uint8Array[] = [];
  for (let i = 0; i < count; i++) links.push(bytes.subarray(HEADER_SIZE + i * HASH_SIZE, HEADER_SIZE + (i + 1) * HASH_SIZE));
  return { height, blockSize, size, links };
}

/** Byte size of child `i` of a link block (all children are full but the last). */
export function childSize(node: LinkBlock, i: number): number {
  const cap = childCapacity(node.blockSize, node.height);
  return Math.min(cap, node.size - i * cap);
}

/**
 * Builds the link blocks above a stream of leaves, keeping only the current path: one pending
 * list of at most `fanout` children per level. Bottom-up grouping in order gives the same
 * balanced tree as building it level by level over all the leaves.
 */
export class TreeBuilder {
  private readonly fanout: number;
  /** pending[h] = children waiting for a link block of height h + 1 */
  private readonly pending: { hash: Uint8Array; size: number }[][] = [];

  constructor(
    private readonly blockSize: number,
    private readonly emit: (hash: Uint8Array, bytes: Uint8Array) => Promise<void>,
  ) {
    this.fanout = fanoutOf(blockSize);
  }

  /** Adds the next leaf (or, internally, the next node at height `h`). */
  async add(hash: Uint8Array, size: number, h = 0): Promise<void> {
    (this.pending[h] ??= []).push({ hash, size });
    if (this.pending[h].length === this.fanout) await this.flush(h);
  }

  /** Closes every level and returns the root's hash. */
  async finish(): Promise<Uint8Array> {
    for (let h = 0; ; h++) {
      const level = this.pending[h] ?? [];
      const higher = this.pending.slice(h + 1).some((l) => l.length > 0);
      if (h > 0 && level.length === 1 && !higher) return level[0].hash;
      if (level.length > 0) await this.flush(h);
    }
  }

  private async flush(h: number): Promise<void> {
    const children = this.pending[h];
    this.pending[h] = [];
    const size = children.reduce((s, c) => s + c.size, 0);
    const bytes = encodeLinkBlock({ height: h + 1, blockSize: this.blockSize, size, links: children.map((c) => c.hash) });
    const hash = sha256(bytes);
    await this.emit(hash, bytes);
    await this.add(hash, size, h + 1);
  }
}
