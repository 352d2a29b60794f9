/**
 * Streaming encryption and decryption: ciphertext in, plaintext out (or the reverse), one segment
 * at a time, so memory stays at about two segments whatever the file size. decryptStream yields a
 * segment only after its tag verified; a wrong password or key fails on the header, before the
 * first byte of plaintext. A failure in a later segment still comes after earlier segments were
 * yielded: a consumer that must not keep partial plaintext writes to a temporary place
 * (decryptFile does).
 */
import { randomBytes } from "node:crypto";
import { AbortedError, InvalidParams } from "../../errors/index.js";
import {
  CorruptHeader,
  TamperedSegment,
  TrailingData,
  TruncatedCiphertext,
  WrongDecryptionPassword,
  WrongRecipientKey,
} from "./errors.js";
import {
  DEFAULT_SCRYPT,
  DEFAULT_SEGMENT_LOG2,
  FILE_KEY_BYTES,
  MAX_SEGMENT_LOG2,
  MIN_SEGMENT_LOG2,
  Mode,
  NONCE_PREFIX_BYTES,
  SALT_BYTES,
  TAG_BYTES,
  concat,
  encodeHeaderBody,
  readHeader,
  scryptProblem,
  type ModeParams,
  type ScryptParams,
} from "./format.js";
import {
  headerMac,
  macMatches,
  passwordKek,
  payloadKey,
  recipientKekForDecrypt,
  recipientKekForEncrypt,
  unwrapFileKey,
  wrapFileKey,
} from "./kdf.js";
import { ChunkReader } from "./reader.js";
import { MAX_SEGMENTS, openSegment, sealSegment } from "./segment.js";

/**
 * Input chunks of any size. As with Node streams, a chunk belongs to the consumer once yielded: the
 * source must not write into it again (a full segment is kept as a view, without a copy, until
 * the next chunk shows whether it is the last).
 */
export type Source = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Who can open the file: whoever knows the password, or the holder of the recipient's private key. */
export type EncryptTo =
  | { password: string | Uint8Array; scrypt?: Partial<ScryptParams> }
  | { recipient: Uint8Array };

export type DecryptWith = { password: string | Uint8Array } | { privateKey: Uint8Array };

export type EncryptionProgressEvent =
  | { type: "dsp:encrypt:segment"; segment: number; plaintextBytes: number }
  | { type: "dsp:decrypt:segment"; segment: number; plaintextBytes: number };

export interface StreamOptions {
  signal?: AbortSignal;
  onProgress?: (event: EncryptionProgressEvent) => void;
}

export interface EncryptOptions extends StreamOptions {
  /** Plaintext bytes per segment: a power of two from 1 KiB to 16 MiB; 1 MiB by default (docs/encryption.md). */
  segmentSize?: number;
}

function checkAbort(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(what, signal.reason);
}

function segmentLog2Of(size: number | undefined): number {
  if (size === undefined) return DEFAULT_SEGMENT_LOG2;
  const log2 = Math.log2(size);
  if (!Number.isInteger(log2) || log2 < MIN_SEGMENT_LOG2 || log2 > MAX_SEGMENT_LOG2) {
    throw new InvalidParams(`segment size ${size} must be a power of two from ${2 ** MIN_SEGMENT_LOG2} to ${2 ** MAX_SEGMENT_LOG2}`);
  }
  return log2;
}

async function kekAndParams(to: EncryptTo): Promise<{ kek: Uint8Array; params: ModeParams }> {
  if ("recipient" in to) {
    const { kek, ephemeralPublicKey } = recipientKekForEncrypt(to.recipient);
    return { kek, params: { mode: Mode.Recipient, ephemeralPublicKey } };
  }
  if (to.password.length === 0) throw new InvalidParams("an encryption password must not be empty");
  const scrypt = { ...DEFAULT_SCRYPT, ...to.scrypt };
  const problem = scryptProblem(scrypt);
  if (problem) throw new InvalidParams(problem);
  const salt = randomBytes(SALT_BYTES);
  return { kek: await passwordKek(to.password, salt, scrypt), params: { mode: Mode.Password, scrypt, salt } };
}

/** Encrypts `source` to `to`; yields the header, then one chunk per sealed segment. */
export async function* encryptStream(source: Source, to: EncryptTo, opts: EncryptOptions = {}): AsyncGenerator<Uint8Array> {
  const { signal, onProgress } = opts;
  const segmentLog2 = segmentLog2Of(opts.segmentSize);
  const S = 2 ** segmentLog2;
  checkAbort(signal, "encryption");
  const { kek, params } = await kekAndParams(to);
  checkAbort(signal, "encryption");

  const fileKey = randomBytes(FILE_KEY_BYTES);
  const noncePrefix = randomBytes(NONCE_PREFIX_BYTES);
  const body = encodeHeaderBody({ segmentLog2, noncePrefix, params, wrappedKey: wrapFileKey(kek, fileKey) });
  yield concat([body, headerMac(fileKey, body)]);

  const key = payloadKey(fileKey);
  let index = 0;
  let plaintextBytes = 0;
  const seal = (pt: Uint8Array, final: boolean): Uint8Array => {
    checkAbort(signal, "encryption");
    if (index >= MAX_SEGMENTS) throw new InvalidParams(`input exceeds ${MAX_SEGMENTS} segments of ${S} bytes`);
    const out = sealSegment(key, noncePrefix, index, final, pt);
    plaintextBytes += pt.length;
    onProgress?.({ type: "dsp:encrypt:segment", segment: index, plaintextBytes });
    index++;
    return out;
  };

  // A full segment is held back until more input shows it is not the last: the final flag must be
  // set on the last segment, and a stream does not say it is ending until it has.
  let held: Uint8Array | undefined;
  const part = new Uint8Array(S);
  let fill = 0;
  for await (const chunk of source) {
    checkAbort(signal, "encryption");
    let at = 0;
    while (at < chunk.length) {
      if (held) {
        yield seal(held, false);
        held = undefined;
      }
      if (fill === 0 && chunk.length - at >= S) {
        held = chunk.subarray(at, at + S); // whole segment inside the chunk: no copy
        at += S;
        continue;
      }
      const take = Math.min(S - fill, chunk.length - at);
      part.set(chunk.subarray(at, at + take), fill);
      fill += take;
      at += take;
      if (fill === S) {
        held = part; // sealed (and so copied out) before `part` is written again
        fill = 0;
      }
    }
  }
  // An empty input still gets one (empty) final segment, so "no segments" always means truncation.
  yield seal(held ?? part.subarray(0, fill), true);
}

async function unwrapWith(key: DecryptWith, params: ModeParams, wrappedKey: Uint8Array): Promise<Uint8Array> {
  if (params.mode === Mode.Password) {
    if (!("password" in key)) throw new InvalidParams("this file is encrypted with a password; a private key was given");
    const fileKey = unwrapFileKey(await passwordKek(key.password, params.salt, params.scrypt), wrappedKey);
    if (!fileKey) throw new WrongDecryptionPassword();
    return fileKey;
  }
  if (!("privateKey" in key)) throw new InvalidParams("this file is encrypted to a public key; a password was given");
  const kek = recipientKekForDecrypt(key.privateKey, params.ephemeralPublicKey);
  if (!kek) throw new CorruptHeader("the ephemeral public key is not a secp256k1 point");
  const fileKey = unwrapFileKey(kek, wrappedKey);
  if (!fileKey) throw new WrongRecipientKey();
  return fileKey;
}

/** Decrypts what encryptStream produced; yields plaintext one authenticated segment at a time. */
export async function* decryptStream(source: Source, key: DecryptWith, opts: StreamOptions = {}): AsyncGenerator<Uint8Array> {
  const { signal, onProgress } = opts;
  const reader = new ChunkReader(source);
  try {
    checkAbort(signal, "decryption");
    const { header, macInput } = await readHeader(reader);
    const fileKey = await unwrapWith(key, header.params, header.wrappedKey);
    // The key opened, so a MAC mismatch means the header itself was changed (e.g. its segment size).
    if (!macMatches(headerMac(fileKey, macInput), header.mac)) throw new CorruptHeader("header MAC does not match");

    const payload = payloadKey(fileKey);
    const sealedSize = 2 ** header.segmentLog2 + TAG_BYTES;
    let plaintextBytes = 0;
    for (let index = 0; ; index++) {
      checkAbort(signal, "decryption");
      const sealed = await reader.read(sealedSize);
      // Only at index 0: a later read comes after a segment that saw more bytes follow it.
      if (sealed.length === 0) throw new TruncatedCiphertext("no segment after the header");
      if (sealed.length < TAG_BYTES) throw new TruncatedCiphertext(`segment ${index} is shorter than its tag`);
      const final = sealed.length < sealedSize || (await reader.atEnd());
      const pt = openSegment(payload, header.noncePrefix, index, final, sealed);
      if (!pt) {
        // Tell the two boundary attacks apart from plain damage: a segment that opens with the other
        // final flag sits at the wrong end of the stream.
        if (openSegment(payload, header.noncePrefix, index, !final, sealed)) {
          throw final ? new TruncatedCiphertext(`ends after segment ${index}, which is not the final one`) : new TrailingData(index);
        }
        throw new TamperedSegment(index);
      }
      plaintextBytes += pt.length;
      onProgress?.({ type: "dsp:decrypt:segment", segment: index, plaintextBytes });
      if (pt.length > 0) yield pt;
      if (final) return;
    }
  } finally {
    await reader.close();
  }
}
