import { expect } from "chai";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { computeAddress, encodeBase58 as ethersEncodeBase58 } from "ethers";
import {
  decodeBase58,
  decodeDspAddress,
  dsp20Of,
  dspAddressOf,
  encodeBase58,
  encodeDspAddress,
  evmAddressOf,
  InvalidWalletAddress,
  isDspAddress,
  KeyPair,
  parseHex,
  toHex,
} from "./index.js";

const accounts = JSON.parse(readFileSync(new URL("../../../../test/vectors/accounts.json", import.meta.url), "utf8")) as {
  vectors: { privateKey: string; publicKey: string; compressedPublicKey: string; evmAddress: string; dsp20: string; dspAddress: string }[];
};

/** base58check of arbitrary bytes with a correct checksum, to build addresses wrong in one way only. */
function base58check(payload: Uint8Array): string {
  const sum = createHash("sha256").update(createHash("sha256").update(payload).digest()).digest().subarray(0, 4);
  return encodeBase58(Uint8Array.from([...payload, ...sum]));
}

function expectInvalid(address: string, reason: RegExp) {
  let caught: unknown;
  try {
    decodeDspAddress(address);
  } catch (e) {
    caught = e;
  }
  expect(caught, address).to.be.instanceOf(InvalidWalletAddress);
  const e = caught as InvalidWalletAddress;
  expect(e.code).to.equal(40010);
  expect(e.codeName).to.equal("INVALID_WALLET_ADDRESS");
  expect(e.message).to.match(reason);
  expect(isDspAddress(address)).to.equal(false);
}

describe("crypto/address", () => {
  it("has the two vectors of test/vectors/accounts.json to check", () => {
    expect(accounts.vectors).to.have.length(2);
  });

  for (const v of accounts.vectors) {
    it(`reproduces the AccountRegistry vector of private key ${BigInt(v.privateKey)}`, () => {
      const pair = KeyPair.fromPrivateKey(v.privateKey);
      expect(toHex(pair.publicKey)).to.equal(v.compressedPublicKey);
      expect(toHex(pair.uncompressedPublicKey)).to.equal(v.publicKey);
      expect(toHex(dsp20Of(pair.publicKey))).to.equal(v.dsp20);
      expect(dspAddressOf(pair.publicKey)).to.equal(v.dspAddress);
      expect(toHex(decodeDspAddress(v.dspAddress))).to.equal(v.dsp20);
      expect(evmAddressOf(pair.publicKey)).to.equal(v.evmAddress);
      expect(computeAddress(v.privateKey)).to.equal(v.evmAddress);
    });
  }

  it("gives the same address for the compressed, uncompressed and 64-byte forms of a key", () => {
    const v = accounts.vectors[1];
    expect(dspAddressOf(v.publicKey)).to.equal(v.dspAddress);
    expect(dspAddressOf(parseHex(v.publicKey, "k").subarray(1))).to.equal(v.dspAddress);
  });

  it("hashes the 32-byte Ed25519 key in step 1 (checked with node:crypto's hashes)", () => {
    const pair = KeyPair.generate("ed25519");
    const code = Buffer.concat([pair.publicKey, Buffer.of(0xac)]);
    const expected = createHash("ripemd160").update(createHash("sha256").update(code).digest()).digest();
    expect(toHex(dsp20Of(pair.publicKey))).to.equal(toHex(expected));
    expect(dspAddressOf(pair.publicKey)).to.match(/^A/);
  });

  it("round-trips any 20 bytes through the address string, always 34 characters starting with A", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (dsp20) => {
        const address = encodeDspAddress(dsp20);
        expect(address).to.have.length(34);
        expect(address[0]).to.equal("A");
        expect(decodeDspAddress(address)).to.deep.equal(dsp20);
      }),
      { numRuns: 500 },
    );
  });

  it("encodes base58 as ethers does, leading zero bytes included, and decodes back", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat({ max: 4 }), (tail, zeros) => {
        const bytes = Uint8Array.from([...new Array(zeros).fill(0), ...tail]);
        const text = encodeBase58(bytes);
        if (bytes.length > 0) expect(text).to.equal(ethersEncodeBase58(bytes));
        expect(decodeBase58(text)).to.deep.equal(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses 20-byte encoding of anything but 20 bytes", () => {
    expect(() => encodeDspAddress(new Uint8Array(21))).to.throw(InvalidWalletAddress, /21 bytes/);
  });

  describe("rejects with 40010 and says why", () => {
    const good = accounts.vectors[0].dspAddress;
    const dsp20 = parseHex(accounts.vectors[0].dsp20, "dsp20");

    it("a wrong prefix byte (a valid checksum over 0x18 || dsp20)", () => {
      expectInvalid(base58check(Uint8Array.from([0x18, ...dsp20])), /wrong prefix byte 0x18, expected 0x17/);
      expectInvalid(base58check(Uint8Array.from([0x00, ...dsp20])), /wrong prefix byte 0x00/);
    });

    it("a bad checksum (one character changed; the last byte of the checksum flipped)", () => {
      const changed = good.slice(0, 10) + (good[10] === "a" ? "b" : "a") + good.slice(11);
      expectInvalid(changed, /bad checksum/);
      const bytes = decodeBase58(good);
      bytes[24] ^= 1;
      expectInvalid(encodeBase58(bytes), /bad checksum/);
    });

    it("a character outside the base58 alphabet (0, O, I, l, space, non-ASCII)", () => {
      for (const c of ["0", "O", "I", "l", " ", "é"]) {
        expectInvalid(good.slice(0, 5) + c + good.slice(6), new RegExp(`bad base58 character: .* at position 5`));
      }
    });

    it("a wrong length (24 and 26 bytes with valid checksums, a character dropped, a very long string, empty)", () => {
      expectInvalid(base58check(Uint8Array.from([0x17, ...dsp20.subarray(1)])), /wrong length: decodes to 24 bytes, expected 25/);
      expectInvalid(base58check(Uint8Array.from([0x17, ...dsp20, 0x00])), /wrong length: decodes to 26 bytes/);
      expectInvalid(good.slice(0, -1), /wrong length|bad checksum|prefix/);
      expectInvalid(good.repeat(3), /wrong length: 102 characters/);
      expectInvalid("", /empty/);
    });

    it("a value that is not a string", () => {
      expectInvalid(42 as unknown as string, /expected a string/);
    });
  });
});
