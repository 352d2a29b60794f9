import { randomBytes } from "node:crypto";
import { expect } from "chai";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startIndexer } from "@dsp/scan";
import { sqliteFactory, type TestDatabase } from "@dsp/scan/testing";
import { sharedChain, tempDir, until, type TestChain } from "@dsp/testkit";
import { downloadFile } from "./download.js";
import { announce, ENDPOINT_TYPE, scanPeers } from "./scan.js";
import { startNode, type TestNode } from "./testing.js";
import { uploadFile } from "./upload.js";

describe("FS node service with SCAN: announcing and finding seeders", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let tmp: ReturnType<typeof tempDir>;
  let db: TestDatabase;
  let indexer: Awaited<ReturnType<typeof startIndexer>>;
  let holders: TestNode[];
  let owner: TestNode;
  let seeder: TestNode;
  let late: TestNode;

  async function synced() {
    const head = String(await chain.head());
    await until(async () => {
      const res = await fetch(indexer.url!, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ status { blockNumber } }" }) });
      return (await res.json()).data?.status.blockNumber === head;
    }, { ms: 60_000, every: 100, what: `the indexer to catch up with block ${head}` });
  }

  before(async () => {
    chain = await sharedChain();
    tmp = tempDir("dsp-scan-");
    db = await sqliteFactory();
    indexer = await startIndexer({ deployments: chain.deployments, rpcUrl: chain.url, databaseUrl: db.url, port: 0, pollIntervalMs: 100, peerPullIntervalMs: 0 });
    holders = [];
    for (let i = 0; i < 2; i++) holders.push(await startNode(chain, tmp.dir, { register: true }));
    owner = await startNode(chain, tmp.dir);
    seeder = await startNode(chain, tmp.dir);
    late = await startNode(chain, tmp.dir);
  });
  after(async () => {
    for (const n of [...holders, owner, seeder, late]) await n?.stop().catch(() => {});
    await indexer?.stop();
    await db?.drop();
    tmp.cleanup();
  });

  it("a downloader that announced itself serves the file to a later downloader once the holders are gone", async () => {
    const data = randomBytes(200_000);
    const file = path.join(tmp.dir, "f");
    await writeFile(file, data);
    const head = await owner.account.ledger.head();
    const { fileHash } = await uploadFile(owner.node, { source: file, copyNum: 1, expiredHeight: head + 500n }, { skipProofWait: true });
    for (const h of holders) await h.node.idle();
    await synced();

    // The holders announce as FS nodes; the first downloader announces as a seeder (state 25).
    for (const h of holders) await announce(h.node, indexer.url!, h.node.host.multiaddrs[0].toString());
    const seederAddr = seeder.node.host.multiaddrs[0].toString();
    await downloadFile(seeder.node, fileHash, path.join(tmp.dir, "first"), { scanUrl: indexer.url!, announceAs: seederAddr });
    const peers = await scanPeers(indexer.url!, fileHash);
    expect(peers.map((p) => p.hostPort)).to.include(seederAddr);
    expect(peers.find((p) => p.hostPort === seederAddr)!.type).to.equal(ENDPOINT_TYPE.SEEDER);
    expect(peers).to.have.length(3);

    // Every holder goes away; SCAN still knows a seeder.
    for (const h of holders) await h.stop();
    const out = path.join(tmp.dir, "late");
    const r = await downloadFile(late.node, fileHash, out, { scanUrl: indexer.url! });
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(data))).to.equal(true);
    expect(r.seeders).to.deep.equal([seeder.node.evmAddress]);
  });

  it("SCAN refuses an announcement of a file the ledger does not know, with 50021", async () => {
    const err = await announce(seeder.node, indexer.url!, "/ip4/127.0.0.1/tcp/1", { fileHashes: ["0x" + "ab".repeat(32)] }).catch((e) => e);
    expect(err.code).to.equal(50021);
  });
});
