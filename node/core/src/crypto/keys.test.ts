import { expect } from "chai";
import { inspect } from "node:util";
import { computeAddress, getAddress } from "ethers";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { evmAddressOf, hex, InvalidKey, KeyPair, parseHex, parsePublicKey, toHex, unhex } from "./index.js";
import { InvalidParams } from "../errors/index.js";

const N = secp256k1.Point.Fn.ORDER;
const hex32 = (n: bigint) => "0x" + n.toString(16).padStart(64, "0");

describe("crypto/keys", () => {
  it("derives the same secp256k1 pair from hex (with or without 0x) and from bytes", () => {
    const a = KeyPair.fromPrivateKey(hex32(6n));
    const b = KeyPair.fromPrivateKey(hex32(6n).slice(2));
    const c = KeyPair.fromPrivateKey(parseHex(hex32(6n), "k"));
    expect(toHex(a.publicKey)).to.equal("0x03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556");
    expect(b.publicKey).to.deep.equal(a.publicKey);
    expect(c.publicKey).to.deep.equal(a.publicKey);
    expect(a.uncompressedPublicKey).to.have.length(65);
    expect(a.uncompressedPublicKey[0]).to.equal(0x04);
  });

  it("copies the private key it is given, so the caller can wipe its buffer", () => {
    const bytes = parseHex(hex32(6n), "k");
    const pair = KeyPair.fromPrivateKey(bytes);
    bytes.fill(0);
    expect(toHex(pair.exportPrivateKey())).to.equal(hex32(6n));
  });

  it("rejects secp256k1 private keys outside [1, n-1], of the wrong length, or not hex", () => {
    for (const [bad, why] of [
      [hex32(0n), /out of range/],
      [hex32(N), /out of range/],
      ["0x" + "ff".repeat(32), /out of range/],
      ["0x" + "01".repeat(31), /32 bytes, got 31/],
      ["0x" + "zz".repeat(32), /not hex/],
      ["0x123", /odd number/],
    ] as const) {
      expect(() => KeyPair.fromPrivateKey(bad), bad).to.throw(InvalidKey, why).with.property("code", 40000);
    }
    expect(() => KeyPair.fromPrivateKey(hex32(N - 1n))).not.to.throw();
  });

  it("rejects an unknown curve name", () => {
    expect(() => KeyPair.fromPrivateKey(hex32(1n), "p256" as never)).to.throw(InvalidKey, /unknown curve "p256"/);
  });

  it("generates distinct valid keys on both curves", () => {
    for (const curve of ["secp256k1", "ed25519"] as const) {
      const a = KeyPair.generate(curve);
      const b = KeyPair.generate(curve);
      expect(a.curve).to.equal(curve);
      expect(a.publicKey).to.have.length(curve === "secp256k1" ? 33 : 32);
      expect(toHex(a.publicKey)).not.to.equal(toHex(b.publicKey));
      expect(KeyPair.fromPrivateKey(a.exportPrivateKey(), curve).publicKey).to.deep.equal(a.publicKey);
    }
  });

  it("derives the RFC 8032 public key from an Ed25519 seed", () => {
    const pair = KeyPair.fromPrivateKey("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "ed25519");
    expect(toHex(pair.publicKey)).to.equal("0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    expect(() => pair.uncompressedPublicKey).to.throw(InvalidKey);
  });

  it("keeps the private key out of console.log, inspect, JSON and string conversion", () => {
    const pair = KeyPair.fromPrivateKey("0x" + "ab".repeat(32));
    for (const shown of [inspect(pair), inspect(pair, { showHidden: true, depth: 5 }), JSON.stringify(pair), String(pair), `${Object.values(pair)}`]) {
      expect(shown).not.to.contain("abababab");
    }
    expect(JSON.parse(JSON.stringify(pair))).to.deep.equal({ curve: "secp256k1", publicKey: toHex(pair.publicKey) });
  });

  it("wipe() zeroes the private key", () => {
    const pair = KeyPair.fromPrivateKey(hex32(6n));
    pair.wipe();
    expect(pair.exportPrivateKey().every((b) => b === 0)).to.equal(true);
  });

  it("parses public keys of every accepted form to the compressed one, and refuses points off the curve", () => {
    const pair = KeyPair.fromPrivateKey(hex32(6n));
    const u = pair.uncompressedPublicKey;
    for (const form of [pair.publicKey, u, u.subarray(1), toHex(u)]) {
      expect(parsePublicKey(form)).to.deep.equal({ curve: "secp256k1", publicKey: pair.publicKey });
    }
    const offCurve = Uint8Array.from(u);
    offCurve[64] ^= 1;
    expect(() => parsePublicKey(offCurve)).to.throw(InvalidKey, /not a point on the curve/);
    expect(() => parsePublicKey(new Uint8Array(34))).to.throw(InvalidKey, /34 bytes/);
    const badPrefix = Uint8Array.from(pair.publicKey);
    badPrefix[0] = 0x05;
    expect(() => parsePublicKey(badPrefix)).to.throw(InvalidKey);
  });

  it("gives the EIP-55 EVM address ethers computes, for 50 random keys", () => {
    for (let i = 0; i < 50; i++) {
      const pair = KeyPair.generate();
      const expected = computeAddress(toHex(pair.publicKey));
      expect(evmAddressOf(pair.publicKey)).to.equal(expected);
      expect(evmAddressOf(pair.uncompressedPublicKey)).to.equal(getAddress(expected.toLowerCase()));
    }
  });

  it("writes bytes as bare lowercase hex (hex) or 0x-hex (toHex), of a view's own bytes only, and reads bare hex back (unhex)", () => {
    const whole = Uint8Array.from([0x00, 0xab, 0xcd, 0xef, 0x10]);
    const view = whole.subarray(1, 4);
    expect(hex(view)).to.equal("abcdef");
    expect(toHex(view)).to.equal("0xabcdef");
    expect(hex(new Uint8Array(0))).to.equal("");
    expect(hex(whole)).to.equal(Buffer.from(whole).toString("hex"));
    const back = unhex("00ABcdef10");
    expect(back).to.deep.equal(whole);
    expect(Buffer.isBuffer(back), "a plain Uint8Array").to.equal(false);
    expect(unhex("")).to.deep.equal(new Uint8Array(0));
    expect(parseHex("0x00abcdef10", "test")).to.deep.equal(whole);
    for (const bad of ["0xab", "abc", "zz", "ab cd", " ab"]) expect(() => unhex(bad), bad).to.throw(InvalidParams, /not bare hex/);
  });

  it("refuses an EVM address for an Ed25519 key", () => {
    expect(() => evmAddressOf(KeyPair.generate("ed25519").publicKey)).to.throw(InvalidKey, /secp256k1/);
  });
});
