/**
 * What the prover asks of the chain, and its implementation as an adapter over the ledger client
 * (`Ledger`: its provider, signer and bound contracts; reverts named by the one decoder in
 * errors.ts). The prover talks to the chain only through `ProverChain`, so its tests can wrap or
 * replace it. Every read goes to the node (no caches): the prover derives its whole state from
 * the chain on each block.
 *
 * Ledger v2 (docs/proofs.md): a node is bound only by deals it accepted; it proves all of them with
 * one proof per proving period, over the challenges PDPVerifier draws across its whole proof set.
 */
import { getAddress, isAddress, type TransactionReceipt } from "ethers";
import { DspError, InvalidParams } from "@dsp/core";
import type { Ledger } from "./connect.js";
import { revertName } from "./errors.js";

/** A deal's terms: what its piece is checked against (FileLedger.getFileInfo). */
export interface DealView {
  dealId: string;
  fileHash: string;
  owner: string;
  dataRoot: string;
  leafCount: bigint;
  fileSize: bigint;
  expiredHeight: bigint;
  privilege: number;
}

/** One node's slot in a deal (FileLedger.holdersOf). */
export interface SlotView {
  node: string;
  status: "offered" | "active";
  pieceId: bigint;
  firstPeriod: bigint;
  lastPeriod: bigint;
  /** last block the offer can be accepted in (offered) */
  offeredUntil: bigint;
}

/** A node's proving schedule (PDPVerifier.scheduleOf and weightOf). */
export interface Schedule {
  period: bigint;
  /** first of the 4 blocks whose hashes seed the period's challenges; the set is frozen from here to the proof */
  seedFrom: bigint;
  /** the proof window is (opensAfter, deadline] */
  opensAfter: bigint;
  deadline: bigint;
  periodStart: bigint;
  /** leaves in the node's sum tree (0: nothing to prove) and those of pieces not removed */
  totalWeight: bigint;
  liveWeight: bigint;
}

export interface LocatedChallenge {
  position: bigint;
  pieceId: bigint;
  leafIndex: bigint;
  /** the piece was removed or is past its last period: no leaf is sent for it */
  skip: boolean;
}

/** A node's current challenges (PDPVerifier.challengeOf): empty with a zero seed until the window opens. */
export interface ChallengeView {
  period: bigint;
  seed: string;
  challenges: LocatedChallenge[];
}

/** Something that happened to this node in a deal, from the ledger's logs. */
export interface DealEvent {
  dealId: string;
  /** offered: asked to store (or, as a candidate, to take over); accepted; released (left the deal);
   * withdrawn (its offer was declined or lapsed); candidate: FileStored lists it as a candidate */
  kind: "offered" | "accepted" | "released" | "withdrawn" | "candidate";
  block: bigint;
  /** for offered: the offer came with the store (the owner sends the data) or later (fetch it from a holder) */
  via?: "store" | "recovery";
  /** for released: Deleted, Expired, Recovered or Lost */
  reason?: "deleted" | "expired" | "recovered" | "lost";
}

export interface ProofReceipt {
  txHash: string;
  gasUsed: bigint;
  period: bigint;
  reward: bigint;
  challenged: number;
  skipped: number;
}

export interface ReportReceipt {
  txHash: string;
  gasUsed: bigint;
  period: bigint;
  slashed: bigint;
  /** the reporter's share of the slash */
  toReporter: bigint;
}

export interface ClaimReceipt {
  txHash: string;
  amount: bigint;
  to: string;
}

export interface TxReceipt {
  txHash: string;
  gasUsed: bigint;
}

export interface ProverChain {
  /** the node's account: it accepts, proves, reports and claims */
  readonly account: string;
  /** first block that can hold a ledger event */
  readonly startBlock: bigint;
  head(): Promise<bigint>;
  /** null when the block is not known (not mined, or pruned) */
  blockHash(height: bigint): Promise<string | null>;
  /** what happened to this node in deals in blocks [from, to], in log order */
  dealEvents(from: bigint, to: bigint): Promise<DealEvent[]>;
  /** null once the deal is gone (deleted, settled or lost) */
  deal(dealId: string): Promise<DealView | null>;
  /** every node offered or holding the deal; null once the deal is gone */
  slots(dealId: string): Promise<SlotView[] | null>;
  /** candidates not yet asked; null once the deal is gone */
  candidates(dealId: string): Promise<string[] | null>;
  schedule(node: string): Promise<Schedule>;
  challenge(node: string): Promise<ChallengeView>;
  /** the deal a piece of `node`'s set proves, or null if the id is free */
  piece(node: string, pieceId: bigint): Promise<{ dealId: string; lastPeriod: bigint; removed: boolean } | null>;
  /** faultedPeriod: the period the node missed last and has not proved since, or null */
  nodeAccount(node: string): Promise<{ rate: bigint; provenPeriods: bigint; faultedPeriod: bigint | null }>;
  /** true while a transaction of the account waits in the mempool (sent by an earlier run, say) */
  hasPendingTransactions(): Promise<boolean>;
  accept(dealId: string): Promise<TxReceipt>;
  decline(dealId: string): Promise<TxReceipt>;
  lapse(dealId: string, node: string): Promise<TxReceipt>;
  recover(dealId: string, node: string): Promise<TxReceipt>;
  prove(leaves: Uint8Array, proof: Uint8Array): Promise<ProofReceipt>;
  /** whether reportMissed(node) would succeed now (a dry run: no gas, no transaction) */
  canReportMissed(node: string): Promise<boolean>;
  reportMissed(node: string): Promise<ReportReceipt>;
  rewards(): Promise<bigint>;
  claimRewards(to: string): Promise<ClaimReceipt>;
}

/** 50023 CHAIN_ERROR: a call or transaction failed; `revert` names the contract error, if any. */
export class ChainError extends DspError {
  override name = "ChainError";
  constructor(what: string, readonly revert: string | undefined, cause: unknown) {
    super(50023, `${what} failed${revert ? `: ${revert}` : ""}`, { cause });
  }
}

/** Blocks per eth_getLogs request, below the usual limits of public RPC nodes. */
const LOG_RANGE = 5_000n;

const RELEASE_REASONS = ["deleted", "expired", "recovered", "lost"] as const;
const NO_FAULT = 2n ** 32n - 1n;

export class LedgerChain implements ProverChain {
  private constructor(readonly account: string, readonly startBlock: bigint, private readonly client: Ledger) {}

  /** The prover's chain over `ledger`, which must have a signer: the node proves, reports and claims with it. */
  static async connect(ledger: Ledger): Promise<LedgerChain> {
    return new LedgerChain(getAddress(ledger.address("proving")), BigInt(ledger.deployments.startBlock), ledger);
  }

  private get ledger() {
    return this.client.contracts.ledger;
  }

  private get verifier() {
    return this.client.contracts.verifier;
  }

  private get registry() {
    return this.client.contracts.registry;
  }

  private get provider() {
    return this.client.provider;
  }

  async head(): Promise<bigint> {
    // straight from the node: ethers' getBlockNumber caches for a polling interval
    return BigInt(await this.read("eth_blockNumber", () => this.provider.send("eth_blockNumber", [])));
  }

  async blockHash(height: bigint): Promise<string | null> {
    const block = await this.read("eth_getBlockByNumber", () => this.provider.getBlock(height));
    return block?.hash ?? null;
  }

  async dealEvents(from: bigint, to: bigint): Promise<DealEvent[]> {
    const out: (DealEvent & { order: number })[] = [];
    const me = this.account.toLowerCase();
    const l = this.ledger;
    for (let lo = from; lo <= to; lo += LOG_RANGE) {
      const hi = lo + LOG_RANGE - 1n < to ? lo + LOG_RANGE - 1n : to;
      const q = <T>(what: string, filter: T) => this.read(`${what} logs`, () => l.queryFilter(filter as never, Number(lo), Number(hi)));
      const [stored, offered, accepted, released, withdrawn] = await Promise.all([
        q("FileStored", l.filters.FileStored()),
        q("SlotOffered", l.filters.SlotOffered(undefined, this.account)),
        q("DealAccepted", l.filters.DealAccepted(undefined, this.account)),
        q("HolderReleased", l.filters.HolderReleased(undefined, this.account)),
        q("OfferWithdrawn", l.filters.OfferWithdrawn(undefined, this.account)),
      ]);
      // an offer made in the store transaction itself comes with the data from the owner
      const storeTxs = new Set<string>();
      for (const e of stored as any[]) {
        storeTxs.add(`${e.transactionHash}:${e.args.dealId}`);
        if (e.args.candidates.some((a: string) => a.toLowerCase() === me)) {
          out.push({ dealId: e.args.dealId, kind: "candidate", block: BigInt(e.blockNumber), order: order(e) });
        }
      }
      for (const e of offered as any[]) {
        const via = storeTxs.has(`${e.transactionHash}:${e.args.dealId}`) ? "store" : "recovery";
        out.push({ dealId: e.args.dealId, kind: "offered", via, block: BigInt(e.blockNumber), order: order(e) });
      }
      for (const e of accepted as any[]) out.push({ dealId: e.args.dealId, kind: "accepted", block: BigInt(e.blockNumber), order: order(e) });
      for (const e of released as any[]) {
        out.push({ dealId: e.args.dealId, kind: "released", reason: RELEASE_REASONS[Number(e.args.reason)], block: BigInt(e.blockNumber), order: order(e) });
      }
      for (const e of withdrawn as any[]) out.push({ dealId: e.args.dealId, kind: "withdrawn", block: BigInt(e.blockNumber), order: order(e) });
    }
    return out.sort((a, b) => a.order - b.order).map(({ order: _o, ...e }) => e);
  }

  deal(dealId: string): Promise<DealView | null> {
    return this.unlessGone("getFileInfo", async () => {
      const i = await this.ledger.getFileInfo(dealId);
      return {
        dealId,
        fileHash: i.fileHash,
        owner: getAddress(i.owner),
        dataRoot: i.dataRoot,
        leafCount: i.leafCount,
        fileSize: i.realFileSize,
        expiredHeight: i.expiredHeight,
        privilege: Number(i.privilege),
      };
    });
  }

  slots(dealId: string): Promise<SlotView[] | null> {
    return this.unlessGone("holdersOf", async () => {
      const [nodes, slots] = await this.ledger.holdersOf(dealId);
      return nodes.map((node: string, i: number) => ({
        node: getAddress(node),
        status: slots[i].status === 2n ? ("active" as const) : ("offered" as const),
        pieceId: slots[i].pieceId,
        firstPeriod: slots[i].firstPeriod,
        lastPeriod: slots[i].lastPeriod,
        offeredUntil: slots[i].offeredUntil,
      }));
    });
  }

  candidates(dealId: string): Promise<string[] | null> {
    return this.unlessGone("candidatesOf", async () => (await this.ledger.candidatesOf(dealId)).map((a: string) => getAddress(a)));
  }

  async schedule(node: string): Promise<Schedule> {
    const [[period, seedFrom, opensAfter, deadline, periodStart], [total, live]] = await this.read("scheduleOf", () =>
      Promise.all([this.verifier.scheduleOf(node), this.verifier.weightOf(node)]),
    );
    return { period, seedFrom, opensAfter, deadline, periodStart, totalWeight: total, liveWeight: live };
  }

  async challenge(node: string): Promise<ChallengeView> {
    const [period, seed, list] = await this.read("challengeOf", () => this.verifier.challengeOf(node));
    return {
      period,
      seed,
      challenges: list.map((c: any) => ({ position: c.position, pieceId: c.pieceId, leafIndex: c.leafIndex, skip: c.skip })),
    };
  }

  async piece(node: string, pieceId: bigint) {
    const [dealId, , leafCount, lastPeriod, removed] = await this.read("pieceOf", () => this.verifier.pieceOf(node, pieceId));
    return leafCount === 0n ? null : { dealId, lastPeriod, removed };
  }

  async nodeAccount(node: string) {
    const [rate, provenPeriods, faulted] = await this.read("nodeAccount", () => this.ledger.nodeAccount(node));
    return { rate, provenPeriods, faultedPeriod: faulted === NO_FAULT ? null : faulted };
  }

  async hasPendingTransactions(): Promise<boolean> {
    const [pending, latest] = await this.read("eth_getTransactionCount", () =>
      Promise.all([this.provider.getTransactionCount(this.account, "pending"), this.provider.getTransactionCount(this.account, "latest")]),
    );
    return pending > latest;
  }

  async accept(dealId: string): Promise<TxReceipt> {
    return brief(await this.send("FileLedger.acceptDeal", () => this.ledger.acceptDeal(dealId)));
  }

  async decline(dealId: string): Promise<TxReceipt> {
    return brief(await this.send("FileLedger.declineDeal", () => this.ledger.declineDeal(dealId)));
  }

  async lapse(dealId: string, node: string): Promise<TxReceipt> {
    return brief(await this.send("FileLedger.lapseOffer", () => this.ledger.lapseOffer(dealId, node)));
  }

  async recover(dealId: string, node: string): Promise<TxReceipt> {
    return brief(await this.send("FileLedger.recover", () => this.ledger.recover(dealId, node)));
  }

  async prove(leaves: Uint8Array, proof: Uint8Array): Promise<ProofReceipt> {
    const receipt = await this.send("PDPVerifier.prove", () => this.verifier.prove(leaves, proof));
    const e = this.event(receipt, this.verifier.interface, "PeriodProven");
    return {
      txHash: receipt.hash,
      gasUsed: receipt.gasUsed,
      period: e.period,
      reward: e.reward,
      challenged: Number(e.challenged),
      skipped: Number(e.skipped),
    };
  }

  async canReportMissed(node: string): Promise<boolean> {
    let slashed: bigint;
    try {
      slashed = await this.verifier.reportMissed.staticCall(node);
    } catch (e) {
      if (revertName(e)) return false;
      throw new ChainError("reportMissed dry run", undefined, e);
    }
    if (slashed > 0n) return true;
    // Nothing slashed: either the period's challenges all fell on removed or finished pieces (it counts
    // as proved: nothing to report), or a real miss of a node whose pledge is already gone. The latter
    // must still be reported: only a report faults the node and opens its deals to recovery.
    const { challenges } = await this.challenge(node);
    return !(challenges.length > 0 && challenges.every((c) => c.skip));
  }

  async reportMissed(node: string): Promise<ReportReceipt> {
    const receipt = await this.send("PDPVerifier.reportMissed", () => this.verifier.reportMissed(node));
    const missed = this.find(receipt, this.verifier.interface, "PeriodMissed");
    if (!missed) {
      // the period's challenges were all skipped: the verifier counted it as proved (PeriodProven), nobody is slashed
      const proven = this.event(receipt, this.verifier.interface, "PeriodProven");
      return { txHash: receipt.hash, gasUsed: receipt.gasUsed, period: proven.period, slashed: 0n, toReporter: 0n };
    }
    const slashed = this.find(receipt, this.registry.interface, "NodeSlashed");
    return { txHash: receipt.hash, gasUsed: receipt.gasUsed, period: missed.period, slashed: missed.slashed, toReporter: slashed?.toReporter ?? 0n };
  }

  rewards(): Promise<bigint> {
    return this.read("rewardsOf", () => this.ledger.rewardsOf(this.account));
  }

  async claimRewards(to: string): Promise<ClaimReceipt> {
    if (!isAddress(to)) throw new InvalidParams(`cannot send rewards to "${to}": not an address`);
    const receipt = await this.send("FileLedger.claimRewards", () => this.ledger.claimRewards(to));
    const e = this.event(receipt, this.ledger.interface, "RewardsClaimed");
    return { txHash: receipt.hash, amount: e.amount, to: getAddress(e.to) };
  }

  private async read<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw new ChainError(what, revertName(e), e);
    }
  }

  /** The call's result, or null when the ledger says the file does not exist (any more). */
  private async unlessGone<T>(what: string, call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (e) {
      if (revertName(e) === "FileNotFound") return null;
      throw new ChainError(what, revertName(e), e);
    }
  }

  private async send(what: string, submit: () => Promise<{ wait(): Promise<unknown> }>): Promise<TransactionReceipt> {
    try {
      const tx = await submit();
      const receipt = (await tx.wait()) as TransactionReceipt | null;
      if (!receipt) throw new Error("no receipt");
      return receipt;
    } catch (e) {
      throw new ChainError(what, revertName(e), e);
    }
  }

  /** The args of the first `name` event in the receipt (by the emitting contract's ABI). */
  private event(receipt: TransactionReceipt, iface: LogParser, name: string) {
    const found = this.find(receipt, iface, name);
    if (!found) throw new ChainError(`reading ${name} from transaction ${receipt.hash}`, undefined, new Error("event missing"));
    return found;
  }

  /** The args of the first `name` event in the receipt, or null. */
  private find(receipt: TransactionReceipt, iface: LogParser, name: string) {
    for (const log of receipt.logs) {
      let parsed: { name: string; args: unknown } | null = null;
      try {
        parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
      } catch {
        continue; // another contract's event
      }
      if (parsed?.name === name) return parsed.args as Record<string, bigint> & { to: string };
    }
    return null;
  }
}

type LogParser = { parseLog(log: { topics: string[]; data: string }): { name: string; args: unknown } | null };

function order(e: { blockNumber: number; index?: number; logIndex?: number }): number {
  return e.blockNumber * 1_000_000 + (e.index ?? e.logIndex ?? 0);
}

function brief(r: TransactionReceipt): TxReceipt {
  return { txHash: r.hash, gasUsed: r.gasUsed };
}
