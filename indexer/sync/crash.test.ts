/**
 * The indexer as a real process while the chain is reorganised under it: the chain's view is held
 * still where needed by a JSON-RPC proxy (test/rpc-proxy.ts), so a reorg lands exactly between
 * two of its RPC calls.
 */
import { expect } from "chai";
import type { TestChain } from "../test/chain.js";
import { scenarioChain, type ScenarioResult } from "../test/scenario.js";
import { onEachDatabase, type TestDatabase } from "../test/databases.js";
import { dump } from "../test/dump.js";
import { EventDriver } from "../test/driver.js";
import { IndexerProcess, deploymentsDir } from "../test/process.js";
import { RpcProxy, type RpcRequest } from "../test/rpc-proxy.js";
import { writerProbe, type WriterProbe } from "../test/writer-probe.js";
import type { Db, IndexerDb } from "../db/index.js";
import { Syncer } from "./syncer.js";

const READY = "GraphQL and GraphiQL at";
const PROGRESS = /^\[indexer\] blocks? \d/;
const REORG = /^\[indexer\] reorg: rolled back from (\d+) to (\d+) \((\d+) undo entries\)/;

describe("indexer process: crash and reorg safety", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let scenario: ScenarioResult;
  let deployments: ReturnType<typeof deploymentsDir>;
  before(async () => {
    ({ chain, scenario } = await scenarioChain());
    deployments = deploymentsDir(chain.deployments);
  });
  after(async () => {
    await chain?.stop();
    deployments?.dispose();
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
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [cp, head] = [await checkpointOf(db), await chainHead()];
        if (!proc.running) throw new Error(`indexer exited at ${cp.number}:\n${proc.errors}`);
        if (cp.number === head.number && cp.hash === head.hash) return head.number;
        if (Date.now() > deadline) throw new Error(`indexer at ${cp.number}, head ${head.number}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    /** Resolves once the proxy holds a request `match` accepts; rejects if the indexer exits first. */
    async function held(proxy: RpcProxy, proc: IndexerProcess, match: (r: RpcRequest) => boolean) {
      const exited = proc.exited.then(() => Promise.reject(new Error(`indexer exited:\n${proc.errors}`)));
      exited.catch(() => {});
      await Promise.race([proxy.waitForHeld(match), exited]);
    }

    /** A database synced in-process from scratch to `to` (default: the head): the reference. */
    async function reference(to?: bigint) {
      const { h } = await fresh();
      await new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments }).syncTo(to);
      return dump(h.db);
    }

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
