/**
 * Ledger v2 actions for tests, on any signer's bound contracts (bindContracts or Ledger.contracts):
 * a node accepts an offer, proves its current period from the PDP trees of the deals it holds (one
 * proof per node per period), a reporter reports a missed period, anyone recovers a faulted
 * holder's slot. Each mines what it must (the chain is a test chain) and reads back what the
 * contracts emitted. Not a test file.
 */
import { getAddress, type TransactionReceipt } from "ethers";
import { buildNodeProof, type NodeChallenge, type PdpTree } from "@dsp/core";
import type { LedgerContracts } from "@dsp/ledger";
import type { TestChain } from "./chain.js";

/** The PDP tree of a deal's data as an honest holder keeps it, or undefined if it has none. */
export type TreeOf = (dealId: string) => PdpTree | undefined;

export interface NodeProof {
  txHash: string;
  gasUsed: bigint;
  period: bigint;
  challenged: number;
  skipped: number;
  reward: bigint;
  /** the challenges as PDPVerifier.challengeOf located them */
  challenges: NodeChallenge[];
  seed: string;
}

export interface MissReport {
  txHash: string;
  period: bigint;
  /** what left the node's pledge (0 when the period's challenges were all skipped: it counted as proved) */
  slashed: bigint;
  /** false when the verifier counted the period as proved (every challenge skipped) */
  missed: boolean;
}

/** `node`'s current schedule and set weight. */
export async function scheduleOf(c: LedgerContracts, node: string) {
  const [[period, seedFrom, opensAfter, deadline, periodStart], [total, live]] = await Promise.all([c.verifier.scheduleOf(node), c.verifier.weightOf(node)]);
  return { period, seedFrom, opensAfter, deadline, periodStart, total, live };
}

/** Mines until block `height` is the head (nothing when it already is or is past it). */
export async function mineTo(chain: TestChain, height: bigint) {
  const head = await chain.head();
  if (head < height) await chain.mine(height - head);
}

/** Mines until `node`'s proof window is open (the head past opensAfter) and returns its located challenges. */
export async function openWindow(chain: TestChain, c: LedgerContracts, node: string) {
  const s = await scheduleOf(c, node);
  if (s.total === 0n) throw new Error(`node ${node} has nothing to prove`);
  const head = await chain.head();
  // the proof lands in head + 1, which must not be past the deadline
  if (head >= s.deadline) throw new Error(`node ${node} missed period ${s.period} (deadline ${s.deadline}, now ${head}): report it first`);
  await mineTo(chain, s.opensAfter + 1n);
  const [period, seed, list] = await c.verifier.challengeOf(node);
  const challenges = list.map((x) => ({ position: x.position, pieceId: x.pieceId, leafIndex: x.leafIndex, skip: x.skip }));
  return { schedule: s, period, seed, challenges };
}

/**
 * `node` (whose signer `c` is bound to) proves its current period: it opens the window, maps each
 * challenged piece to its deal (PDPVerifier.pieceOf) and that deal to its tree, and sends the
 * proof. `tamper` may change the proof before it is sent (a lying holder).
 */
export async function proveNodePeriod(
  chain: TestChain,
  c: LedgerContracts,
  node: string,
  treeOf: TreeOf,
  tamper?: (p: { leaves: Uint8Array; proof: Uint8Array }) => { leaves: Uint8Array; proof: Uint8Array },
): Promise<NodeProof> {
  const { seed, challenges } = await openWindow(chain, c, node);
  const trees = new Map<bigint, PdpTree>();
  for (const id of new Set(challenges.filter((x) => !x.skip).map((x) => x.pieceId))) {
    const [dealId] = await c.verifier.pieceOf(node, id);
    const tree = treeOf(dealId);
    if (!tree) throw new Error(`node ${node} has no data for deal ${dealId} (piece ${id})`);
    trees.set(id, tree);
  }
  let proof = buildNodeProof(challenges, (id) => trees.get(id)!);
  if (tamper) proof = tamper(proof);
  const receipt = await wait(c.verifier.prove(proof.leaves, proof.proof));
  const e = parse(receipt, c.verifier.interface, "PeriodProven");
  if (!e) throw new Error(`prove of ${node}: no PeriodProven in ${receipt.hash}`);
  return {
    txHash: receipt.hash, gasUsed: receipt.gasUsed, period: e.period, challenged: Number(e.challenged), skipped: Number(e.skipped), reward: e.reward,
    challenges, seed,
  };
}

/** Mines past `node`'s deadline and reports the missed period from `c`'s signer (the reporter). */
export async function reportMissedPeriod(chain: TestChain, c: LedgerContracts, node: string): Promise<MissReport> {
  const s = await scheduleOf(c, node);
  // reportMissed needs block.number > deadline: the report lands in head + 1
  await mineTo(chain, s.deadline);
  const receipt = await wait(c.verifier.reportMissed(node));
  const missed = parse(receipt, c.verifier.interface, "PeriodMissed");
  if (missed) return { txHash: receipt.hash, period: missed.period, slashed: missed.slashed, missed: true };
  const proven = parse(receipt, c.verifier.interface, "PeriodProven");
  return { txHash: receipt.hash, period: proven?.period ?? s.period, slashed: 0n, missed: false };
}

/**
 * `node` accepts its offer in `dealId`. A node whose set is frozen (from its period's first seed
 * block until the period is proved) proves that period first, as an honest node retries after its
 * proof; a node past its deadline cannot, and this throws.
 */
export async function acceptOffer(chain: TestChain, c: LedgerContracts, node: string, dealId: string, treeOf: TreeOf) {
  const s = await scheduleOf(c, node);
  const head = await chain.head();
  if (s.total !== 0n && head + 1n >= s.seedFrom) {
    if (head >= s.deadline) throw new Error(`node ${node} is frozen and overdue (period ${s.period}, deadline ${s.deadline}): report it before it can accept`);
    await proveNodePeriod(chain, c, node, treeOf);
  }
  const receipt = await wait(c.ledger.acceptDeal(dealId));
  const e = parse(receipt, c.ledger.interface, "DealAccepted");
  if (!e) throw new Error(`accept of ${dealId} by ${node}: no DealAccepted in ${receipt.hash}`);
  return { txHash: receipt.hash, pieceId: e.pieceId as bigint, firstPeriod: e.firstPeriod as bigint, lastPeriod: e.lastPeriod as bigint, rate: e.rate as bigint };
}

/** Anyone (`c`'s signer) recovers faulted `node`'s slot in `dealId`; returns the candidate offered it next, if any. */
export async function recoverSlot(c: LedgerContracts, dealId: string, node: string) {
  const receipt = await wait(c.ledger.recover(dealId, node));
  const offered = parse(receipt, c.ledger.interface, "SlotOffered");
  const released = parse(receipt, c.ledger.interface, "HolderReleased");
  return {
    txHash: receipt.hash,
    offeredTo: offered ? getAddress(offered.node as unknown as string) : null,
    paid: (released?.paid as bigint) ?? 0n,
    left: (released?.left as bigint) ?? 0n,
    lost: parse(receipt, c.ledger.interface, "FileLost") !== null,
  };
}

async function wait(tx: Promise<{ wait(): Promise<unknown> }>): Promise<TransactionReceipt> {
  const receipt = (await (await tx).wait()) as TransactionReceipt | null;
  if (!receipt) throw new Error("no receipt");
  return receipt;
}

type Parser = { parseLog(log: { topics: string[]; data: string }): { name: string; args: unknown } | null };

/** The args of the first `name` event in the receipt, or null. */
export function parse(receipt: { logs: readonly { topics: readonly string[]; data: string }[] }, iface: Parser, name: string): Record<string, bigint> | null {
  for (const log of receipt.logs) {
    let e: { name: string; args: unknown } | null = null;
    try {
      e = iface.parseLog({ topics: [...log.topics], data: log.data });
    } catch {
      continue;
    }
    if (e?.name === name) return e.args as Record<string, bigint>;
  }
  return null;
}
