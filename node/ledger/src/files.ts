/**
 * Storage deals on the FileLedger (ledger v2, docs/fees.md): the owner opens a deal for a file,
 * offering a slot to each of copyNum + 1 nodes with candidates behind; an offered node accepts once
 * it has the data (or declines), an offer nobody accepted lapses, a faulted holder's slot is
 * recovered to the next candidate. A deal is keyed by dealId = keccak256(abi.encode(owner, fileHash))
 * (dealIdOf): every call below that names a file takes its dealId. Also: info with slots and
 * candidates, delete, list by owner (from the FileStored events), the download whitelist (keyed by
 * dealId), privilege, settlement after expiry, a node's proving schedule, and a deal's per-period
 * proof history.
 */
import { AbiCoder, getAddress, keccak256, toUtf8String, type Log, type TransactionReceipt } from "ethers";
import { InvalidParams } from "@dsp/core";
import type { Ledger } from "./connect.js";
import { PRIVILEGE_NAMES } from "./names.js";
import { bytes32, evmAddress, uint } from "./input.js";
import { ensureAllowance } from "./token.js";
import { query, transact, type TxOptions } from "./tx.js";
import { revertName } from "./errors.js";
import type { Schedule } from "./prover-chain.js";

const REST = "rest_error" as const;
const STORE = { what: "store file", code: 50008 };
const FEE = { what: "calculate fee", code: 55015, table: REST };
const DELETE = { what: "delete files", code: 55014, table: REST };
const INFO = { what: "file info", code: 55100, table: REST };
const LIST = { what: "list files", code: 54003, table: REST };
const WL_SET = { what: "change whitelist", code: 55019, table: REST };
const WL_GET = { what: "read whitelist", code: 55020, table: REST };
const PROOFS = { what: "read proofs", code: 50011 };
const SCHEDULE = { what: "read proving schedule", code: 50011 };
/** an accept that fails for a reason of its own (volume, eligibility) is a receiver that cannot take the file */
const ACCEPT = { what: "accept deal", code: 50015 };
const DECLINE = { what: "decline deal", code: 40005, table: REST };
const LAPSE = { what: "lapse offer", code: 40005, table: REST };
const RECOVER = { what: "recover deal", code: 40005, table: REST };
const PRIVILEGE_OP = { what: "change privilege", code: 40005, table: REST };
const SETTLE = { what: "settle expired deal", code: 40005, table: REST };

export const PRIVILEGE = { private: 0, public: 1, whitelist: 2 } as const;

/** FileLedger.holdersOf's Slot.status. */
const SLOT_OFFERED = 1n;
const SLOT_ACTIVE = 2n;
const RELEASE_REASONS = ["deleted", "expired", "recovered", "lost"] as const;
export type ReleaseReasonName = (typeof RELEASE_REASONS)[number];

/** The deal key of `owner`'s deal for `fileHash`: keccak256(abi.encode(address, bytes32)), as FileLedger.dealIdOf. */
export function dealIdOf(owner: string, fileHash: string): string {
  const who = evmAddress(owner, "owner");
  const hash = bytes32(fileHash, "file hash");
  return keccak256(AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [who, hash]));
}

export interface WhitelistRule {
  addr: string;
  fromHeight: bigint;
  toHeight: bigint;
}

/** The spec's UploadOption as the ledger records it (see contracts/types/FileTypes.sol). */
export interface UploadOption {
  fileDesc: Uint8Array | string;
  fileSize: bigint;
  /** at least the verifier's proving period (every holder proves once per period) */
  proveInterval: bigint;
  expiredHeight: bigint;
  privilege: number;
  copyNum: number;
  encrypt: boolean;
  registerDns: boolean;
  bindDns: boolean;
  dnsUrl: string;
  whitelist: WhitelistRule[];
  share: boolean;
  storageType: number;
}

export interface FileCommit {
  fileHash: string;
  blocksRoot: string;
  dataRoot: string;
  blockNum: bigint;
  blockSize: bigint;
}

export interface StoreRequest {
  option: UploadOption;
  commit: FileCommit;
  /** the copyNum + 1 nodes offered a slot (they still have to accept) */
  offered: string[];
  /** asked in turn when an offer lapses or is declined, or a holder fails */
  candidates?: string[];
}

/** One node's slot in a deal: offered (it may accept until offeredUntil) or active (it holds and proves the deal). */
export interface SlotDetails {
  node: string;
  status: "offered" | "active";
  /** the deal's piece in the node's proof set (active) */
  pieceId: bigint;
  /** the node's proving periods this slot pays for, `rate` per period proved (active) */
  firstPeriod: bigint;
  lastPeriod: bigint;
  /** last block the offer can be accepted in (offered) */
  offeredUntil: bigint;
  rate: bigint;
  /** the slot's part of the deposit not yet paid out */
  escrow: bigint;
}

export interface FileDetails {
  dealId: string;
  fileHash: string;
  owner: string;
  fileDesc: string;
  privilege: string;
  copyNum: number;
  storageType: number;
  encrypted: boolean;
  share: boolean;
  valid: boolean;
  blockNum: bigint;
  blockSize: bigint;
  realFileSize: bigint;
  proveInterval: bigint;
  expiredHeight: bigint;
  blockHeight: bigint;
  leafCount: bigint;
  dataRoot: string;
  blocksRoot: string;
  deposit: bigint;
  /** every node offered or holding the deal */
  slots: SlotDetails[];
  /** the nodes that accepted and hold the deal (active slots) */
  holders: string[];
  /** candidates not yet asked */
  candidates: string[];
}

/** Fee of a pay-per-file deal: what storeFile escrows (deposit = perSlot * (copyNum + 1)) and the proving periods it spans. */
export async function calcFee(ledger: Ledger, o: { fileSize: bigint | number | string; copyNum: number; expiredHeight: bigint | number | string }) {
  const fileSize = uint(o.fileSize, "file size");
  const expiredHeight = uint(o.expiredHeight, "expiry height");
  const copyNum = Number(uint(o.copyNum, "copy number", { max: 255n }));
  const [deposit, periods, perSlot] = await query(FEE, "FileLedger", () => ledger.contracts.ledger.calcFee(fileSize, copyNum, expiredHeight));
  return { deposit, periods, perSlot };
}

/**
 * Opens the signer's deal for a file and escrows its fee (approved first for pay-per-file); each
 * offered node is offered a slot it must accept. Returns the deal id and the deposit.
 */
export async function storeFile(ledger: Ledger, req: StoreRequest, opts?: TxOptions): Promise<{ dealId: string; deposit: bigint }> {
  const me = ledger.address(STORE.what);
  const fileHash = bytes32(req.commit.fileHash, "file hash");
  const offered = req.offered.map((a) => evmAddress(a, "offered node"));
  const candidates = (req.candidates ?? []).map((a) => evmAddress(a, "candidate node"));
  const option = { ...req.option, fileDesc: typeof req.option.fileDesc === "string" ? new TextEncoder().encode(req.option.fileDesc) : req.option.fileDesc };
  const l = ledger.contracts.ledger;
  if (option.storageType === 1) {
    // at the latest block: the store lands later, with a shorter duration and so a deposit no larger
    const [deposit] = await query(STORE, "FileLedger", () => l.calcFee(option.fileSize, option.copyNum, option.expiredHeight));
    await ensureAllowance(ledger, await l.getAddress(), deposit, opts);
  }
  const receipt = await transact(STORE, "FileLedger", () => l.storeFile(option, { ...req.commit, fileHash }, offered, candidates), opts);
  const stored = (await ledgerEvents(ledger, receipt)).find((e) => e.name === "FileStored");
  return stored
    ? { dealId: stored.args.dealId as string, deposit: stored.args.info.deposit as bigint }
    : { dealId: dealIdOf(me, fileHash), deposit: 0n };
}

export async function fileInfo(ledger: Ledger, dealId: string): Promise<FileDetails> {
  const id = bytes32(dealId, "deal id");
  const l = ledger.contracts.ledger;
  const [info, [nodes, slots], candidates] = await query(INFO, "FileLedger", () =>
    Promise.all([l.getFileInfo(id), l.holdersOf(id), l.candidatesOf(id)]),
  );
  const details = nodes.map((node, i) => slotDetails(node, slots[i]));
  return {
    dealId: id, fileHash: info.fileHash, owner: info.owner, fileDesc: describe(info.fileDesc),
    privilege: PRIVILEGE_NAMES[Number(info.privilege)] ?? String(info.privilege), copyNum: Number(info.copyNum), storageType: Number(info.storageType),
    encrypted: info.encrypted, share: info.share, valid: info.validFlag, blockNum: info.blockNum, blockSize: info.blockSize,
    realFileSize: info.realFileSize, proveInterval: info.proveInterval, expiredHeight: info.expiredHeight, blockHeight: info.blockHeight,
    leafCount: info.leafCount, dataRoot: info.dataRoot, blocksRoot: info.blocksRoot, deposit: info.deposit,
    slots: details,
    holders: details.filter((s) => s.status === "active").map((s) => s.node),
    candidates: candidates.map((c) => getAddress(c)),
  };
}

type SlotOutput = { status: bigint; pieceId: bigint; firstPeriod: bigint; lastPeriod: bigint; offeredUntil: bigint; rate: bigint; escrow: bigint };

function slotDetails(node: string, s: SlotOutput): SlotDetails {
  return {
    node: getAddress(node), status: s.status === SLOT_ACTIVE ? "active" : "offered", pieceId: s.pieceId, firstPeriod: s.firstPeriod,
    lastPeriod: s.lastPeriod, offeredUntil: s.offeredUntil, rate: s.rate, escrow: s.escrow,
  };
}

/** Whether `who` has accepted and holds the deal now (one holdersOf call, not fileInfo's three). */
export async function isActiveHolder(ledger: Ledger, dealId: string, who: string): Promise<boolean> {
  const node = evmAddress(who, "node");
  const [nodes, slots] = await query(INFO, "FileLedger", () => ledger.contracts.ledger.holdersOf(bytes32(dealId, "deal id")));
  return nodes.some((n, i) => slots[i].status === SLOT_ACTIVE && getAddress(n) === node);
}

/** The description as text when it is UTF-8, else as hex. */
function describe(bytes: string): string {
  try {
    return toUtf8String(bytes);
  } catch {
    return bytes;
  }
}

/** Deletes the signer's deals (each holder is paid the elapsed part of its period) and returns the refund. */
export async function deleteFiles(ledger: Ledger, dealIds: string[], opts?: TxOptions): Promise<bigint> {
  ledger.address(DELETE.what);
  const ids = dealIds.map((h) => bytes32(h, "deal id"));
  const l = ledger.contracts.ledger;
  const receipt = await transact(DELETE, "FileLedger", () => l.deleteFiles(ids), opts);
  let refund = 0n;
  for (const e of await ledgerEvents(ledger, receipt)) if (e.name === "FileDeleted") refund += e.args.refund as bigint;
  return refund;
}

/** Anyone, once the deal's expiry height has passed: ends it and refunds the unearned escrow to the payer. */
export async function settleExpired(ledger: Ledger, dealId: string, opts?: TxOptions): Promise<bigint> {
  const id = bytes32(dealId, "deal id");
  ledger.address(SETTLE.what);
  const receipt = await transact(SETTLE, "FileLedger", () => ledger.contracts.ledger.settleExpired(id), opts);
  return ((await ledgerEvents(ledger, receipt)).find((e) => e.name === "FileExpired")?.args.refund as bigint | undefined) ?? 0n;
}

/** Changes who may download the signer's deal: private, public or whitelist (or 0, 1, 2). */
export async function setPrivilege(ledger: Ledger, dealId: string, privilege: keyof typeof PRIVILEGE | number, opts?: TxOptions): Promise<string> {
  const id = bytes32(dealId, "deal id");
  const value = typeof privilege === "number" ? privilege : PRIVILEGE[privilege];
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > 2) {
    throw new InvalidParams(`privilege must be private, public or whitelist (0, 1, 2), got ${String(privilege)}`);
  }
  ledger.address(PRIVILEGE_OP.what);
  await transact(PRIVILEGE_OP, "FileLedger", () => ledger.contracts.ledger.setPrivilege(id, value), opts);
  return PRIVILEGE_NAMES[value];
}

// ------------------------------------------------------------------ the node's side of a deal

export interface Accepted {
  txHash: string;
  pieceId: bigint;
  firstPeriod: bigint;
  lastPeriod: bigint;
  rate: bigint;
}

/**
 * The signer, offered a slot, accepts the deal: it has the data and will prove it every period
 * until expiry. Refused while the node's proof set is frozen (ProofSetFrozen: retry after the
 * current period's proof), after the offer closed (OfferClosed), or by the registry (volume, pledge).
 */
export async function acceptDeal(ledger: Ledger, dealId: string, opts?: TxOptions): Promise<Accepted> {
  const id = bytes32(dealId, "deal id");
  ledger.address(ACCEPT.what);
  const receipt = await transact(ACCEPT, "FileLedger", () => ledger.contracts.ledger.acceptDeal(id), opts);
  const e = (await ledgerEvents(ledger, receipt)).find((x) => x.name === "DealAccepted");
  if (!e) throw new InvalidParams(`accept deal: transaction ${receipt.hash} carries no DealAccepted`);
  return { txHash: receipt.hash, pieceId: e.args.pieceId, firstPeriod: e.args.firstPeriod, lastPeriod: e.args.lastPeriod, rate: e.args.rate };
}

/** Where a slot went when its node left it: to the next candidate as an offer, or back to the payer. */
export interface SlotPassedOn {
  txHash: string;
  /** the candidate now offered the slot, or null */
  offeredTo: string | null;
  /** last block that candidate can accept in */
  offeredUntil: bigint | null;
  /** what went back to the payer (the slot's escrow, or the whole rest when the deal was lost) */
  refunded: bigint;
  /** no node held or was offered the deal any more: it ended (FileLost) */
  lost: boolean;
}

/** The signer declines its offer; the slot goes to the next candidate or back to the payer. */
export async function declineDeal(ledger: Ledger, dealId: string, opts?: TxOptions): Promise<SlotPassedOn> {
  const id = bytes32(dealId, "deal id");
  ledger.address(DECLINE.what);
  return passedOn(ledger, await transact(DECLINE, "FileLedger", () => ledger.contracts.ledger.declineDeal(id), opts));
}

/** Anyone: `node`'s offer passed its accept window; the slot moves on as on a decline. */
export async function lapseOffer(ledger: Ledger, dealId: string, node: string, opts?: TxOptions): Promise<SlotPassedOn> {
  const id = bytes32(dealId, "deal id");
  const who = evmAddress(node, "node");
  ledger.address(LAPSE.what);
  return passedOn(ledger, await transact(LAPSE, "FileLedger", () => ledger.contracts.ledger.lapseOffer(id, who), opts));
}

export interface Recovered extends SlotPassedOn {
  /** what the slot paid the faulted node over its life, and what of its escrow was left to pass on */
  paid: bigint;
  left: bigint;
}

/**
 * Anyone, while `node` is faulted (it missed its latest period and has not proved since): releases
 * it from the deal (no further slash) and offers its unpaid escrow to the next candidate, which must
 * fetch the data from a surviving holder and accept.
 */
export async function recoverDeal(ledger: Ledger, dealId: string, node: string, opts?: TxOptions): Promise<Recovered> {
  const id = bytes32(dealId, "deal id");
  const who = evmAddress(node, "node");
  ledger.address(RECOVER.what);
  const receipt = await transact(RECOVER, "FileLedger", () => ledger.contracts.ledger.recover(id, who), opts);
  const out = await passedOn(ledger, receipt);
  const released = (await ledgerEvents(ledger, receipt)).find((e) => e.name === "HolderReleased");
  return { ...out, paid: (released?.args.paid as bigint) ?? 0n, left: (released?.args.left as bigint) ?? 0n };
}

async function passedOn(ledger: Ledger, receipt: TransactionReceipt): Promise<SlotPassedOn> {
  const out: SlotPassedOn = { txHash: receipt.hash, offeredTo: null, offeredUntil: null, refunded: 0n, lost: false };
  for (const e of await ledgerEvents(ledger, receipt)) {
    if (e.name === "SlotOffered") Object.assign(out, { offeredTo: getAddress(e.args.node), offeredUntil: e.args.until });
    if (e.name === "SlotRefunded") out.refunded += e.args.amount as bigint;
    if (e.name === "FileLost") Object.assign(out, { lost: true, refunded: e.args.refund as bigint });
  }
  return out;
}

/** `node`'s proving schedule (PDPVerifier.scheduleOf) and the weight of its proof set (weightOf). */
export async function nodeSchedule(ledger: Ledger, node: string): Promise<Schedule> {
  const who = evmAddress(node, "node");
  const v = ledger.contracts.verifier;
  const [[period, seedFrom, opensAfter, deadline, periodStart], [totalWeight, liveWeight]] = await query(SCHEDULE, "PDPVerifier", () =>
    Promise.all([v.scheduleOf(who), v.weightOf(who)]),
  );
  return { period, seedFrom, opensAfter, deadline, periodStart, totalWeight, liveWeight };
}

/** The verifier's fixed schedule: blocks per period, blocks of the proof window, leaves challenged per period. */
export async function provingParams(ledger: Ledger): Promise<{ provingPeriod: bigint; proofWindow: bigint; challengeCount: number }> {
  const v = ledger.contracts.verifier;
  const [provingPeriod, proofWindow, challengeCount] = await query(SCHEDULE, "PDPVerifier", () =>
    Promise.all([v.provingPeriod(), v.proofWindow(), v.challengeCount()]),
  );
  return { provingPeriod, proofWindow, challengeCount: Number(challengeCount) };
}

// ------------------------------------------------------------------ listing

export interface FileListEntry {
  dealId: string;
  fileHash: string;
  fileDesc: string;
  realFileSize: bigint;
  privilege: string;
  expiredHeight: bigint;
  /** block of the store transaction */
  storedAt: number;
}

/**
 * Live deals of `owner`: those its FileStored events name that the ledger still holds. Reads the
 * events from the deployment's first block, so it needs no indexer.
 */
export async function listFiles(ledger: Ledger, owner: string): Promise<FileListEntry[]> {
  const who = evmAddress(owner, "owner");
  const l = ledger.contracts.ledger;
  const events = await query(LIST, "FileLedger", () => l.queryFilter(l.filters.FileStored(undefined, undefined, who), ledger.deployments.startBlock));
  const out: FileListEntry[] = [];
  const seen = new Set<string>();
  // Newest first: a deal deleted and stored again counts once, as its last store.
  for (const e of events.reverse()) {
    if (seen.has(e.args.dealId)) continue;
    seen.add(e.args.dealId);
    const [current, privilege, valid] = await query(LIST, "FileLedger", () => l.accessOf(e.args.dealId));
    if (!valid || current !== who) continue; // deleted, expired or lost
    const info = e.args.info;
    out.push({
      dealId: e.args.dealId, fileHash: e.args.fileHash, fileDesc: describe(info.fileDesc), realFileSize: info.realFileSize,
      privilege: PRIVILEGE_NAMES[Number(privilege)] ?? String(privilege), expiredHeight: info.expiredHeight, storedAt: e.blockNumber,
    });
  }
  return out.reverse();
}

// ------------------------------------------------------------------ whitelist (keyed by dealId)

function rules(dealId: string, list: { addr: string; fromHeight?: bigint | number | string; toHeight?: bigint | number | string }[]): WhitelistRule[] {
  if (list.length === 0) throw new InvalidParams(`no address given for the whitelist of deal ${dealId}`);
  return list.map((r) => {
    const fromHeight = uint(r.fromHeight ?? 0n, "from height");
    const toHeight = uint(r.toHeight ?? (1n << 64n) - 1n, "to height");
    if (fromHeight > toHeight) throw new InvalidParams(`whitelist window of ${r.addr} ends (${toHeight}) before it starts (${fromHeight})`);
    return { addr: evmAddress(r.addr, "whitelisted address"), fromHeight, toHeight };
  });
}

/** Adds (or replaces) whitelist rules of the signer's deal. */
export async function addWhitelist(ledger: Ledger, dealId: string, list: Parameters<typeof rules>[1], opts?: TxOptions) {
  const id = bytes32(dealId, "deal id");
  const r = rules(id, list);
  ledger.address(WL_SET.what);
  await transact(WL_SET, "FileWhitelist", () => ledger.contracts.whitelist.addRules(id, r), opts);
  return whitelistOf(ledger, id);
}

export async function removeWhitelist(ledger: Ledger, dealId: string, addrs: string[], opts?: TxOptions) {
  const id = bytes32(dealId, "deal id");
  if (addrs.length === 0) throw new InvalidParams("no address given to remove");
  const list = addrs.map((a) => evmAddress(a, "whitelisted address"));
  ledger.address(WL_SET.what);
  await transact(WL_SET, "FileWhitelist", () => ledger.contracts.whitelist.removeRules(id, list), opts);
  return whitelistOf(ledger, id);
}

export async function whitelistOf(ledger: Ledger, dealId: string): Promise<WhitelistRule[]> {
  const id = bytes32(dealId, "deal id");
  const list = await query(WL_GET, "FileWhitelist", () => ledger.contracts.whitelist.rulesOf(id));
  return list.map((r) => ({ addr: r.addr, fromHeight: r.fromHeight, toHeight: r.toHeight }));
}

// ------------------------------------------------------------------ proof history

/** One node's time in a deal: from its DealAccepted to its HolderReleased (if it left). */
export interface DealHolding {
  node: string;
  pieceId: bigint;
  firstPeriod: bigint;
  lastPeriod: bigint;
  rate: bigint;
  acceptedAt: number;
  /** block the node left the deal, why, and what the slot paid it; null while it holds it */
  releasedAt: number | null;
  reason: ReleaseReasonName | null;
  paid: bigint | null;
}

/** One proving period of a holder while its slot in the deal was active. */
export interface PeriodRecord {
  node: string;
  period: bigint;
  outcome: "proven" | "missed";
  blockNumber: number;
  txHash: string;
  /** proven: leaves checked and challenges skipped over the node's whole set */
  challenged: number;
  skipped: number;
  /** proven: what the period paid the node for all its deals (PeriodPaid), and this deal's part (the slot's rate) */
  reward: bigint;
  dealReward: bigint;
  /** missed: who reported it (null when proven) and what left the node's pledge */
  reporter: string | null;
  slashed: bigint;
}

export interface FileProofs {
  dealId: string;
  fileHash: string;
  /** the deal's active holders now, with their schedules (empty once the deal is gone) */
  holders: (SlotDetails & { schedule: Schedule })[];
  /** every acceptance of the deal, in chain order */
  holdings: DealHolding[];
  /** the holders' proven and missed periods inside their holdings, in chain order */
  periods: PeriodRecord[];
}

/**
 * The deal's holders and their per-period history: each node that accepted it (DealAccepted, until
 * its HolderReleased) and the periods it proved or missed meanwhile (the verifier's PeriodProven and
 * PeriodMissed, the ledger's PeriodPaid and NodeFaulted), for the periods its slot covered. Works from
 * the logs for a deal that has ended too; 50021 for a deal never stored.
 */
export async function fileProofs(ledger: Ledger, dealId: string): Promise<FileProofs> {
  const id = bytes32(dealId, "deal id");
  const { ledger: l, verifier: v } = ledger.contracts;
  const from = ledger.deployments.startBlock;
  const [stored, accepted, released, slots] = await query(PROOFS, "FileLedger", () =>
    Promise.all([
      l.queryFilter(l.filters.FileStored(id), from),
      l.queryFilter(l.filters.DealAccepted(id), from),
      l.queryFilter(l.filters.HolderReleased(id), from),
      l.holdersOf(id).catch((e) => {
        if (revertName(e) === "FileNotFound") return null;
        throw e;
      }),
    ]),
  );
  if (stored.length === 0) {
    // never stored: let the ledger say so, with its code
    await query(PROOFS, "FileLedger", () => l.getFileInfo(id));
  }
  const fileHash = stored.length ? stored[stored.length - 1].args.fileHash : "";

  const holdings: (DealHolding & { since: number; until: number })[] = accepted.map((e) => ({
    node: getAddress(e.args.node), pieceId: e.args.pieceId, firstPeriod: e.args.firstPeriod, lastPeriod: e.args.lastPeriod, rate: e.args.rate,
    acceptedAt: e.blockNumber, releasedAt: null, reason: null, paid: null, since: order(e), until: Infinity,
  }));
  for (const r of released) {
    // the node's earliest holding accepted before this release and not yet released
    const h = holdings.find((x) => x.node === getAddress(r.args.node) && x.releasedAt === null && x.since < order(r));
    if (h) Object.assign(h, { releasedAt: r.blockNumber, reason: RELEASE_REASONS[Number(r.args.reason)] ?? null, paid: r.args.paid, until: order(r) });
  }

  const nodes = [...new Set(holdings.map((h) => h.node))];
  const periods: (PeriodRecord & { at: number })[] = [];
  await Promise.all(nodes.map(async (node) => {
    const since = Math.min(...holdings.filter((h) => h.node === node).map((h) => h.acceptedAt));
    const [proven, missed, paid, faulted] = await query(PROOFS, "PDPVerifier", () =>
      Promise.all([
        v.queryFilter(v.filters.PeriodProven(node), since),
        v.queryFilter(v.filters.PeriodMissed(node), since),
        l.queryFilter(l.filters.PeriodPaid(node), since),
        l.queryFilter(l.filters.NodeFaulted(node), since),
      ]),
    );
    const paidBy = new Map(paid.map((e) => [`${e.transactionHash}:${e.args.period}`, e.args.reward]));
    const slashedBy = new Map(faulted.map((e) => [`${e.transactionHash}:${e.args.period}`, e.args.slashed]));
    const inHolding = (period: bigint, at: number) =>
      holdings.find((h) => h.node === node && h.since < at && at < h.until && period >= h.firstPeriod && period <= h.lastPeriod);
    for (const e of proven) {
      const h = inHolding(e.args.period, order(e));
      if (!h) continue;
      periods.push({
        node, period: e.args.period, outcome: "proven", blockNumber: e.blockNumber, txHash: e.transactionHash, at: order(e),
        challenged: Number(e.args.challenged), skipped: Number(e.args.skipped),
        reward: paidBy.get(`${e.transactionHash}:${e.args.period}`) ?? e.args.reward, dealReward: h.rate, reporter: null, slashed: 0n,
      });
    }
    for (const e of missed) {
      if (!inHolding(e.args.period, order(e))) continue;
      periods.push({
        node, period: e.args.period, outcome: "missed", blockNumber: e.blockNumber, txHash: e.transactionHash, at: order(e),
        challenged: 0, skipped: 0, reward: 0n, dealReward: 0n, reporter: getAddress(e.args.reporter),
        slashed: slashedBy.get(`${e.transactionHash}:${e.args.period}`) ?? e.args.slashed,
      });
    }
  }));

  const active = slots ? slots[0].map((node, i) => slotDetails(node, slots[1][i])).filter((s) => s.status === "active") : [];
  const holders = await Promise.all(active.map(async (s) => ({ ...s, schedule: await nodeSchedule(ledger, s.node) })));
  return {
    dealId: id,
    fileHash,
    holders,
    holdings: holdings.map(({ since: _s, until: _u, ...h }) => h),
    periods: periods.sort((a, b) => a.at - b.at).map(({ at: _a, ...p }) => p),
  };
}

// ------------------------------------------------------------------ logs

/** Position of a log in the chain, for ordering and comparing logs of different queries. */
function order(e: { blockNumber: number; index?: number }): number {
  return e.blockNumber * 1_000_000 + (e.index ?? 0);
}

interface ParsedLog {
  name: string;
  args: Record<string, any>;
}

/** The FileLedger's events in `receipt` (logs of other contracts left out). */
async function ledgerEvents(ledger: Ledger, receipt: TransactionReceipt): Promise<ParsedLog[]> {
  const l = ledger.contracts.ledger;
  const at = (await l.getAddress()).toLowerCase();
  const out: ParsedLog[] = [];
  for (const log of receipt.logs as readonly Log[]) {
    if (log.address.toLowerCase() !== at) continue;
    const e = l.interface.parseLog({ topics: [...log.topics], data: log.data });
    if (e) out.push({ name: e.name, args: e.args as unknown as Record<string, any> });
  }
  return out;
}
