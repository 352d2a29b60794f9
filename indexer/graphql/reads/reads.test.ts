import { expect } from "chai";
import type { Db, IndexerDb } from "../../db/index.js";
import { onEachDatabase, type TestDatabase } from "../../test/databases.js";
import { openReads, prismaReads, sqliteReads, type FilesQuery, type Reads } from "./index.js";

// Keys as the indexer stores them (lowercase hex); their order is what pages follow.
const hex = (c: string, n: number) => "0x" + c.repeat(n);
const [f1, f2, f3, f4, f5] = ["11", "22", "33", "44", "55"].map((c) => hex(c, 32));
const unknownFile = hex("ee", 32);
const [n1, n2, n3, ghost] = ["a1", "a2", "a3", "af"].map((c) => hex(c, 20));
const [o1, o2] = [hex("b1", 20), hex("b2", 20)];
const [w1, w2, w3, w4] = ["dsp1one", "dsp1two", "dsp1three", "dsp1four"];
/** Past 2^53: a reader that goes through a double would change it. */
const HUGE = 2n ** 60n + 7n;
const NOW = 1_300n;

function fileRow(fileHash: string, over: Record<string, unknown> = {}) {
  return { fileHash, storedBlock: 10n, deals: 1, liveDeals: 1, ...over };
}
const files = {
  [f1]: fileRow(f1, { storedBlock: HUGE, deals: 2, liveDeals: 2 }),
  [f2]: fileRow(f2),
  [f3]: fileRow(f3, { deals: 2, liveDeals: 0 }),
  [f4]: fileRow(f4),
  [f5]: fileRow(f5, { storedBlock: 0n }),
};

// dealIds: f1 has two owners' deals (d1 by o1, d1b by o2); d3 was stored twice, both closed.
const [d1, d1b, d2, d3, d4, d5] = ["d1", "db", "d2", "d3", "d4", "d5"].map((c) => hex(c, 32));
function dealRow(dealId: string, seq: number, fileHash: string, owner: string, over: Record<string, unknown> = {}) {
  return {
    dealId, seq, fileHash, owner, fileDesc: `desc of ${dealId.slice(0, 6)}`, privilege: 1, copyNum: 1, storageType: 1, encrypted: false, share: true,
    valid: true, blockNum: "4", blockSize: "262144", realFileSize: "1000000", proveInterval: "20", expiredHeight: "99999999999999999999",
    blockHeight: "40", leafCount: "4", dataRoot: hex("d0", 16), blocksRoot: hex("d1", 32), deposit: "123456789012345678901234567890", dnsUrl: "",
    endReason: null, refund: null, refunded: "0", storedBlock: 10n, endedBlock: null, ...over,
  };
}
const deals = [
  dealRow(d1, 0, f1, o1, { encrypted: true, share: false, privilege: 2, storedBlock: HUGE }),
  dealRow(d1b, 0, f1, o2),
  dealRow(d2, 0, f2, o1),
  dealRow(d3, 0, f3, o1, { valid: false, endReason: "deleted", refund: "5", endedBlock: 20n }),
  dealRow(d3, 1, f3, o1, { valid: false, endReason: "expired", refund: "7", storedBlock: 30n, endedBlock: 40n }),
  dealRow(d4, 0, f4, o2),
  dealRow(d5, 0, f5, o2, { storedBlock: 0n }),
];

function nodeRow(address: string, status: string, registeredAt: bigint) {
  return {
    address, hostAddr: `/ip4/127.0.0.1/tcp/${address.slice(-2)}`, volume: "1000", restVolume: "900", serviceTime: "100", liveFiles: "1",
    status, pledge: "5000", slashed: "0", rewards: "7", claimed: "3", registeredAt, provenPeriods: 3, faultedPeriod: null, period: 4,
    schedulePeriod: 0, scheduleDeadline: "120", weightTotal: "128", pieces: 2,
  };
}
const nodes = { [n1]: nodeRow(n1, "Active", 5n), [n2]: { ...nodeRow(n2, "Active", HUGE), faultedPeriod: 3 }, [n3]: nodeRow(n3, "Quit", 6n) };

function slotRow(dealId: string, seq: number, fileHash: string, node: string, status: string, over: Record<string, unknown> = {}) {
  const accepted = status === "active" || status === "released";
  return {
    dealId, seq, fileHash, node, status, offeredUntil: "70", escrow: "1000", offeredBlock: 10n, replaced: null,
    pieceId: accepted ? 0 : null, firstPeriod: accepted ? 1 : null, lastPeriod: accepted ? 9 : null, rate: accepted ? "100" : null, startCount: accepted ? 0 : null,
    acceptedBlock: accepted ? 12n : null, paid: null, left: null, reason: null, endedBlock: null, ...over,
  };
}
// d1: two active, one recovered from (its slot passed to the ghost, whose node row is missing); n1 is offered o2's deal of the same bytes.
const slots = [
  slotRow(d1, 0, f1, n1, "active"), slotRow(d1, 0, f1, n2, "active", { acceptedBlock: HUGE }),
  slotRow(d1, 0, f1, n3, "released", { reason: "recovered", paid: "100", left: "900", endedBlock: 30n }),
  slotRow(d1, 0, f1, ghost, "active", { replaced: n3, pieceId: 2 }), slotRow(d1b, 0, f1, n1, "offered"),
  slotRow(d2, 0, f2, n1, "active"), slotRow(d3, 0, f3, n1, "released", { reason: "deleted", paid: "10", left: "990", endedBlock: 20n }),
  slotRow(d4, 0, f4, n2, "active"), slotRow(d5, 0, f5, n1, "withdrawn", { reason: "lapsed", endedBlock: 80n }),
];

/** timestamp and expiresAt in ms; NOW = 1,300 lies between them for the live ones. */
function announcementRow(walletAddr: string, timestamp: number, ttl: number, fileHashes: string[]) {
  return {
    walletAddr, chainId: 31337, publicKey: "02" + "ab".repeat(32), hostAddr: `/ip4/127.0.0.1/tcp/${4000 + timestamp}/${walletAddr}`, type: walletAddr === w2 ? 1 : 0,
    fileHashes: JSON.stringify(fileHashes), timestamp: BigInt(timestamp), ttl, expiresAt: BigInt(timestamp + ttl), signature: "0x" + "5".repeat(130),
  };
}
// w2 and w4: one timestamp (ties go by address); w3 expired before NOW; w1 expires exactly at NOW + 700.
const announcements = [announcementRow(w1, 1000, 1000, [f1, f2]), announcementRow(w2, 1500, 1000, [f1]), announcementRow(w3, 500, 500, [f1]), announcementRow(w4, 1500, 1000, [f1, f4])];

async function seed(db: Db) {
  await db.node.createMany({ data: Object.values(nodes) });
  await db.file.createMany({ data: Object.values(files) });
  await db.deal.createMany({ data: deals });
  await db.slot.createMany({ data: slots });
  await db.announcement.createMany({ data: announcements });
  await db.announcedFile.createMany({
    data: announcements.flatMap((a) => (JSON.parse(a.fileHashes) as string[]).map((fileHash) => ({ fileHash, walletAddr: a.walletAddr, timestamp: a.timestamp, expiresAt: a.expiresAt }))),
  });
}

const keys = (rows: { fileHash: string }[]) => rows.map((r) => r.fileHash);
const endpointOf = (a: (typeof announcements)[number]) => ({ walletAddr: a.walletAddr, hostAddr: a.hostAddr, type: a.type, timestamp: a.timestamp, ttl: a.ttl, expiresAt: a.expiresAt });
const ann = (w: string) => announcements.find((a) => a.walletAddr === w)!;

/** The suite every Reads implementation passes, over the rows seed() wrote. */
function readsSuite(impl: string, context: () => { reads: Reads; db: Db }) {
  describe(impl, () => {
    let reads: Reads;
    before(() => ({ reads } = context()));

    it("reads a File Hash and a deal as Prisma maps them: Boolean as boolean, BigInt as bigint (past 2^53 too), Int as number, NULL as null", async () => {
      const got = await reads.file(f1);
      expect(got).to.deep.equal(files[f1]);
      expect(typeof got!.storedBlock).to.equal("bigint");
      expect(await reads.file(unknownFile)).to.equal(null);
      expect(await reads.deal(d1)).to.deep.equal(deals[0]);
      expect(typeof (await reads.deal(d1))!.storedBlock).to.equal("bigint");
      // a dealId stored twice: the newest, or the one asked for
      expect(await reads.deal(d3)).to.deep.equal(deals[4]);
      expect(await reads.deal(d3, 0)).to.deep.equal(deals[3]);
      expect(await reads.deal(d3, 2)).to.equal(null);
      expect(await reads.deal(hex("ee", 32))).to.equal(null);
    });

    it("lists the deals of File Hashes by fileHash, dealId and seq, filtered by live", async () => {
      const want = (fs: string[], live?: boolean) => deals.filter((d) => fs.includes(d.fileHash) && (live === undefined || d.valid === live))
        .sort((a, b) => (a.fileHash + a.dealId + a.seq < b.fileHash + b.dealId + b.seq ? -1 : 1));
      expect(await reads.deals([f1])).to.deep.equal(want([f1]));
      expect((await reads.deals([f1])).map((d) => d.owner)).to.deep.equal([o1, o2]);
      expect(await reads.deals([f3], null)).to.deep.equal(want([f3]));
      expect(await reads.deals([f3], true)).to.deep.equal([]);
      expect(await reads.deals([f5, unknownFile, f3, f1], false)).to.deep.equal(want([f1, f3, f5], false));
      expect(await reads.deals([f5, f3, f1], true)).to.deep.equal(want([f1, f3, f5], true));
      expect(await reads.deals([])).to.deep.equal([]);
    });

    it("lists the slots of deals and the holders of File Hashes, with their node's address, filtered by active", async () => {
      const host = (node: string) => nodes[node]?.hostAddr ?? null;
      const withHost = (rows: typeof slots) => rows.map((x) => ({ ...x, hostAddr: host(x.node) }));
      const order = (...keys: (keyof (typeof slots)[number])[]) => (a: (typeof slots)[number], b: (typeof slots)[number]) => {
        const ka = keys.map((k) => String(a[k]).padStart(4, "0")).join("/");
        const kb = keys.map((k) => String(b[k]).padStart(4, "0")).join("/");
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      };
      expect(await reads.slots([d1])).to.deep.equal(withHost(slots.filter((x) => x.dealId === d1).sort(order("dealId", "seq", "node"))));
      expect(await reads.slots([d5, d1b, unknownFile])).to.deep.equal(withHost(slots.filter((x) => [d1b, d5].includes(x.dealId)).sort(order("dealId", "seq", "node"))));
      expect(await reads.slots([])).to.deep.equal([]);
      const want = (fs: string[], active?: boolean) => withHost(slots
        .filter((x) => fs.includes(x.fileHash) && (active === undefined || (x.status === "active") === active))
        .sort(order("fileHash", "node", "dealId", "seq")));
      expect(await reads.holders([f1])).to.deep.equal(want([f1]));
      expect(await reads.holders([f1], null)).to.deep.equal(want([f1]));
      expect((await reads.holders([f1], true)).map((x) => x.node)).to.deep.equal([n1, n2, ghost]);
      expect((await reads.holders([f1], false)).map((x) => [x.node, x.status])).to.deep.equal([[n1, "offered"], [n3, "released"]]);
      expect((await reads.holders([f1])).find((x) => x.node === ghost)!.hostAddr).to.equal(null);
      expect(await reads.holders([unknownFile])).to.deep.equal([]);
      // several at once, in any order, unknown keys ignored
      expect(await reads.holders([f5, unknownFile, f1, f2])).to.deep.equal(want([f1, f2, f5]));
      expect(await reads.holders([f5, f1, f2], true)).to.deep.equal(want([f1, f2, f5], true));
      expect(await reads.holders([])).to.deep.equal([]);
    });

    it("pages File Hashes in hash order by a deal's owner, by an active holder of that deal, and by a live deal", async () => {
      expect(await reads.files({ take: 10 })).to.deep.equal([f1, f2, f3, f4, f5].map((f) => files[f]));
      expect(keys(await reads.files({ valid: true, take: 10 }))).to.deep.equal([f1, f2, f4, f5]);
      expect(keys(await reads.files({ valid: false, take: 10 }))).to.deep.equal([f3]);
      expect(keys(await reads.files({ owner: o1, valid: null, take: 2 }))).to.deep.equal([f1, f2]);
      expect(keys(await reads.files({ owner: o1, after: f2, take: 2 }))).to.deep.equal([f3]);
      expect(keys(await reads.files({ owner: o1, valid: true, after: f1, take: 2 }))).to.deep.equal([f2]);
      expect(keys(await reads.files({ owner: o1, valid: false, take: 5 }))).to.deep.equal([f3]);
      // o2 stored f1 too (d1b)
      expect(keys(await reads.files({ owner: o2, take: 10 }))).to.deep.equal([f1, f4, f5]);
      // n1 actively holds f1 and f2 (not f3: released, nor f5: withdrawn; its offer of o2's f1 does not count)
      expect(keys(await reads.files({ holder: n1, take: 10 }))).to.deep.equal([f1, f2]);
      expect(keys(await reads.files({ holder: n1, valid: true, take: 10 }))).to.deep.equal([f1, f2]);
      expect(keys(await reads.files({ holder: n1, valid: false, take: 10 }))).to.deep.equal([]);
      expect(keys(await reads.files({ holder: n1, after: f1, take: 1 }))).to.deep.equal([f2]);
      // n2 holds f1 in o1's deal, not in o2's: with owner o2 only f4 is both
      expect(keys(await reads.files({ holder: n2, owner: o2, take: 10 }))).to.deep.equal([f4]);
      expect(keys(await reads.files({ holder: n2, owner: o1, take: 10 }))).to.deep.equal([f1]);
      expect(await reads.files({ holder: n3, take: 10 })).to.deep.equal([]);
      expect(await reads.files({ owner: hex("b9", 20), take: 10 })).to.deep.equal([]);
      expect(await reads.files({ after: f5, take: 10 })).to.deep.equal([]);
    });

    it("reads a node and pages nodes in address order, by status", async () => {
      expect(await reads.node(n2)).to.deep.equal(nodes[n2]);
      expect(typeof (await reads.node(n2))!.registeredAt).to.equal("bigint");
      expect(await reads.node(ghost)).to.equal(null);
      expect(await reads.nodes({ take: 10 })).to.deep.equal([n1, n2, n3].map((n) => nodes[n]));
      expect((await reads.nodes({ take: 2 })).map((n) => n.address)).to.deep.equal([n1, n2]);
      expect((await reads.nodes({ after: n2, take: 2 })).map((n) => n.address)).to.deep.equal([n3]);
      expect((await reads.nodes({ status: "Active", after: n1, take: 10 })).map((n) => n.address)).to.deep.equal([n2]);
      expect(await reads.nodes({ status: "Withdrawn", take: 10 })).to.deep.equal([]);
    });

    it("gives a file's live peers newest first (ties by address), at most take; [] for none, null for a file the chain never had", async () => {
      expect(await reads.peers(f1, NOW, 10)).to.deep.equal([w4, w2, w1].map((w) => endpointOf(ann(w))).sort((a, b) => Number(b.timestamp - a.timestamp) || (a.walletAddr < b.walletAddr ? -1 : 1)));
      expect((await reads.peers(f1, NOW, 2))!.map((e) => e.walletAddr)).to.deep.equal([w4, w2].sort());
      expect((await reads.peers(f1, 0n, 10))!.map((e) => e.walletAddr)).to.include(w3);
      // expiry is strict: at its expiresAt an announcement is gone
      expect((await reads.peers(f2, 2000n, 10))).to.deep.equal([]);
      expect((await reads.peers(f2, 1999n, 10))).to.deep.equal([endpointOf(ann(w1))]);
      expect(await reads.peers(f5, NOW, 10)).to.deep.equal([]);
      expect(await reads.peers(unknownFile, NOW, 10)).to.equal(null);
    });

    it("gives an endpoint while its announcement is live, else null", async () => {
      expect(await reads.endpoint(w2, NOW)).to.deep.equal(endpointOf(ann(w2)));
      expect(await reads.endpoint(w3, NOW)).to.equal(null);
      expect(await reads.endpoint(w3, 999n)).to.deep.equal(endpointOf(ann(w3)));
      expect(await reads.endpoint("dsp1nobody", NOW)).to.equal(null);
    });

    it("sees rows committed after it was opened", async () => {
      const { db } = context();
      const f9 = hex("99", 32);
      await db.file.create({ data: fileRow(f9) });
      try {
        expect(await reads.file(f9)).to.deep.equal(fileRow(f9));
      } finally {
        await db.file.delete({ where: { fileHash: f9 } });
      }
      expect(await reads.file(f9)).to.equal(null);
    });
  });
}

onEachDatabase((name, factory) => {
  let t: TestDatabase;
  let h: IndexerDb;
  let prisma: Reads;
  let prepared: Reads | undefined;
  before(async () => {
    t = await factory();
    h = await t.open();
    await seed(h.db);
    prisma = prismaReads(h.db);
    if (name === "SQLite") prepared = sqliteReads(t.url.slice("file:".length));
  });
  after(async () => {
    await prepared?.close();
    await h?.close();
    await t?.drop();
  });

  readsSuite("Prisma", () => ({ reads: prisma, db: h.db }));
  if (name !== "SQLite") return;
  readsSuite("prepared SQLite statements", () => ({ reads: prepared!, db: h.db }));

  it("gives the same answers as Prisma for every combination of filters", async () => {
    const opt = <T>(...xs: T[]) => [undefined, ...xs];
    const queries: FilesQuery[] = [];
    for (const owner of opt(o1, o2)) for (const holder of opt(n1, n2, n3)) for (const valid of [undefined, null, true, false])
      for (const after of opt(f1, f3)) for (const take of [1, 3]) queries.push({ owner, holder, valid, after, take });
    for (const q of queries) expect(await prepared!.files(q), JSON.stringify(q)).to.deep.equal(await prisma.files(q));
    for (const f of [f1, f2, f3, f4, f5, unknownFile]) {
      for (const active of [undefined, null, true, false]) {
        expect(await prepared!.holders([f], active)).to.deep.equal(await prisma.holders([f], active));
        expect(await prepared!.holders([f, f1, f4], active)).to.deep.equal(await prisma.holders([f, f1, f4], active));
        expect(await prepared!.deals([f, f1, f3], active)).to.deep.equal(await prisma.deals([f, f1, f3], active));
      }
    }
    for (const d of [d1, d1b, d2, d3, d4, d5, unknownFile]) {
      expect(await prepared!.slots([d])).to.deep.equal(await prisma.slots([d]));
      expect(await prepared!.slots([d, d1, d3])).to.deep.equal(await prisma.slots([d, d1, d3]));
      for (const seq of [undefined, 0, 1]) expect(await prepared!.deal(d, seq)).to.deep.equal(await prisma.deal(d, seq));
    }
    for (const f of [f1, f2, f3, f4, f5, unknownFile]) {
      for (const now of [0n, 999n, NOW, 2000n, 9999n]) expect(await prepared!.peers(f, now, 2)).to.deep.equal(await prisma.peers(f, now, 2));
    }
    for (const status of opt("Active", "Quit")) for (const after of opt(n1, n3)) expect(await prepared!.nodes({ status, after, take: 2 })).to.deep.equal(await prisma.nodes({ status, after, take: 2 }));
  });
});

describe("openReads", () => {
  onEachDatabase((name, factory) => {
    it(`uses ${name === "SQLite" ? "prepared statements" : "Prisma"} on ${name}`, async () => {
      const t = await factory();
      const h = await t.open();
      try {
        const reads = openReads(h.db);
        await reads.close();
        // the prepared reader's connection is closed now; Prisma's reads go on (the client is open)
        const after = await reads.file(f1).then(() => "read", () => "closed");
        expect(after).to.equal(name === "SQLite" ? "closed" : "read");
      } finally {
        await h.close();
        await t.drop();
      }
    });
  });
});
