import { expect } from "chai";
import type { TestChain } from "@dsp/testkit";
import { scenarioChain, type Contracts, type ScenarioResult } from "@dsp/testkit";
import { runEndings } from "../test/endings.js";
import { onEachDatabase, type TestDatabase } from "../test/databases.js";
import { dump } from "../test/dump.js";
import { caught } from "../test/caught.js";
import type { IndexerDb } from "../db/index.js";
import { Syncer, type SyncOptions, type SyncProgress } from "./syncer.js";
import { ReorgTooDeep, WrongChain } from "./errors.js";
import { startGraphqlServer } from "../graphql/server.js";

const E18 = 10n ** 18n;

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
  let scenario: ScenarioResult;
  before(async () => ({ chain, scenario } = await scenarioChain()));
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

    it("rebuilds files, holders, nodes, proofs, faults, whitelist, DNS, channels, accounts, user spaces and SCAN servers as the chain has them", async () => {
      const { h } = await fresh();
      const head = await chain.head();
      expect(await syncer(h).syncTo()).to.equal(head);
      const db = h.db;
      const { actors, a, b, channelId } = scenario;
      const view = actors.as(actors.admin);

      for (const f of [a, b]) {
        const info = await view.ledger.getFileInfo(f.fileHash);
        const row = (await db.file.findUnique({ where: { fileHash: f.fileHash } }))!;
        expect(row.owner).to.equal(info.owner.toLowerCase());
        expect(row.privilege).to.equal(Number(info.privilege));
        expect(row.deposit).to.equal(info.deposit.toString());
        expect(row.expiredHeight).to.equal(info.expiredHeight.toString());
        expect(row.dataRoot).to.equal(info.dataRoot.toLowerCase());
        expect(row.valid).to.equal(true);
        const [nodes, states] = await view.ledger.holdersOf(f.fileHash);
        const holders = await db.holder.findMany({ where: { fileHash: f.fileHash, active: true }, orderBy: { node: "asc" } });
        const chainHolders = nodes.map((n, i) => ({
          node: n.toLowerCase(), started: states[i].started, proofsDone: states[i].proofsDone.toString(),
          proofsLeft: states[i].proofsLeft.toString(), escrow: states[i].escrow.toString(), nextChallenge: states[i].nextChallenge.toString(),
        })).sort((x, y) => x.node.localeCompare(y.node));
        expect(holders.map(({ node, started, proofsDone, proofsLeft, escrow, nextChallenge }) => ({ node, started, proofsDone, proofsLeft, escrow, nextChallenge })))
          .to.deep.equal(chainHolders);
        const cands = await db.candidate.findMany({ where: { fileHash: f.fileHash, used: false }, orderBy: { position: "asc" } });
        expect(cands.map((c) => c.node)).to.deep.equal((await view.ledger.candidatesOf(f.fileHash)).map((x) => x.toLowerCase()));
      }
      // node 1 missed and was replaced by node 2, the first candidate
      const replacement = await db.holder.findUnique({ where: { fileHash_node: { fileHash: a.fileHash, node: actors.nodes[2].address.toLowerCase() } } });
      expect(replacement?.replaced).to.equal(actors.nodes[1].address.toLowerCase());

      for (const n of actors.nodes) {
        const info = await view.registry.getNode(n.address);
        const row = (await db.node.findUnique({ where: { address: n.address.toLowerCase() } }))!;
        expect({ hostAddr: row.hostAddr, volume: row.volume, restVolume: row.restVolume, liveFiles: row.liveFiles, pledge: row.pledge, status: row.status })
          .to.deep.equal({ hostAddr: info.hostAddr, volume: info.volume.toString(), restVolume: info.restVolume.toString(), liveFiles: info.liveFiles.toString(), pledge: info.pledge.toString(), status: ["None", "Active", "Quit"][Number(info.status)] });
        expect(row.rewards).to.equal((await view.ledger.rewardsOf(n.address)).toString());
      }
      expect(await db.proof.count()).to.equal(3);
      const faults = await db.fault.findMany();
      expect(faults).to.have.length(1);
      expect(faults[0].node).to.equal(actors.nodes[1].address.toLowerCase());
      expect(BigInt(faults[0].slashed) > 0n, "slashed").to.equal(true);
      const claims = await db.rewardClaim.findMany();
      expect(claims.map((c) => c.node)).to.deep.equal([actors.nodes[0].address.toLowerCase()]);

      const rules = await db.whitelistRule.findMany({ where: { fileHash: b.fileHash } });
      expect(rules.map((r) => [r.addr, r.fromHeight, r.toHeight])).to.deep.equal(
        (await view.whitelist.rulesOf(b.fileHash)).map((r) => [r.addr.toLowerCase(), r.fromHeight.toString(), r.toHeight.toString()]));

      const rec = await view.dns.resolve("dsp", "hello");
      const url = (await db.dnsUrl.findUnique({ where: { header_url: { header: "dsp", url: "hello" } } }))!;
      expect([url.link, url.owner]).to.deep.equal([rec.link, rec.owner.toLowerCase()]);

      const chan = await view.channels.getChannel(channelId);
      const crow = (await db.channel.findUnique({ where: { channelId: channelId.toLowerCase() } }))!;
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

    it("follows files deleted and expired, nodes unregistered and withdrawn, channels settled, headers deleted or expired, and SCAN servers slashed or withdrawn", async () => {
      const snap = await chain.snapshot();
      let server: Awaited<ReturnType<typeof startGraphqlServer>> | undefined;
      try {
        const { actors, a, b, channelId } = scenario;
        const ends = await runEndings(chain, scenario);
        const { h } = await fresh();
        await syncer(h).syncTo();
        const db = h.db;
        const view = actors.as(actors.admin);

        for (const [f, reason, refund] of [[b, "deleted", ends.deletedRefund], [a, "expired", ends.expiredRefund]] as const) {
          expect(String(await caught(() => view.ledger.getFileInfo(f.fileHash)))).to.contain("FileNotFound");
          const row = (await db.file.findUnique({ where: { fileHash: f.fileHash } }))!;
          expect([row.valid, row.endReason, row.refund]).to.deep.equal([false, reason, refund.toString()]);
          expect(refund > 0n, "refund").to.equal(true);
          expect(await db.holder.count({ where: { fileHash: f.fileHash, active: true } })).to.equal(0);
        }
        expect(await db.whitelistRule.count({ where: { fileHash: b.fileHash } })).to.equal(0);

        // the user-space file: deleted, its bytes and refund back in the space; the revoked space gone
        const spaceFile = (await db.file.findUnique({ where: { fileHash: ends.spaceFileHash.toLowerCase() } }))!;
        expect([spaceFile.storageType, spaceFile.valid, spaceFile.endReason]).to.deep.equal([0, false, "deleted"]);
        const space = await view.userSpace.getUserSpace(actors.owner.address);
        const srow = (await db.userSpace.findUnique({ where: { owner: actors.owner.address.toLowerCase() } }))!;
        expect([srow.totalBytes, srow.usedBytes, srow.balance, srow.expiredHeight]).to.deep.equal(
          [space.totalBytes.toString(), space.usedBytes.toString(), space.balance.toString(), space.expiredHeight.toString()]);
        expect(srow.usedBytes).to.equal("0");
        expect((await view.userSpace.getUserSpace(actors.other.address)).expiredHeight).to.equal(0n);
        expect(await db.userSpace.count({ where: { owner: actors.other.address.toLowerCase() } })).to.equal(0);

        const withdrawn = actors.nodes[3].address.toLowerCase();
        for (const n of actors.nodes) {
          const info = await view.registry.getNode(n.address);
          const row = (await db.node.findUnique({ where: { address: n.address.toLowerCase() } }))!;
          const chainStatus = ["None", "Active", "Quit"][Number(info.status)];
          expect({ volume: row.volume, restVolume: row.restVolume, liveFiles: row.liveFiles, pledge: row.pledge, status: row.status })
            .to.deep.equal({ volume: info.volume.toString(), restVolume: info.restVolume.toString(), liveFiles: info.liveFiles.toString(), pledge: info.pledge.toString(), status: row.address === withdrawn ? "Withdrawn" : chainStatus });
        }
        expect((await db.node.findUnique({ where: { address: actors.nodes[1].address.toLowerCase() } }))!.status).to.equal("Quit");

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

        for (const [id, collected, refunded] of [[channelId, 2n * E18, 4n * E18], [ends.closedChannelId, E18, 2n * E18]] as const) {
          const chan = await view.channels.getChannel(id);
          const row = (await db.channel.findUnique({ where: { channelId: id.toLowerCase() } }))!;
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
        await (await actors.as(actors.owner).ledger.setPrivilege(a.fileHash, 1)).wait();
        await (await actors.as(actors.nodes[3]).registry.addPledge(10n ** 18n)).wait();
        await (await actors.as(actors.scans[0]).scanRegistry.quit()).wait();
        const c = await actors.storeFile("fork-a-file", [3], [1]);
        await chain.mine(3);
        await s.syncTo();
        expect(await h.db.dnsUrl.count({ where: { url: "fork-a" } })).to.equal(1);
        expect(await h.db.holder.count({ where: { fileHash: c.fileHash } })).to.equal(1);
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
          expect(await h.db.holder.count({ where: { fileHash: c.fileHash } })).to.equal(0);
          expect(await h.db.file.count({ where: { fileHash: d.fileHash } })).to.equal(1);
          expect((await h.db.file.findUnique({ where: { fileHash: a.fileHash } }))!.privilege).to.equal(0);
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
