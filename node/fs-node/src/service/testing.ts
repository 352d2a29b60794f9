/**
 * Test fixtures for the service (not a test file): FS nodes on loopback with real DspHosts,
 * in-memory FileStores and ledger clients on the run's shared hardhat chain.
 */
import { MemoryBlockstore } from "../fs/memory-blockstore.js";
import { MemoryRootStore } from "../fs/root-store.js";
import { FileStore } from "../fs/file-store.js";
import { registerNode } from "@dsp/ledger";
import { fundedAccount, type TestAccount, type TestChain } from "@dsp/testkit";
import { DEFAULT_NETWORK_ID, DspHost, type DspHostInit } from "@dsp/p2p";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { FsNode } from "./fs-node.js";
import type { SeedingOptions } from "./seeding.js";

/** Small blocks keep the trees several levels deep with little data. */
export const BLOCK = 16 * 1024;

export interface TestNode {
  account: TestAccount;
  node: FsNode;
  stop(): Promise<void>;
  /**
   * A crash: the host dies without a goodbye; then a new host and FsNode on the same store, with
   * the same peer id and listen address (as a daemon restarts from its data directory).
   */
  crashAndRestart(): Promise<void>;
}

export async function startNode(chain: TestChain, dir: string, opts: { register?: boolean; seeding?: SeedingOptions; listen?: string[]; maxServeBatches?: number; connections?: DspHostInit["connections"] } = {}): Promise<TestNode> {
  const account = await fundedAccount(chain, dir);
  const files = await FileStore.open({ blocks: new MemoryBlockstore(), roots: new MemoryRootStore(), blockSize: BLOCK });
  const privateKey = await generateKeyPair("Ed25519");
  let listen = opts.listen;
  const make = async () => {
    const host = await DspHost.create({ account: account.pair, networkId: DEFAULT_NETWORK_ID, listen, privateKey, connections: opts.connections });
    listen = host.multiaddrs.map((a) => a.decapsulate("/p2p").toString());
    return new FsNode({ host, files, ledger: account.ledger, account: account.pair, seeding: opts.seeding, pdpWorkers: 1, maxServeBatches: opts.maxServeBatches });
  };
  const t: TestNode = {
    account,
    node: await make(),
    async stop() {
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
  }
  return t;
}
