/**
 * `npx tsx indexer/main.ts [options]`: the SCAN indexer and GraphQL server. See --help.
 */
import { parseArgs } from "node:util";
import { startIndexer } from "./index.js";
import { loadScanAccount } from "./scan/identity.js";
import { evmAddressOf } from "@dsp/core";

const HELP = `Usage: npx tsx indexer/main.ts [options]

Follows the DSP contracts' events into a database and serves GraphQL (GraphiQL in a browser).
With an account registered in the ScanRegistry it also joins the other SCAN servers over libp2p
(mutual authentication, shared announcements) and signs answers (GraphQL attest).

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
  --wallet <file>         the SCAN server's account (a wallet file); its password from
                          --password-file or $DSP_SCAN_PASSWORD
  --password-file <file>  file holding the wallet's password
  --private-key <hex>     the account as a raw key, for development (default $DSP_SCAN_PRIVATE_KEY)
  --p2p-listen <addr>     libp2p listen multiaddr, repeatable (default /ip4/127.0.0.1/tcp/0); register
                          the printed address (with /p2p/<id>, stable for one account) as the hostAddr
  --member-refresh <ms>   dial registered members and recheck connected ones this often (default 30000)
  --peer-pull <ms>        pull announcements from every member this often, besides when it joins
                          (default 60000; 0: only then)
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
      wallet: { type: "string" },
      "password-file": { type: "string" },
      "private-key": { type: "string", default: process.env.DSP_SCAN_PRIVATE_KEY },
      "p2p-listen": { type: "string", multiple: true },
      "member-refresh": { type: "string", default: "30000" },
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
  const account = await loadScanAccount({
    wallet: values.wallet, passwordFile: values["password-file"], password: process.env.DSP_SCAN_PASSWORD, privateKey: values["private-key"],
  });
  const indexer = await startIndexer({
    deployments: values.network!, rpcUrl: values.rpc!, databaseUrl: values.db, host: values.host, port: num("port", values.port!),
    confirmations: num("confirmations", values.confirmations!), finalityDepth: num("finality", values.finality!),
    blockRange: num("range", values.range!), pollIntervalMs: num("poll", values.poll!),
    maxCost: num("max-cost", values["max-cost"]!), account, p2pListen: values["p2p-listen"],
    memberRefreshMs: num("member-refresh", values["member-refresh"]!), peerPullIntervalMs: num("peer-pull", values["peer-pull"]!),
    onFederation: (e) => {
      if (e.type === "scan:authenticated") console.log(`[indexer] SCAN member ${e.evm} authenticated (${e.direction})`);
      else if (e.type === "scan:refused") console.log(`[indexer] refused ${e.peer}: ${e.code} ${e.message}`);
      else if (e.type === "scan:refused-by") console.log(`[indexer] member ${e.evm} refused us: ${e.code} ${e.message}`);
      else if (e.type === "scan:dropped") console.log(`[indexer] dropped member ${e.evm}: ${e.why}`);
      else if (e.type === "scan:dial-failed") console.log(`[indexer] cannot reach member ${e.evm} at ${e.hostAddr}: ${e.error}`);
      else if (e.type === "scan:pulled" && (e.accepted || e.pending)) console.log(`[indexer] pulled ${e.received} announcements from ${e.evm}: ${e.accepted} new, ${e.pending} waiting for their files`);
      else if (e.type === "scan:pull-failed") console.log(`[indexer] pull from ${e.evm} failed: ${e.error}`);
      else if (e.type === "scan:forward-failed") console.log(`[indexer] passing ${e.count} announcements to ${e.evm} failed: ${e.error}`);
    },
    onProgress: (e) => {
      if (e.type === "indexer:range") console.log(`[indexer] blocks ${e.from}-${e.to}: ${e.events} events`);
      else if (e.type === "indexer:reorg") console.log(`[indexer] reorg: rolled back from ${e.head} to ${e.ancestor} (${e.undone} undo entries)`);
      else if (e.events) console.log(`[indexer] block ${e.number}: ${e.events} events`);
    },
  });
  console.log(`[indexer] GraphQL and GraphiQL at ${indexer.url}, the explorer at ${new URL("/", indexer.url)}`);
  if (account) {
    const evm = evmAddressOf(account.publicKey);
    const me = `${evm} (${indexer.scan!.host.address})`;
    for (const a of indexer.scan!.multiaddrs) console.log(`[indexer] SCAN server ${me} on libp2p at ${a}`);
    const status = await indexer.scan!.statusOf(evm).catch(() => undefined);
    if (status && status !== "Active") {
      console.log(`[indexer] ${evm} is not a member of the ScanRegistry (${status}): other SCAN servers will refuse it until it registers (dsp scan register --host <address above>)`);
    }
  }
  const stop = () => void indexer.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await indexer.done;
}

main().catch((e) => {
  console.error(`[indexer] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
