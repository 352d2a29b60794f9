import { expect } from "chai";
import { until } from "./until.js";

describe("testkit/until", () => {
  it("returns the check's first truthy value, sync or async", async () => {
    let n = 0;
    expect(await until(() => ++n >= 3 && { n }, { every: 1 })).to.deep.equal({ n: 3 });
    expect(await until(async () => "done", 100)).to.equal("done");
  });

  it("throws naming what it waited for, a function's answer taken at the timeout", async () => {
    const err = await until(() => false, 30, "the thing").catch((e) => e);
    expect(err.message).to.equal("timed out waiting for the thing");
    let seen = 0;
    const late = await until(() => (seen++, false), { ms: 30, every: 5, what: () => `x after ${seen} looks` }).catch((e) => e);
    expect(late.message).to.match(/^timed out waiting for x after \d+ looks$/);
    expect(seen).to.be.above(1);
  });

  it("passes on the check's own error at once", async () => {
    const t0 = Date.now();
    const err = await until(() => { throw new Error("broke"); }, 10_000).catch((e) => e);
    expect(err.message).to.equal("broke");
    expect(Date.now() - t0).to.be.below(1000);
  });
});
