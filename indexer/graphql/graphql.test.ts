import { expect } from "chai";
import { TestChain } from "@dsp/testkit";
import { runScenario, type ScenarioResult } from "@dsp/testkit";
import { sqliteFactory, type TestDatabase } from "../test/databases.js";
import type { IndexerDb } from "../db/index.js";
import { Syncer } from "../sync/syncer.js";
import { startGraphqlServer } from "./server.js";
import { MAX_PAGE } from "./schema.js";
import { DEFAULT_MAX_COST } from "./cost.js";
import { KeyPair, evmAddressOf } from "@dsp/core";
import { CLAIM_KIND, decodeAnswer, dnsNameHash, signedAnswerFromJson, verifyClaim } from "@dsp/ledger";
import { Attester } from "../scan/attest.js";
import { Actors } from "@dsp/testkit";
import { caught } from "../test/caught.js";

describe("SCAN GraphQL", function () {
  this.timeout(180_000);
  let chain: TestChain;
  let scenario: ScenarioResult;
  let t: TestDatabase;
  let h: IndexerDb;
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  /** The same database served by a SCAN server with an account (scenario SCAN server 0), which signs answers. */
  let signing: Awaited<ReturnType<typeof startGraphqlServer>>;
  let scanKey: KeyPair;

  before(async () => {
    chain = await TestChain.start();
    scenario = await runScenario(chain);
    t = await sqliteFactory();
    h = await t.open();
    await new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments }).syncTo();
    server = await startGraphqlServer({ db: h.db, chainId: chain.deployments.chainId, maxDepth: 6 });
    scanKey = KeyPair.fromPrivateKey(chain.wallet(Actors.SCAN_ACCOUNTS[0]).privateKey);
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

  it("answers a file with its holders as FileLedger.getFileInfo and holdersOf do", async () => {
    const { a, actors } = scenario;
    const r = await gql(`query($h: String!) { file(hash: $h) { owner deposit valid privilege holders(active: true) { node proofsDone escrow started hostAddr } candidates(unused: true) } }`, { h: a.fileHash });
    expect(r.errors).to.equal(undefined);
    const view = actors.as(actors.admin).ledger;
    const info = await view.getFileInfo(a.fileHash);
    expect([r.data.file.owner, r.data.file.deposit, r.data.file.valid, r.data.file.privilege]).to.deep.equal([info.owner.toLowerCase(), info.deposit.toString(), true, Number(info.privilege)]);
    const [nodes, states] = await view.holdersOf(a.fileHash);
    const want = nodes.map((n, i) => ({ node: n.toLowerCase(), proofsDone: states[i].proofsDone.toString(), escrow: states[i].escrow.toString(), started: states[i].started }))
      .sort((x, y) => x.node.localeCompare(y.node));
    expect(r.data.file.holders.map(({ hostAddr: _h, ...rest }: any) => rest)).to.deep.equal(want);
    expect(r.data.file.holders.every((x: any) => x.hostAddr.startsWith("/ip4/127.0.0.1/tcp/"))).to.equal(true);
    expect(r.data.file.candidates).to.deep.equal((await view.candidatesOf(a.fileHash)).map((x) => x.toLowerCase()));
  });

  it("reports an unknown file with code 50021 FILE_NOT_FOUND_FROM_CHAIN", async () => {
    const r = await gql(`{ file(hash: "0x${"ab".repeat(32)}") { owner } }`);
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
    expect(seen).to.deep.equal([a.fileHash, b.fileHash].map((x) => x.toLowerCase()).sort());
    // node 2 holds b (primary) and a (recovery after node 1's fault); node 1 holds nothing any more
    const held = await gql(`query($n: String) { files(holder: $n) { edges { node { fileHash } } } }`, { n: actors.nodes[2].address });
    expect(held.data.files.edges.map((e: any) => e.node.fileHash)).to.deep.equal([a.fileHash, b.fileHash].map((x) => x.toLowerCase()).sort());
    const none = await gql(`query($n: String) { files(holder: $n) { edges { node { fileHash } } } }`, { n: actors.nodes[1].address });
    expect(none.data.files.edges).to.deep.equal([]);
  });

  it("lists the proofs and faults of a file", async () => {
    const { a, actors } = scenario;
    const r = await gql(`query($h: String!) { proofs(fileHash: $h) { edges { node { node reward } } } faults(fileHash: $h) { edges { node { node reporter slashed } } } }`, { h: a.fileHash });
    expect(r.data.proofs.edges.map((e: any) => e.node.node)).to.deep.equal([actors.nodes[0].address.toLowerCase(), actors.nodes[0].address.toLowerCase()]);
    expect(r.data.faults.edges.map((e: any) => [e.node.node, e.node.reporter])).to.deep.equal([[actors.nodes[1].address.toLowerCase(), actors.reporter.address.toLowerCase()]]);
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
    const cases: [string, string, string, unknown][] = [
      ["FILE_OWNER", a.fileHash, a.fileHash, actors.owner.address],
      ["FILE_OWNER", noFile, noFile, "0x0000000000000000000000000000000000000000"],
      ["FILE_HOLDERS", a.fileHash, a.fileHash, [actors.nodes[0].address, actors.nodes[2].address].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()))],
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
    const big = await gql(`{ nodes(first: ${MAX_PAGE + 1}) { edges { cursor } } }`);
    expect(big.errors?.[0].extensions?.code).to.equal(40000);
    const bad = await gql(`{ nodes(after: "%%%") { edges { cursor } } }`);
    expect(bad.errors?.[0].extensions?.code).to.equal(40000);
  });

  it("runs a query under the cost limit and refuses one over it with code 40000", async () => {
    const one = (alias: string) => `${alias}: files(first: 100) { edges { node { fileHash holders { node } candidates whitelist { addr } } } }`;
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
