/**
 * The GraphQL endpoint: graphql-yoga over node:http, GraphiQL served from local assets
 * (@graphql-yoga/render-graphiql; yoga's default loads them from a CDN), a depth limit, and
 * BigInt values (our block numbers) rendered as decimal strings, and a cost limit. Subscriptions are served over
 * server-sent events (POST or GET with accept: text/event-stream; `event: next` / `data:` frames).
 * Every other path serves the web explorer's files (static.ts).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createYoga } from "graphql-yoga";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { Db } from "../db/index.js";
import { depthLimit } from "./depth.js";
import { costLimit, DEFAULT_MAX_COST } from "./cost.js";
import { bodyLimit } from "./body-limit.js";
import { createFeed, type Feed } from "./feed.js";
import { buildSchema, type Context } from "./schema.js";
import { Tracker } from "../tracker/tracker.js";
import { openReads, type Reads } from "./reads/index.js";
import { createLoaders } from "./loaders.js";
import { withExplorer } from "./static.js";
import type { Attester } from "../scan/attest.js";

export interface GraphqlOptions {
  db: Db;
  chainId: number;
  /** Deepest field nesting a query may have (default 8). */
  maxDepth?: number;
  /** Highest estimated cost a query may have (cost.ts; default DEFAULT_MAX_COST). */
  maxCost?: number;
  /** Largest request body accepted, in bytes (body-limit.ts; default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** What subscriptions hear (the syncer publishes into it); without one they hear nothing. */
  feed?: Feed;
  /** The tracker's state (default: one over `db`, with no peers). */
  tracker?: Tracker;
  /** The web explorer's build, served at / (static.ts; default indexer/explorer/dist). */
  explorerDir?: string;
  /** Signs `attest` answers (the server's account); without one `attest` is refused. */
  attester?: Attester;
}

export function createGraphqlHandler(opts: GraphqlOptions & { reads: Reads }) {
  const depthRule = depthLimit(opts.maxDepth ?? 8);
  const feed = opts.feed ?? createFeed();
  const tracker = opts.tracker ?? new Tracker({ db: opts.db, chainId: opts.chainId });
  return createYoga<object, Context>({
    schema: buildSchema(),
    context: () => ({ db: opts.db, reads: opts.reads, loaders: createLoaders(opts.reads), chainId: opts.chainId, feed, tracker, attester: opts.attester }),
    graphiql: { title: "DSP SCAN" },
    renderGraphiQL,
    landingPage: false,
    maxRequestBodySize: false, // bodyLimit instead: the same refusals without a stream per request
    plugins: [
      bodyLimit(opts.maxBodyBytes),
      { onValidate: ({ addValidationRule }: { addValidationRule: (r: typeof depthRule) => void }) => addValidationRule(depthRule) },
      costLimit(opts.maxCost ?? DEFAULT_MAX_COST),
    ],
  });
}

/** Serves GraphQL at http://host:port/graphql; port 0 picks a free one. */
export async function startGraphqlServer(opts: GraphqlOptions & { host?: string; port?: number }): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const reads = openReads(opts.db);
  const yoga = createGraphqlHandler({ ...opts, reads });
  const server = createServer(withExplorer(yoga, { dir: opts.explorerDir, endpoint: yoga.graphqlEndpoint }));
  // Node closes an idle kept-alive socket after 5 s; SCAN clients poll slower than that, and one
  // that reuses a socket as it is closed sees ECONNRESET (a POST is not resent). Keep them longer.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  }).catch(async (e) => {
    await reads.close();
    throw e;
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}${yoga.graphqlEndpoint}`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await reads.close();
    },
  };
}
