/**
 * The `dsp` command tree and how a run ends. Each group lives in commands/<group>.ts and exports
 * a function that adds its commands to the root; add a group by listing it in GROUPS (or call
 * `program.addCommand` on the tree buildProgram returns).
 */
import { Command, CommanderError, Option } from "commander";
import { DspError, statusName } from "@dsp/core";
import { accountCommands } from "./commands/account.js";
import { channelCommands } from "./commands/channel.js";
import { dnsCommands } from "./commands/dns.js";
import { fileCommands } from "./commands/file.js";
import { nodeCommands } from "./commands/node.js";
import { scanCommands } from "./commands/scan.js";
import { transferCommands } from "./commands/transfer.js";
import { devnetCommands } from "./commands/devnet.js";
import { attachEnv, DEFAULT_RPC, DEFAULT_WALLET } from "./context.js";
import { processIo, type CliIo } from "./io.js";
import { toJson } from "@dsp/core";

/** The command groups, in the order `dsp --help` lists them. */
export const GROUPS: ((program: Command) => void)[] = [accountCommands, nodeCommands, scanCommands, fileCommands, dnsCommands, channelCommands, transferCommands, devnetCommands];

export function buildProgram(io: CliIo = processIo(), signal: AbortSignal = new AbortController().signal): Command {
  const program = new Command("dsp")
    .description("Distributed Storage Protocol client: accounts, FS and SCAN nodes, files, names and payment channels on the DSP ledger")
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain").env("DSP_RPC_URL").default(DEFAULT_RPC))
    .addOption(new Option("--network <name>", "deployments file to use: deployments/<name>.json (folder: $DSP_DEPLOYMENTS_DIR)").default("localhost"))
    .addOption(new Option("--wallet <path>", "wallet file").env("DSP_WALLET").default(DEFAULT_WALLET, "~/.dsp/wallet.json"))
    .option("--password-file <file>", "read the wallet password from the first line of <file> (else $DSP_PASSWORD, else a prompt)")
    .option("--json", "print results as JSON for scripts (amounts in wei, as strings)", false)
    .showHelpAfterError("(add --help for usage)")
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addHelpText("after", `
Examples:
  $ dsp account new
  $ dsp --rpc http://127.0.0.1:8545 node status --json
  $ DSP_PASSWORD=... dsp file list

Errors name the spec's status codes, e.g. "(DSP 50021 FILE_NOT_FOUND_FROM_CHAIN)"; the exit code is 1 (2 for a usage error).`);
  attachEnv(program, { io, signal });
  for (const add of GROUPS) add(program);
  forEachCommand(program, (c) => {
    c.exitOverride();
    c.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  });
  return program;
}

/** Visits `root` and every command below it, depth first. */
export function forEachCommand(root: Command, visit: (c: Command, path: string[]) => void, path: string[] = []): void {
  visit(root, path);
  for (const c of root.commands) forEachCommand(c, visit, [...path, c.name()]);
}

/**
 * Runs the CLI on `argv` (without "node" and the script) and returns the exit code: 0, 1 for a
 * failure (its message names the spec's code), 2 for a usage error. Ctrl-C stops a transaction wait.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const ac = new AbortController();
  const onSigint = () => ac.abort(new Error("interrupted (Ctrl-C)"));
  process.once("SIGINT", onSigint);
  const json = argv.includes("--json");
  try {
    await buildProgram(io, ac.signal).parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      if (json) io.stderr(`${toJson({ error: { code: 40000, codeName: statusName(40000), message: e.message } })}\n`);
      return 2;
    }
    report(e, io, json);
    return 1;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

function report(e: unknown, io: CliIo, json: boolean): void {
  if (e instanceof DspError) {
    if (json) io.stderr(`${toJson({ error: { code: e.code, codeName: e.codeName, message: e.shortMessage, details: e.details } })}\n`);
    else io.stderr(`error: ${e.message}\n`);
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  if (json) io.stderr(`${toJson({ error: { code: 40001, codeName: statusName(40001), message } })}\n`);
  else io.stderr(`error: ${message} (DSP 40001 INTERNAL_ERROR)\n`);
}
