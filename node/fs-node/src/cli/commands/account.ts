/** `dsp account`: wallet files (new, import, export, show) and the account on the chain (balance, bind). */
import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { toHex } from "@dsp/core";
import { createWallet, exportPrivateKey, importPrivateKey, importWallet, readWalletInfo } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import { balances, bindAccount } from "@dsp/ledger";
import { action, type CliContext } from "../context.js";

async function showWallet(ctx: CliContext) {
  ctx.print({ wallet: ctx.options.wallet, ...(await readWalletInfo(ctx.options.wallet)) });
}

async function firstLine(file: string, what: string): Promise<string> {
  const text = await readFile(file, "utf8").catch((cause) => {
    throw new InvalidParams(`cannot read the ${what} file ${file}`, { cause });
  });
  return text.split(/\r?\n/)[0].trim();
}

export function accountCommands(program: Command): void {
  const account = program.command("account").description("wallet files and accounts");
  account.addHelpText("after", `
The wallet file is --wallet (default ~/.dsp/wallet.json, or $DSP_WALLET); its password comes from
--password-file, $DSP_PASSWORD or a prompt, and is never echoed.`);

  account
    .command("new")
    .description("create a wallet file with a new random key")
    .addOption(new Option("--curve <curve>", "key curve (secp256k1 signs chain transactions)").choices(["secp256k1", "ed25519"]).default("secp256k1"))
    .option("--overwrite", "replace an existing wallet file", false)
    .addHelpText("after", "\nExamples:\n  $ dsp account new\n  $ dsp --wallet ./alice.json --password-file ./pw account new --json")
    .action(action(async (ctx, o: { curve: "secp256k1" | "ed25519"; overwrite: boolean }) => {
      const pair = await createWallet(ctx.options.wallet, await ctx.password({ confirm: true, what: "new wallet password" }), { curve: o.curve, overwrite: o.overwrite });
      pair.wipe();
      await showWallet(ctx);
    }));

  account
    .command("import")
    .description("create a wallet file from a private key or from another wallet file")
    .option("--key-file <file>", "file whose first line is the private key in hex")
    .option("--from-wallet <path>", "copy the key of another wallet file (re-encrypted under the new password)")
    .option("--source-password-file <file>", "password of --from-wallet (else the same password as the new wallet)")
    .addOption(new Option("--curve <curve>", "curve of a --key-file key").choices(["secp256k1", "ed25519"]).default("secp256k1"))
    .option("--overwrite", "replace an existing wallet file", false)
    .addHelpText("after", "\nExamples:\n  $ dsp account import --key-file ./key.hex\n  $ dsp --wallet ./copy.json account import --from-wallet ./old.json")
    .action(action(async (ctx, o: { keyFile?: string; fromWallet?: string; sourcePasswordFile?: string; curve: "secp256k1" | "ed25519"; overwrite: boolean }) => {
      if ((o.keyFile === undefined) === (o.fromWallet === undefined)) throw new InvalidParams("give exactly one of --key-file and --from-wallet");
      const password = await ctx.password({ confirm: true, what: "new wallet password" });
      const pair = o.keyFile
        ? await importPrivateKey(ctx.options.wallet, await firstLine(o.keyFile, "key"), password, { curve: o.curve, overwrite: o.overwrite })
        : await importWallet(ctx.options.wallet, o.fromWallet!, o.sourcePasswordFile ? await firstLine(o.sourcePasswordFile, "source password") : password, password, { overwrite: o.overwrite });
      pair.wipe();
      await showWallet(ctx);
    }));

  account
    .command("export")
    .description("print the wallet's private key, or write a copy of the wallet file")
    .option("--to <path>", "write an encrypted copy of the wallet here instead of printing the key")
    .addHelpText("after", "\nExamples:\n  $ dsp account export --to ./backup.json\n  $ dsp account export --json   # { privateKey, ... }: keep it secret")
    .action(action(async (ctx, o: { to?: string }) => {
      const password = await ctx.password();
      if (o.to) {
        (await importWallet(o.to, ctx.options.wallet, password)).wipe();
        ctx.print({ wallet: o.to, ...(await readWalletInfo(o.to)) });
        return;
      }
      const key = await exportPrivateKey(ctx.options.wallet, password);
      ctx.note("this is the private key: anyone who sees it owns the account");
      ctx.print({ ...(await readWalletInfo(ctx.options.wallet)), privateKey: toHex(key) });
      key.fill(0);
    }));

  account
    .command("show")
    .description("show the wallet's addresses and public key (no password needed)")
    .addHelpText("after", "\nExamples:\n  $ dsp account show\n  $ dsp --wallet ./alice.json account show --json")
    .action(action(showWallet));

  account
    .command("balance")
    .description("ETH (gas), DSP, unclaimed proof rewards and user space credit of an account")
    .argument("[address]", "EVM (0x...) or DSP address; the wallet's own by default")
    .addHelpText("after", "\nExamples:\n  $ dsp account balance\n  $ dsp account balance 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --json")
    .action(action(async (ctx, address?: string) => {
      const ledger = await ctx.reader();
      const who = await ctx.address(ledger, address);
      ctx.print({ address: who, ...(await balances(ledger, who)) });
    }));

  account
    .command("bind")
    .description("record the wallet's public key on the chain, so its DSP address resolves to its EVM address")
    .addHelpText("after", "\nExample:\n  $ dsp account bind")
    .action(action(async (ctx) => {
      const ledger = await ctx.signer();
      ctx.print(await bindAccount(ledger, await ctx.key(), ctx.tx));
    }));
}
