import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { dsp } from "./proto.js";
import { encodeBlockFlights } from "./flights.js";

describe("p2p BlockFlights encoding", () => {
  it("decodes to the same message as protobufjs's own encoding, without copying block data", () => {
    const flights = {
      TimeStamp: 1_700_000_000_000,
      sessionId: "s-1",
      blocks: [
        { sessionId: "s-1", index: 0, fileHash: "QmF", hash: "b0", data: randomBytes(300_000), operation: 2, offset: 0 },
        { index: 1, hash: "b1", data: new Uint8Array(0) },
        { index: 2, hash: "b2", data: randomBytes(1), offset: 300_000 },
      ],
      payment: { channelId: "0x01", cumulativeAmount: "42", signature: randomBytes(65) },
    };
    const ours = encodeBlockFlights(flights);
    const theirs = dsp.BlockFlights.encode(flights).finish();
    expect(ours.byteLength).to.equal(theirs.length);
    const decoded = dsp.BlockFlights.decode(ours.subarray());
    const plain = (m: object) => JSON.parse(JSON.stringify(m, (_, v) => (v?.type === "Buffer" || v instanceof Uint8Array ? Buffer.from(v.data ?? v).toString("hex") : v)));
    expect(plain(decoded)).to.deep.equal(plain(dsp.BlockFlights.decode(theirs)));
    expect(decoded.blocks.map((b) => b.data?.length)).to.deep.equal([300_000, 0, 1]);
    // The block data is referenced, not copied.
    expect([...ours].some((chunk) => chunk.buffer === flights.blocks[0].data.buffer)).to.equal(true);
  });
});
