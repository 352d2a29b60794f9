/**
 * The node's proving service (docs/proving.md), ledger v2: on every new block it
 *
 * 1. proves everything this node accepted with ONE proof for its current proving period: it reads
 *    the period's challenges (PDPVerifier.challengeOf, drawn over its whole proof set), groups them
 *    by piece, maps each piece to its deal and the deal to its File Hash, builds that file's
 *    multiproof from the challenged blocks only (pdp-prover.ts), and sends the concatenation;
 * 2. accepts the deals it was offered once the data is here and checked against the deal's terms
 *    (data root, size, leaf count), declines those whose data cannot match, and asks the keeper to
 *    fetch a file it was offered by recovery (from the deal's surviving holders);
 * 3. keeps its deals honest: reports a fellow holder that let its period pass unproved (the reporter
 *    gets a share of the slash), recovers the faulted holder's slots so the next candidate is asked,
 *    and lapses the offers of other nodes that passed their accept window;
 * 4. claims rewards on demand or above a threshold.
 *
 * The proof goes first in each block: deal housekeeping (one read per tracked deal) never delays it.
 * Serving downloads runs beside it in the FsNode under its own read budget (maxServeBatches); the
 * proof's block reads do not queue behind that budget, but they share the disk and the event loop,
 * so a node saturated by serving can still be slowed (docs/proving.md, "Limits").
 *
 * Restart safety: nothing it needs survives in memory. Deals come from the ledger's logs (rescanned
 * from the deployment block at start), slots from holdersOf, the period and its challenges from the
 * verifier. A proof already made has moved the node's period on, so a restarted prover cannot prove a
 * period twice; an accept already made shows as an active slot, so it is not sent again; one that was
 * down while a window opened proves as soon as it is back, if the window is still open. What memory
 * holds is only to keep quiet: a failure is reported once per period and code, not once per block.
 */
import { getAddress, isAddress } from "ethers";
import type { FileStore } from "../fs/file-store.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { provePdp } from "../fs/pdp-prover.js";
import { FileNotFound } from "../fs/errors.js";
import { DspError, InternalError, InvalidParams, leafCountOf, toHex } from "@dsp/core";
import { ChainError, type DealView, type LocatedChallenge, type ProverChain, type Schedule, type SlotView } from "@dsp/ledger";
import { followHeads } from "./heads.js";
import { hashBytes } from "./block-exchange.js";
import { ProofDataMismatch, ProofDataUnavailable, ProofWindowMissed } from "./errors.js";

export type DealRole = "offered" | "holder" | "candidate";

export type ProverEvent =
  /** a deal this node has a part in: offered a slot (`via` store: the owner sends the data; recovery: fetch it from the holders), holding it, or a candidate */
  | { type: "prover:deal:tracked"; detail: { dealId: string; fileHash: string; role: DealRole; via?: "store" | "recovery" } }
  | { type: "prover:deal:dropped"; detail: { dealId: string; why: string } }
  /** offered by recovery and the file is not here: fetch it from the deal's active holders (keeper.ts) */
  | { type: "prover:deal:fetch"; detail: { dealId: string; fileHash: string } }
  | { type: "prover:deal:accepted"; detail: { dealId: string; fileHash: string; txHash: string } }
  | { type: "prover:deal:declined"; detail: { dealId: string; fileHash: string; why: string; txHash: string } }
  | { type: "prover:deal:failed"; detail: { dealId: string; fileHash: string; code: number; error: DspError } }
  | { type: "prover:proof:submitted"; detail: { period: bigint; challenged: number; skipped: number; files: number; gasUsed: bigint; reward: bigint; txHash: string } }
  /** `fileHash`/`dealId`: the file whose data the proof could not be built from (missing or corrupt: the keeper restores it) */
  | { type: "prover:proof:failed"; detail: { period: bigint; code: number; error: DspError; fileHash?: string; dealId?: string } }
  | { type: "prover:missed:reported"; detail: { node: string; period: bigint; slashed: bigint; toReporter: bigint; txHash: string } }
  | { type: "prover:holder:recovered"; detail: { dealId: string; node: string; txHash: string } }
  | { type: "prover:offer:lapsed"; detail: { dealId: string; node: string; txHash: string } }
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

/** Slots of a deal this node only holds or stands candidate for are read again this often (blocks). */
const REFRESH_BLOCKS = 5n;
/** A recovery offer whose file is still not here is handed to the keeper again this often (blocks). */
const FETCH_AGAIN_BLOCKS = 20n;
/** Reverts of a deal transaction that mean "someone else was faster" or "not yet": nothing to tell. */
const BENIGN = new Set(["NotOffered", "OfferStillOpen", "OfferClosed", "NotHolder", "NodeNotFaulted", "FileNotFound", "ProofNotOverdue", "NothingToProve"]);

interface Tracked {
  dealId: string;
  fileHash?: string;
  role?: DealRole;
  via?: "store" | "recovery";
  terms?: DealView;
  slots?: SlotView[];
  /** head the slots were read at (-1: read at the next block) */
  readAt: bigint;
  fetchAskedAt?: bigint;
  /** why the data offered cannot match the deal (FsNode found it so): decline at the next block */
  refused?: string;
  declined?: boolean;
  /** accept failures told, by code */
  told: Set<number>;
}

export class Prover {
  private readonly chain: ProverChain;
  private readonly files: FileStore;
  private readonly me: string;
  private readonly pollIntervalMs: number;
  private readonly claimThreshold?: bigint;
  private readonly claimTo: string;
  private readonly onProgress?: (event: ProverEvent) => void;

  /** deals this node is offered, holds or stands candidate for, from the ledger's logs */
  private readonly deals = new Map<string, Tracked>();
  /**
   * Terms of deals that ended (deleted, settled, recovered) while their piece may still be
   * challenged: a piece removed inside a frozen range stays challenged through that period, and the
   * ledger no longer knows the deal. Kept until the node's period has moved past it.
   */
  private readonly retired = new Map<string, { terms: DealView; throughPeriod: bigint }>();
  private scannedTo = -1n;
  /** pieces of this node's set by id, for the period they were read in (ids are reused after removal) */
  private pieces = { period: -1n, byId: new Map<bigint, string>() };
  /** the failures of the current period: told once per code; `final` ones are not retried before new data arrives */
  private failures = { period: -1n, codes: new Set<number>(), final: false };
  /** this node's schedule as provePeriod read it at the head being handled */
  private lastSchedule?: Schedule;
  /** fellow holders: the head at which to look at their schedule again */
  private readonly checkAt = new Map<string, bigint>();
  /** something changed in the store (a file arrived, data was refused): handle the head again without waiting for a block */
  private poked = false;
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
    this.me = getAddress(init.chain.account);
    this.pollIntervalMs = poll;
    this.claimThreshold = init.claimThreshold;
    this.claimTo = getAddress(init.claimTo ?? init.chain.account);
    this.onProgress = init.onProgress;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** The last head handled (-1 before the first). */
  get syncedHeight(): bigint {
    return this.syncedTo;
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
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  /**
   * The store now has `fileHash` (a transfer or a repair finished): a period whose proof failed for
   * want of its data is tried again at the next poll, and an offer waiting for it can be accepted.
   */
  fileArrived(_fileHash: string): void {
    this.failures.final = false;
    this.failures.codes.clear();
    this.poked = true;
  }

  /**
   * The data offered for `dealId` was found not to match the deal (FsNode checked what the owner
   * sent against its commitment): decline the offer at the next block, if it is still open.
   */
  refuse(dealId: string, why: string): void {
    const d = this.track(dealId.toLowerCase());
    d.refused = why;
    d.readAt = -1n;
    this.poked = true;
  }

  /** The deals this node holds (an active slot) for `fileHash`, as last read from the chain. */
  heldDeals(fileHash: string): string[] {
    const h = fileHash.toLowerCase();
    return [...this.deals.values()].filter((d) => d.role === "holder" && d.fileHash === h).map((d) => d.dealId);
  }

  /** Every deal this node is tracking, with its role and File Hash (as last read). */
  trackedDeals(): { dealId: string; fileHash?: string; role?: DealRole }[] {
    return [...this.deals.values()].map((d) => ({ dealId: d.dealId, fileHash: d.fileHash, role: d.role }));
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
    }, { intervalMs: this.pollIntervalMs, signal, onError, again: () => this.poked });
  }

  /** Everything due at `head`: the proof first, then the deals, then the fellow holders. */
  private async handle(head: bigint, signal: AbortSignal): Promise<void> {
    this.poked = false;
    await this.discover(head);
    const sent = await this.guard(() => this.provePeriod(head, signal));
    if (signal.aborted) return;
    // read again after a proof (it moved the period on, and with it the frozen range accepts wait
    // for) or a failed one; else the one provePeriod read at this head
    const schedule = sent === false && this.lastSchedule ? this.lastSchedule : await this.chain.schedule(this.me);
    for (const d of [...this.deals.values()]) {
      if (signal.aborted) return;
      await this.guard(() => this.handleDeal(d, head, schedule));
    }
    if (signal.aborted) return;
    await this.guard(() => this.watchFellows(head, signal));
    if (this.claimThreshold !== undefined && (await this.chain.rewards()) >= this.claimThreshold) await this.claimRewards({ to: this.claimTo });
  }

  /** Runs one part of a block's work; its failure is a prover:error, and the rest of the block goes on. */
  private async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (e) {
      if (this.controller?.signal.aborted) return undefined;
      this.emit({ type: "prover:error", detail: { error: asDspError(e) } });
      return undefined;
    }
  }

  // ------------------------------------------------------------------ discovery

  /** Deal events in the blocks not yet read (from the deployment block after a start). */
  private async discover(head: bigint): Promise<void> {
    const from = this.scannedTo < 0n ? this.chain.startBlock : this.scannedTo + 1n;
    if (from > head) return;
    for (const e of await this.chain.dealEvents(from, head)) {
      const d = this.track(e.dealId.toLowerCase());
      if (e.kind === "offered") d.via = e.via;
      // whatever happened, the slots are read again at this block
      d.readAt = -1n;
    }
    this.scannedTo = head;
  }

  private track(dealId: string): Tracked {
    let d = this.deals.get(dealId);
    if (!d) this.deals.set(dealId, (d = { dealId, readAt: -1n, told: new Set() }));
    return d;
  }

  private drop(d: Tracked, why: string): void {
    this.deals.delete(d.dealId);
    if (d.terms && d.role === "holder") this.retired.set(d.dealId, { terms: d.terms, throughPeriod: (this.lastSchedule?.period ?? 0n) + 1n });
    this.emit({ type: "prover:deal:dropped", detail: { dealId: d.dealId, why } });
  }

  // ------------------------------------------------------------------ the proof

  /** Proves the current period if its window is open and it is not proved yet; true when a proof was sent. */
  private async provePeriod(head: bigint, signal: AbortSignal): Promise<boolean> {
    const s = (this.lastSchedule = await this.chain.schedule(this.me));
    for (const [dealId, r] of this.retired) if (s.period > r.throughPeriod) this.retired.delete(dealId);
    if (s.totalWeight === 0n) return false;
    // The window is (opensAfter, deadline]; the transaction lands in the next block at best.
    if (head <= s.opensAfter) return false;
    if (head >= s.deadline) {
      this.fail(s.period, new ProofWindowMissed(s.period, s.deadline));
      return false;
    }
    if (this.failuresOf(s.period).final) return false;
    let built: { leaves: Uint8Array; proof: Uint8Array; files: number };
    try {
      const c = await this.chain.challenge(this.me);
      // zero until the seed blocks are all mined (the window opens right after them)
      if (c.period !== s.period || /^0x0*$/.test(c.seed) || c.challenges.length === 0) return false;
      built = await this.buildProof(c.period, c.challenges, signal);
    } catch (e) {
      if (signal.aborted) return false;
      const error = asDspError(e);
      // a chain read may succeed at the next block; missing or wrong data will not, until it arrives
      if (!(error instanceof ChainError)) this.failuresOf(s.period).final = true;
      const where = e instanceof FileProofError ? { fileHash: e.fileHash, dealId: e.dealId } : {};
      this.fail(s.period, e instanceof FileProofError ? e.error : error, where);
      return false;
    }
    return this.exclusive(async () => {
      // A transaction from before a restart may still be pending: wait for it rather than race it.
      if (await this.chain.hasPendingTransactions()) return false;
      try {
        const r = await this.chain.prove(built.leaves, built.proof);
        this.emit({
          type: "prover:proof:submitted",
          detail: { period: r.period, challenged: r.challenged, skipped: r.skipped, files: built.files, gasUsed: r.gasUsed, reward: r.reward, txHash: r.txHash },
        });
        return true;
      } catch (e) {
        this.fail(s.period, asDspError(e));
        return false;
      }
    });
  }

  /**
   * The period's proof from the store: for each run of challenges in one piece (not skipped), that
   * file's multiproof over the challenged leaves; leaves and siblings concatenated in challenge order.
   */
  private async buildProof(period: bigint, challenges: LocatedChallenge[], signal: AbortSignal) {
    if (this.pieces.period !== period) this.pieces = { period, byId: new Map() };
    const leaves: Uint8Array[] = [];
    const proofs: Uint8Array[] = [];
    const files = new Set<string>();
    for (let from = 0; from < challenges.length; ) {
      let to = from + 1;
      while (to < challenges.length && challenges[to].pieceId === challenges[from].pieceId) to++;
      const group = challenges.slice(from, to);
      from = to;
      if (group[0].skip) continue;
      const pieceId = group[0].pieceId;
      let dealId = this.pieces.byId.get(pieceId);
      if (!dealId) {
        const piece = await this.chain.piece(this.me, pieceId);
        if (!piece) throw new ChainError(`reading piece ${pieceId}`, "NoSuchPiece", new Error("no such piece"));
        dealId = piece.dealId.toLowerCase();
        this.pieces.byId.set(pieceId, dealId);
      }
      const terms = await this.termsOf(dealId);
      if (!terms) throw new ChainError(`reading deal ${dealId} of piece ${pieceId}`, "FileNotFound", new Error("the deal is gone"));
      const fileHash = terms.fileHash.toLowerCase();
      try {
        const proof = await this.proveFile(fileHash, terms, group.map((c) => Number(c.leafIndex)), signal);
        leaves.push(proof.leaves);
        proofs.push(proof.proof);
        files.add(fileHash);
      } catch (e) {
        throw new FileProofError(fileHash, dealId, asDspError(e));
      }
    }
    return { leaves: concat(leaves), proof: concat(proofs), files: files.size };
  }

  /** One file's multiproof for `indices`, checked against the deal's data root before it is sent. */
  private async proveFile(fileHash: string, terms: DealView, indices: number[], signal: AbortSignal) {
    const bytes = hashBytes(fileHash);
    let record;
    try {
      record = await this.files.fileRecord(bytes);
    } catch (e) {
      if (e instanceof FileNotFound) throw new ProofDataUnavailable(fileHash, "the file is not in this node's store", e);
      throw e;
    }
    // generated when the file was received; again here only if the store lost it
    if (!record.dataRoot) await generatePdpData(this.files, bytes, { signal });
    const proof = await provePdp(this.files, bytes, indices, { signal });
    if (toHex(proof.root) !== terms.dataRoot.toLowerCase()) throw new ProofDataMismatch(fileHash, terms.dataRoot, toHex(proof.root));
    return proof;
  }

  // ------------------------------------------------------------------ deals

  private async termsOf(dealId: string): Promise<DealView | null> {
    const d = this.deals.get(dealId);
    if (d?.terms) return d.terms;
    const retired = this.retired.get(dealId);
    if (retired) return retired.terms;
    const terms = await this.chain.deal(dealId);
    if (terms && d) {
      d.terms = terms;
      d.fileHash = terms.fileHash.toLowerCase();
    }
    return terms;
  }

  /** Reads the deal's slots when due, works out this node's part, and acts on it. */
  private async handleDeal(d: Tracked, head: bigint, schedule: Schedule): Promise<void> {
    if (d.readAt < 0n || d.role === "offered" || head - d.readAt >= REFRESH_BLOCKS) {
      const slots = await this.chain.slots(d.dealId);
      const terms = slots && (await this.termsOf(d.dealId));
      if (!slots || !terms) return this.drop(d, "the deal is no longer on the ledger");
      d.slots = slots;
      d.readAt = head;
      const mine = slots.find((s) => s.node === this.me);
      let role: DealRole | undefined = mine ? (mine.status === "active" ? "holder" : "offered") : undefined;
      if (!role && (await this.chain.candidates(d.dealId))?.includes(this.me)) role = "candidate";
      if (!role) return this.drop(d, "this node has no slot in the deal and is not among its candidates");
      if (role !== d.role) {
        d.role = role;
        this.emit({ type: "prover:deal:tracked", detail: { dealId: d.dealId, fileHash: d.fileHash!, role, ...(role === "offered" && d.via ? { via: d.via } : {}) } });
      }
    }
    const slots = d.slots!;
    if (d.role === "offered") await this.consider(d, slots.find((s) => s.node === this.me)!, head, schedule);
    // Offers that passed their window (another node's, or this node's own that it could not take up):
    // the slot moves on to the next candidate, or back to the payer.
    for (const s of slots) {
      if (s.status !== "offered" || head <= s.offeredUntil) continue;
      await this.dealTx(d, "lapse", s.node, async () => {
        const r = await this.chain.lapse(d.dealId, s.node);
        this.emit({ type: "prover:offer:lapsed", detail: { dealId: d.dealId, node: s.node, txHash: r.txHash } });
      });
    }
  }

  /** This node's open offer: accept once the data is here and right, decline when it cannot be. */
  private async consider(d: Tracked, mine: SlotView, head: bigint, schedule: Schedule): Promise<void> {
    // accepted in block head + 1 at best; offeredUntil is the last block it may land in
    if (d.declined || head >= mine.offeredUntil) return;
    if (d.refused) return this.decline(d, d.refused);
    const local = await this.localCopy(d.terms!);
    if (local.state === "mismatch") return this.decline(d, local.why);
    if (local.state !== "ready") {
      if (d.via === "recovery" && local.state === "absent" && (d.fetchAskedAt === undefined || head - d.fetchAskedAt >= FETCH_AGAIN_BLOCKS)) {
        d.fetchAskedAt = head;
        this.emit({ type: "prover:deal:fetch", detail: { dealId: d.dealId, fileHash: d.fileHash! } });
      }
      return;
    }
    // The set is frozen from the period's first seed block to its proof: retry after the proof.
    if (schedule.totalWeight > 0n && head + 1n >= schedule.seedFrom) return;
    await this.exclusive(async () => {
      if (await this.chain.hasPendingTransactions()) return;
      try {
        const r = await this.chain.accept(d.dealId);
        d.readAt = -1n;
        this.emit({ type: "prover:deal:accepted", detail: { dealId: d.dealId, fileHash: d.fileHash!, txHash: r.txHash } });
        // holding it from this block on (the slots are read again at the next one)
        d.role = "holder";
        this.emit({ type: "prover:deal:tracked", detail: { dealId: d.dealId, fileHash: d.fileHash!, role: "holder" } });
      } catch (e) {
        const error = asDspError(e);
        const revert = e instanceof ChainError ? e.revert : undefined;
        if (revert === "ProofSetFrozen" || (revert && BENIGN.has(revert))) return;
        if (!d.told.has(error.code)) {
          d.told.add(error.code);
          this.emit({ type: "prover:deal:failed", detail: { dealId: d.dealId, fileHash: d.fileHash!, code: error.code, error } });
        }
        // a contract refusal (the piece would end too soon, the registry refuses the volume) will not change
        if (revert) d.refused = `the ledger refused the acceptance: ${revert}`;
      }
    });
  }

  /** Whether the store has the deal's data, complete and with the committed PDP root. */
  private async localCopy(terms: DealView): Promise<{ state: "ready" | "absent" | "incomplete" } | { state: "mismatch"; why: string }> {
    let record;
    try {
      record = await this.files.fileRecord(hashBytes(terms.fileHash));
    } catch (e) {
      if (e instanceof FileNotFound) return { state: "absent" };
      throw e;
    }
    if (BigInt(record.size) !== terms.fileSize) return { state: "mismatch", why: `the data has ${record.size} bytes, the deal says ${terms.fileSize}` };
    if (BigInt(leafCountOf(record.size)) !== terms.leafCount) return { state: "mismatch", why: `the data has ${leafCountOf(record.size)} leaves, the deal says ${terms.leafCount}` };
    // the PDP data is generated right after the blocks are committed: wait for it
    if (!record.dataRoot) return { state: "incomplete" };
    if (toHex(record.dataRoot) !== terms.dataRoot.toLowerCase()) return { state: "mismatch", why: `the data has PDP root ${toHex(record.dataRoot)}, the deal committed ${terms.dataRoot}` };
    return { state: "ready" };
  }

  private async decline(d: Tracked, why: string): Promise<void> {
    await this.dealTx(d, "decline", this.me, async () => {
      const r = await this.chain.decline(d.dealId);
      d.declined = true;
      d.readAt = -1n;
      this.emit({ type: "prover:deal:declined", detail: { dealId: d.dealId, fileHash: d.fileHash!, why, txHash: r.txHash } });
    });
  }

  /** A lapse, recover or decline: one at a time, and silent when someone else was faster. */
  private async dealTx(d: Tracked, what: string, node: string, send: () => Promise<void>): Promise<void> {
    await this.exclusive(async () => {
      if (await this.chain.hasPendingTransactions()) return;
      try {
        await send();
      } catch (e) {
        if (e instanceof ChainError && ((e.revert && BENIGN.has(e.revert)) || revertedOnChain(e))) {
          d.readAt = -1n;
          return;
        }
        throw new ChainError(`${what} of ${node} in deal ${d.dealId}`, e instanceof ChainError ? e.revert : undefined, e);
      }
    });
  }

  // ------------------------------------------------------------------ fellow holders

  /**
   * The other active holders of this node's deals: each one's schedule is looked at once its
   * deadline has passed; a miss is reported (dry run first: the chain's own check that it is still
   * unreported), and a faulted holder is recovered from every deal this node shares with it.
   */
  private async watchFellows(head: bigint, signal: AbortSignal): Promise<void> {
    const fellows = new Map<string, string[]>();
    for (const d of this.deals.values()) {
      for (const s of d.slots ?? []) {
        if (s.node === this.me || s.status !== "active") continue;
        fellows.set(s.node, [...(fellows.get(s.node) ?? []), d.dealId]);
      }
    }
    for (const node of this.checkAt.keys()) if (!fellows.has(node)) this.checkAt.delete(node);
    for (const [node, dealIds] of fellows) {
      if (signal.aborted) return;
      if (head < (this.checkAt.get(node) ?? 0n)) continue;
      const s = await this.chain.schedule(node);
      if (head > s.deadline && s.totalWeight > 0n) {
        await this.reportIfMissed(node);
        this.checkAt.set(node, head + 1n);
      } else {
        this.checkAt.set(node, s.totalWeight > 0n ? s.deadline + 1n : head + REFRESH_BLOCKS);
      }
      if ((await this.chain.nodeAccount(node)).faultedPeriod === null) continue;
      for (const dealId of dealIds) {
        const d = this.deals.get(dealId);
        if (!d) continue;
        await this.dealTx(d, "recover", node, async () => {
          const r = await this.chain.recover(dealId, node);
          d.readAt = -1n;
          this.emit({ type: "prover:holder:recovered", detail: { dealId, node, txHash: r.txHash } });
        });
      }
      this.checkAt.set(node, head + 1n);
    }
  }

  /** Reports `node` if the ledger agrees its period passed unproved; silent when someone was faster. */
  private async reportIfMissed(node: string): Promise<void> {
    await this.exclusive(async () => {
      if (await this.chain.hasPendingTransactions()) return;
      if (!(await this.chain.canReportMissed(node))) return;
      try {
        const r = await this.chain.reportMissed(node);
        this.emit({ type: "prover:missed:reported", detail: { node, period: r.period, slashed: r.slashed, toReporter: r.toReporter, txHash: r.txHash } });
      } catch (e) {
        if (e instanceof ChainError && ((e.revert && BENIGN.has(e.revert)) || revertedOnChain(e))) return;
        throw e;
      }
    });
  }

  // ------------------------------------------------------------------ plumbing

  private failuresOf(period: bigint) {
    if (this.failures.period !== period) this.failures = { period, codes: new Set(), final: false };
    return this.failures;
  }

  private fail(period: bigint, error: DspError, where: { fileHash?: string; dealId?: string } = {}): void {
    const { codes } = this.failuresOf(period);
    if (codes.has(error.code)) return;
    codes.add(error.code);
    this.emit({ type: "prover:proof:failed", detail: { period, code: error.code, error, ...where } });
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

/** A file of the period's proof could not be proved: the period fails, and the keeper is told which file. */
class FileProofError extends Error {
  constructor(readonly fileHash: string, readonly dealId: string, readonly error: DspError) {
    super(error.message);
  }
}

/**
 * A transaction that passed its gas estimate but reverted in its block: another node's report,
 * recovery or lapse of the same thing was mined first in that block ("someone was faster").
 */
function revertedOnChain(e: ChainError): boolean {
  const cause = e.cause as { code?: string; receipt?: unknown } | undefined;
  return e.revert === undefined && cause?.code === "CALL_EXCEPTION" && cause.receipt !== undefined && cause.receipt !== null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function asDspError(e: unknown): DspError {
  return e instanceof DspError ? e : new InternalError(e instanceof Error ? e.message : String(e), { cause: e });
}
