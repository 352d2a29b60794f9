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
    /// blocks between two challenges of the same holder
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

/// @notice The spec's FileInfo, minus the holder lists, which live in FileLedger.holdersOf and
/// FileLedger.candidatesOf so that a proof touches only its own holder's slot.
struct FileInfo {
    bytes32 fileHash;
    address owner;
    bytes fileDesc;
    uint8 privilege;
    uint8 copyNum;
    uint8 storageType;
    bool encrypted;
    bool share;
    /// still stored: false once deleted or settled after expiry
    bool validFlag;
    uint64 blockNum;
    uint32 blockSize;
    uint64 realFileSize;
    uint64 proveInterval;
    /// proofs each holder owes over the file's life (the spec's ProveTimes)
    uint64 proveTimes;
    /// challenged leaves per proof (the spec's ProveBlockNum)
    uint16 challengeCount;
    /// blocks after a challenge height in which the proof must land
    uint16 proofWindow;
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

/// @notice The proving state of one holder of one file.
struct HolderState {
    /// the height whose block hash seeds the next challenge; the proof is due in
    /// (nextChallenge, nextChallenge + proofWindow]
    uint64 nextChallenge;
    uint64 proofsDone;
    uint64 proofsLeft;
    /// false until the holder's first valid proof (the spec's "service has started")
    bool started;
    bool active;
    /// this holder's part of the escrow not yet paid out
    uint256 escrow;
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

/// @notice Fee and proving parameters, set by governance; a file snapshots the ones it needs.
struct LedgerSettings {
    /// wei per KiB per block, per copy
    uint256 spacePrice;
    /// wei per proof, per copy
    uint256 proofFee;
    uint64 minProveInterval;
    /// blocks from store (or recovery assignment) to the first challenge height
    uint64 firstProofDelay;
    uint16 proofWindow;
    uint16 challengeCount;
    uint8 maxCopies;
    uint8 maxCandidates;
}
