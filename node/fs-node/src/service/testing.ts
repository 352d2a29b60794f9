/**
 * Test fixtures for the service (not a test file): FS nodes on loopback with real DspHosts,
 * in-memory FileStores and ledger clients on the run's shared hardhat chain. A registered node is
 * a storage node: it runs a prover, which accepts the deals it is offered once it has their data
 * and proves them every period (ledger v2). While one runs, the chain also mines a block every
 * BLOCK_MS (an automining chain would stand still between transactions, so no proving period would
 * ever open), but only once every running prover has handled the head: a prover slowed down by a
 * busy machine stalls the clock rather than missing its 10-block window.
 */
import { MemoryBlockstore } from "../fs/memory-blockstore.js";
import { MemoryRootStore } from "../fs/root-store.js";
import { FileStore } from "../fs/file-store.js";
import { LedgerChain, registerNode } from "@dsp/ledger";
import { fundedAccount, type TestAccount, type TestChain } from "@dsp/testkit";
import { DEFAULT_NETWORK_ID, DspHost, type DspHostInit } from "@dsp/p2p";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { FsNode } from "./fs-node.js";
import { Prover, type ProverEvent } from "./prover.js";
import { wireProver } from "./daemon.js";
import type { SeedingOptions } from "./seeding.js";

/** Small blocks keep the trees several levels deep with little data. */
export const BLOCK = 16 * 1024;

/** A block this often while storage nodes run (DSP_TEST_BLOCK_MS overrides), besides those transactions make. */
export const BLOCK_MS = Number(process.env.DSP_TEST_BLOCK_MS ?? 300);

export interface TestNode {
  account: TestAccount;
  node: FsNode;
  /** a storage node's prover (registered nodes only) */
  prover?: Prover;
  /** its events, for assertions */
  proverEvents: ProverEvent[];
  stop(): Promise<void>;
  /**
   * A crash: the host dies without a goodbye; then a new host and FsNode on the same store, with
   * the same peer id and listen address (as a daemon restarts from its data directory). The
   * prover, which only reads the store and the chain, goes on.
   */
  crashAndRestart(): Promise<void>;
}

const miners = new Map<TestChain, { provers: Set<Prover>; timer: NodeJS.Timeout }>();

/**
 * Mines a block every BLOCK_MS on `chain` while `prover` (and any other registered this way) runs,
 * skipping a beat whenever one of them has not handled the head yet. Returns the release.
 */
export function keepMining(chain: TestChain, prover: Prover): () => void {
  let m = miners.get(chain);
  if (!m) {
    const provers = new Set<Prover>();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        const head = await chain.head();
        if ([...provers].every((p) => !p.running || p.syncedHeight >= head)) await chain.send("evm_mine");
      })().catch(() => {}).finally(() => (busy = false));
    }, BLOCK_MS);
    timer.unref();
    miners.set(chain, (m = { provers, timer }));
  }
  m.provers.add(prover);
  return () => {
    m!.provers.delete(prover);
    if (m!.provers.size === 0 && miners.get(chain) === m) {
      clearInterval(m!.timer);
      miners.delete(chain);
    }
  };
}

export async function startNode(
  chain: TestChain,
  dir: string,
  opts: { register?: boolean; prove?: boolean; seeding?: SeedingOptions; listen?: string[]; maxServeBatches?: number; connections?: DspHostInit["connections"] } = {},
): Promise<TestNode> {
  const account = await fundedAccount(chain, dir);
  const files = await FileStore.open({ blocks: new MemoryBlockstore(), roots: new MemoryRootStore(), blockSize: BLOCK });
  const privateKey = await generateKeyPair("Ed25519");
  let listen = opts.listen;
  let prover: Prover | undefined;
  const proverEvents: ProverEvent[] = [];
  const make = async () => {
    const host = await DspHost.create({ account: account.pair, networkId: DEFAULT_NETWORK_ID, listen, privateKey, connections: opts.connections });
    listen = host.multiaddrs.map((a) => a.decapsulate("/p2p").toString());
    const node = new FsNode({ host, files, ledger: account.ledger, account: account.pair, seeding: opts.seeding, pdpWorkers: 1, maxServeBatches: opts.maxServeBatches });
    if (prover) wireProver(node, prover);
    return node;
  };
  let release: (() => void) | undefined;
  const t: TestNode = {
    account,
    node: await make(),
    proverEvents,
    async stop() {
      await t.prover?.stop();
      release?.();
      await t.node.idle();
      await t.node.host.stop();
    },
    async crashAndRestart() {
      await t.node.host.libp2p.stop();
      t.node = await make();
    },
  };
  if (opts.register) {
    await registerNode(account.ledger, { hostAddr: t.node.host.multiaddrs[0].toString(), volume: 64n << 20n, serviceTime: 10_000_000n });
    if (opts.prove ?? true) {
      prover = t.prover = new Prover({ chain: await LedgerChain.connect(account.ledger), files, pollIntervalMs: 100, onProgress: (e) => proverEvents.push(e) });
      wireProver(t.node, prover);
      release = keepMining(chain, prover);
      prover.start();
    }
  }
  return t;
}
