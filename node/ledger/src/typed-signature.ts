/**
 * EIP-712 signatures as OpenZeppelin's ECDSA accepts them: 65 bytes r || s || v with s in the
 * lower half of the curve order. Shared by payment channel vouchers and signed SCAN answers.
 */
import { getBytes, hexlify, isHexString, recoverAddress, Signature, SigningKey } from "ethers";
import type { KeyPair } from "@dsp/core";
import { InvalidParams } from "@dsp/core";

/** secp256k1 order / 2: OpenZeppelin's ECDSA refuses a larger s (malleable signatures). */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** Signs a 32-byte digest with a secp256k1 key pair; `what` names the thing signed in errors. */
export function signDigest(key: KeyPair, digest: string, what: string): string {
  if (key.curve !== "secp256k1") throw new InvalidParams(`${what} is signed with a secp256k1 key`);
  const secret = key.exportPrivateKey();
  try {
    return new SigningKey(secret).sign(digest).serialized;
  } finally {
    secret.fill(0);
  }
}

/** The address that signed `digest`; InvalidParams for a malformed or malleable signature. */
export function recoverDigestSigner(digest: string, signature: string, what: string): string {
  if (!isHexString(signature, 65)) throw new InvalidParams(`a ${what} signature is 65 bytes of hex`);
  // Checked before parsing, which would only say "non-canonical".
  if (BigInt(hexlify(getBytes(signature).subarray(32, 64))) > HALF_N) throw new InvalidParams(`malleable ${what} signature (s in the upper half)`);
  let sig: Signature;
  try {
    sig = Signature.from(signature);
  } catch (cause) {
    throw new InvalidParams(`unreadable ${what} signature`, { cause });
  }
  return recoverAddress(digest, sig);
}
