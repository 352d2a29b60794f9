/**
 * One STREAM segment (Hoang, Reyhanitabar, Rogaway, Vizar 2015; the construction age and Tink use):
 * AES-256-GCM with nonce = noncePrefix[7] | index u32 | final u8. The index stops reordering and
 * dropping; the final flag stops truncation at a segment boundary and appending. The same
 * index|final bytes also go in as associated data, so the binding holds even if a later version
 * changes how nonces are built.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { NONCE_PREFIX_BYTES, TAG_BYTES } from "./format.js";

/** 2^32 segments: 4 PiB per file with the default 1 MiB segments. */
export const MAX_SEGMENTS = 2 ** 32;

function nonceAndAd(prefix: Uint8Array, index: number, final: boolean): { nonce: Buffer; ad: Buffer } {
  const nonce = Buffer.alloc(12);
  nonce.set(prefix.subarray(0, NONCE_PREFIX_BYTES), 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_BYTES);
  nonce[11] = final ? 1 : 0;
  return { nonce, ad: nonce.subarray(NONCE_PREFIX_BYTES) };
}

/** ciphertext | tag of one plaintext segment. */
export function sealSegment(key: Uint8Array, prefix: Uint8Array, index: number, final: boolean, plaintext: Uint8Array): Buffer {
  const { nonce, ad } = nonceAndAd(prefix, index, final);
  const c = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  c.setAAD(ad);
  const ct = c.update(plaintext);
  c.final();
  return Buffer.concat([ct, c.getAuthTag()]);
}

/**
 * The plaintext of an authenticated segment, or undefined if it does not authenticate as (index,
 * final). GCM's update() returns plaintext before final() checks the tag; nothing of it leaves
 * this function unless the tag verified.
 */
export function openSegment(key: Uint8Array, prefix: Uint8Array, index: number, final: boolean, sealed: Uint8Array): Buffer | undefined {
  const { nonce, ad } = nonceAndAd(prefix, index, final);
  const d = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  d.setAAD(ad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const pt = d.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    d.final();
    return pt;
  } catch {
    return undefined;
  }
}
