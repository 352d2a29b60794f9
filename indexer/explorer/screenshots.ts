/**
 * `npm run screenshots`: docs/explorer-overview.png and docs/explorer-file.png, taken in Chromium
 * from a chain with sample data (runDealScenario, two more deals, three rounds of every node's
 * period proved in deadline order, a missed period reported) and an indexer serving the current build.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runDealScenario, type DealActors, type DealFile } from "../test/deals.js";
import { launchChromium } from "./browser.js";
import { startStack } from "./stack.js";

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs");

/**
 * Rounds of proofs by every node with something to prove, earliest deadline first (mining to one's
 * window must not pass another's deadline); a node whose deadline has already passed is reported
 * instead, which puts a fault on the plots.
 */
async function proveRounds(actors: DealActors, rounds: number) {
  for (let r = 0; r < rounds; r++) {
    const due: { i: number; deadline: bigint }[] = [];
    for (let i = 0; i < actors.nodes.length; i++) {
      const s = await actors.schedule(i);
      if (s.total !== 0n) due.push({ i, deadline: s.deadline });
    }
    due.sort((x, y) => (x.deadline < y.deadline ? -1 : x.deadline > y.deadline ? 1 : 0));
    for (const { i, deadline } of due) {
      if ((await actors.chain.head()) + 1n > deadline) await actors.report(i);
      else await actors.prove(i);
    }
  }
}

async function main() {
  let a!: DealFile;
  const stack = await startStack(async (chain) => {
    const s = await runDealScenario(chain);
    a = s.a;
    const c = await s.actors.storeFile("c", [0, 3], [2], { size: 3 << 20 });
    await s.actors.accept(c, 0);
    await s.actors.accept(c, 3);
    const d = await s.actors.storeFile("d", [3], [], { size: 1 << 20 });
    await s.actors.accept(d, 3);
    await proveRounds(s.actors, 3);
    await s.actors.missAndReport(3);
  });
  const browser = await launchChromium({ width: 1280, height: 900 });
  try {
    const page = await browser.context.newPage();
    await page.goto(stack.base);
    await page.waitForSelector("[data-testid=overview] [data-live=live]");
    await page.screenshot({ path: path.join(DOCS, "explorer-overview.png"), fullPage: true });
    await page.goto(`${stack.base}#/file/${a.fileHash.toLowerCase()}`);
    await page.waitForSelector("[data-testid=file] [data-live=live]");
    await page.screenshot({ path: path.join(DOCS, "explorer-file.png"), fullPage: true });
    console.log(`wrote ${path.join(DOCS, "explorer-overview.png")} and explorer-file.png`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
