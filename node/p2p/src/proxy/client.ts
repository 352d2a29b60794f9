/**
 * The proxy client: makes a host with no dialable address reachable through a proxy server.
 *
 * The host must listen on "/p2p-circuit": its circuit relay transport then reserves a slot on the
 * first relay it connects to, and the relayed address appears among the host's addresses. The
 * client dials the proxy as a persistent peer, waits for that address, and asks the proxy for it
 * with ProxyRequest (the proxy checks the reservation and answers ProxyResponse).
 *
 * libp2p drops the relayed address when the relay connection closes (the proxy restarted, the
 * network broke) and never reserves again by itself, so a watchdog looks for the address on
 * every change of the host's addresses and every few seconds; when it is gone the watchdog
 * reconnects, waits for a new reservation and asks again, and tells the upper layer
 * (`proxy:lost`, then `proxy:recovered` or `proxy:failed`).
 */
import { EventEmitter } from "node:events";
import type { PeerId } from "@libp2p/interface";
import { multiaddr, type Multiaddr } from "@multiformats/multiaddr";
import { AbortedError, InvalidParams } from "@dsp/core";
import type { DspHost } from "../host.js";
import { Opcode } from "../opcodes.js";
import type { dsp } from "../proto.js";
import { relayedVia } from "./address.js";
import { DEFAULT_RESERVATION_TIMEOUT, DEFAULT_WATCHDOG_ATTEMPTS, DEFAULT_WATCHDOG_INTERVAL } from "./constants.js";
import { ProxyRefused, ProxyUnavailable } from "./errors.js";

export type ProxyProgressEvent =
  | { type: "proxy:dial"; proxy: string }
  | { type: "proxy:reserved"; proxy: string; relayed: string }
  | { type: "proxy:reservation-timeout"; proxy: string; waited: number }
  | { type: "proxy:allocated"; proxy: string; address: string };

export interface ProxyClientEvents {
  /** The host's relayed address through the proxy disappeared; the watchdog is recovering. */
  "proxy:lost": [{ proxy: PeerId; address: string }];
  /** The proxy address is back (`attempts` tries); it is the same unless the proxy's address changed. */
  "proxy:recovered": [{ proxy: PeerId; address: string; attempts: number }];
  /** The watchdog gave up; the client is closed. */
  "proxy:failed": [{ proxy: PeerId; error: ProxyUnavailable }];
}

export interface RequestProxyOptions {
  signal?: AbortSignal;
  onProgress?: (event: ProxyProgressEvent) => void;
  /** How long to wait for the relay reservation (default 10 s). */
  reservationTimeout?: number;
  /** The watchdog, or false for none. */
  watchdog?: false | { interval?: number; attempts?: number };
}

/** Makes `host` reachable through the proxy at `proxyAddress` (a multiaddr with /p2p/<proxy>). */
export function requestProxy(host: DspHost, proxyAddress: string | Multiaddr, opts: RequestProxyOptions = {}): Promise<ProxyClient> {
  return ProxyClient.open(host, proxyAddress, opts);
}

export class ProxyClient extends EventEmitter<ProxyClientEvents> {
  readonly host: DspHost;
  readonly proxy: PeerId;
  readonly proxyAddress: Multiaddr;
  /** The address others dial to reach the host through the proxy (what ProxyResponse carried). */
  address: string;
  readonly #opts: RequestProxyOptions;
  #timer?: NodeJS.Timeout;
  #recovering = false;
  #closed = false;
  readonly #check = () => this.#watch();

  private constructor(host: DspHost, proxyAddress: Multiaddr, proxy: PeerId, address: string, opts: RequestProxyOptions) {
    super();
    this.host = host;
    this.proxyAddress = proxyAddress;
    this.proxy = proxy;
    this.address = address;
    this.#opts = opts;
    if (opts.watchdog === false) return;
    host.libp2p.addEventListener("self:peer:update", this.#check);
    this.#timer = setInterval(this.#check, opts.watchdog?.interval ?? DEFAULT_WATCHDOG_INTERVAL);
    this.#timer.unref();
  }

  static async open(host: DspHost, proxyAddress: string | Multiaddr, opts: RequestProxyOptions = {}): Promise<ProxyClient> {
    let target: Multiaddr;
    try {
      target = typeof proxyAddress === "string" ? multiaddr(proxyAddress) : proxyAddress;
    } catch (cause) {
      throw new InvalidParams(`not a proxy multiaddr: ${JSON.stringify(proxyAddress)}`, { cause });
    }
    const { proxy, address } = await allocate(host, target, opts, opts.signal);
    return new ProxyClient(host, target, proxy, address, opts);
  }

  /** Whether the host holds its relayed address through the proxy right now. */
  get reachable(): boolean {
    return relayedVia(this.host.multiaddrs, this.proxy) !== undefined;
  }

  /** Stops the watchdog and leaves the proxy (the reservation lapses). */
  async close(): Promise<void> {
    this.#stopWatching();
    await this.host.disconnect(this.proxy, "proxy no longer needed");
  }

  #stopWatching(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.host.libp2p.removeEventListener("self:peer:update", this.#check);
  }

  #watch(): void {
    if (this.#closed || this.#recovering || this.reachable) return;
    this.#recovering = true;
    this.emit("proxy:lost", { proxy: this.proxy, address: this.address });
    void this.#recover().finally(() => (this.#recovering = false));
  }

  async #recover(): Promise<void> {
    const attempts = (this.#opts.watchdog || {}).attempts ?? DEFAULT_WATCHDOG_ATTEMPTS;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts && !this.#closed; attempt++) {
      try {
        const { address } = await allocate(this.host, this.proxyAddress, this.#opts);
        this.address = address;
        this.emit("proxy:recovered", { proxy: this.proxy, address, attempts: attempt });
        return;
      } catch (err) {
        last = err;
        // Still connected but not reserved: libp2p reserves on a relay when it connects to it, so
        // the next attempt starts from a fresh connection.
        await this.host.disconnect(this.proxy, "proxy reservation lost").catch(() => {});
        await sleep(Math.min(1000 * 2 ** (attempt - 1), 15_000));
      }
    }
    if (this.#closed) return;
    this.#stopWatching();
    const error = new ProxyUnavailable(this.proxy.toString(), `address not restored after ${attempts} attempts`, { cause: last });
    this.emit("proxy:failed", { proxy: this.proxy, error });
  }
}

/** Connect, wait for the relay reservation, ask the proxy: one allocation. */
async function allocate(host: DspHost, target: Multiaddr, opts: RequestProxyOptions, signal?: AbortSignal): Promise<{ proxy: PeerId; address: string }> {
  if (signal?.aborted) throw new AbortedError("proxy request", signal.reason);
  try {
    return await allocateOnce(host, target, opts, signal);
  } catch (err) {
    // Whatever step the abort interrupted (a dial, the wait, the request), the caller sees one error.
    if (signal?.aborted && !(err instanceof AbortedError)) throw new AbortedError("proxy request", signal.reason);
    throw err;
  }
}

async function allocateOnce(host: DspHost, target: Multiaddr, opts: RequestProxyOptions, signal?: AbortSignal): Promise<{ proxy: PeerId; address: string }> {
  const name = target.toString();
  opts.onProgress?.({ type: "proxy:dial", proxy: name });
  const proxy = await host.connect(target, { signal, persistent: true });
  const timeout = opts.reservationTimeout ?? DEFAULT_RESERVATION_TIMEOUT;
  const relayed = await waitForRelayed(host, proxy, timeout, signal);
  if (relayed) opts.onProgress?.({ type: "proxy:reserved", proxy: name, relayed: relayed.toString() });
  // Without a reservation in time the proxy still has the last word (ours may be on its way).
  else opts.onProgress?.({ type: "proxy:reservation-timeout", proxy: name, waited: timeout });
  const answer = await host.request(proxy, Opcode.ProxyRequest, { originAddress: host.peerId.toString() }, { signal });
  if (answer.opcode !== Opcode.ProxyResponse) throw new ProxyRefused(40000, `answered ProxyRequest with opcode ${answer.opcode}`);
  const response = answer.message as dsp.ProxyResponse;
  if (response.code !== 0) {
    const why = relayed ? `code ${response.code}` : `no relay reservation after ${timeout} ms (does the host listen on /p2p-circuit?)`;
    throw new ProxyRefused(response.code, why);
  }
  opts.onProgress?.({ type: "proxy:allocated", proxy: name, address: response.proxyAddress });
  return { proxy, address: response.proxyAddress };
}

/** Resolves with the host's address relayed through `proxy` once it has one, or undefined after `timeout`. */
function waitForRelayed(host: DspHost, proxy: PeerId, timeout: number, signal?: AbortSignal): Promise<Multiaddr | undefined> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = relayedVia(host.multiaddrs, proxy);
      if (found) finish(() => resolve(found));
    };
    const onAbort = () => finish(() => reject(new AbortedError("proxy reservation", signal!.reason)));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      clearInterval(poll);
      host.libp2p.removeEventListener("self:peer:update", check);
      signal?.removeEventListener("abort", onAbort);
      settle();
    };
    const timer = setTimeout(() => finish(() => resolve(undefined)), timeout);
    // Address changes arrive as self:peer:update; the poll is a bound on a missed event.
    const poll = setInterval(check, 250);
    host.libp2p.addEventListener("self:peer:update", check);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    check();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
