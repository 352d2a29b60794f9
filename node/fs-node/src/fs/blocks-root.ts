/**
 * The spec's BlocksRoot (FileCommit.blocksRoot): a binary Merkle root over the file's leaf block
 * hashes in file order, shaped like the PDP tree (docs/proofs.md) but with sha256 and 32-byte
 * nodes: leaf node = sha256(0x00 || blockHash), inner = sha256(0x01 || left || right), complete to
 * depth ceil(log2(n)), an empty subtree is 32 zero bytes. Domain separation keeps a leaf from
 * passing for an inner node; position-bound pairing keeps blocks in order. A receiver that holds
 * the list of leaf hashes (GetBlockHashesOfFile) recomputes it and compares it with the ledger.
 */
import { createHash } from "node:crypto";

const ZERO = new Uint8Array(32);

function hash(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash("sha256").update(Uint8Array.of(tag));
  for (const p of parts) h.update(p);
  return h.digest();
}

export function blocksRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  let level = leafHashes.map((h) => hash(0, h));
  if (level.length === 0) return ZERO;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hash(1, level[i], level[i + 1] ?? ZERO));
    level = next;
  }
  return level[0];
}
