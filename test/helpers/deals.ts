/**
 * Helpers for the ledger v2 tests (deals that nodes accept, one proof per node per period): batching
 * transactions into one block, proving a node's whole set from the trees of the deals it holds, and
 * running honest provers over a span of blocks. Built on test/helpers/dsp.ts, which they do not change.
 */
import { ethers } from "hardhat";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractTransactionReceipt, ContractTransactionResponse, LogDescription, Signer } from "ethers";
import { DEVNET_PARAMS } from "../../scripts/lib/deploy-dsp";
import { buildNodeProof, dealIdOf, makeFile, randomBytes, SETTINGS, type Fixture, type StoredFile } from "./dsp";
import type { PdpTree } from "./pdp";

/** The devnet verifier's schedule: blocks per period, blocks of the proof window, challenges per period. */
export const P = DEVNET_PARAMS.proving.period;
export const W = DEVNET_PARAMS.proving.window;
export const K = DEVNET_PARAMS.proving.challenges;
export const SEED_BLOCKS = 4n;
export const ACCEPT = BigInt(SETTINGS.acceptWindow);
/** nodeAccount's faultedPeriod when the node is not faulted. */
export const NO_FAULT = 2n ** 32n - 1n;

export const Status = { None: 0n, Offered: 1n, Active: 2n } as const;
export const Reason = { Deleted: 0n, Expired: 1n, Recovered: 2n, Lost: 3n } as const;

export async function addrOf(s: Signer | string): Promise<string> {
  return typeof s === "string" ? s : s.getAddress();
}

export async function latest(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber());
}

/** Mines until the latest block is `block` (nothing if it already is or is past it). */
export async function mineTo(block: bigint) {
  const now = await latest();
  if (block > now) await mine(block - now);
}

/**
 * Sends every transaction into the same block (automine off, one evm_mine) and returns their receipts.
 * Each `send` is called in order, so one sender's nonces follow that order. Throws if one reverted or
 * if they did not all fit in one block.
 */
export async function inOneBlock(sends: (() => Promise<ContractTransactionResponse>)[]): Promise<ContractTransactionReceipt[]> {
  const txs: ContractTransactionResponse[] = [];
  await ethers.provider.send("evm_setAutomine", [false]);
  try {
    for (const send of sends) txs.push(await send());
    await ethers.provider.send("evm_mine", []);
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }
  // Anything that did not fit stays pending; mine it so that nothing leaks into the next test.
  for (let i = 0; i < 5; i++) {
    const missing = await Promise.all(txs.map((t) => ethers.provider.getTransactionReceipt(t.hash)));
    if (missing.every((r) => r !== null)) break;
    await ethers.provider.send("evm_mine", []);
  }
  const receipts = await Promise.all(txs.map((t) => t.wait()));
  const blocks = new Set(receipts.map((r) => r!.blockNumber));
  if (blocks.size > 1) throw new Error(`transactions spread over blocks ${[...blocks].join(", ")}`);
  return receipts as ContractTransactionReceipt[];
}

/** The parsed logs of `contract` named `name` in a receipt. */
export function eventsOf(rcpt: ContractTransactionReceipt | null, contract: BaseContract, name: string): LogDescription[] {
  const out: LogDescription[] = [];
  for (const log of rcpt?.logs ?? []) {
    if (log.address.toLowerCase() !== (contract.target as string).toLowerCase()) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed && parsed.name === name) out.push(parsed);
  }
  return out;
}

/** `node`'s slot in `dealId` (status None if it has none). */
export async function slotOf(f: Fixture, dealId: string, node: Signer | string) {
  const addr = await addrOf(node);
  const [nodes, slots] = await f.ledger.holdersOf(dealId);
  const i = nodes.indexOf(addr);
  return i < 0 ? undefined : slots[i];
}

/** Whether a transaction in the next block would find `node`'s proof set frozen (ProofSetFrozen for accepts). */
export async function isFrozen(f: Fixture, node: Signer | string): Promise<boolean> {
  const addr = await addrOf(node);
  const [total] = await f.verifier.weightOf(addr);
  const [, seedFrom] = await f.verifier.scheduleOf(addr);
  return total !== 0n && (await latest()) + 1n >= seedFrom;
}

/** The deadline of `period` on `node`'s current schedule. */
export async function deadlineOf(f: Fixture, node: Signer | string, period: bigint): Promise<bigint> {
  const [current, , , deadline] = await f.verifier.scheduleOf(await addrOf(node));
  return deadline + (period - current) * P;
}

/** The data a node keeps: the PDP tree of each deal it holds, by deal id. */
export type DealTrees = Map<string, PdpTree>;

/** Deal id -> tree for `files` stored by `owner`. */
export async function dealTrees(files: StoredFile[], owner: Signer | string): Promise<DealTrees> {
  const map: DealTrees = new Map();
  for (const file of files) map.set(await dealIdOf(file, owner), file.tree);
  return map;
}

/**
 * Mines until `node`'s proof window is open and builds its proof from the trees of the deals it holds
 * (a challenged piece is looked up in the verifier to find its deal). Skipped challenges need no tree.
 */
export async function proofFor(f: Fixture, node: Signer | string, deals: DealTrees) {
  const addr = await addrOf(node);
  const [, , opensAfter] = await f.verifier.scheduleOf(addr);
  await mineTo(opensAfter + 1n);
  const [period, seed, challenges] = await f.verifier.challengeOf(addr);
  const trees = new Map<bigint, PdpTree>();
  for (const c of challenges) {
    if (c.skip || trees.has(c.pieceId)) continue;
    const [dealId] = await f.verifier.pieceOf(addr, c.pieceId);
    const tree = deals.get(dealId);
    if (!tree) throw new Error(`node ${addr} has no data for deal ${dealId} (piece ${c.pieceId})`);
    trees.set(c.pieceId, tree);
  }
  const { leaves, proof } = buildNodeProof(challenges, trees);
  return { period, seed, challenges, leaves, proof };
}

/** Opens `node`'s window and proves its current period from `deals`. */
export async function proveDeals(f: Fixture, node: Signer, deals: DealTrees) {
  const { leaves, proof } = await proofFor(f, node, deals);
  return f.verifier.connect(node).prove(leaves, proof);
}

/** An honest node: it proves every period from the data of the deals it accepted. */
export interface Prover {
  node: Signer;
  deals: DealTrees;
}

/**
 * Mines up to block `to`, each prover proving every period whose window opens on the way (a proof sent
 * at latest = n lands in n + 1 <= to). Nodes not listed are offline. Returns the proof receipts.
 */
export async function advance(f: Fixture, to: bigint, provers: Prover[]) {
  const receipts: ContractTransactionReceipt[] = [];
  for (;;) {
    const now = await latest();
    if (now >= to) return receipts;
    let next = to;
    let proved = false;
    for (const p of provers) {
      const addr = await p.node.getAddress();
      const [total] = await f.verifier.weightOf(addr);
      if (total === 0n) continue;
      const [, , opensAfter, deadline] = await f.verifier.scheduleOf(addr);
      if (now > opensAfter && now < deadline) {
        receipts.push((await (await proveDeals(f, p.node, p.deals)).wait())!);
        proved = true;
        break;
      }
      if (opensAfter + 1n > now && opensAfter + 1n < next) next = opensAfter + 1n;
    }
    if (!proved) await mineTo(next);
  }
}

/** `node` accepts `dealId` as soon as its set is open, proving its current period first if frozen. */
export async function acceptOpen(f: Fixture, node: Signer, dealId: string, provers: Prover[] = []) {
  const addr = await node.getAddress();
  const me = provers.find((p) => p.node === node);
  while (await isFrozen(f, addr)) {
    const [, , opensAfter, deadline] = await f.verifier.scheduleOf(addr);
    const now = await latest();
    if (!me) throw new Error(`node ${addr} is frozen and has no data to prove with`);
    if (now >= deadline) throw new Error(`node ${addr} missed its deadline ${deadline}`);
    if (now > opensAfter) await proveDeals(f, node, me.deals);
    else await advance(f, opensAfter + 1n, provers);
  }
  return f.ledger.connect(node).acceptDeal(dealId);
}

/** Sets `file`'s expiry to `lifetime` blocks after the block its store lands in (now + 1). */
export async function expireIn(file: StoredFile, lifetime: bigint, extraBlocks = 0n) {
  file.option.expiredHeight = (await latest()) + 1n + extraBlocks + lifetime;
}

/** Stores every file from `owner` in one block, each offered to `offered`; returns the deal ids. */
export async function storeMany(
  f: Fixture,
  files: StoredFile[],
  offered: Signer[],
  owner: Signer = f.owner,
  lifetime = 400n,
  candidates: Signer[] = [],
): Promise<string[]> {
  const expiry = (await latest()) + 1n + lifetime;
  const to = await Promise.all(offered.map((s) => s.getAddress()));
  const cands = await Promise.all(candidates.map((s) => s.getAddress()));
  for (const file of files) file.option.expiredHeight = expiry;
  await inOneBlock(files.map((file) => () => f.ledger.connect(owner).storeFile(file.option, file.commit, to, cands)));
  return Promise.all(files.map((file) => dealIdOf(file, owner)));
}

/** `node` accepts every deal in one block; its set must be open. Returns the receipts. */
export async function acceptMany(f: Fixture, node: Signer, dealIds: string[]) {
  if (await isFrozen(f, node)) throw new Error("node is frozen: prove first");
  return inOneBlock(dealIds.map((id) => () => f.ledger.connect(node).acceptDeal(id)));
}

/** Stores one deal of `size` random bytes from `owner`; returns the file, its deal id, deposit and store receipt. */
export async function storeDeal(
  f: Fixture,
  size: number,
  seed: string,
  offered: Signer[],
  candidates: Signer[] = [],
  owner: Signer = f.owner,
  lifetime = 400n,
) {
  const file = makeFile(randomBytes(size, seed), { copyNum: offered.length - 1 });
  await expireIn(file, lifetime);
  const tx = await f.ledger
    .connect(owner)
    .storeFile(file.option, file.commit, await Promise.all(offered.map((s) => s.getAddress())), await Promise.all(candidates.map((s) => s.getAddress())));
  const rcpt = (await tx.wait())!;
  const dealId = await dealIdOf(file, owner);
  const { deposit } = await f.ledger.getFileInfo(dealId);
  return { file, dealId, deposit, rcpt, tx };
}
