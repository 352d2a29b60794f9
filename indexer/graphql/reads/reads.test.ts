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

function fileRow(fileHash: string, owner: string, over: Record<string, unknown> = {}) {
  return {
    fileHash, owner, fileDesc: `desc of ${fileHash.slice(0, 6)}`, privilege: 1, copyNum: 3, storageType: 0, encrypted: false, share: true,
    valid: true, blockNum: "4", blockSize: "262144", realFileSize: "1000000", proveInterval: "10", proveTimes: "100", challengeCount: 2,
    proofWindow: 5, expiredHeight: "99999999999999999999", blockHeight: "40", leafCount: "4", dataRoot: hex("d0", 32), blocksRoot: hex("d1", 32),
    deposit: "123456789012345678901234567890", dnsUrl: "", endReason: null, refund: null, underReplicated: false, storedBlock: 10n, ...over,
  };
}
const files = {
  [f1]: fileRow(f1, o1, { encrypted: true, share: false, privilege: 7, storedBlock: HUGE }),
  [f2]: fileRow(f2, o1, { underReplicated: true }),
  [f3]: fileRow(f3, o1, { valid: false, endReason: "deleted", refund: "5" }),
  [f4]: fileRow(f4, o2),
  [f5]: fileRow(f5, o2, { storedBlock: 0n }),
};

function nodeRow(address: string, status: string, registeredAt: bigint) {
  return {
    address, hostAddr: `/ip4/127.0.0.1/tcp/${address.slice(-2)}`, volume: "1000", restVolume: "900", serviceTime: "100", liveFiles: "1",
    status, pledge: "5000", slashed: "0", rewards: "7", claimed: "3", registeredAt,
  };
}
const nodes = { [n1]: nodeRow(n1, "Active", 5n), [n2]: nodeRow(n2, "Active", HUGE), [n3]: nodeRow(n3, "Quit", 6n) };

function holderRow(fileHash: string, node: string, active: boolean, over: Record<string, unknown> = {}) {
  return {
    fileHash, node, started: active, active, proofsDone: "1", proofsLeft: "9", escrow: active ? "100" : "0", nextChallenge: "50",
    replaced: null, assignedBlock: 12n, ...over,
  };
}
// f1: two active, one that faulted, one whose node row is missing; f3 (deleted) still lists n1 as active.
const holders = [
  holderRow(f1, n1, true), holderRow(f1, n2, true, { assignedBlock: HUGE }), holderRow(f1, n3, false, { started: true }),
  holderRow(f1, ghost, true, { replaced: n3 }), holderRow(f2, n1, true), holderRow(f3, n1, true), holderRow(f4, n2, true), holderRow(f5, n1, false),
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
  await db.holder.createMany({ data: holders });
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

    it("reads a file as Prisma maps it: Boolean as boolean, BigInt as bigint (past 2^53 too), Int as number, NULL as null", async () => {
      const got = await reads.file(f1);
      expect(got).to.deep.equal(files[f1]);
      expect(typeof got!.storedBlock).to.equal("bigint");
      expect(await reads.file(f3)).to.deep.equal(files[f3]);
      expect(await reads.file(unknownFile)).to.equal(null);
    });

    it("lists the holders of files by file then node, with their node's address, filtered by active", async () => {
      const host = (node: string) => nodes[node]?.hostAddr ?? null;
      const want = (fs: string[], active?: boolean) => holders
        .filter((h) => fs.includes(h.fileHash) && (active === undefined || h.active === active))
        .map((h) => ({ ...h, hostAddr: host(h.node) }))
        .sort((a, b) => (a.fileHash + a.node < b.fileHash + b.node ? -1 : 1));
      expect(await reads.holders([f1])).to.deep.equal(want([f1]));
      expect(await reads.holders([f1], null)).to.deep.equal(want([f1]));
      expect(await reads.holders([f1], true)).to.deep.equal(want([f1], true));
      expect(await reads.holders([f1], false)).to.deep.equal(want([f1], false));
      expect((await reads.holders([f1])).find((h) => h.node === ghost)!.hostAddr).to.equal(null);
      expect(await reads.holders([unknownFile])).to.deep.equal([]);
      // several at once, in any order, unknown keys ignored
      expect(await reads.holders([f5, unknownFile, f1, f2])).to.deep.equal(want([f1, f2, f5]));
      expect(await reads.holders([f5, f1, f2], true)).to.deep.equal(want([f1, f2, f5], true));
      expect(await reads.holders([])).to.deep.equal([]);
    });

    it("pages files in hash order by owner, by active holder and by validity", async () => {
      expect(await reads.files({ take: 10 })).to.deep.equal([f1, f2, f3, f4, f5].map((f) => files[f]));
      expect(keys(await reads.files({ valid: true, take: 10 }))).to.deep.equal([f1, f2, f4, f5]);
      expect(keys(await reads.files({ valid: false, take: 10 }))).to.deep.equal([f3]);
      expect(keys(await reads.files({ owner: o1, valid: null, take: 2 }))).to.deep.equal([f1, f2]);
      expect(keys(await reads.files({ owner: o1, after: f2, take: 2 }))).to.deep.equal([f3]);
      expect(keys(await reads.files({ owner: o1, valid: true, after: f1, take: 2 }))).to.deep.equal([f2]);
      // n1 actively holds f1, f2, f3 (not f5: inactive); n3 holds nothing actively
      expect(keys(await reads.files({ holder: n1, take: 10 }))).to.deep.equal([f1, f2, f3]);
      expect(keys(await reads.files({ holder: n1, valid: true, take: 10 }))).to.deep.equal([f1, f2]);
      expect(keys(await reads.files({ holder: n1, after: f1, take: 1 }))).to.deep.equal([f2]);
      expect(keys(await reads.files({ holder: n2, owner: o2, take: 10 }))).to.deep.equal([f4]);
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
      await db.file.create({ data: fileRow(f9, hex("b9", 20)) });
      try {
        expect(await reads.file(f9)).to.deep.equal(fileRow(f9, hex("b9", 20)));
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
      }
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
