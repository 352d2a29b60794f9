/**
 * Signed answers (spec "SCAN Discovery", node mechanism principle 3: a SCAN server caught spoofing
 * loses pledge). The server answers from its indexed state after its checkpoint block and signs
 * (kind, subject, keccak256(answer), height) with its account key through node/ledger/src/scan-claims.ts,
 * the same encoding ScanRegistry.challenge checks. Each answer is read the way the contract reads
 * the chain:
 * - FILE_OWNER: the subject is a dealId: the owner while that deal is stored (FileLedger.ownerSince),
 *   else the zero address;
 * - FILE_HOLDERS: a dealId: the nodes that accepted the deal and were not released (holdersSince;
 *   none once it closed), ascending;
 * - DNS_RESOLUTION: (resolves, owner, link) as DNSRegistry._status decides at the height (names.ts).
 *
 * The rows and the height must belong together while the syncer writes beside us: the checkpoint
 * is read before and after the answer, and the answer is read again if it moved.
 */
import { keccak256 } from "ethers";
import type { KeyPair } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import {
  CLAIM_KIND, dnsNameHash, encodeAnswer, signClaim, signedAnswerToJson, type AnswerValue, type ClaimKind,
} from "@dsp/ledger";
import type { Db } from "../db/index.js";
import { unresolvedReason } from "../graphql/names.js";

export const CLAIM_KINDS = CLAIM_KIND;
export type ClaimKindName = keyof typeof CLAIM_KIND;

const ZERO = "0x0000000000000000000000000000000000000000";
const HASH = /^0x[0-9a-fA-F]{64}$/;
/** Reads of one answer before giving up on a syncer that keeps moving. */
const MAX_READS = 5;

export interface AttesterOptions {
  db: Db;
  chainId: number;
  /** The ScanRegistry the signatures are bound to. */
  registry: string;
  account: KeyPair;
}

export class Attester {
  constructor(private readonly opts: AttesterOptions) {}

  /** The signed answer to (kind, subject), as the GraphQL SignedAnswer. */
  async attest(kind: ClaimKind, subject: string) {
    const key = claimSubject(kind, subject);
    for (let read = 0; ; read++) {
      const before = await this.checkpoint();
      const value = await this.answer(kind, key, before.blockNumber);
      const after = await this.checkpoint();
      if (after.blockNumber === before.blockNumber && after.blockHash === before.blockHash) {
        return this.sign(kind, key, encodeAnswer(kind, value), before.blockNumber);
      }
      if (read + 1 >= MAX_READS) throw new InvalidParams("the index moved under every read of the answer; ask again");
    }
  }

  /** Signs an answer (the real one, from attest; a test signs a false one to play a lying server). */
  sign(kind: ClaimKind, subject: string, answer: string, height: bigint) {
    const signed = signedAnswerToJson(signClaim(this.opts.account, { kind, subject, answer, height }, this.opts.registry, this.opts.chainId));
    const name = (Object.keys(CLAIM_KIND) as ClaimKindName[]).find((n) => CLAIM_KIND[n] === kind)!;
    return { ...signed, kind, kindName: name, answerHash: keccak256(signed.answer), chainId: this.opts.chainId };
  }

  private async checkpoint() {
    const cp = await this.opts.db.checkpoint.findUnique({ where: { chainId: this.opts.chainId } });
    if (!cp) throw new InvalidParams("this SCAN server has not indexed any block yet");
    return cp;
  }

  private async answer(kind: ClaimKind, subject: string, height: bigint): Promise<AnswerValue> {
    const { db } = this.opts;
    if (kind === CLAIM_KIND.FILE_OWNER || kind === CLAIM_KIND.FILE_HOLDERS) {
      // the newest deal under the dealId; a closed one has no owner and no holders
      const d = await db.deal.findFirst({ where: { dealId: subject }, orderBy: { seq: "desc" }, select: { seq: true, owner: true, valid: true } });
      if (kind === CLAIM_KIND.FILE_OWNER) return d?.valid ? d.owner : ZERO;
      if (!d?.valid) return [];
      const rows = await db.slot.findMany({ where: { dealId: subject, seq: d.seq, status: "active" }, select: { node: true }, orderBy: { node: "asc" } });
      return rows.map((r) => r.node);
    }
    const u = await db.dnsUrl.findUnique({ where: { nameHash: subject } });
    if (!u || (await unresolvedReason(db, u, height)) !== null) return { resolves: false, owner: ZERO, link: "" };
    return { resolves: true, owner: u.owner, link: u.link };
  }
}

/** The claim's bytes32 subject: a dealId, or a name header://url (or its name hash). */
function claimSubject(kind: ClaimKind, subject: string): string {
  if (HASH.test(subject)) return subject.toLowerCase();
  if (kind === CLAIM_KIND.DNS_RESOLUTION) {
    const at = subject.indexOf("://");
    if (at >= 0) return dnsNameHash(subject.slice(0, at), subject.slice(at + 3)).toLowerCase();
    throw new InvalidParams(`a DNS subject is header://url or its name hash, not "${subject}"`);
  }
  throw new InvalidParams(`a deal subject (its dealId) is 0x and 64 hex digits, not "${subject}"`);
}
