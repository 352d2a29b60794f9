import { expect } from "chai";
import { Pipeline } from "./pipeline.js";

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe("Pipeline", () => {
  it("never runs more than its limit at once, and runs every task", async () => {
    const p = new Pipeline(3);
    let now = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      await p.add(async () => {
        now++;
        peak = Math.max(peak, now);
        await tick(2);
        now--;
        done++;
      });
    }
    await p.drain();
    expect([peak, done, now]).to.deep.equal([3, 20, 0]);
  });

  it("reports the first failure from the next add or from drain, after the others finished", async () => {
    const p = new Pipeline(2);
    let finished = 0;
    await p.add(async () => {
      await tick(1);
      throw new Error("first");
    });
    await p.add(async () => {
      await tick(5);
      finished++;
    });
    let err: unknown;
    try {
      await p.drain();
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).to.equal("first");
    expect(finished).to.equal(1);
    let again: unknown;
    await p.add(async () => {}).catch((e) => (again = e));
    expect((again as Error).message).to.equal("first");
  });

  it("refuses a limit below one", () => {
    expect(() => new Pipeline(0)).to.throw(RangeError);
  });
});
