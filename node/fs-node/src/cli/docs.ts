/**
 * The command reference (docs/cli.md), generated from the command tree so it cannot drift from
 * it: every command's own --help text, at a fixed width.
 */
import type { Command } from "commander";
import { buildProgram, forEachCommand } from "./program.js";

const WIDTH = 100;
const silent = { stdout: () => {}, stderr: () => {}, env: {} };

export function cliReference(program: Command = buildProgram(silent)): string {
  const out: string[] = [
    "# `dsp` command reference",
    "",
    "Generated from the command tree by `npm run docs:cli` (a test fails when this file is stale).",
    "Run `bin/dsp <command> --help` (or `npm run dsp -- <command> --help`) for the same text.",
    "",
    "Every command takes the global options of `dsp`. With `--json` the result is one JSON document on",
    "stdout (token amounts in wei, as strings) and a failure is `{ \"error\": { code, codeName, message } }`",
    "on stderr. Failures name the spec's status code, e.g. `file 0x.. is not on the chain (DSP 50021",
    "FILE_NOT_FOUND_FROM_CHAIN)`; the exit code is 1, or 2 for a usage error.",
    "",
  ];
  forEachCommand(program, (c, path) => {
    // Global options are listed once, under `dsp`.
    c.configureHelp({ ...c.configureHelp(), helpWidth: WIDTH, showGlobalOptions: false });
    out.push(`## ${["dsp", ...path].join(" ")}`, "", "```", helpText(c).trimEnd(), "```", "");
  });
  return out.join("\n");
}

/** The text `--help` prints: usage, options, subcommands, and the examples added after. */
function helpText(c: Command): string {
  let text = "";
  c.configureOutput({ writeOut: (s) => void (text += s), writeErr: () => {} });
  c.outputHelp();
  return text;
}
