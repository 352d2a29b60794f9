/**
 * Keys of the format. Each file gets a random 32-byte file key; the payload and the header MAC use
 * keys derived from it, and the header carries it wrapped (AES-256-GCM) under a key-encryption key
 * (KEK) that the password or the recipient's key yields. The GCM tag of the wrapped key is the
 * key-check value: a wrong password or private key fails there, before any segment is touched.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, scrypt, timingSafeEqual } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { InvalidParams } from "../../errors/index.js";
import { FILE_KEY_BYTES, TAG_BYTES, concat, type ScryptParams } from "./format.js";

const INFO_RECIPIENT = "dsp-encrypt/v1 recipient kek";
const INFO_PAYLOAD = "dsp-encrypt/v1 payload";
const INFO_HEADER = "dsp-encrypt/v1 header mac";

/** Passwords are compared as UTF-8 of their NFC form, so the same typed text opens the file on any OS. */
export function passwordBytes(password: string | Uint8Array): Uint8Array {
  return typeof password === "string" ? new TextEncoder().encode(password.normalize("NFC")) : password;
}

export function passwordKek(password: string | Uint8Array, salt: Uint8Array, s: ScryptParams): Promise<Uint8Array> {
  const N = 2 ** s.log2N;
  // node's default maxmem (32 MiB) is below what N=2^15, r=8 needs (128*N*r = 32 MiB plus overhead).
  const maxmem = 128 * N * s.r * 2 + 2 ** 20;
  return new Promise((resolve, reject) =>
    scrypt(passwordBytes(password), salt, FILE_KEY_BYTES, { N, r: s.r, p: s.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A recipient public key (33-byte compressed or 65-byte uncompressed) as a compressed point; throws InvalidParams. */
export function recipientPoint(publicKey: Uint8Array): Uint8Array {
  try {
    return secp256k1.Point.fromBytes(publicKey).toBytes(true);
  } catch (cause) {
    throw new InvalidParams("recipient public key is not a valid secp256k1 point", { cause });
  }
}

/**
 * ECIES key agreement: KEK = HKDF-SHA256(ikm = x(ECDH), salt = ephemeralPub | recipientPub). Both
 * public keys go into the salt so a KEK is bound to this exact pair (no key-substitution games).
 */
function recipientKekFrom(shared: Uint8Array, ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  const x = shared.subarray(1); // drop the SEC1 prefix byte: the x coordinate is the shared secret
  return new Uint8Array(hkdfSync("sha256", x, concat([ephemeralPublicKey, recipientPublicKey]), INFO_RECIPIENT, FILE_KEY_BYTES));
}

export function recipientKekForEncrypt(recipientPublicKey: Uint8Array): { kek: Uint8Array; ephemeralPublicKey: Uint8Array } {
  const recipient = recipientPoint(recipientPublicKey);
  const eph = secp256k1.keygen();
  const shared = secp256k1.getSharedSecret(eph.secretKey, recipient, true);
  return { kek: recipientKekFrom(shared, eph.publicKey, recipient), ephemeralPublicKey: eph.publicKey };
}

export function recipientKekForDecrypt(privateKey: Uint8Array, ephemeralPublicKey: Uint8Array): Uint8Array | undefined {
  if (!secp256k1.utils.isValidSecretKey(privateKey)) throw new InvalidParams("private key is not a valid secp256k1 secret key");
  let shared: Uint8Array;
  try {
    shared = secp256k1.getSharedSecret(privateKey, ephemeralPublicKey, true);
  } catch {
    return undefined; // the header's ephemeral key is not a point: the caller reports a corrupt header
  }
  return recipientKekFrom(shared, ephemeralPublicKey, secp256k1.getPublicKey(privateKey, true));
}

// Every KEK is fresh per file (new salt or new ephemeral key), so a fixed nonce is never reused under one key.
const WRAP_NONCE = new Uint8Array(12);

export function wrapFileKey(kek: Uint8Array, fileKey: Uint8Array): Uint8Array {
  const c = createCipheriv("aes-256-gcm", kek, WRAP_NONCE);
  return concat([c.update(fileKey), c.final(), c.getAuthTag()]);
}

/** The file key, or undefined when the KEK is wrong (the tag does not verify). */
export function unwrapFileKey(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | undefined {
  const d = createDecipheriv("aes-256-gcm", kek, WRAP_NONCE);
  d.setAuthTag(wrapped.subarray(FILE_KEY_BYTES, FILE_KEY_BYTES + TAG_BYTES));
  const key = d.update(wrapped.subarray(0, FILE_KEY_BYTES));
  try {
    d.final();
    return key;
  } catch {
    return undefined;
  }
}

export function payloadKey(fileKey: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", fileKey, new Uint8Array(0), INFO_PAYLOAD, FILE_KEY_BYTES));
}

export function headerMac(fileKey: Uint8Array, macInput: Uint8Array): Uint8Array {
  const key = new Uint8Array(hkdfSync("sha256", fileKey, new Uint8Array(0), INFO_HEADER, 32));
  return createHmac("sha256", key).update(macInput).digest();
}

export function macMatches(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
