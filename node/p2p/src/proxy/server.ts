/**
 * The proxy server (spec "Proxying"): a DspHost that is also a libp2p circuit relay v2 server.
 *
 * - A node reserves a slot on the relay (libp2p's hop RESERVE, which its transport sends when it
 *   listens on /p2p-circuit and connects here), then sends ProxyRequest; the answer is a
 *   ProxyResponse with its proxy address, the `/p2p-circuit` address through this relay.
 * - Reservations last the spec's 180 min and the client's transport renews them before they end;
 *   the node's Keepalive every 15 s (the host's, on the control stream) keeps the connection the
 *   relay forwards over alive, and a node silent for three intervals is dropped.
 * - Relayed connections carry no data or time limit by default: a relayed block transfer is as
 *   long as a file, and libp2p's defaults (128 KiB, 2 min) cut it silently. `limits` sets some.
 */
import { circuitRelayServer, type CircuitRelayService } from "@libp2p/circuit-relay-v2";
import { multiaddr, type Multiaddr } from "@multiformats/multiaddr";
import { InvalidParams } from "@dsp/core";
import { DspHost, type DspHostInit, type Incoming, type Reply } from "../host.js";
import { Opcode } from "../opcodes.js";
import { isCircuit, proxyAddressOf } from "./address.js";
import { DEFAULT_MAX_RESERVATIONS, PROXY_CACHE_TIME, ProxyCode } from "./constants.js";

export interface ProxyServerInit extends Omit<DspHostInit, "services"> {
  /** Lifetime of a reservation, and so of an allocation (spec: 180 min). */
  cacheTime?: number;
  /** Nodes served at once; a node asking beyond this is refused by the relay. */
  maxReservations?: number;
  /** Per relayed connection limits; default none (see the header comment). */
  limits?: { bytes: bigint; durationMs: number };
  /**
   * The address nodes know the proxy by (the spec's "special IP:PORT, which is known to all
   * peers"), without /p2p; default its first listen address. Proxy addresses are built on it.
   */
  publicAddress?: string;
}

export class ProxyServer {
  readonly host: DspHost;
  readonly relay: CircuitRelayService;
  /** What nodes dial to reach the proxy, with /p2p/<proxy id>. */
  readonly address: Multiaddr;

  private constructor(host: DspHost, publicAddress?: Multiaddr) {
    this.host = host;
    this.relay = host.libp2p.services.relay as CircuitRelayService;
    this.address = publicAddress ? publicAddress.encapsulate(`/p2p/${host.peerId.toString()}`) : host.multiaddrs.find((a) => !isCircuit(a))!;
    host.handle(Opcode.ProxyRequest, (incoming) => this.#allocate(incoming));
  }

  static async create(init: ProxyServerInit): Promise<ProxyServer> {
    const { cacheTime = PROXY_CACHE_TIME, maxReservations = DEFAULT_MAX_RESERVATIONS, limits, publicAddress, ...hostInit } = init;
    const announced = publicAddress === undefined ? undefined : parsePublicAddress(publicAddress);
    const relay = circuitRelayServer({
      reservations: {
        reservationTtl: cacheTime,
        maxReservations,
        applyDefaultLimit: limits !== undefined,
        defaultDataLimit: limits?.bytes,
        defaultDurationLimit: limits?.durationMs,
      },
    });
    const host = await DspHost.create({ ...hostInit, services: { relay } });
    return new ProxyServer(host, announced);
  }

  /** Nodes holding a reservation now (peer ids). */
  reservations(): string[] {
    return [...this.relay.reservations.keys()].map(String);
  }

  stop(): Promise<void> {
    return this.host.stop();
  }

  #allocate({ peer, message }: Incoming<typeof Opcode.ProxyRequest>): Reply {
    const node = peer.toString();
    const refuse = (code: number): Reply => ({ opcode: Opcode.ProxyResponse, message: { originAddress: message.originAddress, code } });
    // The envelope already binds the sender to this connection's peer; an origin naming another
    // node asks for someone else's address.
    if (message.originAddress && message.originAddress !== node) return refuse(ProxyCode.BAD_REQUEST);
    if (!this.relay.reservations.has(peer)) return refuse(ProxyCode.NO_RESERVATION);
    return {
      opcode: Opcode.ProxyResponse,
      message: { originAddress: node, proxyAddress: proxyAddressOf(this.address, peer).toString(), code: ProxyCode.OK },
    };
  }
}

/** Checked before anything starts, so a bad address leaves nothing running. */
function parsePublicAddress(address: string): Multiaddr {
  let parsed: Multiaddr;
  try {
    parsed = multiaddr(address);
  } catch (cause) {
    throw new InvalidParams(`publicAddress is not a multiaddr: ${JSON.stringify(address)}`, { cause });
  }
  if (address.includes("/p2p")) throw new InvalidParams(`publicAddress must not name a peer or a relay: ${address}`);
  return parsed;
}
