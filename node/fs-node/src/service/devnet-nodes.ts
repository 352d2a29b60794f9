/**
 * The devnet's storage side (`npm start` runs it after deploying): a proxy server and N FS
 * nodes in one process, on loopback, accounts from Hardhat's dev mnemonic (m/44'/60'/0'/0/5, 6, ... by default),
 * each registered in the NodeRegistry, each accepting the deals it is offered once it has checked
 * their data and proving them every period. The last node is reached through the proxy, as a node
 * without a public address would be. Prints one JSON line per node, then "ready".
 *
 *   tsx node/fs-node/src/service/devnet-nodes.ts --rpc http://127.0.0.1:8545 --network localhost --dir .devnet/nodes --count 3
 */
import "@dsp/p2p";
import path from "node:path";
import { parseArgs } from "node:util";
import { HDNodeWallet, Mnemonic } from "ethers";
import { KeyPair } from "@dsp/core";
import { ProxyServer } from "@dsp/p2p";
import { DEV_MNEMONIC, FIRST_NODE_ACCOUNT } from "@dsp/ledger";
import { DEFAULT_NETWORK_ID } from "@dsp/p2p";
import { startDaemon, type Daemon } from "./daemon.js";


export function devKey(index: number): KeyPair {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  return KeyPair.fromPrivateKey(wallet.privateKey);
}

export interface DevnetNodes {
  proxy: ProxyServer;
  nodes: Daemon[];
  stop(): Promise<void>;
}

export async function startDevnetNodes(o: { rpcUrl: string; network: string; dir: string; count: number; firstAccount?: number; price?: bigint; scanUrl?: string }): Promise<DevnetNodes> {
  const proxy = await ProxyServer.create({ account: devKey(99), networkId: DEFAULT_NETWORK_ID, listen: ["/ip4/127.0.0.1/tcp/0"] });
  const nodes: Daemon[] = [];
  try {
    for (let i = 0; i < o.count; i++) {
      const behindProxy = o.count > 1 && i === o.count - 1;
      nodes.push(
        await startDaemon({
          account: devKey((o.firstAccount ?? FIRST_NODE_ACCOUNT) + i),
          dataDir: path.join(o.dir, `node${i + 1}`),
          rpcUrl: o.rpcUrl,
          network: o.network,
          proxy: behindProxy ? proxy.address.toString() : undefined,
          register: { volume: 4n << 30n, serviceTime: 10_000_000n },
          seeding: { unitPrice: o.price ?? 0n },
          prove: true,
          // a few polls per block even at the test's 500 ms blocks: the 10-block proof window is never at risk
          pollIntervalMs: 250,
          rest: { port: 0 },
          scanUrl: o.scanUrl,
          log: (line) => console.error(`[node${i + 1}] ${line}`),
        }),
      );
    }
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await proxy.host.stop();
    throw err;
  }
  return {
    proxy,
    nodes,
    async stop() {
      await Promise.allSettled(nodes.map((n) => n.stop()));
      await proxy.host.stop();
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      rpc: { type: "string", default: "http://127.0.0.1:8545" },
      network: { type: "string", default: "localhost" },
      dir: { type: "string", default: ".devnet/nodes" },
      count: { type: "string", default: "3" },
      price: { type: "string", default: "0" },
      "first-account": { type: "string", default: String(FIRST_NODE_ACCOUNT) },
      scan: { type: "string" },
    },
  });
  const started = await startDevnetNodes({ rpcUrl: values.rpc!, network: values.network!, dir: values.dir!, count: Number(values.count), price: BigInt(values.price!), firstAccount: Number(values["first-account"]), scanUrl: values.scan });
  console.log(JSON.stringify({ proxy: started.proxy.address.toString() }));
  for (const n of started.nodes) console.log(JSON.stringify({ node: n.node.evmAddress, dspAddress: n.host.address, hostAddr: n.hostAddr, rest: n.rest?.url }));
  console.log("ready");
  const stop = () =>
    void started.stop().then(() => {
      // Peak memory of this process, for the benchmarks (KiB on Linux).
      console.log(JSON.stringify({ maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
      process.exit(0);
    });
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((e) => {
    console.error(`[fs-nodes] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
