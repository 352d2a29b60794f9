/**
 * Files on the FileLedger: store (approving the fee), info with holders and candidates, delete,
 * list by owner (from the FileStored events), the download whitelist, and proofs.
 */
import { toUtf8String } from "ethers";
import { InvalidParams } from "@dsp/core";
import type { Ledger } from "./connect.js";
import { PRIVILEGE_NAMES } from "./names.js";
import { bytes32, evmAddress, uint } from "./input.js";
import { ensureAllowance } from "./token.js";
import { query, transact, type TxOptions } from "./tx.js";

const REST = "rest_error" as const;
const STORE = { what: "store file", code: 50008 };
const DELETE = { what: "delete files", code: 55014, table: REST };
const INFO = { what: "file info", code: 55100, table: REST };
const LIST = { what: "list files", code: 54003, table: REST };
const WL_SET = { what: "change whitelist", code: 55019, table: REST };
const WL_GET = { what: "read whitelist", code: 55020, table: REST };
const PROOFS = { what: "read proofs", code: 50011 };

export const PRIVILEGE = { private: 0, public: 1, whitelist: 2 } as const;

export interface WhitelistRule {
  addr: string;
  fromHeight: bigint;
  toHeight: bigint;
}

/** The spec's UploadOption as the ledger records it (see contracts/types/FileTypes.sol). */
export interface UploadOption {
  fileDesc: Uint8Array | string;
  fileSize: bigint;
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
  primaryNodes: string[];
  candidateNodes?: string[];
}

export interface HolderInfo {
  node: string;
  nextChallenge: bigint;
  proofsDone: bigint;
  proofsLeft: bigint;
  started: boolean;
  active: boolean;
  escrow: bigint;
}

export interface FileDetails {
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
  proveTimes: bigint;
  challengeCount: number;
  proofWindow: number;
  expiredHeight: bigint;
  blockHeight: bigint;
  leafCount: bigint;
  dataRoot: string;
  blocksRoot: string;
  deposit: bigint;
  holders: HolderInfo[];
  candidates: string[];
}

/** Fee of a pay-per-file store: what storeFile escrows. */
export async function calcFee(ledger: Ledger, o: Pick<UploadOption, "fileSize" | "copyNum" | "proveInterval" | "expiredHeight">) {
  const [deposit, proveTimes, perHolder] = await query(STORE, "FileLedger", () =>
    ledger.contracts.ledger.calcFee(o.fileSize, o.copyNum, o.proveInterval, o.expiredHeight),
  );
  return { deposit, proveTimes, perHolder };
}

/** Commits a file and escrows its fee (approved first for pay-per-file). Returns the deposit. */
export async function storeFile(ledger: Ledger, req: StoreRequest, opts?: TxOptions): Promise<bigint> {
  ledger.address(STORE.what);
  const fileHash = bytes32(req.commit.fileHash, "file hash");
  const primaries = req.primaryNodes.map((a) => evmAddress(a, "primary node"));
  const candidates = (req.candidateNodes ?? []).map((a) => evmAddress(a, "candidate node"));
  const option = { ...req.option, fileDesc: typeof req.option.fileDesc === "string" ? new TextEncoder().encode(req.option.fileDesc) : req.option.fileDesc };
  const l = ledger.contracts.ledger;
  if (option.storageType === 1) {
    const { deposit } = await calcFee(ledger, option);
    await ensureAllowance(ledger, await l.getAddress(), deposit, opts);
  }
  const receipt = await transact(STORE, "FileLedger", () => l.storeFile(option, { ...req.commit, fileHash }, primaries, candidates), opts);
  const stored = receipt.logs.map((log) => l.interface.parseLog(log)).find((e) => e?.name === "FileStored");
  return stored ? (stored.args.info.deposit as bigint) : 0n;
}

export async function fileInfo(ledger: Ledger, fileHash: string): Promise<FileDetails> {
  const hash = bytes32(fileHash, "file hash");
  const l = ledger.contracts.ledger;
  const [info, [nodes, states], candidates] = await query(INFO, "FileLedger", () =>
    Promise.all([l.getFileInfo(hash), l.holdersOf(hash), l.candidatesOf(hash)]),
  );
  return {
    fileHash: info.fileHash, owner: info.owner, fileDesc: describe(info.fileDesc), privilege: PRIVILEGE_NAMES[Number(info.privilege)] ?? String(info.privilege),
    copyNum: Number(info.copyNum), storageType: Number(info.storageType), encrypted: info.encrypted, share: info.share, valid: info.validFlag,
    blockNum: info.blockNum, blockSize: info.blockSize, realFileSize: info.realFileSize, proveInterval: info.proveInterval,
    proveTimes: info.proveTimes, challengeCount: Number(info.challengeCount), proofWindow: Number(info.proofWindow),
    expiredHeight: info.expiredHeight, blockHeight: info.blockHeight, leafCount: info.leafCount, dataRoot: info.dataRoot,
    blocksRoot: info.blocksRoot, deposit: info.deposit,
    holders: nodes.map((node, i) => ({
      node, nextChallenge: states[i].nextChallenge, proofsDone: states[i].proofsDone, proofsLeft: states[i].proofsLeft,
      started: states[i].started, active: states[i].active, escrow: states[i].escrow,
    })),
    candidates: [...candidates],
  };
}

/** Whether `who` is an active holder of the file now (one holdersOf call, not fileInfo's three). */
export async function isActiveHolder(ledger: Ledger, fileHash: string, who: string): Promise<boolean> {
  const [nodes, states] = await query(INFO, "FileLedger", () => ledger.contracts.ledger.holdersOf(bytes32(fileHash, "file hash")));
  return nodes.some((n, i) => states[i].active && n.toLowerCase() === who.toLowerCase());
}

/** The description as text when it is UTF-8, else as hex. */
function describe(bytes: string): string {
  try {
    return toUtf8String(bytes);
  } catch {
    return bytes;
  }
}

/** Deletes the signer's files and returns the refund. */
export async function deleteFiles(ledger: Ledger, fileHashes: string[], opts?: TxOptions): Promise<bigint> {
  ledger.address(DELETE.what);
  const hashes = fileHashes.map((h) => bytes32(h, "file hash"));
  const l = ledger.contracts.ledger;
  const receipt = await transact(DELETE, "FileLedger", () => l.deleteFiles(hashes), opts);
  let refund = 0n;
  for (const log of receipt.logs) {
    const e = l.interface.parseLog(log);
    if (e?.name === "FileDeleted") refund += e.args.refund as bigint;
  }
  return refund;
}

export interface FileListEntry {
  fileHash: string;
  fileDesc: string;
  realFileSize: bigint;
  privilege: string;
  expiredHeight: bigint;
  /** block of the store transaction */
  storedAt: number;
}

/**
 * Live files of `owner`: those its FileStored events name that the ledger still holds. Reads the
 * events from the deployment's first block, so it needs no indexer.
 */
export async function listFiles(ledger: Ledger, owner: string): Promise<FileListEntry[]> {
  const who = evmAddress(owner, "owner");
  const l = ledger.contracts.ledger;
  const events = await query(LIST, "FileLedger", () => l.queryFilter(l.filters.FileStored(undefined, who), ledger.deployments.startBlock));
  const out: FileListEntry[] = [];
  const seen = new Set<string>();
  // Newest first: a hash deleted and stored again by the same owner counts once, as its last store.
  for (const e of events.reverse()) {
    if (seen.has(e.args.fileHash)) continue;
    seen.add(e.args.fileHash);
    const [current, privilege, valid] = await query(LIST, "FileLedger", () => l.accessOf(e.args.fileHash));
    if (!valid || current !== who) continue; // deleted, expired, or stored since by someone else
    const info = e.args.info;
    out.push({
      fileHash: e.args.fileHash, fileDesc: describe(info.fileDesc), realFileSize: info.realFileSize,
      privilege: PRIVILEGE_NAMES[Number(privilege)] ?? String(privilege), expiredHeight: info.expiredHeight, storedAt: e.blockNumber,
    });
  }
  return out.reverse();
}

function rules(fileHash: string, list: { addr: string; fromHeight?: bigint | number | string; toHeight?: bigint | number | string }[]): WhitelistRule[] {
  if (list.length === 0) throw new InvalidParams(`no address given for the whitelist of ${fileHash}`);
  return list.map((r) => {
    const fromHeight = uint(r.fromHeight ?? 0n, "from height");
    const toHeight = uint(r.toHeight ?? (1n << 64n) - 1n, "to height");
    if (fromHeight > toHeight) throw new InvalidParams(`whitelist window of ${r.addr} ends (${toHeight}) before it starts (${fromHeight})`);
    return { addr: evmAddress(r.addr, "whitelisted address"), fromHeight, toHeight };
  });
}

/** Adds (or replaces) whitelist rules of the signer's file. */
export async function addWhitelist(ledger: Ledger, fileHash: string, list: Parameters<typeof rules>[1], opts?: TxOptions) {
  const hash = bytes32(fileHash, "file hash");
  const r = rules(hash, list);
  ledger.address(WL_SET.what);
  await transact(WL_SET, "FileWhitelist", () => ledger.contracts.whitelist.addRules(hash, r), opts);
  return whitelistOf(ledger, hash);
}

export async function removeWhitelist(ledger: Ledger, fileHash: string, addrs: string[], opts?: TxOptions) {
  const hash = bytes32(fileHash, "file hash");
  if (addrs.length === 0) throw new InvalidParams("no address given to remove");
  const list = addrs.map((a) => evmAddress(a, "whitelisted address"));
  ledger.address(WL_SET.what);
  await transact(WL_SET, "FileWhitelist", () => ledger.contracts.whitelist.removeRules(hash, list), opts);
  return whitelistOf(ledger, hash);
}

export async function whitelistOf(ledger: Ledger, fileHash: string): Promise<WhitelistRule[]> {
  const hash = bytes32(fileHash, "file hash");
  const list = await query(WL_GET, "FileWhitelist", () => ledger.contracts.whitelist.rulesOf(hash));
  return list.map((r) => ({ addr: r.addr, fromHeight: r.fromHeight, toHeight: r.toHeight }));
}

export interface ProofRecord {
  node: string;
  challengeHeight: bigint;
  proofIndex: bigint;
  reward: bigint;
  blockNumber: number;
  txHash: string;
}

export interface FileProofs {
  fileHash: string;
  holders: (HolderInfo & { challengeHeight: bigint; deadline: bigint })[];
  proofs: ProofRecord[];
  missed: { node: string; reporter: string; challengeHeight: bigint; slashed: bigint; blockNumber: number }[];
}

/** Each holder's proving state and next challenge, and every proof and missed proof of the file. */
export async function fileProofs(ledger: Ledger, fileHash: string): Promise<FileProofs> {
  const hash = bytes32(fileHash, "file hash");
  const { ledger: l, verifier: v } = ledger.contracts;
  const [nodes, states] = await query(PROOFS, "FileLedger", () => l.holdersOf(hash));
  const holders = await Promise.all(nodes.map(async (node, i) => {
    const s = states[i];
    // A holder that owes no more proofs has no next challenge.
    const [challengeHeight, deadline] = s.proofsLeft > 0n ? await query(PROOFS, "PDPVerifier", () => v.challengeOf(hash, node)) : [0n, 0n];
    return { node, nextChallenge: s.nextChallenge, proofsDone: s.proofsDone, proofsLeft: s.proofsLeft, started: s.started, active: s.active, escrow: s.escrow, challengeHeight, deadline };
  }));
  const from = ledger.deployments.startBlock;
  const [proven, missed] = await query(PROOFS, "PDPVerifier", () =>
    Promise.all([v.queryFilter(v.filters.PossessionProven(hash), from), v.queryFilter(v.filters.ProofMissed(hash), from)]),
  );
  return {
    fileHash: hash,
    holders,
    proofs: proven.map((e) => ({ node: e.args.node, challengeHeight: e.args.challengeHeight, proofIndex: e.args.proofIndex, reward: e.args.reward, blockNumber: e.blockNumber, txHash: e.transactionHash })),
    missed: missed.map((e) => ({ node: e.args.node, reporter: e.args.reporter, challengeHeight: e.args.challengeHeight, slashed: e.args.slashed, blockNumber: e.blockNumber })),
  };
}
