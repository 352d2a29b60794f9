/**
 * `dsp` entry point (bin/dsp, or `npm run dsp -- ...`): runs the command tree on the process's
 * arguments and exits with its code.
 */
import { runCli } from "./program.js";

// `dsp ... | head` closes our stdout early: that is the reader's choice, not a failure.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2));
