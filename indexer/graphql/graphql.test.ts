import { expect } from "chai";
import { TestChain } from "@dsp/testkit";
import { DealActors, runDealScenario, type DealScenario } from "../test/deals.js";
import { sqliteFactory, type TestDatabase } from "../test/databases.js";
import type { IndexerDb } from "../db/index.js";
import { Syncer } from "../sync/syncer.js";
import { startGraphqlServer } from "./server.js";
import { MAX_PAGE } from "./schema.js";
import { DEFAULT_MAX_COST } from "./cost.js";
import { KeyPair, evmAddressOf } from "@dsp/core";
import { CLAIM_KIND, decodeAnswer, dnsNameHash, signedAnswerFromJson, verifyClaim } from "@dsp/ledger";
import { Attester } from "../scan/attest.js";
import { caught } from "../test/caught.js";

describe("SCAN GraphQL", function () {
  this.timeout(180_000);
  let chain: TestChain;
  let scenario: DealScenario;
  let t: TestDatabase;
  let h: IndexerDb;
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  /** The same database served by a SCAN server with an account (scenario SCAN server 0), which signs answers. */
  let signing: Awaited<ReturnType<typeof startGraphqlServer>>;
  let scanKey: KeyPair;

  before(async () => {
    chain = await TestChain.start();
    scenario = await runDealScenario(chain);
    t = await sqliteFactory();
    h = await t.open();
    await new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments }).syncTo();
    server = await startGraphqlServer({ db: h.db, chainId: chain.deployments.chainId, maxDepth: 6 });
    scanKey = KeyPair.fromPrivateKey(chain.wallet(DealActors.SCAN_ACCOUNTS[0]).privateKey);
    const attester = new Attester({ db: h.db, chainId: chain.deployments.chainId, registry: chain.deployments.contracts.scanRegistry, account: scanKey });
    signing = await startGraphqlServer({ db: h.db, chainId: chain.deployments.chainId, attester });
  });
  after(async () => {
    await signing?.close();
    await server?.close();
    await h?.close();
    await t?.drop();
    await chain?.stop();
  });

  async function gql(query: string, variables: Record<string, unknown> = {}, url = server.url) {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: number; codeName?: string } }[] };
  }

  const low = (x: string) => x.toLowerCase();
  const SLOT_STATUS = ["none", "offered", "active"];

  it("answers a File Hash with its deals by two owners and who holds it, as getFileInfo, holdersOf and candidatesOf do", async () => {
    const { a, a2, actors } = scenario;
    const r = await gql(`query($h: String!) { file(hash: $h) {
      fileHash valid dealCount liveDeals owners candidates(unused: true)
      deals { dealId seq owner deposit valid privilege state }
      holders { dealId node status active hostAddr rate }
      others: holders(active: false) { dealId node status reason }
    } }`, { h: a.fileHash });
    expect(r.errors).to.equal(undefined);
    const view = actors.as(actors.admin).ledger;
    const f = r.data.file;
    expect([f.fileHash, f.valid, f.dealCount, f.liveDeals]).to.deep.equal([a.fileHash, true, 2, 2]);
    expect(f.owners).to.deep.equal([low(actors.owner.address), low(actors.other.address)].sort());
    const deals = await Promise.all([a, a2].map(async (d) => {
      const info = await view.getFileInfo(d.dealId);
      return { dealId: d.dealId, seq: 0, owner: low(info.owner), deposit: info.deposit.toString(), valid: true, privilege: Number(info.privilege), state: "stored" };
    }));
    expect(f.deals).to.deep.equal(deals.sort((x, y) => x.dealId.localeCompare(y.dealId)));
    // holders across both deals: a's nodes 0 and 2, a2's node 3, each with its rate
    const want: { dealId: string; node: string; status: string; active: boolean; rate: string }[] = [];
    for (const d of [a, a2]) {
      const [nodes, slots] = await view.holdersOf(d.dealId);
      nodes.forEach((n, i) => slots[i].status === 2n && want.push({ dealId: d.dealId, node: low(n), status: SLOT_STATUS[Number(slots[i].status)], active: true, rate: slots[i].rate.toString() }));
    }
    want.sort((x, y) => x.node.localeCompare(y.node));
    expect(f.holders.map(({ hostAddr: _h, ...rest }: any) => rest)).to.deep.equal(want);
    expect(want.map((x) => x.node).sort()).to.deep.equal([0, 2, 3].map((i) => low(actors.nodes[i].address)).sort());
    expect(f.holders.every((x: any) => x.hostAddr.startsWith("/ip4/127.0.0.1/tcp/"))).to.equal(true);
    // node 1 left a (recovered) and declined a2
    expect(f.others.map((x: any) => [x.dealId, x.status, x.reason]).sort()).to.deep.equal([[a.dealId, "released", "recovered"], [a2.dealId, "withdrawn", "declined"]].sort());
    expect(f.others.every((x: any) => x.node === low(actors.nodes[1].address))).to.equal(true);
    expect(f.candidates).to.deep.equal([...(await view.candidatesOf(a.dealId)), ...(await view.candidatesOf(a2.dealId))].map(low));
    expect(f.candidates).to.deep.equal([low(actors.nodes[3].address)]);
    // the top-level holders, by File Hash or by deal
    const byHash = await gql(`query($h: String!, $d: String!) { h: holders(fileHash: $h) { node } d: holders(dealId: $d) { node } }`, { h: a.fileHash, d: a2.dealId });
    expect(byHash.data.h.map((x: any) => x.node)).to.deep.equal(want.map((x) => x.node));
    expect(byHash.data.d).to.deep.equal([{ node: low(actors.nodes[3].address) }]);
  });

  it("answers a deal by its dealId with its slots, as getFileInfo and holdersOf do, and 50021 for an unknown one", async () => {
    const { a, actors } = scenario;
    const view = actors.as(actors.admin).ledger;
    const r = await gql(`query($d: String!) { deal(id: $d) {
      dealId seq fileHash owner copyNum expiredHeight dataRoot leafCount blockHeight underReplicated state
      slots { node status pieceId firstPeriod lastPeriod rate escrow replaced periodsProven periodsMissed paid left }
      holders { node } file { fileHash dealCount }
    } }`, { d: a.dealId });
    expect(r.errors).to.equal(undefined);
    const info = await view.getFileInfo(a.dealId);
    const d = r.data.deal;
    expect({ fileHash: d.fileHash, owner: d.owner, copyNum: d.copyNum, expiredHeight: d.expiredHeight, dataRoot: d.dataRoot, leafCount: d.leafCount, blockHeight: d.blockHeight })
      .to.deep.equal({ fileHash: low(info.fileHash), owner: low(info.owner), copyNum: Number(info.copyNum), expiredHeight: info.expiredHeight.toString(), dataRoot: low(info.dataRoot), leafCount: info.leafCount.toString(), blockHeight: info.blockHeight.toString() });
    expect([d.dealId, d.seq, d.state, d.underReplicated, d.file]).to.deep.equal([a.dealId, 0, "stored", false, { fileHash: a.fileHash, dealCount: 2 }]);
    const [nodes, slots] = await view.holdersOf(a.dealId);
    for (const [i, n] of nodes.entries()) {
      const got = d.slots.find((x: any) => x.node === low(n));
      expect({ status: got.status, pieceId: got.pieceId, firstPeriod: got.firstPeriod, lastPeriod: got.lastPeriod, rate: got.rate, escrow: got.escrow }).to.deep.equal({
        status: "active", pieceId: Number(slots[i].pieceId), firstPeriod: Number(slots[i].firstPeriod), lastPeriod: Number(slots[i].lastPeriod), rate: slots[i].rate.toString(), escrow: slots[i].escrow.toString(),
      });
      // what it has paid so far: its rate for each period proved in it
      expect(BigInt(got.paid)).to.equal(slots[i].rate * BigInt(got.periodsProven));
      expect(BigInt(got.paid) + BigInt(got.left)).to.equal(slots[i].escrow);
    }
    const byNode = Object.fromEntries(d.slots.map((x: any) => [x.node, x]));
    const [n0, n1, n2] = actors.nodes.map((n) => low(n.address));
    expect([byNode[n0].periodsProven, byNode[n0].periodsMissed]).to.deep.equal([2, 0]);
    expect([byNode[n1].status, byNode[n1].periodsProven, byNode[n1].periodsMissed, byNode[n1].paid]).to.deep.equal(["released", 0, 1, "0"]);
    expect([byNode[n2].replaced, byNode[n2].periodsProven]).to.deep.equal([n1, 0]);
    expect(d.holders.map((x: any) => x.node)).to.deep.equal([n0, n2].sort());
    const none = await gql(`{ deal(id: "0x${"ab".repeat(32)}") { dealId } }`);
    expect(none.errors?.[0].extensions).to.deep.equal({ code: 50021, codeName: "FILE_NOT_FOUND_FROM_CHAIN" });
    const paged = await gql(`query($o: String) { deals(owner: $o, first: 1) { edges { node { dealId } } pageInfo { hasNextPage endCursor } } }`, { o: actors.owner.address });
    const next = await gql(`query($o: String, $c: String) { deals(owner: $o, first: 1, after: $c) { edges { node { dealId } } pageInfo { hasNextPage } } }`, { o: actors.owner.address, c: paged.data.deals.pageInfo.endCursor });
    expect([...paged.data.deals.edges, ...next.data.deals.edges].map((e: any) => e.node.dealId)).to.deep.equal([scenario.a.dealId, scenario.b.dealId].sort());
    expect(next.data.deals.pageInfo.hasNextPage).to.equal(false);
  });

  it("reports an unknown file with code 50021 FILE_NOT_FOUND_FROM_CHAIN", async () => {
    const r = await gql(`{ file(hash: "0x${"ab".repeat(32)}") { fileHash } }`);
    expect(r.errors?.[0].extensions).to.deep.equal({ code: 50021, codeName: "FILE_NOT_FOUND_FROM_CHAIN" });
  });

  it("pages files by owner with cursors, and finds the files a node holds", async () => {
    const { a, b, actors } = scenario;
    const q = `query($o: String, $after: String) { files(owner: $o, first: 1, after: $after) { edges { cursor node { fileHash } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = await gql(q, { o: actors.owner.address });
    expect(p1.data.files.pageInfo.hasNextPage).to.equal(true);
    const p2 = await gql(q, { o: actors.owner.address, after: p1.data.files.pageInfo.endCursor });
    expect(p2.data.files.pageInfo.hasNextPage).to.equal(false);
    const seen = [...p1.data.files.edges, ...p2.data.files.edges].map((e: any) => e.node.fileHash);
    expect(seen).to.deep.equal([a.fileHash, b.fileHash].sort());
    expect((await gql(q, { o: actors.other.address })).data.files.edges.map((e: any) => e.node.fileHash)).to.deep.equal([a.fileHash]);
    // node 2 holds b (offered first) and a (recovered from node 1); node 3 a's bytes for "other"; node 1 nothing any more
    const held = async (i: number) => (await gql(`query($n: String) { files(holder: $n) { edges { node { fileHash } } } }`, { n: actors.nodes[i].address })).data.files.edges.map((e: any) => e.node.fileHash);
    expect(await held(2)).to.deep.equal([a.fileHash, b.fileHash].sort());
    expect(await held(3)).to.deep.equal([a.fileHash]);
    expect(await held(1)).to.deep.equal([]);
  });

  it("gives a node's account, schedule, proof set, periods, faults and deals as nodeAccount, scheduleOf, weightOf and pieceOf do", async () => {
    const { actors, a, b } = scenario;
    const view = actors.as(actors.admin);
    const q = `query($n: String!) { node(address: $n) {
      rate provenPeriods faultedPeriod period
      proofSet { period total live pieceCount livePieces pieces { edges { node { pieceId dealId dataRoot leafCount lastPeriod removed } } } }
      periods { edges { node { period proven outcome reward challenged skipped slashed reporter } } }
      faults { edges { node { period reporter slashed } } }
      deals { edges { node { dealId status } } }
      active: deals(status: "active") { edges { node { dealId } } }
    } }`;
    for (const [i, n] of actors.nodes.entries()) {
      const r = await gql(q, { n: n.address });
      expect(r.errors, `node ${i}`).to.equal(undefined);
      const got = r.data.node;
      const [rate, proven, faulted] = await view.ledger.nodeAccount(n.address);
      expect([got.rate, got.provenPeriods, got.faultedPeriod], `node ${i}`).to.deep.equal([rate.toString(), Number(proven), faulted === 2n ** 32n - 1n ? null : Number(faulted)]);
      const [period] = await view.verifier.scheduleOf(n.address);
      const [total, live] = await view.verifier.weightOf(n.address);
      expect([got.period, got.proofSet.period, got.proofSet.total, got.proofSet.live]).to.deep.equal([Number(period), Number(period), total.toString(), live.toString()]);
      for (const { node: p } of got.proofSet.pieces.edges) {
        const c = await view.verifier.pieceOf(n.address, p.pieceId);
        expect([p.dealId, p.dataRoot, p.leafCount, p.lastPeriod, p.removed]).to.deep.equal([low(c.dealId), low(c.dataRoot), c.leafCount.toString(), Number(c.lastPeriod), c.removed]);
      }
      expect(got.proofSet.pieceCount).to.equal(got.proofSet.pieces.edges.length);
    }
    const [n0, n1, n2] = await Promise.all([0, 1, 2].map(async (i) => (await gql(q, { n: actors.nodes[i].address })).data.node));
    expect(BigInt(n0.rate) > 0n).to.equal(true);
    expect(n0.periods.edges.map((e: any) => [e.node.outcome, e.node.challenged > 0, BigInt(e.node.reward) > 0n])).to.deep.equal([["proven", true, true], ["proven", true, true]]);
    expect(n1.periods.edges.map((e: any) => [e.node.proven, e.node.reporter])).to.deep.equal([[false, low(actors.reporter.address)]]);
    expect(n1.faults.edges.map((e: any) => [e.node.period, e.node.reporter, e.node.slashed])).to.deep.equal([[n1.periods.edges[0].node.period, low(actors.reporter.address), n1.periods.edges[0].node.slashed]]);
    expect(n1.faultedPeriod).to.equal(n1.periods.edges[0].node.period);
    expect(BigInt(n1.faults.edges[0].node.slashed) > 0n).to.equal(true);
    // node 1 was released from a (recovered) and declined a2; it holds nothing, its set is empty
    expect(n1.deals.edges.map((e: any) => e.node.status).sort()).to.deep.equal(["released", "withdrawn"]);
    expect([n1.active.edges, n1.proofSet.live, n1.rate]).to.deep.equal([[], "0", "0"]);
    expect(n2.active.edges.map((e: any) => e.node.dealId)).to.deep.equal([a.dealId, b.dealId].sort());
    expect(n2.proofSet.livePieces).to.equal(2);
    const bad = await gql(`query($n: String!) { node(address: $n) { deals(status: "accepted") { edges { cursor } } } }`, { n: actors.nodes[0].address });
    expect(bad.errors?.[0].extensions?.code).to.equal(40000);
  });

  it("lists the proofs and faults of a File Hash's holders while they held it", async () => {
    const { a, actors } = scenario;
    const r = await gql(`query($h: String!) {
      proofs(fileHash: $h) { edges { node { node period reward } } }
      faults(fileHash: $h) { edges { node { node reporter slashed } } }
      file(hash: $h) { proofs { edges { node { node } } } faults { edges { node { node } } } }
    }`, { h: a.fileHash });
    expect(r.errors, JSON.stringify(r.errors)).to.equal(undefined);
    const [n0, n1, , n3] = actors.nodes.map((n) => low(n.address));
    // node 0 proved twice holding a, node 3 once holding a2; node 2's proof came before it took a over
    expect(r.data.proofs.edges.map((e: any) => e.node.node)).to.deep.equal([n0, n3, n0]);
    expect(r.data.faults.edges.map((e: any) => [e.node.node, e.node.reporter])).to.deep.equal([[n1, low(actors.reporter.address)]]);
    expect(r.data.file.proofs.edges.map((e: any) => e.node.node)).to.deep.equal([n0, n3, n0]);
    expect(r.data.file.faults.edges.map((e: any) => e.node.node)).to.deep.equal([n1]);
    const byNode = await gql(`query($n: String!) { proofs(node: $n) { edges { node { node } } } periods(node: $n, proven: false) { edges { node { period } } } }`, { n: actors.nodes[2].address });
    expect(byNode.data.proofs.edges.length).to.be.greaterThan(0);
    expect(byNode.data.periods.edges).to.deep.equal([]);
    expect((await gql(`{ proofs { edges { cursor } } }`)).errors?.[0].extensions?.code).to.equal(40000);
  });

  it("resolves a DNS name to its link, owner and file, as DNSRegistry.resolve does", async () => {
    const { a, actors } = scenario;
    const rec = await actors.as(actors.admin).dns.resolve("dsp", "hello");
    const r = await gql(`{ resolve(header: "dsp", url: "hello") { link owner file { fileHash } } }`);
    expect(r.data.resolve).to.deep.equal({ link: rec.link, owner: rec.owner.toLowerCase(), file: { fileHash: a.fileHash.toLowerCase() } });
    const missing = await gql(`{ resolve(header: "dsp", url: "nobody") { link } }`);
    expect(missing.errors?.[0].extensions?.code).to.equal(55059);
  });

  it("gives a node's rewards: unclaimed as FileLedger.rewardsOf, and its claims", async () => {
    const { actors } = scenario;
    for (const n of actors.nodes) {
      const r = await gql(`query($n: String!) { rewards(node: $n) { unclaimed claims { amount } } }`, { n: n.address });
      expect(r.data.rewards.unclaimed).to.equal((await actors.as(actors.admin).ledger.rewardsOf(n.address)).toString());
    }
    const r0 = await gql(`query($n: String!) { rewards(node: $n) { claimed claims { amount to } } }`, { n: actors.nodes[0].address });
    expect(r0.data.rewards.claims).to.have.length(1);
    expect(r0.data.rewards.claims[0].amount).to.equal(r0.data.rewards.claimed);
    const unknown = await gql(`{ node(address: "0x${"12".repeat(20)}") { status } }`);
    expect(unknown.errors?.[0].extensions?.code).to.equal(55034);
  });

  it("lists the SCAN servers of the ScanRegistry, and one by address, as getScanNode has them", async () => {
    const { actors } = scenario;
    const view = actors.as(actors.admin).scanRegistry;
    const r = await gql(`{ scanNodes(status: "Active", first: 100) { edges { node { address hostAddr pledge status registeredAt slashes { amount } } } } }`);
    const want = await Promise.all(actors.scans.map(async (s) => {
      const info = await view.getScanNode(s.address);
      return { address: s.address.toLowerCase(), hostAddr: info.hostAddr, pledge: info.pledge.toString(), status: "Active", registeredAt: info.registeredAt.toString(), slashes: [] };
    }));
    expect(r.data.scanNodes.edges.map((e: any) => e.node)).to.deep.equal(want.sort((x, y) => x.address.localeCompare(y.address)));
    const one = await gql(`query($a: String!) { scanNode(address: $a) { hostAddr } }`, { a: actors.scans[0].address });
    expect(one.data.scanNode.hostAddr).to.equal("/ip4/127.0.0.1/tcp/11");
    expect((await gql(`{ scanNodes(status: "Quitting") { edges { cursor } } }`)).data.scanNodes.edges).to.deep.equal([]);
    const unknown = await gql(`{ scanNode(address: "0x${"12".repeat(20)}") { status } }`);
    expect(unknown.errors?.[0].extensions).to.deep.equal({ code: 55057, codeName: "DSP_DNS_GET_NODE_BY_ADDR" });
  });

  it("signs answers that the ScanRegistry finds true: a challenge of each reverts ClaimIsTrue", async () => {
    const { a, actors } = scenario;
    const challenger = actors.as(actors.reporter).scanRegistry;
    const ATTEST = `query($k: ClaimKind!, $s: String!) { attest(kind: $k, subject: $s) { kind kindName subject answer answerHash height signer signature registry chainId } }`;
    const noFile = "0x" + "ab".repeat(32);
    const { a2 } = scenario;
    const cases: [string, string, string, unknown][] = [
      ["FILE_OWNER", a.dealId, a.dealId, actors.owner.address],
      ["FILE_OWNER", a2.dealId, a2.dealId, actors.other.address],
      ["FILE_OWNER", noFile, noFile, "0x0000000000000000000000000000000000000000"],
      // a File Hash names no deal
      ["FILE_OWNER", a.fileHash, a.fileHash, "0x0000000000000000000000000000000000000000"],
      ["FILE_HOLDERS", a.dealId, a.dealId, [actors.nodes[0].address, actors.nodes[2].address].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()))],
      ["FILE_HOLDERS", a2.dealId, a2.dealId, [actors.nodes[3].address]],
      ["DNS_RESOLUTION", "dsp://hello", dnsNameHash("dsp", "hello"), { resolves: true, owner: actors.owner.address, link: `dsp://file?hash=${a.fileHash}` }],
      ["DNS_RESOLUTION", "dsp://nobody", dnsNameHash("dsp", "nobody"), { resolves: false, owner: "0x0000000000000000000000000000000000000000", link: "" }],
    ];
    // each challenge is tried as the next block would run it: the claim's height is a past block there
    for (const [kind, subject, claimSubject, value] of cases) {
      const r = await gql(ATTEST, { k: kind, s: subject }, signing.url);
      expect(r.errors, `${kind} ${subject}`).to.equal(undefined);
      const s = r.data.attest;
      expect([s.kindName, s.kind, s.subject, s.signer, s.height, s.chainId]).to.deep.equal(
        [kind, CLAIM_KIND[kind as keyof typeof CLAIM_KIND], claimSubject.toLowerCase(), evmAddressOf(scanKey.publicKey), (await chain.head()).toString(), 31337]);
      expect(decodeAnswer(s.kind, s.answer)).to.deep.equal(value);
      // the answer as served is what `dsp scan challenge` reads
      const signed = signedAnswerFromJson(s);
      expect(verifyClaim(signed, { registry: chain.deployments.contracts.scanRegistry, chainId: 31337 })).to.equal(true);
      const err = await caught(() => challenger.challenge.staticCall({ kind: s.kind, subject: s.subject, answerHash: s.answerHash, height: s.height }, s.answer, s.signature, { blockTag: "pending" }));
      expect(String(err), `${kind} ${subject}`).to.contain("ClaimIsTrue");
    }
  });

  it("refuses to attest without an account (40007) and for a malformed subject (40000)", async () => {
    const none = await gql(`{ attest(kind: FILE_OWNER, subject: "0x${"ab".repeat(32)}") { signature } }`);
    expect(none.errors?.[0].extensions).to.deep.equal({ code: 40007, codeName: "NO_ACCOUNT" });
    for (const [kind, subject] of [["FILE_OWNER", "0x1234"], ["FILE_HOLDERS", "dsp://hello"], ["DNS_RESOLUTION", "hello"]]) {
      const bad = await gql(`query($k: ClaimKind!, $s: String!) { attest(kind: $k, subject: $s) { signature } }`, { k: kind, s: subject }, signing.url);
      expect(bad.errors?.[0].extensions?.code, `${kind} ${subject}`).to.equal(40000);
    }
  });

  it("refuses a query deeper than the limit, a page above the cap, and a malformed cursor with code 40000", async () => {
    const deep = await gql(`{ files { edges { node { proofs { edges { node { node } } } } } } }`);
    expect(deep.errors?.[0].message).to.match(/depth 7 exceeds the limit of 6/);
    expect(deep.errors?.[0].extensions?.code).to.equal(40000);
    // the new links are counted the same way: node -> deals -> slot -> deal -> file -> deals
    const loop = await gql(`query($n: String!) { node(address: $n) { deals { edges { node { deal { file { deals { fileHash } } } } } } } }`, { n: scenario.actors.nodes[0].address });
    expect(loop.errors?.[0].message).to.match(/depth 8 exceeds the limit of 6/);
    const fits = await gql(`query($n: String!) { node(address: $n) { deals { edges { node { deal { fileHash } } } } } }`, { n: scenario.actors.nodes[0].address });
    expect(fits.errors).to.equal(undefined);
    expect(fits.data.node.deals.edges.length).to.equal(1);
    const big = await gql(`{ nodes(first: ${MAX_PAGE + 1}) { edges { cursor } } }`);
    expect(big.errors?.[0].extensions?.code).to.equal(40000);
    const bad = await gql(`{ nodes(after: "%%%") { edges { cursor } } }`);
    expect(bad.errors?.[0].extensions?.code).to.equal(40000);
  });

  it("runs a query under the cost limit and refuses one over it with code 40000", async () => {
    const one = (alias: string) => `${alias}: files(first: 100) { edges { node { fileHash holders { node } candidates owners } } }`;
    const ok = await gql(`{ ${one("a")} }`); // cost 100 x (1 + 1 + 1 + 3 x 10) = 3,300
    expect(ok.errors).to.equal(undefined);
    expect(ok.data.a.edges).to.have.length(2);
    const over = await gql(`{ ${["a", "b", "c", "d"].map(one).join(" ")} }`); // 13,200
    expect(over.data).to.equal(undefined);
    expect(over.errors?.[0].message).to.equal(`query cost 13200 exceeds the limit of ${DEFAULT_MAX_COST}`);
    expect(over.errors?.[0].extensions).to.deep.include({ code: 40000, codeName: "INVALID_PARAMS", cost: 13200, maxCost: DEFAULT_MAX_COST });
    // the page size counts with its real value: a variable that makes the same query cheap passes
    const q = `query($n: Int) { ${["a", "b", "c", "d"].map((x) => one(x).replace("first: 100", "first: $n")).join(" ")} }`;
    expect((await gql(q, { n: 100 })).errors?.[0].extensions?.code).to.equal(40000);
    expect((await gql(q, { n: 10 })).errors).to.equal(undefined);
    // a node's periods are a page of their own: 100 nodes x 100 periods each is refused, x 10 passes
    const periods = (n: number) => `{ nodes(first: 100) { edges { node { address periods(first: ${n}) { edges { cursor } } faults(first: ${n}) { edges { cursor } } } } } }`;
    const heavy = await gql(periods(100)); // 100 x (1 + 1 x (1 + 100 x 2 + 100 x 2)) = 40,300
    expect(heavy.errors?.[0].extensions).to.deep.include({ code: 40000, cost: 40_300 });
    const light = await gql(periods(10)); // 100 x (1 + 1 x (1 + 10 x 2 + 10 x 2)) = 4,300
    expect(light.errors).to.equal(undefined);
    expect(light.data.nodes.edges).to.have.length(4);
  });

  it("rejects a malformed query with a GraphQL error and no data", async () => {
    const r = await gql(`{ files( { edges } }`);
    expect(r.data).to.equal(undefined);
    expect(r.errors?.[0].message).to.match(/Syntax Error/);
  });

  it("serves GraphiQL with its assets from this server, not a CDN", async () => {
    const res = await fetch(server.url, { headers: { accept: "text/html" } });
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(html).to.include("DSP SCAN");
    expect(html).to.not.match(/https:\/\/(unpkg\.com|cdn\.jsdelivr\.net)/);
  });

  it("reports the sync status", async () => {
    const r = await gql(`{ status { chainId blockNumber } }`);
    expect(r.data.status).to.deep.equal({ chainId: 31337, blockNumber: (await chain.head()).toString() });
  });
});
