/**
 * The indexer as one service: open the database, follow the chain, serve GraphQL. `start` is
 * what the CLI (main.ts) and the devnet call; `stop` aborts the sync and closes everything.
 */
import { readDeployments, type Deployments } from "../scripts/lib/deployments.js";
import { openDatabase } from "./db/index.js";
import { createFeed } from "./graphql/feed.js";
import { startGraphqlServer } from "./graphql/server.js";
import { Syncer, type SyncOptions, type SyncProgress } from "./sync/syncer.js";
import { Tracker } from "./tracker/tracker.js";
import { Federation, type FederationProgress } from "./tracker/federation.js";

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
  /** GraphQL URLs of peer SCAN servers: accepted announcements are passed on to them, and pulled from them. */
  peers?: string[];
  /** Pull from the peers this often besides at start (default 60 s; 0: only at start). */
  peerPullIntervalMs?: number;
  onFederation?: (ev: FederationProgress) => void;
}

export async function startIndexer(opts: IndexerOptions) {
  const deployments = typeof opts.deployments === "string" ? readDeployments(opts.deployments) : opts.deployments;
  const database = await openDatabase(opts.databaseUrl ?? "file:./indexer.db");
  const controller = new AbortController();
  const feed = createFeed();
  const tracker = new Tracker({ db: database.db, chainId: deployments.chainId, onAccepted: (a) => federation.forward(a) });
  let federation: Federation;
  try {
    federation = new Federation({ tracker, peers: opts.peers ?? [], pullIntervalMs: opts.peerPullIntervalMs, signal: controller.signal, onProgress: opts.onFederation });
  } catch (e) {
    await database.close();
    throw e;
  }
  const syncer = new Syncer({
    ...opts, db: database.db, deployments, signal: controller.signal,
    onCommit: (batch) => {
      feed.committed(batch);
      opts.onCommit?.(batch);
    },
    onProgress: (ev) => {
      if (ev.type === "indexer:reorg") feed.reorged({ ancestor: ev.ancestor, head: ev.head });
      // peers' announcements parked for files we had not indexed: the new blocks may hold them
      else if (ev.events && tracker.pendingCount) void tracker.retryPending();
      opts.onProgress?.(ev);
    },
  });
  const server = opts.port === null ? undefined : await startGraphqlServer({
    db: database.db, chainId: deployments.chainId, host: opts.host, port: opts.port ?? 4350, maxDepth: opts.maxDepth, maxCost: opts.maxCost, feed, tracker,
  });
  const pruning = setInterval(() => void tracker.prune().catch(() => {}), PRUNE_EVERY_MS);
  pruning.unref();
  federation.start();
  // Errors end the loop; the caller sees them through `done`.
  const done = syncer.follow().catch((e) => {
    if (!controller.signal.aborted) throw e;
  });
  return {
    url: server?.url,
    syncer,
    tracker,
    federation,
    db: database.db,
    done,
    async stop() {
      controller.abort();
      clearInterval(pruning);
      await done.catch(() => {});
      await server?.close();
      await database.close();
    },
  };
}

export type { SyncProgress };
