/** Proxying (spec "Proxying") on libp2p circuit relay v2: see docs/p2p.md, "Proxying". */
export { ProxyServer, type ProxyServerInit } from "./server.js";
export { ProxyClient, requestProxy, type ProxyClientEvents, type ProxyProgressEvent, type RequestProxyOptions } from "./client.js";
export { ProxyRefused, ProxyUnavailable } from "./errors.js";
export { ProxyCode, PROXY_CACHE_TIME } from "./constants.js";
export { proxyAddressOf, relayedVia } from "./address.js";
