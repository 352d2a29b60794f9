/** `dsp channel`: payment channels that pay seeders per block downloaded. */
import { Command } from "commander";
import { InvalidParams } from "@dsp/core";
import { closeChannel, getChannel, listChannels, openChannel, settleChannel, startCloseChannel, voucherFromJson } from "@dsp/ledger";
import { action } from "../context.js";
import { parseWhole, readJsonFile } from "../parse.js";

const ID = "0x3f1c...";

async function readVoucher(file: string) {
  return voucherFromJson(await readJsonFile(file, "a voucher"));
}

export function channelCommands(program: Command): void {
  const channel = program.command("channel").description("payment channels from a downloader (sender) to a seeder (recipient)");

  channel
    .command("open")
    .description("open a channel to a seeder, escrowing a deposit")
    .argument("<recipient>", "the seeder's EVM or DSP address")
    .argument("<deposit>", "DSP to escrow, e.g. 10 or 0.5")
    .option("--challenge-period <blocks>", "blocks the recipient has to answer a close (default: the contract's minimum)")
    .addHelpText("after", "\nExample:\n  $ dsp channel open 0x90F79bf6EB2c4f870365E785982E1f101E93b906 10 --json")
    .action(action(async (ctx, recipient: string, deposit: string, o: { challengePeriod?: string }) => {
      const ledger = await ctx.signer();
      const period = o.challengePeriod === undefined ? undefined : parseWhole(o.challengePeriod, "--challenge-period");
      ctx.print(await openChannel(ledger, await ctx.address(ledger, recipient), deposit, period, ctx.tx));
    }));

  channel
    .command("close")
    .description("close a channel: the sender starts a close (the recipient may challenge); the recipient closes at once with a voucher")
    .argument("<channelId>", "the channel id (32 bytes of hex)")
    .option("--amount <dsp>", "sender: the total it admits to owe (default: what was collected)", "0")
    .option("--voucher <file>", "recipient: JSON { channelId, cumulativeAmount, signature } signed by the sender")
    .addHelpText("after", `\nExamples:\n  $ dsp channel close ${ID} --amount 1.5          # as the sender\n  $ dsp channel close ${ID} --voucher ./v.json   # as the recipient`)
    .action(action(async (ctx, id: string, o: { amount: string; voucher?: string }) => {
      const ledger = await ctx.signer();
      if (o.voucher) {
        const voucher = await readVoucher(o.voucher);
        if (voucher.channelId !== id.toLowerCase()) throw new InvalidParams(`the voucher is for channel ${voucher.channelId}, not ${id}`);
        ctx.print(await closeChannel(ledger, voucher, ctx.tx));
      } else ctx.print(await startCloseChannel(ledger, id, o.amount, ctx.tx));
    }));

  channel
    .command("settle")
    .description("end a closing channel: pay the recipient, refund the sender (anyone after the challenge period)")
    .argument("<channelId>", "the channel id")
    .addHelpText("after", `\nExample:\n  $ dsp channel settle ${ID}`)
    .action(action(async (ctx, id: string) => {
      ctx.print(await settleChannel(await ctx.signer(), id, ctx.tx));
    }));

  channel
    .command("list")
    .description("open and closing channels an account pays and is paid by")
    .argument("[address]", "EVM or DSP address; the wallet's own by default")
    .option("--id <channelId>", "show this one channel instead")
    .addHelpText("after", "\nExamples:\n  $ dsp channel list --json\n  $ dsp channel list --id 0x3f1c...")
    .action(action(async (ctx, address: string | undefined, o: { id?: string }) => {
      const ledger = await ctx.reader();
      if (o.id) ctx.print(await getChannel(ledger, o.id));
      else ctx.print(await listChannels(ledger, await ctx.address(ledger, address)));
    }));
}
