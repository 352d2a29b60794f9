/**
 * Reorg support: rolls the database back to a block by replaying the Undo log newest first
 * (each entry holds the rows a key had before its block) and deleting the append-only rows and
 * block hashes above it. Runs in one transaction with the checkpoint move.
 */
import type { Tx } from "../db/index.js";
import { APPEND_MODELS, delegate, undoJson } from "./state.js";

export async function rollbackTo(tx: Tx, chainId: number, ancestor: { number: bigint; hash: string }) {
  const entries = await tx.undo.findMany({ where: { blockNumber: { gt: ancestor.number } }, orderBy: { id: "desc" } });
  for (const u of entries) {
    const d = delegate(tx, u.model);
    await d.deleteMany({ where: undoJson.parse(u.key) });
    const rows = u.before === null ? [] : (undoJson.parse(u.before) as unknown[]);
    if (rows.length) await d.createMany({ data: rows });
  }
  for (const model of APPEND_MODELS) await delegate(tx, model).deleteMany({ where: { blockNumber: { gt: ancestor.number } } });
  await tx.undo.deleteMany({ where: { blockNumber: { gt: ancestor.number } } });
  await tx.block.deleteMany({ where: { chainId, number: { gt: ancestor.number } } });
  await tx.checkpoint.update({ where: { chainId }, data: { blockNumber: ancestor.number, blockHash: ancestor.hash } });
  return entries.length;
}

/** Forgets undo data and block hashes below `keepFrom`: those blocks are final. */
export async function prune(tx: Tx, chainId: number, keepFrom: bigint) {
  await tx.undo.deleteMany({ where: { blockNumber: { lt: keepFrom } } });
  await tx.block.deleteMany({ where: { chainId, number: { lt: keepFrom } } });
}
