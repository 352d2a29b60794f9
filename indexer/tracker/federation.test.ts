import { expect } from "chai";
import { createServer } from "node:net";
import { KeyPair, dspAddressOf } from "../../node/crypto/index.js";
import { sleep } from "../../node/util/sleep.js";
import type { TestChain } from "../test/chain.js";
import { scenarioChain, type ScenarioResult } from "../test/scenario.js";
import { ensurePostgres, postgresFactory, sqliteFactory, type TestDatabase } from "../test/databases.js";
import { dumpTracker } from "../test/dump.js";
import { announcementInput, gqlClient } from "../test/gql.js";
import { startIndexer } from "../index.js";
import { signAnnouncement, type AnnounceFields } from "./announcement.js";
import type { FederationProgress } from "./federation.js";

type Indexer = Awaited<ReturnType<typeof startIndexer>>;

const ANNOUNCE = `mutation($a: AnnouncementInput!) { announce(announcement: $a) { walletAddr } }`;
const ENDPOINT = `query($w: String!) { endpoint(walletAddr: $w) { walletAddr hostPort announcedAt } }`;

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` (bounded) until it returns true; waits, does not time anything. */
async function eventually(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`never happened: ${what}`);
}

describe("several SCAN servers", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let scenario: ScenarioResult;
  const dbs: TestDatabase[] = [];
  const running: Indexer[] = [];
  let a: Indexer;
  let b: Indexer;
  const events: { A: FederationProgress[]; B: FederationProgress[] } = { A: [], B: [] };
  let seed = 0;

  const newKey = () => KeyPair.fromPrivateKey("0x" + (0xfed000 + ++seed).toString(16).padStart(64, "0"));
  const announcement = (key: KeyPair, over: Partial<AnnounceFields> = {}) =>
    signAnnouncement(key, { chainId: chain.deployments.chainId, hostAddr: "/ip4/127.0.0.1/tcp/4001", fileHashes: [scenario.a.fileHash, scenario.b.fileHash], ttl: 600_000, ...over });

  async function start(db: TestDatabase, port: number, peers: string[], name?: keyof typeof events) {
    const indexer = await startIndexer({
      deployments: chain.deployments, rpcUrl: chain.url, databaseUrl: db.url, port, pollIntervalMs: 100, peers, peerPullIntervalMs: 0,
      onFederation: (e) => name && events[name].push(e),
    });
    running.push(indexer);
    const head = String(await chain.head());
    await eventually("the indexer caught up with the chain", async () => (await gqlClient(indexer.url!)(`{ status { blockNumber } }`)).data?.status.blockNumber === head);
    return indexer;
  }

  /** Until no forward is queued or in flight anywhere (a forward may set off another). */
  async function settle() {
    for (let i = 0; i < 10; i++) for (const x of running) await x.federation.settled();
  }

  before(async () => {
    ({ chain, scenario } = await scenarioChain());
    await ensurePostgres();
    dbs.push(await sqliteFactory(), await postgresFactory(), await sqliteFactory());
    const [pa, pb] = [await freePort(), await freePort()];
    const url = (p: number) => `http://127.0.0.1:${p}/graphql`;
    // A on SQLite, B on PostgreSQL, each the other's peer
    a = await start(dbs[0], pa, [url(pb)], "A");
    b = await start(dbs[1], pb, [url(pa)], "B");
  });
  after(async () => {
    for (const x of running) await x.stop();
    for (const d of dbs) await d.drop();
    await chain?.stop();
  });

  it("passes an announcement made to one on to the other, which verifies it and serves it; the echo stops at the first", async () => {
    await settle();
    events.A.length = events.B.length = 0;
    const key = newKey();
    const r = await gqlClient(a.url!)(ANNOUNCE, { a: announcementInput(announcement(key)) });
    expect(r.errors).to.equal(undefined);
    const wallet = dspAddressOf(key.publicKey);
    await eventually("B serves the endpoint", async () => (await gqlClient(b.url!)(ENDPOINT, { w: wallet })).data?.endpoint !== null);
    await settle();
    const forwards = (evs: FederationProgress[]) => evs.filter((e) => e.type === "scan:forwarded").map((e) => (e as { result: unknown }).result);
    // A -> B: accepted; B passes it on to A, which knows it: nothing further
    expect(forwards(events.A)).to.deep.equal([{ accepted: 1, known: 0, pending: 0, rejected: 0 }]);
    expect(forwards(events.B)).to.deep.equal([{ accepted: 0, known: 1, pending: 0, rejected: 0 }]);
    expect(await dumpTracker(b.db)).to.deep.equal(await dumpTracker(a.db));
  });

  it("passes on a newer announcement made to the other, and both refuse the replay of the older", async () => {
    const key = newKey();
    const first = announcement(key, { timestamp: Date.now() - 1000 });
    expect((await gqlClient(b.url!)(ANNOUNCE, { a: announcementInput(first) })).errors).to.equal(undefined);
    const second = announcement(key, { hostAddr: "/ip4/127.0.0.1/tcp/4999", fileHashes: [scenario.b.fileHash] });
    expect((await gqlClient(a.url!)(ANNOUNCE, { a: announcementInput(second) })).errors).to.equal(undefined);
    const wallet = dspAddressOf(key.publicKey);
    for (const x of [a, b]) {
      await eventually("the newer announcement everywhere", async () => (await gqlClient(x.url!)(ENDPOINT, { w: wallet })).data?.endpoint?.hostPort === "/ip4/127.0.0.1/tcp/4999");
    }
    await settle();
    for (const x of [a, b]) {
      const replay = await gqlClient(x.url!)(ANNOUNCE, { a: announcementInput(first) });
      expect(replay.errors?.[0].extensions?.reason).to.equal("STALE");
    }
    expect(await dumpTracker(b.db)).to.deep.equal(await dumpTracker(a.db));
  });

  it("refuses a forged relay and keeps nothing of it", async () => {
    const before = await dumpTracker(b.db);
    const forged = { ...announcementInput(announcement(newKey())), hostAddr: "/ip4/10.6.6.6/tcp/1" };
    const r = await gqlClient(b.url!)(`mutation($a: [AnnouncementInput!]!) { relay(announcements: $a) { accepted known pending rejected } }`, { a: [forged] });
    expect(r.data.relay).to.deep.equal({ accepted: 0, known: 0, pending: 0, rejected: 1 });
    expect(await dumpTracker(b.db)).to.deep.equal(before);
  });

  it("gives the same answers on both servers to files, holders, peers, endpoints, nodes and DNS", async () => {
    await settle();
    const { a: fa, b: fb, actors } = scenario;
    const wallets = (await a.db.announcement.findMany()).map((x) => x.walletAddr);
    expect(wallets.length).to.be.greaterThan(1);
    const queries: [string, Record<string, unknown>][] = [
      [`{ files(valid: null, first: 100) { edges { cursor node { fileHash owner deposit valid holders { node active proofsDone escrow hostAddr } candidates whitelist { addr } } } } }`, {}],
      [`query($h: String!) { holders(fileHash: $h) { node started active replaced hostAddr } proofs(fileHash: $h) { edges { node { node reward blockNumber } } } faults(fileHash: $h) { edges { node { node slashed } } } }`, { h: fa.fileHash }],
      [`query($h: String!) { peers(fileHash: $h, first: 100) { infoHash peers { walletAddr hostPort type announcedAt expiresAt } } }`, { h: fa.fileHash }],
      [`query($h: String!) { peers(fileHash: $h, first: 100) { infoHash peers { walletAddr hostPort type announcedAt expiresAt } } }`, { h: fb.fileHash }],
      [`query($n: String) { files(holder: $n) { edges { node { fileHash } } } }`, { n: actors.nodes[2].address }],
      [`{ nodes(first: 100) { edges { node { address hostAddr volume restVolume status pledge rewards } } } }`, {}],
      [`{ resolve(header: "dsp", url: "hello") { link owner file { fileHash } } }`, {}],
      [`{ announcements(first: 100) { edges { node { walletAddr signature timestamp fileHashes } } } }`, {}],
      ...wallets.map((w): [string, Record<string, unknown>] => [ENDPOINT, { w }]),
    ];
    for (const [q, v] of queries) {
      const [ra, rb] = [await gqlClient(a.url!)(q, v), await gqlClient(b.url!)(q, v)];
      expect(ra.errors, q).to.equal(undefined);
      expect(rb, q).to.deep.equal(ra);
    }
  });

  it("has a server that starts later pull the live announcements from its peer", async () => {
    await settle();
    const c = await start(dbs[2], await freePort(), [a.url!]);
    await eventually("C pulled A's announcements", async () => (await c.db.announcement.count()) === (await a.db.announcement.count()));
    expect(await dumpTracker(c.db)).to.deep.equal(await dumpTracker(a.db));
  });
});
