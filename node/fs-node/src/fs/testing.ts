/** Helpers shared by the FS tests. */
import { randomBytes } from "node:crypto";
import { hex } from "@dsp/core";
import type { Blockstore, BlockHash } from "./blockstore.js";
import { MemoryBlockstore } from "./memory-blockstore.js";
import { MemoryRootStore } from "./root-store.js";
import { FileStore } from "./file-store.js";

export const KiB = 1024;

export async function concat(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

/** Yields `data` in pieces of random sizes, so block boundaries never line up with them. */
export async function* pieces(data: Uint8Array, max = 3000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; ) {
    const n = 1 + Math.floor(Math.random() * max);
    yield data.subarray(at, at + n);
    at += n;
  }
}

export function random(n: number): Uint8Array {
  return Uint8Array.from(randomBytes(n));
}

export async function memoryFileStore(blockSize = KiB) {
  const blocks = new MemoryBlockstore();
  const files = await FileStore.open({ blocks, roots: new MemoryRootStore(), blockSize });
  return { blocks, files };
}

/** Wraps a Blockstore and records every get, so a test can tell which blocks were read. */
export class CountingBlockstore implements Blockstore {
  readonly gets: string[] = [];
  constructor(private readonly inner: Blockstore) {}
  put(hash: BlockHash, bytes: Uint8Array, o?: { signal?: AbortSignal }) {
    return this.inner.put(hash, bytes, o);
  }
  get(hash: BlockHash, o?: { signal?: AbortSignal }) {
    this.gets.push(hex(hash));
    return this.inner.get(hash, o);
  }
  has(hash: BlockHash) {
    return this.inner.has(hash);
  }
  delete(hash: BlockHash) {
    return this.inner.delete(hash);
  }
  keys(o?: { signal?: AbortSignal }) {
    return this.inner.keys(o);
  }
  close() {
    return this.inner.close();
  }
}

/** An async source that stops after `first` bytes until `open()` is called: makes races deterministic. */
export function gatedSource(data: Uint8Array, first: number) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  async function* source() {
    yield data.subarray(0, first);
    await gate;
    yield data.subarray(first);
  }
  return { source: source(), open };
}
