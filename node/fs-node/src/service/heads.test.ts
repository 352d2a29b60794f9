import { expect } from "chai";
import { followHeads } from "./heads.js";
import { InvalidParams } from "@dsp/core";

describe("followHeads", () => {
  it("hands over each new head once, only the latest of a jump, and retries a failed one without a new block", async () => {
    const heads = [1n, 1n, 4n, 4n, 4n, 5n, 5n];
    const seen: bigint[] = [];
    const errors: unknown[] = [];
    const controller = new AbortController();
    let failOnce = true;
    await followHeads(
      async () => {
        const h = heads.shift();
        if (h === undefined) controller.abort();
        return h ?? 5n;
      },
      async (head) => {
        seen.push(head);
        if (head === 4n && failOnce) {
          failOnce = false;
          throw new Error("rpc hiccup");
        }
      },
      { intervalMs: 1, signal: controller.signal, onError: (e) => errors.push(e) },
    );
    expect(seen).to.deep.equal([1n, 4n, 4n, 5n]);
    expect(errors.map((e) => (e as Error).message)).to.deep.equal(["rpc hiccup"]);
  });

  it("reports a failed poll and keeps polling", async () => {
    const controller = new AbortController();
    const errors: unknown[] = [];
    let polls = 0;
    const seen: bigint[] = [];
    await followHeads(
      async () => {
        if (++polls === 1) throw new Error("connection refused");
        controller.abort();
        return 7n;
      },
      async (h) => void seen.push(h),
      { intervalMs: 1, signal: controller.signal, onError: (e) => errors.push(e) },
    );
    expect(errors).to.have.length(1);
    expect(seen).to.deep.equal([7n]);
  });

  it("hands the same head over again when again() says so, and only then", async () => {
    const heads = [3n, 3n, 3n, 3n];
    const seen: bigint[] = [];
    const controller = new AbortController();
    let poll = 0;
    await followHeads(
      async () => {
        const h = heads.shift();
        if (h === undefined) controller.abort();
        poll++;
        return h ?? 3n;
      },
      async (head) => void seen.push(head),
      // something changed off-chain before the third poll only
      { intervalMs: 1, signal: controller.signal, again: () => poll === 3 },
    );
    expect(seen).to.deep.equal([3n, 3n]);
  });

  it("rejects a poll interval that is not a positive number", async () => {
    for (const intervalMs of [0, -1, Number.NaN, Infinity]) {
      let err: unknown;
      await followHeads(async () => 1n, async () => {}, { intervalMs, signal: new AbortController().signal }).catch((e) => (err = e));
      expect(err).to.be.instanceOf(InvalidParams);
    }
  });
});
