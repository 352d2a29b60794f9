/**
 * A transfer survives a crash of either side: the side that restarts (same store, same peer id
 * and address) runs the task again, and only the blocks not yet stored cross the network. The
 * uploader's crash is in service.test.ts; here are the receiving holder's, the downloader's and
 * the seeder's.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { sharedChain, tempDir, until, type TestChain } from "@dsp/testkit";
import { downloadFile } from "./download.js";
import { startNode, BLOCK, type TestNode } from "./testing.js";
import { uploadFile } from "./upload.js";

describe("Resuming transfers after a crash of either side", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  let owner: TestNode;
  let reader: TestNode;
  const nodes: TestNode[] = [];

  before(async () => {
    chain = await sharedChain();
    tmp = tempDir("dsp-resume-");
    owner = await startNode(chain, tmp.dir);
    reader = await startNode(chain, tmp.dir);
  });
  after(async () => {
    for (const n of [owner, reader, ...nodes]) await n?.stop();
    tmp.cleanup();
  });

  const countBlocks = async (n: TestNode) => {
    let c = 0;
    for await (const _ of n.node.files.blocks.keys()) c++;
    return c;
  };
  /** Polls (every 10 ms, bounded) until `n` has stored `atLeast` more blocks than `from`. */
  const untilStored = (n: TestNode, from: number, atLeast: number) =>
    until(async () => (await countBlocks(n)) - from >= atLeast, { ms: 30_000, every: 10, what: `${atLeast} blocks to arrive` });

  /**
   * Registers `count` more live storage nodes. The chain's registry is shared with other suites,
   * so an upload may pick any live node: the tests find out which one it picked.
   */
  async function freshHolders(count: number) {
    const fresh: TestNode[] = [];
    for (let i = 0; i < count; i++) fresh.push(await startNode(chain, tmp.dir, { register: true }));
    nodes.push(...fresh);
    return fresh;
  }

  it("resumes an upload after the receiving holder crashed mid-transfer: it asks only for the blocks it lacks", async () => {
    await freshHolders(1);
    const data = randomBytes(3 << 20); // 192 blocks of 16 KiB
    const file = path.join(tmp.dir, "holder-crash.bin");
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    const req = { source: file, copyNum: 0, expiredHeight: head + 500n };
    const before = await Promise.all(nodes.map(countBlocks));
    const first = uploadFile(owner.node, req, { skipProofWait: true }).catch((e) => e);
    // whichever live node was picked, crash it once it has some of the blocks
    const { picked } = await until(async () => {
      const counts = await Promise.all(nodes.map(countBlocks));
      const picked = counts.findIndex((c, i) => c - before[i] >= 20);
      return picked >= 0 ? { picked } : undefined;
    }, { ms: 30_000, every: 10, what: "a fresh holder to start fetching" });
    await nodes[picked].crashAndRestart();
    const failed = await first;
    expect(failed, "the upload fails while its holder is down").to.be.instanceOf(Error);
    const had = (await countBlocks(nodes[picked])) - before[picked];
    expect(had).to.be.above(0);

    let fetched = -1;
    nodes[picked].node.once("file:received", ({ bytes }) => (fetched = bytes));
    const second = await uploadFile(owner.node, req, { skipProofWait: true });
    expect(second.committed, "committed once, by the first run").to.equal(false);
    expect(second.holders.map((h) => h.toLowerCase())).to.include(nodes[picked].node.evmAddress);
    await nodes[picked].node.idle();
    const record = await nodes[picked].node.files.fileRecord(Buffer.from(second.fileHash.slice(2), "hex"));
    expect(record.size).to.equal(data.length);
    // only what was missing crossed the network again (leaves plus the few link blocks)
    expect(fetched).to.be.above(0);
    expect(fetched).to.be.at.most(data.length - had * BLOCK + 2 * BLOCK);
  });

  it("resumes a download after the downloader crashed: the blocks it stored are not fetched again", async () => {
    await freshHolders(2);
    const data = randomBytes(4 << 20);
    const file = path.join(tmp.dir, "down-crash.bin");
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    const { fileHash } = await uploadFile(owner.node, { source: file, copyNum: 1, privilege: 1, expiredHeight: head + 500n }, { skipProofWait: true });
    await Promise.all(nodes.map((n) => n.node.idle()));

    const out = path.join(tmp.dir, "down-crash.out");
    const start = await countBlocks(reader);
    const first = downloadFile(reader.node, fileHash, out).catch((e) => e);
    await untilStored(reader, start, 30);
    await reader.crashAndRestart();
    const err = await first;
    expect(err, "the crashed download fails").to.be.instanceOf(Error);
    expect(err.code, "at once, for the connections it lost (not after a timeout)").to.equal(50035);
    expect(err.cause?.code).to.equal(59100);
    const stored = (await countBlocks(reader)) - start;
    expect(stored).to.be.at.least(30);

    let received = 0;
    let total = 0;
    await downloadFile(reader.node, fileHash, out, { onProgress: (e) => e.type === "blocks:fetched" && ((received = e.done), (total = e.total)) });
    expect(Buffer.from(await readFile(out)).equals(data)).to.equal(true);
    const all = (await reader.node.files.getBlockHashesOfFile(Buffer.from(fileHash.slice(2), "hex"))).length;
    expect(total, "the second run asked only for the blocks not stored").to.equal(all - stored);
    expect(received).to.equal(total);
  });

  it("resumes a download after its only seeder crashed and came back", async () => {
    const [seeder] = await freshHolders(1);
    const data = randomBytes(4 << 20);
    const file = path.join(tmp.dir, "seed-crash.bin");
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    // copyNum 0 on a shared registry may pick another live node: then crash that one
    const { fileHash, holders } = await uploadFile(owner.node, { source: file, copyNum: 0, privilege: 1, expiredHeight: head + 500n }, { skipProofWait: true });
    const only = nodes.find((n) => n.node.evmAddress === holders[0].toLowerCase()) ?? seeder;
    expect(only.node.evmAddress).to.equal(holders[0].toLowerCase());
    await only.node.idle();

    const out = path.join(tmp.dir, "seed-crash.out");
    const start = await countBlocks(reader);
    const first = downloadFile(reader.node, fileHash, out).catch((e) => e);
    await untilStored(reader, start, 30);
    await only.crashAndRestart();
    const err = await first;
    expect(err, "the download fails while its seeder is down").to.be.instanceOf(Error);
    expect([59100, 50035, 50028]).to.include(err.code);
    const stored = (await countBlocks(reader)) - start;

    let total = -1;
    await downloadFile(reader.node, fileHash, out, { onProgress: (e) => e.type === "blocks:fetched" && (total = e.total) });
    expect(Buffer.from(await readFile(out)).equals(data)).to.equal(true);
    const all = (await reader.node.files.getBlockHashesOfFile(Buffer.from(fileHash.slice(2), "hex"))).length;
    expect(total).to.equal(all - stored);
  });
});
