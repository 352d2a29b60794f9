import { expect } from "chai";
import { keccak256 } from "ethers";
import { KeyPair, dspAddressOf, evmAddressOf } from "@dsp/core";
import { CLAIM_KIND, encodeAnswer, signClaim } from "@dsp/ledger";
import { RemoteRefused } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import { startHost } from "@dsp/p2p/testing";
import { multiaddr } from "@multiformats/multiaddr";
import type { TestChain } from "@dsp/testkit";
import { until } from "@dsp/testkit";
import { dealScenarioChain, type DealScenario } from "../test/deals.js";
import { ensurePostgres, postgresFactory, sqliteFactory, type TestDatabase } from "../test/databases.js";
import { dumpTracker } from "../test/dump.js";
import { announcementInput, gqlClient } from "../test/gql.js";
import { caught } from "../test/caught.js";
import { startIndexer } from "../index.js";
import { signAnnouncement, type AnnounceFields } from "@dsp/core";
import { ScanPeerRefused } from "./errors.js";
import { toWire } from "./wire.js";
import type { ScanFederation, ScanProgress } from "./index.js";
import type { GqlResult } from "../test/gql.js";

interface Server {
  name: string;
  /** dev account */
  i: number;
  key: KeyPair;
  evm: string;
  indexer: Awaited<ReturnType<typeof startIndexer>>;
  events: ScanProgress[];
  gql: (query: string, variables?: Record<string, unknown>) => Promise<GqlResult>;
  scan: ScanFederation;
}

const E18 = 10n ** 18n;
const PLEDGE = 500n * E18;
const ANNOUNCE = `mutation($a: AnnouncementInput!) { announce(announcement: $a) { walletAddr } }`;
const ENDPOINT = `query($w: String!) { endpoint(walletAddr: $w) { walletAddr hostPort announcedAt } }`;

/** Polls `check` every 50 ms (for 60 s at most) until it returns true; waits, does not time anything. */
const eventually = (what: string, check: () => Promise<boolean> | boolean) => until(check, { ms: 60_000, every: 50, what });

/**
 * SCAN servers on loopback with one hardhat chain: A (SQLite) and B (PostgreSQL) register in the
 * ScanRegistry, C (SQLite) does not; D registers later. The scenario's own two SCAN servers are
 * registered at addresses where nobody listens: dialing them fails, which changes nothing here.
 */
/** Short, so the lurker test is quick; members complete the handshake well inside it on loopback. */
const HANDSHAKE_DEADLINE = 3_000;

describe("SCAN federation between registered servers", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let scenario: DealScenario;
  const dbs: TestDatabase[] = [];
  const servers: Server[] = [];
  let A: Server;
  let B: Server;
  let C: Server;
  let seed = 0;

  const newKey = () => KeyPair.fromPrivateKey("0x" + (0x5ca000 + ++seed).toString(16).padStart(64, "0"));
  const announcement = (key: KeyPair, over: Partial<AnnounceFields> = {}) =>
    signAnnouncement(key, { chainId: chain.deployments.chainId, hostAddr: "/ip4/127.0.0.1/tcp/4001", fileHashes: [scenario.a.fileHash, scenario.b.fileHash], ttl: 600_000, ...over });

  /** A SCAN server with dev account `i`. */
  async function start(name: string, db: TestDatabase, i: number): Promise<Server> {
    const key = KeyPair.fromPrivateKey(chain.wallet(i).privateKey);
    const events: ScanProgress[] = [];
    const indexer = await startIndexer({
      deployments: chain.deployments, rpcUrl: chain.url, databaseUrl: db.url, port: 0, pollIntervalMs: 100, account: key,
      memberRefreshMs: 0, peerPullIntervalMs: 0, scanHandshakeDeadlineMs: HANDSHAKE_DEADLINE, onFederation: (e) => events.push(e),
    });
    const s: Server = { name, i, key, evm: evmAddressOf(key.publicKey).toLowerCase(), indexer, events, gql: gqlClient(indexer.url!), scan: indexer.scan! };
    servers.push(s);
    const head = String(await chain.head());
    await eventually(`${name} caught up with the chain`, async () => (await s.gql(`{ status { blockNumber } }`)).data?.status.blockNumber === head);
    return s;
  }

  /** Registers the server in the ScanRegistry at its libp2p address. */
  async function register(s: Server) {
    const signer = chain.signer(s.i);
    const c = scenario.actors.as(signer);
    await (await scenario.actors.as(scenario.actors.admin).token.mint(signer.address, PLEDGE)).wait();
    await (await c.token.approve(await c.scanRegistry.getAddress(), PLEDGE)).wait();
    await (await c.scanRegistry.register(s.scan.multiaddrs[0], PLEDGE)).wait();
  }

  const memberEvms = (s: Server) => s.scan.members.list().map((m) => m.evm).sort();
  const ofType = <T extends ScanProgress["type"]>(s: Server, type: T) => s.events.filter((e) => e.type === type) as Extract<ScanProgress, { type: T }>[];

  /** Until no push is queued or in flight anywhere (a push may set off another). */
  async function settle() {
    for (let i = 0; i < 10; i++) for (const s of servers) await s.scan.exchange.settled();
  }

  before(async () => {
    ({ chain, scenario } = await dealScenarioChain());
    await ensurePostgres();
    dbs.push(await sqliteFactory(), await postgresFactory(), await sqliteFactory(), await sqliteFactory());
    A = await start("A", dbs[0], 8);
    B = await start("B", dbs[1], 9);
    C = await start("C", dbs[2], 10);
    await register(A);
    await register(B);
  });
  after(async () => {
    for (const s of servers) await s.indexer.stop();
    for (const d of dbs) await d.drop();
    await chain?.stop();
  });

  it("authenticates the two members to each other and has both refuse the unregistered third with 55057", async () => {
    await eventually("A and B are each other's members", () => memberEvms(A).includes(B.evm) && memberEvms(B).includes(A.evm));
    expect(memberEvms(A)).to.deep.equal([B.evm]);
    expect(memberEvms(B)).to.deep.equal([A.evm]);
    // C found both in the registry, dialed them and was told why it is refused
    await eventually("A and B refused C", () => new Set(ofType(C, "scan:refused-by").map((e) => e.evm)).size === 2);
    for (const e of ofType(C, "scan:refused-by")) {
      expect([e.code, ScanPeerRefused.reasonOf(e.message)]).to.deep.equal([55057, "NOT_REGISTERED"]);
    }
    for (const s of [A, B]) {
      const refused = ofType(s, "scan:refused").filter((e) => e.peer === C.scan.host.peerId.toString());
      expect(refused.length, s.name).to.be.greaterThan(0);
      expect(refused.every((e) => e.code === 55057 && e.reason === "NOT_REGISTERED"), s.name).to.equal(true);
    }
    expect(C.scan.members.list()).to.deep.equal([]);
    await eventually("C's refused connections are closed", () => C.scan.host.peers().length === 0);
  });

  it("passes an announcement made to one member on to the other, which verifies it and serves it; the echo stops at the first", async () => {
    await settle();
    const forwards = (s: Server) => ofType(s, "scan:forwarded").map((e) => e.result);
    const [fa, fb] = [forwards(A).length, forwards(B).length];
    const key = newKey();
    expect((await A.gql(ANNOUNCE, { a: announcementInput(announcement(key)) })).errors).to.equal(undefined);
    const wallet = dspAddressOf(key.publicKey);
    await eventually("B serves the endpoint", async () => (await B.gql(ENDPOINT, { w: wallet })).data?.endpoint !== null);
    await settle();
    // A -> B: accepted; B passes it on to A, which knows it: nothing further
    expect(forwards(A).slice(fa)).to.deep.equal([{ accepted: 1, known: 0, pending: 0, rejected: 0 }]);
    expect(forwards(B).slice(fb)).to.deep.equal([{ accepted: 0, known: 1, pending: 0, rejected: 0 }]);
    expect(await dumpTracker(B.indexer.db)).to.deep.equal(await dumpTracker(A.indexer.db));
  });

  it("passes on a newer announcement made to the other member, and both refuse the replay of the older", async () => {
    const key = newKey();
    const first = announcement(key, { timestamp: Date.now() - 1000 });
    expect((await B.gql(ANNOUNCE, { a: announcementInput(first) })).errors).to.equal(undefined);
    const second = announcement(key, { hostAddr: "/ip4/127.0.0.1/tcp/4999", fileHashes: [scenario.b.fileHash] });
    expect((await A.gql(ANNOUNCE, { a: announcementInput(second) })).errors).to.equal(undefined);
    const wallet = dspAddressOf(key.publicKey);
    for (const s of [A, B]) {
      await eventually(`the newer announcement on ${s.name}`, async () => (await s.gql(ENDPOINT, { w: wallet })).data?.endpoint?.hostPort === "/ip4/127.0.0.1/tcp/4999");
    }
    await settle();
    for (const s of [A, B]) expect((await s.gql(ANNOUNCE, { a: announcementInput(first) })).errors?.[0].extensions?.reason).to.equal("STALE");
    expect(await dumpTracker(B.indexer.db)).to.deep.equal(await dumpTracker(A.indexer.db));
  });

  it("drops forged announcements a member pushes, refuses an oversized push, and changes nothing", async () => {
    await settle();
    const before = await dumpTracker(B.indexer.db);
    const key = newKey();
    const moved = { ...announcement(key), hostAddr: "/ip4/10.6.6.6/tcp/1" }; // changed after signing
    const other = announcement(newKey(), { hostAddr: "/ip4/127.0.0.1/tcp/4100" });
    const borrowed = { ...announcement(key, { hostAddr: "/ip4/127.0.0.1/tcp/4100" }), signature: other.signature }; // another endpoint's signature
    const b = A.scan.members.list().find((m) => m.evm === B.evm)!;
    expect(await A.scan.exchange.push(b, [moved, borrowed])).to.deep.equal({ accepted: 0, known: 0, pending: 0, rejected: 2 });
    expect(await dumpTracker(B.indexer.db)).to.deep.equal(before);
    expect((await B.gql(ENDPOINT, { w: dspAddressOf(key.publicKey) })).data.endpoint).to.equal(null);
    const received = ofType(B, "scan:received").at(-1)!;
    expect([received.evm, received.result.rejected]).to.deep.equal([A.evm, 2]);
    // more than a push may carry: refused whole with 40000, even the genuine ones
    const many = Array.from({ length: 101 }, () => toWire(announcement(newKey())));
    const err = await caught(() => A.scan.host.request(b.peer, Opcode.ScanPush, { announcements: many }));
    expect([(err as RemoteRefused).code, (err as RemoteRefused).shortMessage]).to.deep.equal([40000, "peer refused: 101 announcements in one push, at most 100"]);
    expect(await dumpTracker(B.indexer.db)).to.deep.equal(before);
  });

  it("refuses a push and a pull from a peer that skipped the handshake, with 55057, and keeps nothing of it", async () => {
    await settle();
    const before = await dumpTracker(A.indexer.db);
    const genuine = announcement(newKey());
    for (const [opcode, message] of [[Opcode.ScanPush, { announcements: [toWire(genuine)] }], [Opcode.ScanPull, { after: "", first: 10 }]] as [typeof Opcode.ScanPush | typeof Opcode.ScanPull, object][]) {
      const peer = await C.scan.host.connect(A.scan.multiaddrs[0]);
      const err = await caught(() => C.scan.host.request(peer, opcode, message));
      expect(err).to.be.instanceOf(RemoteRefused);
      expect([(err as RemoteRefused).code, ScanPeerRefused.reasonOf((err as RemoteRefused).shortMessage)]).to.deep.equal([55057, "NOT_AUTHENTICATED"]);
      await eventually("A closed the connection", () => C.scan.host.peers().length === 0);
    }
    expect(await dumpTracker(A.indexer.db)).to.deep.equal(before);
    // and the unregistered server never received a record
    expect(await dumpTracker(C.indexer.db)).to.deep.equal({ announcement: [], announcedFile: [] });
    expect(ofType(C, "scan:received").length + ofType(C, "scan:pulled").length).to.equal(0);
  });

  it("cuts off a peer that connects and never does the handshake, after the deadline, and keeps its members", async () => {
    const before = memberEvms(A);
    const lurker = await startHost({ account: newKey() });
    try {
      // a bare libp2p connection: not even a DSP stream is opened
      await lurker.libp2p.dial(multiaddr(A.scan.multiaddrs[0]));
      expect(lurker.libp2p.getConnections().length).to.equal(1);
      await eventually("A hung up on the lurker", () => lurker.libp2p.getConnections().length === 0);
      const refused = ofType(A, "scan:refused").filter((e) => e.peer === lurker.peerId.toString());
      expect(refused.map((e) => [e.code, e.reason])).to.deep.equal([[55057, "NOT_AUTHENTICATED"]]);
      expect(memberEvms(A)).to.deep.equal(before);
    } finally {
      await lurker.stop();
    }
  });

  it("gives the same answers on both members to files, holders, peers, endpoints, nodes, SCAN nodes and DNS", async () => {
    await settle();
    const { a: fa, b: fb, actors } = scenario;
    const wallets = (await A.indexer.db.announcement.findMany()).map((x) => x.walletAddr);
    expect(wallets.length).to.be.greaterThan(1);
    const queries: [string, Record<string, unknown>][] = [
      [`{ files(valid: null, first: 50) { edges { cursor node { fileHash valid owners holders { node active escrow paid hostAddr } candidates deals { dealId owner deposit whitelist { addr } } } } } }`, {}],
      [`query($h: String!) { holders(fileHash: $h, active: null) { dealId node status reason active replaced hostAddr } proofs(fileHash: $h) { edges { node { node period reward blockNumber } } } faults(fileHash: $h) { edges { node { node slashed } } } }`, { h: fa.fileHash }],
      [`query($d: String!) { deal(id: $d) { owner slots { node status rate periodsProven } } }`, { d: fa.dealId }],
      [`query($n: String!) { node(address: $n) { rate provenPeriods faultedPeriod proofSet { total live pieceCount } periods { edges { node { period proven } } } deals { edges { node { dealId status } } } } }`, { n: actors.nodes[1].address }],
      [`query($h: String!) { peers(fileHash: $h, first: 100) { infoHash peers { walletAddr hostPort type announcedAt expiresAt } } }`, { h: fa.fileHash }],
      [`query($h: String!) { peers(fileHash: $h, first: 100) { infoHash peers { walletAddr hostPort type announcedAt expiresAt } } }`, { h: fb.fileHash }],
      [`query($n: String) { files(holder: $n) { edges { node { fileHash } } } }`, { n: actors.nodes[2].address }],
      [`{ nodes(first: 100) { edges { node { address hostAddr volume restVolume status pledge rewards } } } }`, {}],
      [`{ scanNodes(first: 100) { edges { node { address hostAddr pledge status registeredAt } } } }`, {}],
      [`{ resolve(header: "dsp", url: "hello") { link owner file { fileHash } } }`, {}],
      [`{ announcements(first: 100) { edges { node { walletAddr signature timestamp fileHashes } } } }`, {}],
      ...wallets.map((w): [string, Record<string, unknown>] => [ENDPOINT, { w }]),
    ];
    for (const [q, v] of queries) {
      const [ra, rb] = [await A.gql(q, v), await B.gql(q, v)];
      expect(ra.errors, q).to.equal(undefined);
      expect(rb, q).to.deep.equal(ra);
    }
  });

  it("has a member that registers later authenticate with the others and pull their live announcements", async () => {
    await settle();
    const D = await start("D", dbs[3], 11);
    await register(D);
    await eventually("D is everyone's member", () => memberEvms(D).length === 2 && memberEvms(A).includes(D.evm) && memberEvms(B).includes(D.evm));
    await eventually("D pulled the announcements", async () => (await D.indexer.db.announcement.count()) === (await A.indexer.db.announcement.count()));
    await settle();
    expect(await dumpTracker(D.indexer.db)).to.deep.equal(await dumpTracker(A.indexer.db));
  });

  it("has each member sign true answers (on SQLite and PostgreSQL alike) that cannot be challenged (ClaimIsTrue)", async () => {
    const challenger = scenario.actors.as(scenario.actors.other).scanRegistry;
    for (const s of [A, B]) {
      for (const kind of ["FILE_OWNER", "FILE_HOLDERS"]) {
        const r = await s.gql(`query($k: ClaimKind!, $h: String!) { attest(kind: $k, subject: $h) { kind subject answer answerHash height signer signature } }`, { k: kind, h: scenario.a.dealId });
        const signed = r.data.attest;
        expect(signed.signer.toLowerCase()).to.equal(s.evm);
        const claim = { kind: signed.kind, subject: signed.subject, answerHash: signed.answerHash, height: signed.height };
        const err = await caught(() => challenger.challenge.staticCall(claim, signed.answer, signed.signature, { blockTag: "pending" }));
        expect(String(err), `${s.name} ${kind}`).to.contain("ClaimIsTrue");
      }
      expect((await challenger.getScanNode(s.evm)).pledge).to.equal(PLEDGE);
    }
  });

  it("slashes a member for a false signed answer exactly once, and every member indexes the slash", async () => {
    const { actors, a } = scenario;
    // B lies: deal a belongs to "other". Signed with B's key through the module B's attest uses.
    const lie = signClaim(B.key, {
      kind: CLAIM_KIND.FILE_OWNER, subject: a.dealId, answer: encodeAnswer(CLAIM_KIND.FILE_OWNER, actors.other.address), height: await chain.head(),
    }, chain.deployments.contracts.scanRegistry, chain.deployments.chainId);
    const claim = { kind: lie.kind, subject: lie.subject, answerHash: keccak256(lie.answer), height: lie.height };
    const challenger = actors.as(actors.other);
    const balance = await challenger.token.balanceOf(actors.other.address);
    const receipt = await (await challenger.scanRegistry.challenge(claim, lie.answer, lie.signature)).wait();
    const slashed = receipt!.logs.map((l) => challenger.scanRegistry.interface.parseLog(l)).filter((l) => l?.name === "ScanNodeSlashed");
    expect(slashed.map((l) => [l!.args.node.toLowerCase(), l!.args.challenger])).to.deep.equal([[B.evm, actors.other.address]]);
    const { amount, reward } = slashed[0]!.args;
    expect(amount > 0n && reward > 0n).to.equal(true);
    expect(await challenger.token.balanceOf(actors.other.address)).to.equal(balance + reward);
    expect((await challenger.scanRegistry.getScanNode(B.evm)).pledge).to.equal(PLEDGE - amount);
    // the same claim again: refused, nothing more taken
    const again = await caught(() => challenger.scanRegistry.challenge.staticCall(claim, lie.answer, lie.signature, { blockTag: "pending" }));
    expect(String(again)).to.contain("ClaimAlreadySlashed");
    for (const s of [A, B]) {
      await eventually(`${s.name} indexed the slash`, async () => (await s.gql(`query($a: String!) { scanNode(address: $a) { slashes { amount } } }`, { a: B.evm })).data?.scanNode.slashes.length === 1);
      const row = (await s.gql(`query($a: String!) { scanNode(address: $a) { pledge slashed status slashes { challenger amount reward } } }`, { a: B.evm })).data.scanNode;
      expect(row).to.deep.equal({
        pledge: (PLEDGE - amount).toString(), slashed: amount.toString(), status: "Active",
        slashes: [{ challenger: actors.other.address.toLowerCase(), amount: amount.toString(), reward: reward.toString() }],
      });
    }
    expect(memberEvms(A)).to.include(B.evm); // still above the minimum pledge: still a member
  });

  it("drops a member that quits, refuses it afterwards with QUITTING, and stops passing it announcements", async () => {
    await settle();
    const others = servers.filter((s) => s !== B && s !== C);
    await (await scenario.actors.as(chain.signer(B.i)).scanRegistry.quit()).wait();
    await eventually("every member dropped B", () => others.every((s) => !memberEvms(s).includes(B.evm)));
    for (const s of others) expect(ofType(s, "scan:dropped").map((e) => [e.evm, e.why])).to.deep.equal([[B.evm, "it quit the ScanRegistry"]]);
    await eventually("B's connections are closed", () => B.scan.members.list().length === 0);

    // B still knows the others as members and dials them (a refresh its own quit may have set off too): each refuses it
    const refusedBefore = ofType(B, "scan:refused-by").length;
    await B.scan.members.refresh();
    const refusals = ofType(B, "scan:refused-by").slice(refusedBefore);
    expect([...new Set(refusals.map((e) => e.evm))].sort()).to.deep.equal(others.map((s) => s.evm).sort());
    for (const e of refusals) expect([e.code, ScanPeerRefused.reasonOf(e.message)]).to.deep.equal([55057, "QUITTING"]);
    expect(B.scan.members.list()).to.deep.equal([]);

    // what A accepts now reaches the remaining member, not B
    const key = newKey();
    expect((await A.gql(ANNOUNCE, { a: announcementInput(announcement(key)) })).errors).to.equal(undefined);
    const wallet = dspAddressOf(key.publicKey);
    const D = servers.find((s) => s.name === "D")!;
    await eventually("D serves the endpoint", async () => (await D.gql(ENDPOINT, { w: wallet })).data?.endpoint !== null);
    await settle();
    expect((await B.gql(ENDPOINT, { w: wallet })).data.endpoint).to.equal(null);
  });
});
