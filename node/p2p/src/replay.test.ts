import { expect } from "chai";
import fc from "fast-check";
import { REPLAY_WINDOW, ReplayGuard, ReplayWindow } from "./replay.js";

describe("p2p replay window", () => {
  it("accepts each nonce once, in any order inside the window", () => {
    const w = new ReplayWindow();
    const base = Date.now() * 1024;
    expect([base + 5, base + 1, base + 3, base + 2, base + 4].map((n) => w.accept(n))).to.deep.equal([true, true, true, true, true]);
    expect([base + 1, base + 5, base + 3].map((n) => w.accept(n))).to.deep.equal([false, false, false]);
  });

  it("refuses nonces older than the window, and non-integers", () => {
    const w = new ReplayWindow();
    expect(w.accept(REPLAY_WINDOW * 3)).to.equal(true);
    expect(w.accept(REPLAY_WINDOW * 2)).to.equal(false);
    expect(w.accept(REPLAY_WINDOW * 2 + 1)).to.equal(true);
    expect(w.accept(1.5)).to.equal(false);
    expect(w.accept(-1)).to.equal(false);
  });

  it("agrees with a model (a set of seen nonces) on random sequences", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 * REPLAY_WINDOW }), { maxLength: 400 }), (nonces) => {
        const w = new ReplayWindow();
        const seen = new Set<number>();
        let highest = -1;
        for (const n of nonces) {
          const expected = !seen.has(n) && (n > highest || highest - n < REPLAY_WINDOW);
          expect(w.accept(n)).to.equal(expected);
          if (expected) seen.add(n);
          highest = Math.max(highest, expected ? n : highest);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps one window per sender", () => {
    const g = new ReplayGuard();
    expect(g.accept("A", 10)).to.equal(true);
    expect(g.accept("B", 10)).to.equal(true);
    expect(g.accept("A", 10)).to.equal(false);
  });
});
