/**
 * The DSP host: a libp2p 3 node (TCP, noise, yamux, identify, ping, circuit relay transport)
 * speaking the spec's P2P protocol over it.
 *
 * - Every message is a signed envelope (envelope.ts) cut into frames (frame.ts), on a control
 *   stream per peer (requests, answers, keepalive) and on bulk streams (blocks) so that a
 *   transfer never queues a keepalive behind megabytes.
 * - Requests and answers are matched by request nonce; a message nonce seen before is dropped.
 * - One connection per peer: when two exist (both sides dialed at once), both sides keep the one
 *   dialed by the smaller peer id and close the other.
 * - Keepalive every 15 s; a peer silent for `keepaliveMisses` intervals is disconnected. Peers
 *   connected with `persistent` are redialed after a loss ("rebuild a new connection
 *   immediately"); when that fails the upper layer gets `peer:reconnect-failed` (59100).
 * - Bad input never crashes the host: refused frames and messages are logged and reported as
 *   `message:rejected`; a framing error aborts the stream, a bad message is dropped.
 */
import "./polyfill.js";
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import { createLibp2p, type Libp2p } from "libp2p";
import { tcp } from "@libp2p/tcp";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { identify } from "@libp2p/identify";
import { ping } from "@libp2p/ping";
import { circuitRelayTransport } from "@libp2p/circuit-relay-v2";
import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Connection, PeerId, PrivateKey, Stream } from "@libp2p/interface";
import { multiaddr, type Multiaddr } from "@multiformats/multiaddr";
import { dsp } from "./proto.js";
import type { KeyPair, SchemeName } from "@dsp/core";
import { DspError } from "@dsp/core";
import { Channel } from "./channel.js";
import { compress, compressInfoOf, decompress, type CompressAlgorithmName } from "./compress.js";
import { open, seal, sealerOf, type OpenedMessage, type Sealer } from "./envelope.js";
import { MessageRejected, PeerConnectionLost, RemoteRefused, RequestTimeout } from "./errors.js";
import { DEFAULT_MAX_MESSAGE_SIZE, encodeFrames, type RawMessage } from "./frame.js";
import { codecOf, isKnownOpcode, Opcode, opcodeName, type BodyOf, type KnownOpcode, type PropsOf } from "./opcodes.js";
import { ReplayGuard } from "./replay.js";
import { encodeBlockFlights } from "./flights.js";
import type { Uint8ArrayList } from "uint8arraylist";

export const CONTROL_PROTOCOL = "/dsp/msg/0.1.0";
export const BULK_PROTOCOL = "/dsp/bulk/0.1.0";
export const KEEPALIVE_INTERVAL = 15_000;
/** How long a peer told to go (Reply.hangUp) may take to close the connection itself. */
const HANG_UP_GRACE = 5_000;
/** The network id of the devnet and of a node not told otherwise: "DSP1". */
export const DEFAULT_NETWORK_ID = 0x44535031;

export interface DspHostInit {
  /** The account key that signs every message. */
  account: KeyPair;
  scheme?: SchemeName;
  /** The network id in every frame; peers on another network are refused. */
  networkId: number;
  /** libp2p identity; a fixed key keeps the peer id (and so the node's addresses) across restarts. */
  privateKey?: PrivateKey;
  /** Listen multiaddrs; default one TCP port on 127.0.0.1. Add "/p2p-circuit" to be reachable through a proxy. */
  listen?: string[];
  /** Compress messages over `above` bytes with `algorithm` (default gzip over 4 KiB). */
  compression?: { algorithm: CompressAlgorithmName; above: number };
  keepaliveInterval?: number;
  /** Intervals without any message from a peer before it is disconnected (default 3). */
  keepaliveMisses?: number;
  requestTimeout?: number;
  maxMessageSize?: number;
  /** yamux stream window; both peers must use the same value above 256 KiB. */
  streamWindow?: number;
  /** Redials of a persistent peer before giving up (default 5; 1 s, 2 s, 4 s ... apart). */
  redialAttempts?: number;
  /**
   * Admission of incoming connections (libp2p's connection manager). Its defaults suit a peer
   * among peers: at most 5 new connections per second from one IP, 10 handshakes at once. A
   * node that many clients reach at once from one address (behind one NAT, or all on loopback)
   * raises them.
   */
  connections?: { maxConnections?: number; inboundPerSecondPerHost?: number; maxPendingInbound?: number };
  /** Extra libp2p services (the proxy server adds the relay). */
  services?: Record<string, (components: any) => unknown>;
  /** Where the host tells what it refused and why; default silent (the events carry it). */
  log?: (line: string) => void;
}

export interface Incoming<O extends KnownOpcode = KnownOpcode> extends OpenedMessage {
  opcode: O;
  message: BodyOf<O>;
  peer: PeerId;
}

/**
 * What a request handler returns: the answer's opcode and message, or nothing (an empty ack).
 * With `hangUp`, the connection is closed (Disconnect with that reason) once the answer is
 * written, so a refused peer reads why before it is cut off. `onSent` runs once the answer is
 * written (or could not be), so a handler can hold a resource (a read budget, say) until its
 * bytes have left.
 */
export type Reply = { opcode: KnownOpcode; message: object; hangUp?: string; onSent?: () => void } | void;
export type Handler<O extends KnownOpcode> = (incoming: Incoming<O>) => Reply | Promise<Reply>;

export interface DspHostEvents {
  "peer:connect": [{ peer: PeerId; address?: string }];
  "peer:disconnect": [{ peer: PeerId; reason: string }];
  "peer:reconnect-failed": [{ peer: PeerId; error: PeerConnectionLost }];
  "message:rejected": [{ peer: PeerId; error: MessageRejected }];
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Send on the peer's bulk stream (block data) instead of its control stream. */
  bulk?: boolean;
  /** Milliseconds to wait for the answer (requests) or the ack. */
  timeout?: number;
}

interface Pending {
  resolve(m: Incoming): void;
  reject(e: Error): void;
}

/** Everything the host holds for one connected peer. */
class PeerSession {
  control?: Channel;
  bulk?: Channel;
  opening?: Promise<Channel>;
  openingBulk?: Promise<Channel>;
  lastHeard = Date.now();
  address?: string;
  announced = false;
  readonly pending = new Map<number, Pending>();
  constructor(readonly peer: PeerId) {}
}

/** Opcodes whose payload is already dense (block data): compressing them only costs CPU. */
const INCOMPRESSIBLE = new Set<number>([Opcode.BlockFlights]);

export class DspHost extends EventEmitter<DspHostEvents> {
  readonly libp2p: Libp2p;
  readonly address: string;
  readonly networkId: number;
  readonly #sealer: Sealer;
  readonly #init: Required<Pick<DspHostInit, "keepaliveInterval" | "keepaliveMisses" | "requestTimeout" | "maxMessageSize" | "redialAttempts">> &
    DspHostInit;
  readonly #sessions = new Map<string, PeerSession>();
  readonly #handlers = new Map<number, Handler<any>>();
  readonly #replay = new ReplayGuard();
  readonly #persistent = new Map<string, Multiaddr[]>();
  #nonce = Date.now() * 1024;
  #requestNonce = 1;
  #keepalive?: NodeJS.Timeout;
  #stopping = false;
  /** Counters for tests, metrics and benchmarks. */
  readonly stats = { sent: 0, received: 0, rejected: 0, bytesSent: 0 };

  private constructor(libp2p: Libp2p, init: DspHostInit) {
    super();
    this.libp2p = libp2p;
    this.networkId = init.networkId >>> 0;
    this.#init = {
      keepaliveInterval: KEEPALIVE_INTERVAL,
      keepaliveMisses: 3,
      requestTimeout: 30_000,
      maxMessageSize: DEFAULT_MAX_MESSAGE_SIZE,
      redialAttempts: 5,
      ...init,
    };
    this.#sealer = sealerOf(init.account, libp2p.peerId.toMultihash().bytes, init.scheme);
    this.address = this.#sealer.address;
  }

  /** Creates and starts a host. */
  static async create(init: DspHostInit): Promise<DspHost> {
    const window = init.streamWindow ?? 4 * 1024 * 1024;
    const libp2p = await createLibp2p({
      privateKey: init.privateKey ?? (await generateKeyPair("Ed25519")),
      addresses: { listen: init.listen ?? ["/ip4/127.0.0.1/tcp/0"] },
      transports: [tcp(), circuitRelayTransport()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux({ streamOptions: { initialStreamWindowSize: 256 * 1024, maxStreamWindowSize: window } })],
      services: { identify: identify(), ping: ping(), ...(init.services ?? {}) },
      // The spec's keepalive (#keepaliveTick) is the one liveness rule. libp2p 3's own monitor
      // pings on a second schedule with a 5 s timeout and aborted healthy connections under load.
      connectionMonitor: { enabled: false },
      connectionManager: {
        maxConnections: init.connections?.maxConnections,
        inboundConnectionThreshold: init.connections?.inboundPerSecondPerHost,
        maxIncomingPendingConnections: init.connections?.maxPendingInbound,
      },
    });
    const host = new DspHost(libp2p, init);
    await host.#start();
    return host;
  }

  get peerId(): PeerId {
    return this.libp2p.peerId;
  }

  /** The addresses others can dial (with /p2p/<id>). */
  get multiaddrs(): Multiaddr[] {
    return this.libp2p.getMultiaddrs();
  }

  async #start(): Promise<void> {
    const opts = { runOnLimitedConnection: true, maxInboundStreams: 64 };
    await this.libp2p.handle(CONTROL_PROTOCOL, (stream, connection) => void this.#attach(stream, connection, false), opts);
    await this.libp2p.handle(BULK_PROTOCOL, (stream, connection) => void this.#attach(stream, connection, true), opts);
    this.libp2p.addEventListener("connection:open", (e) => this.#oneConnectionPerPeer(e.detail));
    this.libp2p.addEventListener("peer:disconnect", (e) => this.#lost(e.detail, "connection closed"));
    // libp2p stopped under us (not by stop()): its connections go without peer:disconnect, and
    // what waits on them must not wait for a timeout
    this.libp2p.addEventListener("stop", () => {
      for (const s of [...this.#sessions.values()]) this.#lost(s.peer, "host stopped", true);
    });
    this.#keepalive = setInterval(() => this.#keepaliveTick(), this.#init.keepaliveInterval);
    this.#keepalive.unref();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#keepalive);
    await Promise.allSettled([...this.#sessions.values()].map((s) => this.disconnect(s.peer, "host stopping")));
    await this.libp2p.stop();
  }

  /** Registers the handler of an opcode (one per opcode). Requests get its return value as the answer. */
  handle<O extends KnownOpcode>(opcode: O, handler: Handler<O>): void {
    this.#handlers.set(opcode, handler);
  }

  /**
   * Connects to a peer (a multiaddr with /p2p/<id>) and opens its control stream; reuses the
   * connection if there is one. With `persistent`, a lost connection is redialed.
   */
  async connect(address: string | Multiaddr | PeerId, opts: { signal?: AbortSignal; persistent?: boolean } = {}): Promise<PeerId> {
    const target = typeof address === "string" ? multiaddr(address) : address;
    let connection: Connection;
    try {
      connection = await this.libp2p.dial(target, { signal: opts.signal });
    } catch (cause) {
      throw new PeerConnectionLost(String(target), `dial failed: ${(cause as Error).message}`, { cause });
    }
    if (opts.persistent) this.#persistent.set(connection.remotePeer.toString(), [connection.remoteAddr]);
    await this.#controlOf(connection.remotePeer, opts.signal);
    return connection.remotePeer;
  }

  /** Says goodbye (Disconnect) and closes every connection to the peer; no redial. */
  async disconnect(peer: PeerId, reason = "bye"): Promise<void> {
    this.#persistent.delete(peer.toString());
    const session = this.#sessions.get(peer.toString());
    if (session?.control && !session.control.closed) {
      await this.send(peer, Opcode.Disconnect, { reason }, { timeout: 1000 }).catch(() => {});
    }
    this.#lost(peer, `disconnected: ${reason}`, true);
    await this.libp2p.hangUp(peer).catch(() => {});
  }

  /**
   * Closes the connection after an answer: says goodbye and leaves the closing to the peer, which
   * hangs up when it reads the goodbye, so it has read the answer first. Closing from this side
   * at once could cut them off: the peer may learn of the closed connection before its reader
   * reaches them. A peer that stays is disconnected after HANG_UP_GRACE.
   */
  async #hangUp(peer: PeerId, reason: string): Promise<void> {
    this.#persistent.delete(peer.toString());
    const gone = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.libp2p.removeEventListener("peer:disconnect", onGone);
        resolve();
      };
      const onGone = (e: CustomEvent<PeerId>) => void (e.detail.equals(peer) && done());
      const timer = setTimeout(done, HANG_UP_GRACE);
      this.libp2p.addEventListener("peer:disconnect", onGone);
    });
    await this.send(peer, Opcode.Disconnect, { reason }).catch(() => {});
    await gone;
    await this.disconnect(peer, reason);
  }

  /** The peers with an open control stream, with their DSP addresses once known. */
  peers(): { peer: PeerId; address?: string }[] {
    return [...this.#sessions.values()].filter((s) => s.control && !s.control.closed).map((s) => ({ peer: s.peer, address: s.address }));
  }

  /** Sends a message; resolves when it is written (or, with needAck, when the peer acked it). */
  async send<O extends KnownOpcode>(peer: PeerId, opcode: O, message: NonNullable<PropsOf<O>>, opts: SendOptions & { needAck?: boolean } = {}): Promise<void> {
    if (opts.needAck) {
      await this.#exchange(peer, opcode, message, opts, true);
      return;
    }
    const channel = opts.bulk ? await this.#bulkOf(peer, opts.signal) : await this.#controlOf(peer, opts.signal);
    await this.#write(channel, opcode, message, { requestNonce: 0, replyFlag: false, needAck: false });
  }

  /** Sends a request and resolves with the answer; a refusal rejects with RemoteRefused. */
  request<O extends KnownOpcode>(peer: PeerId, opcode: O, message: NonNullable<PropsOf<O>>, opts: SendOptions = {}): Promise<Incoming> {
    return this.#exchange(peer, opcode, message, opts, false);
  }

  async #exchange(peer: PeerId, opcode: KnownOpcode, message: object, opts: SendOptions, needAck: boolean): Promise<Incoming> {
    const channel = opts.bulk ? await this.#bulkOf(peer, opts.signal) : await this.#controlOf(peer, opts.signal);
    const session = this.#sessions.get(peer.toString())!;
    const requestNonce = this.#requestNonce++;
    const timeout = opts.timeout ?? this.#init.requestTimeout;
    const answer = new Promise<Incoming>((resolve, reject) => {
      const timer = setTimeout(() => finish(new RequestTimeout(`${opcodeName(opcode)} to ${peer}`, timeout)), timeout);
      const onAbort = () => finish(opts.signal!.reason instanceof Error ? opts.signal!.reason : new Error("aborted"));
      const finish = (err?: Error, m?: Incoming) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
        session.pending.delete(requestNonce);
        if (err) reject(err);
        else resolve(m!);
      };
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      session.pending.set(requestNonce, { resolve: (m) => finish(undefined, m), reject: (e) => finish(e) });
    });
    await this.#write(channel, opcode, message, { requestNonce, replyFlag: false, needAck }).catch((err) => {
      session.pending.get(requestNonce)?.reject(err);
    });
    const reply = await answer;
    if (reply.opcode === Opcode.AckResponse) {
      const ack = reply.message as dsp.AckResponse;
      if (ack.code !== 0) throw new RemoteRefused(ack.code, ack.reason || `code ${ack.code}`);
    }
    return reply;
  }

  async #write(channel: Channel, opcode: KnownOpcode, message: object, h: { requestNonce: number; replyFlag: boolean; needAck: boolean }): Promise<void> {
    const codec = codecOf(opcode);
    const body = opcode === Opcode.BlockFlights ? encodeBlockFlights(message) : codec.encode(codec.create(message)).finish();
    const envelope = seal(
      this.#sealer,
      { networkId: this.networkId, opcode, messageNonce: this.#nonce++, messageId: h.needAck ? randomUUID() : "", ...h },
      body,
    );
    let payload: Uint8Array | Uint8ArrayList = envelope;
    let info = 0;
    const c = this.#init.compression ?? { algorithm: "gzip", above: 4096 };
    if (c.algorithm !== "none" && envelope.byteLength > c.above && !INCOMPRESSIBLE.has(opcode)) {
      const packed = compress(c.algorithm, envelope.subarray());
      if (packed.length < envelope.byteLength) {
        payload = packed;
        info = compressInfoOf(c.algorithm);
      }
    }
    const frames = encodeFrames(this.networkId, info, payload);
    await channel.write(frames);
    this.stats.sent++;
    this.stats.bytesSent += frames.byteLength;
  }

  // ---- connections and streams ----

  #session(peer: PeerId): PeerSession {
    let session = this.#sessions.get(peer.toString());
    if (!session) {
      session = new PeerSession(peer);
      this.#sessions.set(peer.toString(), session);
    }
    return session;
  }

  async #controlOf(peer: PeerId, signal?: AbortSignal): Promise<Channel> {
    const session = this.#session(peer);
    if (session.control && !session.control.closed) return session.control;
    session.opening ??= this.#openStream(peer, CONTROL_PROTOCOL, false, signal).finally(() => (session.opening = undefined));
    return session.opening;
  }

  async #bulkOf(peer: PeerId, signal?: AbortSignal): Promise<Channel> {
    await this.#controlOf(peer, signal);
    const session = this.#session(peer);
    if (session.bulk && !session.bulk.closed) return session.bulk;
    session.openingBulk ??= this.#openStream(peer, BULK_PROTOCOL, true, signal).finally(() => (session.openingBulk = undefined));
    return session.openingBulk;
  }

  async #openStream(peer: PeerId, protocol: string, bulk: boolean, signal?: AbortSignal): Promise<Channel> {
    // When both sides dial at once, one of the two connections is closed under us
    // (#oneConnectionPerPeer); the stream is then opened again on the survivor.
    for (let attempt = 1; ; attempt++) {
      try {
        // Reuse an open connection as it is: libp2p.dial() redials past a limited (relayed, with
        // limits) one, and one-connection-per-peer then closes one of the two mid-open.
        const connection = this.libp2p.getConnections(peer).find((c) => c.status === "open") ?? (await this.libp2p.dial(peer, { signal }));
        const stream = await connection.newStream(protocol, { signal, runOnLimitedConnection: true });
        return this.#attach(stream, connection, bulk);
      } catch (cause) {
        if (attempt < 3 && !signal?.aborted) {
          await new Promise((r) => setTimeout(r, 50 * attempt));
          continue;
        }
        throw new PeerConnectionLost(peer.toString(), `cannot open ${protocol}: ${(cause as Error).message}`, { cause });
      }
    }
  }

  #attach(stream: Stream, connection: Connection, bulk: boolean): Channel {
    const peer = connection.remotePeer;
    const session = this.#session(peer);
    stream.maxReadBufferLength = this.#init.maxMessageSize * 2;
    const remoteId = peer.toMultihash().bytes;
    const channel: Channel = new Channel(stream, this.networkId, this.#init.maxMessageSize, {
      onMessage: (raw): void | Promise<void> => this.#receive(session, channel, raw, remoteId),
      onFatal: (error) => this.#reject(peer, error),
      onClose: () => {
        if (session.control === channel) session.control = undefined;
        if (session.bulk === channel) session.bulk = undefined;
      },
    });
    // The newest stream wins: after a reconnect the old one is already closing.
    if (bulk) session.bulk = channel;
    else session.control = channel;
    if (!bulk && !session.announced) {
      session.announced = true;
      this.emit("peer:connect", { peer, address: session.address });
    }
    return channel;
  }

  #oneConnectionPerPeer(connection: Connection): void {
    const all = this.libp2p.getConnections(connection.remotePeer).filter((c) => c.status === "open");
    if (all.length < 2) return;
    // Both sides choose the same survivor: the connection opened by the smaller peer id.
    const me = this.peerId.toString();
    const them = connection.remotePeer.toString();
    const keepDirection = me < them ? "outbound" : "inbound";
    const keep = all.find((c) => c.direction === keepDirection) ?? all[0];
    for (const c of all) if (c !== keep) void c.close().catch(() => c.abort(new Error("duplicate connection")));
  }

  /**
   * Tears the session down and tells the upper layer. From libp2p's peer:disconnect the
   * connections are gone already; `force` is for our own decisions (keepalive, goodbye), taken
   * before the hang-up so that the reason given is ours.
   */
  #lost(peer: PeerId, reason: string, force = false): void {
    const key = peer.toString();
    if (!force && this.libp2p.getConnections(peer).some((c) => c.status === "open")) return;
    const session = this.#sessions.get(key);
    if (!session) return;
    this.#sessions.delete(key);
    for (const p of session.pending.values()) p.reject(new PeerConnectionLost(key, reason));
    session.control?.abort(new Error(reason));
    session.bulk?.abort(new Error(reason));
    if (session.announced) this.emit("peer:disconnect", { peer, reason });
    const addrs = this.#persistent.get(key);
    if (addrs && !this.#stopping) {
      // Redial once the old connections are closed, or the dial would reuse a dying one.
      void this.libp2p
        .hangUp(peer)
        .catch(() => {})
        .then(() => this.#redial(peer, addrs));
    }
  }

  async #redial(peer: PeerId, addrs: Multiaddr[]): Promise<void> {
    let last: unknown;
    for (let attempt = 0; attempt < this.#init.redialAttempts; attempt++) {
      if (this.#stopping || !this.#persistent.has(peer.toString())) return;
      try {
        await this.connect(addrs[0], { persistent: true });
        return;
      } catch (err) {
        last = err;
        await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt).unref());
      }
    }
    this.#persistent.delete(peer.toString());
    const error = new PeerConnectionLost(peer.toString(), `${this.#init.redialAttempts} redials failed`, { cause: last });
    this.#log(`${peer}: ${error.message}`);
    this.emit("peer:reconnect-failed", { peer, error });
  }

  #keepaliveTick(): void {
    const now = Date.now();
    for (const session of this.#sessions.values()) {
      if (!session.control || session.control.closed) continue;
      if (now - session.lastHeard > this.#init.keepaliveInterval * this.#init.keepaliveMisses) {
        this.#log(`${session.peer}: silent for ${now - session.lastHeard} ms, disconnecting`);
        this.#lost(session.peer, "keepalive timeout", true);
        void this.libp2p.hangUp(session.peer).catch(() => {});
        continue;
      }
      void this.#write(session.control, Opcode.Keepalive, {}, { requestNonce: 0, replyFlag: false, needAck: false }).catch(() => {});
    }
  }

  // ---- receiving ----

  #reject(peer: PeerId, error: MessageRejected): void {
    this.stats.rejected++;
    this.#log(`${peer}: ${error.shortMessage}: ${error.details ?? ""}${error.fatal ? " (stream aborted)" : ""}`);
    this.emit("message:rejected", { peer, error });
  }

  #log(line: string): void {
    this.#init.log?.(`[dsp-p2p ${this.peerId.toString().slice(-8)}] ${line}`);
  }

  #receive(session: PeerSession, channel: Channel, raw: RawMessage, remoteId: Uint8Array): void | Promise<void> {
    let opened: OpenedMessage;
    let message: unknown;
    try {
      const bytes = decompress(raw.compressInfo, raw.payload, this.#init.maxMessageSize);
      opened = open(bytes, this.networkId, remoteId);
      if (!this.#replay.accept(opened.senderAddress, opened.messageNonce)) {
        throw new MessageRejected("replay", `message nonce ${opened.messageNonce} from ${opened.senderAddress} already seen`);
      }
      if (session.address && session.address !== opened.senderAddress) {
        throw new MessageRejected("bad-sender", `peer spoke as ${session.address}, now claims ${opened.senderAddress}`);
      }
      if (!isKnownOpcode(opened.opcode)) throw new MessageRejected("unknown-opcode", `${opcodeName(opened.opcode)} has no message type`);
      try {
        message = codecOf(opened.opcode).decode(opened.body);
      } catch (cause) {
        throw new MessageRejected("bad-protobuf", `${opcodeName(opened.opcode)}: ${(cause as Error).message}`, { cause });
      }
    } catch (err) {
      if (!(err instanceof MessageRejected)) throw err;
      this.#reject(session.peer, err);
      // A signed request we cannot serve still gets an answer, so the requester need not time out.
      if (err.reason === "unknown-opcode" && opened! && opened.requestNonce && !opened.replyFlag) {
        void this.#answerError(channel, opened.requestNonce, err);
      }
      return;
    }
    session.lastHeard = Date.now();
    session.address ??= opened.senderAddress;
    this.stats.received++;
    const incoming = { ...opened, message, peer: session.peer } as Incoming;

    if (opened.replyFlag) {
      session.pending.get(opened.requestNonce)?.resolve(incoming);
      return;
    }
    switch (opened.opcode) {
      case Opcode.Keepalive:
        return void this.#write(channel, Opcode.KeepaliveResponse, {}, { requestNonce: 0, replyFlag: false, needAck: false }).catch(() => {});
      case Opcode.KeepaliveResponse:
        return;
      case Opcode.Disconnect:
        this.#persistent.delete(session.peer.toString());
        return void this.libp2p.hangUp(session.peer).catch(() => {});
      case Opcode.Ping:
        if (!this.#handlers.has(Opcode.Ping) && opened.requestNonce) {
          return this.#answer(channel, opened, { opcode: Opcode.Pong, message: { timestamp: (message as dsp.Ping).timestamp } });
        }
    }
    const handler = this.#handlers.get(opened.opcode);
    if (!handler) {
      const err = new MessageRejected("unknown-opcode", `no handler for ${opcodeName(opened.opcode)}`);
      this.#reject(session.peer, err);
      if (opened.requestNonce) return this.#answerError(channel, opened.requestNonce, err);
      return;
    }
    return (async () => {
      let reply: Reply = undefined;
      try {
        reply = await handler(incoming);
        if (opened.requestNonce) await this.#answer(channel, opened, reply);
        if (reply?.hangUp) await this.#hangUp(session.peer, reply.hangUp);
      } catch (err) {
        this.#log(`${session.peer}: handler of ${opcodeName(opened.opcode)} failed: ${(err as Error).message}`);
        if (opened.requestNonce) await this.#answerError(channel, opened.requestNonce, err);
      } finally {
        reply?.onSent?.();
      }
    })();
  }

  async #answer(channel: Channel, request: OpenedMessage, reply: Reply): Promise<void> {
    const { opcode, message } = reply ?? { opcode: Opcode.AckResponse, message: { MessageID: request.messageId, code: 0 } };
    await this.#write(channel, opcode, message, { requestNonce: request.requestNonce, replyFlag: true, needAck: false }).catch(() => {});
  }

  async #answerError(channel: Channel, requestNonce: number, err: unknown): Promise<void> {
    const code = err instanceof DspError ? err.code : 40001;
    const reason = err instanceof DspError ? err.shortMessage : "internal error";
    await this.#write(channel, Opcode.AckResponse, { code, reason }, { requestNonce, replyFlag: true, needAck: false }).catch(() => {});
  }
}
