/**
 * What every command shares: the global options, the wallet and its password, a ledger client
 * (read-only, or signing with the wallet's key), output in text or JSON, and an AbortSignal that
 * Ctrl-C fires. A command module gets one per run through `action()`.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { Command } from "commander";
import type { Signer } from "ethers";
import type { KeyPair } from "@dsp/core";
import { openWallet, readWalletInfo, type WalletInfo } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import { Ledger, resolveAddress, signerOf, type TxProgress } from "@dsp/ledger";
import type { CliIo } from "./io.js";
import { toJson } from "@dsp/core";
import { toText } from "./output.js";

export interface GlobalOptions {
  rpc: string;
  network: string;
  wallet: string;
  json: boolean;
  passwordFile?: string;
}

export const DEFAULT_RPC = "http://127.0.0.1:8545";

/** Default wallet file (--wallet and $DSP_WALLET override it). */
export const DEFAULT_WALLET = path.join(homedir(), ".dsp", "wallet.json");

export class CliContext {
  readonly options: GlobalOptions;
  readonly signal: AbortSignal;
  #ledgers: Ledger[] = [];
  #key?: Promise<KeyPair>;

  constructor(readonly io: CliIo, command: Command, signal: AbortSignal) {
    this.options = command.optsWithGlobals<GlobalOptions>();
    this.signal = signal;
  }

  /**
   * The wallet password: from --password-file (first line), else $DSP_PASSWORD, else asked on the
   * terminal (twice when `confirm`). Never echoed or logged.
   */
  async password({ confirm = false, what = "wallet password" } = {}): Promise<string> {
    if (this.options.passwordFile) {
      const text = await readFile(this.options.passwordFile, "utf8").catch((cause) => {
        throw new InvalidParams(`cannot read the password file ${this.options.passwordFile}`, { cause });
      });
      return nonEmpty(text.split(/\r?\n/)[0]);
    }
    if (this.io.env.DSP_PASSWORD !== undefined) return nonEmpty(this.io.env.DSP_PASSWORD);
    if (!this.io.promptSecret) throw new InvalidParams("no password: give --password-file <file> or set DSP_PASSWORD (there is no terminal to ask on)");
    const pw = nonEmpty(await this.io.promptSecret(`${what}: `));
    if (confirm && (await this.io.promptSecret(`repeat the ${what}: `)) !== pw) throw new InvalidParams("the two passwords differ");
    return pw;
  }

  /** The clear fields of the wallet file (no password needed). */
  walletInfo(): Promise<WalletInfo> {
    return readWalletInfo(this.options.wallet);
  }

  /** A ledger client without a signer, for reads. */
  async reader(): Promise<Ledger> {
    return this.#connect();
  }

  /** The wallet's key pair (asks for the password once per run); wiped when the run ends. */
  async key(): Promise<KeyPair> {
    this.#key ??= openWallet(this.options.wallet, await this.password());
    return this.#key;
  }

  /** A ledger client that signs with the wallet's key. */
  async signer(): Promise<Ledger> {
    return this.#connect(signerOf(await this.key(), `wallet ${this.options.wallet}`));
  }

  async #connect(signer?: Signer): Promise<Ledger> {
    const ledger = await Ledger.connect({ rpcUrl: this.options.rpc, deployments: this.options.network, signer });
    this.#ledgers.push(ledger);
    await ledger.checkChain();
    return ledger;
  }

  /** `address` (EVM or DSP) as an EVM address, or the wallet's own when none is given. */
  async address(ledger: Ledger, address?: string): Promise<string> {
    if (address) return resolveAddress(ledger, address);
    const info = await this.walletInfo();
    if (!info.evmAddress) throw new InvalidParams(`wallet ${this.options.wallet} has no EVM address (an ${info.curve} key)`);
    return info.evmAddress;
  }

  /** Transaction options: Ctrl-C stops the wait, progress goes to stderr in text mode. */
  get tx() {
    return {
      signal: this.signal,
      onProgress: (e: TxProgress) => {
        if (this.options.json) return;
        if (e.type === "ledger:tx:sent") this.io.stderr(`${e.detail.op}: sent ${e.detail.hash}\n`);
        else this.io.stderr(`${e.detail.op}: confirmed in block ${e.detail.blockNumber}\n`);
      },
    };
  }

  /** Prints a command's result: JSON with --json, else `text(result)` or the generic layout. */
  print<T>(result: T, text?: (r: T) => string): void {
    this.io.stdout(`${this.options.json ? toJson(result) : text ? text(result) : toText(result)}\n`);
  }

  /** Says something to the user (stderr, and not in --json mode). */
  note(message: string): void {
    if (!this.options.json) this.io.stderr(`${message}\n`);
  }

  close(): void {
    for (const l of this.#ledgers) l.destroy();
    this.#key?.then((k) => k.wipe(), () => {});
  }
}

function nonEmpty(pw: string | undefined): string {
  if (!pw) throw new InvalidParams("the password is empty");
  return pw;
}

/**
 * Wraps a command's handler: gives it a context for this run and closes the context after.
 * Commander passes the positional arguments, then the options, then the command.
 */
export function action<A extends unknown[]>(
  run: (ctx: CliContext, ...args: A) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const env = rootEnv(command);
    const ctx = new CliContext(env.io, command, env.signal);
    try {
      await run(ctx, ...(args.slice(0, -1) as A));
    } finally {
      ctx.close();
    }
  };
}

/** The io and signal the program was built with, kept on the root command. */
export interface CliEnv {
  io: CliIo;
  signal: AbortSignal;
}

const ENV = Symbol("dsp cli env");

export function attachEnv(root: Command, env: CliEnv): void {
  (root as unknown as Record<symbol, CliEnv>)[ENV] = env;
}

function rootEnv(command: Command): CliEnv {
  let c: Command = command;
  while (c.parent) c = c.parent;
  const env = (c as unknown as Record<symbol, CliEnv>)[ENV];
  if (!env) throw new Error("the command tree was not built by buildProgram");
  return env;
}
