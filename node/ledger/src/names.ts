/** The contracts' enums by name, in their Solidity order (the number on the chain is the index). */
export const NODE_STATUS = ["none", "active", "quit"] as const;
export const CHANNEL_STATUS = ["none", "open", "closing", "settled"] as const;
export const PRIVILEGE_NAMES = ["private", "public", "whitelist"] as const;
export const SCAN_NODE_STATUS = ["none", "active", "quitting"] as const;
