/** `dsp node`: an FS node's record in the NodeRegistry (register, update, unregister, withdraw, status). */
import { Command } from "commander";
import { claimRewards, listNodes, nodeStatus, registerNode, unregisterNode, updateNode, withdrawNode } from "@dsp/ledger";
import { action } from "../context.js";
import { heightFrom, parseSize, parseWhole } from "../parse.js";

interface NodeOptions {
  host?: string;
  volume?: string;
  until?: string;
  for?: string;
}

const SERVICE_BLOCKS = 1_000_000n;

export function nodeCommands(program: Command): void {
  const node = program.command("node").description("FS node registration, pledge and rewards");

  node
    .command("register")
    .description("register the wallet's account as an FS node, pledging tokens in proportion to its volume")
    .requiredOption("--host <multiaddr>", "libp2p address peers dial, e.g. /ip4/1.2.3.4/tcp/4001")
    .requiredOption("--volume <size>", "space offered: bytes or with a unit (64MiB, 1GiB)")
    .option("--until <height>", "block height until which the node serves")
    .option("--for <blocks>", `serve for this many blocks from now (default ${SERVICE_BLOCKS})`)
    .addHelpText("after", "\nExamples:\n  $ dsp node register --host /ip4/127.0.0.1/tcp/4001 --volume 1GiB\n  $ dsp node register --host /ip4/10.0.0.5/tcp/4001 --volume 64MiB --until 5000000 --json")
    .action(action(async (ctx, o: NodeOptions) => {
      const ledger = await ctx.signer();
      const serviceTime = await heightFrom(ledger, o, "service time", SERVICE_BLOCKS);
      ctx.print(await registerNode(ledger, { hostAddr: o.host!, volume: parseSize(o.volume!), serviceTime }, ctx.tx));
    }));

  node
    .command("update")
    .description("change the node's address, volume or service time (the pledge follows the volume)")
    .option("--host <multiaddr>", "new libp2p address")
    .option("--volume <size>", "new volume (bytes or 64MiB, 1GiB...)")
    .option("--until <height>", "new service end height")
    .option("--for <blocks>", "serve for this many blocks from now")
    .addHelpText("after", "\nExamples:\n  $ dsp node update --volume 2GiB\n  $ dsp node update --host /ip4/10.0.0.6/tcp/4001 --for 2000000")
    .action(action(async (ctx, o: NodeOptions) => {
      const ledger = await ctx.signer();
      const cur = await nodeStatus(ledger, ledger.address());
      const serviceTime = o.until !== undefined || o.for !== undefined ? await heightFrom(ledger, o, "service time") : cur.serviceTime;
      ctx.print(await updateNode(ledger, { hostAddr: o.host ?? cur.hostAddr, volume: o.volume ? parseSize(o.volume) : cur.volume, serviceTime }, ctx.tx));
    }));

  node
    .command("unregister")
    .description("stop taking new files (the node must keep proving what it holds)")
    .addHelpText("after", "\nExample:\n  $ dsp node unregister")
    .action(action(async (ctx) => {
      ctx.print(await unregisterNode(await ctx.signer(), ctx.tx));
    }));

  node
    .command("withdraw")
    .description("take back the pledge of an unregistered node that holds no live file")
    .addHelpText("after", "\nExample:\n  $ dsp node withdraw --json")
    .action(action(async (ctx) => {
      const ledger = await ctx.signer();
      ctx.print({ node: ledger.address(), amount: await withdrawNode(ledger, ctx.tx) });
    }));

  node
    .command("claim")
    .description("send the node's proof rewards to an account")
    .option("--to <address>", "receiver (default: the node itself)")
    .addHelpText("after", "\nExample:\n  $ dsp node claim --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    .action(action(async (ctx, o: { to?: string }) => {
      const ledger = await ctx.signer();
      const to = o.to ? await ctx.address(ledger, o.to) : undefined;
      ctx.print({ node: ledger.address(), to: to ?? ledger.address(), amount: await claimRewards(ledger, to, ctx.tx) });
    }));

  node
    .command("status")
    .description("a node's record: status, address, volume, pledge, rewards")
    .argument("[address]", "the node's EVM or DSP address; the wallet's own by default")
    .addHelpText("after", "\nExamples:\n  $ dsp node status\n  $ dsp node status 0x90F79bf6EB2c4f870365E785982E1f101E93b906 --json")
    .action(action(async (ctx, address?: string) => {
      const ledger = await ctx.reader();
      ctx.print(await nodeStatus(ledger, await ctx.address(ledger, address)));
    }));

  node
    .command("list")
    .description("registered nodes (active and quit)")
    .option("--offset <n>", "first entry", "0")
    .option("--limit <n>", "most entries", "100")
    .addHelpText("after", "\nExample:\n  $ dsp node list --json")
    .action(action(async (ctx, o: { offset: string; limit: string }) => {
      ctx.print(await listNodes(await ctx.reader(), parseWhole(o.offset, "--offset"), parseWhole(o.limit, "--limit")));
    }));
}
