/**
 * Reading a file tree: verified block reads and a depth-first walk, root first, children in file
 * order (the order GetBlockHashesOfFile returns: each block arrives after the link block that
 * names it, so a receiver can check every block as it comes).
 */
import type { Blockstore } from "./blockstore.js";
import { decodeLinkBlock, childCapacity, childSize, sha256, type LinkBlock } from "./dag.js";
import { BlockCorrupted, InvalidFileTree } from "./errors.js";
import { AbortedError } from "@dsp/core";

/** Gets a block and checks it still hashes to its name. */
export async function getVerified(blocks: Blockstore, hash: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = await blocks.get(hash, { signal });
  const actual = sha256(bytes);
  if (Buffer.compare(actual, hash) !== 0) throw new BlockCorrupted(hash, actual);
  return bytes;
}

export type TreeEntry =
  | { kind: "link"; hash: Uint8Array; node: LinkBlock }
  /** `bytes` only when the walk reads leaves */
  | { kind: "leaf"; hash: Uint8Array; size: number; bytes?: Uint8Array };

export interface WalkOptions {
  /** read and verify leaf blocks too (a reader); without it only link blocks are read */
  readLeaves?: boolean;
  signal?: AbortSignal;
}

export async function* walkFile(blocks: Blockstore, fileHash: Uint8Array, opts: WalkOptions = {}): AsyncGenerator<TreeEntry> {
  const root = decodeLinkBlock(fileHash, await getVerified(blocks, fileHash, opts.signal));
  yield* walkLink(blocks, fileHash, root, opts);
}

async function* walkLink(blocks: Blockstore, hash: Uint8Array, node: LinkBlock, opts: WalkOptions): AsyncGenerator<TreeEntry> {
  yield { kind: "link", hash, node };
  for (let i = 0; i < node.links.length; i++) {
    if (opts.signal?.aborted) throw new AbortedError("file walk", opts.signal.reason);
    const child = node.links[i];
    const size = childSize(node, i);
    if (node.height === 1) {
      if (!opts.readLeaves) {
        yield { kind: "leaf", hash: child, size };
        continue;
      }
      const bytes = await getVerified(blocks, child, opts.signal);
      if (bytes.length !== size) throw new InvalidFileTree(child, `leaf of ${bytes.length} bytes where its parent says ${size}`);
      yield { kind: "leaf", hash: child, size, bytes };
    } else {
      const expect = { height: node.height - 1, blockSize: node.blockSize, size };
      const sub = decodeLinkBlock(child, await getVerified(blocks, child, opts.signal), expect);
      yield* walkLink(blocks, child, sub, opts);
    }
  }
}

/** Hash of leaf block `index`, reading only the link blocks on its path. */
export async function leafHashAt(blocks: Blockstore, fileHash: Uint8Array, index: number, signal?: AbortSignal): Promise<Uint8Array> {
  let hash = fileHash;
  let node = decodeLinkBlock(hash, await getVerified(blocks, hash, signal));
  let rest = index;
  for (;;) {
    const perChild = childCapacity(node.blockSize, node.height) / node.blockSize;
    const i = Math.floor(rest / perChild);
    rest -= i * perChild;
    if (i >= node.links.length) throw new InvalidFileTree(hash, `no leaf ${index}`);
    if (node.height === 1) return node.links[i];
    const expect = { height: node.height - 1, blockSize: node.blockSize, size: childSize(node, i) };
    hash = node.links[i];
    node = decodeLinkBlock(hash, await getVerified(blocks, hash, signal), expect);
  }
}
