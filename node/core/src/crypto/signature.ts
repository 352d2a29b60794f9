/**
 * The spec's eight signature modes. An encoded signature is one scheme-id byte followed by the
 * signature, so a verifier never guesses the mode:
 *
 *   id | scheme             | key       | signature bytes (after the id)
 *   ---+--------------------+-----------+------------------------------------------------
 *    0 | SHA224withECDSA    | secp256k1 | r || s (32 + 32, big-endian), low s
 *    1 | SHA256withECDSA    | secp256k1 |   "
 *    2 | SHA384withECDSA    | secp256k1 |   "
 *    3 | SHA512withECDSA    | secp256k1 |   "
 *    4 | SHA3-224withECDSA  | secp256k1 |   "
 *    5 | SHA3-256withECDSA  | secp256k1 |   "
 *    8 | RIPEMD160withECDSA | secp256k1 |   "
 *   10 | SHA512withEdDSA    | Ed25519   | R || S (RFC 8032, 64 bytes)
 *
 * The ids are Ontology's SignatureScheme numbers (ontology-crypto), where the spec's list comes
 * from; 6, 7 (SHA3-384/512withECDSA) and 9 (SM3withSM2) are theirs too and are not in the spec,
 * so we reserve them and never reuse them.
 *
 * ECDSA signs the digest of the mode's hash. A digest longer than 32 bytes is truncated to its
 * leftmost 256 bits and a shorter one is read as a smaller number (SEC1 4.1.3 / FIPS 186's
 * bits2int), as every ECDSA library does. The nonce is RFC 6979 with HMAC-SHA256 over that
 * digest (@noble/curves' choice for secp256k1, whatever the message hash), so signatures are
 * deterministic; a verifier does not depend on how k was chosen. High s is refused (as Bitcoin
 * and Ethereum do) so a signature has one valid encoding.
 *
 * Ed25519 hashes with SHA-512 inside the algorithm: it signs the message itself. Verification
 * is RFC 8032's strict form (no ZIP-215 leniency), matching OpenSSL.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha224, sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { sha3_224, sha3_256 } from "@noble/hashes/sha3.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { InvalidKey, MalformedSignature } from "./errors.js";
import { type Curve, KeyPair, parsePublicKey } from "./keys.js";

export const SignatureScheme = {
  SHA224withECDSA: 0,
  SHA256withECDSA: 1,
  SHA384withECDSA: 2,
  SHA512withECDSA: 3,
  "SHA3-224withECDSA": 4,
  "SHA3-256withECDSA": 5,
  RIPEMD160withECDSA: 8,
  SHA512withEdDSA: 10,
} as const;

export type SchemeName = keyof typeof SignatureScheme;
export const SCHEME_NAMES = Object.keys(SignatureScheme) as SchemeName[];

const DIGEST: Record<Exclude<SchemeName, "SHA512withEdDSA">, (m: Uint8Array) => Uint8Array> = {
  SHA224withECDSA: sha224,
  SHA256withECDSA: sha256,
  SHA384withECDSA: sha384,
  SHA512withECDSA: sha512,
  "SHA3-224withECDSA": sha3_224,
  "SHA3-256withECDSA": sha3_256,
  RIPEMD160withECDSA: ripemd160,
};

/** The digest an ECDSA mode signs (before bits2int); EdDSA has none (Ed25519 hashes inside). */
export function ecdsaDigest(scheme: SchemeName, message: Uint8Array): Uint8Array {
  if (scheme === "SHA512withEdDSA") throw new MalformedSignature("SHA512withEdDSA signs the message itself, not a digest");
  return DIGEST[scheme](message);
}

const SCHEME_BY_ID = new Map(SCHEME_NAMES.map((name) => [SignatureScheme[name] as number, name]));
const SIGNATURE_LENGTH = 64;
/** Order of the Ed25519 group: RFC 8032 requires S < L. */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The curve a scheme's key lives on. */
export function curveOf(scheme: SchemeName): Curve {
  return scheme === "SHA512withEdDSA" ? "ed25519" : "secp256k1";
}

export interface ParsedSignature {
  scheme: SchemeName;
  id: number;
  /** The 64 signature bytes after the id. */
  signature: Uint8Array;
}

/**
 * Sign `message` in `scheme` (a name or its id) and return id || signature. The key must be on
 * the scheme's curve. Deterministic: the same key, message and scheme give the same bytes.
 */
export function sign(key: KeyPair, message: Uint8Array, scheme: SchemeName | number = "SHA256withECDSA"): Uint8Array {
  const name = schemeName(scheme);
  if (key.curve !== curveOf(name)) throw new InvalidKey(`${name} needs a ${curveOf(name)} key, got ${key.curve}`);
  const secret = KeyPair.secretOf(key);
  const signature =
    name === "SHA512withEdDSA"
      ? ed25519.sign(message, secret)
      : secp256k1.sign(ecdsaDigest(name, message), secret, { prehash: false, lowS: true, format: "compact", extraEntropy: false });
  const out = new Uint8Array(1 + SIGNATURE_LENGTH);
  out[0] = SignatureScheme[name];
  out.set(signature, 1);
  return out;
}

/**
 * Whether `encoded` (id || signature) is a valid signature of `message` by `publicKey` (any
 * form parsePublicKey accepts). Never throws: garbage, an unknown id, a key on the wrong curve
 * or a high-s ECDSA signature all give false. Use parseSignature to learn what is wrong.
 */
export function verify(publicKey: Uint8Array | string, message: Uint8Array, encoded: Uint8Array): boolean {
  try {
    const { scheme, signature } = parseSignature(encoded);
    const key = parsePublicKey(publicKey);
    if (key.curve !== curveOf(scheme)) return false;
    if (scheme === "SHA512withEdDSA") return ed25519.verify(signature, message, key.publicKey, { zip215: false });
    return secp256k1.verify(signature, ecdsaDigest(scheme, message), key.publicKey, { prehash: false, lowS: true, format: "compact" });
  } catch {
    return false;
  }
}

/** Splits id || signature and checks its shape; throws MalformedSignature saying what is wrong. */
export function parseSignature(encoded: Uint8Array): ParsedSignature {
  if (!(encoded instanceof Uint8Array)) throw new MalformedSignature("expected bytes");
  if (encoded.length === 0) throw new MalformedSignature("empty");
  const id = encoded[0];
  const scheme = SCHEME_BY_ID.get(id);
  if (scheme === undefined) throw new MalformedSignature(`unknown scheme id ${id} (known: ${[...SCHEME_BY_ID.keys()].join(", ")})`);
  const signature = encoded.slice(1);
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new MalformedSignature(`${scheme} signature has ${signature.length} bytes after the scheme id, expected ${SIGNATURE_LENGTH}`);
  }
  if (scheme === "SHA512withEdDSA") {
    if (littleEndian(signature.subarray(32)) >= ED25519_L) throw new MalformedSignature("Ed25519 S is not below the group order");
  } else {
    let parsed;
    try {
      parsed = secp256k1.Signature.fromBytes(signature, "compact");
    } catch (cause) {
      throw new MalformedSignature("ECDSA r or s is outside [1, n-1]", { cause });
    }
    if (parsed.hasHighS()) throw new MalformedSignature("ECDSA s is in the high half (only low-s signatures are accepted)");
  }
  return { scheme, id, signature };
}

export function schemeName(scheme: SchemeName | number): SchemeName {
  if (typeof scheme === "number") {
    const name = SCHEME_BY_ID.get(scheme);
    if (name === undefined) throw new MalformedSignature(`unknown scheme id ${scheme}`);
    return name;
  }
  if (!Object.hasOwn(SignatureScheme, scheme)) throw new MalformedSignature(`unknown scheme ${JSON.stringify(scheme)}`);
  return scheme;
}

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}
