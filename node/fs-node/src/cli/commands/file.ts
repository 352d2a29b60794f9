/**
 * `dsp file`: storage deals on the ledger (info, list, delete, whitelist, proofs). A deal is keyed by
 * (owner, File Hash): each command takes the File Hash and works out the deal's id from --owner, or
 * from the wallet's own account (the signer's, for the commands that send a transaction).
 */
import { Command } from "commander";
import { addWhitelist, dealIdOf, deleteFiles, fileInfo, fileProofs, listFiles, removeWhitelist, whitelistOf, type Ledger } from "@dsp/ledger";
import { action, type CliContext } from "../context.js";
import { parseWhole } from "../parse.js";

const HASH = "0x6c6f72656d697073756d646f6c6f7273697420616d6574636f6e736563746574";
const OWNER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OWNER_HELP = "the deal's owner (EVM or DSP address); the wallet's own by default";

async function addresses(ctx: CliContext, ledger: Ledger, list: string[]): Promise<string[]> {
  return Promise.all(list.map((a) => ctx.address(ledger, a)));
}

/** The deal of `owner` (the wallet's account when none is given) for `fileHash`. */
async function dealOf(ctx: CliContext, ledger: Ledger, fileHash: string, owner?: string): Promise<string> {
  return dealIdOf(await ctx.address(ledger, owner), fileHash);
}

/** The deal of the signer for `fileHash`: only its owner may change a deal. */
function ownDeal(ledger: Ledger, fileHash: string): string {
  return dealIdOf(ledger.address("change a deal"), fileHash);
}

export function fileCommands(program: Command): void {
  const file = program.command("file").description("storage deals on the ledger: info, list, delete, whitelist, proofs");
  file.addHelpText("after", `
A deal is keyed by its owner and the File Hash (dealId = keccak256(owner, fileHash)): two owners
may store the same bytes. Commands take the File Hash and the owner from --owner, else the wallet.`);

  file
    .command("info")
    .description("a deal's ledger record: owner, size, privilege, expiry, deposit, slots (offered and active) and candidates")
    .argument("<fileHash>", "the File Hash (32 bytes of hex)")
    .option("--owner <address>", OWNER_HELP)
    .addHelpText("after", `\nExamples:\n  $ dsp file info ${HASH}\n  $ dsp file info ${HASH} --owner ${OWNER} --json`)
    .action(action(async (ctx, hash: string, o: { owner?: string }) => {
      const ledger = await ctx.reader();
      ctx.print(await fileInfo(ledger, await dealOf(ctx, ledger, hash, o.owner)));
    }));

  file
    .command("list")
    .description("the live deals an account owns (read from the chain's events)")
    .argument("[owner]", "EVM or DSP address; the wallet's own by default")
    .addHelpText("after", `\nExamples:\n  $ dsp file list\n  $ dsp file list ${OWNER} --json`)
    .action(action(async (ctx, owner?: string) => {
      const ledger = await ctx.reader();
      ctx.print(await listFiles(ledger, await ctx.address(ledger, owner)));
    }));

  file
    .command("delete")
    .description("delete deals you own (by File Hash); each holder is paid the elapsed part of its period, the rest of the fee comes back")
    .argument("<fileHash...>", "one or more File Hashes of the wallet's deals")
    .addHelpText("after", `\nExample:\n  $ dsp file delete ${HASH}`)
    .action(action(async (ctx, hashes: string[]) => {
      const ledger = await ctx.signer();
      const dealIds = hashes.map((h) => ownDeal(ledger, h));
      ctx.print({ deleted: hashes, dealIds, refund: await deleteFiles(ledger, dealIds, ctx.tx) });
    }));

  const whitelist = file.command("whitelist").description("who may download a file whose privilege is whitelist (per deal)");
  whitelist
    .command("add")
    .description("allow addresses to download the wallet's deal, optionally within a block window")
    .argument("<fileHash>", "the File Hash of the wallet's deal")
    .argument("<address...>", "EVM or DSP addresses")
    .option("--from <height>", "first block of the window", "0")
    .option("--to <height>", "last block of the window (default: no end)")
    .addHelpText("after", `\nExample:\n  $ dsp file whitelist add ${HASH} ${OWNER} --to 200000`)
    .action(action(async (ctx, hash: string, list: string[], o: { from: string; to?: string }) => {
      const ledger = await ctx.signer();
      const fromHeight = parseWhole(o.from, "--from");
      const toHeight = o.to === undefined ? undefined : parseWhole(o.to, "--to");
      const rules = (await addresses(ctx, ledger, list)).map((addr) => ({ addr, fromHeight, toHeight }));
      ctx.print(await addWhitelist(ledger, ownDeal(ledger, hash), rules, ctx.tx));
    }));
  whitelist
    .command("remove")
    .description("remove addresses from the whitelist of the wallet's deal")
    .argument("<fileHash>", "the File Hash of the wallet's deal")
    .argument("<address...>", "EVM or DSP addresses")
    .addHelpText("after", `\nExample:\n  $ dsp file whitelist remove ${HASH} ${OWNER}`)
    .action(action(async (ctx, hash: string, list: string[]) => {
      const ledger = await ctx.signer();
      ctx.print(await removeWhitelist(ledger, ownDeal(ledger, hash), await addresses(ctx, ledger, list), ctx.tx));
    }));
  whitelist
    .command("show")
    .description("the whitelist rules of a deal")
    .argument("<fileHash>", "the File Hash")
    .option("--owner <address>", OWNER_HELP)
    .addHelpText("after", `\nExample:\n  $ dsp file whitelist show ${HASH} --owner ${OWNER} --json`)
    .action(action(async (ctx, hash: string, o: { owner?: string }) => {
      const ledger = await ctx.reader();
      ctx.print(await whitelistOf(ledger, await dealOf(ctx, ledger, hash, o.owner)));
    }));

  file
    .command("proofs")
    .description("a deal's holders and every period they proved or missed since they accepted it")
    .argument("<fileHash>", "the File Hash")
    .option("--owner <address>", OWNER_HELP)
    .addHelpText("after", `\nExample:\n  $ dsp file proofs ${HASH} --owner ${OWNER} --json`)
    .action(action(async (ctx, hash: string, o: { owner?: string }) => {
      const ledger = await ctx.reader();
      ctx.print(await fileProofs(ledger, await dealOf(ctx, ledger, hash, o.owner)));
    }));
}
