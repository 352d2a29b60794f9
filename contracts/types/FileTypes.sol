// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The spec's Privilege values.
uint8 constant PRIVILEGE_PRIVATE = 0;
uint8 constant PRIVILEGE_PUBLIC = 1;
uint8 constant PRIVILEGE_WHITELIST = 2;

/// @dev The spec's StorageType values (as the original implementation numbered them).
uint8 constant STORAGE_USER_SPACE = 0;
uint8 constant STORAGE_PAY_PER_FILE = 1;

/// @notice One whitelist rule: `addr` may download between `fromHeight` and `toHeight` inclusive.
struct WhitelistRule {
    address addr;
    uint64 fromHeight;
    uint64 toHeight;
}

/// @notice The spec's UploadOption, as recorded on the ledger.
/// @dev The spec's EncryptPassword is deliberately absent: nothing secret goes on a public ledger.
/// DNS options are recorded (and emitted) so SCAN can follow them; the client registers the
/// name itself in the DNS contract.
struct UploadOption {
    bytes fileDesc;
    /// size in bytes of the data the nodes store (after encryption, if any); the fee and the
    /// proof tree are computed on it
    uint64 fileSize;
    /// the longest gap between two proofs the owner accepts: no shorter than the verifier's proving
    /// period (every holder proves once per period, all its files at once)
    uint64 proveInterval;
    /// block height at which the storage contract ends
    uint64 expiredHeight;
    uint8 privilege;
    /// extra copies: copyNum + 1 nodes hold the file
    uint8 copyNum;
    bool encrypt;
    bool registerDns;
    bool bindDns;
    string dnsUrl;
    WhitelistRule[] whitelist;
    bool share;
    uint8 storageType;
}

/// @notice What the client computed from the file's bytes and commits to at store time.
struct FileCommit {
    /// root block hash of the file's block tree (the spec's File Hash)
    bytes32 fileHash;
    /// root over the file's block hashes (the spec's BlocksRoot), checked by receivers
    bytes32 blocksRoot;
    /// root of the PDP tree over the data in 32-byte leaves (the spec's FileProveParam);
    /// see docs/proofs.md for the exact tree
    bytes16 dataRoot;
    uint64 blockNum;
    uint32 blockSize;
}

/// @notice The spec's FileInfo of one storage deal, minus the slot lists, which live in
/// FileLedger.holdersOf and FileLedger.candidatesOf. A deal is keyed by
/// dealId = keccak256(abi.encode(owner, fileHash)): only its owner can open a deal for a File Hash
/// under its own name, and two owners may store the same bytes (docs/fees.md).
struct FileInfo {
    bytes32 fileHash;
    address owner;
    bytes fileDesc;
    uint8 privilege;
    uint8 copyNum;
    uint8 storageType;
    bool encrypted;
    bool share;
    /// still stored: false once deleted, settled after expiry, or lost
    bool validFlag;
    uint64 blockNum;
    uint32 blockSize;
    uint64 realFileSize;
    /// the longest gap between two proofs the owner accepts; no shorter than the verifier's proving period
    uint64 proveInterval;
    uint64 expiredHeight;
    /// height of the store transaction (the spec's BlockHeight)
    uint64 blockHeight;
    /// number of 32-byte leaves in the PDP tree
    uint64 leafCount;
    bytes16 dataRoot;
    bytes32 blocksRoot;
    /// total escrowed at store time (the spec's Deposit)
    uint256 deposit;
}

/// @notice Where a node stands in one deal.
/// Offered: the node may accept until `offeredUntil`; it cannot be challenged or slashed for the deal.
/// Active: the node accepted; the deal's piece is in its proof set and it is paid per period proved.
enum SlotStatus {
    None,
    Offered,
    Active
}

/// @notice One node's slot in one deal.
struct Slot {
    SlotStatus status;
    /// the piece in the node's proof set (Active)
    uint32 pieceId;
    /// node proving periods [firstPeriod, lastPeriod] are paid `rate` each when proved (Active)
    uint32 firstPeriod;
    uint32 lastPeriod;
    /// last block the offer can be accepted in (Offered)
    uint64 offeredUntil;
    /// the node's count of proven periods when the slot joined (Active)
    uint64 startCount;
    /// paid per proven period (Active)
    uint128 rate;
    /// this slot's part of the deposit not yet paid out
    uint128 escrow;
}

/// @notice Why a node left a deal.
enum ReleaseReason {
    Deleted,
    Expired,
    Recovered,
    Lost
}

/// @notice Prepaid user space (the spec's StorageType 0): a byte quota until a height, and a
/// token credit from which the fees of files stored in it are drawn.
struct UserSpace {
    uint64 totalBytes;
    /// bytes counted over all copies of the live files stored in this space
    uint64 usedBytes;
    uint64 expiredHeight;
    uint64 updatedHeight;
    uint256 balance;
}

/// @notice Fee and deal parameters, set by governance within the bounds FileLedger checks.
struct LedgerSettings {
    /// wei per KiB per block, per copy
    uint256 spacePrice;
    /// wei per proving period, per copy
    uint256 proofFee;
    /// blocks an offered node has to receive the data and accept
    uint64 acceptWindow;
    uint8 maxCopies;
    uint8 maxCandidates;
}
