/**
 * `dsp devnet`: the same as `npm start` (scripts/devnet.mts): a local chain with the contracts, the
 * SCAN indexer, a proxy and three FS nodes, until Ctrl-C. Options are passed through.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { DspError } from "@dsp/core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");

export function devnetCommands(program: Command): void {
  program
    .command("devnet")
    .description("run a local DSP network (chain, contracts, funded dev accounts, SCAN indexer, proxy, three FS nodes) until Ctrl-C; same as npm start")
    .allowUnknownOption()
    .argument("[options...]", "passed to the devnet: --port, --graphql-port, --block-time, --accounts, --fund, --fs-nodes, --without-indexer (see dsp devnet -- --help)")
    .addHelpText("after", "\nExamples:\n  $ dsp devnet\n  $ dsp devnet -- --port 8546 --fs-nodes 4\n  $ dsp devnet -- --help")
    .action(async (args: string[]) => {
      const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/devnet.mts", ...args], { cwd: ROOT, stdio: "inherit" });
      const code = await new Promise<number>((resolve) => child.once("exit", (c, signal) => resolve(c ?? (signal === "SIGINT" ? 0 : 1))));
      if (code !== 0) throw new DspError(40001, `the devnet exited with code ${code}`);
    });
}
