/**
 * Fuzzing the receive path: 100k random and mutated frames over one real connection, then the
 * frame decoder alone with random headers. Nothing may crash the host, nothing forged may reach
 * a handler, every frame is accounted for (handled or refused), and the host still answers.
 */
import { expect } from "chai";
import type { Stream } from "@libp2p/interface";
import { dsp } from "./proto.js";
import type { DspHost } from "./host.js";
import { MessageRejected } from "./errors.js";
import { COMPRESS_ENABLE, encodeFrames, FrameDecoder, HEADER_SIZE } from "./frame.js";
import { Opcode } from "./opcodes.js";
import { NET, RawPeer, replies, startHost } from "./testing.js";
import { until } from "@dsp/testkit";

/** xorshift32: the same frames on every run, so a failure can be replayed. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return { next, int: (n: number) => next() % n, bytes: (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff) };
}

const FRAMES = 100_000;

describe("p2p fuzz", function () {
  this.timeout(300_000);

  it(`survives ${FRAMES.toLocaleString("en")} random and mutated frames on one stream, and dispatches only genuine messages`, async () => {
    const host: DspHost = await startHost();
    const raw = await RawPeer.start();
    try {
      const handled: string[] = [];
      host.handle(Opcode.File, (m) => void handled.push(m.message.hash));
      host.handle(Opcode.Progress, (m) => void handled.push(m.message.hash));
      const stream: Stream = await raw.open(host);
      const got = replies(stream, host);
      const r = prng(0xd5b1);
      const genuine = new Set<string>();
      /** the genuine messages a handler exists for (the others have unknown opcodes) */
      const servable = new Set<string>();
      // Originals: valid sealed envelopes of several opcodes, some of them requests.
      const originals = Array.from({ length: 64 }, (_, i) => {
        const hash = `genuine-${i}`;
        genuine.add(hash);
        const opcode = i % 3 === 0 ? Opcode.Progress : i % 3 === 1 ? Opcode.File : 4000 + i;
        if (opcode < 4000) servable.add(hash);
        const body = opcode === Opcode.Progress ? dsp.Progress.encode({ hash, id: "t" }).finish() : dsp.File.encode({ hash, blockHashes: [hash] }).finish();
        const frame = raw.frame(opcode, body, { requestNonce: i % 4 === 0 ? i + 1 : 0 });
        return frame.subarray(HEADER_SIZE); // the envelope
      });
      const wrap = (payload: Uint8Array, info = 0) => encodeFrames(NET, info, payload).subarray();
      function mutate(envelope: Uint8Array): Uint8Array {
        const m = Uint8Array.from(envelope);
        switch (r.int(6)) {
          case 0: // bit flips
            for (let k = 1 + r.int(8); k > 0; k--) m[r.int(m.length)] ^= 1 << r.int(8);
            return m;
          case 1: // truncation
            return m.subarray(0, r.int(m.length));
          case 2: // a random slice inserted
            return Uint8Array.from([...m.subarray(0, r.int(m.length)), ...r.bytes(1 + r.int(40)), ...m.subarray(r.int(m.length))]);
          case 3: // two envelopes spliced
            return Uint8Array.from([...m.subarray(0, r.int(m.length)), ...originals[r.int(originals.length)].subarray(r.int(60))]);
          case 4: // bytes overwritten with 0x00 or 0xff
            m.fill(r.int(2) ? 0xff : 0, r.int(m.length), r.int(m.length));
            return m;
          default: // the untouched envelope again: a replay
            return m;
        }
      }
      let sent = 0;
      let batch: Uint8Array[] = [];
      const flush = async () => {
        const bytes = Buffer.concat(batch);
        batch = [];
        if (!stream.send(bytes)) await stream.onDrain();
        // Sender and host share this process: let the host read before writing more.
        while (stream.writeBufferLength > 0 || host.stats.received + host.stats.rejected < sent - 2000) await new Promise((r) => setTimeout(r, 1));
      };
      for (let i = 0; i < originals.length; i++, sent++) batch.push(wrap(originals[i]));
      while (sent < FRAMES) {
        const kind = r.int(10);
        if (kind < 4) batch.push(wrap(r.bytes(r.int(300))));
        else if (kind === 4) batch.push(wrap(r.bytes(1 + r.int(200)), COMPRESS_ENABLE | (1 + r.int(4))));
        else batch.push(wrap(mutate(originals[r.int(originals.length)])));
        sent++;
        if (batch.length === 500) await flush();
      }
      await flush();
      // Messages are handled in order: once the probe's answer is back, every fuzz frame was seen.
      stream.send(raw.frame(Opcode.File, dsp.File.encode({ hash: "probe" }).finish(), { requestNonce: 999_999 }));
      await until(() => got.messages.some((m) => m.requestNonce === 999_999 && m.replyFlag), 240_000, "the probe's answer");

      const fuzzHandled = handled.filter((h) => h !== "probe");
      for (const h of fuzzHandled) expect(genuine.has(h), `forged message handled: ${h}`).to.equal(true);
      // Every genuine message with a handler exactly once (they went first, untouched), whatever
      // copies and mutations followed; nothing else was accepted, and every frame is accounted for.
      expect([...fuzzHandled].sort()).to.deep.equal([...servable].sort());
      expect(host.stats.received).to.equal(fuzzHandled.length + 1);
      expect(host.stats.received + host.stats.rejected).to.equal(sent + 1);
      expect(stream.status).to.equal("open");
      console.log(`      ${sent} frames: ${host.stats.received - 1} accepted, ${host.stats.rejected} refused`);
    } finally {
      await raw.stop();
      await host.stop();
    }
  });

  it("the frame decoder meets 100,000 random headers and bodies with MessageRejected only", () => {
    const r = prng(0xbeef);
    let rejected = 0;
    let messages = 0;
    for (let i = 0; i < 100_000; i++) {
      const decoder = new FrameDecoder(NET, 1 << 20);
      const bytes = r.bytes(HEADER_SIZE + r.int(64));
      const v = new DataView(bytes.buffer);
      if (r.int(2)) v.setUint32(0, NET, true); // half of them get past the network check
      if (r.int(2)) v.setUint16(4, r.int(4) << 8, true);
      if (r.int(2)) v.setUint32(6, r.int(80), true);
      try {
        messages += decoder.push(bytes).length;
        decoder.end();
      } catch (err) {
        expect(err).to.be.instanceOf(MessageRejected);
        rejected++;
      }
    }
    expect(rejected + messages).to.be.at.least(100_000);
    expect(messages).to.be.above(0);
  });
});
