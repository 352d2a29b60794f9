/**
 * The DSP address: the spec's seven steps (docs/accounts.md), the same recipe that
 * contracts/accounts/AccountRegistry.sol computes with the precompiles.
 *
 *   address_code = public key || 0xAC
 *   dsp20        = ripemd160(sha256(address_code))       (what the chain stores)
 *   payload      = 0x17 || dsp20
 *   address      = base58(payload || sha256(sha256(payload))[0:4])
 *
 * "public key" in step 1 is the 33-byte compressed SEC1 key for secp256k1 (the account key, and
 * what the vectors in test/vectors/accounts.json pin) and the 32-byte RFC 8032 key for Ed25519.
 * The lengths differ, so the two kinds of key can never give the same address_code.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { Base58CharError, decodeBase58, encodeBase58 } from "./base58.js";
import { InvalidWalletAddress } from "./errors.js";
import { parsePublicKey, toHex } from "./keys.js";

export const DSP_ADDRESS_VERSION = 0x17;
export const ADDRESS_CODE_SUFFIX = 0xac;
/** version byte + dsp20 + checksum */
const PAYLOAD_LENGTH = 1 + 20 + 4;
/** 25 bytes starting with 0x17 always take 34 base58 digits; anything much longer is refused before decoding. */
const MAX_TEXT_LENGTH = 64;

/** Steps 1-3: the 20 bytes the chain stores for this key. Accepts any form parsePublicKey does. */
export function dsp20Of(publicKey: Uint8Array | string): Uint8Array {
  const key = parsePublicKey(publicKey).publicKey;
  const addressCode = new Uint8Array(key.length + 1);
  addressCode.set(key);
  addressCode[key.length] = ADDRESS_CODE_SUFFIX;
  return ripemd160(sha256(addressCode));
}

/** Steps 4-7: the address string of 20 address bytes. */
export function encodeDspAddress(dsp20: Uint8Array): string {
  if (dsp20.length !== 20) throw new InvalidWalletAddress(`dsp20 has ${dsp20.length} bytes, expected 20`);
  const payload = new Uint8Array(PAYLOAD_LENGTH);
  payload[0] = DSP_ADDRESS_VERSION;
  payload.set(dsp20, 1);
  payload.set(checksum(payload.subarray(0, 21)), 21);
  return encodeBase58(payload);
}

export function dspAddressOf(publicKey: Uint8Array | string): string {
  return encodeDspAddress(dsp20Of(publicKey));
}

/**
 * The 20 address bytes of an address string. Checks, in order: the base58 alphabet, the
 * decoded length (25 bytes), the version byte 0x17 and the checksum; the error says which failed.
 */
export function decodeDspAddress(address: string): Uint8Array {
  if (typeof address !== "string") throw new InvalidWalletAddress(`expected a string, got ${typeof address}`);
  if (address.length === 0) throw new InvalidWalletAddress("empty string");
  if (address.length > MAX_TEXT_LENGTH) throw new InvalidWalletAddress(`wrong length: ${address.length} characters`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase58(address);
  } catch (e) {
    if (e instanceof Base58CharError) throw new InvalidWalletAddress(`bad base58 character: ${e.message}`);
    throw e;
  }
  if (bytes.length !== PAYLOAD_LENGTH) {
    throw new InvalidWalletAddress(`wrong length: decodes to ${bytes.length} bytes, expected ${PAYLOAD_LENGTH}`);
  }
  if (bytes[0] !== DSP_ADDRESS_VERSION) {
    throw new InvalidWalletAddress(`wrong prefix byte 0x${hexByte(bytes[0])}, expected 0x${hexByte(DSP_ADDRESS_VERSION)}`);
  }
  const expected = checksum(bytes.subarray(0, 21));
  if (!expected.every((b, i) => b === bytes[21 + i])) {
    throw new InvalidWalletAddress(`bad checksum ${toHex(bytes.subarray(21))}, expected ${toHex(expected)}`);
  }
  return bytes.slice(1, 21);
}

export function isDspAddress(address: string): boolean {
  try {
    decodeDspAddress(address);
    return true;
  } catch {
    return false;
  }
}

function checksum(payload: Uint8Array): Uint8Array {
  return sha256(sha256(payload)).subarray(0, 4);
}

function hexByte(b: number): string {
  return b.toString(16).padStart(2, "0");
}
