/**
 * The indexer as a real process, SIGKILLed while events flow and while it handles a chain
 * reorganisation: after every kill the database holds exactly the blocks up to its checkpoint
 * (compared row for row with an in-process sync to that height), and after the restarts it ends
 * with exactly what a sync from scratch gives. Kills "mid-write" are made deterministic by
 * freezing the process (SIGSTOP) until the database shows it inside a transaction it has
 * written to (test/writer-probe.ts), then killing it there; the chain's view is held still
 * where needed by a JSON-RPC proxy (test/rpc-proxy.ts), which also lands a reorg exactly
 * between two of its RPC calls. Time is compressed by mining, never waited for.
 */
import { expect } from "chai";
import type { TestChain } from "@dsp/testkit";
import { until } from "@dsp/testkit";
import { dealScenarioChain, type DealScenario } from "../test/deals.js";
import { onEachDatabase, type TestDatabase } from "../test/databases.js";
import { dump } from "../test/dump.js";
import { EventDriver } from "../test/driver.js";
import { IndexerProcess, deploymentsDir, killMidWrite } from "../test/process.js";
import { RpcProxy, type RpcRequest } from "../test/rpc-proxy.js";
import { writerProbe, type WriterProbe } from "../test/writer-probe.js";
import type { Db, IndexerDb } from "../db/index.js";
import { Syncer } from "./syncer.js";

const READY = "GraphQL and GraphiQL at";
const PROGRESS = /^\[indexer\] blocks? \d/;
const REORG = /^\[indexer\] reorg: rolled back from (\d+) to (\d+) \((\d+) undo entries\)/;

/** Each kill as the test saw it (printed with DSP_TEST_FIGURES=1, for docs/reliability.md). */
interface KillFigure {
  database: string;
  when: string;
  /** The checkpoint the killed process left, and the chain head when it was frozen for the kill. */
  checkpoint: bigint;
  head: bigint;
  /** Logs in the batch it was writing (mid-write kills). */
  batchLogs?: number;
  attempts?: number;
  rows: number;
}
const figures: KillFigure[] = [];
const rowCount = (d: Record<string, string[]>) => Object.values(d).reduce((n, rows) => n + rows.length, 0);

describe("indexer process: crash and reorg safety", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let scenario: DealScenario;
  let deployments: ReturnType<typeof deploymentsDir>;
  before(async () => {
    ({ chain, scenario } = await dealScenarioChain());
    deployments = deploymentsDir(chain.deployments);
  });
  after(async () => {
    await chain?.stop();
    deployments?.dispose();
    if (process.env.DSP_TEST_FIGURES) for (const f of figures) console.log(JSON.stringify(f, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
  });

  onEachDatabase((name, factory) => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function fresh() {
      const t: TestDatabase = await factory();
      const h: IndexerDb = await t.open();
      const probe: WriterProbe = await writerProbe(t.url);
      cleanups.push(async () => {
        await probe.close();
        await h.close();
        await t.drop();
      });
      return { h, probe };
    }

    function spawnIndexer(databaseUrl: string, rpcUrl: string, args: string[]) {
      const proc = IndexerProcess.start({ rpcUrl, databaseUrl, deployments: chain.deployments, deploymentsDir: deployments.dir, args });
      cleanups.push(() => proc.stop());
      return proc;
    }

    async function checkpointOf(db: Db) {
      const cp = await db.checkpoint.findFirst();
      return cp ? { number: cp.blockNumber, hash: cp.blockHash } : { number: BigInt(chain.deployments.startBlock) - 1n, hash: null };
    }

    async function chainHead() {
      const b = await chain.send<{ number: string; hash: string }>("eth_getBlockByNumber", ["latest", false]);
      return { number: BigInt(b.number), hash: b.hash.toLowerCase() };
    }

    /** Polls (bounded) until the indexer's checkpoint is the chain's head block, hash included. */
    async function waitCaughtUp(db: Db, proc: IndexerProcess, timeoutMs = 120_000) {
      let seen = "";
      const { caughtUp } = await until(async () => {
        const [cp, head] = [await checkpointOf(db), await chainHead()];
        if (!proc.running) throw new Error(`indexer exited at ${cp.number}:\n${proc.errors}`);
        seen = `indexer at ${cp.number}, head ${head.number}, after ${timeoutMs} ms`;
        return cp.number === head.number && cp.hash === head.hash ? { caughtUp: head.number } : undefined;
      }, { ms: timeoutMs, every: 50, what: () => `the indexer to catch up (${seen})` });
      return caughtUp;
    }

    /** Resolves once the proxy holds a request `match` accepts; rejects if the indexer exits first. */
    async function held(proxy: RpcProxy, proc: IndexerProcess, match: (r: RpcRequest) => boolean) {
      const exited = proc.exited.then(() => Promise.reject(new Error(`indexer exited:\n${proc.errors}`)));
      exited.catch(() => {});
      await Promise.race([proxy.waitForHeld(match), exited]);
    }

    /** The logs of the contracts in blocks from..to, as the chain has them now. */
    async function logsIn(from: bigint, to: bigint) {
      const hex = (n: bigint) => `0x${n.toString(16)}`;
      const logs = await chain.send<unknown[]>("eth_getLogs", [{ address: Object.values(chain.deployments.contracts), fromBlock: hex(from), toBlock: hex(to) }]);
      return logs.length;
    }

    /** A database synced in-process from scratch to `to` (default: the head): the reference. */
    async function reference(to?: bigint) {
      const { h } = await fresh();
      await new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments }).syncTo(to);
      return dump(h.db);
    }

    it("loses and duplicates no row when SIGKILLed at start, mid-range, mid-block and between batches while events flow", async () => {
      const FINALITY = 8n;
      const RANGE = 4n;
      const snap = await chain.snapshot();
      const driver = new EventDriver(scenario.actors, `crash-${name}`);
      try {
        const { h, probe } = await fresh();
        // one reference database, synced forward to each kill's checkpoint (they only grow: no reorg here)
        const ref = await fresh();
        const refSyncer = new Syncer({ db: ref.h.db, rpcUrl: chain.url, deployments: chain.deployments });
        const start = () => spawnIndexer(probe.url, chain.url, ["--finality", String(FINALITY), "--range", String(RANGE), "--poll", "20"]);

        /** The database holds exactly the blocks up to the checkpoint the killed process left. */
        const afterKill = async (when: string, head: bigint, more: Partial<KillFigure> = {}) => {
          const cp = (await checkpointOf(h.db)).number;
          expect(await refSyncer.syncTo(cp)).to.equal(cp);
          const got = await dump(h.db);
          expect(got, when).to.deep.equal(await dump(ref.h.db));
          figures.push({ database: name, when, checkpoint: cp, head, rows: rowCount(got), ...more });
          return cp;
        };
        /** Kills it at once wherever it is, once `ready`; the kill left work undone. */
        const killNow = async (when: string, ready: (l: string) => boolean) => {
          const proc = start();
          await proc.waitForLine(ready);
          proc.pause();
          const head = (await chainHead()).number;
          await proc.kill();
          const cp = await afterKill(when, head);
          expect(cp < head, `${when}: checkpoint ${cp} is below the head ${head} at the kill`).to.equal(true);
        };
        /**
         * Starts it (after `before`, once running) and kills it at a moment the probe shows a write
         * under way in a batch with events, applied by range or block by block as `byRange` asks,
         * or (`afterCommit`) just after that batch commits. The batch starts right after the
         * committed checkpoint; it is surely a range if it starts at least FINALITY below the head
         * at the process's start (the sync's head is at least that), surely a block if less than
         * FINALITY below the head now; in between it could be either, and the moment is passed over.
         */
        const killInBatch = async (when: string, { byRange, afterCommit = false, before }: { byRange: boolean; afterCommit?: boolean; before?: () => Promise<void> }) => {
          const headAtStart = (await chainHead()).number;
          const proc = start();
          await before?.();
          let head = 0n;
          let from = 0n;
          let batchLogs = 0;
          const { killed, attempts } = await killMidWrite(proc, async () => {
            if (!(await probe.midWrite())) return false;
            head = (await chainHead()).number;
            from = (await checkpointOf(h.db)).number + 1n;
            const range = from + FINALITY <= headAtStart;
            if (range !== byRange || (!range && from + FINALITY <= head)) return false;
            const to = range ? [from + RANGE - 1n, headAtStart - FINALITY].reduce((x, y) => (x < y ? x : y)) : from;
            batchLogs = await logsIn(from, to);
            return batchLogs > 0;
          }, { afterCommit: afterCommit ? async () => !(await probe.writing()) : undefined });
          expect(killed, `${when}: caught in ${attempts} looks`).to.equal(true);
          const cp = await afterKill(when, head, { batchLogs, attempts });
          if (afterCommit) expect(cp >= from, `${when}: the batch from ${from} committed`).to.equal(true);
          else expect(cp, `${when}: the batch from ${from} did not commit`).to.equal(from - 1n);
        };
        /** Polls (bounded) until the running indexer is within 2 blocks of the head. */
        const nearHead = async () => {
          await until(async () => (await chainHead()).number - (await checkpointOf(h.db)).number <= 2n, { ms: 120_000, every: 20, what: "the indexer to come near the head (120 s)" });
        };

        driver.start();
        await killNow("as it started, its backfill beginning", (l) => l.includes(READY));
        await killInBatch("mid-range, backfilling", { byRange: true });
        await killInBatch("just after a range committed, backfilling", { byRange: true, afterCommit: true });
        await killNow("as it printed a batch's progress", (l) => PROGRESS.test(l));
        await killInBatch("mid-block, following the head", { byRange: false, before: nearHead });
        await killInBatch("just after a block committed, following the head", { byRange: false, afterCommit: true, before: nearHead });
        // down while the chain moves on by more than the finality depth: the restart catches up by range
        await driver.waitRounds(2);
        await killInBatch("mid-range, catching up after downtime", { byRange: true });

        const proc = start();
        await driver.waitRounds(1);
        await driver.stop();
        const final = await waitCaughtUp(h.db, proc);
        expect((await proc.stop()).code).to.equal(0);
        const got = await dump(h.db);
        expect(got).to.deep.equal(await reference(final));
        // the stream carried the ledger v2 life: proved and missed periods, faults, accepted and released slots
        const rowsOf = (model: string, has: string) => got[model].filter((r) => r.includes(has)).length;
        expect([rowsOf("period", `"proven":true`) > 0, rowsOf("period", `"proven":false`) > 0, got.fault.length > 0, rowsOf("slot", `"reason":"recovered"`) > 0, got.piece.length > 0],
          "periods proved, missed, faults, recoveries, pieces").to.deep.equal([true, true, true, true, true]);
        figures.push({ database: name, when: "end: caught up, compared with a sync from scratch", checkpoint: final, head: final, rows: rowCount(got) });
      } finally {
        await driver.stop().catch(() => {});
        await chain.revert(snap);
      }
    });

    it("ends with exactly the new branch after a reorg, killed inside the rollback and right after it", async () => {
      const snap = await chain.snapshot();
      const proxy = await RpcProxy.start(chain.url);
      cleanups.push(() => proxy.close());
      try {
        const { h, probe } = await fresh();
        const start = () => spawnIndexer(probe.url, proxy.url, ["--finality", "100", "--poll", "20"]);
        let proc = start();
        const common = await waitCaughtUp(h.db, proc);
        const atCommon = await dump(h.db);
        const fork = await chain.snapshot();

        // branch A, applied block by block with undo data
        const a = new EventDriver(scenario.actors, `branch-a-${name}`);
        for (let i = 0; i < 6; i++) await a.round(i, { proofs: false });
        const headA = await waitCaughtUp(h.db, proc);
        const atA = await dump(h.db);

        // freeze the indexer's view of the chain, and replace branch A by a longer branch B
        proxy.setHold(() => true);
        await held(proxy, proc, () => true);
        await chain.revert(fork);
        const b = new EventDriver(scenario.actors, `branch-b-${name}`);
        for (let i = 0; i < 7; i++) await b.round(i, { proofs: false });
        const headB = (await chainHead()).number;
        expect(headB > headA, "branch B is longer").to.equal(true);

        // let it see B but not fetch its logs: the only write it can make is the rollback; kill it inside
        const undo = await h.db.undo.count({ where: { blockNumber: { gt: common } } });
        proxy.setHold((r) => r.method === "eth_getLogs");
        const inside = await killMidWrite(proc, () => probe.midWrite(), { giveUp: () => proc.lines.some((l) => REORG.test(l)) });
        expect(inside.killed, `caught inside the rollback in ${inside.attempts} looks`).to.equal(true);
        expect((await checkpointOf(h.db)).number).to.equal(headA);
        expect(await dump(h.db), "the rollback killed half-way left branch A whole").to.deep.equal(atA);
        figures.push({ database: name, when: `inside the rollback of ${undo} undo entries (${headA} -> ${common})`, checkpoint: headA, head: headB, attempts: inside.attempts, rows: rowCount(atA) });

        // restarted, it rolls back again: kill it just after that commits, before B's first block (its logs held)
        proc = start();
        const after = await killMidWrite(proc, () => probe.midWrite(), { afterCommit: async () => !(await probe.writing()) });
        expect(after.killed, `caught after the rollback in ${after.attempts} looks`).to.equal(true);
        expect((await checkpointOf(h.db)).number).to.equal(common);
        expect(await dump(h.db), "rolled back to the fork point").to.deep.equal(atCommon);
        figures.push({ database: name, when: "just after the rollback committed, before the new branch", checkpoint: common, head: headB, attempts: after.attempts, rows: rowCount(atCommon) });

        // restarted with the chain open: no reorg left to handle, it applies B
        proc = start();
        proxy.setHold(null);
        expect(await waitCaughtUp(h.db, proc)).to.equal(headB);
        expect(proc.lines.some((l) => REORG.test(l))).to.equal(false);
        const atB = await dump(h.db);
        expect(atB).to.deep.equal(await reference(headB));
        expect(atB).to.not.deep.equal(atA);
        figures.push({ database: name, when: "end of branch B, compared with a sync from scratch", checkpoint: headB, head: headB, rows: rowCount(atB) });

        // and a reorg the running process meets on its own, nobody holding anything back
        const fork2 = await chain.snapshot();
        const c1 = new EventDriver(scenario.actors, `branch-c1-${name}`);
        await c1.round(0, { proofs: false });
        await waitCaughtUp(h.db, proc);
        const seen = proc.lines.length;
        await chain.revert(fork2);
        const c2 = new EventDriver(scenario.actors, `branch-c2-${name}`);
        for (let i = 0; i < 2; i++) await c2.round(i, { proofs: false });
        const headC = await waitCaughtUp(h.db, proc);
        expect(proc.lines.slice(seen).some((l) => REORG.test(l)), "it saw the reorg").to.equal(true);
        const atC = await dump(h.db);
        expect(atC).to.deep.equal(await reference(headC));
        figures.push({ database: name, when: "live reorg, no kill, compared with a sync from scratch", checkpoint: headC, head: headC, rows: rowCount(atC) });
        expect((await proc.stop()).code).to.equal(0);
      } finally {
        await chain.revert(snap); // still valid: reverting to a later snapshot keeps the earlier ones
      }
    });

    it("keeps running when the chain is reorganised between two of its RPC calls", async () => {
      const snap = await chain.snapshot();
      const proxy = await RpcProxy.start(chain.url);
      cleanups.push(() => proxy.close());
      try {
        const { h, probe } = await fresh();
        const proc = spawnIndexer(probe.url, proxy.url, ["--finality", "100", "--poll", "20"]);
        const forkHead = await waitCaughtUp(h.db, proc);
        const fork = await chain.snapshot();
        await new EventDriver(scenario.actors, `shorter-${name}`).round(0, { proofs: false });
        const longer = await waitCaughtUp(h.db, proc);

        // 1. it has read the head (`longer`) and asks for its checkpoint's header when the chain goes
        // back to the fork point: it rolls back, and the blocks up to the head it read are not there
        proxy.setHold((r) => r.method === "eth_getBlockByNumber");
        await held(proxy, proc, (r) => r.method === "eth_getBlockByNumber");
        await chain.revert(fork);
        const fork2 = await chain.snapshot();
        proxy.setHold(null);
        const line = await proc.waitForLine((l) => REORG.test(l));
        expect(REORG.exec(line)!.slice(1, 3).map(BigInt)).to.deep.equal([longer, forkHead]);
        expect(await waitCaughtUp(h.db, proc)).to.equal(forkHead);

        // 2. it has the header of the next block and asks for that block's logs by hash when the
        // block is replaced: the node answers "blockHash cannot be found"
        const dns = scenario.actors.as(scenario.actors.owner).dns;
        proxy.setHold((r) => r.method === "eth_getLogs");
        await (await dns.registerUrl(2, "", `replaced-${name.toLowerCase()}`, "dsp://gone", "", 0n)).wait();
        await held(proxy, proc, (r) => r.method === "eth_getLogs");
        await chain.revert(fork2);
        await (await dns.registerUrl(2, "", `replacing-${name.toLowerCase()}`, "dsp://here", "", 0n)).wait();
        await new EventDriver(scenario.actors, `replacing-${name}`).round(0, { proofs: false });
        proxy.setHold(null);
        const head = await waitCaughtUp(h.db, proc);
        expect(await dump(h.db)).to.deep.equal(await reference(head));
        expect((await proc.stop()).code).to.equal(0);
      } finally {
        await chain.revert(snap);
      }
    });
  });
});
