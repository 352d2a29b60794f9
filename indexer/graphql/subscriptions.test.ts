import { expect } from "chai";
import { TestChain } from "@dsp/testkit";
import { DealActors, type DealFile } from "../test/deals.js";
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
  let actors: DealActors;

  before(async () => {
    chain = await TestChain.start();
    actors = new DealActors(chain);
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

  it("sends a stored deal, its slots as nodes accept, a proved period and a reported fault once their blocks are committed, with their fields", async () => {
    const low = (x: string) => x.toLowerCase();
    const [n0, n1] = actors.nodes.map((n) => low(n.address));
    const deals = await SseSubscription.open(indexer.url!, `subscription($o: String) { fileStored(owner: $o) { dealId seq fileHash owner copyNum valid storedBlock slots { node status } } }`,
      { o: actors.owner.address });
    const slots = await SseSubscription.open(indexer.url!, `subscription($n: String) { slotChanged(node: $n) { dealId node status pieceId acceptedBlock } }`, { n: n0 });
    const proofs = await SseSubscription.open(indexer.url!, `subscription { proofSubmitted { node period reward challenged blockNumber txHash } }`);
    const anyFault = await SseSubscription.open(indexer.url!, `subscription { faultReported { node period reporter slashed blockNumber } }`);
    let file: DealFile;
    try {
      file = await actors.storeFile("live", [0, 1], [2]);
      const stored = await deals.next();
      expect(stored.errors).to.equal(undefined);
      const d = stored.data.fileStored;
      const row = await indexer.db.deal.findFirst({ where: { dealId: file.dealId } });
      expect(d).to.deep.include({ dealId: file.dealId, seq: 0, fileHash: file.fileHash, owner: low(actors.owner.address), copyNum: 1, valid: true });
      expect(d.storedBlock).to.equal(row!.storedBlock.toString()); // committed before it was sent
      expect(d.slots).to.deep.equal([n0, n1].sort().map((node) => ({ node, status: "offered" })));
      expect((await slots.next()).data.slotChanged).to.deep.equal({ dealId: file.dealId, node: n0, status: "offered", pieceId: null, acceptedBlock: null });

      await actors.accept(file, 0);
      await actors.accept(file, 1);
      const accepted = (await slots.next()).data.slotChanged;
      const slotRow = await indexer.db.slot.findFirst({ where: { dealId: file.dealId, node: n0 } });
      expect(accepted).to.deep.equal({ dealId: file.dealId, node: n0, status: "active", pieceId: slotRow!.pieceId, acceptedBlock: slotRow!.acceptedBlock!.toString() });

      await actors.prove(0);
      const proved = (await proofs.next()).data.proofSubmitted;
      const [periodRow] = await indexer.db.period.findMany({ where: { node: n0 } });
      expect(proved).to.deep.equal({
        node: n0, period: periodRow.period, reward: periodRow.reward, challenged: periodRow.challenged, blockNumber: periodRow.blockNumber.toString(), txHash: periodRow.txHash,
      });
      expect(BigInt(proved.reward) > 0n).to.equal(true);
      expect(proved.challenged).to.equal(32);

      await actors.missAndReport(1);
      const fault = (await anyFault.next()).data.faultReported;
      const [faultRow] = await indexer.db.fault.findMany({ where: { node: n1 } });
      expect(fault).to.deep.equal({ node: n1, period: faultRow.period, reporter: low(actors.reporter.address), slashed: faultRow.slashed, blockNumber: faultRow.blockNumber.toString() });
      expect(BigInt(fault.slashed) > 0n).to.equal(true);
    } finally {
      for (const s of [deals, slots, proofs, anyFault]) s.close();
    }
  });

  it("sends a filtered subscription only the rows it asked for: the proofs of a File Hash's holders", async () => {
    const other = await actors.storeFile("filtered", [2]);
    await actors.accept(other, 2);
    const onlyOther = await SseSubscription.open(indexer.url!, `subscription($h: String) { proofSubmitted(fileHash: $h) { node } }`, { h: other.fileHash });
    const onlyNode = await SseSubscription.open(indexer.url!, `subscription($h: String, $n: String) { proofSubmitted(fileHash: $h, node: $n) { node } }`,
      { h: other.fileHash, n: actors.nodes[0].address });
    try {
      await actors.prove(0); // node 0 does not hold it: not sent
      await actors.prove(2);
      expect((await onlyOther.next()).data.proofSubmitted).to.deep.equal({ node: actors.nodes[2].address.toLowerCase() });
      await new Promise((r) => setTimeout(r, 500));
      expect(await onlyNode.next(300).catch((e) => String(e))).to.equal("Error: no subscription event arrived");
    } finally {
      onlyOther.close();
      onlyNode.close();
    }
  });

  it("announces a reorg with the ancestor, above which events already sent are retracted", async () => {
    const reorgs = await SseSubscription.open(indexer.url!, `subscription { reorgs { ancestor head } }`);
    const files = await SseSubscription.open(indexer.url!, `subscription { fileStored { dealId fileHash storedBlock } }`);
    try {
      const forkPoint = await chain.head();
      const snap = await chain.snapshot();
      const orphan = await actors.storeFile("orphan", [2]);
      const sent = (await files.next()).data.fileStored;
      expect([sent.dealId, sent.fileHash]).to.deep.equal([orphan.dealId, orphan.fileHash]);
      await chain.revert(snap);
      await chain.mine(3); // a longer branch without the file
      const r = (await reorgs.next()).data.reorgs;
      expect(r.ancestor).to.equal(forkPoint.toString());
      expect(BigInt(sent.storedBlock) > BigInt(r.ancestor)).to.equal(true);
      expect(await indexer.db.file.findUnique({ where: { fileHash: orphan.fileHash } })).to.equal(null);
      expect(await indexer.db.slot.count({ where: { dealId: orphan.dealId } })).to.equal(0);
    } finally {
      reorgs.close();
      files.close();
    }
  });
});
