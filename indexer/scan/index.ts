/**
 * The SCAN federation of one server: a DspHost with the server's account, the authenticated
 * members (members.ts, handshake.ts) and the announcements exchanged with them (exchange.ts).
 * Started by startIndexer when the indexer has an account; docs/scan-federation.md.
 */
import { evmAddressOf, type KeyPair } from "@dsp/core";
import { Ledger } from "@dsp/ledger";
import { scanNode } from "@dsp/ledger";
import { DspHost, DEFAULT_NETWORK_ID } from "@dsp/p2p";
import type { Deployments } from "@dsp/ledger";
import type { Db } from "../db/index.js";
import type { Tracker } from "../tracker/tracker.js";
import { AnnouncementExchange, type ExchangeProgress } from "./exchange.js";
import { peerKeyOf } from "./identity.js";
import { ScanMembers, type MembersProgress } from "./members.js";
import type { RegistryStatus } from "./handshake.js";

export type ScanProgress = MembersProgress | ExchangeProgress;

export interface ScanFederationOptions {
  db: Db;
  tracker: Tracker;
  account: KeyPair;
  /** Where membership is read at the chain's head (isMember, getScanNode). */
  rpcUrl: string;
  deployments: Deployments;
  /** libp2p listen multiaddrs (default one TCP port on 127.0.0.1). */
  listen?: string[];
  networkId?: number;
  /** Dial members and check the connected ones this often (default 30 s). */
  refreshMs?: number;
  /** A peer that has not completed the handshake this long after connecting is cut off (default 15 s). */
  handshakeDeadlineMs?: number;
  /** Pull every member's announcements this often, besides when it joins (default 60 s). */
  pullIntervalMs?: number;
  onProgress?: (ev: ScanProgress) => void;
  log?: (line: string) => void;
  signal: AbortSignal;
}

export type ScanFederation = Awaited<ReturnType<typeof startScanFederation>>;

export async function startScanFederation(opts: ScanFederationOptions) {
  const chain = await Ledger.connect({ rpcUrl: opts.rpcUrl, deployments: opts.deployments });
  const statusOf = async (evm: string): Promise<RegistryStatus> => {
    const { status } = await scanNode(chain, evm);
    return status === "active" ? "Active" : status === "quitting" ? "Quitting" : "None";
  };
  let host: DspHost;
  try {
    host = await DspHost.create({
      account: opts.account, networkId: opts.networkId ?? DEFAULT_NETWORK_ID, privateKey: await peerKeyOf(opts.account), listen: opts.listen, log: opts.log,
    });
  } catch (e) {
    chain.destroy();
    throw e;
  }
  const common = { host, signal: opts.signal, onProgress: opts.onProgress };
  const members = new ScanMembers({
    ...common, db: opts.db, chainId: opts.deployments.chainId, registry: opts.deployments.contracts.scanRegistry.toLowerCase(), statusOf,
    self: evmAddressOf(opts.account.publicKey).toLowerCase(), refreshMs: opts.refreshMs, handshakeDeadlineMs: opts.handshakeDeadlineMs,
  });
  const exchange = new AnnouncementExchange({ ...common, tracker: opts.tracker, members, pullIntervalMs: opts.pullIntervalMs });
  members.start();
  exchange.start();
  return {
    host,
    members,
    exchange,
    /** Where other members dial this server: what to register as its hostAddr. */
    get multiaddrs() {
      return host.multiaddrs.map(String);
    },
    /** The account's status in the ScanRegistry at the chain's head. */
    statusOf,
    async stop() {
      await host.stop();
      chain.destroy();
    },
  };
}
