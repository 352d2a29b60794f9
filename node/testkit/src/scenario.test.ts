import { expect } from "chai";
import { scenarioChain, type ScenarioResult } from "./scenario.js";
import type { TestChain } from "./chain.js";

describe("testkit: the scenario drives the real contracts (ledger v2) and governance goes through the timelock", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let s: ScenarioResult;
  before(async () => ({ chain, scenario: s } = await scenarioChain()));
  after(async () => chain?.stop());

  it("leaves the deals where the scenario says: a on nodes 0 and 2 (2 took over from 1), b on 2, c on 0 (3 declined)", async () => {
    const { actors, a, b, c } = s;
    const c0 = actors.as(actors.admin);
    const holders = async (dealId: string) => {
      const [nodes, slots] = await c0.ledger.holdersOf(dealId);
      return nodes.filter((_, i) => slots[i].status === 2n).map((n) => actors.indexOf(n)).sort();
    };
    expect(await holders(a.dealId)).to.deep.equal([0, 2]);
    expect(await holders(b.dealId)).to.deep.equal([2]);
    expect(await holders(c.dealId)).to.deep.equal([0]);
    expect(await c0.ledger.candidatesOf(a.dealId)).to.deep.equal([actors.nodes[3].address]);
    const released = await c0.ledger.queryFilter(c0.ledger.filters.HolderReleased(a.dealId));
    expect(released.map((e) => [actors.indexOf(e.args.node), Number(e.args.reason)])).to.deep.equal([[1, 2]]); // Recovered
    const withdrawn = await c0.ledger.queryFilter(c0.ledger.filters.OfferWithdrawn(c.dealId));
    expect(withdrawn.map((e) => [actors.indexOf(e.args.node), e.args.lapsed])).to.deep.equal([[3, false]]);
    expect((await c0.ledger.getFileInfo(a.dealId)).privilege).to.equal(0n);
  });

  it("proved with real proofs, one per node per period; node 1's miss was slashed; node 0 claimed its rewards", async () => {
    const { actors } = s;
    const c0 = actors.as(actors.admin);
    const proven = await c0.verifier.queryFilter(c0.verifier.filters.PeriodProven());
    const byNode = (i: number) => proven.filter((e) => e.args.node === actors.nodes[i].address);
    expect(byNode(0).map((e) => e.args.period)).to.deep.equal([0n, 1n]);
    expect(byNode(0).every((e) => e.args.challenged === 32n && e.args.reward > 0n)).to.equal(true);
    expect(byNode(2).length).to.be.at.least(1);
    const missed = await c0.verifier.queryFilter(c0.verifier.filters.PeriodMissed());
    expect(missed.map((e) => [actors.indexOf(e.args.node), e.args.reporter])).to.deep.equal([[1, actors.reporter.address]]);
    expect(missed[0].args.slashed).to.equal(await c0.registry.minSlash());
    const [, , faulted] = await c0.ledger.nodeAccount(actors.nodes[1].address);
    expect(faulted).to.equal(missed[0].args.period);
    const claimed = await c0.ledger.queryFilter(c0.ledger.filters.RewardsClaimed(actors.nodes[0].address));
    expect(claimed).to.have.length(1);
    expect(claimed[0].args.amount).to.equal(byNode(0).reduce((n, e) => n + e.args.reward, 0n));
  });

  it("the deployer holds no governance role; a change through the timelock takes effect", async () => {
    const { actors } = s;
    const c0 = actors.as(actors.admin);
    const ledger = await c0.ledger.getAddress();
    expect(await c0.ledger.hasRole(await c0.ledger.GOVERNANCE_ROLE(), actors.admin.address)).to.equal(false);
    expect(await c0.ledger.hasRole(await c0.ledger.DEFAULT_ADMIN_ROLE(), actors.admin.address)).to.equal(false);
    const old = await c0.ledger.settings();
    const next = { spacePrice: old.spacePrice * 2n, proofFee: old.proofFee, acceptWindow: old.acceptWindow + 1n, maxCopies: old.maxCopies, maxCandidates: old.maxCandidates };
    await c0.ledger.setSettings.staticCall(next).then(
      () => expect.fail("the deployer changed the settings directly"),
      (e) => expect(String(e.message ?? e)).to.match(/AccessControlUnauthorizedAccount|reverted/),
    );
    await chain.govern(ledger, c0.ledger.interface.encodeFunctionData("setSettings", [next]));
    const now = await c0.ledger.settings();
    expect([now.spacePrice, now.acceptWindow]).to.deep.equal([old.spacePrice * 2n, old.acceptWindow + 1n]);
  });
});
