/**
 * The holder's proving service (docs/proving.md): on every new block it reads, from the chain,
 * which files this node holds or stands candidate for, proves each of its challenges once the
 * challenge block is mined, reports the other holders whose windows passed without a proof, and
 * claims rewards on demand or above a threshold.
 *
 * Nothing it needs survives in memory: files come from the ledger's logs (rescanned from the
 * deployment block at start), schedules and who has proved from holdersOf, and a proof already
 * made has moved the holder's next challenge on. So a restart resumes where the chain is, and
 * cannot submit a proof twice. What memory holds is only to keep quiet: a failure is reported
 * once per challenge, not once per block.
 */
import { getAddress, isAddress } from "ethers";
import type { FileStore } from "../fs/file-store.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { provePdp, type PdpProof } from "../fs/pdp-prover.js";
import { FileNotFound } from "../fs/errors.js";
import { deriveChallenge } from "@dsp/core";
import { DspError, InternalError, InvalidParams } from "@dsp/core";
import { ChainError, type FileTerms, type HolderView, type ProverChain } from "@dsp/ledger";
import { followHeads } from "./heads.js";
import { ProofDataMismatch, ProofDataUnavailable, ProofWindowMissed } from "./errors.js";

export type ProverEvent =
  /** `via: "recovery"`: this node took the file over from a failed holder and must fetch it (node/fs-node/src/service/keeper.ts) */
  | { type: "prover:file:tracked"; detail: { fileHash: string; role: "holder" | "candidate"; via?: "store" | "recovery" } }
  | { type: "prover:file:dropped"; detail: { fileHash: string; why: string } }
  | { type: "prover:proof:submitted"; detail: { fileHash: string; challengeHeight: bigint; proofIndex: bigint; gasUsed: bigint; reward: bigint; txHash: string } }
  | { type: "prover:proof:failed"; detail: { fileHash: string; challengeHeight: bigint; code: number; error: DspError } }
  | { type: "prover:missed:reported"; detail: { fileHash: string; node: string; challengeHeight: bigint; slashed: bigint; toReporter: bigint; txHash: string } }
  | { type: "prover:rewards:claimed"; detail: { amount: bigint; to: string; txHash: string } }
  | { type: "prover:synced"; detail: { height: bigint } }
  | { type: "prover:error"; detail: { error: DspError } };

export interface ProverInit {
  chain: ProverChain;
  files: FileStore;
  /** milliseconds between two polls of the head; 1000 unless said */
  pollIntervalMs?: number;
  /** claim as soon as the unclaimed rewards reach this (wei); never automatically unless set */
  claimThreshold?: bigint;
  /** where automatic claims send the tokens; the node's account unless said */
  claimTo?: string;
  onProgress?: (event: ProverEvent) => void;
}

type Role = "holder" | "candidate";

export class Prover {
  private readonly chain: ProverChain;
  private readonly files: FileStore;
  private readonly pollIntervalMs: number;
  private readonly claimThreshold?: bigint;
  private readonly claimTo: string;
  private readonly onProgress?: (event: ProverEvent) => void;

  /** files this node holds or stands candidate for, from the ledger's logs */
  private readonly tracked = new Map<string, Role>();
  private readonly terms = new Map<string, FileTerms>();
  private scannedTo = -1n;
  /** per file, the failures of its current challenge: told once; `final` ones are not retried before the next challenge */
  private readonly failures = new Map<string, { challenge: bigint; codes: Set<number>; final: boolean }>();
  /** transactions go one at a time, so that the loop and an on-demand claim never race for a nonce */
  private sending: Promise<unknown> = Promise.resolve();

  private controller?: AbortController;
  private loop?: Promise<void>;
  private syncedTo = -1n;
  private waiters: { height: bigint; resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(init: ProverInit) {
    const poll = init.pollIntervalMs ?? 1000;
    if (!(Number.isFinite(poll) && poll > 0)) throw new InvalidParams(`poll interval must be a positive number of ms, not ${poll}`);
    if (init.claimThreshold !== undefined && init.claimThreshold <= 0n) throw new InvalidParams(`claim threshold must be positive, not ${init.claimThreshold}`);
    if (init.claimTo !== undefined && !isAddress(init.claimTo)) throw new InvalidParams(`cannot send rewards to "${init.claimTo}": not an address`);
    this.chain = init.chain;
    this.files = init.files;
    this.pollIntervalMs = poll;
    this.claimThreshold = init.claimThreshold;
    this.claimTo = getAddress(init.claimTo ?? init.chain.account);
    this.onProgress = init.onProgress;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Follows the chain until stop() or until `signal` aborts. */
  start({ signal }: { signal?: AbortSignal } = {}): void {
    if (this.loop) throw new InvalidParams("the prover is already running");
    const controller = new AbortController();
    if (signal?.aborted) controller.abort(signal.reason);
    signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    this.controller = controller;
    this.loop = this.run(controller.signal).finally(() => {
      this.loop = undefined;
      const waiters = this.waiters.splice(0);
      for (const w of waiters) w.reject(new InternalError("the prover stopped before reaching that height"));
    });
  }

  /** Stops following the chain; resolves once the block being handled is done. */
  /**
   * The store now has `fileHash` (a transfer finished): a challenge that failed because the file
   * was missing is tried again at the next poll rather than at the next challenge.
   */
  fileArrived(fileHash: string): void {
    this.failures.delete(fileHash.toLowerCase());
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  /** Resolves once every block up to `height` has been handled. */
  synced(height: bigint): Promise<void> {
    if (this.syncedTo >= height) return Promise.resolve();
    if (!this.loop) return Promise.reject(new InvalidParams("the prover is not running"));
    return new Promise((resolve, reject) => this.waiters.push({ height, resolve, reject }));
  }

  /**
   * Sends the node's unclaimed rewards to `to` (the node's account unless said). Sends nothing
   * and returns 0 when there is nothing to claim.
   */
  async claimRewards({ to }: { to?: string } = {}): Promise<{ amount: bigint; txHash?: string }> {
    if (to !== undefined && !isAddress(to)) throw new InvalidParams(`cannot send rewards to "${to}": not an address`);
    return this.exclusive(async () => {
      if ((await this.chain.rewards()) === 0n) return { amount: 0n };
      const r = await this.chain.claimRewards(getAddress(to ?? this.chain.account));
      this.emit({ type: "prover:rewards:claimed", detail: { amount: r.amount, to: r.to, txHash: r.txHash } });
      return { amount: r.amount, txHash: r.txHash };
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const onError = (e: unknown) => this.emit({ type: "prover:error", detail: { error: asDspError(e) } });
    await followHeads(() => this.chain.head(), async (head) => {
      await this.handle(head, signal);
      if (signal.aborted) return;
      this.syncedTo = head;
      this.emit({ type: "prover:synced", detail: { height: head } });
      this.waiters = this.waiters.filter((w) => (w.height <= head ? (w.resolve(), false) : true));
    }, { intervalMs: this.pollIntervalMs, signal, onError });
  }

  /** Everything due at `head`, one file after another. */
  private async handle(head: bigint, signal: AbortSignal): Promise<void> {
    await this.discover(head);
    for (const [fileHash, role] of [...this.tracked]) {
      if (signal.aborted) return;
      try {
        await this.handleFile(fileHash, role, head, signal);
      } catch (e) {
        if (signal.aborted) return;
        this.emit({ type: "prover:error", detail: { error: asDspError(e) } });
      }
    }
    if (this.claimThreshold !== undefined && (await this.chain.rewards()) >= this.claimThreshold) await this.claimRewards({ to: this.claimTo });
  }

  /** New assignments in the blocks not yet read (from the deployment block after a start). */
  private async discover(head: bigint): Promise<void> {
    const from = this.scannedTo < 0n ? this.chain.startBlock : this.scannedTo + 1n;
    if (from > head) return;
    for (const a of await this.chain.assignments(from, head)) {
      const fileHash = a.fileHash.toLowerCase();
      const was = this.tracked.get(fileHash);
      // holding outranks standing candidate: a recovery turns a candidate into a holder
      if (was === "holder" || was === a.role) continue;
      this.tracked.set(fileHash, a.role);
      this.emit({ type: "prover:file:tracked", detail: { fileHash, role: a.role, ...(a.via && { via: a.via }) } });
    }
    this.scannedTo = head;
  }

  private async handleFile(fileHash: string, role: Role, head: bigint, signal: AbortSignal): Promise<void> {
    const holders = await this.chain.holders(fileHash);
    const terms = holders && (this.terms.get(fileHash) ?? (await this.chain.fileTerms(fileHash)));
    if (!holders || !terms) return this.drop(fileHash, "the file is no longer on the ledger");
    this.terms.set(fileHash, terms);
    const mine = holders.find((h) => h.node === this.chain.account);
    if (mine) await this.proveIfDue(fileHash, terms, mine, head, signal);
    else if (role === "holder" || !(await this.chain.candidates(fileHash))?.includes(this.chain.account)) {
      return this.drop(fileHash, "this node owes no proof of the file and is not among its candidates");
    }
    for (const h of holders) {
      if (signal.aborted) return;
      if (h !== mine && head > h.nextChallenge + BigInt(terms.proofWindow)) await this.reportIfMissed(fileHash, h);
    }
  }

  private drop(fileHash: string, why: string): void {
    this.tracked.delete(fileHash);
    this.terms.delete(fileHash);
    this.failures.delete(fileHash);
    this.emit({ type: "prover:file:dropped", detail: { fileHash, why } });
  }

  private async proveIfDue(fileHash: string, terms: FileTerms, mine: HolderView, head: bigint, signal: AbortSignal): Promise<void> {
    const challenge = mine.nextChallenge;
    const deadline = challenge + BigInt(terms.proofWindow);
    // The seed needs the challenge block mined; the transaction lands in the next block at best.
    if (head <= challenge) return;
    if (head >= deadline) return this.fail(fileHash, challenge, new ProofWindowMissed(fileHash, challenge, deadline));
    if (this.failuresOf(fileHash, challenge).final) return;
    let proof: PdpProof;
    try {
      proof = await this.buildProof(fileHash, terms, mine, signal);
    } catch (e) {
      if (signal.aborted) return;
      const error = asDspError(e);
      // a chain read may succeed at the next block; missing or wrong data will not
      if (!(error instanceof ChainError)) this.failuresOf(fileHash, challenge).final = true;
      return this.fail(fileHash, challenge, error);
    }
    await this.exclusive(async () => {
      // A transaction from before a restart may still be pending: wait for it rather than race it.
      if (await this.chain.hasPendingTransactions()) return;
      try {
        const r = await this.chain.prove(fileHash, proof.leaves, proof.proof);
        this.emit({ type: "prover:proof:submitted", detail: { fileHash, challengeHeight: r.challengeHeight, proofIndex: r.proofIndex, gasUsed: r.gasUsed, reward: r.reward, txHash: r.txHash } });
      } catch (e) {
        this.fail(fileHash, challenge, asDspError(e));
      }
    });
  }

  /** The proof for the holder's next challenge, from the data in the store. */
  private async buildProof(fileHash: string, terms: FileTerms, mine: HolderView, signal: AbortSignal): Promise<PdpProof> {
    const bytes = Uint8Array.from(Buffer.from(fileHash.slice(2), "hex"));
    let dataRoot: Uint8Array | undefined;
    try {
      dataRoot = (await this.files.fileRecord(bytes)).dataRoot;
    } catch (e) {
      if (e instanceof FileNotFound) throw new ProofDataUnavailable(fileHash, "the file is not in this node's store", e);
      throw e;
    }
    // a file received by recovery may not have its PDP data yet (state 11)
    dataRoot ??= (await generatePdpData(this.files, bytes, { signal })).dataRoot;
    const local = "0x" + Buffer.from(dataRoot).toString("hex");
    if (local !== terms.dataRoot.toLowerCase()) throw new ProofDataMismatch(fileHash, terms.dataRoot, local);
    const blockHash = await this.chain.blockHash(mine.nextChallenge);
    if (!blockHash) throw new ChainError(`reading block ${mine.nextChallenge}`, undefined, new Error("block not found"));
    const { indices } = deriveChallenge({
      blockHash, fileHash, holder: this.chain.account, proofIndex: mine.proofsDone, leafCount: terms.leafCount, challengeCount: terms.challengeCount,
    });
    return provePdp(this.files, bytes, indices, { signal });
  }

  /** Reports `h` if the ledger agrees its window passed unproved; silent when someone was faster. */
  private async reportIfMissed(fileHash: string, h: HolderView): Promise<void> {
    await this.exclusive(async () => {
      if (await this.chain.hasPendingTransactions()) return;
      // the dry run is the on-chain check: it fails once anyone has reported this miss
      if (!(await this.chain.canReportMissed(fileHash, h.node))) return;
      try {
        const r = await this.chain.reportMissed(fileHash, h.node);
        this.emit({ type: "prover:missed:reported", detail: { fileHash, node: h.node, challengeHeight: r.challengeHeight, slashed: r.slashed, toReporter: r.toReporter, txHash: r.txHash } });
      } catch (e) {
        if (e instanceof ChainError && e.revert && ["NotHolder", "NoProofDue", "ProofNotOverdue"].includes(e.revert)) return;
        throw e;
      }
    });
  }

  private failuresOf(fileHash: string, challenge: bigint) {
    let f = this.failures.get(fileHash);
    if (f?.challenge !== challenge) this.failures.set(fileHash, (f = { challenge, codes: new Set(), final: false }));
    return f;
  }

  private fail(fileHash: string, challengeHeight: bigint, error: DspError): void {
    const { codes } = this.failuresOf(fileHash, challengeHeight);
    if (codes.has(error.code)) return;
    codes.add(error.code);
    this.emit({ type: "prover:proof:failed", detail: { fileHash, challengeHeight, code: error.code, error } });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.sending.then(task, task);
    this.sending = run.catch(() => {});
    return run;
  }

  private emit(event: ProverEvent): void {
    try {
      this.onProgress?.(event);
    } catch {
      /* a listener's failure is the listener's business */
    }
  }
}

function asDspError(e: unknown): DspError {
  return e instanceof DspError ? e : new InternalError(e instanceof Error ? e.message : String(e), { cause: e });
}
