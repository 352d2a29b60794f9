/** The Reads of index.ts through Prisma: works on every database the indexer supports. */
import type { Db } from "../../db/index.js";
import type { FileRow, Reads, SlotRow, SlotWithHost } from "./index.js";

const endpointFields = { walletAddr: true, hostAddr: true, type: true, timestamp: true, ttl: true, expiresAt: true } as const;

export function prismaReads(db: Db): Reads {
  async function withHost(rows: SlotRow[]): Promise<SlotWithHost[]> {
    const nodes = await db.node.findMany({ where: { address: { in: [...new Set(rows.map((r) => r.node))] } }, select: { address: true, hostAddr: true } });
    const host = new Map(nodes.map((n) => [n.address, n.hostAddr]));
    return rows.map((r) => ({ ...r, hostAddr: host.get(r.node) ?? null }));
  }

  return {
    file: (fileHash) => db.file.findUnique({ where: { fileHash } }),

    deals: (fileHashes, live) => db.deal.findMany({
      where: { fileHash: { in: fileHashes }, ...(live == null ? {} : { valid: live }) },
      orderBy: [{ fileHash: "asc" }, { dealId: "asc" }, { seq: "asc" }],
    }),

    deal: (dealId, seq) => db.deal.findFirst({ where: { dealId, ...(seq === undefined ? {} : { seq }) }, orderBy: { seq: "desc" } }),

    async slots(dealIds) {
      return withHost(await db.slot.findMany({ where: { dealId: { in: dealIds } }, orderBy: [{ dealId: "asc" }, { seq: "asc" }, { node: "asc" }] }));
    },

    async holders(fileHashes, active) {
      const status = active == null ? {} : active ? { status: "active" } : { status: { not: "active" } };
      return withHost(await db.slot.findMany({
        where: { fileHash: { in: fileHashes }, ...status }, orderBy: [{ fileHash: "asc" }, { node: "asc" }, { dealId: "asc" }, { seq: "asc" }],
      }));
    },

    async files({ owner, holder, valid, after, take }) {
      const gt = after !== undefined ? { gt: after } : undefined;
      if (owner === undefined && holder === undefined) {
        const live = valid == null ? {} : valid ? { liveDeals: { gt: 0 } } : { liveDeals: 0 };
        return db.file.findMany({ where: { ...live, ...(gt ? { fileHash: gt } : {}) }, orderBy: { fileHash: "asc" }, take });
      }
      // The matching deals, then their File Hashes in order (the owner's or the holder's index gives them).
      let held: Set<string> | undefined;
      let dealIds: string[] | undefined;
      if (holder !== undefined) {
        const slots = await db.slot.findMany({ where: { node: holder, status: "active", ...(gt ? { fileHash: gt } : {}) }, select: { dealId: true, seq: true } });
        held = new Set(slots.map((x) => `${x.dealId}/${x.seq}`));
        dealIds = [...new Set(slots.map((x) => x.dealId))];
      }
      const deals = await db.deal.findMany({
        where: { ...(owner !== undefined ? { owner } : {}), ...(dealIds ? { dealId: { in: dealIds } } : {}), ...(gt ? { fileHash: gt } : {}) },
        select: { dealId: true, seq: true, fileHash: true, valid: true },
      });
      const live = new Map<string, boolean>();
      for (const d of deals) {
        if (held && !held.has(`${d.dealId}/${d.seq}`)) continue;
        live.set(d.fileHash, (live.get(d.fileHash) ?? false) || d.valid);
      }
      const hashes = [...live].filter(([, l]) => valid == null || l === valid).map(([h]) => h).sort().slice(0, take);
      const rows = await db.file.findMany({ where: { fileHash: { in: hashes } }, orderBy: { fileHash: "asc" } });
      return rows as FileRow[];
    },

    node: (address) => db.node.findUnique({ where: { address } }),

    nodes: ({ status, after, take }) =>
      db.node.findMany({
        where: { ...(status !== undefined ? { status } : {}), ...(after !== undefined ? { address: { gt: after } } : {}) },
        orderBy: { address: "asc" }, take,
      }),

    async peers(fileHash, now, take) {
      if (!(await db.file.findUnique({ where: { fileHash }, select: { fileHash: true } }))) return null;
      const rows = await db.announcedFile.findMany({
        where: { fileHash, expiresAt: { gt: now } }, orderBy: [{ timestamp: "desc" }, { walletAddr: "asc" }], take, select: { walletAddr: true },
      });
      const anns = await db.announcement.findMany({ where: { walletAddr: { in: rows.map((r) => r.walletAddr) } }, select: endpointFields });
      const byWallet = new Map(anns.map((a) => [a.walletAddr, a]));
      return rows.map((r) => byWallet.get(r.walletAddr)!);
    },

    endpoint: (walletAddr, now) => db.announcement.findFirst({ where: { walletAddr, expiresAt: { gt: now } }, select: endpointFields }),

    close: async () => {},
  };
}
