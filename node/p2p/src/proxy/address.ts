/**
 * Proxy addresses are circuit relay v2 addresses: `<proxy's address>/p2p/<proxy>/p2p-circuit/p2p/<node>`.
 * One is a function of the proxy's address and the node's peer id only, so a node keeping its
 * key gets the same proxy address every time it asks, within the spec's 180 min and after.
 */
import type { PeerId } from "@libp2p/interface";
import { multiaddr, type Multiaddr } from "@multiformats/multiaddr";

const CIRCUIT = "/p2p-circuit";

export function isCircuit(address: Multiaddr): boolean {
  return address.toString().includes(CIRCUIT);
}

/** The proxy address of `node` through the proxy reachable at `proxyAddress` (which ends in /p2p/<proxy>). */
export function proxyAddressOf(proxyAddress: Multiaddr, node: PeerId): Multiaddr {
  return multiaddr(`${proxyAddress.toString()}${CIRCUIT}/p2p/${node.toString()}`);
}

/** Among a host's own addresses, the first relayed through `proxy`, if any. */
export function relayedVia(addresses: Multiaddr[], proxy: PeerId): Multiaddr | undefined {
  const through = `/p2p/${proxy.toString()}${CIRCUIT}`;
  return addresses.find((a) => a.toString().includes(through));
}
