import { expect } from "chai";
import { TreeBuilder, decodeLinkBlock, encodeLinkBlock, fanoutOf, sha256, checkBlockSize } from "./dag.js";
import { InvalidFileTree } from "./errors.js";
import { InvalidParams } from "@dsp/core";

/** Builds the tree over `leaves` leaf sizes and returns the root and every link block. */
async function build(blockSize: number, leafCount: number) {
  const links = new Map<string, Uint8Array>();
  const t = new TreeBuilder(blockSize, async (h, b) => void links.set(Buffer.from(h).toString("hex"), b));
  for (let i = 0; i < leafCount; i++) await t.add(sha256(Uint8Array.of(i & 255, i >> 8)), blockSize);
  const root = await t.finish();
  return { root, links, node: decodeLinkBlock(root, links.get(Buffer.from(root).toString("hex"))!) };
}

describe("file tree block format", () => {
  it("fits as many 32-byte links as a block holds after the 16-byte header", () => {
    expect(fanoutOf(256 * 1024)).to.equal(8191);
    expect(fanoutOf(1024)).to.equal(31);
  });

  it("grows one level each time the leaves outgrow fanout^height", async () => {
    const B = 256; // fan-out 7
    expect((await build(B, 1)).node.height).to.equal(1);
    expect((await build(B, 7)).node.height).to.equal(1);
    expect((await build(B, 8)).node.height).to.equal(2);
    expect((await build(B, 49)).node.height).to.equal(2);
    const deep = await build(B, 50);
    expect(deep.node.height).to.equal(3);
    // 50 leaves: 8 link blocks of height 1, 2 of height 2, the root
    expect(deep.links.size).to.equal(8 + 2 + 1);
    expect(deep.node.size).to.equal(50 * B);
    expect(deep.node.links).to.have.length(2);
  });

  it("round-trips a link block through its encoding", () => {
    const node = { height: 2, blockSize: 1024, size: 31 * 1024 + 5, links: [sha256(Uint8Array.of(1)), sha256(Uint8Array.of(2))] };
    const bytes = encodeLinkBlock(node);
    const back = decodeLinkBlock(sha256(bytes), bytes);
    expect(back.height).to.equal(2);
    expect(back.size).to.equal(node.size);
    expect(back.links.map((l) => Buffer.from(l).toString("hex"))).to.deep.equal(node.links.map((l) => Buffer.from(l).toString("hex")));
  });

  it("rejects a block that is not a link block, or whose link count does not match its size", () => {
    const data = new Uint8Array(48).fill(7);
    expect(() => decodeLinkBlock(sha256(data), data)).to.throw(InvalidFileTree, /bad magic/);
    const lying = encodeLinkBlock({ height: 1, blockSize: 1024, size: 3 * 1024, links: [sha256(data)] });
    expect(() => decodeLinkBlock(sha256(lying), lying)).to.throw(InvalidFileTree, /1 links for 3072 bytes/);
    const ok = encodeLinkBlock({ height: 1, blockSize: 1024, size: 100, links: [sha256(data)] });
    expect(() => decodeLinkBlock(sha256(ok), ok, { size: 99 })).to.throw(InvalidFileTree, /size differs/);
  });

  it("accepts only power-of-two block sizes from 256 B to 16 MiB", () => {
    expect(() => checkBlockSize(1000)).to.throw(InvalidParams);
    expect(() => checkBlockSize(128)).to.throw(InvalidParams);
    expect(() => checkBlockSize(256 * 1024)).not.to.throw();
  });
});
