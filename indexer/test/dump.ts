/** The indexed state as plain sorted data, to compare two databases (ids and bookkeeping left out). */
import type { Db } from "../db/index.js";

const DOMAIN = [
  "account", "node", "file", "deal", "slot", "candidate", "piece", "period", "fault", "rewardClaim", "whitelistRule", "userSpace", "dnsHeader", "dnsUrl",
  "channel", "setting", "scanNode", "scanSlash",
] as const;

/** The tracker's tables (announcements are not chain data, so dump leaves them out). */
const TRACKER = ["announcement", "announcedFile"] as const;

export async function dump(db: Db, models: readonly string[] = DOMAIN) {
  const out: Record<string, string[]> = {};
  for (const model of models) {
    const rows = await (db as unknown as Record<string, { findMany(): Promise<Record<string, unknown>[]> }>)[model].findMany();
    out[model] = rows
      .map(({ id: _id, ...r }) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v)))
      .sort();
  }
  return out;
}

export const dumpTracker = (db: Db) => dump(db, TRACKER);
