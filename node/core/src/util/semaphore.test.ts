import { expect } from "chai";
import { Semaphore } from "./semaphore.js";

describe("Semaphore", () => {
  it("lets at most `permits` in at once, the rest in arrival order", async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    const waits = [3, 4, 5].map((n) => s.acquire().then((release) => (order.push(n), release)));
    expect([s.inUse, s.waiting]).to.deep.equal([2, 3]);
    a();
    a(); // a second call of the same release frees nothing more
    const r3 = await waits[0];
    expect([s.inUse, s.waiting, order]).to.deep.equal([2, 2, [3]]);
    b();
    r3();
    const [, r4, r5] = await Promise.all(waits);
    expect(order).to.deep.equal([3, 4, 5]);
    expect([s.peak, s.peakWaiting]).to.deep.equal([2, 3]);
    r4();
    r5();
    expect(s.inUse).to.equal(0);
  });

  it("gives up a wait when its signal aborts, and refuses bad permit counts", async () => {
    const s = new Semaphore(1);
    const held = await s.acquire();
    const ctl = new AbortController();
    const waiting = s.acquire(ctl.signal).catch((e) => e);
    ctl.abort();
    expect((await waiting).name).to.equal("AbortedError");
    expect(s.waiting).to.equal(0);
    held();
    expect(s.inUse).to.equal(0);
    for (const bad of [0, -1, 1.5, NaN]) expect(() => new Semaphore(bad)).to.throw(RangeError);
  });
});
