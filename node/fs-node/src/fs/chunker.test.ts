import { expect } from "chai";
import { Readable } from "node:stream";
import { chunk } from "./chunker.js";
import { AbortedError } from "@dsp/core";
import { pieces, random } from "./testing.js";

async function sizes(source: Parameters<typeof chunk>[0], blockSize: number, signal?: AbortSignal) {
  const out: number[] = [];
  for await (const b of chunk(source, blockSize, signal)) out.push(b.length);
  return out;
}

describe("chunker", () => {
  it("cuts any split of the input into full blocks and a shorter last one", async () => {
    expect(await sizes(pieces(random(2600), 700), 1024)).to.deep.equal([1024, 1024, 552]);
    expect(await sizes([random(2048)], 1024)).to.deep.equal([1024, 1024]);
  });

  it("gives an empty input one empty block", async () => {
    expect(await sizes([], 1024)).to.deep.equal([0]);
  });

  it("reads text streams as UTF-8 bytes", async () => {
    expect(await sizes(Readable.from(["é".repeat(300)]), 256)).to.deep.equal([256, 256, 88]);
  });

  it("stops with AbortedError when aborted", async () => {
    const err = await sizes(pieces(random(5000)), 1024, AbortSignal.abort()).catch((e) => e);
    expect(err).to.be.instanceOf(AbortedError);
  });
});
