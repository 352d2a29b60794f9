/**
 * File to file encryption and decryption that either completes or leaves nothing behind. Output
 * goes to a temporary file next to the target (same directory, so the rename cannot cross file
 * systems) and is renamed into place only after the last segment authenticated and the data
 * reached the disk. On any failure (wrong password, tampering, abort, disk full) the temporary
 * file is removed and the target name is untouched: no partial plaintext is ever visible there.
 */
import { createReadStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { TAG_BYTES, DEFAULT_SEGMENT_LOG2 } from "./format.js";
import { decryptStream, encryptStream, type DecryptWith, type EncryptOptions, type EncryptTo, type StreamOptions } from "./stream.js";
import { syncDir } from "../../util/sync-dir.js";

export interface FileResult {
  bytesRead: number;
  bytesWritten: number;
}

/** Writes `chunks` to `target` atomically (see the module comment). */
export async function writeAtomically(target: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.partial`);
  const fh = await open(temp, "wx", 0o600);
  let written = 0;
  try {
    try {
      for await (const chunk of chunks) {
        await fh.write(chunk);
        written += chunk.length;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dirname(target));
  return written;
}


// No signal for the read stream: the cipher streams check it per chunk and raise our AbortedError,
// and stopping the iteration closes the file.
async function* counted(path: string, highWaterMark: number, count: { n: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark }) as AsyncIterable<Buffer>) {
    count.n += chunk.length;
    yield chunk;
  }
}

export async function encryptFile(inPath: string, outPath: string, to: EncryptTo, opts: EncryptOptions = {}): Promise<FileResult> {
  const read = { n: 0 };
  // Reading in segment-sized chunks lets encryptStream seal straight from the read buffers.
  const source = counted(inPath, opts.segmentSize ?? 2 ** DEFAULT_SEGMENT_LOG2, read);
  const bytesWritten = await writeAtomically(outPath, encryptStream(source, to, opts));
  return { bytesRead: read.n, bytesWritten };
}

export async function decryptFile(inPath: string, outPath: string, key: DecryptWith, opts: StreamOptions = {}): Promise<FileResult> {
  const read = { n: 0 };
  const source = counted(inPath, 2 ** DEFAULT_SEGMENT_LOG2 + TAG_BYTES, read);
  const bytesWritten = await writeAtomically(outPath, decryptStream(source, key, opts));
  return { bytesRead: read.n, bytesWritten };
}
