/**
 * Test fixtures for the service (not a test file): FS nodes on loopback with real DspHosts,
 * in-memory FileStores and ledger clients on the run's shared hardhat chain.
 */
import { randomBytes } from "node:crypto";
import { MemoryBlockstore } from "../fs/memory-blockstore.js";
import { MemoryRootStore } from "../fs/root-store.js";
import { FileStore } from "../fs/file-store.js";
import { registerNode } from "../ledger/index.js";
import { fundedAccount, type TestAccount, type TestChain } from "../ledger/testing.js";
import { DspHost } from "../p2p/host.js";
import { FsNode } from "./fs-node.js";
import type { SeedingOptions } from "./seeding.js";

export const NET = 0x44535031;
/** Small blocks keep the trees several levels deep with little data. */
export const BLOCK = 16 * 1024;

export interface TestNode {
  account: TestAccount;
  node: FsNode;
  stop(): Promise<void>;
}

export async function startNode(chain: TestChain, dir: string, opts: { register?: boolean; seeding?: SeedingOptions; listen?: string[] } = {}): Promise<TestNode> {
  const account = await fundedAccount(chain, dir);
  const host = await DspHost.create({ account: account.pair, networkId: NET, listen: opts.listen });
  const files = await FileStore.open({ blocks: new MemoryBlockstore(), roots: new MemoryRootStore(), blockSize: BLOCK });
  const node = new FsNode({ host, files, ledger: account.ledger, account: account.pair, seeding: opts.seeding, pdpWorkers: 1 });
  if (opts.register) {
    await registerNode(account.ledger, { hostAddr: host.multiaddrs[0].toString(), volume: 64n << 20n, serviceTime: 10_000_000n });
  }
  return {
    account,
    node,
    async stop() {
      await node.idle();
      await host.stop();
    },
  };
}

export function randomData(size: number): Uint8Array {
  return randomBytes(size);
}
