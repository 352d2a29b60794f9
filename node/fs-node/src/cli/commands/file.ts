/** `dsp file`: stored files on the ledger (info, list, delete, whitelist, proofs). */
import { Command } from "commander";
import { addWhitelist, deleteFiles, fileInfo, fileProofs, listFiles, removeWhitelist, whitelistOf, type Ledger } from "@dsp/ledger";
import { action, type CliContext } from "../context.js";
import { parseWhole } from "../parse.js";

const HASH = "0x6c6f72656d697073756d646f6c6f7273697420616d6574636f6e736563746574";

async function addresses(ctx: CliContext, ledger: Ledger, list: string[]): Promise<string[]> {
  return Promise.all(list.map((a) => ctx.address(ledger, a)));
}

export function fileCommands(program: Command): void {
  const file = program.command("file").description("files on the ledger: info, list, delete, whitelist, proofs");

  file
    .command("info")
    .description("a file's ledger record: owner, size, privilege, expiry, deposit, holders")
    .argument("<fileHash>", "the File Hash (32 bytes of hex)")
    .addHelpText("after", `\nExample:\n  $ dsp file info ${HASH}`)
    .action(action(async (ctx, hash: string) => {
      ctx.print(await fileInfo(await ctx.reader(), hash));
    }));

  file
    .command("list")
    .description("the live files an account owns (read from the chain's events)")
    .argument("[owner]", "EVM or DSP address; the wallet's own by default")
    .addHelpText("after", "\nExamples:\n  $ dsp file list\n  $ dsp file list 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --json")
    .action(action(async (ctx, owner?: string) => {
      const ledger = await ctx.reader();
      ctx.print(await listFiles(ledger, await ctx.address(ledger, owner)));
    }));

  file
    .command("delete")
    .description("delete files you own; the unearned part of their fee comes back")
    .argument("<fileHash...>", "one or more File Hashes")
    .addHelpText("after", `\nExample:\n  $ dsp file delete ${HASH}`)
    .action(action(async (ctx, hashes: string[]) => {
      ctx.print({ deleted: hashes, refund: await deleteFiles(await ctx.signer(), hashes, ctx.tx) });
    }));

  const whitelist = file.command("whitelist").description("who may download a file whose privilege is whitelist");
  whitelist
    .command("add")
    .description("allow addresses to download, optionally within a block window")
    .argument("<fileHash>", "the File Hash")
    .argument("<address...>", "EVM or DSP addresses")
    .option("--from <height>", "first block of the window", "0")
    .option("--to <height>", "last block of the window (default: no end)")
    .addHelpText("after", `\nExample:\n  $ dsp file whitelist add ${HASH} 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --to 200000`)
    .action(action(async (ctx, hash: string, list: string[], o: { from: string; to?: string }) => {
      const ledger = await ctx.signer();
      const fromHeight = parseWhole(o.from, "--from");
      const toHeight = o.to === undefined ? undefined : parseWhole(o.to, "--to");
      const rules = (await addresses(ctx, ledger, list)).map((addr) => ({ addr, fromHeight, toHeight }));
      ctx.print(await addWhitelist(ledger, hash, rules, ctx.tx));
    }));
  whitelist
    .command("remove")
    .description("remove addresses from the whitelist")
    .argument("<fileHash>", "the File Hash")
    .argument("<address...>", "EVM or DSP addresses")
    .addHelpText("after", `\nExample:\n  $ dsp file whitelist remove ${HASH} 0x70997970C51812dc3A010C7d01b50e0d17dc79C8`)
    .action(action(async (ctx, hash: string, list: string[]) => {
      const ledger = await ctx.signer();
      ctx.print(await removeWhitelist(ledger, hash, await addresses(ctx, ledger, list), ctx.tx));
    }));
  whitelist
    .command("show")
    .description("the whitelist rules of a file")
    .argument("<fileHash>", "the File Hash")
    .addHelpText("after", `\nExample:\n  $ dsp file whitelist show ${HASH} --json`)
    .action(action(async (ctx, hash: string) => {
      ctx.print(await whitelistOf(await ctx.reader(), hash));
    }));

  file
    .command("proofs")
    .description("each holder's proving state and next challenge, and every proof submitted or missed")
    .argument("<fileHash>", "the File Hash")
    .addHelpText("after", `\nExample:\n  $ dsp file proofs ${HASH} --json`)
    .action(action(async (ctx, hash: string) => {
      ctx.print(await fileProofs(await ctx.reader(), hash));
    }));
}
