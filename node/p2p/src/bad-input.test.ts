/**
 * Bad input over a real connection: a raw libp2p peer writes malformed, forged and replayed
 * frames onto a DSP stream. Each is refused with its reason, nothing reaches a handler, the
 * host keeps serving, and the stream survives exactly when the frame boundaries did.
 */
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import type { Stream } from "@libp2p/interface";
import { dsp } from "./proto.js";
import type { DspHost } from "./host.js";
import type { MessageRejected, RejectReason } from "./errors.js";
import { encodeFrames, HEADER_SIZE, MAX_FRAGMENT } from "./frame.js";
import { Opcode } from "./opcodes.js";
import { KeyPair } from "@dsp/core";
import { seal, sealerOf } from "./envelope.js";
import { NET, RawPeer, replies, startHost } from "./testing.js";
import { until } from "@dsp/testkit";

describe("p2p bad input", function () {
  this.timeout(60_000);
  let host: DspHost;
  let raw: RawPeer;
  let handled: string[];
  let rejected: MessageRejected[];

  beforeEach(async () => {
    host = await startHost();
    raw = await RawPeer.start();
    handled = [];
    rejected = [];
    host.handle(Opcode.File, (m) => {
      handled.push(m.message.hash);
      return { opcode: Opcode.File, message: { hash: `ok:${m.message.hash}` } };
    });
    host.on("message:rejected", ({ error }) => rejected.push(error));
  });
  afterEach(async () => {
    await raw.stop();
    await host.stop();
  });

  const file = (hash: string) => dsp.File.encode({ hash }).finish();

  /** A valid request on `stream` still gets its answer. */
  async function stillServes(stream: Stream, got: ReturnType<typeof replies>, tag: string) {
    stream.send(raw.frame(Opcode.File, file(tag), { requestNonce: 77 }));
    await until(() => got.messages.some((m) => m.requestNonce === 77 && m.replyFlag), 5000, "the answer");
    expect(handled).to.include(tag);
  }

  async function refusedAndSurvives(frame: Uint8Array, reason: RejectReason) {
    const stream = await raw.open(host);
    const got = replies(stream, host);
    stream.send(frame);
    await until(() => rejected.length > 0, 5000, reason);
    expect(rejected.map((e) => [e.reason, e.code, e.fatal])).to.deep.equal([[reason, 40000, false]]);
    expect(handled).to.deep.equal([]);
    await stillServes(stream, got, "after-" + reason);
  }

  async function refusedAndAborted(bytes: Uint8Array, reason: RejectReason, end = false) {
    const stream = await raw.open(host);
    const got = replies(stream, host);
    stream.send(bytes);
    if (end) await stream.close();
    await until(() => rejected.length > 0, 5000, reason);
    expect(rejected.map((e) => [e.reason, e.fatal])).to.deep.equal([[reason, true]]);
    await got.ended; // the host aborted the stream
    expect(handled).to.deep.equal([]);
    // The connection and the host are fine: a new stream works.
    const again = await raw.open(host);
    await stillServes(again, replies(again, host), "new-stream");
  }

  it("bad protobuf inside a good frame: dropped, stream survives", async () => {
    await refusedAndSurvives(encodeFrames(NET, 0, Uint8Array.of(0x0a, 0xff, 0xff)).subarray(), "bad-protobuf");
  });

  it("a bad inner message (opcode's protobuf): dropped, stream survives", async () => {
    await refusedAndSurvives(raw.frame(Opcode.File, Uint8Array.of(0x12, 0x80)), "bad-protobuf");
  });

  it("a bad signature: dropped, stream survives", async () => {
    const frame = raw.frame(Opcode.File, file("forged"));
    frame[frame.length - 20] ^= 0xff; // inside the body, covered by the signature
    await refusedAndSurvives(frame, "bad-signature");
  });

  it("a message signed as another account than the key it carries: dropped", async () => {
    const mallory = sealerOf(KeyPair.generate(), raw.sealer.peerId);
    const envelope = dsp.Message.decode(seal(mallory, { networkId: NET, opcode: Opcode.File, requestNonce: 0, messageNonce: Date.now() * 1024, replyFlag: false, needAck: false, messageId: "" }, file("x")).subarray());
    envelope.sender!.address = raw.sealer.address;
    await refusedAndSurvives(encodeFrames(NET, 0, dsp.Message.encode(envelope).finish()).subarray(), "bad-sender");
  });

  it("an unknown opcode: dropped; as a request it is answered with 40000", async () => {
    const stream = await raw.open(host);
    const got = replies(stream, host);
    stream.send(raw.frame(4242, randomBytes(10), { requestNonce: 5 }));
    await until(() => got.messages.some((m) => m.requestNonce === 5), 5000, "the refusal");
    const answer = got.messages.find((m) => m.requestNonce === 5)!;
    expect(answer.opcode).to.equal(Opcode.AckResponse);
    expect(dsp.AckResponse.decode(answer.body).code).to.equal(40000);
    expect(rejected.map((e) => e.reason)).to.deep.equal(["unknown-opcode"]);
    await stillServes(stream, got, "after-unknown");
  });

  it("a replayed message: handled once, the copy dropped", async () => {
    const stream = await raw.open(host);
    const got = replies(stream, host);
    const frame = raw.frame(Opcode.File, file("once"));
    stream.send(frame);
    stream.send(frame);
    await until(() => rejected.length > 0, 5000, "replay");
    expect(rejected.map((e) => e.reason)).to.deep.equal(["replay"]);
    expect(handled).to.deep.equal(["once"]);
    await stillServes(stream, got, "after-replay");
  });

  it("another network id in the frame: stream aborted", async () => {
    await refusedAndAborted(raw.frame(Opcode.File, file("x"), {}, NET + 1), "wrong-network");
  });

  it("an oversized frame header: stream aborted before the body is read", async () => {
    const frame = encodeFrames(NET, 0, randomBytes(10)).subarray();
    new DataView(frame.buffer, frame.byteOffset).setUint32(6, MAX_FRAGMENT + 1, true);
    await refusedAndAborted(frame.subarray(0, HEADER_SIZE), "oversized");
  });

  it("a stream that ends inside a frame: truncated", async () => {
    await refusedAndAborted(raw.frame(Opcode.File, file("cut")).subarray(0, 30), "truncated", true);
  });

  it("unknown CompressINFO flags: stream aborted", async () => {
    const frame = raw.frame(Opcode.File, file("x"));
    new DataView(frame.buffer, frame.byteOffset).setUint16(4, 0x8000, true);
    await refusedAndAborted(frame, "bad-compression");
  });
});
