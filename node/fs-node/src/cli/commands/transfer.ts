/**
 * The commands that need the P2P layer: `dsp node run` (an FS node until Ctrl-C) and
 * `dsp file upload|download` (a light client: a node of its own for the duration of the
 * transfer, its blocks kept in --data-dir so that running the command again resumes).
 */
import { homedir } from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { InvalidParams } from "@dsp/core";
import { startDaemon, type Daemon } from "../../service/daemon.js";
import { downloadFile, type DownloadProgress } from "../../service/download.js";
import { uploadFile, type UploadProgress } from "../../service/upload.js";
import { PRIVILEGE } from "@dsp/ledger";
import { action, type CliContext } from "../context.js";
import { heightFrom, parseSize, parseWhole } from "../parse.js";

const DEFAULT_DATA = path.join(homedir(), ".dsp");
const HASH = "0x6c6f72656d697073756d646f6c6f7273697420616d6574636f6e736563746574";

interface NetOptions {
  dataDir?: string;
  listen?: string[];
  proxy?: string;
}

async function daemon(ctx: CliContext, o: NetOptions, sub: string, extra: Partial<Parameters<typeof startDaemon>[0]> = {}): Promise<Daemon> {
  return startDaemon({
    account: await ctx.key(),
    dataDir: o.dataDir ?? path.join(DEFAULT_DATA, sub),
    rpcUrl: ctx.options.rpc,
    network: ctx.options.network,
    listen: o.listen,
    proxy: o.proxy,
    log: ctx.options.json ? undefined : (line) => ctx.note(line),
    ...extra,
  });
}

/** A light client for the duration of `run`, stopped whatever happens. */
async function withClient(ctx: CliContext, o: NetOptions, run: (d: Daemon) => Promise<void>): Promise<void> {
  const d = await daemon(ctx, o, "client");
  try {
    await run(d);
  } finally {
    await d.stop();
  }
}

/** One line per state; a bar for blocks when stderr is a terminal. */
function progressPrinter(ctx: CliContext) {
  let last = "";
  return (e: UploadProgress | DownloadProgress) => {
    if (ctx.options.json) return;
    if (e.type === "blocks:fetched") {
      const width = 30;
      const filled = Math.round((e.done / Math.max(e.total, 1)) * width);
      const line = `  [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${e.done}/${e.total} blocks, ${(e.bytes / 2 ** 20).toFixed(1)} MiB`;
      if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
      else if (e.done === e.total) ctx.note(line);
      return;
    }
    const text = e.type === "upload:holder" ? `  holder ${e.node}: ${e.state} ${e.name}` : `state ${e.state} ${e.name}`;
    if (text !== last) ctx.note((process.stderr.isTTY ? "\r\x1b[K" : "") + text);
    last = text;
  };
}

function netOptions(c: Command, sub: string): Command {
  return c
    .option("--data-dir <dir>", `where blocks, file records and the peer key live (default ~/.dsp/${sub})`)
    .option("--listen <multiaddr...>", "libp2p listen addresses (default /ip4/127.0.0.1/tcp/0)")
    .option("--proxy <multiaddr>", "be reachable through this proxy server (for a node without a public address)");
}

export function transferCommands(program: Command): void {
  const node = program.commands.find((c) => c.name() === "node")!;
  const file = program.commands.find((c) => c.name() === "file")!;

  netOptions(
    node
      .command("run")
      .description("run an FS node: store files handed to it, serve downloads, until Ctrl-C")
      .option("--register", "register in the NodeRegistry if not registered (pledging for --volume); update the host address if it changed")
      .option("--volume <size>", "space offered when registering (bytes or 64MiB, 1GiB)", "1GiB")
      .option("--for <blocks>", "service time when registering, in blocks from now", "1000000")
      .option("--price <wei>", "price per byte of downloads served, in token wei (0: free)", "0")
      .option("--rest-port <port>", "serve the REST API on this port of 127.0.0.1 (docs/rest.md; 0: any free port)")
      .option("--api-token <token>", "require this bearer token on the REST API ($DSP_API_TOKEN)")
      .option("--scan <url>", "announce this node's files to the SCAN server at <url> (its /graphql endpoint)")
      .option("--max-serve-batches <n>", "block batches (2 MiB each) read and being sent at once over all downloaders: bounds the memory serving takes", "16")
      .option("--scrub-every <minutes>", "read back and check every block of the files held this often, fetching bad ones again (0: never)", "360"),
    "node",
  )
    .addHelpText("after", "\nExamples:\n  $ dsp node run --listen /ip4/0.0.0.0/tcp/4001 --register --volume 10GiB\n  $ dsp node run --proxy /ip4/203.0.113.5/tcp/4100/p2p/12D3KooW... --price 10")
    .action(action(async (ctx, o: NetOptions & { register?: boolean; volume: string; for: string; price: string; restPort?: string; apiToken?: string; scan?: string; maxServeBatches: string; scrubEvery: string }) => {
      // the chain is read here only for the service time; the daemon opens its own client
      const register = o.register ? { volume: parseSize(o.volume), serviceTime: await heightFrom(await ctx.reader(), { for: o.for }, "service time") } : undefined;
      const rest = o.restPort === undefined ? undefined : { port: Number(parseWhole(o.restPort, "--rest-port")), apiToken: o.apiToken ?? ctx.io.env.DSP_API_TOKEN };
      const maxServeBatches = Number(parseWhole(o.maxServeBatches, "--max-serve-batches"));
      if (maxServeBatches < 1) throw new InvalidParams("--max-serve-batches must be at least 1");
      const scrubIntervalMs = Number(parseWhole(o.scrubEvery, "--scrub-every")) * 60_000;
      const d = await daemon(ctx, o, "node", { register, prove: true, rest, scanUrl: o.scan, seeding: { unitPrice: parseWhole(o.price, "--price") }, maxServeBatches, scrubIntervalMs });
      ctx.print({ address: d.node.evmAddress, dspAddress: d.host.address, peerId: d.host.peerId.toString(), hostAddr: d.hostAddr, multiaddrs: d.host.multiaddrs.map(String), rest: d.rest?.url ?? null });
      await new Promise<void>((resolve) => (ctx.signal.aborted ? resolve() : ctx.signal.addEventListener("abort", () => resolve(), { once: true })));
      ctx.note("stopping");
      await d.stop();
    }));

  netOptions(
    file
      .command("upload")
      .description("upload a file: slice it, open a deal on the ledger with its fee, hand it to the offered storage nodes, wait until they accept and prove it")
      .argument("<path>", "the file to upload")
      .option("--copies <n>", "extra copies (copyNum): copies + 1 nodes hold the file", "2")
      .option("--prove-interval <blocks>", "the longest gap between two proofs you accept, in blocks (default and least: the verifier's proving period)")
      .option("--for <blocks>", "store for this many blocks from now", "100000")
      .option("--until <height>", "store until this block height")
      .option("--privilege <p>", "who may download: public, private or whitelist", "public")
      .option("--encrypt", "encrypt before slicing, with a password asked like the wallet's ($DSP_FILE_PASSWORD for scripts)")
      .option("--desc <text>", "a description stored with the file", "")
      .option("--no-wait", "return once the offered nodes have accepted the deal, without waiting for their first proofs"),
    "client",
  )
    .addHelpText("after", "\nExamples:\n  $ dsp file upload ./report.pdf --copies 2\n  $ dsp file upload ./secret.tar --encrypt --privilege private --json")
    .action(action(async (ctx, file: string, o: NetOptions & { copies: string; proveInterval?: string; for: string; until?: string; privilege: string; encrypt?: boolean; desc: string; wait: boolean }) => {
      const privilege = PRIVILEGE[o.privilege as keyof typeof PRIVILEGE];
      if (privilege === undefined) throw new InvalidParams(`--privilege is public, private or whitelist, not ${o.privilege}`);
      const encryptPassword = o.encrypt ? (ctx.io.env.DSP_FILE_PASSWORD ?? (await ctx.password({ confirm: true, what: "file password" }))) : undefined;
      await withClient(ctx, o, async (d) => {
        const expiredHeight = await heightFrom(d.ledger, { until: o.until, for: o.for }, "expiry");
        const r = await uploadFile(
          d.node,
          { source: path.resolve(file), copyNum: Number(parseWhole(o.copies, "--copies")), proveInterval: o.proveInterval === undefined ? undefined : parseWhole(o.proveInterval, "--prove-interval"), expiredHeight, privilege, encryptPassword, fileDesc: o.desc },
          { signal: ctx.signal, onProgress: progressPrinter(ctx), skipProofWait: !o.wait },
        );
        ctx.print(r);
      });
    }));

  netOptions(
    file
      .command("download")
      .description("download a file from its holders, check every block, decrypt it and write it atomically")
      .argument("<fileHash>", "the File Hash")
      .argument("<out>", "where to write the file")
      .option("--owner <address>", "check the file against this owner's deal (default: the live deal of the File Hash with the most holders)")
      .option("--decrypt", "the file is encrypted: ask for its password ($DSP_FILE_PASSWORD for scripts)")
      .option("--peers <n>", "download from at most this many holders at once", "3")
      .option("--scan <url>", "also ask the SCAN server at <url> (its /graphql endpoint) who serves the file")
      .option("--seed", "with --scan: afterwards announce this client as a seeder of the file (keep it running to serve)"),
    "client",
  )
    .addHelpText("after", `\nExamples:\n  $ dsp file download ${HASH} ./report.pdf\n  $ dsp file download ${HASH} ./secret.tar --decrypt --owner 0x70997970C51812dc3A010C7d01b50e0d17dc79C8`)
    .action(action(async (ctx, hash: string, out: string, o: NetOptions & { owner?: string; decrypt?: boolean; peers: string; scan?: string; seed?: boolean }) => {
      const password = o.decrypt ? (ctx.io.env.DSP_FILE_PASSWORD ?? (await ctx.password({ what: "file password" }))) : undefined;
      await withClient(ctx, o, async (d) => {
        const owner = o.owner === undefined ? undefined : await ctx.address(d.ledger, o.owner);
        const r = await downloadFile(d.node, hash, path.resolve(out), {
          owner,
          signal: ctx.signal,
          onProgress: progressPrinter(ctx),
          password,
          maxPeers: Number(parseWhole(o.peers, "--peers")),
          scanUrl: o.scan,
          announceAs: o.seed ? d.hostAddr : undefined,
        });
        ctx.print({ ...r, out: path.resolve(out) });
      });
    }));
}
