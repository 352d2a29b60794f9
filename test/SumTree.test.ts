import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { SumTreeHarness__factory, type SumTreeHarness } from "../typechain-types";

/** The Solidity sum tree against a plain TypeScript model: weights in an array, prefix sums. */

const U64 = (1n << 64n) - 1n;
const SET = 1n << 255n;
/** Sizes at which the depth changes (or is just about to): 4**d and 4**d + 1. */
const GROWTH_SIZES = [1, 4, 5, 16, 17, 64, 65];

/** Levels of a tree of `size` ids: 0 when empty, else the least d >= 1 with 4**d >= size. */
function depthOf(size: number): number {
  if (size === 0) return 0;
  let d = 1;
  while (4 ** d < size) d++;
  return d;
}

/** prefix[i] = sum of the weights of ids below i; prefix[n] = total. */
function prefixSums(ws: bigint[]): bigint[] {
  const p = [0n];
  for (const w of ws) p.push(p[p.length - 1] + w);
  return p;
}

/** The id whose range holds x, by binary search for the last i with prefix[i] <= x. */
function modelFind(prefix: bigint[], x: bigint): [number, bigint] {
  let lo = 0;
  let hi = prefix.length - 2; // ids 0 .. n-1; x < total, so the answer is among them
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (prefix[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return [lo, x - prefix[lo]];
}

/** Every node word the layout prescribes, with its key, from the weights alone. */
function expectedWords(ws: bigint[]): { keys: bigint[]; words: bigint[] } {
  const prefix = prefixSums(ws);
  const n = ws.length;
  const sumOf = (from: number, to: number) => prefix[Math.min(to, n)] - prefix[Math.min(from, n)];
  const keys: bigint[] = [];
  const words: bigint[] = [];
  for (let level = 0; level < depthOf(n); level++) {
    const span = 4 ** level; // ids under one lane of this level
    for (let index = 0; index * 4 * span < n; index++) {
      let word = 0n;
      for (let c = 0; c < 4; c++) word |= sumOf((4 * index + c) * span, (4 * index + c + 1) * span) << BigInt(64 * c);
      keys.push((BigInt(level) << 32n) | BigInt(index));
      words.push(word);
    }
  }
  return { keys, words };
}

async function deploy(): Promise<SumTreeHarness> {
  return new SumTreeHarness__factory((await ethers.getSigners())[0]).deploy();
}

/** Checks everything observable about `tree` against the weights `ws`, finds at `extraXs` too. */
async function checkAgainstModel(tree: SumTreeHarness, ws: bigint[], extraXs: bigint[] = []) {
  const prefix = prefixSums(ws);
  const total = prefix[ws.length];
  expect(await tree.size()).to.equal(BigInt(ws.length));
  expect(await tree.depth()).to.equal(BigInt(depthOf(ws.length)));
  expect(await tree.total()).to.equal(total);
  expect(await tree.weightOfMany(ws.map((_, i) => i))).to.deep.equal(ws);

  const { keys, words } = expectedWords(ws);
  expect(await tree.nodeWords(keys)).to.deep.equal(words);

  // Range boundaries: the start of every nonzero id, and the position just before it.
  const xs: bigint[] = [];
  const want: [number, bigint][] = [];
  let prev = -1; // last nonzero id seen
  for (let i = 0; i < ws.length; i++) {
    if (ws[i] === 0n) continue;
    xs.push(prefix[i]);
    want.push([i, 0n]);
    if (prev >= 0) {
      xs.push(prefix[i] - 1n);
      want.push([prev, ws[prev] - 1n]);
    }
    prev = i;
  }
  if (prev >= 0) {
    xs.push(total - 1n); // the last position belongs to the last nonzero id
    want.push([prev, ws[prev] - 1n]);
  }
  for (const r of extraXs) {
    if (total === 0n) break;
    const x = r % total;
    xs.push(x);
    want.push(modelFind(prefix, x));
  }
  const [ids, offsets] = await tree.findMany(xs);
  const got = ids.map((id, k): [number, bigint] => [Number(id), offsets[k]]);
  expect(got).to.deep.equal(want);
  for (const [id, off] of got) expect(off).to.be.lessThan(ws[id]); // so no id of weight 0 is returned

  await expect(tree.find(total)).to.be.revertedWithCustomError(tree, "SumTreeOutOfRange").withArgs(total, total);
}

type Op = { kind: "push"; w: bigint } | { kind: "set"; id: number; w: bigint } | { kind: "zero"; id: number } | { kind: "restore"; id: number };

const weightArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0n) },
  { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 8n }) },
  { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 1n << 48n }) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: weightArb.map((w): Op => ({ kind: "push", w })) },
  { weight: 3, arbitrary: fc.record({ id: fc.nat(), w: weightArb }).map(({ id, w }): Op => ({ kind: "set", id, w })) },
  { weight: 2, arbitrary: fc.nat().map((id): Op => ({ kind: "zero", id })) },
  { weight: 2, arbitrary: fc.nat().map((id): Op => ({ kind: "restore", id })) },
);
const scenarioArb = fc.record({
  // Start at a size where the depth changes, or anywhere up to 200; then up to 100 mixed ops.
  initial: fc
    .oneof(fc.constantFrom(...GROWTH_SIZES), fc.integer({ min: 0, max: 200 }))
    .chain((n) => fc.array(weightArb, { minLength: n, maxLength: n })),
  ops: fc.array(opArb, { maxLength: 100 }),
  xs: fc.array(fc.bigInt({ min: 0n, max: U64 }), { maxLength: 16 }),
});

/** Turns a scenario into the harness's op words, running it on the model as it goes. */
function compile(initial: bigint[], ops: Op[]): { words: bigint[]; ws: bigint[] } {
  const ws: bigint[] = [];
  const lastNonzero: bigint[] = [];
  const words: bigint[] = [];
  const push = (w: bigint) => {
    ws.push(w);
    lastNonzero.push(w === 0n ? 1n : w);
    words.push(w);
  };
  const set = (id: number, w: bigint) => {
    ws[id] = w;
    if (w !== 0n) lastNonzero[id] = w;
    words.push(SET | (BigInt(id) << 64n) | w);
  };
  initial.forEach(push);
  for (const op of ops) {
    if (op.kind === "push" || ws.length === 0) push(op.kind === "push" || op.kind === "set" ? op.w : 1n);
    else if (op.kind === "set") set(op.id % ws.length, op.w);
    else if (op.kind === "zero") set(op.id % ws.length, 0n);
    else set(op.id % ws.length, lastNonzero[op.id % ws.length]);
  }
  return { words, ws };
}

describe("SumTree", () => {
  it("agrees with the prefix-sum model after random pushes and sets, at every range boundary and random x", async () => {
    const finalSizes = new Set<number>();
    const examples = GROWTH_SIZES.map((n) => [
      { initial: Array.from({ length: n }, (_, i) => BigInt(i % 5)), ops: [] as Op[], xs: [] as bigint[] },
    ] as [{ initial: bigint[]; ops: Op[]; xs: bigint[] }]);
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ initial, ops, xs }) => {
        const { words, ws } = compile(initial, ops);
        const tree = await deploy();
        if (words.length > 0) await (await tree.applyOps(words)).wait();
        await checkAgainstModel(tree, ws, xs);
        finalSizes.add(ws.length);
      }),
      { numRuns: 120, examples },
    );
    for (const n of GROWTH_SIZES) expect(finalSizes.has(n), `size ${n} checked`).to.equal(true);
  });

  it("grows exactly when a push exceeds 4**depth ids, returning id = size, the new root holding the old total", async () => {
    const tree = await deploy();
    const ws: bigint[] = [];
    for (let n = 0; n < 70; n++) {
      const w = BigInt((n * 7919) % 13); // includes zeros
      expect(await tree.push.staticCall(w)).to.equal(BigInt(n));
      await (await tree.push(w)).wait();
      ws.push(w);
      const depth = depthOf(ws.length);
      expect(await tree.depth()).to.equal(BigInt(depth), `depth at size ${ws.length}`);
      const total = ws.reduce((a, b) => a + b, 0n);
      const [root] = await tree.nodeWords([BigInt(depth - 1) << 32n]);
      // The root's lanes sum to the total.
      expect([0, 1, 2, 3].reduce((s, c) => s + ((root >> BigInt(64 * c)) & U64), 0n)).to.equal(total);
    }
    await checkAgainstModel(tree, ws);
  });

  it("sets a weight to 0 and back, the neighbours' ranges closing up and reopening", async () => {
    const tree = await deploy();
    const ws = Array.from({ length: 21 }, (_, i) => BigInt(10 + i));
    await (await tree.pushMany(ws)).wait();
    for (const id of [0, 3, 4, 15, 16, 20]) {
      await (await tree.set(id, 0)).wait();
      await checkAgainstModel(tree, ws.map((w, i) => (i === id ? 0n : w)));
      await (await tree.set(id, ws[id])).wait();
      await checkAgainstModel(tree, ws);
    }
  });

  describe("errors", () => {
    it("reverts find at or past the total with SumTreeOutOfRange, also on an empty tree", async () => {
      const tree = await deploy();
      await expect(tree.find(0)).to.be.revertedWithCustomError(tree, "SumTreeOutOfRange").withArgs(0, 0);
      await (await tree.pushMany([5, 0, 7])).wait();
      expect(await tree.find(11)).to.deep.equal([2n, 6n]);
      await expect(tree.find(12)).to.be.revertedWithCustomError(tree, "SumTreeOutOfRange").withArgs(12, 12);
      await expect(tree.find(ethers.MaxUint256)).to.be.revertedWithCustomError(tree, "SumTreeOutOfRange").withArgs(ethers.MaxUint256, 12);
      await (await tree.set(2, 0)).wait();
      await expect(tree.find(5)).to.be.revertedWithCustomError(tree, "SumTreeOutOfRange").withArgs(5, 5);
    });

    it("reverts set and weightOf on an id >= size with SumTreeNoSuchId", async () => {
      const tree = await deploy();
      await expect(tree.set(0, 1)).to.be.revertedWithCustomError(tree, "SumTreeNoSuchId").withArgs(0, 0);
      await (await tree.pushMany([1, 2, 3, 4, 5])).wait();
      expect(await tree.weightOf(4)).to.equal(5n);
      await expect(tree.set(5, 1)).to.be.revertedWithCustomError(tree, "SumTreeNoSuchId").withArgs(5, 5);
      await expect(tree.weightOf(5)).to.be.revertedWithCustomError(tree, "SumTreeNoSuchId").withArgs(5, 5);
      await expect(tree.set(2 ** 32 - 1, 1)).to.be.revertedWithCustomError(tree, "SumTreeNoSuchId").withArgs(2 ** 32 - 1, 5);
    });

    it("reverts a push or set that would take the total past 2^64-1 with SumTreeOverflow, changing nothing", async () => {
      const tree = await deploy();
      await (await tree.pushMany([U64 - 5n, 3n])).wait();
      await expect(tree.push(3)).to.be.revertedWithCustomError(tree, "SumTreeOverflow");
      await expect(tree.set(1, 6)).to.be.revertedWithCustomError(tree, "SumTreeOverflow");
      await checkAgainstModel(tree, [U64 - 5n, 3n]);
      await (await tree.push(2)).wait(); // exactly 2^64-1 is allowed
      await (await tree.set(1, 0)).wait();
      await (await tree.set(2, 5)).wait();
      await checkAgainstModel(tree, [U64 - 5n, 0n, 5n]);
      expect(await tree.find(U64 - 1n)).to.deep.equal([2n, 4n]);
    });

    it("reverts a push past 2^32-1 ids with SumTreeFull", async () => {
      const tree = await deploy();
      await (await tree.forceSize(2 ** 32 - 2)).wait();
      await expect(tree.push(1)).to.not.be.reverted; // the last id: size becomes 2^32-1
      await expect(tree.push(1)).to.be.revertedWithCustomError(tree, "SumTreeFull");
    });
  });

  it("prints the gas of 32 finds, one push and one set, for 1, 100 and 10,000 pieces", async function () {
    this.timeout(600_000);
    const rows: string[] = [];
    let lcg = 12345n;
    const rand = () => (lcg = (lcg * 6364136223846793005n + 1442695040888963407n) & U64) >> 44n; // 20 bits
    for (const n of [1, 100, 10_000]) {
      const tree = await deploy();
      const ws = Array.from({ length: n }, () => 1n + rand()); // 1 .. 2^20 leaves (32 MiB pieces)
      for (let i = 0; i < n; i += 1000) await (await tree.pushMany(ws.slice(i, i + 1000))).wait();
      const prefix = prefixSums(ws);
      const total = prefix[n];
      const xs = Array.from({ length: 32 }, (_, k) => ((2n * BigInt(k) + 1n) * total) / 64n);
      const [ids, offsets] = await tree.findMany(xs);
      expect(ids.map((id, k) => [Number(id), offsets[k]])).to.deep.equal(xs.map((x) => modelFind(prefix, x)));

      const findGas = await tree.gasOfFindMany.staticCall(xs);
      const depth = depthOf(n);
      expect(findGas).to.be.greaterThan(2100n * BigInt(depth)); // cold reads were counted
      if (n === 10_000) expect(findGas).to.be.lessThan(400_000n);

      const mid = n >> 1;
      const setGas = (await (await tree.set(mid, ws[mid] + 1n)).wait())!.gasUsed;
      const pushGas = (await (await tree.push(1000)).wait())!.gasUsed;
      expect(await tree.weightOf(mid)).to.equal(ws[mid] + 1n);
      rows.push(
        `${String(n).padStart(7)} ${String(depth).padStart(6)} ${findGas.toString().padStart(12)} ${(findGas / 32n).toString().padStart(9)}` +
          ` ${pushGas.toString().padStart(11)} ${setGas.toString().padStart(10)}`,
      );
    }
    console.log(`\n     pieces  depth  find x32 gas  per find  push tx gas  set tx gas`);
    for (const r of rows) console.log(`    ${r}`);
  });
});
