/**
 * One node serving many downloaders at once: every download completes with the right bytes,
 * and the memory serving takes stays bounded by the node's read budget (batches read and being
 * sent at once), not by the number of downloaders. The RSS figures are in
 * bench/service-concurrency.mts; here the bound is checked where it is enforced.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { KeyPair } from "@dsp/core";
import { FileStore } from "../fs/file-store.js";
import { MemoryBlockstore } from "../fs/memory-blockstore.js";
import { MemoryRootStore } from "../fs/root-store.js";
import { Ledger } from "@dsp/ledger";
import { sharedChain, tempDir, type TestChain } from "@dsp/testkit";
import { DEFAULT_NETWORK_ID, DspHost } from "@dsp/p2p";
import { downloadFile } from "./download.js";
import { FsNode } from "./fs-node.js";
import { BLOCK, startNode, type TestNode } from "./testing.js";
import { uploadFile } from "./upload.js";

const DOWNLOADERS = 100;
const BUDGET = 2;

describe("Serving 100 concurrent downloads from one node", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  let owner: TestNode;
  let seeder: TestNode;
  let reader: Ledger;
  const clients: FsNode[] = [];

  before(async () => {
    chain = await sharedChain();
    tmp = tempDir("dsp-load-");
    owner = await startNode(chain, tmp.dir);
    // every downloader dials from 127.0.0.1 in the same second: admit them as if they came from many addresses
    const connections = { inboundPerSecondPerHost: 2 * DOWNLOADERS, maxPendingInbound: DOWNLOADERS };
    seeder = await startNode(chain, tmp.dir, { register: true, maxServeBatches: BUDGET, connections });
    // Downloading a public, free file needs no transaction: the downloaders share one read-only ledger client.
    reader = await Ledger.connect({ rpcUrl: chain.url, deployments: chain.deployments });
  });
  after(async () => {
    await Promise.allSettled(clients.map((c) => c.host.stop()));
    await owner?.stop();
    await seeder?.stop();
    reader?.destroy();
    tmp.cleanup();
  });

  it(`completes ${DOWNLOADERS} downloads at once, each byte for byte, never reading more than ${BUDGET} batches at a time`, async () => {
    const data = randomBytes(64 * BLOCK + 1234);
    const file = path.join(tmp.dir, "popular.bin");
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    // copyNum 0: one holder; on the shared registry any live node may be picked, so find it
    const { fileHash, holders } = await uploadFile(owner.node, { source: file, copyNum: 0, privilege: 1, expiredHeight: head + 500n }, { skipProofWait: true });
    expect(holders.map((h) => h.toLowerCase()), "the upload went to this suite's seeder").to.deep.equal([seeder.node.evmAddress]);
    await seeder.node.idle();

    for (let i = 0; i < DOWNLOADERS; i++) {
      const account = KeyPair.generate();
      const host = await DspHost.create({ account, networkId: DEFAULT_NETWORK_ID });
      const files = await FileStore.open({ blocks: new MemoryBlockstore(), roots: new MemoryRootStore(), blockSize: BLOCK });
      clients.push(new FsNode({ host, files, ledger: reader, account }));
    }
    // Connections first, ten handshakes at a time: a hundred noise handshakes at once in one
    // process on two cores run past libp2p's dial timeout, which is not what this test is about.
    for (let i = 0; i < clients.length; i += 10) await Promise.all(clients.slice(i, i + 10).map((c) => c.host.connect(seeder.node.host.multiaddrs[0])));
    const results = await Promise.all(clients.map(async (c, i) => {
        const out = path.join(tmp.dir, `copy-${i}`);
        const r = await downloadFile(c, fileHash, out, { maxPeers: 1, owner: owner.account.address });
        return { r, bytes: await readFile(out) };
      }));
    for (const { r, bytes } of results) {
      expect(r.seeders.map((s) => s.toLowerCase())).to.deep.equal([seeder.node.evmAddress]);
      expect(Buffer.from(bytes).equals(data)).to.equal(true);
    }
    expect(seeder.node.serving.peak, "the read budget was used to the full and never passed").to.equal(BUDGET);
    expect(seeder.node.serving.peakWaiting, "downloaders queued for the budget rather than growing memory").to.be.above(0);
    expect(seeder.node.serving.inUse, "every permit came back").to.equal(0);
  });
});
