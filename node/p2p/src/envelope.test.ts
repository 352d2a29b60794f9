import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { KeyPair, SCHEME_NAMES, curveOf, sign, verify } from "@dsp/core";
import { verifyFast } from "@dsp/core";
import { dsp } from "./proto.js";
import { open, seal, sealerOf, type MessageHeader } from "./envelope.js";

const PEER = randomBytes(38);
const header: MessageHeader = { networkId: 7, opcode: 1000, requestNonce: 3, messageNonce: Date.now() * 1024, replyFlag: false, needAck: true, messageId: "m-1" };

import { rejection } from "./testing.js";

/** Decodes a sealed message, lets `edit` change it, and encodes it again. */
function tamper(bytes: Uint8Array, edit: (m: dsp.Message) => void): Uint8Array {
  const m = dsp.Message.decode(bytes);
  edit(m);
  return dsp.Message.encode(m).finish();
}

describe("p2p envelope", () => {
  const account = KeyPair.generate();
  const sealer = sealerOf(account, PEER);
  const body = dsp.File.encode({ hash: "QmFile", blockHashes: ["a", "b"] }).finish();
  const sealed = seal(sealer, header, body).subarray();

  it("opens what it sealed: header, body and the sender's DSP address", () => {
    const m = open(sealed, 7, PEER);
    expect(m).to.include({ opcode: 1000, requestNonce: 3, messageNonce: header.messageNonce, needAck: true, messageId: "m-1", senderAddress: sealer.address });
    expect(dsp.File.decode(m.body).hash).to.equal("QmFile");
  });

  it("works with an Ed25519 account (SHA512withEdDSA)", () => {
    const ed = sealerOf(KeyPair.generate("ed25519"), PEER);
    expect(ed.scheme).to.equal("SHA512withEdDSA");
    expect(open(seal(ed, header, body).subarray(), 7, PEER).senderAddress).to.equal(ed.address);
  });

  it("refuses a changed body, opcode, nonce, flag or message id (bad-signature)", () => {
    const edits: ((m: dsp.Message) => void)[] = [
      (m) => (m.message = dsp.File.encode({ hash: "QmOther" }).finish()),
      (m) => (m.opcode = 1001),
      (m) => (m.messageNonce += 1),
      (m) => (m.requestNonce = 4),
      (m) => (m.replyFlag = true),
      (m) => (m.needAck = false),
      (m) => (m.MessageID = "m-2"),
    ];
    for (const edit of edits) expect(rejection(() => open(tamper(sealed, edit), 7, PEER)).reason).to.equal("bad-signature");
  });

  it("refuses a message relayed from another connection's peer (bad-sender)", () => {
    expect(rejection(() => open(sealed, 7, randomBytes(38))).reason).to.equal("bad-sender");
  });

  it("refuses a key that does not give the claimed address, and a forged signature under a claimed key", () => {
    const other = KeyPair.generate();
    const wrongAddress = tamper(sealed, (m) => (m.sender!.netKey = other.publicKey));
    expect(rejection(() => open(wrongAddress, 7, PEER)).reason).to.equal("bad-sender");
    // Someone else signs and claims our account: address matches the key, signature does not.
    const forged = tamper(seal(sealerOf(other, PEER), header, body).subarray(), (m) => {
      m.sender!.netKey = account.publicKey;
      m.sender!.address = sealer.address;
    });
    expect(rejection(() => open(forged, 7, PEER)).reason).to.equal("bad-signature");
  });

  it("refuses garbage, a missing sender and another network", () => {
    expect(rejection(() => open(randomBytes(80), 7, PEER)).reason).to.be.oneOf(["bad-protobuf", "wrong-network", "bad-sender"]);
    expect(rejection(() => open(Uint8Array.of(0x0a, 0xff), 7, PEER)).reason).to.equal("bad-protobuf");
    expect(rejection(() => open(tamper(sealed, (m) => (m.sender = null)), 7, PEER)).reason).to.equal("bad-sender");
    expect(rejection(() => open(sealed, 8, PEER)).reason).to.equal("wrong-network");
  });
});

describe("native signature check", () => {
  for (const scheme of SCHEME_NAMES) {
    it(`${scheme}: gives the same verdicts as verify()`, () => {
      const key = KeyPair.generate(curveOf(scheme));
      const other = KeyPair.generate(curveOf(scheme));
      for (let i = 0; i < 10; i++) {
        const message = randomBytes(i * 13);
        const signature = sign(key, message, scheme);
        const bad = Uint8Array.from(signature);
        bad[1 + (i % 64)] ^= 1 << i % 8;
        const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
          [key.publicKey, message, signature],
          [other.publicKey, message, signature],
          [key.publicKey, randomBytes(5), signature],
          [key.publicKey, message, bad],
          [key.publicKey, message, signature.subarray(0, 40)],
        ];
        for (const [pub, msg, sig] of cases) expect(verifyFast(pub, msg, sig)).to.equal(verify(pub, msg, sig));
        expect(verifyFast(key.publicKey, message, signature)).to.equal(true);
      }
    });
  }

  it("refuses a high-s ECDSA signature that OpenSSL alone would take", () => {
    const key = KeyPair.generate();
    const message = randomBytes(32);
    const sig = sign(key, message, "SHA256withECDSA");
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt("0x" + Buffer.from(sig.subarray(33)).toString("hex"));
    const high = Uint8Array.from(sig);
    high.set(Buffer.from((n - s).toString(16).padStart(64, "0"), "hex"), 33);
    expect(verifyFast(key.publicKey, message, high)).to.equal(false);
  });
});
