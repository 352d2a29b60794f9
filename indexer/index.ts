/**
 * The indexer as one service: open the database, follow the chain, serve GraphQL, and, with an
 * account, join the other SCAN servers of the ScanRegistry over libp2p (scan/) and sign answers.
 * `start` is what the CLI (main.ts) and the devnet call; `stop` aborts the sync and closes everything.
 */
import { readDeployments, type Deployments } from "@dsp/ledger";
import { openDatabase } from "./db/index.js";
import { createFeed } from "./graphql/feed.js";
import { startGraphqlServer } from "./graphql/server.js";
import { Syncer, type SyncOptions, type SyncProgress } from "./sync/syncer.js";
import { Tracker } from "./tracker/tracker.js";
import type { KeyPair } from "@dsp/core";
import { startScanFederation, type ScanFederation, type ScanProgress } from "./scan/index.js";
import { Attester } from "./scan/attest.js";

/** How often expired announcements are swept out. */
const PRUNE_EVERY_MS = 60_000;

export interface IndexerOptions extends Omit<SyncOptions, "db" | "deployments" | "signal"> {
  /** `file:<path>` (SQLite, default file:./indexer.db) or `postgresql://...[?schema=name]`. */
  databaseUrl?: string;
  /** Deployments file contents, or a network name to read deployments/<network>.json. */
  deployments: Deployments | string;
  /** GraphQL listen address (default 127.0.0.1:4350); port null: no server. */
  host?: string;
  port?: number | null;
  maxDepth?: number;
  maxCost?: number;
  /**
   * The SCAN server's account (its key registered in the ScanRegistry). With one, the server
   * listens on libp2p, authenticates and federates with the other members, and signs `attest`
   * answers; without one it indexes and serves alone.
   */
  account?: KeyPair;
  /** libp2p listen multiaddrs (default one TCP port on 127.0.0.1); only with an account. */
  p2pListen?: string[];
  /** Dial members and check the connected ones this often (default 30 s). */
  memberRefreshMs?: number;
  /** A libp2p peer that has not completed the SCAN handshake this long after connecting is cut off (default 15 s). */
  scanHandshakeDeadlineMs?: number;
  /** Pull announcements from every member this often, besides when it joins (default 60 s; 0: only then). */
  peerPullIntervalMs?: number;
  onFederation?: (ev: ScanProgress) => void;
  /** Where the P2P host tells what it refused and why. */
  p2pLog?: (line: string) => void;
}

export async function startIndexer(opts: IndexerOptions) {
  const deployments = typeof opts.deployments === "string" ? readDeployments(opts.deployments) : opts.deployments;
  const database = await openDatabase(opts.databaseUrl ?? "file:./indexer.db");
  const controller = new AbortController();
  const feed = createFeed();
  let scan: ScanFederation | undefined;
  const tracker = new Tracker({ db: database.db, chainId: deployments.chainId, onAccepted: (a) => scan?.exchange.forward(a) });
  const syncer = new Syncer({
    ...opts, db: database.db, deployments, signal: controller.signal,
    onCommit: (batch) => {
      feed.committed(batch);
      // a member joined, moved or left: dial it, or drop it
      if (batch.scanNodes.length) void scan?.members.refresh();
      opts.onCommit?.(batch);
    },
    onProgress: (ev) => {
      if (ev.type === "indexer:reorg") {
        feed.reorged({ ancestor: ev.ancestor, head: ev.head });
        void scan?.members.refresh();
      }
      // peers' announcements parked for files we had not indexed: the new blocks may hold them
      else if (ev.events && tracker.pendingCount) void tracker.retryPending();
      opts.onProgress?.(ev);
    },
  });
  try {
    if (opts.account) {
      scan = await startScanFederation({
        db: database.db, tracker, account: opts.account, rpcUrl: opts.rpcUrl, deployments, listen: opts.p2pListen, refreshMs: opts.memberRefreshMs, handshakeDeadlineMs: opts.scanHandshakeDeadlineMs,
        pullIntervalMs: opts.peerPullIntervalMs, onProgress: opts.onFederation, log: opts.p2pLog, signal: controller.signal,
      });
    }
  } catch (e) {
    await database.close();
    throw e;
  }
  const server = opts.port === null ? undefined : await startGraphqlServer({
    db: database.db, chainId: deployments.chainId, host: opts.host, port: opts.port ?? 4350, maxDepth: opts.maxDepth, maxCost: opts.maxCost, feed, tracker,
    attester: opts.account && new Attester({ db: database.db, chainId: deployments.chainId, registry: deployments.contracts.scanRegistry, account: opts.account }),
  }).catch(async (e) => {
    await scan?.stop();
    await database.close();
    throw e;
  });
  const pruning = setInterval(() => void tracker.prune().catch(() => {}), PRUNE_EVERY_MS);
  pruning.unref();
  // Errors end the loop; the caller sees them through `done`.
  const done = syncer.follow().catch((e) => {
    if (!controller.signal.aborted) throw e;
  });
  return {
    url: server?.url,
    syncer,
    tracker,
    /** The SCAN federation (with an account): its host, members and announcement exchange. */
    scan,
    db: database.db,
    done,
    async stop() {
      controller.abort();
      clearInterval(pruning);
      await done.catch(() => {});
      await scan?.stop();
      await server?.close();
      await database.close();
    },
  };
}

export type { SyncProgress };

// What other programs (benchmarks, the FS node's integration tests) build on.
export { openDatabase } from "./db/index.js";
export { startGraphqlServer } from "./graphql/server.js";
export { Syncer } from "./sync/syncer.js";
export { Rpc } from "./sync/rpc.js";
export { EventDecoder } from "./sync/decode.js";
export { Tracker } from "./tracker/tracker.js";
