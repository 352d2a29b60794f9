import { expect } from "chai";
import { MemoryBlockstore } from "./memory-blockstore.js";
import { BlockNotFound } from "./blockstore.js";
import { sha256 } from "./dag.js";
import { AbortedError } from "@dsp/core";

describe("MemoryBlockstore", () => {
  const bytes = Uint8Array.of(1, 2, 3);
  const hash = sha256(bytes);

  it("returns what was put, and a copy: changing the caller's buffer changes nothing stored", async () => {
    const s = new MemoryBlockstore();
    const mine = Uint8Array.from(bytes);
    await s.put(hash, mine);
    mine[0] = 9;
    const got = await s.get(hash);
    expect([...got]).to.deep.equal([1, 2, 3]);
    got[1] = 9;
    expect([...(await s.get(hash))]).to.deep.equal([1, 2, 3]);
  });

  it("throws BlockNotFound (50012) for a missing block, while has() says false", async () => {
    const s = new MemoryBlockstore();
    expect(await s.has(hash)).to.equal(false);
    const err = await s.get(hash).catch((e) => e);
    expect(err).to.be.instanceOf(BlockNotFound);
    expect(err.code).to.equal(50012);
  });

  it("deletes, and deleting a missing block is not an error", async () => {
    const s = new MemoryBlockstore();
    await s.put(hash, bytes);
    await s.delete(hash);
    await s.delete(hash);
    expect(await s.has(hash)).to.equal(false);
    expect(s.size).to.equal(0);
  });

  it("lists every key once and tolerates deletes while listing", async () => {
    const s = new MemoryBlockstore();
    const hashes = [1, 2, 3].map((n) => sha256(Uint8Array.of(n)));
    for (const h of hashes) await s.put(h, Uint8Array.of(0));
    const seen: string[] = [];
    for await (const k of s.keys()) {
      seen.push(Buffer.from(k).toString("hex"));
      await s.delete(k);
    }
    expect(seen.sort()).to.deep.equal(hashes.map((h) => Buffer.from(h).toString("hex")).sort());
    expect(s.size).to.equal(0);
  });

  it("refuses a put when the signal is already aborted, storing nothing", async () => {
    const s = new MemoryBlockstore();
    const err = await s.put(hash, bytes, { signal: AbortSignal.abort() }).catch((e) => e);
    expect(err).to.be.instanceOf(AbortedError);
    expect(s.size).to.equal(0);
  });
});
