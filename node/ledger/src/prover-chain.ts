/**
 * What the prover asks of the chain, and its implementation as an adapter over the ledger client
 * (`Ledger`: its provider, signer and bound contracts; reverts named by the one decoder in
 * errors.ts). The prover talks to the chain only through `ProverChain`, so its tests can wrap or
 * replace it. Every read goes to the node (no caches): the prover derives its whole state from
 * the chain on each block.
 */
import { getAddress, isAddress, type TransactionReceipt } from "ethers";
import { DspError, InvalidParams } from "@dsp/core";
import type { Ledger } from "./connect.js";
import { revertName } from "./errors.js";

/** One holder's proving state (FileLedger.holdersOf). */
export interface HolderView {
  node: string;
  /** the height whose block hash seeds the next challenge */
  nextChallenge: bigint;
  proofsDone: bigint;
  proofsLeft: bigint;
  started: boolean;
}

/** What a file's proofs are checked against; fixed when the file is stored. */
export interface FileTerms {
  dataRoot: string;
  leafCount: bigint;
  challengeCount: number;
  proofWindow: number;
  proveInterval: bigint;
}

export interface Assignment {
  fileHash: string;
  /** holder: HolderAssigned names this node (store or recovery); candidate: FileStored lists it as one */
  role: "holder" | "candidate";
  /** for a holder: assigned when the file was stored, or later in place of a failed holder (it must fetch the file itself) */
  via?: "store" | "recovery";
  block: bigint;
}

export interface ProofReceipt {
  txHash: string;
  gasUsed: bigint;
  challengeHeight: bigint;
  proofIndex: bigint;
  reward: bigint;
}

export interface ReportReceipt {
  txHash: string;
  gasUsed: bigint;
  challengeHeight: bigint;
  slashed: bigint;
  /** the reporter's share of the slash */
  toReporter: bigint;
}

export interface ClaimReceipt {
  txHash: string;
  amount: bigint;
  to: string;
}

export interface ProverChain {
  /** the node's account: it proves, reports and claims */
  readonly account: string;
  /** first block that can hold a ledger event */
  readonly startBlock: bigint;
  head(): Promise<bigint>;
  /** null when the block is not known (not mined, or pruned) */
  blockHash(height: bigint): Promise<string | null>;
  /** this node's assignments recorded in blocks [from, to] */
  assignments(from: bigint, to: bigint): Promise<Assignment[]>;
  /** null once the file is gone (deleted or settled) */
  fileTerms(fileHash: string): Promise<FileTerms | null>;
  /** active holders that still owe proofs; null once the file is gone */
  holders(fileHash: string): Promise<HolderView[] | null>;
  /** candidates not yet used for recovery; null once the file is gone */
  candidates(fileHash: string): Promise<string[] | null>;
  /** true while a transaction of the account waits in the mempool (sent by an earlier run, say) */
  hasPendingTransactions(): Promise<boolean>;
  prove(fileHash: string, leaves: Uint8Array, proof: Uint8Array): Promise<ProofReceipt>;
  /** whether reportMissed(fileHash, node) would succeed now (a dry run: no gas, no transaction) */
  canReportMissed(fileHash: string, node: string): Promise<boolean>;
  reportMissed(fileHash: string, node: string): Promise<ReportReceipt>;
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

  async assignments(from: bigint, to: bigint): Promise<Assignment[]> {
    const out: Assignment[] = [];
    const me = this.account.toLowerCase();
    for (let lo = from; lo <= to; lo += LOG_RANGE) {
      const hi = lo + LOG_RANGE - 1n < to ? lo + LOG_RANGE - 1n : to;
      const held = await this.read("HolderAssigned logs", () => this.ledger.queryFilter(this.ledger.filters.HolderAssigned(undefined, this.account), Number(lo), Number(hi)));
      const recovered = await this.read("RecoveryAssigned logs", () => this.ledger.queryFilter(this.ledger.filters.RecoveryAssigned(undefined, undefined, this.account), Number(lo), Number(hi)));
      // a recovery emits RecoveryAssigned and HolderAssigned in the same transaction
      const byRecovery = new Set(recovered.map((e) => `${e.transactionHash}:${e.args.fileHash}`));
      for (const e of held) {
        const via = byRecovery.has(`${e.transactionHash}:${e.args.fileHash}`) ? "recovery" : "store";
        out.push({ fileHash: e.args.fileHash, role: "holder", via, block: BigInt(e.blockNumber) });
      }
      // candidates are not indexed in FileStored: read every store and keep those naming this node
      const stored = await this.read("FileStored logs", () => this.ledger.queryFilter(this.ledger.filters.FileStored(), Number(lo), Number(hi)));
      for (const e of stored) {
        if (e.args.candidateNodes.some((a: string) => a.toLowerCase() === me)) out.push({ fileHash: e.args.fileHash, role: "candidate", block: BigInt(e.blockNumber) });
      }
    }
    return out;
  }

  fileTerms(fileHash: string): Promise<FileTerms | null> {
    return this.unlessGone("getFileInfo", async () => {
      const i = await this.ledger.getFileInfo(fileHash);
      return {
        dataRoot: i.dataRoot,
        leafCount: i.leafCount,
        challengeCount: Number(i.challengeCount),
        proofWindow: Number(i.proofWindow),
        proveInterval: i.proveInterval,
      };
    });
  }

  holders(fileHash: string): Promise<HolderView[] | null> {
    return this.unlessGone("holdersOf", async () => {
      const [nodes, states] = await this.ledger.holdersOf(fileHash);
      return nodes
        .map((node: string, i: number) => ({ node: getAddress(node), state: states[i] }))
        .filter(({ state }) => state.active && state.proofsLeft > 0n)
        .map(({ node, state }) => ({
          node,
          nextChallenge: state.nextChallenge,
          proofsDone: state.proofsDone,
          proofsLeft: state.proofsLeft,
          started: state.started,
        }));
    });
  }

  candidates(fileHash: string): Promise<string[] | null> {
    return this.unlessGone("candidatesOf", async () => (await this.ledger.candidatesOf(fileHash)).map((a: string) => getAddress(a)));
  }

  async hasPendingTransactions(): Promise<boolean> {
    const [pending, latest] = await this.read("eth_getTransactionCount", () =>
      Promise.all([this.provider.getTransactionCount(this.account, "pending"), this.provider.getTransactionCount(this.account, "latest")]),
    );
    return pending > latest;
  }

  async prove(fileHash: string, leaves: Uint8Array, proof: Uint8Array): Promise<ProofReceipt> {
    const receipt = await this.send("PDPVerifier.prove", () => this.verifier.prove(fileHash, leaves, proof));
    const e = this.event(receipt, this.verifier.interface, "PossessionProven");
    return { txHash: receipt.hash, gasUsed: receipt.gasUsed, challengeHeight: e.challengeHeight, proofIndex: e.proofIndex, reward: e.reward };
  }

  async canReportMissed(fileHash: string, node: string): Promise<boolean> {
    try {
      await this.verifier.reportMissed.staticCall(fileHash, node);
      return true;
    } catch (e) {
      if (revertName(e)) return false;
      throw new ChainError("reportMissed dry run", undefined, e);
    }
  }

  async reportMissed(fileHash: string, node: string): Promise<ReportReceipt> {
    const receipt = await this.send("PDPVerifier.reportMissed", () => this.verifier.reportMissed(fileHash, node));
    const missed = this.event(receipt, this.verifier.interface, "ProofMissed");
    const slashed = this.event(receipt, this.registry.interface, "NodeSlashed");
    return { txHash: receipt.hash, gasUsed: receipt.gasUsed, challengeHeight: missed.challengeHeight, slashed: missed.slashed, toReporter: slashed.toReporter };
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
  private event(receipt: TransactionReceipt, iface: { parseLog(log: { topics: string[]; data: string }): { name: string; args: unknown } | null }, name: string) {
    for (const log of receipt.logs) {
      let parsed: { name: string; args: unknown } | null = null;
      try {
        parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
      } catch {
        continue; // another contract's event
      }
      if (parsed?.name === name) return parsed.args as Record<string, bigint> & { to: string };
    }
    throw new ChainError(`reading ${name} from transaction ${receipt.hash}`, undefined, new Error("event missing"));
  }
}
