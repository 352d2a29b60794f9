/**
 * `npm run screenshots`: docs/explorer-overview.png and docs/explorer-file.png, taken in Chromium
 * from a chain with sample data (runScenario, two more files, three rounds of proofs in challenge
 * order, missed proofs reported) and an indexer serving the current build.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runScenario, type Actors, type ScenarioFile } from "@dsp/testkit";
import { launchChromium } from "./browser.js";
import { startStack } from "./stack.js";

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs");

/**
 * Rounds of proofs by every active holder of `files`, earliest challenge first (mining to one
 * must not pass another's window); a holder whose window has already passed is reported instead,
 * which puts a fault on the plot and hands its slot to a candidate.
 */
async function proveRounds(actors: Actors, files: ScenarioFile[], rounds: number) {
  const { ledger, verifier } = actors.as(actors.admin);
  const index = new Map(actors.nodes.map((n, i) => [n.address.toLowerCase(), i]));
  for (let r = 0; r < rounds; r++) {
    const due: { f: ScenarioFile; i: number; height: bigint; deadline: bigint }[] = [];
    for (const f of files) {
      const [nodes, states] = await ledger.holdersOf(f.fileHash);
      for (const [k, node] of nodes.entries()) {
        if (!states[k].active) continue;
        const [height, deadline] = await verifier.challengeOf(f.fileHash, node);
        due.push({ f, i: index.get(node.toLowerCase())!, height, deadline });
      }
    }
    due.sort((x, y) => (x.height < y.height ? -1 : x.height > y.height ? 1 : 0));
    for (const { f, i, deadline } of due) {
      if ((await actors.chain.head()) > deadline) await actors.missAndReport(f, i);
      else await actors.prove(f, i);
    }
  }
}

async function main() {
  let a!: ScenarioFile;
  const stack = await startStack(async (chain) => {
    const s = await runScenario(chain);
    a = s.a;
    const c = await s.actors.storeFile("c", [0, 3], [2], { size: 3 << 20 });
    const d = await s.actors.storeFile("d", [3], [], { size: 1 << 20 });
    await proveRounds(s.actors, [a, s.b, c, d], 3);
    await s.actors.missAndReport(c, 3);
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
