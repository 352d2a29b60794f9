import { expect } from "chai";
import { TestChain } from "@dsp/testkit";
import { Actors, type ScenarioFile } from "@dsp/testkit";
import { sqliteFactory, type TestDatabase } from "../test/databases.js";
import { startIndexer } from "../index.js";

/** One GraphQL subscription over server-sent events, as a browser's fetch sees it. */
class SseSubscription {
  private buffer = "";
  private readonly events: unknown[] = [];
  private waiter?: () => void;

  private constructor(private readonly controller: AbortController, readonly done: Promise<void>) {}

  static async open(url: string, query: string, variables: Record<string, unknown> = {}) {
    const controller = new AbortController();
    const res = await fetch(url, {
      method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query, variables }), signal: controller.signal,
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.match(/^text\/event-stream/);
    let sub!: SseSubscription;
    const decoder = new TextDecoder();
    const pump = async () => {
      try {
        for await (const chunk of res.body!) sub.push(decoder.decode(chunk as Uint8Array, { stream: true }));
      } catch (e) {
        if (!controller.signal.aborted) throw e;
      }
    };
    sub = new SseSubscription(controller, pump());
    return sub;
  }

  private push(text: string) {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const lines = frame.split("\n");
      if (!lines.includes("event: next")) continue; // keep-alive comments, `event: complete`
      const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
      this.events.push(JSON.parse(data));

      this.waiter?.();
    }
  }

  /** The next event's payload, in arrival order. */
  async next(timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    while (!this.events.length) {
      if (Date.now() > deadline) throw new Error("no subscription event arrived");
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
    return this.events.shift();
  }

  close() {
    this.controller.abort();
  }
}

describe("SCAN GraphQL subscriptions (server-sent events)", function () {
  this.timeout(180_000);
  let chain: TestChain;
  let t: TestDatabase;
  let indexer: Awaited<ReturnType<typeof startIndexer>>;
  let actors: Actors;
  let first: ScenarioFile;

  before(async () => {
    chain = await TestChain.start();
    actors = new Actors(chain);
    await actors.fund();
    for (let i = 0; i < 3; i++) await actors.registerNode(i);
    t = await sqliteFactory();
    indexer = await startIndexer({
      deployments: chain.deployments, rpcUrl: chain.url, databaseUrl: t.url, port: 0, pollIntervalMs: 50, finalityDepth: 8,
    });
  });
  after(async () => {
    await indexer?.stop();
    await t?.drop();
    await chain?.stop();
  });

  it("sends a stored file, its proof and a reported fault once their blocks are committed, with their fields", async () => {
    const files = await SseSubscription.open(indexer.url!, `subscription($o: String) { fileStored(owner: $o) { fileHash owner copyNum valid storedBlock holders { node } } }`,
      { o: actors.owner.address });
    const proofs = await SseSubscription.open(indexer.url!, `subscription { proofSubmitted { fileHash node reward blockNumber txHash } }`);
    const anyFault = await SseSubscription.open(indexer.url!, `subscription { faultReported { fileHash node reporter slashed blockNumber } }`);
    try {
      const file = (first = await actors.storeFile("live", [0, 1], [2]));
      const stored = await files.next();
      expect(stored.errors).to.equal(undefined);
      const f = stored.data.fileStored;
      const row = await indexer.db.file.findUnique({ where: { fileHash: file.fileHash.toLowerCase() } });
      expect(f).to.deep.include({ fileHash: file.fileHash.toLowerCase(), owner: actors.owner.address.toLowerCase(), copyNum: 1, valid: true });
      expect(f.storedBlock).to.equal(row!.storedBlock.toString()); // committed before it was sent
      expect(f.holders.map((h: { node: string }) => h.node).sort()).to.deep.equal([0, 1].map((i) => actors.nodes[i].address.toLowerCase()).sort());

      await actors.prove(file, 0);
      const proved = (await proofs.next()).data.proofSubmitted;
      const [proofRow] = await indexer.db.proof.findMany({ where: { fileHash: file.fileHash.toLowerCase() } });
      expect(proved).to.deep.equal({
        fileHash: file.fileHash.toLowerCase(), node: actors.nodes[0].address.toLowerCase(), reward: proofRow.reward,
        blockNumber: proofRow.blockNumber.toString(), txHash: proofRow.txHash,
      });
      expect(BigInt(proved.reward) > 0n).to.equal(true);

      await actors.missAndReport(file, 1);
      const fault = (await anyFault.next()).data.faultReported;
      const [faultRow] = await indexer.db.fault.findMany({ where: { fileHash: file.fileHash.toLowerCase() } });
      expect(fault).to.deep.equal({
        fileHash: file.fileHash.toLowerCase(), node: actors.nodes[1].address.toLowerCase(), reporter: actors.reporter.address.toLowerCase(),
        slashed: faultRow.slashed, blockNumber: faultRow.blockNumber.toString(),
      });
    } finally {
      for (const s of [files, proofs, anyFault]) s.close();
    }
  });

  it("sends a filtered subscription only the rows it asked for", async () => {
    const other = await actors.storeFile("filtered", [2]);
    const onlyOther = await SseSubscription.open(indexer.url!, `subscription($h: String, $n: String) { proofSubmitted(fileHash: $h, node: $n) { fileHash node } }`,
      { h: other.fileHash, n: actors.nodes[2].address });
    try {
      await actors.prove(first, 0); // another file's proof: not sent
      await actors.prove(other, 2);
      expect((await onlyOther.next()).data.proofSubmitted).to.deep.equal({ fileHash: other.fileHash.toLowerCase(), node: actors.nodes[2].address.toLowerCase() });
    } finally {
      onlyOther.close();
    }
  });

  it("announces a reorg with the ancestor, above which events already sent are retracted", async () => {
    const reorgs = await SseSubscription.open(indexer.url!, `subscription { reorgs { ancestor head } }`);
    const files = await SseSubscription.open(indexer.url!, `subscription { fileStored { fileHash storedBlock } }`);
    try {
      const forkPoint = await chain.head();
      const snap = await chain.snapshot();
      const orphan = await actors.storeFile("orphan", [2]);
      const sent = (await files.next()).data.fileStored;
      expect(sent.fileHash).to.equal(orphan.fileHash.toLowerCase());
      await chain.revert(snap);
      await chain.mine(3); // a longer branch without the file
      const r = (await reorgs.next()).data.reorgs;
      expect(r.ancestor).to.equal(forkPoint.toString());
      expect(BigInt(sent.storedBlock) > BigInt(r.ancestor)).to.equal(true);
      expect(await indexer.db.file.findUnique({ where: { fileHash: orphan.fileHash.toLowerCase() } })).to.equal(null);
    } finally {
      reorgs.close();
      files.close();
    }
  });
});
