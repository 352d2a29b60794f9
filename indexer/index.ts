/**
 * The indexer as one service: open the database, follow the chain, serve GraphQL. `start` is
 * what the CLI (main.ts) and the devnet call; `stop` aborts the sync and closes everything.
 */
import { readDeployments, type Deployments } from "../scripts/lib/deployments.js";
import { openDatabase } from "./db/index.js";
import { createFeed } from "./graphql/feed.js";
import { startGraphqlServer } from "./graphql/server.js";
import { Syncer, type SyncOptions, type SyncProgress } from "./sync/syncer.js";

export interface IndexerOptions extends Omit<SyncOptions, "db" | "deployments" | "signal"> {
  /** `file:<path>` (SQLite, default file:./indexer.db) or `postgresql://...[?schema=name]`. */
  databaseUrl?: string;
  /** Deployments file contents, or a network name to read deployments/<network>.json. */
  deployments: Deployments | string;
  /** GraphQL listen address (default 127.0.0.1:4350); port null: no server. */
  host?: string;
  port?: number | null;
  maxDepth?: number;
}

export async function startIndexer(opts: IndexerOptions) {
  const deployments = typeof opts.deployments === "string" ? readDeployments(opts.deployments) : opts.deployments;
  const database = await openDatabase(opts.databaseUrl ?? "file:./indexer.db");
  const controller = new AbortController();
  const feed = createFeed();
  const syncer = new Syncer({
    ...opts, db: database.db, deployments, signal: controller.signal,
    onCommit: (batch) => {
      feed.committed(batch);
      opts.onCommit?.(batch);
    },
    onProgress: (ev) => {
      if (ev.type === "indexer:reorg") feed.reorged({ ancestor: ev.ancestor, head: ev.head });
      opts.onProgress?.(ev);
    },
  });
  const server = opts.port === null ? undefined : await startGraphqlServer({
    db: database.db, chainId: deployments.chainId, host: opts.host, port: opts.port ?? 4350, maxDepth: opts.maxDepth, feed,
  });
  // Errors end the loop; the caller sees them through `done`.
  const done = syncer.follow().catch((e) => {
    if (!controller.signal.aborted) throw e;
  });
  return {
    url: server?.url,
    syncer,
    db: database.db,
    done,
    async stop() {
      controller.abort();
      await done.catch(() => {});
      await server?.close();
      await database.close();
    },
  };
}

export type { SyncProgress };
