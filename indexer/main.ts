/**
 * `npx tsx indexer/main.ts [options]`: the SCAN indexer and GraphQL server. See --help.
 */
import { parseArgs } from "node:util";
import { startIndexer } from "./index.js";

const HELP = `Usage: npx tsx indexer/main.ts [options]

Follows the DSP contracts' events into a database and serves GraphQL (GraphiQL in a browser).

Options:
  --network <name>        deployments/<name>.json to read (default localhost)
  --rpc <url>             JSON-RPC endpoint (default $DSP_RPC_URL or http://127.0.0.1:8545)
  --db <url>              file:<path> for SQLite (default $DSP_INDEXER_DB or file:./indexer.db),
                          postgresql://user@host/db[?schema=name] for PostgreSQL
  --host <addr>           GraphQL listen address (default 127.0.0.1)
  --port <n>              GraphQL port (default 4350)
  --confirmations <n>     apply blocks only n deep (default 0)
  --finality <n>          blocks deeper than n are final: fetched by range, no undo kept (default 64)
  --range <n>             blocks per eth_getLogs request (default 2000)
  --poll <ms>             head polling interval (default 1000)
  --max-cost <n>          refuse GraphQL queries whose estimated cost is above n (default 10000)
  --peer <url>            another SCAN server's GraphQL URL (repeat for several): announcements
                          accepted here are passed on to it, and its live ones are pulled
  --peer-pull <ms>        pull from the peers this often, besides at start (default 60000; 0: only at start)
  -h, --help              show this help

Run \`npx tsx prisma/generate.ts\` once after checkout (it builds the database clients).`;

async function main() {
  const { values } = parseArgs({
    options: {
      network: { type: "string", default: "localhost" },
      rpc: { type: "string", default: process.env.DSP_RPC_URL ?? "http://127.0.0.1:8545" },
      db: { type: "string", default: process.env.DSP_INDEXER_DB ?? "file:./indexer.db" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "4350" },
      confirmations: { type: "string", default: "0" },
      finality: { type: "string", default: "64" },
      range: { type: "string", default: "2000" },
      poll: { type: "string", default: "1000" },
      peer: { type: "string", multiple: true, default: [] },
      "peer-pull": { type: "string", default: "60000" },
      "max-cost": { type: "string", default: "10000" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not "${v}"`);
    return n;
  };
  const indexer = await startIndexer({
    deployments: values.network!, rpcUrl: values.rpc!, databaseUrl: values.db, host: values.host, port: num("port", values.port!),
    confirmations: num("confirmations", values.confirmations!), finalityDepth: num("finality", values.finality!),
    blockRange: num("range", values.range!), pollIntervalMs: num("poll", values.poll!),
    maxCost: num("max-cost", values["max-cost"]!), peers: values.peer, peerPullIntervalMs: num("peer-pull", values["peer-pull"]!),
    onFederation: (e) => {
      if (e.type === "scan:pulled" && (e.accepted || e.pending)) console.log(`[indexer] pulled ${e.received} announcements from ${e.peer}: ${e.accepted} new, ${e.pending} waiting for their files`);
      else if (e.type === "scan:pull-failed") console.log(`[indexer] pull from ${e.peer} failed: ${e.error}`);
      else if (e.type === "scan:forward-failed") console.log(`[indexer] passing ${e.count} announcements to ${e.peer} failed: ${e.error}`);
    },
    onProgress: (e) => {
      if (e.type === "indexer:range") console.log(`[indexer] blocks ${e.from}-${e.to}: ${e.events} events`);
      else if (e.type === "indexer:reorg") console.log(`[indexer] reorg: rolled back from ${e.head} to ${e.ancestor} (${e.undone} undo entries)`);
      else if (e.events) console.log(`[indexer] block ${e.number}: ${e.events} events`);
    },
  });
  console.log(`[indexer] GraphQL and GraphiQL at ${indexer.url}, the explorer at ${new URL("/", indexer.url)}`);
  const stop = () => void indexer.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await indexer.done;
}

main().catch((e) => {
  console.error(`[indexer] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
