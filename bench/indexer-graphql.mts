/**
 * `npx tsx bench/indexer-graphql.mts [--files N] [--clients N] [--requests N] [--think MS]`: GraphQL latency of
 * the SCAN indexer on SQLite under many concurrent clients.
 *
 * The database: the chain bench/indexer-backfill.ts builds (1,150 files on 8 nodes, 4 holders
 * each), backfilled, plus 200 endpoints' signed announcements of 20 files each. The server runs in
 * its own process (as in production: the clients' work must not sit in its event loop); the
 * clients are `--clients` loops in this process, each sending `--requests` requests one after the
 * other over keep-alive connections, a realistic mix of queries (table below): first with a
 * random pause of mean `--think` ms before each request (the latency a client sees at that load),
 * then back to back (the server's saturation throughput). Baseline, measured the same way in the
 * same run: `{ __typename }`, which costs yoga's parsing, validation and HTTP but no database
 * work. Target: p99 < 50 ms. Measured and printed, not asserted. Also printed: CPU per request of
 * the server (from /proc) and of the clients, which a loaded machine changes much less than
 * latency, and which bound the throughput (see indexer/README.md, "Measured: GraphQL latency").
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { KeyPair, dspAddressOf } from "@dsp/core";
import { openDatabase } from "@dsp/scan";
import { startGraphqlServer } from "@dsp/scan";
import { Syncer } from "@dsp/scan";
import { signAnnouncement } from "@dsp/core";
import { Tracker } from "@dsp/scan";
import { populatedChain } from "./lib/indexer-chain.mts";
import { fmt, table } from "./lib/common.mts";
import { sleep } from "@dsp/core";

const ENDPOINTS = 200;
const FILES_PER_ENDPOINT = 20;

/** Child mode: serve GraphQL over an existing database, print the URL, run until killed. */
async function serve(dbUrl: string, chainId: number) {
  const h = await openDatabase(dbUrl);
  const server = await startGraphqlServer({ db: h.db, chainId, tracker: new Tracker({ db: h.db, chainId }) });
  // exit (not die) on SIGTERM, so that --cpu-prof in BENCH_SERVER_NODE_OPTIONS can write its profile
  process.once("SIGTERM", () => void server.close().then(() => h.close()).then(() => process.exit(0)));
  console.log(server.url);
}

type Query = { name: string; share: number; make: (i: number) => { query: string; variables?: Record<string, unknown> } };

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
function cpuSecondsOf(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime: fields 14 and 15 of stat
}

function quantile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * `clients` loops of `requests` requests each. thinkMs 0: back to back (the server saturates and
 * latency is mostly queueing: ~clients / throughput). Otherwise each client waits a random
 * (exponential, seeded) time of that mean before each request, as discovery clients do.
 */
async function load(url: string, serverPid: number, clients: number, requests: number, mix: Query[], thinkMs = 0) {
  // Each client draws its queries from the mix by a fixed rotation, so every run asks the same things.
  const deck: Query[] = [];
  for (const q of mix) for (let k = 0; k < q.share; k++) deck.push(q);
  const times = new Map(mix.map((q) => [q.name, [] as number[]]));
  let errors = 0;
  let resets = 0;
  const started = performance.now();
  const cpu = { server: cpuSecondsOf(serverPid), clients: process.cpuUsage() };
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    let seed = c + 1;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
    for (let r = 0; r < requests; r++) {
      if (thinkMs) await sleep(-Math.log(uniform()) * thinkMs);
      const i = c * requests + r;
      const q = deck[(i * 7) % deck.length];
      const t = performance.now();
      const send = () => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(q.make(i)) });
      // A kept-alive socket the server closes as we reuse it resets; undici does not resend a POST. Once more, counted.
      const res = await send().catch(() => (resets++, send()));
      const body = (await res.json()) as { errors?: unknown[] };
      times.get(q.name)!.push(performance.now() - t);
      if (body.errors) errors++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const clientsCpu = process.cpuUsage(cpu.clients);
  // CPU per request: what the machine's load does not change much, unlike throughput and latency
  const n = clients * requests;
  const cpuMs = { server: ((cpuSecondsOf(serverPid) - cpu.server) * 1000) / n, clients: (clientsCpu.user + clientsCpu.system) / 1000 / n };
  const all = [...times.values()].flat().sort((x, y) => x - y);
  for (const v of times.values()) v.sort((x, y) => x - y);
  return { times, all, seconds, cpuMs, errors: errors + resets };
}

async function main() {
  const { values } = parseArgs({
    options: {
      serve: { type: "string" }, chain: { type: "string" },
      files: { type: "string", default: "1150" }, clients: { type: "string", default: "200" }, requests: { type: "string", default: "10" },
      think: { type: "string", default: "2000" },
    },
  });
  if (values.serve) return serve(values.serve, Number(values.chain));
  const [files, clients, requests, think] = [Number(values.files), Number(values.clients), Number(values.requests), Number(values.think)];

  const { chain, actors, fileHashes } = await populatedChain(files);
  const dir = mkdtempSync(path.join(tmpdir(), "dsp-bench-gql-"));
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const dbUrl = `file:${path.join(dir, "index.db")}`;
    const h = await openDatabase(dbUrl);
    await new Syncer({ db: h.db, rpcUrl: chain.url, deployments: chain.deployments, finalityDepth: 1 }).syncTo();
    const chainId = chain.deployments.chainId;
    const tracker = new Tracker({ db: h.db, chainId });
    const wallets: string[] = [];
    for (let e = 0; e < ENDPOINTS; e++) {
      const key = KeyPair.fromPrivateKey("0x" + (e + 1).toString(16).padStart(64, "0"));
      const mine = Array.from({ length: FILES_PER_ENDPOINT }, (_, k) => fileHashes[(e * 37 + k * 53) % fileHashes.length]);
      await tracker.announce(signAnnouncement(key, { chainId, hostAddr: `/ip4/127.0.0.1/tcp/${10_000 + e}`, fileHashes: mine, ttl: 24 * 3600_000 }));
      wallets.push(dspAddressOf(key.publicKey));
    }
    const counts = { files: await h.db.file.count(), holders: await h.db.holder.count(), announced: await h.db.announcedFile.count() };
    await h.close();

    const extra = process.env.BENCH_SERVER_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [];
    child = spawn(process.execPath, [...extra, ...process.execArgv, fileURLToPath(import.meta.url), "--serve", dbUrl, "--chain", String(chainId)], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.once("data", (d) => resolve(String(d).trim()));
      child!.once("exit", (code) => reject(new Error(`GraphQL server exited with ${code}`)));
    });

    const nodes = actors.nodes.map((n) => n.address);
    const hash = (i: number) => fileHashes[(i * 31) % fileHashes.length];
    const mix: Query[] = [
      { name: "file(hash) with holders", share: 3, make: (i) => ({ query: `query($h: String!) { file(hash: $h) { owner deposit valid holders(active: true) { node escrow proofsDone hostAddr } } }`, variables: { h: hash(i) } }) },
      { name: "peers(fileHash)", share: 3, make: (i) => ({ query: `query($h: String!) { peers(fileHash: $h) { infoHash peers { walletAddr hostPort type announcedAt } } }`, variables: { h: hash(i) } }) },
      { name: "endpoint(walletAddr)", share: 1, make: (i) => ({ query: `query($w: String!) { endpoint(walletAddr: $w) { hostPort announcedAt } }`, variables: { w: wallets[i % wallets.length] } }) },
      { name: "files(holder), 20 a page", share: 1, make: (i) => ({ query: `query($n: String) { files(holder: $n, first: 20) { edges { node { fileHash realFileSize } } pageInfo { endCursor } } }`, variables: { n: nodes[i % nodes.length] } }) },
      { name: "files(owner), 20 a page", share: 1, make: () => ({ query: `query($o: String) { files(owner: $o, first: 20) { edges { node { fileHash deposit } } } }`, variables: { o: actors.owner.address } }) },
      { name: "nodes, 20 a page", share: 1, make: () => ({ query: `{ nodes(first: 20) { edges { node { address hostAddr restVolume status } } } }` }) },
    ];
    const baseline: Query[] = [{ name: "{ __typename }", share: 1, make: () => ({ query: `{ __typename }` }) }];

    const pid = child.pid!;
    await load(url, pid, 20, 5, mix); // warm-up: connections, JIT, SQLite page cache
    const paced = { base: await load(url, pid, clients, requests, baseline, think), run: await load(url, pid, clients, requests, mix, think) };
    const flat = { base: await load(url, pid, clients, requests, baseline), run: await load(url, pid, clients, requests, mix) };

    console.log(`SQLite database: ${counts.files} files, ${counts.holders} holders, ${ENDPOINTS} endpoints announcing ${counts.announced} (endpoint, file) pairs. `
      + `${clients} concurrent clients x ${requests} requests each = ${clients * requests} requests per row; the server in its own process, the clients in this one. `
      + `Baseline: \`{ __typename }\` (yoga and HTTP, no database), measured the same way.\n`);
    for (const [title, { base, run }] of [
      [`Clients pausing ${think} ms on average (exponential) before each request: ~${Math.round((clients * 1000) / think)} requests/s offered`, paced],
      ["Clients sending back to back (saturation: latency is mostly the queue, ~clients / throughput)", flat],
    ] as const) {
      console.log(`${title}:\n`);
      const b = base.all;
      table(["query", "requests", "p50 ms", "p99 ms", "target"], [
        ...[...run.times].map(([name, t]) => [name, t.length, fmt(quantile(t, 0.5)), fmt(quantile(t, 0.99)), ""]),
        ["**all of the mix**", run.all.length, fmt(quantile(run.all, 0.5)), fmt(quantile(run.all, 0.99)), "p99 < 50"],
        ["baseline", b.length, fmt(quantile(b, 0.5)), fmt(quantile(b, 0.99)), ""],
      ]);
      console.log(`Throughput: mix ${Math.round(run.all.length / run.seconds)} requests/s, baseline ${Math.round(b.length / base.seconds)} requests/s; `
        + `mix p99 / baseline p99 = ${fmt(quantile(run.all, 0.99) / quantile(b, 0.99), 2)}x. Errors: ${run.errors + base.errors}. `
        + `CPU per request: server ${fmt(run.cpuMs.server, 3)} ms for the mix, ${fmt(base.cpuMs.server, 3)} ms for the baseline `
        + `(one core serves at most ~${Math.round(1000 / run.cpuMs.server)} / ${Math.round(1000 / base.cpuMs.server)} requests/s); `
        + `the clients (fetch, in this process) ${fmt(run.cpuMs.clients, 3)} / ${fmt(base.cpuMs.clients, 3)} ms.\n`);
    }
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
