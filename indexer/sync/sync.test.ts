import { expect } from "chai";
import type { TestChain } from "@dsp/testkit";
import { dealScenarioChain, type DealScenario } from "../test/deals.js";
import { runEndings } from "../test/endings.js";
import { onEachDatabase, type TestDatabase } from "../test/databases.js";
import { dump } from "../test/dump.js";
import { caught } from "../test/caught.js";
import type { IndexerDb } from "../db/index.js";
import { Syncer, type SyncOptions, type SyncProgress } from "./syncer.js";
import { ReorgTooDeep, WrongChain } from "./errors.js";
import { startGraphqlServer } from "../graphql/server.js";

const E18 = 10n ** 18n;
const NO_FAULT = 2n ** 32n - 1n;
const SLOT_STATUS = ["none", "offered", "active"];
type Contracts = ReturnType<DealScenario["actors"]["as"]>;
const low = (s: string) => s.toLowerCase();

/** The indexed slots of a deal's newest row that the ledger still lists (offered or active) equal holdersOf. */
async function expectSlots(db: IndexerDb["db"], view: Contracts, dealId: string) {
  const deal = (await db.deal.findFirst({ where: { dealId }, orderBy: { seq: "desc" } }))!;
  const [nodes, slots] = await view.ledger.holdersOf(dealId);
  const chain = nodes.map((n, i) => ({
    node: low(n), status: SLOT_STATUS[Number(slots[i].status)], escrow: slots[i].escrow.toString(),
    ...(slots[i].status === 2n
      ? { pieceId: Number(slots[i].pieceId), firstPeriod: Number(slots[i].firstPeriod), lastPeriod: Number(slots[i].lastPeriod), rate: slots[i].rate.toString() }
      : { offeredUntil: slots[i].offeredUntil.toString() }),
  })).sort((x, y) => x.node.localeCompare(y.node));
  const rows = await db.slot.findMany({ where: { dealId, seq: deal.seq, status: { in: ["offered", "active"] } }, orderBy: { node: "asc" } });
  expect(rows.map((r) => ({
    node: r.node, status: r.status, escrow: r.escrow,
    ...(r.status === "active" ? { pieceId: r.pieceId, firstPeriod: r.firstPeriod, lastPeriod: r.lastPeriod, rate: r.rate } : { offeredUntil: r.offeredUntil }),
  })), dealId).to.deep.equal(chain);
  const cands = await db.candidate.findMany({ where: { dealId, seq: deal.seq, used: false }, orderBy: { position: "asc" } });
  expect(cands.map((c) => c.node)).to.deep.equal((await view.ledger.candidatesOf(dealId)).map(low));
}

/** Every closed period and fault as the chain logged them equals the indexed rows, in order. */
async function expectPeriods(db: IndexerDb["db"], view: Contracts) {
  const proven = (await view.verifier.queryFilter(view.verifier.filters.PeriodProven())).map((e) => ({ at: [e.blockNumber, e.index], row: {
    node: low(e.args.node), period: Number(e.args.period), proven: true, reward: e.args.reward.toString(), challenged: Number(e.args.challenged),
    skipped: Number(e.args.skipped), slashed: "0", reporter: null,
  } }));
  const missed = (await view.verifier.queryFilter(view.verifier.filters.PeriodMissed())).map((e) => ({ at: [e.blockNumber, e.index], row: {
    node: low(e.args.node), period: Number(e.args.period), proven: false, reward: "0", challenged: 0, skipped: 0, slashed: e.args.slashed.toString(),
    reporter: low(e.args.reporter),
  } }));
  const chain = [...proven, ...missed].sort((x, y) => x.at[0] - y.at[0] || x.at[1] - y.at[1]).map((x) => x.row);
  const rows = await db.period.findMany({ orderBy: { id: "asc" } });
  expect(rows.map(({ node, period, proven, reward, challenged, skipped, slashed, reporter }) => ({ node, period, proven, reward, challenged, skipped, slashed, reporter })))
    .to.deep.equal(chain);
  const faults = (await view.ledger.queryFilter(view.ledger.filters.NodeFaulted())).map((e) => ({
    node: low(e.args.node), period: Number(e.args.period), reporter: low(e.args.reporter), slashed: e.args.slashed.toString(),
  }));
  expect((await db.fault.findMany({ orderBy: { id: "asc" } })).map(({ node, period, reporter, slashed }) => ({ node, period, reporter, slashed }))).to.deep.equal(faults);
  return { proven: proven.length, missed: missed.length, faults: faults.length };
}

/** A node's row equals the registry's record, the ledger's account and the verifier's schedule and proof set. */
async function expectNode(db: IndexerDb["db"], view: Contracts, address: string, status?: string) {
  const info = await view.registry.getNode(address);
  const row = (await db.node.findUnique({ where: { address: low(address) } }))!;
  // a withdrawn node is forgotten by the registry (its address too); we keep its row
  expect({ hostAddr: status ? "" : row.hostAddr, volume: row.volume, restVolume: row.restVolume, liveFiles: row.liveFiles, pledge: row.pledge, status: row.status }, address)
    .to.deep.equal({ hostAddr: info.hostAddr, volume: info.volume.toString(), restVolume: info.restVolume.toString(), liveFiles: info.liveFiles.toString(), pledge: info.pledge.toString(), status: status ?? ["None", "Active", "Quit"][Number(info.status)] });
  expect(row.rewards).to.equal((await view.ledger.rewardsOf(address)).toString());
  const [, proven, faulted] = await view.ledger.nodeAccount(address);
  expect([row.provenPeriods, row.faultedPeriod]).to.deep.equal([Number(proven), faulted === NO_FAULT ? null : Number(faulted)]);
  const [period] = await view.verifier.scheduleOf(address);
  const [total, live] = await view.verifier.weightOf(address);
  const pieces = await db.piece.findMany({ where: { node: low(address) }, orderBy: { pieceId: "asc" } });
  const stillToProve = pieces.filter((p) => !p.removed && p.lastPeriod >= row.period).reduce((sum, p) => sum + BigInt(p.leafCount), 0n);
  expect([row.period, row.weightTotal, stillToProve]).to.deep.equal([Number(period), total.toString(), live]);
  expect(pieces.length).to.equal(row.pieces);
  for (const p of pieces) {
    const onChain = await view.verifier.pieceOf(address, p.pieceId);
    expect([p.dealId, p.dataRoot, p.leafCount, p.lastPeriod, p.removed]).to.deep.equal([low(onChain.dealId), low(onChain.dataRoot), onChain.leafCount.toString(), Number(onChain.lastPeriod), onChain.removed]);
  }
  return row;
}

/** The indexed row of a SCAN server that is still in the registry equals its record there. */
async function expectScanNode(db: IndexerDb["db"], view: Contracts, address: string) {
  const info = await view.scanRegistry.getScanNode(address);
  const row = (await db.scanNode.findUnique({ where: { address: address.toLowerCase() } }))!;
  expect({ hostAddr: row.hostAddr, pledge: row.pledge, status: row.status, registeredAt: row.registeredAt, quitAt: row.quitAt, withdrawableAt: row.withdrawableAt })
    .to.deep.equal({
      hostAddr: info.hostAddr, pledge: info.pledge.toString(), status: ["None", "Active", "Quitting"][Number(info.status)], registeredAt: info.registeredAt,
      quitAt: info.quitAt.toString(), withdrawableAt: info.withdrawableAt.toString(),
    });
}

describe("indexer sync", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let scenario: DealScenario;
  before(async () => ({ chain, scenario } = await dealScenarioChain()));
  after(async () => chain?.stop());

  /** The same behaviour on every database the indexer supports. */
  onEachDatabase((_name, factory) => {
    const opened: { t: TestDatabase; h: IndexerDb }[] = [];
    afterEach(async () => {
      for (const { t, h } of opened.splice(0)) {
        await h.close();
        await t.drop();
      }
    });

    async function fresh() {
      const t = await factory();
      const h = await t.open();
      opened.push({ t, h });
      return { t, h };
    }
    const syncer = (h: IndexerDb, over: Partial<SyncOptions> = {}) =>
      new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments, finalityDepth: 8, blockRange: 50, ...over });

    it("rebuilds deals, slots, nodes with their accounts and proof sets, periods, faults, whitelist, DNS, channels, accounts, user spaces and SCAN servers as the chain has them", async () => {
      const { h } = await fresh();
      const head = await chain.head();
      expect(await syncer(h).syncTo()).to.equal(head);
      const db = h.db;
      const { actors, a, b, a2, channelId } = scenario;
      const view = actors.as(actors.admin);
      const [n0, n1, n2, n3] = actors.nodes.map((n) => low(n.address));

      for (const d of [a, b, a2]) {
        const info = await view.ledger.getFileInfo(d.dealId);
        const row = (await db.deal.findFirst({ where: { dealId: d.dealId } }))!;
        expect({ seq: row.seq, fileHash: row.fileHash, owner: row.owner, privilege: row.privilege, deposit: row.deposit, expiredHeight: row.expiredHeight, dataRoot: row.dataRoot, leafCount: row.leafCount, blockHeight: row.blockHeight, valid: row.valid })
          .to.deep.equal({ seq: 0, fileHash: low(info.fileHash), owner: low(info.owner), privilege: Number(info.privilege), deposit: info.deposit.toString(), expiredHeight: info.expiredHeight.toString(), dataRoot: low(info.dataRoot), leafCount: info.leafCount.toString(), blockHeight: info.blockHeight.toString(), valid: true });
        await expectSlots(db, view, d.dealId);
      }
      // one File Hash, two owners' deals
      expect(a2.fileHash).to.equal(a.fileHash);
      expect(a2.dealId).to.not.equal(a.dealId);
      expect(await db.file.findUnique({ where: { fileHash: a.fileHash } })).to.deep.include({ deals: 2, liveDeals: 2 });
      expect((await db.deal.findMany({ where: { fileHash: a.fileHash }, orderBy: { owner: "asc" } })).map((d) => d.owner)).to.deep.equal([low(actors.owner.address), low(actors.other.address)].sort());
      // node 1 missed and was recovered from: its slot of a passed to node 2, the first candidate; it declined a2, which went to node 3
      const slot = (dealId: string, node: string) => db.slot.findFirst({ where: { dealId, node } });
      expect(await slot(a.dealId, n1)).to.deep.include({ status: "released", reason: "recovered", paid: "0" });
      expect(await slot(a.dealId, n2)).to.deep.include({ status: "active", replaced: n1 });
      expect(await slot(a.dealId, n0)).to.deep.include({ status: "active", replaced: null });
      expect(await slot(a2.dealId, n1)).to.deep.include({ status: "withdrawn", reason: "declined" });
      expect(await slot(a2.dealId, n3)).to.deep.include({ status: "active", replaced: n1 });
      const recovered = (await slot(a.dealId, n1))!;
      expect(BigInt(recovered.left!)).to.equal(BigInt(recovered.escrow));
      expect((await slot(a.dealId, n2))!.escrow).to.equal(recovered.left);
      // candidate 2 was offered a's slot, 3 is still behind it
      expect((await db.candidate.findMany({ where: { dealId: a.dealId }, orderBy: { position: "asc" } })).map((c) => [c.node, c.used])).to.deep.equal([[n2, true], [n3, false]]);

      for (const n of actors.nodes) await expectNode(db, view, n.address);
      expect((await db.node.findUnique({ where: { address: n1 } }))!.faultedPeriod).to.not.equal(null);
      expect((await db.node.findUnique({ where: { address: n2 } }))!.pieces).to.equal(2);

      // nodes 0 (twice), 2 and 3 proved, node 1 missed once
      const counts = await expectPeriods(db, view);
      expect(counts).to.deep.equal({ proven: 4, missed: 1, faults: 1 });
      const faults = await db.fault.findMany();
      expect(faults[0].node).to.equal(n1);
      expect(BigInt(faults[0].slashed) > 0n, "slashed").to.equal(true);
      expect((await db.period.findMany({ where: { node: n0, proven: true } })).every((p) => BigInt(p.reward) > 0n && p.challenged > 0)).to.equal(true);
      const claims = await db.rewardClaim.findMany();
      expect(claims.map((c) => c.node)).to.deep.equal([n0]);

      const rules = await db.whitelistRule.findMany({ where: { dealId: b.dealId } });
      expect(rules.map((r) => [r.addr, r.fromHeight, r.toHeight])).to.deep.equal(
        (await view.whitelist.rulesOf(b.dealId)).map((r) => [r.addr.toLowerCase(), r.fromHeight.toString(), r.toHeight.toString()]));
      expect(rules).to.have.length(1);

      const rec = await view.dns.resolve("dsp", "hello");
      const url = (await db.dnsUrl.findUnique({ where: { header_url: { header: "dsp", url: "hello" } } }))!;
      expect([url.link, url.owner]).to.deep.equal([rec.link, rec.owner.toLowerCase()]);

      const chan = await view.channels.getChannel(channelId);
      const crow = (await db.channel.findUnique({ where: { channelId } }))!;
      expect([crow.deposit, crow.sender, crow.recipient, crow.status]).to.deep.equal([chan.deposit.toString(), chan.sender.toLowerCase(), chan.recipient.toLowerCase(), "Open"]);

      const acct = await db.account.findUnique({ where: { evm: chain.wallet(2).address.toLowerCase() } });
      expect(acct?.dsp).to.equal((await view.accounts.dspAddressOf(chain.wallet(2).address)).toLowerCase());
      const space = await view.userSpace.getUserSpace(actors.owner.address);
      const srow = (await db.userSpace.findUnique({ where: { owner: actors.owner.address.toLowerCase() } }))!;
      expect([srow.totalBytes, srow.balance, srow.expiredHeight]).to.deep.equal([space.totalBytes.toString(), space.balance.toString(), space.expiredHeight.toString()]);

      // SCAN servers: server 0 moved and changed its pledge (300 + 50 - 20)
      for (const s of actors.scans) await expectScanNode(db, view, s.address);
      expect((await db.scanNode.findUnique({ where: { address: actors.scans[0].address.toLowerCase() } }))!.pledge).to.equal((330n * E18).toString());
    });

    it("follows deals deleted, expired, lost and stored again, slots refunded, nodes unregistered and withdrawn, channels settled, headers deleted or expired, and SCAN servers slashed or withdrawn", async () => {
      const snap = await chain.snapshot();
      let server: Awaited<ReturnType<typeof startGraphqlServer>> | undefined;
      try {
        const { actors, a, b, a2, channelId } = scenario;
        const ends = await runEndings(chain, scenario);
        const { h } = await fresh();
        await syncer(h).syncTo();
        const db = h.db;
        const view = actors.as(actors.admin);
        const [n0, n1, n2, n3] = actors.nodes.map((n) => low(n.address));
        const deal = (d: { dealId: string }, seq = 0) => db.deal.findUnique({ where: { dealId_seq: { dealId: d.dealId, seq } } });
        const slot = (d: { dealId: string }, node: string, seq = 0) => db.slot.findUnique({ where: { dealId_seq_node: { dealId: d.dealId, seq, node } } });

        for (const [d, reason, refund] of [[b, "deleted", ends.deletedRefund], [a, "expired", ends.expiredRefund], [ends.e, "lost", ends.lostRefund]] as const) {
          const row = (await deal(d))!;
          expect([row.valid, row.endReason, row.refund], reason).to.deep.equal([false, reason, refund.toString()]);
          expect(refund > 0n, "refund").to.equal(true);
          expect(row.endedBlock! > row.storedBlock).to.equal(true);
        }
        expect(String(await caught(() => view.ledger.getFileInfo(a.dealId)))).to.contain("FileNotFound");
        expect(await deal(a2)).to.deep.include({ valid: false, endReason: "expired" });
        // every slot of a closed deal has left it, and how
        for (const d of [a, a2, b, ends.g, ends.e, ends.spaceFile]) {
          expect(await db.slot.count({ where: { dealId: d.dealId, seq: 0, status: { in: ["offered", "active"] } } }), d.dealId).to.equal(0);
        }
        expect((await db.slot.findMany({ where: { dealId: a.dealId }, orderBy: { node: "asc" } })).map((x) => [x.node, x.status, x.reason])).to.deep.equal(
          [[n0, "released", "expired"], [n1, "released", "recovered"], [n2, "released", "expired"]].sort((x, y) => x[0].localeCompare(y[0])));
        expect(await slot(ends.g, n0)).to.deep.include({ status: "released", reason: "deleted" });
        expect(await slot(ends.g, n2)).to.deep.include({ status: "withdrawn", reason: "deleted" });
        expect(await slot(ends.e, n3)).to.deep.include({ status: "withdrawn", reason: "lapsed" });
        expect(await slot(ends.spaceFile, n0)).to.deep.include({ status: "withdrawn", reason: "deleted" });
        // what a closed deal escrowed went to its holders or back to its payer, to the wei
        for (const d of [a, a2, b, ends.g, ends.e, ends.spaceFile]) {
          const row = (await deal(d))!;
          const paid = (await db.slot.findMany({ where: { dealId: d.dealId, seq: 0, status: "released" } })).reduce((sum, x) => sum + BigInt(x.paid!), 0n);
          expect(paid + BigInt(row.refund!) + BigInt(row.refunded), d.dealId).to.equal(BigInt(row.deposit));
        }
        // f goes on with node 0; node 1's declined slot went back as no candidate was left
        expect(await deal(ends.f)).to.deep.include({ valid: true, refunded: ends.slotRefund.toString() });
        expect(await slot(ends.f, n1)).to.deep.include({ status: "withdrawn", reason: "declined" });
        await expectSlots(db, view, ends.f.dealId);
        // b was stored again under its dealId: a new deal, the deleted one kept apart
        expect(ends.bAgain.dealId).to.equal(b.dealId);
        expect(await deal(b, 1)).to.deep.include({ valid: true, endReason: null, seq: 1 });
        expect(await slot(b, n2, 1)).to.deep.include({ status: "active" });
        expect(await slot(b, n2, 0)).to.deep.include({ status: "released", reason: "deleted" });
        await expectSlots(db, view, b.dealId);
        expect(await db.file.findUnique({ where: { fileHash: b.fileHash } })).to.deep.include({ deals: 2, liveDeals: 1 });
        expect(await db.file.findUnique({ where: { fileHash: a.fileHash } })).to.deep.include({ deals: 2, liveDeals: 0 });
        expect(await db.whitelistRule.count({ where: { dealId: b.dealId } })).to.equal(0);
        await expectPeriods(db, view);
        // h's piece: removed inside the frozen range, still in the tree (its last period cut to the one under way)
        // until compact took it; each state as the verifier had it then
        const hSlot = (await slot(ends.h, n0))!;
        expect([hSlot.status, hSlot.reason]).to.deep.equal(["released", "deleted"]);
        expect(await db.piece.count({ where: { dealId: ends.h.dealId } })).to.equal(0);
        const then = await fresh();
        await syncer(then.h).syncTo(ends.hLeaving);
        const leaving = (await then.h.db.piece.findFirst({ where: { dealId: ends.h.dealId } }))!;
        const onChain = await view.verifier.pieceOf(actors.nodes[0].address, leaving.pieceId, { blockTag: Number(ends.hLeaving) });
        expect([leaving.removed, leaving.lastPeriod, leaving.leafCount]).to.deep.equal([true, Number(onChain.lastPeriod), onChain.leafCount.toString()]);
        expect(onChain.removed).to.equal(true);
        expect(leaving.lastPeriod).to.be.lessThan(hSlot.lastPeriod!);
        const [total] = await view.verifier.weightOf(actors.nodes[0].address, { blockTag: Number(ends.hLeaving) });
        expect((await then.h.db.node.findUnique({ where: { address: n0 } }))!.weightTotal).to.equal(total.toString());

        // the user-space file: deleted, its bytes and refund back in the space; the revoked space gone
        const spaceFile = (await deal(ends.spaceFile))!;
        expect([spaceFile.storageType, spaceFile.valid, spaceFile.endReason]).to.deep.equal([0, false, "deleted"]);
        const space = await view.userSpace.getUserSpace(actors.owner.address);
        const srow = (await db.userSpace.findUnique({ where: { owner: actors.owner.address.toLowerCase() } }))!;
        expect([srow.totalBytes, srow.usedBytes, srow.balance, srow.expiredHeight]).to.deep.equal(
          [space.totalBytes.toString(), space.usedBytes.toString(), space.balance.toString(), space.expiredHeight.toString()]);
        expect(srow.usedBytes).to.equal("0");
        expect((await view.userSpace.getUserSpace(actors.other.address)).expiredHeight).to.equal(0n);
        expect(await db.userSpace.count({ where: { owner: actors.other.address.toLowerCase() } })).to.equal(0);

        const withdrawn = n3;
        for (const n of actors.nodes) {
          const row = await expectNode(db, view, n.address, low(n.address) === withdrawn ? "Withdrawn" : undefined);
          if (low(n.address) !== withdrawn) continue;
          expect([row.volume, row.pledge, row.status]).to.deep.equal(["0", "0", "Withdrawn"]);
        }
        expect((await db.node.findUnique({ where: { address: n1 } }))!.status).to.equal("Quit");

        // SCAN server 0 slashed once for its false answer, server 1 quit and withdrawn
        const [scan0, scan1] = actors.scans.map((x) => x.address.toLowerCase());
        await expectScanNode(db, view, scan0);
        const row0 = (await db.scanNode.findUnique({ where: { address: scan0 } }))!;
        expect([row0.status, row0.slashed]).to.deep.equal(["Active", ends.scanSlash.amount.toString()]);
        const slashes = await db.scanSlash.findMany();
        expect(slashes.map((x) => [x.node, x.challenger, x.amount, x.reward])).to.deep.equal(
          [[scan0, actors.reporter.address.toLowerCase(), ends.scanSlash.amount.toString(), ends.scanSlash.reward.toString()]]);
        expect(ends.scanSlash.amount > 0n, "slashed").to.equal(true);
        expect((await view.scanRegistry.getScanNode(scan1)).status).to.equal(0n);
        const row1 = (await db.scanNode.findUnique({ where: { address: scan1 } }))!;
        expect([row1.status, row1.pledge]).to.deep.equal(["Withdrawn", "0"]);
        expect(BigInt(row1.withdrawableAt) - BigInt(row1.quitAt)).to.equal(20n);
        expect((await view.registry.getNode(withdrawn)).status).to.equal(0n);

        for (const [id, collected, refunded] of [[channelId, 2n * E18, 4n * E18], [low(ends.closedChannelId), E18, 2n * E18]] as const) {
          const chan = await view.channels.getChannel(id);
          const row = (await db.channel.findUnique({ where: { channelId: id } }))!;
          expect([row.deposit, row.collected, row.closingAmount, row.closesAt, row.status]).to.deep.equal(
            [chan.deposit.toString(), chan.collected.toString(), chan.closingAmount.toString(), chan.closesAt.toString(), ["None", "Open", "Closing", "Settled"][Number(chan.status)]]);
          expect([row.collected, row.refunded, row.status]).to.deep.equal([collected.toString(), refunded.toString(), "Settled"]);
        }

        for (const name of ["acme", "brief"]) {
          const hdr = await view.dns.getHeader(name);
          const row = (await db.dnsHeader.findFirst({ where: { name } }))!;
          expect([row.owner, row.desc, row.expiredHeight, row.generation]).to.deep.equal(
            [hdr.owner.toLowerCase(), hdr.desc, hdr.expiredHeight.toString(), hdr.generation.toString()]);
        }
        expect((await db.dnsHeader.findFirst({ where: { name: "acme" } }))!.owner).to.equal("0x0000000000000000000000000000000000000000");

        server = await startGraphqlServer({ db, chainId: chain.deployments.chainId, maxDepth: 6 });
        const resolve = async (header: string, url: string) => {
          const res = await fetch(server!.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `query($h: String!, $u: String!) { resolve(header: $h, url: $u) { link } }`, variables: { h: header, u: url } }) });
          return (await res.json()) as { data?: { resolve: { link: string } }; errors?: { message: string; extensions?: { code?: number } }[] };
        };
        const gone = await resolve("acme", "site");
        expect([gone.errors?.[0].extensions?.code, gone.errors?.[0].message]).to.deep.equal([55059, "acme://site does not resolve: header not registered"]);
        const stale = await resolve("brief", "page");
        expect([stale.errors?.[0].extensions?.code, stale.errors?.[0].message]).to.deep.equal([55059, "brief://page does not resolve: header expired"]);
        expect((await resolve("dsp", "hello")).data?.resolve.link).to.equal(`dsp://file?hash=${a.fileHash}`);
      } finally {
        await server?.close();
        await chain.revert(snap);
      }
    });

    it("resumes after a restart at any block with no duplicate or missing row", async () => {
      const head = await chain.head();
      const whole = await fresh();
      await syncer(whole.h, { finalityDepth: 1000 }).syncTo(head);
      const expected = await dump(whole.h.db);
      const start = BigInt(chain.deployments.startBlock);
      for (const k of [start + 3n, (start + head) / 2n, head - 2n]) {
        const { t, h } = await fresh();
        await syncer(h, { finalityDepth: 1000 }).syncTo(k);
        expect((await h.db.checkpoint.findFirst())!.blockNumber).to.equal(k);
        await h.close();
        const again = await t.open(); // a new process: new client, new syncer
        opened.push({ t, h: again });
        expect(await syncer(again, { finalityDepth: 1000 }).syncTo(head)).to.equal(head);
        expect(await dump(again.db)).to.deep.equal(expected);
      }
    });

    it("applies only blocks with `confirmations` blocks on top", async () => {
      const snap = await chain.snapshot();
      try {
        const { h } = await fresh();
        const s = syncer(h, { confirmations: 3 });
        await s.syncTo();
        const { actors } = scenario;
        await (await actors.as(actors.owner).dns.registerUrl(2, "", "confirm-me", "dsp://x", "", 0n)).wait();
        const head = await chain.head();
        expect(await s.syncTo()).to.equal(head - 3n);
        expect(await h.db.dnsUrl.count({ where: { url: "confirm-me" } })).to.equal(0);
        await chain.mine(2);
        await s.syncTo();
        expect(await h.db.dnsUrl.count({ where: { url: "confirm-me" } })).to.equal(0);
        await chain.mine(1);
        expect(await s.syncTo()).to.equal(head);
        expect(await h.db.dnsUrl.count({ where: { url: "confirm-me" } })).to.equal(1);
      } finally {
        await chain.revert(snap);
      }
    });

    it("rolls back the blocks a reorg dropped and applies the new branch", async () => {
      const { actors, a } = scenario;
      const snap = await chain.snapshot();
      let reverted = false;
      try {
        const { h } = await fresh();
        const events: SyncProgress[] = [];
        const s = syncer(h, { finalityDepth: 1000, onProgress: (e) => events.push(e) });
        await s.syncTo();
        const before = await dump(h.db);
        // branch A: a name, a privilege change, more pledge, a new file (new rows and changed rows)
        await (await actors.as(actors.owner).dns.registerUrl(2, "", "fork-a", "dsp://a", "", 0n)).wait();
        await (await actors.as(actors.owner).ledger.setPrivilege(a.dealId, 1)).wait();
        await (await actors.as(actors.nodes[3]).registry.addPledge(10n ** 18n)).wait();
        await (await actors.as(actors.scans[0]).scanRegistry.quit()).wait();
        const c = await actors.storeFile("fork-a-file", [3], [0]);
        await (await actors.as(actors.nodes[3]).ledger.declineDeal(c.dealId)).wait(); // node 0 gets the offer
        await chain.mine(3);
        await s.syncTo();
        expect(await h.db.dnsUrl.count({ where: { url: "fork-a" } })).to.equal(1);
        expect((await h.db.slot.findMany({ where: { dealId: c.dealId }, orderBy: { node: "asc" } })).map((x) => x.status).sort()).to.deep.equal(["offered", "withdrawn"]);
        expect((await h.db.file.findUnique({ where: { fileHash: a.fileHash } }))!.deals).to.equal(2);
        expect((await h.db.scanNode.findUnique({ where: { address: actors.scans[0].address.toLowerCase() } }))!.status).to.equal("Quitting");

        await chain.revert(snap);
        reverted = true;
        const snap2 = await chain.snapshot();
        try {
          // branch B: other transactions, and fewer blocks than branch A had
          await (await actors.as(actors.owner).dns.registerUrl(2, "", "fork-b", "dsp://b", "", 0n)).wait();
          const d = await actors.storeFile("fork-b-file", [3], []);
          await s.syncTo();
          expect(events.some((e) => e.type === "indexer:reorg")).to.equal(true);
          expect(await h.db.dnsUrl.count({ where: { url: "fork-a" } })).to.equal(0);
          expect(await h.db.dnsUrl.count({ where: { url: "fork-b" } })).to.equal(1);
          expect(await h.db.file.count({ where: { fileHash: c.fileHash } })).to.equal(0);
          expect(await h.db.deal.count({ where: { dealId: c.dealId } })).to.equal(0);
          expect(await h.db.slot.count({ where: { dealId: c.dealId } })).to.equal(0);
          expect(await h.db.candidate.count({ where: { dealId: c.dealId } })).to.equal(0);
          expect(await h.db.slot.count({ where: { dealId: d.dealId, status: "offered" } })).to.equal(1);
          expect((await h.db.deal.findFirst({ where: { dealId: a.dealId } }))!.privilege).to.equal(0);
          const node3 = await actors.as(actors.admin).registry.getNode(actors.nodes[3].address);
          const row3 = (await h.db.node.findUnique({ where: { address: actors.nodes[3].address.toLowerCase() } }))!;
          expect([row3.pledge, row3.restVolume]).to.deep.equal([node3.pledge.toString(), node3.restVolume.toString()]);
          expect((await h.db.scanNode.findUnique({ where: { address: actors.scans[0].address.toLowerCase() } }))!.status).to.equal("Active");
          // and the result is exactly what indexing branch B from scratch gives
          const ref = await fresh();
          await syncer(ref.h, { finalityDepth: 1000 }).syncTo();
          expect(await dump(h.db)).to.deep.equal(await dump(ref.h.db));
          expect(await dump(h.db)).to.not.deep.equal(before);
        } finally {
          await chain.revert(snap2);
        }
      } finally {
        if (!reverted) await chain.revert(snap);
      }
    });

    it("follows a chain advanced by hardhat_mine, whose reserved blocks have a zero parentHash, and still sees a reorg across them", async () => {
      const { actors } = scenario;
      const ZERO = `0x${"0".repeat(64)}`;
      const parentOf = async (n: bigint) => (await chain.send<{ parentHash: string }>("eth_getBlockByNumber", [`0x${n.toString(16)}`, false])).parentHash;
      const snap = await chain.snapshot();
      let reverted = false;
      try {
        const events: SyncProgress[] = [];
        const { h } = await fresh();
        const s = syncer(h, { onProgress: (e) => events.push(e) }); // finality 8: range mode, then block by block near the head
        const blockMode = await fresh();
        const b = syncer(blockMode.h, { finalityDepth: 100_000 }); // every block checked against its parent
        await s.syncTo();
        await b.syncTo();
        const start = await chain.head();
        await chain.mineMany(300);
        expect(await parentOf(start + 10n)).to.equal(ZERO); // the premise: hardhat leaves the link out
        await (await actors.as(actors.owner).dns.registerUrl(2, "", "after-mine", "dsp://m", "", 0n)).wait();
        await chain.mineMany(30); // the head itself sits among reserved blocks
        const head = await chain.head();
        expect(await parentOf(head - 3n)).to.equal(ZERO);
        expect(await s.syncTo()).to.equal(head);
        expect(await b.syncTo()).to.equal(head);
        await chain.mineMany(20);
        expect(await s.syncTo()).to.equal(head + 20n);
        expect(await b.syncTo()).to.equal(head + 20n);
        expect(events.filter((e) => e.type === "indexer:reorg")).to.deep.equal([]);
        expect(await h.db.dnsUrl.count({ where: { url: "after-mine" } })).to.equal(1);
        const ref = await fresh();
        await syncer(ref.h).syncTo();
        expect(await dump(h.db)).to.deep.equal(await dump(ref.h.db));
        expect(await dump(blockMode.h.db)).to.deep.equal(await dump(ref.h.db));

        // another branch, also made of reserved blocks, 400 blocks deep: the block-mode indexer rolls
        // the name back; the other applied those blocks by range (final, no undo data) and must refuse
        await chain.revert(snap);
        reverted = true;
        const snap2 = await chain.snapshot();
        try {
          await chain.mineMany(200);
          await (await actors.as(actors.owner).dns.registerUrl(2, "", "other-branch", "dsp://o", "", 0n)).wait();
          await chain.mineMany(200);
          expect(await b.syncTo()).to.equal(await chain.head());
          const ref2 = await fresh();
          await syncer(ref2.h).syncTo();
          expect(await blockMode.h.db.dnsUrl.count({ where: { url: "after-mine" } })).to.equal(0);
          expect(await blockMode.h.db.dnsUrl.count({ where: { url: "other-branch" } })).to.equal(1);
          expect(await dump(blockMode.h.db)).to.deep.equal(await dump(ref2.h.db));
          const indexed = await dump(h.db);
          expect(await caught(() => s.syncTo())).to.be.instanceOf(ReorgTooDeep);
          expect(await dump(h.db)).to.deep.equal(indexed);
        } finally {
          await chain.revert(snap2);
        }
      } finally {
        if (!reverted) await chain.revert(snap);
      }
    });

    it("refuses an RPC endpoint of another chain and writes nothing", async () => {
      const { h } = await fresh();
      const s = new Syncer({ db: h.db, rpcUrl: chain.url, deployments: { ...chain.deployments, chainId: 1 } });
      const err = await caught(() => s.syncTo());
      expect(err).to.be.instanceOf(WrongChain);
      expect(await h.db.checkpoint.count()).to.equal(0);
      expect(await h.db.node.count()).to.equal(0);
    });

    it("rejects negative confirmations and a zero block range", () => {
      expect(() => new Syncer({ db: {} as never, rpcUrl: chain.url, deployments: chain.deployments, confirmations: -1 })).to.throw(RangeError);
      expect(() => new Syncer({ db: {} as never, rpcUrl: chain.url, deployments: chain.deployments, blockRange: 0 })).to.throw(RangeError);
    });
  });
});
