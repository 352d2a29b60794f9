import { expect } from "chai";
import {
  CorruptHeader,
  DecryptFailed,
  NotAnEncryptedFile,
  TamperedSegment,
  TrailingData,
  TruncatedCiphertext,
  UnsupportedEncryptionFormat,
  WrongDecryptionPassword,
  decryptStream,
  encryptStream,
  headerLength,
  Mode,
  type DecryptWith,
} from "./index.js";
import { FAST, PASSWORD, S, collect, failure, random, recipientKeys } from "./testing.js";
import { concat } from "./format.js";

const KEY: DecryptWith = { password: PASSWORD.password };
const H = headerLength(Mode.Password);
const SEALED = S + 16;

/** A password-mode file of `segments` full segments plus a `tail`-byte final one (none if 0). */
async function sealed(segments: number, tail = 0) {
  const bytes = await collect(encryptStream([random(segments * S + tail)], PASSWORD, FAST));
  const header = bytes.subarray(0, H);
  const body = bytes.subarray(H);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < body.length; at += SEALED) parts.push(body.subarray(at, at + SEALED));
  return { bytes, header, parts };
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] ^= 0x01;
  return copy;
}

async function rejects(bytes: Uint8Array, type: new (...args: never[]) => Error, key: DecryptWith = KEY) {
  // Fed in small pieces, so a rejection cannot depend on how the bytes arrive.
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 333) pieces.push(bytes.subarray(at, at + 333));
  const { err, yielded } = await failure(decryptStream(pieces, key));
  expect(err).to.be.instanceOf(type);
  return { err, yielded };
}

describe("decryptStream rejects damaged ciphertext", () => {
  describe("body (segments)", () => {
    for (const [where, segment, offset] of [
      ["the first segment's ciphertext", 0, 5],
      ["a middle segment's ciphertext", 2, S - 1],
      ["the final segment's ciphertext", 4, 0],
      ["a segment's tag", 1, S + 3],
    ] as const) {
      it(`rejects a flipped bit in ${where} with 50040, after yielding only the segments before it`, async () => {
        const f = await sealed(4, 10);
        const { err, yielded } = await rejects(flipped(f.bytes, H + segment * SEALED + offset), TamperedSegment);
        expect(err.code).to.equal(50040);
        expect((err as TamperedSegment).segment).to.equal(segment);
        expect(yielded).to.equal(segment * S);
      });
    }

    it("rejects a dropped middle segment", async () => {
      const f = await sealed(4, 10);
      await rejects(concat([f.header, f.parts[0], f.parts[2], f.parts[3], f.parts[4]]), TamperedSegment);
    });

    it("rejects two swapped segments", async () => {
      const f = await sealed(4, 10);
      const { err } = await rejects(concat([f.header, f.parts[0], f.parts[2], f.parts[1], f.parts[3], f.parts[4]]), TamperedSegment);
      expect((err as TamperedSegment).segment).to.equal(1);
    });

    it("rejects a file cut at a segment boundary (the final segment dropped) as truncated", async () => {
      const f = await sealed(4, 10);
      const { err } = await rejects(concat([f.header, ...f.parts.slice(0, 4)]), TruncatedCiphertext);
      expect(err.code).to.equal(50040);
    });

    it("rejects a file whose final segment is full and dropped (length a multiple of the segment)", async () => {
      const f = await sealed(4);
      expect(f.parts.length).to.equal(4);
      await rejects(concat([f.header, ...f.parts.slice(0, 3)]), TruncatedCiphertext);
    });

    it("rejects a file cut to its header alone", async () => {
      const f = await sealed(0, 5);
      await rejects(f.header, TruncatedCiphertext);
    });

    it("rejects a file cut inside a segment", async () => {
      const f = await sealed(3, 10);
      const { err } = await rejects(f.bytes.subarray(0, H + SEALED + 100), DecryptFailed);
      expect(err.code).to.equal(50040);
    });

    it("rejects a file cut inside the last tag", async () => {
      const f = await sealed(0, 0);
      await rejects(f.bytes.subarray(0, f.bytes.length - 3), TruncatedCiphertext);
    });

    it("rejects bytes appended after the final segment", async () => {
      const f = await sealed(2);
      await rejects(concat([f.bytes, random(40)]), TrailingData);
    });

    it("rejects a segment moved in from another file with the same password", async () => {
      const a = await sealed(3), b = await sealed(3);
      await rejects(concat([a.header, a.parts[0], b.parts[1], a.parts[2]]), TamperedSegment);
    });
  });

  describe("header", () => {
    it("rejects input that does not start with the magic bytes", async () => {
      const f = await sealed(1);
      const { err } = await rejects(flipped(f.bytes, 0), NotAnEncryptedFile);
      expect(err.message).to.contain("not a DSP encrypted file");
    });

    it("rejects empty input as not an encrypted file", async () => {
      await rejects(new Uint8Array(0), NotAnEncryptedFile);
    });

    it("rejects an unknown format version, naming it", async () => {
      const f = await sealed(1);
      const bytes = f.bytes.slice();
      bytes[6] = 2;
      const { err } = await rejects(bytes, UnsupportedEncryptionFormat);
      expect(err.message).to.contain("version 2 is not supported");
    });

    it("rejects an unknown mode", async () => {
      const f = await sealed(1);
      const bytes = f.bytes.slice();
      bytes[7] = 9;
      await rejects(bytes, UnsupportedEncryptionFormat);
    });

    it("rejects a header cut short", async () => {
      const f = await sealed(1);
      await rejects(f.bytes.subarray(0, H - 1), CorruptHeader);
      await rejects(f.bytes.subarray(0, 8), CorruptHeader);
    });

    it("refuses hostile scrypt parameters without running scrypt", async () => {
      const f = await sealed(1);
      const bytes = f.bytes.slice();
      bytes[16] = 30; // N = 2^30: 128 GiB of memory
      const { err } = await rejects(bytes, CorruptHeader);
      expect(err.message).to.contain("scrypt");
    });

    it("refuses a segment size above 16 MiB (bounds decryption memory)", async () => {
      const f = await sealed(1);
      const bytes = f.bytes.slice();
      bytes[8] = 30;
      await rejects(bytes, CorruptHeader);
    });

    it("detects a changed segment size or nonce prefix through the header MAC (50040, not a password error)", async () => {
      const f = await sealed(2);
      const bigger = f.bytes.slice();
      bigger[8] = 11;
      await rejects(bigger, CorruptHeader);
      await rejects(flipped(f.bytes, 9), CorruptHeader); // nonce prefix
      await rejects(flipped(f.bytes, H - 1), CorruptHeader); // the MAC itself
    });

    it("reports a changed salt or wrapped key as a wrong password: the key check cannot tell them apart", async () => {
      const f = await sealed(1);
      await rejects(flipped(f.bytes, 20), WrongDecryptionPassword); // salt
      await rejects(flipped(f.bytes, H - 40), WrongDecryptionPassword); // wrapped key
    });

    it("rejects a recipient header whose ephemeral key is not a curve point", async () => {
      const bob = recipientKeys();
      const bytes = await collect(encryptStream([random(10)], { recipient: bob.publicKey }, FAST));
      const bad = bytes.slice();
      bad[16] = 0x07; // SEC1 prefix byte of the ephemeral key
      await rejects(bad, CorruptHeader, { privateKey: bob.privateKey });
    });
  });
});
