import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { Uint8ArrayList } from "uint8arraylist";
import { compress, compressInfoOf, decompress, CompressAlgorithm } from "./compress.js";
import { COMPRESS_ENABLE, encodeFrames, FrameDecoder, HEADER_SIZE, MAX_FRAGMENT, MAX_PACKAGE_SIZE, MORE_FRAGMENTS } from "./frame.js";

import { rejection as rejected } from "./testing.js";

/** Feeds `bytes` to a decoder in pieces of random sizes. */
function feed(decoder: FrameDecoder, bytes: Uint8Array, maxPiece = 7000) {
  const out = [];
  for (let o = 0; o < bytes.length; ) {
    const n = 1 + Math.floor(Math.random() * maxPiece);
    out.push(...decoder.push(bytes.subarray(o, o + n)));
    o += n;
  }
  return out;
}

function header(networkId: number, info: number, length: number): Uint8Array {
  const h = new Uint8Array(HEADER_SIZE);
  const v = new DataView(h.buffer);
  v.setUint32(0, networkId, true);
  v.setUint16(4, info, true);
  v.setUint32(6, length, true);
  return h;
}

describe("p2p frames", () => {
  it("writes the spec's header, little-endian: network id, CompressINFO, length", () => {
    const frames = encodeFrames(0x01020304, 0, Uint8Array.of(9, 9, 9)).subarray();
    expect([...frames]).to.deep.equal([4, 3, 2, 1, 0, 0, 3, 0, 0, 0, 9, 9, 9]);
  });

  for (const size of [0, 1, MAX_FRAGMENT - 1, MAX_FRAGMENT, MAX_FRAGMENT + 1, 3 * MAX_FRAGMENT + 17, 1 << 20]) {
    it(`round-trips a ${size}-byte message in frames of at most MAX_PACKAGE_SIZE, fed in random pieces`, () => {
      const payload = randomBytes(size);
      const wire = encodeFrames(7, 0, payload);
      const frames = Math.max(1, Math.ceil(size / MAX_FRAGMENT));
      expect(wire.byteLength).to.equal(size + frames * HEADER_SIZE);
      // Every frame but the last says more follow; none exceeds the package size.
      const bytes = wire.subarray();
      for (let o = 0, i = 0; o < bytes.length; i++) {
        const v = new DataView(bytes.buffer, bytes.byteOffset + o);
        const len = v.getUint32(6, true);
        expect(len + HEADER_SIZE).to.be.at.most(MAX_PACKAGE_SIZE);
        expect(Boolean(v.getUint16(4, true) & MORE_FRAGMENTS)).to.equal(i < frames - 1);
        o += HEADER_SIZE + len;
      }
      const decoder = new FrameDecoder(7);
      const out = feed(decoder, bytes);
      expect(out).to.have.length(1);
      expect(Buffer.from(out[0].payload).equals(payload)).to.equal(true);
      expect(out[0].compressInfo).to.equal(0);
      expect(decoder.pending).to.equal(0);
      decoder.end();
    });
  }

  it("keeps consecutive messages apart", () => {
    const list = new Uint8ArrayList();
    const payloads = [randomBytes(10), randomBytes(0), randomBytes(MAX_FRAGMENT * 2), randomBytes(5)];
    for (const p of payloads) list.append(encodeFrames(1, 0, p));
    const out = feed(new FrameDecoder(1), list.subarray());
    expect(out.map((m) => Buffer.from(m.payload).toString("hex"))).to.deep.equal(payloads.map((p) => p.toString("hex")));
  });

  it("refuses another network's frame (fatal) and stays failed", () => {
    const decoder = new FrameDecoder(7);
    const err = rejected(() => decoder.push(encodeFrames(8, 0, Uint8Array.of(1)).subarray()));
    expect(err.reason).to.equal("wrong-network");
    expect(err.fatal).to.equal(true);
    expect(err.code).to.equal(40000);
    expect(rejected(() => decoder.push(encodeFrames(7, 0, Uint8Array.of(1)).subarray())).reason).to.equal("wrong-network");
  });

  it("refuses a frame longer than MAX_PACKAGE_SIZE from its header alone", () => {
    const err = rejected(() => new FrameDecoder(7).push(header(7, 0, MAX_FRAGMENT + 1)));
    expect([err.reason, err.fatal]).to.deep.equal(["oversized", true]);
  });

  it("refuses a reassembled message over the size limit before buffering all of it", () => {
    const decoder = new FrameDecoder(7, 100_000);
    const err = rejected(() => decoder.push(encodeFrames(7, 0, randomBytes(200_000)).subarray()));
    expect(err.reason).to.equal("oversized");
  });

  it("refuses unknown CompressINFO flags and a change of CompressINFO inside one message", () => {
    expect(rejected(() => new FrameDecoder(7).push(header(7, 0x0400, 0))).reason).to.equal("bad-compression");
    const mixed = new Uint8ArrayList(header(7, MORE_FRAGMENTS, 1), Uint8Array.of(1), header(7, COMPRESS_ENABLE | 1, 1), Uint8Array.of(2));
    expect(rejected(() => new FrameDecoder(7).push(mixed)).reason).to.equal("bad-compression");
  });

  it("calls a stream that ends inside a frame or a fragmented message truncated", () => {
    const inFrame = new FrameDecoder(7);
    inFrame.push(encodeFrames(7, 0, randomBytes(100)).subarray().subarray(0, 50));
    expect(rejected(() => inFrame.end()).reason).to.equal("truncated");
    const inMessage = new FrameDecoder(7);
    expect(inMessage.push(encodeFrames(7, 0, randomBytes(MAX_FRAGMENT + 5)).subarray().subarray(0, MAX_PACKAGE_SIZE))).to.deep.equal([]);
    expect(rejected(() => inMessage.end()).reason).to.equal("truncated");
  });
});

describe("p2p compression", () => {
  const text = new TextEncoder().encode("block hash list ".repeat(4000));

  for (const algorithm of ["gzip", "deflate", "brotli"] as const) {
    it(`${algorithm}: round-trips, and the algorithm travels in CompressINFO's low byte`, () => {
      const packed = compress(algorithm, text);
      expect(packed.length).to.be.below(text.length / 10);
      const info = compressInfoOf(algorithm);
      expect(info).to.equal(COMPRESS_ENABLE | CompressAlgorithm[algorithm]);
      expect(Buffer.from(decompress(info, packed, 1 << 20)).equals(Buffer.from(text))).to.equal(true);
    });
  }

  it("caps inflation: a small bomb is refused instead of expanding", () => {
    const bomb = compress("gzip", new Uint8Array(10 << 20));
    expect(bomb.length).to.be.below(64_000); // one frame expanding 160-fold
    expect(rejected(() => decompress(compressInfoOf("gzip"), bomb, 1 << 20)).reason).to.equal("bad-compression");
  });

  it("refuses garbage, unknown algorithms and an algorithm without CompressEnable", () => {
    expect(rejected(() => decompress(compressInfoOf("gzip"), randomBytes(64), 1 << 20)).reason).to.equal("bad-compression");
    expect(rejected(() => decompress(COMPRESS_ENABLE | 9, text, 1 << 20)).reason).to.equal("bad-compression");
    expect(rejected(() => decompress(1, text, 1 << 20)).reason).to.equal("bad-compression");
  });
});
