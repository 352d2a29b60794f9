/**
 * Signed SCAN answers, off-chain: what a SCAN server signs with its account key and what
 * ScanRegistry.challenge checks. EIP-712 typed data
 * `ScanClaim(uint8 kind,bytes32 subject,bytes32 answerHash,uint64 height)` under the domain
 * {name "DSP ScanRegistry", version "1", chainId, verifyingContract: the ScanRegistry}, with
 * answerHash = keccak256(answer) and the answer ABI-encoded by kind:
 *
 * - 1 FILE_OWNER, subject = the deal id (dealIdOf(owner, fileHash), files.ts): abi.encode(address owner),
 *   the zero address for "no such deal" (never stored, or deleted, expired or lost by then).
 * - 2 FILE_HOLDERS, subject = the deal id: abi.encode(address[] holders), strictly ascending: the nodes
 *   that accepted the deal and hold it (FileLedger.holdersSince: active slots only, not open offers).
 * - 3 DNS_RESOLUTION, subject = keccak256(header + "://" + url):
 *   abi.encode(bool resolves, address owner, string link), (false, 0x0, "") when it does not resolve.
 *
 * `height` is the block whose resulting state the answer reflects (what eth_call at that block
 * tag sees). ScanRegistry judges the file kinds with FileLedger.ownerSince(subject) and
 * holdersSince(subject), keyed by the deal id since ledger v2 (a File Hash alone names no deal: two
 * owners may store the same bytes). A name resolves at height h as
 * DNSRegistry.resolve would in block h: record and header exist with the same generation, and
 * h < both expiredHeights. Pure functions, no Hardhat: the indexer signs with them, clients and
 * the CLI verify and challenge with them (docs/scan-registry.md).
 */
import { AbiCoder, getAddress, getBytes, hexlify, isHexString, keccak256, toUtf8Bytes, TypedDataEncoder, ZeroAddress, type SigningKey, type TypedDataDomain } from "ethers";
import type { KeyPair } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import { bytes32, evmAddress, uint } from "./input.js";
import { recoverDigestSigner, signDigest } from "./typed-signature.js";

export const SCAN_DOMAIN_NAME = "DSP ScanRegistry";
export const SCAN_DOMAIN_VERSION = "1";
export const SCAN_CLAIM_TYPES = {
  ScanClaim: [
    { name: "kind", type: "uint8" },
    { name: "subject", type: "bytes32" },
    { name: "answerHash", type: "bytes32" },
    { name: "height", type: "uint64" },
  ],
};

export const CLAIM_KIND = { FILE_OWNER: 1, FILE_HOLDERS: 2, DNS_RESOLUTION: 3 } as const;
export type ClaimKind = (typeof CLAIM_KIND)[keyof typeof CLAIM_KIND];
export const CLAIM_KIND_NAMES: Record<ClaimKind, string> = { 1: "file owner", 2: "file holders", 3: "DNS resolution" };

/** What resolving a name gave: its owner and link, or (false, zero address, "") when it does not resolve. */
export interface DnsResolution {
  resolves: boolean;
  owner: string;
  link: string;
}

/** The answer's value by kind: an owner address, a holder list, a resolution. */
export type AnswerValue<K extends ClaimKind = ClaimKind> = K extends 1 ? string : K extends 2 ? readonly string[] : DnsResolution;

/** The struct ScanRegistry.challenge takes. */
export interface ScanClaim {
  kind: ClaimKind;
  subject: string;
  answerHash: string;
  height: bigint;
}

/** An answer before signing: the claim with its answer bytes instead of their hash. */
export interface ScanAnswer {
  kind: ClaimKind;
  subject: string;
  /** ABI-encoded answer, 0x-hex */
  answer: string;
  height: bigint;
}

/** A signed answer, as a server hands it out and `dsp scan challenge` reads it. */
export interface SignedAnswer extends ScanAnswer {
  /** the SCAN node's account (EVM address) */
  signer: string;
  /** 65 bytes r || s || v, 0x-hex */
  signature: string;
  /** the ScanRegistry the signature is bound to */
  registry: string;
  chainId: bigint;
}

const abi = AbiCoder.defaultAbiCoder();

export function claimKind(value: unknown): ClaimKind {
  const n = Number(value);
  if (n !== 1 && n !== 2 && n !== 3) throw new InvalidParams(`claim kind must be 1 (file owner), 2 (file holders) or 3 (DNS resolution), got ${String(value)}`);
  return n;
}

/** The DNS registry's key of a name, the subject of a DNS_RESOLUTION claim. */
export function dnsNameHash(header: string, url: string): string {
  return keccak256(toUtf8Bytes(`${header}://${url}`));
}

/** Holders sorted ascending as the contract wants them (by value: lowercase hex compares the same way). */
export function sortHolders(holders: readonly string[]): string[] {
  const sorted = holders.map((h) => evmAddress(h, "holder")).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) throw new InvalidParams(`holder ${sorted[i]} is listed twice`);
  return sorted;
}

/** The canonical ABI encoding of an answer (holders are sorted here; a non-resolving name drops owner and link). */
export function encodeAnswer<K extends ClaimKind>(kind: K, value: AnswerValue<K>): string {
  switch (claimKind(kind)) {
    case 1:
      return abi.encode(["address"], [value ? evmAddress(value as string, "file owner") : ZeroAddress]);
    case 2:
      if (!Array.isArray(value)) throw new InvalidParams("a file holders answer is a list of addresses");
      return abi.encode(["address[]"], [sortHolders(value)]);
    case 3: {
      const r = value as DnsResolution;
      if (typeof r !== "object" || r === null || typeof r.resolves !== "boolean") throw new InvalidParams("a DNS answer is { resolves, owner, link }");
      if (!r.resolves) return abi.encode(["bool", "address", "string"], [false, ZeroAddress, ""]);
      if (typeof r.link !== "string") throw new InvalidParams("a DNS answer's link is a string");
      return abi.encode(["bool", "address", "string"], [true, evmAddress(r.owner, "name owner"), r.link]);
    }
  }
}

/** Decodes an answer, refusing anything but the canonical encoding (as the contract does: MalformedAnswer). */
export function decodeAnswer<K extends ClaimKind>(kind: K, answer: string): AnswerValue<K> {
  if (!isHexString(answer)) throw new InvalidParams("an answer is 0x-hex bytes");
  let value: unknown;
  try {
    if (kind === 1) value = getAddress(abi.decode(["address"], answer)[0]);
    else if (kind === 2) value = (abi.decode(["address[]"], answer)[0] as string[]).map((a) => getAddress(a));
    else {
      const [resolves, owner, link] = abi.decode(["bool", "address", "string"], answer);
      value = { resolves, owner: getAddress(owner), link };
    }
  } catch (cause) {
    throw new InvalidParams(`the answer is not an ABI-encoded ${CLAIM_KIND_NAMES[claimKind(kind)]}`, { cause });
  }
  if (encodeAnswer(kind, value as AnswerValue<K>).toLowerCase() !== answer.toLowerCase()) {
    throw new InvalidParams(`the ${CLAIM_KIND_NAMES[kind]} answer is not in canonical form (holders ascending, a non-resolving name with no owner or link)`);
  }
  return value as AnswerValue<K>;
}

export function scanDomain(registry: string, chainId: bigint | number): TypedDataDomain {
  return { name: SCAN_DOMAIN_NAME, version: SCAN_DOMAIN_VERSION, chainId, verifyingContract: evmAddress(registry, "SCAN registry") };
}

/** The claim of an answer: its hash in place of the bytes, every field checked. */
export function toClaim(a: ScanAnswer): ScanClaim {
  if (!isHexString(a.answer)) throw new InvalidParams("an answer is 0x-hex bytes");
  return { kind: claimKind(a.kind), subject: bytes32(a.subject, "claim subject"), answerHash: keccak256(a.answer), height: uint(a.height, "claim height") };
}

/** The digest a SCAN server signs (equal to ScanRegistry.claimDigest). */
export function claimDigest(claim: ScanClaim, registry: string, chainId: bigint | number): string {
  const c = { kind: claimKind(claim.kind), subject: bytes32(claim.subject, "claim subject"), answerHash: bytes32(claim.answerHash, "answer hash"), height: uint(claim.height, "claim height") };
  return TypedDataEncoder.hash(scanDomain(registry, chainId), SCAN_CLAIM_TYPES, c);
}

/** Signs an answer with the SCAN node's secp256k1 account key: a KeyPair, or an ethers Wallet. */
export function signClaim(key: KeyPair | { signingKey: SigningKey }, answer: ScanAnswer, registry: string, chainId: bigint | number): SignedAnswer {
  const claim = toClaim(answer);
  decodeAnswer(claim.kind, answer.answer);
  const digest = claimDigest(claim, registry, chainId);
  const signature = "signingKey" in key ? key.signingKey.sign(digest).serialized : signDigest(key, digest, "a SCAN answer");
  const signer = recoverDigestSigner(digest, signature, "SCAN answer");
  return { kind: claim.kind, subject: claim.subject, answer: hexlify(getBytes(answer.answer)), height: claim.height, signer, signature, registry: evmAddress(registry, "SCAN registry"), chainId: BigInt(chainId) };
}

/** The account that signed `signed` (InvalidParams for a malformed answer or signature). */
export function recoverClaimSigner(signed: SignedAnswer): string {
  return checkClaim(signed).signer;
}

/**
 * Checks that `signed` is well formed, signed by its stated `signer` and, when given, for this
 * registry and chain; InvalidParams (40000) saying which check failed otherwise. Returns the
 * signer, the claim and its EIP-712 digest.
 */
export function checkClaim(signed: SignedAnswer, expect: { registry?: string; chainId?: bigint | number } = {}) {
  if (expect.registry && evmAddress(expect.registry, "SCAN registry") !== evmAddress(signed.registry, "SCAN registry")) {
    throw new InvalidParams(`the answer is signed for registry ${signed.registry}, this chain's is ${expect.registry}`);
  }
  if (expect.chainId !== undefined && BigInt(expect.chainId) !== BigInt(signed.chainId)) {
    throw new InvalidParams(`the answer is signed for chain ${signed.chainId}, this is chain ${expect.chainId}`);
  }
  const claim = toClaim(signed);
  decodeAnswer(claim.kind, signed.answer);
  const digest = claimDigest(claim, signed.registry, signed.chainId);
  const signer = recoverDigestSigner(digest, signed.signature, "SCAN answer");
  return { signer, claim, digest };
}

/** Whether `signed` is well formed and signed by its `signer` (and, if given, for this registry and chain). */
export function verifyClaim(signed: SignedAnswer, expect?: { registry?: string; chainId?: bigint | number }): boolean {
  try {
    return checkClaim(signed, expect).signer === evmAddress(signed.signer, "signer");
  } catch {
    return false;
  }
}

/** A signed answer as JSON (height and chain id as decimal strings). */
export function signedAnswerToJson(s: SignedAnswer) {
  return { kind: s.kind, subject: s.subject, answer: s.answer, height: s.height.toString(), signer: s.signer, signature: s.signature, registry: s.registry, chainId: s.chainId.toString() };
}

/** A signed answer from JSON, every field checked (the signature itself is checked by verifyClaim). */
export function signedAnswerFromJson(json: unknown): SignedAnswer {
  const o = json as Record<string, unknown>;
  const fields = ["kind", "subject", "answer", "height", "signer", "signature", "registry", "chainId"];
  if (typeof o !== "object" || o === null || fields.some((f) => o[f] === undefined)) {
    throw new InvalidParams(`a signed SCAN answer is { ${fields.join(", ")} }`);
  }
  const str = (f: string) => {
    if (typeof o[f] !== "string") throw new InvalidParams(`${f} must be a string`);
    return o[f] as string;
  };
  const num = (f: string, what: string) => {
    if (typeof o[f] !== "string" && typeof o[f] !== "number") throw new InvalidParams(`${what} must be a number or a decimal string`);
    return uint(o[f] as string | number, what);
  };
  const signature = str("signature");
  if (!isHexString(signature, 65)) throw new InvalidParams("a SCAN answer signature is 65 bytes of hex");
  const answer = str("answer");
  if (!isHexString(answer)) throw new InvalidParams("the answer must be 0x-hex bytes");
  return {
    kind: claimKind(o.kind),
    subject: bytes32(str("subject"), "claim subject"),
    answer: answer.toLowerCase(),
    height: num("height", "claim height"),
    signer: evmAddress(str("signer"), "signer"),
    signature: signature.toLowerCase(),
    registry: evmAddress(str("registry"), "SCAN registry"),
    chainId: num("chainId", "chain id"),
  };
}
