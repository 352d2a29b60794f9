/**
 * SCAN/DNS nodes in the ScanRegistry: register (approving the pledge), update the address, add or
 * reduce pledge, unregister or quit (the notice period starts), withdraw after it, queries, and
 * challenges of signed SCAN answers. Failures carry the spec's DNS node codes (REST 55050-55061)
 * unless the revert has its own (a short balance is 40006); a refused challenge is 40005
 * CONTRACT_ERROR.
 */
import { Interface } from "ethers";
import { ScanRegistry__factory } from "./contracts.js";
import { InvalidParams } from "@dsp/core";
import type { Ledger } from "./connect.js";
import { SCAN_NODE_STATUS } from "./names.js";
import { evmAddress, hostAddr, tokenAmount, uint } from "./input.js";
import { checkClaim, type SignedAnswer } from "./scan-claims.js";
import { ensureAllowance } from "./token.js";
import { query, transact, type TxOptions } from "./tx.js";

const REST = "rest_error" as const;
export const SCAN_OPS = {
  register: { what: "register SCAN node", code: 55050, table: REST },
  unregister: { what: "unregister SCAN node", code: 55051, table: REST },
  update: { what: "update SCAN node", code: 55052, table: REST },
  withdraw: { what: "withdraw SCAN node pledge", code: 55053, table: REST },
  quit: { what: "quit SCAN node", code: 55054, table: REST },
  addPledge: { what: "add SCAN node pledge", code: 55055, table: REST },
  reducePledge: { what: "reduce SCAN node pledge", code: 55056, table: REST },
  get: { what: "query SCAN node", code: 55057, table: REST },
  list: { what: "list SCAN nodes", code: 55058, table: REST },
  info: { what: "query SCAN node information", code: 55059, table: REST },
  listAll: { what: "list all SCAN nodes", code: 55060, table: REST },
  challenge: { what: "challenge SCAN answer", code: 40005, table: REST },
} as const;

export type ScanNodeStatusName = (typeof SCAN_NODE_STATUS)[number];

export interface ScanNode {
  address: string;
  status: ScanNodeStatusName;
  /** active: other SCAN servers accept it */
  member: boolean;
  hostAddr: string;
  pledge: bigint;
  registeredAt: bigint;
  /** block of quit (0 while active) */
  quitAt: bigint;
  /** first block in which withdraw succeeds (0 while active) */
  withdrawableAt: bigint;
}

export interface ScanParams {
  minPledge: bigint;
  quitNoticeBlocks: bigint;
  slashAmount: bigint;
  challengerShareBps: number;
  treasury: string;
}

export interface ScanNodePage {
  /** records (active or quitting) in the registry */
  total: bigint;
  nodes: ScanNode[];
}

export interface ChallengeResult {
  node: string;
  digest: string;
  /** taken from the node's pledge */
  amount: bigint;
  /** of which paid to the challenger */
  reward: bigint;
  pledgeLeft: bigint;
  /** the node fell below the minimum pledge and stopped being a member */
  removed: boolean;
  txHash: string;
}

type Op = (typeof SCAN_OPS)[keyof typeof SCAN_OPS];

function toScanNode(address: string, n: { hostAddr: string; pledge: bigint; registeredAt: bigint; quitAt: bigint; withdrawableAt: bigint; status: bigint }): ScanNode {
  const status = SCAN_NODE_STATUS[Number(n.status)] ?? "none";
  return { address, status, member: status === "active", hostAddr: n.hostAddr, pledge: n.pledge, registeredAt: n.registeredAt, quitAt: n.quitAt, withdrawableAt: n.withdrawableAt };
}

/** The record of `who` (status "none" when unknown). */
export async function scanNode(ledger: Ledger, who: string, op: Op = SCAN_OPS.get): Promise<ScanNode> {
  const addr = evmAddress(who, "SCAN node");
  const n = await query(op, "ScanRegistry", () => ledger.contracts.scanRegistry.getScanNode(addr));
  return toScanNode(addr, n);
}

export async function scanParams(ledger: Ledger): Promise<ScanParams> {
  const r = ledger.contracts.scanRegistry;
  const [minPledge, quitNoticeBlocks, slashAmount, share, treasury] = await query(SCAN_OPS.info, "ScanRegistry", () =>
    Promise.all([r.minPledge(), r.quitNoticeBlocks(), r.slashAmount(), r.challengerShareBps(), r.treasury()]));
  return { minPledge, quitNoticeBlocks, slashAmount, challengerShareBps: Number(share), treasury };
}

/**
 * Registers the signer with `pledge` (DSP units like "150", or wei as a bigint; the registry's
 * minimum when not given), approving it first.
 */
export async function registerScanNode(ledger: Ledger, s: { hostAddr: string; pledge?: string | bigint }, opts?: TxOptions): Promise<ScanNode> {
  const op = SCAN_OPS.register;
  const me = ledger.address(op.what);
  const host = hostAddr(s.hostAddr);
  const r = ledger.contracts.scanRegistry;
  const pledge = s.pledge === undefined ? await query(op, "ScanRegistry", () => r.minPledge()) : tokenAmount(s.pledge, "pledge");
  await ensureAllowance(ledger, await r.getAddress(), pledge, opts);
  await transact(op, "ScanRegistry", () => r.register(host, pledge), opts);
  return scanNode(ledger, me, op);
}

export async function updateScanNode(ledger: Ledger, newHostAddr: string, opts?: TxOptions): Promise<ScanNode> {
  const op = SCAN_OPS.update;
  const me = ledger.address(op.what);
  const host = hostAddr(newHostAddr);
  await transact(op, "ScanRegistry", () => ledger.contracts.scanRegistry.update(host), opts);
  return scanNode(ledger, me, op);
}

export async function addScanPledge(ledger: Ledger, amount: string | bigint, opts?: TxOptions): Promise<ScanNode> {
  const op = SCAN_OPS.addPledge;
  const me = ledger.address(op.what);
  const wei = tokenAmount(amount, "amount");
  const r = ledger.contracts.scanRegistry;
  await ensureAllowance(ledger, await r.getAddress(), wei, opts);
  await transact(op, "ScanRegistry", () => r.addPledge(wei), opts);
  return scanNode(ledger, me, op);
}

/** Takes `amount` of the pledge back; the registry keeps at least its minimum. */
export async function reduceScanPledge(ledger: Ledger, amount: string | bigint, opts?: TxOptions): Promise<ScanNode> {
  const op = SCAN_OPS.reducePledge;
  const me = ledger.address(op.what);
  const wei = tokenAmount(amount, "amount");
  await transact(op, "ScanRegistry", () => ledger.contracts.scanRegistry.reducePledge(wei), opts);
  return scanNode(ledger, me, op);
}

/** The spec's "logout": ends membership and starts the notice period, like quit. */
export async function unregisterScanNode(ledger: Ledger, opts?: TxOptions): Promise<ScanNode> {
  const op = SCAN_OPS.unregister;
  const me = ledger.address(op.what);
  await transact(op, "ScanRegistry", () => ledger.contracts.scanRegistry.unregister(), opts);
  return scanNode(ledger, me, op);
}

/** Ends membership at once; the pledge can be withdrawn from `withdrawableAt`. */
export async function quitScanNode(ledger: Ledger, opts?: TxOptions): Promise<ScanNode> {
  const op = SCAN_OPS.quit;
  const me = ledger.address(op.what);
  await transact(op, "ScanRegistry", () => ledger.contracts.scanRegistry.quit(), opts);
  return scanNode(ledger, me, op);
}

/** Returns the whole pledge after the notice period and removes the record. Returns the amount. */
export async function withdrawScanNode(ledger: Ledger, opts?: TxOptions): Promise<bigint> {
  const op = SCAN_OPS.withdraw;
  const me = ledger.address(op.what);
  const { pledge } = await scanNode(ledger, me, op);
  await transact(op, "ScanRegistry", () => ledger.contracts.scanRegistry.withdraw(), opts);
  return pledge;
}

/** Records (active and quitting) from `offset`, at most `limit`. */
export async function listScanNodes(ledger: Ledger, offset: bigint | number | string = 0n, limit: bigint | number | string = 100n, op: Op = SCAN_OPS.list): Promise<ScanNodePage> {
  const from = uint(offset, "offset", { max: (1n << 256n) - 1n });
  const count = uint(limit, "limit", { min: 1n, max: 1000n });
  const r = ledger.contracts.scanRegistry;
  const [total, [addrs, infos]] = await query(op, "ScanRegistry", () => Promise.all([r.scanNodeCount(), r.scanNodesPage(from, count)]));
  return { total, nodes: addrs.map((a, i) => toScanNode(a, infos[i])) };
}

/** Every record, page by page until a short page (a record may move between pages if one withdraws meanwhile). */
export async function listAllScanNodes(ledger: Ledger): Promise<ScanNode[]> {
  const all: ScanNode[] = [];
  const r = ledger.contracts.scanRegistry;
  for (let offset = 0n; ; offset += 100n) {
    const [addrs, infos] = await query(SCAN_OPS.listAll, "ScanRegistry", () => r.scanNodesPage(offset, 100n));
    all.push(...addrs.map((a, i) => toScanNode(a, infos[i])));
    if (addrs.length < 100) return all;
  }
}

const EVENTS = new Interface(ScanRegistry__factory.abi as unknown as string);

/**
 * Submits a signed answer the chain contradicts. Checked first, changing nothing when it fails:
 * the answer is for this registry and chain and carries its signer's valid signature
 * (InvalidParams 40000). The contract's refusals (ClaimIsTrue, ClaimNotCheckable, ...) are 40005.
 */
export async function challengeAnswer(ledger: Ledger, signed: SignedAnswer, opts?: TxOptions): Promise<ChallengeResult> {
  const op = SCAN_OPS.challenge;
  ledger.address(op.what);
  const registry = ledger.deployments.contracts.scanRegistry;
  const { signer, claim, digest } = checkClaim(signed, { registry, chainId: ledger.deployments.chainId });
  if (signer !== evmAddress(signed.signer, "signer")) throw new InvalidParams(`the signature is by ${signer}, not by the stated signer ${signed.signer}`);
  const receipt = await transact(op, "ScanRegistry", () => ledger.contracts.scanRegistry.challenge(claim, signed.answer, signed.signature), opts);
  const result: ChallengeResult = { node: signer, digest, amount: 0n, reward: 0n, pledgeLeft: 0n, removed: false, txHash: receipt.hash };
  for (const log of receipt.logs) {
    const e = EVENTS.parseLog(log);
    if (e?.name === "ScanNodeSlashed") Object.assign(result, { amount: e.args.amount, reward: e.args.reward, pledgeLeft: e.args.pledgeLeft });
    if (e?.name === "ScanNodeQuit") result.removed = true;
  }
  return result;
}
