/**
 * The ledger client: typed calls on the DSP contracts over ethers v6, one module per job, every
 * failure a DspError with the spec's status code.
 */
export { Ledger, walletSigner, signerOf, bindContracts, type LedgerOptions, type LedgerContracts } from "./connect.js";
export { ContractRevertError, ChainUnavailable, InsufficientFunds, NoDeployments, NoSigner, ledgerError, type Op, type ContractKind } from "./errors.js";
export { transact, query, type TxOptions, type TxProgress } from "./tx.js";
export * from "./accounts.js";
export * from "./token.js";
export * from "./nodes.js";
export * from "./files.js";
export * from "./dns.js";
export * from "./channels.js";
export * from "./voucher.js";
export * from "./scan.js";
export * from "./scan-claims.js";
export * from "./deployments.js";
export * from "./dev-accounts.js";
export * from "./input.js";
export * from "./prover-chain.js";
export * from "./contracts.js";
