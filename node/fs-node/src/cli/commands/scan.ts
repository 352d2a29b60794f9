/**
 * `dsp scan`: a SCAN/DNS node's membership in the ScanRegistry (register, update, pledge, quit,
 * withdraw, queries) and challenges of signed SCAN answers the chain contradicts.
 */
import { Command } from "commander";
import {
  addScanPledge, challengeAnswer, listAllScanNodes, listScanNodes, quitScanNode, reduceScanPledge, registerScanNode, scanNode, scanParams,
  signedAnswerFromJson, unregisterScanNode, updateScanNode, withdrawScanNode, SCAN_OPS,
} from "@dsp/ledger";
import { action } from "../context.js";
import { parseWhole, readJsonFile } from "../parse.js";

const HOST = "/ip4/203.0.113.7/tcp/4101/p2p/12D3KooW...";

export function scanCommands(program: Command): void {
  const scan = program.command("scan").description("SCAN/DNS node membership, pledge and challenges of signed SCAN answers");

  scan
    .command("register")
    .description("register the wallet's account as a SCAN/DNS node, pledging tokens (at least the registry's minimum)")
    .requiredOption("--host <multiaddr>", "the SCAN server's libp2p address, ending in /p2p/<peerId>")
    .option("--pledge <dsp>", "DSP to pledge (default: the minimum)")
    .addHelpText("after", `\nExamples:\n  $ dsp scan register --host ${HOST}\n  $ dsp scan register --host ${HOST} --pledge 500 --json`)
    .action(action(async (ctx, o: { host: string; pledge?: string }) => {
      ctx.print(await registerScanNode(await ctx.signer(), { hostAddr: o.host, pledge: o.pledge }, ctx.tx));
    }));

  scan
    .command("update")
    .description("change the node's libp2p address")
    .requiredOption("--host <multiaddr>", "the new address")
    .addHelpText("after", `\nExample:\n  $ dsp scan update --host ${HOST}`)
    .action(action(async (ctx, o: { host: string }) => {
      ctx.print(await updateScanNode(await ctx.signer(), o.host, ctx.tx));
    }));

  scan
    .command("add-pledge")
    .description("add DSP to the node's pledge")
    .argument("<dsp>", "amount, e.g. 50 or 0.5")
    .addHelpText("after", "\nExample:\n  $ dsp scan add-pledge 50")
    .action(action(async (ctx, amount: string) => {
      ctx.print(await addScanPledge(await ctx.signer(), amount, ctx.tx));
    }));

  scan
    .command("reduce-pledge")
    .description("take DSP back from the pledge (the registry's minimum stays)")
    .argument("<dsp>", "amount, e.g. 50 or 0.5")
    .addHelpText("after", "\nExample:\n  $ dsp scan reduce-pledge 50 --json")
    .action(action(async (ctx, amount: string) => {
      ctx.print(await reduceScanPledge(await ctx.signer(), amount, ctx.tx));
    }));

  scan
    .command("unregister")
    .description("the spec's logout: the same as quit")
    .addHelpText("after", "\nExample:\n  $ dsp scan unregister")
    .action(action(async (ctx) => {
      ctx.print(await unregisterScanNode(await ctx.signer(), ctx.tx));
    }));

  scan
    .command("quit")
    .description("stop being a member now; the pledge stays slashable during the notice period, then withdraw it")
    .addHelpText("after", "\nExample:\n  $ dsp scan quit --json")
    .action(action(async (ctx) => {
      ctx.print(await quitScanNode(await ctx.signer(), ctx.tx));
    }));

  scan
    .command("withdraw")
    .description("after the notice period: take the whole pledge back and leave the registry")
    .addHelpText("after", "\nExample:\n  $ dsp scan withdraw")
    .action(action(async (ctx) => {
      const ledger = await ctx.signer();
      ctx.print({ node: ledger.address(), amount: await withdrawScanNode(ledger, ctx.tx) });
    }));

  scan
    .command("list")
    .description("registered SCAN/DNS nodes (members and quitting ones)")
    .option("--offset <n>", "first entry", "0")
    .option("--limit <n>", "most entries (up to 1000)", "100")
    .option("--all", "every node, page by page", false)
    .addHelpText("after", "\nExamples:\n  $ dsp scan list\n  $ dsp scan list --all --json")
    .action(action(async (ctx, o: { offset: string; limit: string; all: boolean }) => {
      const ledger = await ctx.reader();
      if (o.all) ctx.print(await listAllScanNodes(ledger));
      else ctx.print(await listScanNodes(ledger, parseWhole(o.offset, "--offset"), parseWhole(o.limit, "--limit")));
    }));

  scan
    .command("info")
    .description("a SCAN/DNS node's record, and the registry's parameters")
    .argument("[address]", "the node's EVM or DSP address; the wallet's own by default")
    .addHelpText("after", "\nExamples:\n  $ dsp scan info\n  $ dsp scan info 0x90F79bf6EB2c4f870365E785982E1f101E93b906 --json")
    .action(action(async (ctx, address?: string) => {
      const ledger = await ctx.reader();
      const node = await scanNode(ledger, await ctx.address(ledger, address), address ? SCAN_OPS.get : SCAN_OPS.info);
      ctx.print({ node, registry: await scanParams(ledger) });
    }));

  scan
    .command("challenge")
    .description("submit a signed SCAN answer the chain contradicts: the signer is slashed and you get a share")
    .argument("<file>", "JSON { kind, subject, answer, height, signer, signature, registry, chainId }, as a SCAN server signs it")
    .addHelpText("after", "\nExample:\n  $ dsp scan challenge ./answer.json --json\n\nOnly a claim about a record that has not changed since its height can be judged (docs/scan-registry.md).")
    .action(action(async (ctx, file: string) => {
      const signed = signedAnswerFromJson(await readJsonFile(file, "a signed SCAN answer"));
      ctx.print(await challengeAnswer(await ctx.signer(), signed, ctx.tx));
    }));
}
