import { expect } from "chai";
import { InvalidWalletAddress, KeyPair, SCHEME_NAMES, curveOf, dspAddressOf, parseHex, toHex } from "../crypto/index.js";
import {
  MAX_ANNOUNCED_FILES, MAX_CLOCK_SKEW_MS, MAX_TTL_MS, announcementBytes, signAnnouncement, verifyAnnouncement, type Announcement,
} from "./announcement.js";
import { InvalidAnnouncement } from "./errors.js";

const CHAIN = 31337;
const NOW = 1_800_000_000_000;
const keys = {
  secp256k1: KeyPair.fromPrivateKey("0x" + "11".repeat(32), "secp256k1"),
  ed25519: KeyPair.fromPrivateKey("0x" + "22".repeat(32), "ed25519"),
};
const hash = (i: number) => "0x" + i.toString(16).padStart(64, "0");
const fields = { chainId: CHAIN, hostAddr: "/ip4/127.0.0.1/tcp/4001", fileHashes: [hash(2), hash(1)], timestamp: NOW, ttl: 60_000 };
const signed = () => signAnnouncement(keys.secp256k1, fields);
const check = (a: Announcement, now = NOW) => verifyAnnouncement(a, { chainId: CHAIN, now });

function refusal(fn: () => unknown): { code: number; reason?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidAnnouncement) return { code: e.code, reason: e.reason };
    if (e instanceof InvalidWalletAddress) return { code: e.code };
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("SCAN announcement", () => {
  it("is signed and verified in each of the spec's eight signature modes", () => {
    for (const scheme of SCHEME_NAMES) {
      const a = signAnnouncement(keys[curveOf(scheme)], fields, scheme);
      expect(check(a).walletAddr).to.equal(dspAddressOf(keys[curveOf(scheme)].publicKey));
    }
  });

  it("signs the sorted set of file hashes: the same set in any order gives the same bytes", () => {
    const a = signed();
    expect(a.fileHashes).to.deep.equal([hash(1), hash(2)]);
    const b = signAnnouncement(keys.secp256k1, { ...fields, fileHashes: [hash(1), hash(2).toUpperCase().replace("0X", "0x"), hash(2)] });
    expect(b).to.deep.equal(a);
  });

  it("is refused when any signed field changes after signing", () => {
    const a = signed();
    const other = keys.ed25519;
    const tampered: Partial<Announcement>[] = [
      { hostAddr: "/ip4/127.0.0.1/tcp/4002" }, { fileHashes: [hash(1)] }, { fileHashes: [hash(1), hash(3)] }, { timestamp: NOW - 1 },
      { ttl: 60_001 }, { type: 1 }, { chainId: CHAIN + 1 },
    ];
    for (const change of tampered) {
      const r = refusal(() => verifyAnnouncement({ ...a, ...change }, { chainId: change.chainId ?? CHAIN, now: NOW }));
      expect(r, JSON.stringify(change)).to.deep.equal({ code: 40000, reason: "BAD_SIGNATURE" });
    }
    // another key with its own address: a valid pair, but not the signer
    expect(refusal(() => check({ ...a, publicKey: toHex(other.publicKey), walletAddr: dspAddressOf(other.publicKey) }))).to.deep.equal({ code: 40000, reason: "BAD_SIGNATURE" });
    const sig = parseHex(a.signature, "sig");
    sig[10] ^= 1;
    expect(refusal(() => check({ ...a, signature: toHex(sig) }))).to.deep.equal({ code: 40000, reason: "BAD_SIGNATURE" });
    expect(refusal(() => check({ ...a, signature: "0x1234" }))).to.deep.equal({ code: 40000, reason: "BAD_SIGNATURE" });
  });

  it("refuses an address that is not the key's, or not an address, with 40010 INVALID_WALLET_ADDRESS", () => {
    const a = signed();
    expect(refusal(() => check({ ...a, walletAddr: dspAddressOf(keys.ed25519.publicKey) }))).to.deep.equal({ code: 40010 });
    expect(refusal(() => check({ ...a, walletAddr: a.walletAddr.slice(0, -1) + (a.walletAddr.endsWith("a") ? "b" : "a") }))).to.deep.equal({ code: 40010 });
    expect(refusal(() => check({ ...a, walletAddr: "not an address" }))).to.deep.equal({ code: 40010 });
  });

  it("refuses another chain's announcement, one from the future and an expired one", () => {
    const a = signed();
    expect(refusal(() => verifyAnnouncement(a, { chainId: 1, now: NOW }))).to.deep.equal({ code: 40000, reason: "WRONG_CHAIN" });
    expect(check(a, NOW - MAX_CLOCK_SKEW_MS).timestamp).to.equal(NOW);
    expect(refusal(() => check(a, NOW - MAX_CLOCK_SKEW_MS - 1))).to.deep.equal({ code: 40000, reason: "FUTURE" });
    expect(check(a, NOW + a.ttl - 1).timestamp).to.equal(NOW);
    expect(refusal(() => check(a, NOW + a.ttl))).to.deep.equal({ code: 40000, reason: "EXPIRED" });
  });

  it("refuses malformed fields before looking at the signature", () => {
    const a = signed();
    const bad: [string, Partial<Announcement>][] = [
      ["host not a multiaddr", { hostAddr: "127.0.0.1:4001" }],
      ["host not canonical", { hostAddr: "/ip4/127.0.0.1/tcp/04001" }],
      ["host empty", { hostAddr: "" }],
      ["hash not hex", { fileHashes: ["0x" + "zz".repeat(32)] }],
      ["hash uppercase", { fileHashes: ["0x" + "AB".repeat(32)] }],
      ["hashes unsorted", { fileHashes: [hash(2), hash(1)] }],
      ["hashes repeated", { fileHashes: [hash(1), hash(1)] }],
      ["too many hashes", { fileHashes: Array.from({ length: MAX_ANNOUNCED_FILES + 1 }, (_, i) => hash(i + 1)) }],
      ["ttl too long", { ttl: MAX_TTL_MS + 1 }],
      ["ttl too short", { ttl: 1 }],
      ["timestamp not whole", { timestamp: NOW + 0.5 }],
      ["timestamp NaN", { timestamp: NaN }],
      ["type out of range", { type: 256 }],
      ["public key not a key", { publicKey: "0x02" + "00".repeat(32) }],
    ];
    for (const [what, change] of bad) expect(refusal(() => check({ ...a, ...change })), what).to.deep.equal({ code: 40000, reason: "MALFORMED" });
  });

  it("lays out the signed bytes as documented", () => {
    const a = signed();
    const bytes = announcementBytes(a);
    const tag = new TextEncoder().encode("DSP SCAN announcement 1\0");
    expect(bytes.subarray(0, tag.length)).to.deep.equal(tag);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(tag.length)).to.equal(CHAIN);
    expect(bytes[tag.length + 4]).to.equal(33); // compressed secp256k1 key
    // ends with the two hashes, the timestamp and the ttl
    expect(view.getUint32(bytes.length - 4)).to.equal(60_000);
    expect(view.getBigUint64(bytes.length - 12)).to.equal(BigInt(NOW));
    expect(toHex(bytes.subarray(bytes.length - 12 - 64, bytes.length - 12))).to.equal(hash(1) + hash(2).slice(2));
  });
});
