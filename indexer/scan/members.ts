/**
 * Who this SCAN server federates with: the authenticated members (handshake.ts) on the other end
 * of its connections. It finds the others in the indexed ScanRegistry state (every member's
 * hostAddr), dials those it is not connected to, and drops a member once the indexed state says
 * it left (checked against the chain's head first, since the index may lag behind a member that
 * left and came back). A refresh runs at start, every `refreshMs`, and whenever the sync
 * committed a change to a ScanRegistry record.
 */
import { EventEmitter } from "node:events";
import type { PeerId } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import type { Db } from "../db/index.js";
import type { DspHost, Incoming } from "@dsp/p2p";
import { PeerConnectionLost, RemoteRefused } from "@dsp/p2p";
import { sleep } from "@dsp/core";
import { ScanPeerRefused } from "./errors.js";
import { greet, HandshakeResponder, type HandshakeOptions, type Member } from "./handshake.js";

export type MembersProgress =
  | { type: "scan:authenticated"; peer: string; address: string; evm: string; direction: "inbound" | "outbound" }
  /** We refused a peer (as responder, or as dialer when the peer was not the member we expected). */
  | { type: "scan:refused"; peer: string; code: number; reason: string; message: string }
  /** A member we dialed refused us. */
  | { type: "scan:refused-by"; peer: string; evm: string; code: number; message: string }
  | { type: "scan:dropped"; peer: string; evm: string; why: string }
  | { type: "scan:dial-failed"; evm: string; hostAddr: string; error: string };

export interface MembersOptions extends HandshakeOptions {
  db: Db;
  /** This server's EVM address, lowercase: its own record is not dialed. */
  self: string;
  /** Dial members and check the connected ones this often (default 30 s; 0: only when the sync says a record changed). */
  refreshMs?: number;
  /** A peer that has not completed the handshake this long after connecting is cut off (default 15 s). */
  handshakeDeadlineMs?: number;
  onProgress?: (ev: MembersProgress) => void;
  signal?: AbortSignal;
}

export interface MembersEvents {
  "member:joined": [Member];
  "member:left": [Member];
}

const HANDSHAKE_DEADLINE = 15_000;
/** How long a dial may take. */
const DIAL_TIMEOUT = 10_000;
/** Wait before dialing a member again after a lost connection: past libp2p's per-second inbound limit. */
const REDIAL_AFTER = 1_100;

export class ScanMembers extends EventEmitter<MembersEvents> {
  /** Peers whose requests we serve: they proved a member's key (as dialer, before our ScanAuth is acked). */
  private readonly admitted = new Map<string, Member>();
  /** Members we exchange with: the handshake is complete on both sides. */
  private readonly byPeer = new Map<string, Member>();
  private readonly dialing = new Set<string>();
  private refreshing?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;

  constructor(private readonly opts: MembersOptions) {
    super();
    const deadline = opts.handshakeDeadlineMs ?? HANDSHAKE_DEADLINE;
    new HandshakeResponder({
      ...opts,
      onMember: (m) => this.join(m, "inbound"),
      onRefused: (peer, e) => this.progress({ type: "scan:refused", peer: peer.toString(), code: e.code, reason: e.reason, message: e.shortMessage }),
    });
    opts.host.on("peer:disconnect", ({ peer }) => this.leave(peer));
    // Every connection to a SCAN server's host is a would-be member: one that neither completes the
    // handshake nor is being greeted by us holds a slot for nothing, so it goes (from libp2p's own
    // event: a peer that never opens a DSP stream is caught too).
    opts.host.libp2p.addEventListener("connection:open", (e) => {
      const peer = e.detail.remotePeer;
      const key = peer.toString();
      const t = setTimeout(() => {
        if (this.admitted.has(key) || this.byPeer.has(key) || this.opts.signal?.aborted) return;
        if (opts.host.libp2p.getConnections(peer).length === 0) return;
        const refusal = new ScanPeerRefused("NOT_AUTHENTICATED", `no SCAN handshake within ${deadline} ms of connecting`);
        this.progress({ type: "scan:refused", peer: key, code: refusal.code, reason: refusal.reason, message: refusal.shortMessage });
        void opts.host.libp2p.hangUp(peer).catch(() => {});
      }, deadline);
      t.unref();
    });
  }

  /** The authenticated members now connected. */
  list(): Member[] {
    return [...this.byPeer.values()];
  }

  /** The member behind a message, or a NOT_AUTHENTICATED refusal to answer it with. */
  memberOf(m: Incoming): Member {
    const member = this.admitted.get(m.peer.toString());
    if (!member || member.address !== m.senderAddress) throw new ScanPeerRefused("NOT_AUTHENTICATED", `${m.senderAddress} has not completed the SCAN handshake`);
    return member;
  }

  start() {
    void this.refresh();
    const every = this.opts.refreshMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.refresh(), every);
      this.timer.unref();
    }
    this.opts.signal?.addEventListener("abort", () => clearInterval(this.timer), { once: true });
  }

  /** One refresh at a time; a call during one runs another after it. Resolves when none is left. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.pass().catch(() => {}); // a database or RPC hiccup: the next refresh tries again
      } while (this.again && !this.opts.signal?.aborted);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async pass() {
    if (this.opts.signal?.aborted) return;
    const active = new Map((await this.opts.db.scanNode.findMany({ where: { status: "Active" } })).map((r) => [r.address, r.hostAddr]));
    for (const m of this.list()) {
      if (active.has(m.evm)) continue;
      const status = await this.opts.statusOf(m.evm);
      if (status !== "Active") await this.drop(m, status === "Quitting" ? "it quit the ScanRegistry" : "it is no longer in the ScanRegistry");
    }
    const connected = new Set(this.list().map((m) => m.evm));
    const self = this.opts.host.peerId.toString();
    const dials: Promise<void>[] = [];
    for (const [evm, hostAddr] of active) {
      if (evm === this.opts.self || connected.has(evm) || this.dialing.has(evm)) continue;
      let target;
      try {
        target = multiaddr(hostAddr);
      } catch (e) {
        this.progress({ type: "scan:dial-failed", evm, hostAddr, error: `not a multiaddr: ${(e as Error).message}` });
        continue;
      }
      if (target.getComponents().some((c) => c.name === "p2p" && c.value === self)) continue; // our own address under another account
      dials.push(this.dial(evm, hostAddr));
    }
    await Promise.all(dials);
  }

  private async dial(evm: string, hostAddr: string) {
    this.dialing.add(evm);
    let peer: PeerId | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          peer = await this.opts.host.connect(hostAddr, { signal: AbortSignal.timeout(DIAL_TIMEOUT) });
          this.join(await greet(this.opts, peer, evm, (m) => this.admitted.set(m.peer.toString(), m)), "outbound");
          return;
        } catch (e) {
          // Both sides dialed at once and the connection we spoke on was the one closed (done if
          // the other direction made us members), or the peer turned the connection away (libp2p
          // admits a few new connections per second from one host): once more, a moment later.
          if (e instanceof PeerConnectionLost && this.list().some((m) => m.evm === evm)) return;
          if (!(e instanceof PeerConnectionLost) || attempt > 1) throw e;
          await sleep(REDIAL_AFTER, this.opts.signal);
          if (this.opts.signal?.aborted) throw e;
        }
      }
    } catch (e) {
      if (e instanceof RemoteRefused && peer) {
        this.progress({ type: "scan:refused-by", peer: peer.toString(), evm, code: e.code, message: e.shortMessage });
        await this.opts.host.disconnect(peer, "refused").catch(() => {});
      } else if (e instanceof ScanPeerRefused && peer) {
        this.progress({ type: "scan:refused", peer: peer.toString(), code: e.code, reason: e.reason, message: e.shortMessage });
      } else {
        this.progress({ type: "scan:dial-failed", evm, hostAddr, error: e instanceof Error ? e.message : String(e) });
      }
    } finally {
      this.dialing.delete(evm);
    }
  }

  private join(m: Member, direction: "inbound" | "outbound") {
    const key = m.peer.toString();
    this.admitted.set(key, m);
    if (this.byPeer.has(key)) return; // both sides dialed at once: one member, two handshakes
    this.byPeer.set(key, m);
    this.progress({ type: "scan:authenticated", peer: key, address: m.address, evm: m.evm, direction });
    this.emit("member:joined", m);
  }

  private leave(peer: PeerId) {
    const key = peer.toString();
    this.admitted.delete(key);
    const m = this.byPeer.get(key);
    if (!m) return;
    this.byPeer.delete(key);
    this.emit("member:left", m);
  }

  private async drop(m: Member, why: string) {
    this.leave(m.peer);
    this.progress({ type: "scan:dropped", peer: m.peer.toString(), evm: m.evm, why });
    await this.opts.host.disconnect(m.peer, `no longer a SCAN member: ${why}`);
  }

  private progress(ev: MembersProgress) {
    this.opts.onProgress?.(ev);
  }
}
