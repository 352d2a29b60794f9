/**
 * Cuts a byte stream into fixed-size blocks without holding more than one block: the spec's
 * "chunked into Blocks with defined block size". Every block is `blockSize` bytes but the last;
 * an empty input gives one empty block (every file has a leaf).
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { AbortedError } from "@dsp/core";

/** What AddFile accepts: bytes as they come (async or not, e.g. `[buffer]`), a Node stream, or a path to read. */
export type FileSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Readable | string;

function open(source: FileSource, blockSize: number): AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> {
  if (typeof source === "string") return createReadStream(source, { highWaterMark: blockSize });
  return source as AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>;
}

export async function* chunk(source: FileSource, blockSize: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let block = new Uint8Array(blockSize);
  let filled = 0;
  let yielded = false;
  for await (const piece of open(source, blockSize)) {
    if (signal?.aborted) throw new AbortedError("chunking", signal.reason);
    const bytes = typeof piece === "string" ? Buffer.from(piece) : piece;
    // A whole block as it comes (a file read with highWaterMark = blockSize): no copy needed.
    // Only for fresh buffers the source does not reuse, which readable streams guarantee.
    if (filled === 0 && bytes.length === blockSize && typeof source === "string") {
      yield bytes;
      yielded = true;
      continue;
    }
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(blockSize - filled, bytes.length - at);
      block.set(bytes.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === blockSize) {
        yield block;
        yielded = true;
        // a fresh buffer: the consumer may keep the block it was given
        block = new Uint8Array(blockSize);
        filled = 0;
      }
    }
  }
  if (filled > 0 || !yielded) yield block.subarray(0, filled);
}
