/**
 * Keeps GC from deleting blocks that an operation in flight still needs (docs/fs.md, "GC and
 * operations in flight").
 *
 * - A Lease holds blocks that an AddFile or an upload (PutBlock before its root is recorded) has
 *   written or found already present. GC never deletes a leased block.
 * - Leases released while a GC runs stay in force until that GC ends: the GC marked from the
 *   roots it saw when it started, and a root recorded after that is protected only by its lease.
 * - The check "leased?" and the start of a delete happen in the same tick (JS runs one task at a
 *   time), and a new lease waits for a delete already under way before writing its block, so a
 *   block is never deleted after an operation has counted on it.
 */
import type { BlockHash } from "./blockstore.js";

const key = (hash: BlockHash) => Buffer.from(hash).toString("hex");

export class LeaseTable {
  private readonly counts = new Map<string, number>();
  private readonly deleting = new Map<string, Promise<void>>();
  private gcRuns = 0;
  private deferred: string[][] = [];

  /** A new, empty lease. */
  lease(): Lease {
    return new Lease(this);
  }

  /** Takes a hold on `hash`, then waits for any delete of it already under way. */
  async hold(hash: BlockHash, held: string[]): Promise<void> {
    const k = key(hash);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    held.push(k);
    await this.deleting.get(k);
  }

  release(held: string[]): void {
    if (this.gcRuns > 0) {
      this.deferred.push(held);
      return;
    }
    for (const k of held) {
      const n = this.counts.get(k)! - 1;
      if (n === 0) this.counts.delete(k);
      else this.counts.set(k, n);
    }
  }

  isLeased(hash: BlockHash): boolean {
    return this.counts.has(key(hash));
  }

  /**
   * Deletes `hash` with `remove` unless it is leased; decides synchronously, so no lease can slip
   * in between the decision and the start of the delete. Returns whether it deleted.
   */
  async deleteUnlessLeased(hash: BlockHash, remove: () => Promise<void>): Promise<boolean> {
    const k = key(hash);
    if (this.counts.has(k)) return false;
    const done = remove().finally(() => this.deleting.delete(k));
    this.deleting.set(k, done.catch(() => {}));
    await done;
    return true;
  }

  /** Marks the span of a GC: releases during it are applied when it ends. */
  gcStarted(): void {
    this.gcRuns++;
  }

  gcEnded(): void {
    if (--this.gcRuns > 0) return;
    const deferred = this.deferred;
    this.deferred = [];
    for (const held of deferred) this.release(held);
  }
}

/** Blocks one operation holds until its file's root is recorded (or it gives up). */
export class Lease {
  private readonly held: string[] = [];
  private released = false;

  constructor(private readonly table: LeaseTable) {}

  hold(hash: BlockHash): Promise<void> {
    if (this.released) throw new Error("lease already released");
    return this.table.hold(hash, this.held);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.table.release(this.held);
  }
}
