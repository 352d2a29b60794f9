/**
 * Whether a DNS name resolves at a height, decided from the indexed rows exactly as DNSRegistry
 * decides it (its _status): the `resolve` query and the signed DNS_RESOLUTION answers of
 * `attest` both use this, so what a SCAN server says and what the chain checks agree.
 */
import type { Db } from "../db/index.js";

type UrlRow = Awaited<ReturnType<Db["dnsUrl"]["findUniqueOrThrow"]>>;

const ZERO = "0x0000000000000000000000000000000000000000";

/** Why the name `u` does not resolve after block `height`, or null when it does. */
export async function unresolvedReason(db: Db, u: UrlRow | null, height: bigint): Promise<string | null> {
  if (!u || u.deleted) return "no such name";
  const h = await db.dnsHeader.findFirst({ where: { name: u.header } });
  if (!h || h.owner === ZERO) return "header not registered";
  if (h.generation !== u.headerGeneration) return "revoked with its header";
  if (height >= BigInt(h.expiredHeight)) return "header expired";
  if (height >= BigInt(u.expiredHeight)) return "name expired";
  return null;
}
