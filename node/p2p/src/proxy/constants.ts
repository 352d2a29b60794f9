/** The spec's proxying numbers ("Proxying Connection"), and ours where the spec gives none. */

/** How long the proxy keeps a node's allocation (spec: "cached by proxy server for 180 min"): the relay reservation's lifetime. */
export const PROXY_CACHE_TIME = 180 * 60_000;

/** Relay reservations one proxy holds at once (libp2p's default, 15, is sized for a public helper relay, not a proxy). */
export const DEFAULT_MAX_RESERVATIONS = 1024;

/** How long a client waits for its relay reservation before asking the proxy anyway. */
export const DEFAULT_RESERVATION_TIMEOUT = 10_000;

/** How often the client's watchdog looks for its relayed address, besides reacting to address changes. */
export const DEFAULT_WATCHDOG_INTERVAL = 5_000;

/** Recovery attempts before the watchdog gives up (1 s, 2 s, 4 s ... apart, at most 15 s). */
export const DEFAULT_WATCHDOG_ATTEMPTS = 10;

/**
 * ProxyResponse.code values. The spec defines no proxy status codes, so these borrow the
 * closest entries of its tables: a malformed request is 40000 INVALID_PARAMS; a node the proxy
 * cannot serve (it holds no relay reservation, or the relay is full) is 50015 RECEIVERS_REJECTED.
 */
export const ProxyCode = {
  OK: 0,
  BAD_REQUEST: 40000,
  NO_RESERVATION: 50015,
} as const;
