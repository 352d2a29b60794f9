/**
 * Announcements between authenticated members (spec "SCAN Discovery": "SCAN servers should
 * synchronize the information with each other"). Chain data needs no help: every server indexes
 * the same chain. Announcements do: each reaches one server. So every announcement a server
 * accepts is pushed, with its endpoint's original signature, to each member it is connected to
 * (ScanPush), and verified there again by the tracker (tracker.ts; a member is not trusted with
 * the content, only with the right to send); and a server pulls a member's live announcements
 * (ScanPull, paged) when the member joins and every `pullIntervalMs`, which also repairs pushes
 * lost with a connection. Nothing is exchanged with a peer that has not completed the handshake:
 * its pushes and pulls are refused with 55057 and the connection closed.
 *
 * Nothing loops: a server passes on only what it accepted, and it accepts an announcement only
 * if it is newer than the last one from that endpoint, so an echo is "known" and stops there.
 * Because a newer announcement replaces an older one whole, servers that have seen the same
 * announcements, in any order, hold the same state.
 *
 * Per member an outbox holds the newest pending announcement of each endpoint (bounded; what falls
 * out is repaired by the next pull) and one sender drains it in batches.
 */
import { InvalidParams } from "@dsp/core";
import type { DspHost, Incoming, Reply } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";
import type { Announcement } from "@dsp/core";
import type { Tracker } from "../tracker/tracker.js";
import { ScanPeerRefused } from "./errors.js";
import { refusal, type Member } from "./handshake.js";
import type { ScanMembers } from "./members.js";
import { fromWire, toWire } from "./wire.js";

/** Announcements per ScanPush and per ScanPage. */
export const MAX_BATCH = 100;
const MAX_OUTBOX = 10_000;
/** Pages of one pull. */
const MAX_PULL_PAGES = 1_000;

export interface PushResult {
  accepted: number;
  known: number;
  pending: number;
  rejected: number;
}

export type ExchangeProgress =
  | { type: "scan:forwarded"; peer: string; evm: string; count: number; result: PushResult }
  | { type: "scan:forward-failed"; peer: string; evm: string; count: number; error: string }
  | { type: "scan:received"; peer: string; evm: string; count: number; result: PushResult }
  | { type: "scan:pulled"; peer: string; evm: string; received: number; accepted: number; pending: number }
  | { type: "scan:pull-failed"; peer: string; evm: string; error: string };

export interface ExchangeOptions {
  host: DspHost;
  tracker: Tracker;
  members: ScanMembers;
  /** Pull from every member this often, besides when it joins (default 60 s; 0: only then). */
  pullIntervalMs?: number;
  onProgress?: (ev: ExchangeProgress) => void;
  signal?: AbortSignal;
}

export class AnnouncementExchange {
  private readonly outboxes = new Map<string, Map<string, Announcement>>();
  private readonly senders = new Map<string, Promise<void>>();
  private readonly pulls = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly opts: ExchangeOptions) {
    opts.host.handle(Opcode.ScanPush, (m) => this.guard(m, (member) => this.receive(member, m.message as dsp.ScanPush)));
    opts.host.handle(Opcode.ScanPull, (m) => this.guard(m, () => this.page(m.message as dsp.ScanPull)));
    opts.members.on("member:joined", (m) => {
      this.outboxes.set(m.peer.toString(), new Map());
      void this.pull(m);
    });
    opts.members.on("member:left", (m) => this.outboxes.delete(m.peer.toString()));
  }

  start() {
    const every = this.opts.pullIntervalMs ?? 60_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.pullAll(), every);
      this.timer.unref();
    }
    this.opts.signal?.addEventListener("abort", () => clearInterval(this.timer), { once: true });
  }

  /** Queues an accepted announcement for every connected member. */
  forward(a: Announcement) {
    if (this.opts.signal?.aborted) return;
    for (const m of this.opts.members.list()) {
      const outbox = this.outboxes.get(m.peer.toString());
      if (!outbox) continue;
      outbox.delete(a.walletAddr); // re-inserted last: the outbox stays in arrival order
      if (outbox.size >= MAX_OUTBOX) outbox.delete(outbox.keys().next().value!);
      outbox.set(a.walletAddr, a);
      const key = m.peer.toString();
      if (!this.senders.has(key)) this.senders.set(key, this.drain(m, outbox).finally(() => this.senders.delete(key)));
    }
  }

  /** Pushes `announcements` to a member now and returns what it did with them. */
  async push(m: Member, announcements: Announcement[]): Promise<PushResult> {
    const reply = await this.opts.host.request(m.peer, Opcode.ScanPush, { announcements: announcements.map(toWire) });
    const r = reply.message as dsp.ScanPushResult;
    return { accepted: r.accepted, known: r.known, pending: r.pending, rejected: r.rejected };
  }

  /** Pulls every connected member's live announcements; resolves when all pulls are done. */
  async pullAll(): Promise<void> {
    await Promise.all(this.opts.members.list().map((m) => this.pull(m)));
  }

  /** Resolves once no push is queued or in flight and no pull runs (tests wait on it). */
  async settled() {
    for (let round = 0; round < 100 && (this.senders.size || this.pulls.size); round++) {
      await Promise.all([...this.senders.values(), ...this.pulls]);
    }
  }

  private async guard(m: Incoming, fn: (member: Member) => Promise<Reply>): Promise<Reply> {
    let member: Member;
    try {
      member = this.opts.members.memberOf(m);
    } catch (e) {
      if (e instanceof ScanPeerRefused) return refusal(e);
      throw e;
    }
    return fn(member);
  }

  private async receive(member: Member, push: dsp.ScanPush): Promise<Reply> {
    if (push.announcements.length > MAX_BATCH) throw new InvalidParams(`${push.announcements.length} announcements in one push, at most ${MAX_BATCH}`);
    const result: PushResult = { accepted: 0, known: 0, pending: 0, rejected: 0 };
    for (const w of push.announcements) {
      try {
        result[await this.opts.tracker.receive(fromWire(w))]++;
      } catch {
        result.rejected++; // a bad signature, a malformed field, expired: dropped, nothing written
      }
    }
    this.progress({ type: "scan:received", peer: member.peer.toString(), evm: member.evm, count: push.announcements.length, result });
    return { opcode: Opcode.ScanPushResult, message: result };
  }

  private async page(pull: dsp.ScanPull): Promise<Reply> {
    const first = Math.min(Math.max(pull.first, 1), MAX_BATCH);
    const rows = await this.opts.tracker.live(first + 1, pull.after || undefined);
    return { opcode: Opcode.ScanPage, message: { announcements: rows.slice(0, first).map(toWire), hasMore: rows.length > first } };
  }

  private pull(m: Member): Promise<void> {
    const p = this.pullFrom(m).finally(() => this.pulls.delete(p));
    this.pulls.add(p);
    return p;
  }

  private async pullFrom(m: Member) {
    const base = { peer: m.peer.toString(), evm: m.evm };
    let received = 0;
    let accepted = 0;
    let pending = 0;
    try {
      let after = "";
      for (let n = 0; n < MAX_PULL_PAGES; n++) {
        const reply = await this.opts.host.request(m.peer, Opcode.ScanPull, { after, first: MAX_BATCH });
        const page = reply.message as dsp.ScanPage;
        for (const w of page.announcements) {
          received++;
          try {
            const outcome = await this.opts.tracker.receive(fromWire(w));
            if (outcome === "accepted") accepted++;
            else if (outcome === "pending") pending++;
          } catch {
            // invalid here (expired on the way, or a member serving garbage): not ours to keep
          }
        }
        const last = page.announcements[page.announcements.length - 1]?.walletAddr ?? "";
        if (!page.hasMore || last <= after) break; // pages go up by address; anything else ends the pull
        after = last;
      }
      this.progress({ type: "scan:pulled", ...base, received, accepted, pending });
    } catch (e) {
      this.progress({ type: "scan:pull-failed", ...base, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private async drain(m: Member, outbox: Map<string, Announcement>) {
    const base = { peer: m.peer.toString(), evm: m.evm };
    while (outbox.size && !this.opts.signal?.aborted && this.outboxes.get(base.peer) === outbox) {
      const batch = [...outbox.values()].slice(0, MAX_BATCH);
      for (const a of batch) outbox.delete(a.walletAddr);
      try {
        this.progress({ type: "scan:forwarded", ...base, count: batch.length, result: await this.push(m, batch) });
      } catch (e) {
        // the connection went (the member is dropped with it) or the member refused: the next pull repairs
        this.progress({ type: "scan:forward-failed", ...base, count: batch.length, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  private progress(ev: ExchangeProgress) {
    this.opts.onProgress?.(ev);
  }
}
