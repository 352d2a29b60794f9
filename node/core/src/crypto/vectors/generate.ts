/**
 * Writes signatures.json from this implementation. Run only when adding vectors
 * (`npx tsx node/core/src/crypto/vectors/generate.ts`): signature.test.ts checks every vector against
 * independent implementations (ethers' SigningKey, OpenSSL through node:crypto), and two of them
 * are published anchors (RFC 8032 test 1 and 2, and the well-known "Satoshi Nakamoto" RFC 6979
 * secp256k1 vector), so regenerating cannot silently bless a bug.
 */
import { writeFileSync } from "node:fs";
import { KeyPair, toHex } from "../keys.js";
import { curveOf, ecdsaDigest, SCHEME_NAMES, sign, SignatureScheme } from "../signature.js";

const KEYS = {
  secp256k1: "0x7f3c1b6a9e2d4c5b8a0f1e2d3c4b5a69788796a5b4c3d2e1f001122334455667",
  ed25519: "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
} as const;
const MESSAGES = ["", "DSP signature test vector: the quick brown fox jumps over the lazy dog"];

const enc = new TextEncoder();
const pairs = { secp256k1: KeyPair.fromPrivateKey(KEYS.secp256k1, "secp256k1"), ed25519: KeyPair.fromPrivateKey(KEYS.ed25519, "ed25519") };
const vectors = [];
for (const scheme of SCHEME_NAMES) {
  const curve = curveOf(scheme);
  for (const text of MESSAGES) {
    const message = enc.encode(text);
    vectors.push({
      scheme,
      id: SignatureScheme[scheme],
      key: curve,
      message: toHex(message),
      ...(curve === "secp256k1" ? { digest: toHex(ecdsaDigest(scheme, message)) } : {}),
      signature: toHex(sign(pairs[curve], message, scheme)),
    });
  }
}
const one = KeyPair.fromPrivateKey("0x" + "00".repeat(31) + "01");
const anchors = [
  {
    note: "secp256k1, private key 1, sha256('Satoshi Nakamoto'), RFC 6979: the widely published vector",
    scheme: "SHA256withECDSA",
    privateKey: toHex(one.exportPrivateKey()),
    message: toHex(enc.encode("Satoshi Nakamoto")),
    r: "0x934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8",
    s: "0x2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
  },
  {
    note: "RFC 8032 section 7.1 TEST 1",
    scheme: "SHA512withEdDSA",
    privateKey: KEYS.ed25519,
    publicKey: "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "0x",
    signature: "0xe5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    note: "RFC 8032 section 7.1 TEST 2",
    scheme: "SHA512withEdDSA",
    privateKey: "0x4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    publicKey: "0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "0x72",
    signature: "0x92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
];
const out = {
  description:
    "DSP signature vectors (node/core/src/crypto/signature.ts). signature = scheme id byte || 64 signature bytes. ECDSA on secp256k1 over the digest (bits2int: leftmost 256 bits of a longer digest), RFC 6979 nonce with HMAC-SHA256, low s, r || s big-endian. EdDSA = Ed25519 (RFC 8032) over the message. Messages are UTF-8. Checked against ethers' SigningKey and OpenSSL (node:crypto) by signature.test.ts.",
  keys: {
    secp256k1: { privateKey: KEYS.secp256k1, publicKey: toHex(pairs.secp256k1.publicKey) },
    ed25519: { privateKey: KEYS.ed25519, publicKey: toHex(pairs.ed25519.publicKey) },
  },
  vectors,
  anchors,
};
writeFileSync(new URL("./signatures.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log(`wrote ${vectors.length} vectors and ${anchors.length} anchors`);
