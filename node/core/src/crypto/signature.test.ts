import { expect } from "chai";
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { SigningKey } from "ethers";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import {
  InvalidKey,
  KeyPair,
  MalformedSignature,
  parseHex,
  parseSignature,
  SCHEME_NAMES,
  sign,
  SignatureScheme,
  toHex,
  verify,
  type SchemeName,
} from "./index.js";

interface Vector {
  scheme: SchemeName;
  id: number;
  key: "secp256k1" | "ed25519";
  message: string;
  digest?: string;
  signature: string;
}
const file = JSON.parse(readFileSync(new URL("./vectors/signatures.json", import.meta.url), "utf8")) as {
  keys: Record<"secp256k1" | "ed25519", { privateKey: string; publicKey: string }>;
  vectors: Vector[];
  anchors: { scheme: SchemeName; privateKey: string; publicKey?: string; message: string; r?: string; s?: string; signature?: string }[];
};

const pairs = {
  secp256k1: KeyPair.fromPrivateKey(file.keys.secp256k1.privateKey, "secp256k1"),
  ed25519: KeyPair.fromPrivateKey(file.keys.ed25519.privateKey, "ed25519"),
};
const N = secp256k1.Point.Fn.ORDER;
const bytes = (hex: string) => parseHex(hex, "test data");
const msg = new TextEncoder().encode("transfer 10 DSP to AM31wyxaM34Niea5pcrpPPFJzETWTPNCFC");

/** OpenSSL's name for each ECDSA mode's hash. */
const OPENSSL_HASH: Partial<Record<SchemeName, string>> = {
  SHA224withECDSA: "sha224",
  SHA256withECDSA: "sha256",
  SHA384withECDSA: "sha384",
  SHA512withECDSA: "sha512",
  "SHA3-224withECDSA": "sha3-224",
  "SHA3-256withECDSA": "sha3-256",
  RIPEMD160withECDSA: "ripemd160",
};

function nodeKeys(pair: KeyPair): { priv: KeyObject; pub: KeyObject } {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  const secret = pair.exportPrivateKey();
  if (pair.curve === "ed25519") {
    const jwk = { kty: "OKP", crv: "Ed25519", x: b64(pair.publicKey), d: b64(secret) };
    return { priv: createPrivateKey({ key: jwk, format: "jwk" }), pub: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" }) };
  }
  const u = pair.uncompressedPublicKey;
  const jwk = { kty: "EC", crv: "secp256k1", x: b64(u.subarray(1, 33)), y: b64(u.subarray(33)), d: b64(secret) };
  return { priv: createPrivateKey({ key: jwk, format: "jwk" }), pub: createPublicKey({ key: { kty: "EC", crv: "secp256k1", x: jwk.x, y: jwk.y }, format: "jwk" }) };
}

/** bits2int for a 256-bit order, as 32 bytes: what a 32-byte-digest signer must be given to sign the same number. */
function asDigest32(digest: Uint8Array): Uint8Array {
  if (digest.length >= 32) return digest.subarray(0, 32);
  const out = new Uint8Array(32);
  out.set(digest, 32 - digest.length);
  return out;
}

function withHighS(encoded: Uint8Array): Uint8Array {
  const out = Uint8Array.from(encoded);
  const s = BigInt(toHex(encoded.subarray(33)));
  out.set(bytes((N - s).toString(16).padStart(64, "0")), 33);
  return out;
}

describe("crypto/signature", () => {
  it("keeps the scheme ids pinned in the vectors file (Ontology's numbers): ids never change", () => {
    expect(SignatureScheme).to.deep.equal(Object.fromEntries(file.vectors.map((v) => [v.scheme, v.id])));
    expect(SCHEME_NAMES).to.have.length(8);
  });

  it("has pinned vectors for every mode (two messages each)", () => {
    for (const scheme of SCHEME_NAMES) expect(file.vectors.filter((v) => v.scheme === scheme), scheme).to.have.length(2);
  });

  describe("pinned vectors (vectors/signatures.json)", () => {
    for (const v of file.vectors) {
      const label = `${v.scheme} over ${v.message === "0x" ? "the empty message" : "a text"}`;

      it(`${label}: signing reproduces the pinned bytes and verifying them passes`, () => {
        const pair = pairs[v.key];
        expect(toHex(pair.publicKey)).to.equal(file.keys[v.key].publicKey);
        expect(toHex(sign(pair, bytes(v.message), v.scheme))).to.equal(v.signature);
        expect(sign(pair, bytes(v.message), v.id)).to.deep.equal(bytes(v.signature));
        expect(verify(pair.publicKey, bytes(v.message), bytes(v.signature))).to.equal(true);
        expect(parseSignature(bytes(v.signature))).to.include({ scheme: v.scheme, id: v.id });
      });

      it(`${label}: an independent implementation agrees`, () => {
        const pair = pairs[v.key];
        const sig = bytes(v.signature).subarray(1);
        const { priv, pub } = nodeKeys(pair);
        if (v.key === "ed25519") {
          expect(toHex(nodeSign(null, bytes(v.message), priv))).to.equal(toHex(sig));
          expect(nodeVerify(null, bytes(v.message), pub, sig)).to.equal(true);
          return;
        }
        const hash = OPENSSL_HASH[v.scheme]!;
        expect(toHex(createHash(hash).update(bytes(v.message)).digest())).to.equal(v.digest);
        // OpenSSL hashes and verifies (its own bits2int); ethers signs the same number with RFC 6979.
        expect(nodeVerify(hash, bytes(v.message), { key: pub, dsaEncoding: "ieee-p1363" }, sig)).to.equal(true);
        const e = new SigningKey(file.keys.secp256k1.privateKey).sign(asDigest32(bytes(v.digest!)));
        expect(e.r + e.s.slice(2)).to.equal(toHex(sig));
      });
    }

    for (const a of file.anchors) {
      it(`reproduces a published vector: ${a.scheme} ${a.publicKey ? "RFC 8032" : "RFC 6979 'Satoshi Nakamoto'"} (${a.message})`, () => {
        const pair = KeyPair.fromPrivateKey(a.privateKey, a.scheme === "SHA512withEdDSA" ? "ed25519" : "secp256k1");
        const encoded = sign(pair, bytes(a.message), a.scheme);
        const expected = a.signature ?? a.r! + a.s!.slice(2);
        expect(toHex(encoded.subarray(1))).to.equal(expected);
        if (a.publicKey) expect(toHex(pair.publicKey)).to.equal(a.publicKey);
        expect(verify(pair.publicKey, bytes(a.message), encoded)).to.equal(true);
      });
    }
  });

  it("signs SHA256withECDSA as ethers' SigningKey does over the sha256 digest, for random keys", () => {
    for (let i = 0; i < 20; i++) {
      const pair = KeyPair.generate();
      const e = new SigningKey(pair.exportPrivateKey()).sign(createHash("sha256").update(msg).digest());
      expect(toHex(sign(pair, msg, "SHA256withECDSA").subarray(1))).to.equal(e.r + e.s.slice(2));
    }
  });

  it("signs Ed25519 as node:crypto does (crypto.sign(null, msg, key)), for random keys", () => {
    for (let i = 0; i < 20; i++) {
      const pair = KeyPair.generate("ed25519");
      expect(toHex(sign(pair, msg, "SHA512withEdDSA").subarray(1))).to.equal(toHex(nodeSign(null, msg, nodeKeys(pair).priv)));
    }
  });

  it("verifies signatures made by OpenSSL in every mode (randomized ECDSA nonces)", () => {
    for (const scheme of SCHEME_NAMES) {
      const pair = scheme === "SHA512withEdDSA" ? pairs.ed25519 : pairs.secp256k1;
      const { priv } = nodeKeys(pair);
      const sig = nodeSign(OPENSSL_HASH[scheme] ?? null, msg, { key: priv, dsaEncoding: "ieee-p1363" });
      let encoded: Uint8Array = Uint8Array.from([SignatureScheme[scheme], ...sig]);
      // OpenSSL does not normalize s; we accept only low s, so normalize as a sender following our rule would.
      if (scheme !== "SHA512withEdDSA" && BigInt(toHex(sig.subarray(32))) > N / 2n) encoded = withHighS(encoded);
      expect(verify(pair.publicKey, msg, encoded), scheme).to.equal(true);
    }
  });

  describe("rejects (verify returns false, never throws)", () => {
    for (const scheme of SCHEME_NAMES) {
      const pair = scheme === "SHA512withEdDSA" ? pairs.ed25519 : pairs.secp256k1;
      const good = sign(pair, msg, scheme);

      it(`${scheme}: a tampered message (each of 8 bit flips, a byte added, a byte dropped)`, () => {
        for (let bit = 0; bit < 8; bit++) {
          const m = Uint8Array.from(msg);
          m[bit * 5] ^= 1 << bit;
          expect(verify(pair.publicKey, m, good)).to.equal(false);
        }
        expect(verify(pair.publicKey, Uint8Array.from([...msg, 0]), good)).to.equal(false);
        expect(verify(pair.publicKey, msg.subarray(1), good)).to.equal(false);
      });

      it(`${scheme}: a tampered signature (a bit flipped in each half, truncated, extended)`, () => {
        for (const at of [1, 20, 33, 50, 64]) {
          const s = Uint8Array.from(good);
          s[at] ^= 0x10;
          expect(verify(pair.publicKey, msg, s), `byte ${at}`).to.equal(false);
        }
        expect(verify(pair.publicKey, msg, good.subarray(0, 64))).to.equal(false);
        expect(verify(pair.publicKey, msg, Uint8Array.from([...good, 0]))).to.equal(false);
      });

      it(`${scheme}: the same signature under every other scheme id`, () => {
        for (const other of [...Array(256).keys()].filter((id) => id !== SignatureScheme[scheme])) {
          const s = Uint8Array.from(good);
          s[0] = other;
          expect(verify(pair.publicKey, msg, s), `id ${other}`).to.equal(false);
        }
      });

      it(`${scheme}: another key of the same curve, and the signer's key on the other curve`, () => {
        expect(verify(KeyPair.generate(pair.curve).publicKey, msg, good)).to.equal(false);
        const other = pair.curve === "secp256k1" ? pairs.ed25519 : pairs.secp256k1;
        expect(verify(other.publicKey, msg, good)).to.equal(false);
      });
    }

    it("a high-s ECDSA signature (the malleable twin of a valid one)", () => {
      const good = sign(pairs.secp256k1, msg, "SHA256withECDSA");
      const high = withHighS(good);
      expect(verify(pairs.secp256k1.publicKey, msg, high)).to.equal(false);
      expect(() => parseSignature(high)).to.throw(MalformedSignature, /high half/);
      // The twin is mathematically valid: only the low-s rule rejects it.
      expect(secp256k1.verify(high.subarray(1), createHash("sha256").update(msg).digest(), pairs.secp256k1.publicKey, { prehash: false, lowS: false })).to.equal(true);
    });

    it("garbage: empty, one byte, random bytes, a bad public key, non-bytes", () => {
      const pub = pairs.secp256k1.publicKey;
      for (const g of [new Uint8Array(0), Uint8Array.of(1), crypto.getRandomValues(new Uint8Array(65)), new Uint8Array(65)]) {
        expect(verify(pub, msg, g)).to.equal(false);
      }
      const good = sign(pairs.secp256k1, msg, "SHA256withECDSA");
      expect(verify(new Uint8Array(33), msg, good)).to.equal(false);
      expect(verify("not hex", msg, good)).to.equal(false);
      expect(verify(pub, msg, "0x01" as unknown as Uint8Array)).to.equal(false);
      expect(verify(pub, undefined as unknown as Uint8Array, good)).to.equal(false);
    });
  });

  describe("parseSignature says what is malformed", () => {
    const good = sign(pairs.secp256k1, msg, "SHA256withECDSA");
    const cases: [string, Uint8Array, RegExp][] = [
      ["empty", new Uint8Array(0), /empty/],
      ["unknown id", Uint8Array.from([6, ...good.subarray(1)]), /unknown scheme id 6/],
      ["short", good.subarray(0, 40), /39 bytes after the scheme id, expected 64/],
      ["r = 0", Uint8Array.from([1, ...new Uint8Array(32), ...good.subarray(33)]), /r or s is outside/],
      ["s = n", Uint8Array.from([1, ...good.subarray(1, 33), ...bytes(N.toString(16))]), /r or s is outside/],
      ["Ed25519 S >= L", Uint8Array.from([10, ...new Uint8Array(32), ...new Uint8Array(32).fill(0xff)]), /not below the group order/],
    ];
    for (const [name, input, reason] of cases) {
      it(name, () => {
        expect(() => parseSignature(input)).to.throw(MalformedSignature, reason).with.property("code", 40000);
        expect(verify(pairs.secp256k1.publicKey, msg, input)).to.equal(false);
      });
    }
  });

  it("refuses to sign with a key of the wrong curve or in an unknown scheme", () => {
    expect(() => sign(pairs.ed25519, msg, "SHA256withECDSA")).to.throw(InvalidKey, /needs a secp256k1 key, got ed25519/);
    expect(() => sign(pairs.secp256k1, msg, "SHA512withEdDSA")).to.throw(InvalidKey, /needs a ed25519 key/);
    expect(() => sign(pairs.secp256k1, msg, "SHA1withECDSA" as SchemeName)).to.throw(MalformedSignature, /unknown scheme/);
    expect(() => sign(pairs.secp256k1, msg, "toString" as SchemeName)).to.throw(MalformedSignature, /unknown scheme/);
    expect(() => sign(pairs.secp256k1, msg, 9)).to.throw(MalformedSignature, /unknown scheme id 9/);
  });
});
