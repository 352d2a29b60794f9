/**
 * The SCAN tracker's state: which endpoint serves which files at which address, from signed
 * announcements (announcement.ts), kept in the indexer's database so a restart keeps it.
 *
 * Checks beyond the signature: an announcement must be newer than the last one accepted from its
 * address (a replay or a reordered old one changes nothing), and every file it lists must be one
 * the ledger has had (a File row exists; the check is monotone as the chain grows, so two servers
 * that index the same chain accept the same announcements once both have caught up).
 *
 * Announcements come from two places. An endpoint's own (`announce`) gets every refusal as an
 * error. A peer SCAN server's (`receive`, forwarded or pulled) is the same check, but an old one
 * is simply "known" (that is how a forward that comes back around stops), and one naming files
 * this server has not indexed yet is parked and tried again as the sync moves on (`retryPending`),
 * since the peer may be ahead on the chain.
 *
 * All writes go through one queue, so the replay check and the write it guards are never
 * interleaved with another announcement's.
 */
import type { Db } from "../db/index.js";
import { MAX_CLOCK_SKEW_MS, MAX_TTL_MS, expiresAt, verifyAnnouncement, type Announcement } from "@dsp/core";
import { InvalidAnnouncement } from "@dsp/core";
import { UnknownAnnouncedFile } from "./errors.js";

export type ReceiveOutcome = "accepted" | "known" | "pending";

export interface TrackerOptions {
  db: Db;
  chainId: number;
  /** The clock that expiry is judged by (default Date.now). */
  now?: () => number;
  /** Peer announcements parked for files not indexed yet, newest per endpoint (default 10,000). */
  maxPending?: number;
  /** Called after an announcement is stored (the federation forwards it); must not throw. */
  onAccepted?: (a: Announcement) => void;
}

/** The spec's Endpoint, as the GraphQL schema serves it. */
export interface EndpointView {
  walletAddr: string;
  hostPort: string;
  type: number;
  announcedAt: string;
  expiresAt: string;
}

/** Rows per INSERT: SQLite's adapter binds at most 999 values per statement (4 per row here). */
const INSERT_CHUNK = 200;
const LOOKUP_CHUNK = 900;

export class Tracker {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<string, Announcement>();
  /** The clock expiry is judged by (ms); GraphQL's reads of the tracker's state use it too. */
  readonly now: () => number;
  private retrying?: Promise<number>;

  constructor(private readonly opts: TrackerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** An endpoint's own announcement: stored, or an error saying why not (nothing is written then). */
  announce(a: Announcement): Promise<Announcement> {
    return this.serial(async () => {
      const v = await this.check(a, true);
      await this.store(v);
      return v;
    });
  }

  /** An announcement a peer SCAN server passed on. Throws only for one that is invalid in itself. */
  receive(a: Announcement): Promise<ReceiveOutcome> {
    return this.serial(async () => {
      let v: Announcement;
      try {
        v = await this.check(a, false);
      } catch (e) {
        if (e instanceof InvalidAnnouncement && e.reason === "STALE") return "known";
        if (e instanceof UnknownAnnouncedFile) return this.park(a);
        throw e;
      }
      await this.store(v);
      return "accepted";
    });
  }

  get pendingCount() {
    return this.pending.size;
  }

  /**
   * Tries the parked announcements again (after the sync applied more blocks); returns how many
   * went in. A call while one runs waits for that one.
   */
  retryPending(): Promise<number> {
    this.retrying ??= this.retry().finally(() => (this.retrying = undefined));
    return this.retrying;
  }

  private async retry() {
    let accepted = 0;
    for (const [wallet, a] of [...this.pending]) {
      this.pending.delete(wallet);
      try {
        if ((await this.receive(a)) === "accepted") accepted++;
      } catch {
        // expired while it waited: dropped
      }
    }
    return accepted;
  }

  /** Live announcements as signed, by address after `after`: what a peer server pulls. */
  async live(first: number, after?: string): Promise<Announcement[]> {
    const rows = await this.opts.db.announcement.findMany({
      where: { expiresAt: { gt: BigInt(this.now()) }, ...(after !== undefined ? { walletAddr: { gt: after } } : {}) },
      orderBy: { walletAddr: "asc" },
      take: first,
    });
    return rows.map(fromRow);
  }

  /**
   * Deletes file rows that expired, and announcements so old that no earlier one of the same
   * endpoint can still be valid (an earlier one expires before timestamp + MAX_TTL_MS), so the
   * replay check loses nothing.
   */
  prune(): Promise<void> {
    return this.serial(async () => {
      const now = BigInt(this.now());
      await this.opts.db.announcedFile.deleteMany({ where: { expiresAt: { lte: now } } });
      await this.opts.db.announcement.deleteMany({ where: { timestamp: { lt: now - BigInt(MAX_TTL_MS + MAX_CLOCK_SKEW_MS) } } });
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async check(a: Announcement, fromEndpoint: boolean): Promise<Announcement> {
    const v = verifyAnnouncement(a, { chainId: this.opts.chainId, now: this.now() });
    const last = await this.opts.db.announcement.findUnique({ where: { walletAddr: v.walletAddr }, select: { timestamp: true } });
    if (last && BigInt(v.timestamp) <= last.timestamp) {
      throw new InvalidAnnouncement("STALE", `timestamp ${v.timestamp} is not after ${last.timestamp}, the last accepted from ${v.walletAddr}${fromEndpoint ? " (a replay, or sent out of order)" : ""}`);
    }
    const missing = await this.unknownFiles(v.fileHashes);
    if (missing.length) throw new UnknownAnnouncedFile(missing[0], missing.length);
    return v;
  }

  private async unknownFiles(hashes: string[]) {
    const known = new Set<string>();
    for (let i = 0; i < hashes.length; i += LOOKUP_CHUNK) {
      const rows = await this.opts.db.file.findMany({ where: { fileHash: { in: hashes.slice(i, i + LOOKUP_CHUNK) } }, select: { fileHash: true } });
      for (const r of rows) known.add(r.fileHash);
    }
    return hashes.filter((h) => !known.has(h));
  }

  private park(a: Announcement): ReceiveOutcome {
    const held = this.pending.get(a.walletAddr);
    if (held && held.timestamp >= a.timestamp) return "known";
    this.pending.delete(a.walletAddr);
    if (this.pending.size >= (this.opts.maxPending ?? 10_000)) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(a.walletAddr, a);
    return "pending";
  }

  /** Replaces the endpoint's announcement and file rows in one transaction. */
  private async store(v: Announcement) {
    const timestamp = BigInt(v.timestamp);
    const until = BigInt(expiresAt(v));
    const row = {
      walletAddr: v.walletAddr, chainId: v.chainId, publicKey: v.publicKey, hostAddr: v.hostAddr, type: v.type,
      fileHashes: JSON.stringify(v.fileHashes), timestamp, ttl: v.ttl, expiresAt: until, signature: v.signature.toLowerCase(),
    };
    await this.opts.db.$transaction(async (tx) => {
      await tx.announcedFile.deleteMany({ where: { walletAddr: v.walletAddr } });
      for (let i = 0; i < v.fileHashes.length; i += INSERT_CHUNK) {
        await tx.announcedFile.createMany({
          data: v.fileHashes.slice(i, i + INSERT_CHUNK).map((fileHash) => ({ fileHash, walletAddr: v.walletAddr, timestamp, expiresAt: until })),
        });
      }
      await tx.announcement.upsert({ where: { walletAddr: v.walletAddr }, create: row, update: row });
    });
    const held = this.pending.get(v.walletAddr);
    if (held && held.timestamp <= v.timestamp) this.pending.delete(v.walletAddr);
    this.opts.onAccepted?.(v);
  }
}

type AnnouncementRow = Awaited<ReturnType<Db["announcement"]["findUniqueOrThrow"]>>;

function fromRow(r: AnnouncementRow): Announcement {
  return {
    chainId: r.chainId, publicKey: r.publicKey, walletAddr: r.walletAddr, hostAddr: r.hostAddr, type: r.type,
    fileHashes: JSON.parse(r.fileHashes) as string[], timestamp: Number(r.timestamp), ttl: r.ttl, signature: r.signature,
  };
}

/** The spec's Endpoint of a stored or just-accepted announcement. */
export function endpointView(r: Pick<Announcement, "walletAddr" | "hostAddr" | "type"> & { timestamp: number | bigint; ttl: number }): EndpointView {
  return { walletAddr: r.walletAddr, hostPort: r.hostAddr, type: r.type, announcedAt: r.timestamp.toString(), expiresAt: (BigInt(r.timestamp) + BigInt(r.ttl)).toString() };
}
