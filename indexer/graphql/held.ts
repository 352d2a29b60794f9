/**
 * Which periods and faults belong to a slot, or to a File Hash: those of a holder while it held it.
 * A node proves all its deals at once, so a period is a deal's when it falls in one of the deal's
 * slots' lives: the slot's periods [firstPeriod, lastPeriod], from the block it was accepted in to
 * the block it was released in.
 */
import type { Db } from "../db/index.js";
import type { SlotRow } from "./reads/index.js";

export type Where = Record<string, unknown>;
const low = (s: string) => s.toLowerCase();

/**
 * The periods (or faults) of a slot's node that fall in the slot's life: its periods
 * [firstPeriod, lastPeriod], from the block it accepted to the block it was released. Null for a
 * slot never accepted.
 */
export function slotLife(x: Pick<SlotRow, "node" | "firstPeriod" | "lastPeriod" | "acceptedBlock" | "endedBlock">): Where | null {
  if (x.acceptedBlock === null || x.firstPeriod === null || x.lastPeriod === null) return null;
  return {
    node: x.node, period: { gte: x.firstPeriod, lte: x.lastPeriod },
    blockNumber: { gte: x.acceptedBlock, ...(x.endedBlock !== null ? { lte: x.endedBlock } : {}) },
  };
}

/** Periods or faults of the holders of a File Hash while they held it (optionally one node's): a filter, or null when nobody ever held it. */
export async function heldBy(db: Db, fileHash: string, node?: string): Promise<Where | null> {
  const slots = await db.slot.findMany({ where: { fileHash: low(fileHash), acceptedBlock: { not: null }, ...(node ? { node: low(node) } : {}) } });
  const lives = slots.map(slotLife).filter((w) => w !== null);
  return lives.length ? { OR: lives } : null;
}

