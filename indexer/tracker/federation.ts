/**
 * Several SCAN servers agree (spec: "SCAN servers should synchronize the information with each
 * other"). Chain data needs no help: every server indexes the same chain. Announcements do: each
 * reaches one server. So every announcement a server accepts is passed on, with its endpoint's
 * original signature, to each peer's `relay` mutation, where it is verified again (a peer is
 * not trusted, only the signature is); and a server pulls the live announcements of its peers
 * when it starts and every `pullIntervalMs`, which also repairs forwards that failed.
 *
 * Nothing loops: a server passes on only what it accepted, and it accepts an announcement only
 * if it is newer than the last one from that endpoint, so when a forward comes back around it is
 * "known" and stops there. Because a newer announcement replaces an older one whole, servers that
 * have seen the same announcements, in any order, hold the same state.
 *
 * Per peer an outbox holds the newest pending announcement of each endpoint (bounded; what falls
 * out is repaired by the next pull) and one sender drains it in batches, retrying a failed batch
 * after each delay in `retryDelaysMs`.
 */
import { InvalidParams } from "../../node/errors/index.js";
import { sleep } from "../../node/util/sleep.js";
import type { Announcement } from "./announcement.js";
import { MAX_RELAY_BATCH } from "../graphql/tracker.js";
import type { Tracker } from "./tracker.js";

export interface FederationOptions {
  tracker: Tracker;
  /** GraphQL URLs of the peer SCAN servers (http://host:port/graphql). */
  peers: string[];
  /** Pull from every peer this often, after the pull at start (default 60 s; 0: only at start). */
  pullIntervalMs?: number;
  /** Waits before retrying a failed forward (default 0.5, 2 and 8 s); then the batch waits for the next pull. */
  retryDelaysMs?: number[];
  /** Per request (default 10 s). */
  timeoutMs?: number;
  onProgress?: (ev: FederationProgress) => void;
  signal?: AbortSignal;
}

export interface RelayResult {
  accepted: number;
  known: number;
  pending: number;
  rejected: number;
}

export type FederationProgress =
  | { type: "scan:forwarded"; peer: string; count: number; result: RelayResult }
  | { type: "scan:forward-failed"; peer: string; count: number; error: string }
  | { type: "scan:pulled"; peer: string; received: number; accepted: number; pending: number }
  | { type: "scan:pull-failed"; peer: string; error: string };

const MAX_OUTBOX = 10_000;
/** Pages of a pull, at MAX_RELAY_BATCH announcements each. */
const MAX_PULL_PAGES = 1_000;

type PullPage = { announcements: { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

const RELAY = `mutation($a: [AnnouncementInput!]!) { relay(announcements: $a) { accepted known pending rejected } }`;
const PULL = `query($after: String) { announcements(first: ${MAX_RELAY_BATCH}, after: $after) {
  edges { node { chainId publicKey walletAddr hostAddr type fileHashes timestamp ttl signature } } pageInfo { hasNextPage endCursor } } }`;

export class Federation {
  private readonly outboxes = new Map<string, Map<string, Announcement>>();
  private readonly senders = new Map<string, Promise<void>>();
  private pulling?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(private readonly opts: FederationOptions) {
    for (const peer of opts.peers) {
      let url: URL;
      try {
        url = new URL(peer);
      } catch {
        throw new InvalidParams(`peer "${peer}" is not a URL (expected http://host:port/graphql)`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidParams(`peer "${peer}" is not an http(s) URL`);
      this.outboxes.set(peer, new Map());
    }
  }

  get peers() {
    return [...this.outboxes.keys()];
  }

  /** Pulls from every peer now, then every pullIntervalMs until the signal aborts. */
  start() {
    void this.pullAll();
    const every = this.opts.pullIntervalMs ?? 60_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.pullAll(), every);
      this.timer.unref();
      this.opts.signal?.addEventListener("abort", () => clearInterval(this.timer), { once: true });
    }
  }

  /** Queues an accepted announcement for every peer. */
  forward(a: Announcement) {
    if (this.opts.signal?.aborted) return;
    for (const [peer, outbox] of this.outboxes) {
      outbox.delete(a.walletAddr); // re-inserted last: the outbox stays in arrival order
      if (outbox.size >= MAX_OUTBOX) outbox.delete(outbox.keys().next().value!);
      outbox.set(a.walletAddr, a);
      if (!this.senders.has(peer)) this.senders.set(peer, this.drain(peer, outbox).finally(() => this.senders.delete(peer)));
    }
  }

  /** Resolves once no forward is queued or in flight and no pull runs (tests wait on it). */
  async settled() {
    for (let round = 0; round < 100 && (this.senders.size || this.pulling); round++) {
      await Promise.all([...this.senders.values(), this.pulling]);
    }
  }

  /** Pulls every peer's live announcements into our tracker; one pull at a time. */
  pullAll(): Promise<void> {
    this.pulling ??= Promise.all(this.peers.map((p) => this.pull(p))).then(() => {}).finally(() => (this.pulling = undefined));
    return this.pulling;
  }

  private async pull(peer: string) {
    let received = 0;
    let accepted = 0;
    let pending = 0;
    try {
      let after: string | null = null;
      for (let page = 0; page < MAX_PULL_PAGES; page++) {
        const data: PullPage = await this.request<PullPage>(peer, PULL, { after });
        for (const { node } of data.announcements.edges) {
          received++;
          try {
            const outcome = await this.opts.tracker.receive({ ...(node as unknown as Announcement), timestamp: Number(node.timestamp) });
            if (outcome === "accepted") accepted++;
            else if (outcome === "pending") pending++;
          } catch {
            // invalid here (expired on the way, or a peer serving garbage): not ours to keep
          }
        }
        if (!data.announcements.pageInfo.hasNextPage) break;
        after = data.announcements.pageInfo.endCursor;
      }
      this.opts.onProgress?.({ type: "scan:pulled", peer, received, accepted, pending });
    } catch (e) {
      this.opts.onProgress?.({ type: "scan:pull-failed", peer, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private async drain(peer: string, outbox: Map<string, Announcement>) {
    while (outbox.size && !this.opts.signal?.aborted) {
      const batch = [...outbox.values()].slice(0, MAX_RELAY_BATCH);
      for (const a of batch) outbox.delete(a.walletAddr);
      const input = batch.map((a) => ({ ...a, timestamp: String(a.timestamp) }));
      const delays = this.opts.retryDelaysMs ?? [500, 2000, 8000];
      for (let attempt = 0; ; attempt++) {
        try {
          const data = await this.request<{ relay: RelayResult }>(peer, RELAY, { a: input });
          this.opts.onProgress?.({ type: "scan:forwarded", peer, count: batch.length, result: data.relay });
          break;
        } catch (e) {
          if (attempt >= delays.length || this.opts.signal?.aborted) {
            this.opts.onProgress?.({ type: "scan:forward-failed", peer, count: batch.length, error: e instanceof Error ? e.message : String(e) });
            break;
          }
          await sleep(delays[attempt], this.opts.signal);
        }
      }
    }
  }

  private async request<T>(peer: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 10_000);
    const res = await fetch(peer, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
      signal: this.opts.signal ? AbortSignal.any([this.opts.signal, timeout]) : timeout,
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`${peer}: ${body.errors?.[0]?.message ?? `HTTP ${res.status}`}`);
    return body.data;
  }
}
