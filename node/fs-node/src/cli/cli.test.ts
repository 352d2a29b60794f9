import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEther } from "ethers";
import { writeDeployments } from "@dsp/ledger";
import { openWallet, readWalletInfo } from "@dsp/core";
import { CLAIM_KIND, dealIdOf, encodeAnswer, signClaim, signedAnswerToJson } from "@dsp/ledger";
import { mint, sharedChain, tempDir, type TestChain } from "@dsp/testkit";
import { cliReference } from "./docs.js";
import { buildProgram, forEachCommand, runCli } from "./program.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const DSP = path.join(ROOT, "bin", "dsp");
const quiet = { stdout: () => {}, stderr: () => {}, env: {} };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `bin/dsp args` as a child process. */
function dsp(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(DSP, args, { cwd: ROOT, env: { ...process.env, DSP_PASSWORD: undefined, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The CLI in this process (same code path as bin/dsp, without a process start). */
async function inProcess(args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe("dsp CLI: command tree", () => {
  const paths: string[][] = [];
  forEachCommand(buildProgram(quiet), (_c, p) => paths.push(p));

  it("has the issue's groups and commands", () => {
    const names = paths.map((p) => p.join(" "));
    for (const c of [
      "account new", "account import", "account export", "account show", "account balance",
      "node register", "node update", "node unregister", "node withdraw", "node status",
      "file info", "file delete", "file list", "file whitelist add", "file whitelist remove", "file whitelist show", "file proofs",
      "dns register-header", "dns register-url", "dns bind", "dns transfer", "dns update", "dns delete", "dns query",
      "channel open", "channel close", "channel settle", "channel list",
      "scan register", "scan update", "scan add-pledge", "scan reduce-pledge", "scan unregister", "scan quit", "scan withdraw", "scan list",
      "scan info", "scan challenge",
    ]) expect(names, c).to.include(c);
  });

  it("--help of every command prints its usage (and examples for each leaf) and exits 0", async () => {
    for (const p of paths) {
      const r = await inProcess([...p, "--help"]);
      expect(r.code, p.join(" ")).to.equal(0);
      expect(r.stdout, p.join(" ")).to.contain(`Usage: ${["dsp", ...p].join(" ")} `);
      if (p.length === 0 || paths.every((q) => q.length <= p.length || q.slice(0, p.length).join(" ") !== p.join(" "))) {
        expect(r.stdout, `${p.join(" ")} examples`).to.match(/Examples?:\n {2}\$ dsp/);
      }
    }
  });

  it("a usage error exits 2 and says what was wrong", async () => {
    const r = await inProcess(["node", "register", "--volume", "1GiB"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("required option '--host <multiaddr>' not specified");
  });

  it("docs/cli.md is the generated reference (run `npm run docs:cli` after changing a command)", () => {
    expect(readFileSync(path.join(ROOT, "docs", "cli.md"), "utf8")).to.equal(cliReference());
  });

  it("bin/dsp --help runs the CLI as a program", async () => {
    const r = await dsp(["--help"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^Usage: dsp \[options\] \[command\]/);
    for (const g of ["account", "node", "file", "dns", "channel"]) expect(r.stdout).to.match(new RegExp(`\\n  ${g} `));
  });
});

describe("dsp CLI: against a chain", function () {
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  let pwFile: string;
  let wallet: string;
  let address: string;
  /** Global options for the chain, the wallet and its password. */
  const g = () => ["--rpc", chain.url, "--wallet", wallet, "--password-file", pwFile];

  before(async () => {
    chain = await sharedChain();
    tmp = tempDir("dsp-cli-");
    writeDeployments(chain.deployments, path.join(tmp.dir, "localhost.json"));
    env = { DSP_DEPLOYMENTS_DIR: tmp.dir };
    // for the runs in this process
    savedDir = process.env.DSP_DEPLOYMENTS_DIR;
    process.env.DSP_DEPLOYMENTS_DIR = tmp.dir;
    pwFile = path.join(tmp.dir, "pw");
    writeFileSync(pwFile, "cli password\n");
    wallet = path.join(tmp.dir, "me.json");
  });
  let savedDir: string | undefined;
  after(() => {
    if (savedDir === undefined) delete process.env.DSP_DEPLOYMENTS_DIR;
    else process.env.DSP_DEPLOYMENTS_DIR = savedDir;
    tmp?.cleanup();
  });

  it("account new, then account show --json: the same account", async () => {
    const made = await dsp([...g(), "account", "new", "--json"], env);
    expect(made.code, made.stderr).to.equal(0);
    const shown = await dsp(["--wallet", wallet, "account", "show", "--json"], env);
    expect(shown.code, shown.stderr).to.equal(0);
    const info = JSON.parse(shown.stdout);
    expect(info).to.deep.equal(JSON.parse(made.stdout));
    expect(info).to.deep.include({ wallet, ...(await readWalletInfo(wallet)) });
    expect(info.evmAddress).to.match(/^0x[0-9a-fA-F]{40}$/);
    address = info.evmAddress;
    // the password never shows
    expect(made.stdout + made.stderr + shown.stdout + shown.stderr).not.to.contain("cli password");
  });

  it("account import from a key file, export prints the same key, export --to writes a copy", async () => {
    const key = `0x${"42".repeat(32)}`;
    const keyFile = path.join(tmp.dir, "key.hex");
    writeFileSync(keyFile, `${key}\n`);
    const imported = path.join(tmp.dir, "imported.json");
    const opts = ["--wallet", imported, "--password-file", pwFile];
    const i = await inProcess([...opts, "account", "import", "--key-file", keyFile, "--json"]);
    expect(i.code, i.stderr).to.equal(0);
    const e = await inProcess([...opts, "account", "export", "--json"]);
    expect(JSON.parse(e.stdout)).to.include({ privateKey: key, evmAddress: JSON.parse(i.stdout).evmAddress });
    const copy = path.join(tmp.dir, "copy.json");
    expect((await inProcess([...opts, "account", "export", "--to", copy])).code).to.equal(0);
    expect(await readWalletInfo(copy)).to.deep.equal(await readWalletInfo(imported));
    const again = await inProcess([...opts, "account", "import", "--key-file", keyFile]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain("(DSP 40008 ACCOUNT_EXIST)");
  });

  it("a wrong password exits 1 with 50015 ACCOUNT_PASSWORD_WRONG", async () => {
    const r = await dsp(["--wallet", wallet, "account", "export"], { ...env, DSP_PASSWORD: "not it" });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain("(DSP 50015 ACCOUNT_PASSWORD_WRONG)");
    expect(r.stdout).to.equal("");
  });

  it("node register, then node status --json shows the node", async () => {
    await (await chain.signer(9).sendTransaction({ to: address, value: parseEther("10") })).wait();
    await mint(chain, address, parseEther("1000"));
    const reg = await dsp([...g(), "node", "register", "--host", "/ip4/127.0.0.1/tcp/4555", "--volume", "16MiB", "--for", "5000"], env);
    expect(reg.code, reg.stderr).to.equal(0);
    expect(reg.stderr).to.match(/register node: confirmed in block \d+/);
    const st = await dsp(["--rpc", chain.url, "node", "status", address, "--json"], env);
    expect(st.code, st.stderr).to.equal(0);
    expect(JSON.parse(st.stdout)).to.include({ address, status: "active", hostAddr: "/ip4/127.0.0.1/tcp/4555", volume: String(16n << 20n) });
  });

  it("dns register-header and register-url, then dns query finds the link", async () => {
    const h = await inProcess([...g(), "dns", "register-header", "cli-films", "--for", "1000", "--json"]);
    expect(h.code, h.stderr).to.equal(0);
    expect(JSON.parse(h.stdout)).to.include({ name: "cli-films", owner: address, live: true });
    const u = await dsp([...g(), "dns", "register-url", "cli-films://night", "--link", "dsp://file?hash=0x01", "--json"], env);
    expect(u.code, u.stderr).to.equal(0);
    const q = await dsp(["--rpc", chain.url, "dns", "query", "cli-films://night", "--json"], env);
    expect(q.code, q.stderr).to.equal(0);
    expect(JSON.parse(q.stdout)).to.include({ name: "cli-films://night", link: "dsp://file?hash=0x01", owner: address, mode: 3 });
  });

  it("a failed call exits 1 with the spec's code in its message, and as JSON with --json", async () => {
    const hash = `0x${"ee".repeat(32)}`;
    const other = chain.wallet(8).address;
    const r = await dsp(["--rpc", chain.url, "file", "info", hash, "--owner", other], env);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`deal ${dealIdOf(other, hash)} is not on the chain (DSP 50021 FILE_NOT_FOUND_FROM_CHAIN)`);
    const j = await inProcess(["--rpc", chain.url, "--network", "localhost", "file", "info", hash, "--owner", other, "--json"]);
    expect(j.code).to.equal(1);
    expect(JSON.parse(j.stderr).error).to.include({ code: 50021, codeName: "FILE_NOT_FOUND_FROM_CHAIN" });
  });

  it("file info and proofs take the File Hash and the owner from --owner, else the wallet's account", async () => {
    const hash = `0x${"ef".repeat(32)}`;
    // no --owner: the deal of the wallet's own account (read without its password)
    for (const sub of [["file", "info"], ["file", "proofs"]]) {
      const r = await inProcess(["--rpc", chain.url, "--wallet", wallet, ...sub, hash]);
      expect([r.code, r.stderr.includes(dealIdOf(address, hash))], sub.join(" ")).to.deep.equal([1, true]);
    }
    const help = await inProcess(["file", "info", "--help"]);
    expect(help.stdout).to.contain("--owner <address>");
    expect(help.stdout).to.match(/the\s+wallet's\s+own\s+by\s+default/);
  });

  it("channel open, list and close by the sender", async () => {
    const other = chain.wallet(8).address;
    const o = await inProcess([...g(), "channel", "open", other, "2", "--json"]);
    expect(o.code, o.stderr).to.equal(0);
    const ch = JSON.parse(o.stdout);
    expect(ch).to.include({ sender: address, recipient: other, status: "open", deposit: parseEther("2").toString() });
    const l = await inProcess(["--rpc", chain.url, "--wallet", wallet, "channel", "list", "--json"]);
    expect(JSON.parse(l.stdout).paying.map((c: { channelId: string }) => c.channelId)).to.deep.equal([ch.channelId]);
    const c = await inProcess([...g(), "channel", "close", ch.channelId, "--amount", "0.5", "--json"]);
    expect(c.code, c.stderr).to.equal(0);
    expect(JSON.parse(c.stdout)).to.include({ status: "closing", closingAmount: parseEther("0.5").toString() });
  });

  it("scan register, info, list, pledge changes, a challenge of a false signed answer, quit", async () => {
    const reg = await inProcess([...g(), "scan", "register", "--host", "/ip4/127.0.0.1/tcp/4556/p2p/12D3KooWCli", "--pledge", "200", "--json"]);
    expect(reg.code, reg.stderr).to.equal(0);
    expect(JSON.parse(reg.stdout)).to.include({ address, status: "active", member: true, pledge: parseEther("200").toString() });
    const info = await inProcess(["--rpc", chain.url, "--wallet", wallet, "scan", "info", "--json"]);
    expect(info.code, info.stderr).to.equal(0);
    const { node, registry } = JSON.parse(info.stdout);
    expect(node).to.include({ hostAddr: "/ip4/127.0.0.1/tcp/4556/p2p/12D3KooWCli" });
    expect(BigInt(registry.minPledge) > 0n).to.equal(true);
    const list = await inProcess(["--rpc", chain.url, "scan", "list", "--all", "--json"]);
    expect(JSON.parse(list.stdout).map((n: { address: string }) => n.address)).to.include(address);
    expect(JSON.parse((await inProcess([...g(), "scan", "add-pledge", "5", "--json"])).stdout).pledge).to.equal(parseEther("205").toString());
    expect(JSON.parse((await inProcess([...g(), "scan", "reduce-pledge", "5", "--json"])).stdout).pledge).to.equal(parseEther("200").toString());

    // the wallet's own key signs a false answer: "file 0xdd.. is owned by 0x..01" (no such file exists)
    const key = await openWallet(wallet, "cli password");
    const answer = { kind: CLAIM_KIND.FILE_OWNER, subject: `0x${"dd".repeat(32)}`, answer: encodeAnswer(CLAIM_KIND.FILE_OWNER, `0x${"0".repeat(39)}1`), height: await chain.head() };
    const signed = signClaim(key, answer, chain.deployments.contracts.scanRegistry, chain.deployments.chainId);
    key.wipe();
    const file = path.join(tmp.dir, "answer.json");
    writeFileSync(file, JSON.stringify(signedAnswerToJson(signed)));
    await chain.mine(1);
    const ch = await inProcess([...g(), "scan", "challenge", file, "--json"]);
    expect(ch.code, ch.stderr).to.equal(0);
    const slash = JSON.parse(ch.stdout);
    expect(slash).to.include({ node: address, removed: false });
    expect(BigInt(slash.pledgeLeft)).to.equal(parseEther("200") - BigInt(slash.amount));
    const again = await inProcess([...g(), "scan", "challenge", file]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain("was already slashed for this answer (DSP 40005 CONTRACT_ERROR)");
    writeFileSync(file, "{ not json");
    expect((await inProcess([...g(), "scan", "challenge", file])).stderr).to.contain("(DSP 40000 INVALID_PARAMS)");

    const quit = await inProcess([...g(), "scan", "quit", "--json"]);
    expect(JSON.parse(quit.stdout)).to.include({ status: "quitting", member: false });
    const w = await inProcess([...g(), "scan", "withdraw"]);
    expect(w.code).to.equal(1);
    expect(w.stderr).to.contain("(DSP 55053 DSP_DNS_WITHDRAW_FAILED)");
  });

  it("bad input changes nothing: a malformed size exits 1 with 40000 before any transaction", async () => {
    const r = await inProcess([...g(), "node", "update", "--volume", "lots"]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain("(DSP 40000 INVALID_PARAMS)");
    const st = await inProcess(["--rpc", chain.url, "--wallet", wallet, "node", "status", "--json"]);
    expect(JSON.parse(st.stdout).volume).to.equal(String(16n << 20n));
    for (const bad of [["--max-serve-batches", "0"], ["--scrub-every", "soon"]]) {
      const run = await inProcess([...g(), "node", "run", "--data-dir", path.join(tmp.dir, "never"), ...bad]);
      expect([run.code, run.stderr.includes("(DSP 40000 INVALID_PARAMS)")], bad.join(" ")).to.deep.equal([1, true]);
      expect(existsSync(path.join(tmp.dir, "never")), "no node was started").to.equal(false);
    }
  });

  it("an unreachable chain is 50023 CHAIN_ERROR", async () => {
    const r = await inProcess(["--rpc", "http://127.0.0.1:9", "--wallet", wallet, "node", "status"]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain("(DSP 50023 CHAIN_ERROR)");
  });
});
