/**
 * Message compression (the spec's CompressINFO: CompressEnable << 8 | algorithm). The spec
 * leaves the algorithm list empty; ours are Node's zlib codecs. Inflating is capped at the
 * message size limit, so a small frame cannot expand into gigabytes.
 */
import { brotliCompressSync, brotliDecompressSync, constants, deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { COMPRESS_ENABLE } from "./frame.js";
import { MessageRejected } from "./errors.js";

export const CompressAlgorithm = { none: 0, gzip: 1, deflate: 2, brotli: 3 } as const;
export type CompressAlgorithmName = keyof typeof CompressAlgorithm;

/** Fast settings: the point is fewer bytes on slow links, not the best ratio. */
export function compress(algorithm: CompressAlgorithmName, data: Uint8Array): Uint8Array {
  switch (algorithm) {
    case "gzip":
      return gzipSync(data, { level: 1 });
    case "deflate":
      return deflateSync(data, { level: 1 });
    case "brotli":
      return brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    case "none":
      return data;
  }
}

/** The CompressINFO value for a message compressed with `algorithm`. */
export function compressInfoOf(algorithm: CompressAlgorithmName): number {
  return algorithm === "none" ? 0 : COMPRESS_ENABLE | CompressAlgorithm[algorithm];
}

/** Undo compressInfo's compression, producing at most maxOutput bytes. */
export function decompress(compressInfo: number, data: Uint8Array, maxOutput: number): Uint8Array {
  if (!(compressInfo & COMPRESS_ENABLE)) {
    if ((compressInfo & 0xff) !== 0) throw new MessageRejected("bad-compression", `algorithm ${compressInfo & 0xff} without CompressEnable`);
    return data;
  }
  const algorithm = compressInfo & 0xff;
  try {
    switch (algorithm) {
      case CompressAlgorithm.gzip:
        return gunzipSync(data, { maxOutputLength: maxOutput });
      case CompressAlgorithm.deflate:
        return inflateSync(data, { maxOutputLength: maxOutput });
      case CompressAlgorithm.brotli:
        return brotliDecompressSync(data, { maxOutputLength: maxOutput });
    }
  } catch (cause) {
    throw new MessageRejected("bad-compression", `algorithm ${algorithm}: ${(cause as Error).message}`, { cause });
  }
  throw new MessageRejected("bad-compression", `unknown compression algorithm ${algorithm}`);
}
