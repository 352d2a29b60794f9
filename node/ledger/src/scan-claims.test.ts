import { expect } from "chai";
import { keccak256, toUtf8Bytes, Wallet, ZeroAddress } from "ethers";
import { KeyPair } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import {
  CLAIM_KIND, claimDigest, decodeAnswer, dnsNameHash, encodeAnswer, recoverClaimSigner, signClaim, signedAnswerFromJson, signedAnswerToJson,
  toClaim, verifyClaim, type ScanAnswer,
} from "./scan-claims.js";
import { acceptTestDeal, failure, registerTestNode, sharedChain, storeTestFile, withAccounts, type TestAccount } from "@dsp/testkit";
import { challengeAnswer, registerScanNode, scanParams } from "./scan.js";
import { dealIdOf } from "./files.js";

const KEY = KeyPair.fromPrivateKey(`0x${"11".repeat(32)}`);
const KEY_ADDRESS = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A";
const REGISTRY = "0x00000000000000000000000000000000000000C0";
const A = "0x0000000000000000000000000000000000000001";
const B = "0x0000000000000000000000000000000000000002";
const SUBJECT = `0x${"ab".repeat(32)}`;

const holders = (list: string[], height = 42n): ScanAnswer => ({ kind: CLAIM_KIND.FILE_HOLDERS, subject: SUBJECT, answer: encodeAnswer(CLAIM_KIND.FILE_HOLDERS, list), height });

describe("ledger: signed SCAN answers", () => {
  describe("answers", () => {
    it("encodes holders sorted ascending, whatever order they come in, and refuses duplicates", () => {
      expect(encodeAnswer(CLAIM_KIND.FILE_HOLDERS, [B, A])).to.equal(encodeAnswer(CLAIM_KIND.FILE_HOLDERS, [A, B]));
      expect(decodeAnswer(CLAIM_KIND.FILE_HOLDERS, encodeAnswer(CLAIM_KIND.FILE_HOLDERS, [B, A]))).to.deep.equal([A, B]);
      expect(() => encodeAnswer(CLAIM_KIND.FILE_HOLDERS, [A, A.toUpperCase().replace("0X", "0x")])).to.throw(InvalidParams, /twice/);
    });

    it("encodes 'no such file' as the zero address and a non-resolving name without owner or link", () => {
      expect(decodeAnswer(CLAIM_KIND.FILE_OWNER, encodeAnswer(CLAIM_KIND.FILE_OWNER, ""))).to.equal(ZeroAddress);
      const none = encodeAnswer(CLAIM_KIND.DNS_RESOLUTION, { resolves: false, owner: A, link: "ignored" });
      expect(decodeAnswer(CLAIM_KIND.DNS_RESOLUTION, none)).to.deep.equal({ resolves: false, owner: ZeroAddress, link: "" });
      const live = { resolves: true, owner: A, link: "dsp://file?hash=1" };
      expect(decodeAnswer(CLAIM_KIND.DNS_RESOLUTION, encodeAnswer(CLAIM_KIND.DNS_RESOLUTION, live))).to.deep.equal(live);
    });

    it("refuses non-canonical answers as the contract does", () => {
      const unsorted = `0x${"20".padStart(64, "0")}${"2".padStart(64, "0")}${B.slice(2).padStart(64, "0")}${A.slice(2).padStart(64, "0")}`;
      expect(() => decodeAnswer(CLAIM_KIND.FILE_HOLDERS, unsorted)).to.throw(InvalidParams, /canonical/);
      expect(() => decodeAnswer(CLAIM_KIND.FILE_OWNER, `0x${"ff".repeat(32)}`)).to.throw(InvalidParams);
      expect(() => decodeAnswer(CLAIM_KIND.FILE_OWNER, "0x1234")).to.throw(InvalidParams, /ABI-encoded file owner/);
      expect(() => encodeAnswer(4 as never, A as never)).to.throw(InvalidParams, /claim kind/);
    });

    it("names a DNS subject as the registry keys it", () => {
      expect(dnsNameHash("dsp", "movies")).to.equal(keccak256(toUtf8Bytes("dsp://movies")));
    });
  });

  describe("signatures", () => {
    it("signs a pinned vector (any change to the type, domain or encoding breaks it)", () => {
      const s = signClaim(KEY, holders([B, A]), REGISTRY, 31337n);
      expect(claimDigest(toClaim(s), REGISTRY, 31337n)).to.equal("0x5914bc4f974fb1cc963af9d2566631667eb6f74db96d9f8f50e7fd3184199f0e");
      expect(s.signer).to.equal(KEY_ADDRESS);
      expect(s.signature).to.equal("0x9a7384c13e9cf310fa376c7e645706c616ec8a9b352a67a7725d6bf284b48d66310ed7c5b1000f0a82caba1180be1bbc595043392cf5944b7788fc8228168e731c");
    });

    it("signs the same with an ethers Wallet of the same key", () => {
      expect(signClaim(new Wallet(`0x${"11".repeat(32)}`), holders([B, A]), REGISTRY, 31337n)).to.deep.equal(signClaim(KEY, holders([B, A]), REGISTRY, 31337n));
    });

    it("verifies its own signature and nothing tampered with", () => {
      const s = signClaim(KEY, holders([A]), REGISTRY, 31337n);
      expect(verifyClaim(s)).to.equal(true);
      expect(verifyClaim(s, { registry: REGISTRY, chainId: 31337 })).to.equal(true);
      expect(verifyClaim(s, { chainId: 1 })).to.equal(false);
      expect(verifyClaim(s, { registry: A })).to.equal(false);
      expect(verifyClaim({ ...s, answer: encodeAnswer(CLAIM_KIND.FILE_HOLDERS, [B]) })).to.equal(false);
      expect(verifyClaim({ ...s, height: 43n })).to.equal(false);
      expect(verifyClaim({ ...s, registry: B })).to.equal(false);
      expect(verifyClaim({ ...s, signature: s.signature.slice(0, -2) })).to.equal(false);
      expect(() => recoverClaimSigner({ ...s, signature: "0x1234" })).to.throw(InvalidParams, /65 bytes/);
    });

    it("refuses to sign a malformed answer or with an Ed25519 key", () => {
      expect(() => signClaim(KEY, { ...holders([A]), answer: "0x1234" }, REGISTRY, 1n)).to.throw(InvalidParams);
      expect(() => signClaim(KeyPair.generate("ed25519"), holders([A]), REGISTRY, 1n)).to.throw(InvalidParams, /secp256k1/);
    });

    it("round-trips through JSON and checks every field on the way in", () => {
      const s = signClaim(KEY, holders([A, B]), REGISTRY, 31337n);
      const json = JSON.parse(JSON.stringify(signedAnswerToJson(s)));
      expect(json.height).to.equal("42");
      expect(signedAnswerFromJson(json)).to.deep.equal({ ...s, answer: s.answer.toLowerCase(), signature: s.signature.toLowerCase() });
      expect(() => signedAnswerFromJson({ ...json, kind: 7 })).to.throw(InvalidParams, /claim kind/);
      expect(() => signedAnswerFromJson({ ...json, signer: "0x12" })).to.throw(/signer/);
      expect(() => signedAnswerFromJson({ ...json, height: "-1" })).to.throw(InvalidParams, /height/);
      expect(() => signedAnswerFromJson({ kind: 1 })).to.throw(InvalidParams, /kind, subject, answer, height/);
    });
  });

  describe("against the deployed ScanRegistry", () => {
    it("computes the digest the contract computes, for every kind", async () => {
      const chain = await sharedChain();
      const registry = chain.deployments.contracts.scanRegistry;
      const { ScanRegistry__factory } = await import("./contracts.js");
      const c = ScanRegistry__factory.connect(registry, chain.provider as never);
      const answers: ScanAnswer[] = [
        { kind: CLAIM_KIND.FILE_OWNER, subject: SUBJECT, answer: encodeAnswer(CLAIM_KIND.FILE_OWNER, A), height: 7n },
        holders([B, A], 8n),
        { kind: CLAIM_KIND.DNS_RESOLUTION, subject: dnsNameHash("dsp", "x"), answer: encodeAnswer(CLAIM_KIND.DNS_RESOLUTION, { resolves: true, owner: B, link: "dsp://x" }), height: 9n },
      ];
      for (const a of answers) {
        const claim = toClaim(a);
        expect(claimDigest(claim, registry, chain.deployments.chainId)).to.equal(await c.claimDigest(claim));
      }
    });
  });

  describe("file claims are about deals (ScanRegistry reads FileLedger.ownerSince and holdersSince by deal id)", function () {
    this.timeout(120_000);
    const f = withAccounts("dsp-ledger-scan-claims-", 4);
    let scan: TestAccount, owner: TestAccount, node: TestAccount, challenger: TestAccount;
    before(async () => {
      [scan, owner, node, challenger] = f.accounts;
      const { minPledge } = await scanParams(scan.ledger);
      await registerScanNode(scan.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/7301", pledge: minPledge * 3n });
      await registerTestNode(node, 7302);
    });
    const sign = (kind: 1 | 2, subject: string, value: string | string[], height: bigint) => {
      const { chainId, contracts } = scan.ledger.deployments;
      return signClaim(scan.pair, { kind, subject, answer: encodeAnswer(kind, value as never), height }, contracts.scanRegistry, chainId);
    };

    it("an offered node is not a holder; once it accepts it is, and an answer from before the change can no longer be judged", async () => {
      const file = await storeTestFile(f.chain, owner, [node], "scan-claims-deal", { accept: false });
      expect(file.dealId).to.equal(dealIdOf(owner.address, file.fileHash));
      const offered = await f.chain.head();
      const noHolders = sign(2, file.dealId, [], offered);
      expect(await failure(challengeAnswer(challenger.ledger, noHolders))).to.include({ code: 40005, reason: "ClaimIsTrue" });
      expect(await failure(challengeAnswer(challenger.ledger, sign(1, file.dealId, owner.address, offered)))).to.include({ reason: "ClaimIsTrue" });

      await acceptTestDeal(f.chain, node, file.dealId);
      const accepted = await f.chain.head();
      expect(await failure(challengeAnswer(challenger.ledger, sign(2, file.dealId, [node.address], accepted)))).to.include({ reason: "ClaimIsTrue" });
      expect(await failure(challengeAnswer(challenger.ledger, noHolders)), "the holders changed after its height").to.include({ reason: "ClaimNotCheckable" });
      const slashed = await challengeAnswer(challenger.ledger, sign(2, file.dealId, [], accepted));
      expect(slashed.amount).to.equal((await scanParams(scan.ledger)).slashAmount);
    });

    it("a bare File Hash names no deal: the chain says nobody owns it", async () => {
      const file = await storeTestFile(f.chain, owner, [node], "scan-claims-hash");
      const height = await f.chain.head();
      expect(await failure(challengeAnswer(challenger.ledger, sign(1, file.fileHash, ZeroAddress, height)))).to.include({ reason: "ClaimIsTrue" });
      const r = await challengeAnswer(challenger.ledger, sign(1, file.fileHash, owner.address, height));
      expect(r.node).to.equal(scan.address);
      expect(r.amount > 0n).to.equal(true);
    });
  });
});
