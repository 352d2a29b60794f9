/**
 * A running FS node (`dsp node run`) or light client (`dsp file upload|download`): the account
 * from a wallet file, a stable libp2p identity in the data directory, blocks and file records on
 * disk, the DspHost (optionally reachable through a proxy), the ledger client and the FsNode.
 * Everything it keeps survives a restart; stop() closes it in order.
 */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import type { KeyPair } from "@dsp/core";
import { FileStore } from "../fs/file-store.js";
import { FsBlockstore } from "../fs/fs-blockstore.js";
import { DirRootStore } from "../fs/root-store.js";
import { Ledger, nodeStatus, registerNode, signerOf, updateNode } from "@dsp/ledger";
import { DEFAULT_NETWORK_ID, DspHost, type DspHostInit } from "@dsp/p2p";
import { requestProxy, type ProxyClient } from "@dsp/p2p";
import { FsNode } from "./fs-node.js";
import { LedgerChain } from "@dsp/ledger";
import { Prover, type ProverEvent } from "./prover.js";
import { Keeper, type KeeperEvent } from "./keeper.js";
import { isDataLoss } from "./replicate.js";
import { Scrubber, type ScrubEvent } from "./scrub.js";
import { HealthBoard } from "./health.js";
import { TaskManager } from "./tasks.js";
import { announce } from "./scan.js";
import { startRestServer, type RestServer } from "../rest/index.js";
import type { SeedingOptions } from "./seeding.js";
import type { Deployments } from "@dsp/ledger";


export interface DaemonOptions {
  account: KeyPair;
  dataDir: string;
  rpcUrl: string;
  /** deployments/<network>.json, or the record itself */
  network: string | Deployments;
  networkId?: number;
  listen?: string[];
  /** Reach this node through a proxy (a multiaddr of a proxy server). */
  proxy?: string;
  seeding?: SeedingOptions;
  /** Block batches read and being sent at once over all downloaders (FsNode's maxServeBatches; default 16). */
  maxServeBatches?: number;
  /** Admission of incoming connections (DspHost's `connections`). */
  connections?: DspHostInit["connections"];
  /** Register in the NodeRegistry with this volume if not registered; update the host address if it changed. */
  register?: { volume: bigint; serviceTime: bigint };
  /** Run the proving service: accept the deals offered to this node once it has their data, prove them, keep them whole (storage nodes; not light clients). */
  prove?: boolean;
  /** Blocks are polled this often by the prover (ms). */
  pollIntervalMs?: number;
  log?: (line: string) => void;
  onProver?: (event: ProverEvent) => void;
  onKeeper?: (event: KeeperEvent) => void;
  /** Scrub the held files (every block read back and checked) this often (default 6 h; 0: never on its own). */
  scrubIntervalMs?: number;
  onScrub?: (event: ScrubEvent) => void;
  /** Waits between attempts to make a held file whole again (Keeper's retryDelaysMs). */
  keeperRetryDelaysMs?: number[];
  /** A SCAN server's GraphQL URL: announce this node's files there at start, after each received file and every 30 min. */
  scanUrl?: string;
  /** Serve the REST API (tasks kept in <dataDir>/tasks.json) on this port of 127.0.0.1 (0: any). */
  rest?: { port: number; apiToken?: string };
}

export interface Daemon {
  node: FsNode;
  ledger: Ledger;
  prover?: Prover;
  keeper?: Keeper;
  scrubber?: Scrubber;
  health?: HealthBoard;
  rest?: RestServer;
  tasks?: TaskManager;
  host: DspHost;
  /** The address peers dial (the proxy address when behind a proxy). */
  hostAddr: string;
  stop(): Promise<void>;
}

/**
 * Tells the prover what the FsNode learns about the data of its deals: a file arrived (a period that
 * failed for want of it is tried again, an offer waiting for it can be accepted), or the data an
 * owner sent does not match its deal (the offer is declined: it can never be accepted).
 */
export function wireProver(node: FsNode, prover: Prover): void {
  node.on("file:received", ({ fileHash }) => prover.fileArrived(fileHash));
  node.on("file:rejected", ({ dealId, mismatch, error }) => {
    if (mismatch && dealId) prover.refuse(dealId, error.shortMessage);
  });
}

/** The node's libp2p key, created on first start (0600), so its peer id and addresses stay. */
async function peerKey(dataDir: string): Promise<PrivateKey> {
  const file = path.join(dataDir, "peer.key");
  try {
    return privateKeyFromProtobuf(await readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const key = await generateKeyPair("Ed25519");
  await writeFile(`${file}.tmp`, privateKeyToProtobuf(key), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  await chmod(file, 0o600);
  return key;
}

export async function startDaemon(o: DaemonOptions): Promise<Daemon> {
  await mkdir(o.dataDir, { recursive: true });
  const ledger = await Ledger.connect({ rpcUrl: o.rpcUrl, deployments: o.network, signer: signerOf(o.account) });
  await ledger.checkChain();
  const listen = [...(o.listen ?? ["/ip4/127.0.0.1/tcp/0"]), ...(o.proxy ? ["/p2p-circuit"] : [])];
  const host = await DspHost.create({ account: o.account, networkId: o.networkId ?? DEFAULT_NETWORK_ID, privateKey: await peerKey(o.dataDir), listen, log: o.log, connections: o.connections });
  const blocks = await FsBlockstore.open(path.join(o.dataDir, "blocks"));
  const files = await FileStore.open({ blocks, roots: await DirRootStore.open(path.join(o.dataDir, "files")) });
  const node = new FsNode({ host, files, ledger, account: o.account, seeding: o.seeding, maxServeBatches: o.maxServeBatches, log: o.log });
  let proxy: ProxyClient | undefined;
  let hostAddr = host.multiaddrs.find((a) => !a.toString().includes("p2p-circuit"))?.toString() ?? "";
  if (o.proxy) {
    proxy = await requestProxy(host, o.proxy);
    hostAddr = proxy.address.toString();
  }
  if (o.register) {
    const me = ledger.address();
    const current = await nodeStatus(ledger, me);
    if (current.status === "none") await registerNode(ledger, { hostAddr, volume: o.register.volume, serviceTime: o.register.serviceTime });
    else if (current.status === "active" && current.hostAddr !== hostAddr) await updateNode(ledger, { hostAddr, volume: current.volume, serviceTime: current.serviceTime });
  }
  let prover: Prover | undefined;
  let keeper: Keeper | undefined;
  let scrubber: Scrubber | undefined;
  let health: HealthBoard | undefined;
  if (o.prove) {
    const board = (health = new HealthBoard(node, () => keeper?.running ?? 0));
    const k = (keeper = new Keeper({
      node,
      retryDelaysMs: o.keeperRetryDelaysMs,
      onProgress: (e) => {
        board.keeper(e);
        o.onKeeper?.(e);
        if (e.type === "keeper:restored") o.log?.(`restored ${e.fileHash} (${e.reason}): ${e.result.fetched} blocks fetched, ${e.result.corrupted} corrupted`);
        else if (e.type === "keeper:failed") o.log?.(`could not restore ${e.fileHash} (${e.reason}, attempt ${e.attempt}): ${e.error.message}`);
      },
    }));
    const chain = await LedgerChain.connect(ledger);
    const p = (prover = new Prover({
      chain,
      files,
      pollIntervalMs: o.pollIntervalMs ?? 500,
      onProgress: (e) => {
        board.prover(e);
        o.onProver?.(e);
        // an offer by recovery: fetch the file from the deal's holders, then the prover accepts it
        if (e.type === "prover:deal:fetch") void k.ensure(e.detail.fileHash, e.detail.dealId, "recovery");
        else if (e.type === "prover:proof:failed" && e.detail.fileHash && e.detail.dealId && isDataLoss(e.detail.error)) void k.ensure(e.detail.fileHash, e.detail.dealId, "proof-failed");
        if (e.type === "prover:proof:submitted") o.log?.(`proved period ${e.detail.period} (${e.detail.files} files, ${e.detail.challenged} leaves, gas ${e.detail.gasUsed})`);
        else if (e.type === "prover:deal:accepted") o.log?.(`accepted deal ${e.detail.dealId} (file ${e.detail.fileHash})`);
        else if (e.type === "prover:deal:declined") o.log?.(`declined deal ${e.detail.dealId}: ${e.detail.why}`);
        else if (e.type === "prover:proof:failed" || e.type === "prover:error" || e.type === "prover:deal:failed") o.log?.(`prover: ${e.detail.error.message}`);
        else if (e.type === "prover:missed:reported") o.log?.(`reported a missed period ${e.detail.period} of ${e.detail.node}`);
      },
    }));
    node.on("block:corrupt", ({ fileHash }) => {
      const dealId = p.heldDeals(fileHash)[0];
      if (dealId) void k.ensure(fileHash, dealId, "corrupt-block");
    });
    scrubber = new Scrubber({
      node,
      keeper: k,
      intervalMs: o.scrubIntervalMs,
      heldDeal: async (fileHash) => p.heldDeals(fileHash)[0],
      onProgress: (e) => {
        board.scrub(e);
        o.onScrub?.(e);
        if (e.type === "scrub:pass") o.log?.(`scrubbed ${e.files} files (${e.blocks} blocks) in ${e.seconds.toFixed(1)} s: ${e.bad} bad`);
      },
    });
    scrubber.start();
    wireProver(node, p);
    p.start();
  }
  let announcer: NodeJS.Timeout | undefined;
  if (o.scanUrl) {
    const url = o.scanUrl;
    const tell = () => void announce(node, url, hostAddr).catch((e) => o.log?.(`announce to SCAN failed: ${(e as Error).message}`));
    tell();
    node.on("file:received", tell);
    announcer = setInterval(tell, 30 * 60_000).unref();
  }
  let tasks: TaskManager | undefined;
  let rest: RestServer | undefined;
  if (o.rest) {
    tasks = await TaskManager.open({ node, dataDir: o.dataDir, log: o.log });
    const board = health;
    rest = await startRestServer({ node, tasks, port: o.rest.port, apiToken: o.rest.apiToken, log: o.log, health: board && (() => board.snapshot()) });
  }
  return {
    node,
    ledger,
    prover,
    keeper,
    scrubber,
    health,
    rest,
    tasks,
    host,
    hostAddr,
    async stop() {
      clearInterval(announcer);
      await rest?.close();
      await tasks?.close();
      await prover?.stop();
      // together: a scrub may be waiting on a repair, which the keeper's stop aborts
      await Promise.all([scrubber?.stop(), keeper?.stop()]);
      await node.idle();
      await proxy?.close();
      await host.stop();
      await blocks.close();
      ledger.destroy();
    },
  };
}
