/**
 * Key pairs of the two curves DSP signs with: secp256k1 (the account key, which also gives the
 * EVM address) and Ed25519 (for the SHA512withEdDSA mode).
 *
 * Private keys stay in Uint8Array (strings cannot be wiped and end up in logs and heap dumps).
 * A KeyPair hides its secret from console.log, util.inspect and JSON.stringify; the only way
 * out is exportPrivateKey(), named so that a reviewer sees every place that takes it.
 */
import { inspect } from "node:util";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { InvalidParams } from "../errors/index.js";
import { InvalidKey } from "./errors.js";

export type Curve = "secp256k1" | "ed25519";
export const CURVES: readonly Curve[] = ["secp256k1", "ed25519"];

/** Bytes from a Uint8Array (copied) or a hex string with or without 0x; `what` names it in errors. */
export function parseHex(value: Uint8Array | string, what: string): Uint8Array {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  const digits = value.startsWith("0x") || value.startsWith("0X") ? value.slice(2) : value;
  if (!/^[0-9a-fA-F]*$/.test(digits)) throw new InvalidKey(`${what} is not hex`);
  if (digits.length % 2 !== 0) throw new InvalidKey(`${what} has an odd number of hex digits`);
  return unhex(digits);
}

/** Bytes as 0x and lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return `0x${hex(bytes)}`;
}

/** Bytes as bare lowercase hex, no 0x. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** The bytes of bare hex (no 0x; either case); InvalidParams unless `s` is whole hex digit pairs. */
export function unhex(s: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(s)) throw new InvalidParams(`not bare hex: ${JSON.stringify(s.slice(0, 80))}`);
  return Uint8Array.from(Buffer.from(s, "hex"));
}

export class KeyPair {
  readonly curve: Curve;
  /** secp256k1: the 33-byte compressed SEC1 key; Ed25519: the 32-byte RFC 8032 key. */
  readonly publicKey: Uint8Array;
  #secret: Uint8Array;

  private constructor(curve: Curve, secret: Uint8Array) {
    this.curve = curve;
    this.#secret = secret;
    this.publicKey = curve === "secp256k1" ? secp256k1.getPublicKey(secret, true) : ed25519.getPublicKey(secret);
  }

  /** A new key from the operating system's CSPRNG. */
  static generate(curve: Curve = "secp256k1"): KeyPair {
    assertCurve(curve);
    const secret = curve === "secp256k1" ? secp256k1.utils.randomSecretKey() : ed25519.utils.randomSecretKey();
    return new KeyPair(curve, secret);
  }

  /**
   * The key pair of 32 private key bytes (or their hex). secp256k1 keys must lie in [1, n-1];
   * any 32 bytes are an Ed25519 seed. The input is copied: the caller may wipe its own buffer.
   */
  static fromPrivateKey(privateKey: Uint8Array | string, curve: Curve = "secp256k1"): KeyPair {
    assertCurve(curve);
    const secret = parseHex(privateKey, "private key");
    if (secret.length !== 32) throw new InvalidKey(`a ${curve} private key has 32 bytes, got ${secret.length}`);
    if (curve === "secp256k1" && !secp256k1.utils.isValidSecretKey(secret)) {
      secret.fill(0);
      throw new InvalidKey("secp256k1 private key out of range (must be 1 <= k < n)");
    }
    return new KeyPair(curve, secret);
  }

  /** secp256k1 only: the 65-byte uncompressed SEC1 key (0x04 || x || y). */
  get uncompressedPublicKey(): Uint8Array {
    if (this.curve !== "secp256k1") throw new InvalidKey("Ed25519 keys have no uncompressed form");
    return secp256k1.Point.fromBytes(this.publicKey).toBytes(false);
  }

  /** A copy of the private key. Every call site is a place where key material leaves this object. */
  exportPrivateKey(): Uint8Array {
    return Uint8Array.from(this.#secret);
  }

  /** Zeroes the private key; the pair cannot sign afterwards. */
  wipe(): void {
    this.#secret.fill(0);
  }

  /** Used by signature.ts; not part of the public surface (index.ts does not re-export it). */
  static secretOf(pair: KeyPair): Uint8Array {
    return pair.#secret;
  }

  toJSON(): { curve: Curve; publicKey: string } {
    return { curve: this.curve, publicKey: toHex(this.publicKey) };
  }

  [inspect.custom](): string {
    return `KeyPair { curve: '${this.curve}', publicKey: '${toHex(this.publicKey)}' }`;
  }
}

function assertCurve(curve: string): asserts curve is Curve {
  if (!CURVES.includes(curve as Curve)) throw new InvalidKey(`unknown curve ${JSON.stringify(curve)}`);
}

/**
 * The curve of a public key by its length, with the point checked: 32 bytes is Ed25519; 33
 * (compressed), 65 (0x04 || x || y) or 64 (x || y, the form AccountRegistry.bind takes) is
 * secp256k1. Returns the canonical form: compressed for secp256k1.
 */
export function parsePublicKey(publicKey: Uint8Array | string): { curve: Curve; publicKey: Uint8Array } {
  const bytes = parseHex(publicKey, "public key");
  try {
    if (bytes.length === 32) {
      ed25519.Point.fromBytes(bytes).assertValidity();
      return { curve: "ed25519", publicKey: bytes };
    }
    if (bytes.length === 33 || bytes.length === 65 || bytes.length === 64) {
      const sec1 = bytes.length === 64 ? Uint8Array.of(0x04, ...bytes) : bytes;
      return { curve: "secp256k1", publicKey: secp256k1.Point.fromBytes(sec1).toBytes(true) };
    }
  } catch (cause) {
    throw new InvalidKey(`not a point on the curve of a ${bytes.length}-byte key`, { cause });
  }
  throw new InvalidKey(`public key of ${bytes.length} bytes: expected 32 (Ed25519), 33, 64 or 65 (secp256k1)`);
}

/**
 * The EVM address of a secp256k1 public key: keccak256(x || y)[12:], EIP-55 checksummed (the
 * case of each hex letter is a bit of keccak256 of the lowercase address).
 */
export function evmAddressOf(publicKey: Uint8Array | string): string {
  const key = parsePublicKey(publicKey);
  if (key.curve !== "secp256k1") throw new InvalidKey("an EVM address comes from a secp256k1 key, not Ed25519");
  const xy = secp256k1.Point.fromBytes(key.publicKey).toBytes(false).subarray(1);
  return checksumEvmAddress(bytesToHex(keccak_256(xy).subarray(12)));
}

/** EIP-55 mixed-case form of 40 hex digits. */
function checksumEvmAddress(lowerHex: string): string {
  const hash = bytesToHex(keccak_256(utf8ToBytes(lowerHex)));
  let out = "0x";
  for (let i = 0; i < 40; i++) out += parseInt(hash[i], 16) >= 8 ? lowerHex[i].toUpperCase() : lowerHex[i];
  return out;
}
