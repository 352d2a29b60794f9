/**
 * @dsp/testkit: what tests of every DSP package share. A hardhat chain with the contracts
 * deployed (one per test process, snapshots between suites), funded accounts and wallets,
 * registered nodes and stored deals, ledger v2 actions (accept, prove a node's period, report a
 * miss, recover), temp dirs, and polling. Tests only: no package's runtime code may import it (the
 * layering check refuses that).
 */
export * from "./chain.js";
export * from "./ledger.js";
export * from "./proving.js";
export * from "./until.js";
export * from "./scenario.js";
