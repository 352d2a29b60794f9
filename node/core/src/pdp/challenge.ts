/**
 * The challenge of one holder's proof, derived off-chain exactly as PDPVerifier does
 * (docs/proofs.md): seed = keccak256(abi.encode(blockhash(challengeHeight), fileHash, holder,
 * proofIndex)), then PDPMerkle.challengeIndices over the file's leaves. The prover needs only the
 * block hash and the holder's proof context, so it never depends on an eth_call racing the head.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { challengeIndices } from "./merkle.js";
import { InvalidParams } from "../errors/index.js";

export interface ChallengeInput {
  /** hash of the block at the challenge height, 32 bytes (hex or bytes) */
  blockHash: string | Uint8Array;
  fileHash: string | Uint8Array;
  /** the holder's 20-byte address */
  holder: string | Uint8Array;
  /** proofs the holder has already made for this file (ProofContext.proofIndex) */
  proofIndex: bigint | number;
  leafCount: bigint | number;
  challengeCount: bigint | number;
}

/** abi.encode(bytes32, bytes32, address, uint64): four words, the address and index right-aligned. */
export function challengeSeed({ blockHash, fileHash, holder, proofIndex }: Omit<ChallengeInput, "leafCount" | "challengeCount">): Uint8Array {
  const words = new Uint8Array(128);
  words.set(fixed(blockHash, 32, "block hash"), 0);
  words.set(fixed(fileHash, 32, "file hash"), 32);
  words.set(fixed(holder, 20, "holder address"), 64 + 12);
  const index = BigInt(proofIndex);
  if (index < 0n || index >= 1n << 64n) throw new InvalidParams(`proof index ${index} is not a uint64`);
  new DataView(words.buffer).setBigUint64(128 - 8, index);
  return keccak_256(words);
}

/** The seed and the sorted, distinct challenged leaf indices. */
export function deriveChallenge(input: ChallengeInput): { seed: Uint8Array; indices: number[] } {
  const seed = challengeSeed(input);
  return { seed, indices: challengeIndices(seed, Number(input.leafCount), Number(input.challengeCount)) };
}

function fixed(v: string | Uint8Array, size: number, what: string): Uint8Array {
  const bytes = typeof v === "string" ? Uint8Array.from(Buffer.from(v.replace(/^0x/, ""), "hex")) : v;
  if (bytes.length !== size || (typeof v === "string" && !/^(0x)?[0-9a-fA-F]*$/.test(v))) {
    throw new InvalidParams(`${what} must be ${size} bytes`);
  }
  return bytes;
}
