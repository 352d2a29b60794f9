/**
 * The explorer in a real browser (Debian's Chromium through playwright-core) against a real
 * chain and indexer: a deal accepted by two nodes and proved once by one of them, and the same
 * bytes offered to a third node by another owner. Runs after `npm run build`
 * (npm test builds first); skipped, saying so, only where /usr/bin/chromium is missing.
 */
import { expect } from "chai";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { dspAddressOf } from "@dsp/core";
import type { TestChain } from "@dsp/testkit";
import { DealActors, type DealFile } from "../test/deals.js";
import { EXPLORER_DIST } from "../graphql/static.js";
import { CHROMIUM, hasChromium, launchChromium, type Browser } from "./browser.js";
import { startStack, type Stack } from "./stack.js";
import { bytes, group, tokens } from "./src/format.js";

const low = (s: string) => s.toLowerCase();

describe("SCAN explorer in Chromium", function () {
  this.timeout(300_000);
  let stack: Stack;
  let chain: TestChain;
  let indexer: Stack["indexer"];
  let actors: DealActors;
  let file: DealFile;
  let offered: DealFile;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const offsite: string[] = [];

  const stat = (name: string) => page.locator(`[data-stat="${name}"] .value`).innerText();

  async function search(text: string) {
    await page.fill("input[name=q]", text);
    await page.press("input[name=q]", "Enter");
  }

  before(async function () {
    if (!hasChromium()) {
      console.log(`    skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`);
      this.skip();
    }
    if (!existsSync(path.join(EXPLORER_DIST, "index.html"))) throw new Error(`no explorer build in ${EXPLORER_DIST}: run npm run build`);
    stack = await startStack(async (c) => {
      actors = new DealActors(c, 3);
      await actors.fund();
      for (let i = 0; i < 3; i++) await actors.registerNode(i);
      file = await actors.storeFile("explorer", [0, 1], [2]);
      await actors.accept(file, 0);
      await actors.accept(file, 1);
      offered = await actors.storeFile("explorer", [2], [], { owner: actors.other });
      await actors.prove(0);
    });
    ({ chain, indexer, base } = stack);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(60_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) offsite.push(r.url());
    });
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("shows the overview with the chain's numbers and plots", async () => {
    await page.goto(base);
    await page.waitForSelector("[data-testid=overview]");
    const registry = actors.as(actors.admin).registry;
    const infos = await Promise.all(actors.nodes.map((n) => registry.getNode(n.address)));
    expect(await stat("height")).to.equal(group(await chain.head()));
    expect(await stat("nodes-online")).to.equal("3");
    expect(await stat("pledged")).to.equal(tokens(infos.reduce((s, i) => s + i.pledge, 0n), 2));
    expect(await stat("stored")).to.equal(bytes(infos.reduce((s, i) => s + i.volume - i.restVolume, 0n)));
    expect(await stat("files")).to.equal("1");
    expect(await stat("holdings")).to.equal("2");
    expect(await stat("proofs")).to.equal("1");
    expect(await stat("faults")).to.equal("0");
    expect(await page.locator("[data-testid=timeline] circle.proof").count()).to.equal(1);
    expect(await page.locator("[data-testid=bars] rect.used").count()).to.equal(3);
    expect(await page.locator(`[data-testid=recent-proofs] a[title="${low(actors.nodes[0].address)}"]`).count()).to.equal(1);
  });

  it("finds the file by its hash and shows its holders and its proof", async () => {
    await search(file.fileHash);
    await page.waitForSelector("[data-testid=file]");
    expect(page.url()).to.equal(`${base}#/file/${low(file.fileHash)}`);
    const holders = page.locator("[data-testid=holders] tbody tr");
    expect(await holders.count()).to.equal(2);
    const row0 = holders.filter({ has: page.locator(`a[title="${low(actors.nodes[0].address)}"]`) });
    const row1 = holders.filter({ has: page.locator(`a[title="${low(actors.nodes[1].address)}"]`) });
    const proof = (await indexer.db.period.findMany())[0];
    expect(await row0.innerText()).to.include(`block ${group(proof.blockNumber)} (period ${proof.period})`);
    expect(await row0.innerText()).to.include("1 / 0"); // periods proved / missed
    expect(await row1.innerText()).to.include("none yet");
    expect(await page.locator("[data-testid=timeline-events] [data-kind=proof]").count()).to.equal(1);
    expect(await page.locator("[data-testid=timeline] circle.proof").count()).to.equal(1);
  });

  it("shows the File Hash's deals by both owners with their state and each slot's", async () => {
    const deals = page.locator("[data-testid=deal]");
    expect(await deals.count()).to.equal(2);
    const mine = page.locator(`[data-testid=deal][data-deal="${file.dealId}"]`);
    const theirs = page.locator(`[data-testid=deal][data-deal="${offered.dealId}"]`);
    expect(await mine.locator("[data-testid=deal-state]").innerText()).to.equal("stored");
    expect(await mine.locator(`a[title="${low(actors.owner.address)}"]`).count()).to.be.greaterThan(0);
    expect(await mine.locator("[data-testid=slots] [data-status=active]").count()).to.equal(2);
    expect(await theirs.locator(`a[title="${low(actors.other.address)}"]`).count()).to.be.greaterThan(0);
    const until = (await actors.as(actors.admin).ledger.holdersOf(offered.dealId))[1][0].offeredUntil;
    expect(await theirs.locator("[data-testid=slots] [data-status=offered]").innerText()).to.equal(`offered until ${group(until)}`);
    // a deal only offered, not accepted, makes nobody a holder
    expect(await page.locator(`[data-testid=holders] a[title="${low(actors.nodes[2].address)}"]`).count()).to.equal(0);
    // a dealId searched for opens its File Hash's page
    await page.goto(base);
    await search(offered.dealId);
    await page.waitForSelector("[data-testid=file]");
    expect(page.url()).to.equal(`${base}#/file/${low(file.fileHash)}`);
  });

  it("adds a new proof to the file page as it arrives, without a reload", async () => {
    await page.evaluate(() => ((window as unknown as { stay: boolean }).stay = true));
    await page.waitForSelector("[data-live=live]");
    await actors.prove(1);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=timeline-events] [data-kind=proof]").length === 2);
    const row1 = page.locator("[data-testid=holders] tbody tr").filter({ has: page.locator(`a[title="${low(actors.nodes[1].address)}"]`) });
    const newest = await indexer.db.period.findFirst({ where: { node: low(actors.nodes[1].address) } });
    expect(await row1.innerText()).to.include(`block ${group(newest!.blockNumber)}`);
    expect(await page.evaluate(() => (window as unknown as { stay?: boolean }).stay)).to.equal(true);
  });

  it("counts a new proof on the overview as it arrives, without a reload", async () => {
    await page.click("a.brand");
    await page.waitForSelector("[data-testid=overview] [data-live=live]");
    expect(await stat("proofs")).to.equal("2");
    await actors.prove(0);
    await page.waitForFunction(() => document.querySelector('[data-stat="proofs"] .value')?.textContent === "3");
    expect(await page.locator("[data-testid=timeline] circle.proof").count()).to.equal(3);
    expect(await page.evaluate(() => (window as unknown as { stay?: boolean }).stay)).to.equal(true);
  });

  it("says not found for an unknown hash, a malformed search and an unknown route", async () => {
    await search("0x" + "ab".repeat(32));
    await page.waitForSelector("[data-testid=not-found]");
    expect(await page.locator("[data-testid=not-found] h1").innerText()).to.equal("Not found");
    expect(await page.locator("[data-testid=not-found]").innerText()).to.include(`0x${"ab".repeat(32)}`);
    for (const [go, detail] of [["#/search/hello%20world", "hello world"], ["#/file/0x1234", "0x1234"], ["#/nowhere", "#/nowhere"], ["#/node/0x" + "12".repeat(20), "0x" + "12".repeat(20)]]) {
      await page.goto(base + go);
      await page.locator("[data-testid=not-found]", { hasText: detail }).waitFor();
      expect(await page.locator("[data-testid=not-found] h1").innerText(), go).to.equal("Not found");
    }
  });

  it("opens an account page for a DSP address and a node page for a node's EVM address", async () => {
    await (await actors.as(actors.admin).accounts.bind(chain.wallet(1).signingKey.publicKey)).wait();
    await stack.caughtUp();
    const dsp = dspAddressOf(chain.wallet(1).signingKey.publicKey);
    await page.goto(base);
    await search(dsp);
    await page.waitForSelector("[data-testid=account]");
    expect(page.url()).to.equal(`${base}#/account/${low(actors.owner.address)}`);
    const account = await page.locator("[data-testid=account]").innerText();
    expect(account).to.include(dsp);
    expect(await page.locator(`[data-testid=files-owned] a[title="${low(file.fileHash)}"]`).count()).to.equal(1);
    expect(account).not.to.include("Not found");

    await search(actors.nodes[0].address); // checksummed, as users paste it
    await page.waitForSelector("[data-testid=node]");
    expect(page.url()).to.equal(`${base}#/node/${low(actors.nodes[0].address)}`);
    expect(await page.locator(`[data-testid=files-held] a[title="${low(file.fileHash)}"]`).count()).to.equal(1);
    expect(await page.locator("[data-testid=node-proofs] tbody tr").count()).to.equal(2);
    expect(await page.locator("[data-testid=node-periods] [data-kind=proof]").count()).to.equal(2);
    expect(await page.locator("[data-testid=node-faults]").innerText()).to.include("No faults reported.");

    await search(actors.owner.address);
    await page.waitForSelector("[data-testid=account]");
    expect(page.url()).to.equal(`${base}#/account/${low(actors.owner.address)}`);
  });

  it("shows a missed period on the node's page and on the file's, live, with the slot's count", async () => {
    const n1 = low(actors.nodes[1].address);
    await page.goto(`${base}#/node/${n1}`);
    await page.waitForSelector("[data-testid=node] [data-live=live]");
    expect(await page.locator("[data-testid=node-deals] [data-status=active]").count()).to.equal(1);
    await actors.missAndReport(1);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=node-periods] [data-kind=fault]").length === 1);
    const fault = (await indexer.db.fault.findMany())[0];
    expect(await page.locator("[data-testid=node-faults] tbody tr").innerText()).to.include(tokens(fault.slashed));
    expect(await page.locator("[data-testid=node]").innerText()).to.include(`missed period ${group(fault.period)}`);
    await page.goto(`${base}#/file/${low(file.fileHash)}`);
    await page.waitForSelector("[data-testid=file] [data-live=live]");
    expect(await page.locator("[data-testid=timeline-events] [data-kind=fault]").count()).to.equal(1);
    const row1 = page.locator("[data-testid=holders] tbody tr").filter({ has: page.locator(`a[title="${n1}"]`) });
    expect(await row1.innerText()).to.include("1 / 1");
    // the node 2 page lists the offer it has not answered
    await page.goto(`${base}#/node/${low(actors.nodes[2].address)}`);
    await page.waitForSelector("[data-testid=node-deals]");
    expect(await page.locator("[data-testid=node-deals] [data-status=offered]").count()).to.equal(1);
    expect(await page.locator("[data-testid=files-held]").innerText()).to.include("Holds no file.");
  });

  it("resolves a dsp url on its name page, and goes from a file link to the file", async () => {
    await (await actors.as(actors.owner).dns.registerUrl(2, "", "explorer", `dsp://file?hash=${file.fileHash}`, "the test file", 0n)).wait();
    await stack.caughtUp();
    await search("dsp://explorer");
    await page.waitForSelector("[data-testid=name]");
    expect(page.url()).to.equal(`${base}#/name/dsp/explorer`);
    expect(await page.locator("[data-testid=name]").innerText()).to.include("the test file");
    await page.click(`[data-testid=name] a[title="${low(file.fileHash)}"]`);
    await page.waitForSelector("[data-testid=file]");
    expect(await page.locator("[data-testid=dns-names]").innerText()).to.include("dsp://explorer");
    await search(`dsp://file?hash=${file.fileHash}`);
    await page.locator("[data-testid=file]").waitFor();
    expect(page.url()).to.equal(`${base}#/file/${low(file.fileHash)}`);
    await search("dsp://nothing-here");
    await page.locator("[data-testid=not-found]", { hasText: "dsp://nothing-here" }).waitFor();
  });

  it("lists the SCAN servers of the ScanRegistry with their state and pledge", async () => {
    const server = chain.signer(9); // not one of the actors
    const pledge = 150n * 10n ** 18n;
    const c = actors.as(server);
    await (await actors.as(actors.admin).token.mint(server.address, pledge)).wait();
    await (await c.token.approve(await c.scanRegistry.getAddress(), pledge)).wait();
    await (await c.scanRegistry.register("/ip4/127.0.0.1/tcp/4360/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf", pledge)).wait();
    await stack.caughtUp();
    await page.click("nav a[href='#/scan']");
    const table = page.locator("[data-testid=scan-nodes]");
    await table.locator(`a[title="${low(server.address)}"]`).waitFor();
    const row = await table.locator("tr", { has: page.locator(`a[title="${low(server.address)}"]`) }).innerText();
    expect(row).to.include("active");
    expect(row).to.include(tokens(pledge.toString()));
    expect(row).to.include("/tcp/4360/");
    expect(await page.locator("[data-testid=scan-slashes]").innerText()).to.include("No false answer has been challenged.");
  });

  it("loaded nothing from outside the indexer and logged no errors", () => {
    expect(offsite).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });
});
