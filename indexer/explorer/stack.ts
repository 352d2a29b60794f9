/**
 * A chain and an indexer serving the explorer, for the browser test and the screenshots: a test
 * chain, whatever `populate` does on it, then the indexer (SQLite, a free port) caught up.
 */
import { TestChain, until } from "@dsp/testkit";
import { sqliteFactory, type TestDatabase } from "../test/databases.js";
import { startIndexer } from "../index.js";

export interface Stack {
  chain: TestChain;
  indexer: Awaited<ReturnType<typeof startIndexer>>;
  /** The explorer's address (GraphQL is at graphql below it). */
  base: string;
  /** Resolves once the indexer has applied every block the chain has now. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(populate: (chain: TestChain) => Promise<void>): Promise<Stack> {
  const chain = await TestChain.start();
  let t: TestDatabase | undefined;
  let indexer: Stack["indexer"] | undefined;
  const stop = async () => {
    await indexer?.stop();
    await t?.drop();
    await chain.stop();
  };
  try {
    await populate(chain);
    t = await sqliteFactory();
    indexer = await startIndexer({ deployments: chain.deployments, rpcUrl: chain.url, databaseUrl: t.url, port: 0, pollIntervalMs: 50, finalityDepth: 8 });
    const db = indexer.db;
    const caughtUp = async () => {
      const head = await chain.head();
      await until(async () => {
        const cp = await db.checkpoint.findUnique({ where: { chainId: chain.deployments.chainId } });
        return cp !== null && cp.blockNumber >= head;
      }, { ms: 300_000, every: 50, what: `the indexer to apply block ${head}` });
    };
    await caughtUp();
    return { chain, indexer, base: new URL("/", indexer.url).href, caughtUp, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
