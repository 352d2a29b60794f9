/**
 * Follows the DSP contracts' events into the database.
 *
 * Two modes, by depth below the head:
 * - range mode, for blocks at least `finalityDepth` deep: eth_getLogs over up to `blockRange`
 *   blocks for all contracts at once, applied in one transaction with the checkpoint. These
 *   blocks are taken as final: no undo data is kept for them.
 * - block mode, near the head: block by block, each block's header checked against the stored
 *   hash of its parent; its logs fetched by block hash; its rows, its hash, its undo data and the
 *   checkpoint written in one transaction. A parent mismatch is a reorg: walk back through the
 *   stored hashes to the common ancestor, restore it from the undo log, and go on from there.
 * Only blocks at least `confirmations` deep are applied at all. A transaction never holds part
 * of a block, and the checkpoint moves with the rows, so a restart resumes with no duplicate or
 * missing row.
 */
import type { Deployments } from "@dsp/ledger";
import { dialectOf, type Db } from "../db/index.js";
import { AbortedError } from "@dsp/core";
import { sleep } from "@dsp/core";
import { EventDecoder, type DecodedEvent, type RawLog } from "./decode.js";
import { ChainRpcError, ReorgTooDeep, WrongChain } from "./errors.js";
import { applyEvents, needsOf } from "./handlers.js";
import { Rpc, type BlockHeader } from "./rpc.js";
import { WorkingSet, type NewRow } from "./state.js";
import type { Deal, Fault, Period, Slot } from "../db/generated/sqlite/client.js";
import { prune, rollbackTo } from "./undo.js";

export interface SyncOptions {
  db: Db;
  rpcUrl: string;
  deployments: Pick<Deployments, "chainId" | "startBlock" | "contracts">;
  /** Apply a block only once this many blocks are on top of it (default 0). */
  confirmations?: number;
  /** Blocks deeper than this are final: applied by range, no undo data kept (default 64). */
  finalityDepth?: number;
  /** Blocks per eth_getLogs request in range mode (default 2000). */
  blockRange?: number;
  /** Wait between polls of the head when caught up (default 1000 ms). */
  pollIntervalMs?: number;
  onProgress?: (ev: SyncProgress) => void;
  /** Called after each transaction commits with what it added (the GraphQL feed); must not throw. */
  onCommit?: (batch: CommittedBatch) => void;
  signal?: AbortSignal;
}

/** What one committed transaction (a block, or a range of final blocks) added. */
export interface CommittedBatch {
  /** The deals stored in it, their rows as committed. */
  deals: Deal[];
  /** Slots offered, accepted, released or withdrawn in it (every slot of a deal that changed), as committed. */
  slots: Slot[];
  /** Periods proved or missed in it. */
  periods: NewRow<Period>[];
  faults: NewRow<Fault>[];
  /** SCAN servers whose ScanRegistry record changed in it (lowercase addresses). */
  scanNodes: string[];
}

export type SyncProgress =
  | { type: "indexer:range"; from: bigint; to: bigint; events: number }
  | { type: "indexer:block"; number: bigint; hash: string; events: number }
  | { type: "indexer:reorg"; head: bigint; ancestor: bigint; undone: number };

interface FetchedRange {
  first: BlockHeader;
  logs: RawLog[];
  last: BlockHeader;
}

/** Checkpoint writes in an interactive transaction; a large range may take a while on a slow disk. */
const TX = { timeout: 300_000, maxWait: 30_000 };
const PRUNE_EVERY = 32n;
const ZERO_HASH = `0x${"0".repeat(64)}`;

export class Syncer {
  readonly decoder: EventDecoder;
  private readonly rpc: Rpc;
  private readonly confirmations: bigint;
  private readonly finalityDepth: bigint;
  private readonly blockRange: bigint;
  private chainChecked = false;

  constructor(private readonly opts: SyncOptions) {
    this.decoder = new EventDecoder(opts.deployments.contracts);
    this.rpc = new Rpc(opts.rpcUrl, opts.signal);
    this.confirmations = BigInt(opts.confirmations ?? 0);
    this.finalityDepth = BigInt(opts.finalityDepth ?? 64);
    this.blockRange = BigInt(opts.blockRange ?? 2000);
    if (this.confirmations < 0n || this.finalityDepth < 1n || this.blockRange < 1n) {
      throw new RangeError("confirmations must be >= 0, finalityDepth and blockRange >= 1");
    }
  }

  private get chainId() {
    return this.opts.deployments.chainId;
  }

  /** The last applied block, or the one before the deployments' start block. */
  async checkpoint(): Promise<{ number: bigint; hash: string | null }> {
    const cp = await this.opts.db.checkpoint.findUnique({ where: { chainId: this.chainId } });
    return cp ? { number: cp.blockNumber, hash: cp.blockHash } : { number: BigInt(this.opts.deployments.startBlock) - 1n, hash: null };
  }

  private checkAborted() {
    if (this.opts.signal?.aborted) throw new AbortedError("indexer sync", this.opts.signal.reason);
  }

  /**
   * Applies every confirmed block up to `target` (default: as far as the chain allows) and
   * returns the new checkpoint: short of that if the chain changed under this pass (a block below
   * the head it read is gone or replaced: a reorg under way), which the next pass takes up.
   */
  async syncTo(target?: bigint): Promise<bigint> {
    if (!this.chainChecked) {
      const got = await this.rpc.chainId();
      if (got !== this.chainId) throw new WrongChain(this.chainId, got);
      this.chainChecked = true;
    }
    const latest = await this.rpc.blockNumber();
    let safe = latest - this.confirmations;
    if (target !== undefined && target < safe) safe = target;
    const finalBoundary = latest - (this.finalityDepth > this.confirmations ? this.finalityDepth : this.confirmations);
    let cp = await this.checkpoint();
    // Near the head the chain may have moved to another fork, possibly shorter than ours.
    if (cp.hash !== null && cp.number > finalBoundary && (await this.rpc.tryHeader(cp.number))?.hash !== cp.hash) {
      cp = await this.handleReorg(cp.number);
    }
    const rangeEnd = (from: bigint) => {
      let to = from + this.blockRange - 1n;
      if (to > finalBoundary) to = finalBoundary;
      if (to > safe) to = safe;
      return to;
    };
    // Range mode is pipelined: the next range's logs are fetched while this one is written.
    let next: { from: bigint; fetched: Promise<FetchedRange> } | undefined;
    while (cp.number < safe) {
      this.checkAborted();
      const from = cp.number + 1n;
      if (from <= finalBoundary) {
        const fetched = next?.from === from ? next.fetched : this.fetchRange(from, rangeEnd(from));
        next = undefined;
        const range = await fetched;
        if (!(await this.extends(cp, range.first))) {
          cp = await this.handleReorg(cp.number);
          continue;
        }
        const after = range.last.number + 1n;
        if (after <= finalBoundary && after <= safe) {
          next = { from: after, fetched: this.fetchRange(after, rangeEnd(after)) };
          next.fetched.catch(() => {}); // awaited (and its error seen) on the next turn, or dropped on abort
        }
        cp = await this.applyRange(range);
      } else {
        const applied = await this.applyBlock(cp, from);
        if (!applied) break;
        cp = applied;
      }
    }
    return cp.number;
  }

  private async fetchRange(from: bigint, to: bigint): Promise<FetchedRange> {
    const [first, logs, last] = await Promise.all([this.rpc.header(from), this.rpc.logs(this.decoder.addresses, from, to), this.rpc.header(to)]);
    return { first, logs, last };
  }

  private async applyRange({ first, logs, last }: FetchedRange) {
    const events = this.decoder.decodeAll(logs);
    await this.write(events, last, false);
    this.opts.onProgress?.({ type: "indexer:range", from: first.number, to: last.number, events: events.length });
    return { number: last.number, hash: last.hash };
  }

  /**
   * Applies block `n` on top of `cp` (or rolls back if it does not extend it). Undefined when the
   * chain changed since this pass read the head: block `n` is gone (the chain is shorter now), or
   * was replaced between its header and its logs (fetched by hash, which the node then no longer
   * knows). Either is a reorg the next pass handles; neither may end the sync.
   */
  private async applyBlock(cp: { number: bigint; hash: string | null }, n: bigint) {
    const header = await this.rpc.tryHeader(n);
    if (!header) return undefined;
    if (!(await this.extends(cp, header))) return this.handleReorg(cp.number);
    let logs: RawLog[];
    try {
      logs = await this.rpc.logsOfBlock(this.decoder.addresses, header.hash);
    } catch (e) {
      if (e instanceof ChainRpcError && (await this.rpc.tryHeader(n))?.hash !== header.hash) return undefined;
      throw e;
    }
    const events = this.decoder.decodeAll(logs);
    await this.write(events, header, true);
    this.opts.onProgress?.({ type: "indexer:block", number: n, hash: header.hash, events: events.length });
    return { number: n, hash: header.hash };
  }

  /**
   * Whether `header` continues the chain at our checkpoint. Its parentHash says so, except for
   * the blocks hardhat_mine reserves: all but the first two and the last of a large batch report
   * a zero parentHash (their hashes are stable, only the link is missing). For those the link
   * cannot be read, so we check the other end instead: our checkpoint block is still the chain's.
   */
  private async extends(cp: { number: bigint; hash: string | null }, header: BlockHeader) {
    if (cp.hash === null || header.parentHash === cp.hash) return true;
    if (header.parentHash !== ZERO_HASH || header.number === 0n) return false;
    return (await this.rpc.tryHeader(cp.number))?.hash === cp.hash;
  }

  /** Rows, (in block mode) undo data and block hash, and the checkpoint: all or nothing. */
  private async write(events: DecodedEvent[], head: BlockHeader, blockMode: boolean) {
    const { chainId } = this;
    const ws = new WorkingSet();
    await this.opts.db.$transaction(async (tx) => {
      if (events.length) {
        await ws.load(tx, dialectOf(this.opts.db), needsOf(events));
        applyEvents(events, ws);
        await ws.flush(tx, dialectOf(this.opts.db), blockMode ? head.number : undefined);
      }
      if (blockMode) {
        await tx.block.create({ data: { chainId, number: head.number, hash: head.hash, parentHash: head.parentHash } });
        if (head.number % PRUNE_EVERY === 0n) await prune(tx, chainId, head.number - this.finalityDepth);
      }
      await tx.checkpoint.upsert({
        where: { chainId },
        create: { chainId, blockNumber: head.number, blockHash: head.hash },
        update: { blockNumber: head.number, blockHash: head.hash },
      });
    }, TX);
    if (this.opts.onCommit && events.length) {
      const stored = events.filter((e) => e.contract === "ledger" && e.name === "FileStored").map((e) => `${e.args.dealId}/${e.blockNumber}`);
      const deals = ws.changedIn("deal").filter((d) => stored.includes(`${d.dealId}/${d.storedBlock}`));
      // the slots a ledger event of this batch named, in the newest deal of their dealId
      const touched = new Set(events.filter((e) => e.contract === "ledger" && e.args.dealId !== undefined && e.args.node !== undefined)
        .map((e) => `${e.args.dealId}/${String(e.args.node).toLowerCase()}`));
      const newest = new Map<string, Slot>();
      for (const x of ws.changedIn("slot")) {
        const k = `${x.dealId}/${x.node}`;
        if (touched.has(k) && (newest.get(k)?.seq ?? -1) < x.seq) newest.set(k, x);
      }
      const slots = [...newest.values()];
      const scanNodes = [...new Set(events.filter((e) => e.contract === "scanRegistry" && e.args.node !== undefined).map((e) => String(e.args.node).toLowerCase()))];
      this.opts.onCommit({ deals, slots, periods: ws.appendedRows("period"), faults: ws.appendedRows("fault"), scanNodes });
    }
  }

  /**
   * The chain no longer holds our block `head`: find the newest stored block it still holds and
   * roll back to it. Only an unbroken run of stored blocks down from the head can be undone: a gap
   * means blocks applied in range mode (no undo data), and an ancestor below it would leave their
   * rows in place, so the walk stops there.
   */
  private async handleReorg(head: bigint) {
    const stored = await this.opts.db.block.findMany({ where: { chainId: this.chainId }, orderBy: { number: "desc" } });
    let expected = head;
    let lowest: (typeof stored)[number] | undefined;
    for (const b of stored) {
      if (b.number !== expected) break;
      expected--;
      lowest = b;
      if ((await this.rpc.tryHeader(b.number))?.hash === b.hash) return this.rollBack(head, { number: b.number, hash: b.hash });
    }
    // Every undoable block was replaced; the one below them (applied by range, final) may still stand.
    if (lowest && (await this.rpc.tryHeader(lowest.number - 1n))?.hash === lowest.parentHash) {
      return this.rollBack(head, { number: lowest.number - 1n, hash: lowest.parentHash });
    }
    throw new ReorgTooDeep(head, lowest?.number);
  }

  private async rollBack(head: bigint, ancestor: { number: bigint; hash: string }) {
    const undone = await this.opts.db.$transaction((tx) => rollbackTo(tx, this.chainId, ancestor), TX);
    this.opts.onProgress?.({ type: "indexer:reorg", head, ancestor: ancestor.number, undone });
    return ancestor;
  }

  /** Backfills, then keeps up with new blocks until `signal` aborts. */
  async follow(): Promise<void> {
    const interval = this.opts.pollIntervalMs ?? 1000;
    while (!this.opts.signal?.aborted) {
      await this.syncTo();
      await sleep(interval, this.opts.signal);
    }
  }
}
