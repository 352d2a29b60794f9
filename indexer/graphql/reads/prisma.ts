/** The Reads of index.ts through Prisma: works on every database the indexer supports. */
import type { Db } from "../../db/index.js";
import type { Reads } from "./index.js";

const endpointFields = { walletAddr: true, hostAddr: true, type: true, timestamp: true, ttl: true, expiresAt: true } as const;

export function prismaReads(db: Db): Reads {
  return {
    file: (fileHash) => db.file.findUnique({ where: { fileHash } }),

    async holders(fileHashes, active) {
      const rows = await db.holder.findMany({
        where: { fileHash: { in: fileHashes }, ...(active == null ? {} : { active }) }, orderBy: [{ fileHash: "asc" }, { node: "asc" }],
      });
      const nodes = await db.node.findMany({ where: { address: { in: rows.map((r) => r.node) } }, select: { address: true, hostAddr: true } });
      const host = new Map(nodes.map((n) => [n.address, n.hostAddr]));
      return rows.map((r) => ({ ...r, hostAddr: host.get(r.node) ?? null }));
    },

    async files({ owner, holder, valid, after, take }) {
      const where: Record<string, unknown> = {};
      if (owner !== undefined) where.owner = owner;
      if (valid != null) where.valid = valid;
      if (after !== undefined) where.fileHash = { gt: after };
      if (holder !== undefined) {
        // Page through the node's holdings in hash order, then filter by the file's own fields.
        const held = await db.holder.findMany({ where: { node: holder, active: true }, select: { fileHash: true } });
        where.fileHash = { ...(after !== undefined ? { gt: after } : {}), in: held.map((h) => h.fileHash) };
      }
      return db.file.findMany({ where, orderBy: { fileHash: "asc" }, take });
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
