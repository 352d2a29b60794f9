/**
 * The devnet's accounts: Hardhat's well-known dev mnemonic (the accounts `hardhat node` funds with
 * ETH) and which of them the devnet's FS nodes use. Shared by the devnet, its FS nodes and the
 * test chains, so they all mean the same accounts.
 */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** Dev account of the devnet's SCAN server (the indexer), registered in the ScanRegistry. */
export const SCAN_ACCOUNT = 4;
/** Dev account of the devnet's first FS node; the next ones follow (5, 6, 7 ...). */
export const FIRST_NODE_ACCOUNT = 5;
