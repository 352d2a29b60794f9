/**
 * A node's challenge for one proving period, derived off-chain exactly as PDPVerifier does
 * (docs/proofs.md, ledger v2: one proof per node per period over its whole proof set):
 *
 * 1. seed = keccak256(abi.encode(blockhash(s), blockhash(s+1), blockhash(s+2), blockhash(s+3), node, period)),
 *    s = the period's seedFrom (PDPVerifier._seed; period is a uint32, padded to a word like any
 *    abi.encode'd integer);
 * 2. positions = PDPMerkle.challengeIndices(seed, totalWeight, challengeCount): stratified over the
 *    total weight (leaves) of the node's sum tree, sorted, fewer than challengeCount when the set has
 *    fewer leaves;
 * 3. each position is located in the sum tree (SumTree.find): the pieces lie one after another in
 *    pieceId order, each as wide as its weight (a piece removed while the set was frozen keeps its
 *    weight until compacted; a freed id has weight 0 and is never hit), giving (pieceId, leafIndex);
 *    the challenge is skipped when the piece is marked removed or its last period is before this one
 *    (PDPVerifier.challengeOf: skip = removed || lastPeriod < period). A piece removed inside a frozen
 *    range is "leaving": still challenged through that period, its lastPeriod capped to it.
 *
 * The proof is then, for each run of consecutive challenges in one piece that is not skipped, that
 * piece's leaves and multiproof (buildProof over the run's leaf indices), concatenated in challenge
 * order (assembleNodeProof / buildNodeProof).
 *
 * (Ledger v1's per-file derivation, challengeSeed and deriveChallenge, is gone with the per-file
 * schedule: nothing proves a single file on its own any more.)
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { buildProof, type PdpTree } from "./merkle.js";
import { InvalidParams } from "../errors/index.js";

/** Block hashes mixed into each seed (PDPVerifier.SEED_BLOCKS). */
export const SEED_BLOCKS = 4;

const U64 = (1n << 64n) - 1n;
const U32 = (1n << 32n) - 1n;

export interface NodeSeedInput {
  /** hashes of blocks seedFrom .. seedFrom+3, 32 bytes each (hex or bytes), in that order */
  blockHashes: readonly (string | Uint8Array)[];
  /** the node's 20-byte address */
  node: string | Uint8Array;
  /** the node's proving period (uint32) */
  period: bigint | number;
}

/** keccak256(abi.encode(bytes32, bytes32, bytes32, bytes32, address, uint32)): six words. */
export function nodeChallengeSeed({ blockHashes, node, period }: NodeSeedInput): Uint8Array {
  if (blockHashes.length !== SEED_BLOCKS) throw new InvalidParams(`a node's seed mixes ${SEED_BLOCKS} block hashes, ${blockHashes.length} given`);
  const words = new Uint8Array(32 * (SEED_BLOCKS + 2));
  blockHashes.forEach((h, i) => words.set(fixed(h, 32, `block hash ${i}`), 32 * i));
  words.set(fixed(node, 20, "node address"), 32 * SEED_BLOCKS + 12);
  const p = whole(period, "period", U32);
  new DataView(words.buffer).setUint32(words.length - 4, Number(p));
  return keccak_256(words);
}

/**
 * The challenged positions in a node's set of `totalWeight` leaves, exactly as
 * PDPMerkle.challengeIndices (one in each of `count` equal slices), in bigint: a set's weight may
 * pass 2^53 leaves.
 */
export function challengePositions(seed: string | Uint8Array, totalWeight: bigint | number, count: number): bigint[] {
  const total = whole(totalWeight, "total weight", U64);
  if (!Number.isInteger(count) || count < 0 || count > 65_535) throw new InvalidParams(`challenge count must be a uint16, got ${count}`);
  const input = new Uint8Array(36);
  input.set(fixed(seed, 32, "seed"));
  const k = BigInt(count);
  const out: bigint[] = [];
  let r = 0n;
  for (let j = 0n; j < k; j++) {
    if ((j & 3n) === 0n) {
      new DataView(input.buffer).setUint32(32, Number(j >> 2n));
      r = toBig(keccak_256(input));
    }
    const start = (j * total) / k;
    const size = ((j + 1n) * total) / k - start;
    if (size > 0n) out.push(start + (((r >> (64n * (j & 3n))) & U64) % size));
  }
  return out;
}

/** One piece of a node's proof set as the verifier keeps it. */
export interface ProofSetPiece {
  pieceId: bigint | number;
  /** the piece's weight in the sum tree: its leafCount (PDPVerifier.pieceOf), or 0 once its weight left the tree (a freed id) */
  weight: bigint | number;
  /**
   * the verifier's own Piece.removed flag: every challenge on the piece is skipped. Not pieceOf's
   * `removed`, which is also true for a piece leaving in a frozen range, still challenged through
   * its (capped) lastPeriod; the verifier sets its own flag only as compact drops the piece, so for a
   * piece read with pieceOf pass false (or leave it out) and let lastPeriod decide.
   */
  removed?: boolean;
  /** the last period the piece is proved in (PDPVerifier.pieceOf; capped to the removal's period for a leaving piece) */
  lastPeriod: bigint | number;
}

/** One challenge located in the set, as PDPVerifier.challengeOf lists it. */
export interface NodeChallenge {
  position: bigint;
  pieceId: bigint;
  leafIndex: bigint;
  /** the piece was removed or is past its last period: no leaf is sent for it */
  skip: boolean;
}

/**
 * Locates sorted `positions` in the sum tree of `pieces` (in ascending pieceId order; ids missing
 * from the list weigh 0), as SumTree.find does: the piece whose range [prefix, prefix + weight) holds
 * the position, never one of weight 0, and the offset in it. `period` decides the skips.
 */
export function locateChallenges(positions: readonly (bigint | number)[], pieces: readonly ProofSetPiece[], period: bigint | number): NodeChallenge[] {
  const p = whole(period, "period", U32);
  const list = pieces.map((x, i) => ({
    pieceId: whole(x.pieceId, `piece ${i} id`, U32),
    weight: whole(x.weight, `piece ${i} weight`, U64),
    lastPeriod: whole(x.lastPeriod, `piece ${i} last period`, U32),
    removed: x.removed === true,
  }));
  for (let i = 1; i < list.length; i++) {
    if (list[i].pieceId <= list[i - 1].pieceId) throw new InvalidParams(`pieces must be in ascending pieceId order: ${list[i].pieceId} after ${list[i - 1].pieceId}`);
  }
  const total = list.reduce((s, x) => s + x.weight, 0n);
  const out: NodeChallenge[] = [];
  let at = 0; // pieces before `at` end at or before `prefix`
  let prefix = 0n;
  let last = -1n;
  for (const raw of positions) {
    const position = whole(raw, "position", U64);
    if (position >= total) throw new InvalidParams(`position ${position} is past the set's total weight ${total}`);
    if (position < last) throw new InvalidParams(`positions must be sorted: ${position} after ${last}`);
    last = position;
    while (position >= prefix + list[at].weight) prefix += list[at++].weight;
    const piece = list[at];
    out.push({ position, pieceId: piece.pieceId, leafIndex: position - prefix, skip: piece.removed || piece.lastPeriod < p });
  }
  return out;
}

export interface NodeChallengeInput extends NodeSeedInput {
  pieces: readonly ProofSetPiece[];
  challengeCount: number;
}

/** The whole derivation: seed, positions over the pieces' total weight, and each located. */
export function deriveNodeChallenges(input: NodeChallengeInput): { seed: Uint8Array; totalWeight: bigint; challenges: NodeChallenge[] } {
  const seed = nodeChallengeSeed(input);
  const totalWeight = input.pieces.reduce((s, x, i) => s + whole(x.weight, `piece ${i} weight`, U64), 0n);
  const positions = challengePositions(seed, totalWeight, input.challengeCount);
  return { seed, totalWeight, challenges: locateChallenges(positions, input.pieces, input.period) };
}

/** A run of consecutive challenges in one piece that is not skipped: one multiproof. */
export interface ProofGroup {
  pieceId: bigint;
  /** leaf indices in the piece, ascending */
  indices: number[];
}

/**
 * The runs of consecutive challenges in the same piece, skipped ones left out, in challenge order:
 * what the proof carries one multiproof for (PDPVerifier._verify groups them the same way).
 */
export function proofGroups(challenges: readonly { pieceId: bigint | number; leafIndex: bigint | number; skip: boolean }[]): ProofGroup[] {
  const groups: ProofGroup[] = [];
  for (let i = 0; i < challenges.length; ) {
    const id = BigInt(challenges[i].pieceId);
    let j = i;
    while (j < challenges.length && BigInt(challenges[j].pieceId) === id) j++;
    if (!challenges[i].skip) {
      const indices = challenges.slice(i, j).map((c) => Number(c.leafIndex));
      for (let k = 1; k < indices.length; k++) {
        if (indices[k] <= indices[k - 1]) throw new InvalidParams(`leaf indices of piece ${id} must ascend: ${indices[k]} after ${indices[k - 1]}`);
      }
      groups.push({ pieceId: id, indices });
    }
    i = j;
  }
  return groups;
}

/** Concatenates per-piece proofs (each buildProof's leaves and siblings) in challenge order: PDPVerifier.prove's two arguments. */
export function assembleNodeProof(parts: readonly { leaves: Uint8Array; proof: Uint8Array }[]): { leaves: Uint8Array; proof: Uint8Array } {
  return { leaves: concat(parts.map((p) => p.leaves)), proof: concat(parts.map((p) => p.proof)) };
}

/** The node's proof for located `challenges`, with `treeOf` giving each challenged piece's PDP tree. */
export function buildNodeProof(
  challenges: readonly { pieceId: bigint | number; leafIndex: bigint | number; skip: boolean }[],
  treeOf: (pieceId: bigint) => PdpTree,
): { leaves: Uint8Array; proof: Uint8Array } {
  return assembleNodeProof(proofGroups(challenges).map((g) => buildProof(treeOf(g.pieceId), g.indices)));
}

// ------------------------------------------------------------------ helpers

function fixed(v: string | Uint8Array, size: number, what: string): Uint8Array {
  const bytes = typeof v === "string" ? Uint8Array.from(Buffer.from(v.replace(/^0x/, ""), "hex")) : v;
  if (bytes.length !== size || (typeof v === "string" && !/^(0x)?[0-9a-fA-F]*$/.test(v))) {
    throw new InvalidParams(`${what} must be ${size} bytes`);
  }
  return bytes;
}

function whole(v: bigint | number, what: string, max: bigint): bigint {
  if (typeof v === "number" && !Number.isSafeInteger(v)) throw new InvalidParams(`${what} must be a whole number, got ${v}`);
  const n = BigInt(v);
  if (n < 0n || n > max) throw new InvalidParams(`${what} must be between 0 and ${max}, got ${n}`);
  return n;
}

function toBig(bytes: Uint8Array): bigint {
  return BigInt("0x" + Buffer.from(bytes).toString("hex"));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
