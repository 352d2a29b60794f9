import { expect } from "chai";
import fc from "fast-check";
import { AbortedError, InvalidParams } from "../../errors/index.js";
import {
  decryptStream,
  encryptStream,
  headerLength,
  Mode,
  WrongDecryptionPassword,
  WrongRecipientKey,
  DecryptFailed,
  type DecryptWith,
  type EncryptTo,
  type EncryptionProgressEvent,
} from "./index.js";
import { FAST, PASSWORD, S, chunked, collect, failure, random, recipientKeys } from "./testing.js";

const alice = recipientKeys();
const modes: { name: string; to: EncryptTo; key: DecryptWith; mode: Mode }[] = [
  { name: "password", to: PASSWORD, key: { password: PASSWORD.password }, mode: Mode.Password },
  { name: "recipient (compressed key)", to: { recipient: alice.publicKey }, key: { privateKey: alice.privateKey }, mode: Mode.Recipient },
  { name: "recipient (uncompressed key)", to: { recipient: alice.uncompressed }, key: { privateKey: alice.privateKey }, mode: Mode.Recipient },
];

const roundTrip = async (data: Uint8Array, to: EncryptTo, key: DecryptWith, sizes?: number[]) =>
  collect(decryptStream(chunked(await collect(encryptStream(chunked(data, sizes), to, FAST)), sizes), key));

describe("encryptStream / decryptStream", () => {
  for (const m of modes) {
    describe(`${m.name} mode`, () => {
      for (const n of [0, 1, S - 1, S, S + 1, 5 * S, 5 * S + 7]) {
        it(`round-trips ${n} bytes, with one segment per ${S} bytes and at least one`, async () => {
          const data = random(n);
          const sealed = await collect(encryptStream(chunked(data), m.to, FAST));
          const segments = Math.max(1, Math.ceil(n / S));
          expect(sealed.length).to.equal(headerLength(m.mode) + n + 16 * segments);
          expect(await collect(decryptStream(chunked(sealed), m.key))).to.deep.equal(data);
        });
      }

      it("round-trips whatever the input and ciphertext chunk boundaries are", async () => {
        await fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 4 * S + 3 }), fc.array(fc.integer({ min: 1, max: 3 * S }), { minLength: 1, maxLength: 8 }), async (data, sizes) => {
            expect(await roundTrip(data, m.to, m.key, sizes)).to.deep.equal(data);
          }),
          { numRuns: 25 },
        );
      });
    });
  }

  it("uses the defaults (1 MiB segments, scrypt N=2^15, r=8, p=1) when none are given", async () => {
    const data = random(3 * 2 ** 20 + 5);
    const sealed = await collect(encryptStream(chunked(data), { password: "pw" }));
    expect([...sealed.subarray(6, 9)]).to.deep.equal([1, Mode.Password, 20]);
    expect([...sealed.subarray(16, 19)]).to.deep.equal([15, 8, 1]);
    expect(sealed.length).to.equal(headerLength(Mode.Password) + data.length + 4 * 16);
    expect(await collect(decryptStream([sealed], { password: "pw" }))).to.deep.equal(data);
  });

  it("gives different ciphertext for the same plaintext and password each time", async () => {
    const data = random(100);
    const a = await collect(encryptStream([data], PASSWORD, FAST));
    const b = await collect(encryptStream([data], PASSWORD, FAST));
    expect(Buffer.from(a).equals(Buffer.from(b))).to.equal(false);
  });

  it("opens with the same password typed in another Unicode normal form", async () => {
    const nfc = "caf\u00e9", nfd = "cafe\u0301";
    const sealed = await collect(encryptStream([random(10)], { password: nfc, scrypt: { log2N: 10 } }, FAST));
    expect((await collect(decryptStream([sealed], { password: nfd }))).length).to.equal(10);
  });

  it("yields at most one sealed segment per chunk and reads its source lazily (memory bounded by the segment)", async () => {
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(100);
      }
    }
    const gen = encryptStream(endless(), PASSWORD, FAST);
    const sizes: number[] = [];
    for await (const c of gen) {
      sizes.push(c.length);
      if (sizes.length === 4) break;
    }
    expect(sizes.slice(1)).to.deep.equal([S + 16, S + 16, S + 16]);
    expect(pulled).to.be.lessThan(50); // 4 segments' worth is ~41 chunks of 100 bytes
  });

  it("reports one progress event per segment with the plaintext bytes so far", async () => {
    const events: EncryptionProgressEvent[] = [];
    const sealed = await collect(encryptStream([random(2 * S + 1)], PASSWORD, { ...FAST, onProgress: (e) => events.push(e) }));
    await collect(decryptStream([sealed], { password: PASSWORD.password }, { onProgress: (e) => events.push(e) }));
    expect(events.map((e) => `${e.type} ${e.segment} ${e.plaintextBytes}`)).to.deep.equal([
      `dsp:encrypt:segment 0 ${S}`,
      `dsp:encrypt:segment 1 ${2 * S}`,
      `dsp:encrypt:segment 2 ${2 * S + 1}`,
      `dsp:decrypt:segment 0 ${S}`,
      `dsp:decrypt:segment 1 ${2 * S}`,
      `dsp:decrypt:segment 2 ${2 * S + 1}`,
    ]);
  });

  describe("wrong keys", () => {
    it("rejects a wrong password with 50046 DECRYPT_WRONG_PASSWORD before yielding any plaintext", async () => {
      const sealed = await collect(encryptStream([random(3 * S)], PASSWORD, FAST));
      const { err, yielded } = await failure(decryptStream([sealed], { password: "Tr0ub4dor&3" }));
      expect(err).to.be.instanceOf(WrongDecryptionPassword);
      expect(err.code).to.equal(50046);
      expect(err.codeName).to.equal("DECRYPT_WRONG_PASSWORD");
      expect(yielded).to.equal(0);
    });

    it("rejects another private key with 50040 (WrongRecipientKey) before yielding any plaintext", async () => {
      const sealed = await collect(encryptStream([random(3 * S)], { recipient: alice.publicKey }, FAST));
      const { err, yielded } = await failure(decryptStream([sealed], { privateKey: recipientKeys().privateKey }));
      expect(err).to.be.instanceOf(WrongRecipientKey);
      expect(err.code).to.equal(50040);
      expect(yielded).to.equal(0);
    });

    it("says which kind of key a file needs when given the other kind", async () => {
      const byPassword = await collect(encryptStream([random(5)], PASSWORD, FAST));
      const toAlice = await collect(encryptStream([random(5)], { recipient: alice.publicKey }, FAST));
      const a = await failure(decryptStream([byPassword], { privateKey: alice.privateKey }));
      const b = await failure(decryptStream([toAlice], { password: "x" }));
      expect(a.err).to.be.instanceOf(InvalidParams);
      expect(a.err.message).to.contain("encrypted with a password");
      expect(b.err).to.be.instanceOf(InvalidParams);
      expect(b.err.message).to.contain("encrypted to a public key");
    });

    it("refuses a private key that is not a secp256k1 scalar", async () => {
      const toAlice = await collect(encryptStream([random(5)], { recipient: alice.publicKey }, FAST));
      const { err } = await failure(decryptStream([toAlice], { privateKey: new Uint8Array(32) }));
      expect(err).to.be.instanceOf(InvalidParams);
    });
  });

  describe("bad encryption arguments", () => {
    const cases: [string, EncryptTo, object][] = [
      ["an empty password", { password: "" }, FAST],
      ["a recipient key that is not a curve point", { recipient: new Uint8Array(33).fill(7) }, FAST],
      ["a recipient key of the wrong length", { recipient: alice.publicKey.subarray(1) }, FAST],
      ["a segment size that is not a power of two", PASSWORD, { segmentSize: 1000 }],
      ["a segment size below 1 KiB", PASSWORD, { segmentSize: 512 }],
      ["a segment size above 16 MiB", PASSWORD, { segmentSize: 2 ** 25 }],
      ["scrypt parameters below the floor", { password: "pw", scrypt: { log2N: 4 } }, FAST],
      ["scrypt parameters above the memory limit", { password: "pw", scrypt: { log2N: 20, r: 16 } }, FAST],
    ];
    for (const [what, to, opts] of cases) {
      it(`refuses ${what} with 40000 before reading any input`, async () => {
        let pulled = false;
        const source = (function* () {
          pulled = true;
          yield random(10);
        })();
        const { err, yielded } = await failure(encryptStream(source, to, opts));
        expect(err).to.be.instanceOf(InvalidParams);
        expect(yielded).to.equal(0);
        expect(pulled).to.equal(false);
      });
    }
  });

  describe("abort", () => {
    it("stops encryption with an abort error when the signal fires mid-stream", async () => {
      const ac = new AbortController();
      const reason = new Error("user cancelled");
      const { err } = await failure(encryptStream(chunked(random(10 * S), [100]), PASSWORD, { ...FAST, signal: ac.signal, onProgress: (e) => e.segment === 2 && ac.abort(reason) }));
      expect(err).to.be.instanceOf(AbortedError);
      expect(err.cause).to.equal(reason);
    });

    it("does not start when the signal already fired", async () => {
      const { err, yielded } = await failure(encryptStream([random(10)], PASSWORD, { signal: AbortSignal.abort() }));
      expect(err).to.be.instanceOf(AbortedError);
      expect(yielded).to.equal(0);
    });

    it("stops decryption with an abort error", async () => {
      const ac = new AbortController();
      const sealed = await collect(encryptStream([random(10 * S)], PASSWORD, FAST));
      const { err, yielded } = await failure(decryptStream([sealed], { password: PASSWORD.password }, { signal: ac.signal, onProgress: (e) => e.segment === 1 && ac.abort() }));
      expect(err).to.be.instanceOf(AbortedError);
      expect(yielded).to.equal(2 * S);
    });
  });

  it("every decryption failure other than a wrong password is a DecryptFailed with 50040", () => {
    expect(new WrongRecipientKey()).to.be.instanceOf(DecryptFailed);
    expect(new WrongDecryptionPassword()).to.not.be.instanceOf(DecryptFailed);
  });
});
