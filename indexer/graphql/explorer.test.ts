import { expect } from "chai";
import { Wallet } from "ethers";
import { dspAddressOf } from "@dsp/core";
import { TestChain } from "@dsp/testkit";
import { runDealScenario, type DealScenario } from "../test/deals.js";
import { onEachDatabase, type TestDatabase } from "../test/databases.js";
import { gqlClient } from "../test/gql.js";
import type { IndexerDb } from "../db/index.js";
import { Syncer } from "../sync/syncer.js";
import { startGraphqlServer } from "./server.js";

const low = (s: string) => s.toLowerCase();

describe("SCAN GraphQL: the explorer's queries", function () {
  this.timeout(240_000);
  let chain: TestChain;
  let scenario: DealScenario;

  before(async () => {
    chain = await TestChain.start();
    scenario = await runDealScenario(chain);
  });
  after(async () => {
    await chain?.stop();
  });

  onEachDatabase((_name, factory) => {
    let t: TestDatabase;
    let h: IndexerDb;
    let server: Awaited<ReturnType<typeof startGraphqlServer>>;
    let gql: ReturnType<typeof gqlClient>;

    before(async () => {
      t = await factory();
      h = await t.open();
      await new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments }).syncTo();
      server = await startGraphqlServer({ db: h.db, chainId: chain.deployments.chainId });
      gql = gqlClient(server.url);
    });
    after(async () => {
      await server?.close();
      await h?.close();
      await t?.drop();
    });

    it("totals the network as the chain's registry and ledger give it", async () => {
      const { actors, a, b, a2 } = scenario;
      const r = await gql(`{ overview { height window nodesOnline nodes totalPledged totalVolume volumeUsed files deals offers holdings proofsRecent faultsRecent proofs faults } }`);
      expect(r.errors).to.equal(undefined);
      const registry = actors.as(actors.admin).registry;
      const infos = await Promise.all(actors.nodes.map((n) => registry.getNode(n.address)));
      const ledger = actors.as(actors.admin).ledger;
      const slots = (await Promise.all([a, b, a2].map((d) => ledger.holdersOf(d.dealId)))).flatMap(([, s]) => s);
      expect(r.data.overview).to.deep.equal({
        height: (await chain.head()).toString(), window: 1000,
        nodesOnline: infos.filter((i) => i.status === 1n).length, nodes: infos.length,
        totalPledged: infos.reduce((s, i) => s + i.pledge, 0n).toString(),
        totalVolume: infos.reduce((s, i) => s + i.volume, 0n).toString(),
        volumeUsed: infos.reduce((s, i) => s + i.volume - i.restVolume, 0n).toString(),
        // a's bytes are one File Hash with two deals; b the other
        files: 2, deals: 3, offers: slots.filter((x) => x.status === 1n).length, holdings: slots.filter((x) => x.status === 2n).length,
        // nodes 0 (twice), 2 and 3 proved; node 1 missed
        proofsRecent: 4, faultsRecent: 1, proofs: 4, faults: 1,
      });
      expect(r.data.overview.holdings).to.equal(4);
      expect(BigInt(r.data.overview.volumeUsed) > 0n).to.equal(true);
    });

    it("counts only the proofs and faults of the last `window` blocks as recent", async () => {
      const proofs = await h.db.period.findMany({ where: { proven: true }, orderBy: { id: "asc" } });
      const head = await chain.head();
      const window = Number(head - proofs[proofs.length - 1].blockNumber) + 1; // reaches back to the newest proof only
      const r = await gql(`query($w: Int) { overview(window: $w) { window proofsRecent faultsRecent proofs } }`, { w: window });
      const faults = await h.db.fault.findMany();
      expect(r.data.overview).to.deep.equal({
        window, proofsRecent: proofs.filter((p) => p.blockNumber > head - BigInt(window)).length,
        faultsRecent: faults.filter((f) => f.blockNumber > head - BigInt(window)).length, proofs: 4,
      });
      expect(r.data.overview.proofsRecent).to.be.within(1, 3);
      const bad = await gql(`{ overview(window: 0) { window } }`);
      expect(bad.errors?.[0].extensions?.code).to.equal(40000);
    });

    it("lists the newest proofs and faults first, by node and by the holders of a File Hash", async () => {
      const { a, b, actors } = scenario;
      const [n0, n1, n2, n3] = actors.nodes.map((n) => low(n.address));
      const r = await gql(`query($h: String, $b: String, $n: String) {
        all: recentProofs { node period blockNumber }
        ofA: recentProofs(fileHash: $h, first: 1) { node blockNumber }
        allOfA: recentProofs(fileHash: $h) { node }
        ofB: recentProofs(fileHash: $b) { node }
        byNode: recentProofs(node: $n) { node period }
        faults: recentFaults(fileHash: $h) { node reporter period }
        none: recentFaults(fileHash: $b) { node }
      }`, { h: a.fileHash, b: b.fileHash, n: n0 });
      expect(r.errors).to.equal(undefined);
      const rows = await h.db.period.findMany({ where: { proven: true }, orderBy: { id: "desc" } });
      expect(r.data.all).to.deep.equal(rows.map((p) => ({ node: p.node, period: p.period, blockNumber: p.blockNumber.toString() })));
      expect(r.data.all.map((p: any) => p.node)).to.deep.equal([n0, n3, n2, n0]);
      expect(r.data.ofA).to.deep.equal([{ node: n0, blockNumber: rows[0].blockNumber.toString() }]);
      expect(r.data.allOfA.map((p: any) => p.node)).to.deep.equal([n0, n3, n0]);
      expect(r.data.ofB.map((p: any) => p.node)).to.deep.equal([n2]);
      expect(r.data.byNode.map((p: any) => p.node)).to.deep.equal([n0, n0]);
      expect(r.data.byNode[0].period).to.equal(r.data.byNode[1].period + 1);
      expect(r.data.faults.map((f: any) => [f.node, f.reporter])).to.deep.equal([[n1, low(actors.reporter.address)]]);
      expect(r.data.none).to.deep.equal([]);
      const tooMany = await gql(`{ recentProofs(first: 101) { node } }`);
      expect(tooMany.errors?.[0].extensions?.code).to.equal(40000);
    });

    it("gives a holder's last proof, and a node's proofs, faults, deals held and open offers", async () => {
      const { a, actors } = scenario;
      const [n0, n1, n2] = actors.nodes.map((n) => low(n.address));
      const r = await gql(`query($h: String!, $n0: String!, $n1: String!, $n2: String!) {
        file(hash: $h) { holders(active: null) { dealId node status lastProof { blockNumber period } } }
        n0: node(address: $n0) { proofCount faultCount filesHeld offers }
        n1: node(address: $n1) { proofCount faultCount filesHeld offers }
        n2: node(address: $n2) { proofCount faultCount filesHeld offers }
      }`, { h: a.fileHash, n0, n1, n2 });
      expect(r.errors).to.equal(undefined);
      const last = await h.db.period.findFirst({ where: { node: n0, proven: true }, orderBy: { id: "desc" } });
      const ofA = Object.fromEntries(r.data.file.holders.filter((x: any) => x.dealId === a.dealId).map((x: any) => [x.node, x.lastProof]));
      expect(ofA[n0]).to.deep.equal({ blockNumber: last!.blockNumber.toString(), period: last!.period });
      expect(ofA[n2]).to.equal(null); // took over from node 1 and has not proved since
      expect(ofA[n1]).to.equal(null); // missed, never proved
      expect(r.data.n0).to.deep.equal({ proofCount: 2, faultCount: 0, filesHeld: 1, offers: 0 });
      expect(r.data.n1).to.deep.equal({ proofCount: 0, faultCount: 1, filesHeld: 0, offers: 0 });
      expect(r.data.n2).to.deep.equal({ proofCount: 1, faultCount: 0, filesHeld: 2, offers: 0 });
    });

    it("finds an account by EVM address and by its bound DSP address, with files, space, channels and names", async () => {
      const { a, actors } = scenario;
      const q = `query($x: String!) { account(address: $x) {
        evm dspAddress boundAt filesOwned node { address } space { totalBytes balance }
        channels { sender recipient deposit status } dnsHeaders { name } dnsNames { name link fileHash }
      } }`;
      const owner = await gql(q, { x: actors.owner.address });
      expect(owner.errors).to.equal(undefined);
      const space = await actors.as(actors.admin).userSpace.getUserSpace(actors.owner.address);
      expect(owner.data.account).to.deep.include({ evm: low(actors.owner.address), dspAddress: null, boundAt: null, filesOwned: 2, node: null, channels: [], dnsHeaders: [] });
      expect((await gql(`query($x: String!) { account(address: $x) { filesOwned liveDeals } }`, { x: actors.other.address })).data.account).to.deep.equal({ filesOwned: 1, liveDeals: 1 });
      expect(owner.data.account.space).to.deep.equal({ totalBytes: space.totalBytes.toString(), balance: space.balance.toString() });
      expect(owner.data.account.dnsNames).to.deep.equal([{ name: "dsp://hello", link: `dsp://file?hash=${a.fileHash}`, fileHash: low(a.fileHash) }]);

      const dsp = dspAddressOf(chain.wallet(2).signingKey.publicKey);
      const other = await gql(q, { x: dsp });
      expect(other.errors).to.equal(undefined);
      expect(other.data.account).to.deep.include({ evm: low(actors.other.address), dspAddress: dsp, filesOwned: 1 });
      expect(other.data.account.channels).to.deep.equal([{ sender: low(actors.other.address), recipient: low(actors.nodes[0].address), deposit: (6n * 10n ** 18n).toString(), status: "Open" }]);
      // the same account by its EVM address
      expect((await gql(q, { x: actors.other.address })).data.account.dspAddress).to.equal(dsp);

      const node = await gql(`query($x: String!) { account(address: $x) { node { address status } } }`, { x: actors.nodes[0].address });
      expect(node.data.account.node).to.deep.equal({ address: low(actors.nodes[0].address), status: "Active" });
    });

    it("refuses a malformed address with 40010 and one the chain never saw with 40007", async () => {
      const q = `query($x: String!) { account(address: $x) { evm } }`;
      for (const x of ["0x1234", "not an address", "0x" + "zz".repeat(20)]) {
        const r = await gql(q, { x });
        expect(r.errors?.[0].extensions, x).to.deep.equal({ code: 40010, codeName: "INVALID_WALLET_ADDRESS" });
      }
      const stranger = Wallet.createRandom();
      for (const x of [stranger.address, dspAddressOf(stranger.signingKey.publicKey)]) {
        const r = await gql(q, { x });
        expect(r.errors?.[0].extensions, x).to.deep.equal({ code: 40007, codeName: "NO_ACCOUNT" });
      }
    });

    it("lists DNS headers and names, and the names that point to a file", async () => {
      const { a, b } = scenario;
      const r = await gql(`query($a: String!, $b: String!) {
        dnsHeaders { edges { node { name reserved live } } }
        dnsNames(header: "dsp") { edges { node { name url fileHash deleted } } pageInfo { hasNextPage } }
        none: dnsNames(header: "nothing") { edges { node { name } } }
        fa: file(hash: $a) { dnsNames { name } }
        fb: file(hash: $b) { dnsNames { name } }
      }`, { a: a.fileHash, b: b.fileHash });
      expect(r.errors).to.equal(undefined);
      expect(r.data.dnsHeaders.edges.map((e: any) => e.node)).to.deep.equal([{ name: "dsp", reserved: true, live: true }]);
      expect(r.data.dnsNames).to.deep.equal({ edges: [{ node: { name: "dsp://hello", url: "hello", fileHash: low(a.fileHash), deleted: false } }], pageInfo: { hasNextPage: false } });
      expect(r.data.none.edges).to.deep.equal([]);
      expect(r.data.fa.dnsNames).to.deep.equal([{ name: "dsp://hello" }]);
      expect(r.data.fb.dnsNames).to.deep.equal([]);
    });
  });
});
