// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Errors of the file ledger. The DSP status code a client should report is in brackets.
interface IFileLedgerErrors {
    /// [50005 FILE_HAS_UPLOADED]
    error FileAlreadyStored(bytes32 fileHash);
    /// [50021 FILE_NOT_FOUND_FROM_CHAIN]
    error FileNotFound(bytes32 fileHash);
    /// [50049 DELETE_FILE_ACCESS_DENIED]
    error DeleteFileAccessDenied(bytes32 fileHash, address caller, address owner);
    /// [50047 DELETE_FILE_HASHES_EMPTY]
    error NoFilesToDelete();
    error NotFileOwner(bytes32 fileHash, address caller);
    /// [40000 INVALID_PARAMS]
    error InvalidPrivilege(uint8 privilege);
    error InvalidStorageType(uint8 storageType);
    error InvalidCommit(bytes32 fileHash);
    error TooManyCopies(uint8 copyNum, uint8 maxCopies);
    error TooManyCandidates(uint256 given, uint8 maxCandidates);
    /// [50014 RECEIVERS_NOT_ENOUGH]: the primary node list must hold copyNum + 1 nodes
    error NodesNotEnough(uint256 needed, uint256 given);
    /// [50015 RECEIVERS_REJECTED]: a primary node is inactive, full, underpledged or ends service too soon
    error NodeNotEligible(address node);
    error DuplicateNode(address node);
    /// [54010 FS_UPLOAD_INTERVAL_TOO_SMALL]
    error ProveIntervalTooSmall(uint64 proveInterval, uint64 minimum);
    /// [55063 DSP_CUSTOM_EXPIRED_NOT_ENOUGH]: the file must live at least one prove interval
    error ExpiryTooSoon(uint64 expiredHeight, uint64 minimum);
    error NotHolder(bytes32 fileHash, address node);
    error NoProofDue(bytes32 fileHash, address node);
    error ProofNotOverdue(bytes32 fileHash, address node, uint64 deadline);
    error NotExpired(bytes32 fileHash, uint64 settleableAfter, uint256 blockNumber);
    error NothingToClaim(address node);
    error ModulesAlreadySet();
    error InvalidSettings();
}
