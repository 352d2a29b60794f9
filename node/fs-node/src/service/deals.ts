/**
 * The live deals of a File Hash (ledger v2: a deal is keyed by (owner, fileHash), so the same bytes
 * may be stored by several owners). Seeding and downloading are about bytes, which the File Hash
 * names: a seeder asks which deals it serves a file under, a downloader which holders have it.
 * Found from the ledger's FileStored events (fileHash is an indexed topic), then each deal's access
 * and slots read from the ledger; no indexer needed.
 */
import { getAddress } from "ethers";
import type { Ledger } from "@dsp/ledger";
import { ledgerError } from "@dsp/ledger";

export interface LiveDeal {
  dealId: string;
  owner: string;
  /** 0 private, 1 public, 2 whitelist */
  privilege: number;
  /** nodes offered a slot (status "offered") or holding it ("active") */
  slots: { node: string; status: "offered" | "active" }[];
}

const OP = { what: "find the deals of a file", code: 50036 };

/** Every live deal whose File Hash is `fileHash`, newest first. */
export async function liveDealsOf(ledger: Ledger, fileHash: string): Promise<LiveDeal[]> {
  const l = ledger.contracts.ledger;
  try {
    const stored = await l.queryFilter(l.filters.FileStored(undefined, fileHash), ledger.deployments.startBlock);
    const ids = [...new Set(stored.reverse().map((e) => String(e.args.dealId).toLowerCase()))];
    const deals = await Promise.all(ids.map(async (dealId): Promise<LiveDeal | undefined> => {
      const [owner, privilege, valid] = await l.accessOf(dealId);
      if (!valid) return undefined;
      const [nodes, slots] = await l.holdersOf(dealId);
      return {
        dealId,
        owner: getAddress(owner),
        privilege: Number(privilege),
        slots: nodes.map((n: string, i: number) => ({ node: getAddress(n), status: slots[i].status === 2n ? ("active" as const) : ("offered" as const) })),
      };
    }));
    return deals.filter((d): d is LiveDeal => d !== undefined);
  } catch (e) {
    throw ledgerError(e, OP, "FileLedger");
  }
}

/** Whether `who` has a slot (offered or active) in the deal. */
export function hasSlot(deal: LiveDeal, who: string, status?: "offered" | "active"): boolean {
  const w = who.toLowerCase();
  return deal.slots.some((s) => s.node.toLowerCase() === w && (status === undefined || s.status === status));
}
