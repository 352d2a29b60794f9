import { expect } from "chai";
import { KeyPair, dspAddressOf, toHex } from "@dsp/core";
import type { TestChain } from "@dsp/testkit";
import { dealScenarioChain, type DealScenario } from "../test/deals.js";
import { onEachDatabase, type TestDatabase } from "../test/databases.js";
import { dumpTracker } from "../test/dump.js";
import { announcementInput, gqlClient } from "../test/gql.js";
import type { IndexerDb } from "../db/index.js";
import { Syncer } from "../sync/syncer.js";
import { startGraphqlServer } from "../graphql/server.js";
import { MAX_CLOCK_SKEW_MS, MAX_TTL_MS, signAnnouncement, type AnnounceFields, type Announcement } from "@dsp/core";
import { Tracker } from "./tracker.js";

const ANNOUNCE = `mutation($a: AnnouncementInput!) { announce(announcement: $a) { walletAddr hostPort type announcedAt expiresAt } }`;
const PEERS = `query($h: String!, $first: Int) { peers(fileHash: $h, first: $first) { infoHash peers { walletAddr hostPort type announcedAt expiresAt } } }`;
const ENDPOINT = `query($w: String!) { endpoint(walletAddr: $w) { walletAddr hostPort type announcedAt } }`;

describe("SCAN tracker", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let scenario: DealScenario;
  before(async () => ({ chain, scenario } = await dealScenarioChain()));
  after(async () => chain?.stop());

  onEachDatabase((name, factory) => {
    let t: TestDatabase;
    let h: IndexerDb;
    let server: Awaited<ReturnType<typeof startGraphqlServer>>;
    let tracker: Tracker;
    let clock: number;
    let gql: ReturnType<typeof gqlClient>;
    let fileA: string;
    let fileB: string;

    async function serve() {
      tracker = new Tracker({ db: h.db, chainId: chain.deployments.chainId, now: () => clock });
      server = await startGraphqlServer({ db: h.db, chainId: chain.deployments.chainId, tracker });
      gql = gqlClient(server.url);
    }

    before(async () => {
      t = await factory();
      h = await t.open();
      await new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments }).syncTo();
      clock = 1_800_000_000_000;
      await serve();
      [fileA, fileB] = [scenario.a.fileHash, scenario.b.fileHash].map((x) => x.toLowerCase());
    });
    after(async () => {
      await server?.close();
      await h?.close();
      await t?.drop();
    });

    let seed = 0;
    /** A fresh endpoint key each time, so tests do not share replay state. */
    const newKey = () => KeyPair.fromPrivateKey("0x" + (++seed).toString(16).padStart(64, "0").replace(/^0/, name === "SQLite" ? "1" : "2"));
    const announcement = (key: KeyPair, over: Partial<AnnounceFields> = {}) =>
      signAnnouncement(key, { chainId: chain.deployments.chainId, hostAddr: "/ip4/127.0.0.1/tcp/4001", fileHashes: [fileA, fileB], timestamp: clock, ttl: 600_000, ...over });
    const announce = (a: Announcement) => gql(ANNOUNCE, { a: announcementInput(a) });

    it("accepts a signed announcement and serves it as the peers (Torrent) of each file and as the endpoint of the address", async () => {
      const key = newKey();
      const a = announcement(key, { hostAddr: "/ip4/127.0.0.1/tcp/4100" });
      const r = await announce(a);
      expect(r.errors).to.equal(undefined);
      const endpoint = { walletAddr: dspAddressOf(key.publicKey), hostPort: "/ip4/127.0.0.1/tcp/4100", type: 0, announcedAt: String(clock), expiresAt: String(clock + 600_000) };
      expect(r.data.announce).to.deep.equal(endpoint);
      for (const f of [fileA, fileB]) {
        const p = await gql(PEERS, { h: f.toUpperCase().replace("0X", "0x") });
        expect(p.data.peers.infoHash).to.equal(f);
        expect(p.data.peers.peers).to.deep.include(endpoint);
      }
      const e = await gql(ENDPOINT, { w: endpoint.walletAddr });
      expect(e.data.endpoint).to.deep.equal({ walletAddr: endpoint.walletAddr, hostPort: endpoint.hostPort, type: 0, announcedAt: String(clock) });
      const pulled = await gql(`{ announcements(first: 100) { edges { node { walletAddr signature fileHashes timestamp } } } }`);
      expect(pulled.data.announcements.edges.map((x: any) => x.node)).to.deep.include({ walletAddr: a.walletAddr, signature: a.signature, fileHashes: a.fileHashes, timestamp: String(a.timestamp) });
    });

    it("replaces an endpoint's address and files with its newer announcement, and an empty list withdraws it", async () => {
      const key = newKey();
      const wallet = dspAddressOf(key.publicKey);
      const peersOf = async (f: string) => (await gql(PEERS, { h: f })).data.peers.peers.filter((p: any) => p.walletAddr === wallet).map((p: any) => p.hostPort);
      expect((await announce(announcement(key))).errors).to.equal(undefined);
      expect((await announce(announcement(key, { hostAddr: "/ip4/127.0.0.1/tcp/4200", fileHashes: [fileB], timestamp: clock + 1 }))).errors).to.equal(undefined);
      expect(await peersOf(fileA)).to.deep.equal([]);
      expect(await peersOf(fileB)).to.deep.equal(["/ip4/127.0.0.1/tcp/4200"]);
      expect((await announce(announcement(key, { fileHashes: [], timestamp: clock + 2 }))).errors).to.equal(undefined);
      expect(await peersOf(fileB)).to.deep.equal([]);
      expect((await gql(ENDPOINT, { w: wallet })).data.endpoint.hostPort).to.equal("/ip4/127.0.0.1/tcp/4001");
    });

    it("refuses each kind of bad announcement with its code, and changes nothing", async () => {
      const key = newKey();
      const first = announcement(key);
      expect((await announce(first)).errors).to.equal(undefined);
      const other = newKey();
      const otherAddr = dspAddressOf(other.publicKey);
      const tampered = { ...announcement(key, { timestamp: clock + 10 }), hostAddr: "/ip4/10.0.0.1/tcp/1" };
      const cases: [string, Record<string, unknown>, { code: number; reason?: string }][] = [
        ["a replay", announcementInput(first), { code: 40000, reason: "STALE" }],
        ["an older one", announcementInput(announcement(key, { timestamp: clock - 1 })), { code: 40000, reason: "STALE" }],
        ["a bad signature", announcementInput(tampered), { code: 40000, reason: "BAD_SIGNATURE" }],
        ["another key's address", { ...announcementInput(announcement(key, { timestamp: clock + 11 })), walletAddr: otherAddr }, { code: 40010 }],
        ["a malformed address", { ...announcementInput(announcement(key, { timestamp: clock + 12 })), walletAddr: "AXXX" }, { code: 40010 }],
        ["one from the future", announcementInput(announcement(key, { timestamp: clock + MAX_CLOCK_SKEW_MS + 1 })), { code: 40000, reason: "FUTURE" }],
        ["an expired one", announcementInput(announcement(other, { timestamp: clock - 600_000 })), { code: 40000, reason: "EXPIRED" }],
        ["another chain's", announcementInput(announcement(other, { chainId: 1 })), { code: 40000, reason: "WRONG_CHAIN" }],
        ["an unknown file", announcementInput(announcement(other, { fileHashes: [fileA, "0x" + "ee".repeat(32)] })), { code: 50021 }],
        ["a timestamp that is not a number", { ...announcementInput(announcement(other)), timestamp: "soon" }, { code: 40000, reason: "MALFORMED" }],
        ["a host that is not a multiaddr", { ...announcementInput(announcement(other)), hostAddr: "localhost:4001" }, { code: 40000, reason: "MALFORMED" }],
      ];
      const before = await dumpTracker(h.db);
      for (const [what, a, want] of cases) {
        const r = await gql(ANNOUNCE, { a });
        expect(r.data, what).to.equal(null);
        const { code, reason } = r.errors?.[0].extensions ?? {};
        expect({ code, ...(reason ? { reason } : {}) }, what).to.deep.equal(want);
        expect(await dumpTracker(h.db), what).to.deep.equal(before);
      }
      expect((await gql(ENDPOINT, { w: otherAddr })).data.endpoint).to.equal(null);
    });

    it("leaves expired announcements out of peers and endpoint, and prunes them without losing the replay check", async () => {
      const key = newKey();
      const wallet = dspAddressOf(key.publicKey);
      const old = announcement(key, { ttl: MAX_TTL_MS, timestamp: clock - 1000 });
      expect((await announce(old)).errors).to.equal(undefined);
      expect((await announce(announcement(key, { ttl: 20_000 }))).errors).to.equal(undefined);
      const saved = clock;
      try {
        clock += 20_000;
        expect((await gql(PEERS, { h: fileA })).data.peers.peers.map((p: any) => p.walletAddr)).to.not.include(wallet);
        expect((await gql(ENDPOINT, { w: wallet })).data.endpoint).to.equal(null);
        await tracker.prune();
        expect(await h.db.announcedFile.count({ where: { walletAddr: wallet } })).to.equal(0);
        // the first announcement is still within its ttl, but the newer one kept its place
        const replay = await announce(old);
        expect(replay.errors?.[0].extensions?.reason).to.equal("STALE");
        clock = saved + MAX_TTL_MS + MAX_CLOCK_SKEW_MS + 1;
        await tracker.prune();
        expect(await h.db.announcement.count({ where: { walletAddr: wallet } })).to.equal(0);
      } finally {
        clock = saved;
      }
    });

    it("lists peers newest first, at most `first`", async () => {
      const keys = [newKey(), newKey(), newKey()];
      for (const [i, k] of keys.entries()) expect((await announce(announcement(k, { fileHashes: [fileB], timestamp: clock + 100 + i }))).errors).to.equal(undefined);
      const r = await gql(PEERS, { h: fileB, first: 2 });
      expect(r.data.peers.peers.map((p: any) => p.walletAddr)).to.deep.equal([keys[2], keys[1]].map((k) => dspAddressOf(k.publicKey)));
    });

    it("refuses peers of a file the chain never had (50021) and the endpoint of a malformed address (40010)", async () => {
      const p = await gql(PEERS, { h: "0x" + "ab".repeat(32) });
      expect(p.errors?.[0].extensions).to.deep.equal({ code: 50021, codeName: "FILE_NOT_FOUND_FROM_CHAIN" });
      const e = await gql(ENDPOINT, { w: "0x1234" });
      expect(e.errors?.[0].extensions).to.deep.equal({ code: 40010, codeName: "INVALID_WALLET_ADDRESS" });
    });

    it("keeps announcements across a restart", async () => {
      const key = newKey();
      expect((await announce(announcement(key, { hostAddr: "/ip4/127.0.0.1/tcp/4300" }))).errors).to.equal(undefined);
      const before = await dumpTracker(h.db);
      const answer = await gql(PEERS, { h: fileA, first: 100 });
      await server.close();
      await h.close();
      h = await t.open();
      await serve();
      expect(await dumpTracker(h.db)).to.deep.equal(before);
      expect(await gql(PEERS, { h: fileA, first: 100 })).to.deep.equal(answer);
      const replay = await announce(announcement(key, { hostAddr: "/ip4/127.0.0.1/tcp/4300" }));
      expect(replay.errors?.[0].extensions?.reason).to.equal("STALE");
    });

    it("takes a peer server's announcement for files it has not indexed yet once the sync reaches them", async () => {
      const key = newKey();
      const unknown = "0x" + "cd".repeat(32);
      const a = announcement(key, { fileHashes: [fileA, unknown] });
      expect(await tracker.receive(a)).to.equal("pending");
      expect(await tracker.receive(a)).to.equal("known");
      expect(tracker.pendingCount).to.equal(1);
      expect(await tracker.retryPending()).to.equal(0);
      expect(tracker.pendingCount).to.equal(1);
      // the file "arrives" as the sync would write it
      const row = (await h.db.file.findUnique({ where: { fileHash: fileA } }))!;
      await h.db.file.create({ data: { ...row, fileHash: unknown } });
      try {
        expect(await tracker.retryPending()).to.equal(1);
        expect(tracker.pendingCount).to.equal(0);
        expect((await gql(PEERS, { h: unknown })).data.peers.peers.map((p: any) => p.walletAddr)).to.deep.equal([dspAddressOf(key.publicKey)]);
        expect(await tracker.receive(a)).to.equal("known");
      } finally {
        await h.db.announcedFile.deleteMany({ where: { fileHash: unknown } });
        await h.db.file.delete({ where: { fileHash: unknown } });
      }
    });

    it("accepts keys of both curves", async () => {
      const ed = KeyPair.fromPrivateKey("0x" + "7e".repeat(31) + (name === "SQLite" ? "01" : "02"), "ed25519");
      const r = await announce(announcement(ed));
      expect(r.errors).to.equal(undefined);
      expect(r.data.announce.walletAddr).to.equal(dspAddressOf(ed.publicKey));
      expect(toHex(ed.publicKey)).to.equal((await h.db.announcement.findUnique({ where: { walletAddr: dspAddressOf(ed.publicKey) } }))!.publicKey);
    });
  });
});
