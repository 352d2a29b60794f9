/** `dsp dns`: headers and names in the DNS registry. A name is "header" or "header://url". */
import { Command } from "commander";
import { InvalidParams } from "@dsp/core";
import { bindUrl, deleteName, parseName, queryName, registerHeader, registerUrl, transferName, updateName } from "@dsp/ledger";
import { action } from "../context.js";
import { heightFrom, parseWhole } from "../parse.js";

export function dnsCommands(program: Command): void {
  const dns = program.command("dns").description("names: headers (protocols) and header://url records mapped to links");
  dns.addHelpText("after", `
A name is written "header" (a header) or "header://url"; the default header (dsp) is shared and
owned by governance, other headers by whoever registered them.`);

  dns
    .command("register-header")
    .description("register a header (the protocol part of header://url) until a block height, paying its fee")
    .argument("<header>", "lowercase [a-z0-9-], 1 to 32 characters")
    .option("--desc <text>", "description", "")
    .option("--until <height>", "first block at which the header is expired")
    .option("--for <blocks>", "keep it this many blocks from now")
    .addHelpText("after", "\nExamples:\n  $ dsp dns register-header films --for 100000\n  $ dsp dns register-header films --until 900000 --desc \"my films\" --json")
    .action(action(async (ctx, header: string, o: { desc: string; until?: string; for?: string }) => {
      const ledger = await ctx.signer();
      ctx.print(await registerHeader(ledger, { header, desc: o.desc, expiredHeight: await heightFrom(ledger, o, "header expiry") }, ctx.tx));
    }));

  dns
    .command("register-url")
    .description("register a name (mode 0-3 of the spec, from what is given) and map it to a link")
    .argument("[name]", "header://url, or url under the default header; none for a random url")
    .option("--header <header>", "your header, for a random url under it")
    .option("--link <link>", "what the name maps to, e.g. dsp://file?hash=0x...", "")
    .option("--desc <text>", "description", "")
    .option("--ttl <blocks>", "lifetime in blocks; 0 = as long as the header lives", "0")
    .addHelpText("after", "\nExamples:\n  $ dsp dns register-url films://night --link dsp://file?hash=0x...\n  $ dsp dns register-url my-page --link dsp://file?hash=0x...   # dsp://my-page\n  $ dsp dns register-url --header films                         # films://<random>")
    .action(action(async (ctx, name: string | undefined, o: { header?: string; link: string; desc: string; ttl: string }) => {
      let header = o.header;
      let url: string | undefined;
      if (name?.includes("://")) {
        const parsed = parseName(name);
        if (header !== undefined && header !== parsed.header) throw new InvalidParams(`--header ${header} contradicts the name ${name}`);
        header = parsed.header;
        url = parsed.url;
      } else url = name;
      ctx.print(await registerUrl(await ctx.signer(), { header, url, link: o.link, desc: o.desc, ttl: parseWhole(o.ttl, "--ttl") }, ctx.tx));
    }));

  dns
    .command("bind")
    .description("map a name to a link")
    .argument("<name>", "header://url")
    .argument("<link>", "e.g. dsp://file?hash=0x...")
    .addHelpText("after", "\nExample:\n  $ dsp dns bind films://night dsp://file?hash=0x...")
    .action(action(async (ctx, name: string, link: string) => {
      ctx.print(await bindUrl(await ctx.signer(), name, link, ctx.tx));
    }));

  dns
    .command("transfer")
    .description("give a header or a name to another account")
    .argument("<name>", "header or header://url")
    .argument("<to>", "EVM or DSP address of the new owner")
    .addHelpText("after", "\nExample:\n  $ dsp dns transfer films 0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    .action(action(async (ctx, name: string, to: string) => {
      const ledger = await ctx.signer();
      ctx.print(await transferName(ledger, name, await ctx.address(ledger, to), ctx.tx));
    }));

  dns
    .command("update")
    .description("change a header's description, or a name's link, description or ttl")
    .argument("<name>", "header or header://url")
    .option("--link <link>", "new link (names only)")
    .option("--desc <text>", "new description")
    .option("--ttl <blocks>", "new lifetime in blocks from now (names only)")
    .addHelpText("after", "\nExamples:\n  $ dsp dns update films --desc \"films and series\"\n  $ dsp dns update films://night --link dsp://file?hash=0x... --ttl 50000")
    .action(action(async (ctx, name: string, o: { link?: string; desc?: string; ttl?: string }) => {
      if (o.link === undefined && o.desc === undefined && o.ttl === undefined) throw new InvalidParams("nothing to update: give --link, --desc or --ttl");
      const ttl = o.ttl === undefined ? undefined : parseWhole(o.ttl, "--ttl");
      ctx.print(await updateName(await ctx.signer(), name, { link: o.link, desc: o.desc, ttl }, ctx.tx));
    }));

  dns
    .command("delete")
    .description("delete a name, or a header (then none of its names resolves again)")
    .argument("<name>", "header or header://url")
    .addHelpText("after", "\nExamples:\n  $ dsp dns delete films://night\n  $ dsp dns delete films")
    .action(action(async (ctx, name: string) => {
      await deleteName(await ctx.signer(), name, ctx.tx);
      ctx.print({ deleted: name });
    }));

  dns
    .command("query")
    .description("resolve a name (or show a header)")
    .argument("<name>", "header or header://url")
    .addHelpText("after", "\nExamples:\n  $ dsp dns query films://night\n  $ dsp dns query films --json")
    .action(action(async (ctx, name: string) => {
      ctx.print(await queryName(await ctx.reader(), name));
    }));
}
