/**
 * The byte layout of a DSP encrypted file (docs/encryption.md has the reasoning):
 *
 *   header   = magic "DSPENC" | version u8 | mode u8 | segmentLog2 u8 | noncePrefix[7]
 *              | mode parameters | wrappedKey[48] | headerMac[32]
 *   password parameters  = scryptLog2N u8 | scryptR u8 | scryptP u8 | salt[16]
 *   recipient parameters = ephemeralPublicKey[33] (compressed secp256k1)
 *   body     = segment* , each = AES-256-GCM(ciphertext of <= 2^segmentLog2 bytes) | tag[16]
 *
 * This module only encodes and parses; it checks ranges so a hostile header cannot make us
 * allocate gigabytes, and leaves every cryptographic check to the caller.
 */
import { ChunkReader } from "./reader.js";
import { CorruptHeader, NotAnEncryptedFile, UnsupportedEncryptionFormat } from "./errors.js";

export const MAGIC = new TextEncoder().encode("DSPENC");
export const VERSION = 1;
export enum Mode {
  Password = 1,
  Recipient = 2,
}

export const NONCE_PREFIX_BYTES = 7;
export const SALT_BYTES = 16;
export const PUBLIC_KEY_BYTES = 33;
export const FILE_KEY_BYTES = 32;
export const TAG_BYTES = 16;
export const WRAPPED_KEY_BYTES = FILE_KEY_BYTES + TAG_BYTES;
export const MAC_BYTES = 32;

/** Segment sizes a reader accepts: 1 KiB .. 16 MiB. The upper bound caps decryption memory. */
export const MIN_SEGMENT_LOG2 = 10;
export const MAX_SEGMENT_LOG2 = 24;
export const DEFAULT_SEGMENT_LOG2 = 20;

/** scrypt bounds a reader accepts: memory is 128*N*r bytes, kept <= 1 GiB; p bounds the time. */
export const MIN_SCRYPT_LOG2N = 10;
export const MAX_SCRYPT_MEMORY = 2 ** 30;
export const MAX_SCRYPT_P = 16;
export const DEFAULT_SCRYPT = { log2N: 15, r: 8, p: 1 } as const;

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export type ModeParams =
  | { mode: Mode.Password; scrypt: ScryptParams; salt: Uint8Array }
  | { mode: Mode.Recipient; ephemeralPublicKey: Uint8Array };

export interface Header {
  segmentLog2: number;
  noncePrefix: Uint8Array;
  params: ModeParams;
  wrappedKey: Uint8Array;
  /** HMAC over every header byte before it, keyed from the file key. */
  mac: Uint8Array;
}

const FIXED_BYTES = MAGIC.length + 3;

/** Total header bytes for a mode: 115 for a password, 129 for a recipient. */
export function headerLength(mode: Mode): number {
  const params = mode === Mode.Password ? 3 + SALT_BYTES : PUBLIC_KEY_BYTES;
  return FIXED_BYTES + NONCE_PREFIX_BYTES + params + WRAPPED_KEY_BYTES + MAC_BYTES;
}

/** Why a scrypt parameter set is refused, or undefined when it is acceptable. */
export function scryptProblem(s: ScryptParams): string | undefined {
  if (!Number.isInteger(s.log2N) || s.log2N < MIN_SCRYPT_LOG2N || s.log2N > 30) return `scrypt log2N ${s.log2N} outside ${MIN_SCRYPT_LOG2N}..30`;
  if (!Number.isInteger(s.r) || s.r < 1 || s.r > 255) return `scrypt r ${s.r} outside 1..255`;
  if (!Number.isInteger(s.p) || s.p < 1 || s.p > MAX_SCRYPT_P) return `scrypt p ${s.p} outside 1..${MAX_SCRYPT_P}`;
  if (128 * 2 ** s.log2N * s.r > MAX_SCRYPT_MEMORY) return `scrypt needs ${128 * 2 ** s.log2N * s.r} bytes, above the ${MAX_SCRYPT_MEMORY} limit`;
  return undefined;
}

/** Header bytes without the MAC: the MAC's input. */
export function encodeHeaderBody(h: Omit<Header, "mac">): Uint8Array {
  const params =
    h.params.mode === Mode.Password
      ? concat([Uint8Array.of(h.params.scrypt.log2N, h.params.scrypt.r, h.params.scrypt.p), h.params.salt])
      : h.params.ephemeralPublicKey;
  return concat([MAGIC, Uint8Array.of(VERSION, h.params.mode, h.segmentLog2), h.noncePrefix, params, h.wrappedKey]);
}

/**
 * Reads and range-checks a header. Returns the header and its MAC input (the raw bytes, so the MAC
 * is checked over exactly what was read, not a re-encoding).
 */
export async function readHeader(reader: ChunkReader): Promise<{ header: Header; macInput: Uint8Array }> {
  const fixed = await reader.read(FIXED_BYTES);
  if (fixed.length < MAGIC.length || !MAGIC.every((b, i) => fixed[i] === b)) throw new NotAnEncryptedFile();
  if (fixed.length < FIXED_BYTES) throw new CorruptHeader(`ends after ${fixed.length} bytes`);
  const [version, mode, segmentLog2] = fixed.subarray(MAGIC.length);
  if (version !== VERSION) throw new UnsupportedEncryptionFormat(`encryption format version ${version} is not supported (this reader knows ${VERSION})`);
  if (mode !== Mode.Password && mode !== Mode.Recipient) throw new UnsupportedEncryptionFormat(`unknown encryption mode ${mode}`);
  if (segmentLog2 < MIN_SEGMENT_LOG2 || segmentLog2 > MAX_SEGMENT_LOG2) throw new CorruptHeader(`segment size 2^${segmentLog2} outside 2^${MIN_SEGMENT_LOG2}..2^${MAX_SEGMENT_LOG2}`);

  const restLength = headerLength(mode) - FIXED_BYTES;
  const rest = await reader.read(restLength);
  if (rest.length < restLength) throw new CorruptHeader(`ends after ${FIXED_BYTES + rest.length} bytes`);

  let at = 0;
  const take = (n: number) => rest.slice(at, (at += n));
  const noncePrefix = take(NONCE_PREFIX_BYTES);
  let params: ModeParams;
  if (mode === Mode.Password) {
    const [log2N, r, p] = take(3);
    const scrypt = { log2N, r, p };
    const problem = scryptProblem(scrypt);
    if (problem) throw new CorruptHeader(problem);
    params = { mode, scrypt, salt: take(SALT_BYTES) };
  } else {
    params = { mode, ephemeralPublicKey: take(PUBLIC_KEY_BYTES) };
  }
  const wrappedKey = take(WRAPPED_KEY_BYTES);
  const mac = take(MAC_BYTES);
  const macInput = concat([fixed, rest.subarray(0, restLength - MAC_BYTES)]);
  return { header: { segmentLog2, noncePrefix, params, wrappedKey, mac }, macInput };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
