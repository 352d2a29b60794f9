// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Errors of the file ledger. The DSP status code a client should report is in brackets.
interface IFileLedgerErrors {
    /// [50005 FILE_HAS_UPLOADED]: this owner already has a live deal for this File Hash
    error FileAlreadyStored(bytes32 dealId);
    /// [50021 FILE_NOT_FOUND_FROM_CHAIN]
    error FileNotFound(bytes32 dealId);
    /// [50049 DELETE_FILE_ACCESS_DENIED]
    error DeleteFileAccessDenied(bytes32 dealId, address caller);
    /// [50047 DELETE_FILE_HASHES_EMPTY]
    error NoFilesToDelete();
    error NotFileOwner(bytes32 dealId, address caller);
    /// [40000 INVALID_PARAMS]
    error InvalidPrivilege(uint8 privilege);
    error InvalidStorageType(uint8 storageType);
    error InvalidCommit(bytes32 fileHash);
    error TooManyCopies(uint8 copyNum, uint8 maxCopies);
    error TooManyCandidates(uint256 given, uint8 maxCandidates);
    /// [50014 RECEIVERS_NOT_ENOUGH]: the offered node list must hold copyNum + 1 nodes
    error NodesNotEnough(uint256 needed, uint256 given);
    /// [50015 RECEIVERS_REJECTED]: an offered node is inactive, full, underpledged or ends service too soon
    error NodeNotEligible(address node);
    error DuplicateNode(address node);
    /// [54010 FS_UPLOAD_INTERVAL_TOO_SMALL]: shorter than the verifier's proving period
    error ProveIntervalTooSmall(uint64 proveInterval, uint64 minimum);
    /// [55063 DSP_CUSTOM_EXPIRED_NOT_ENOUGH]: the deal must last at least one proving period past the accept window
    error ExpiryTooSoon(uint64 expiredHeight, uint64 minimum);
    /// The caller holds no offer in this deal.
    error NotOffered(bytes32 dealId, address node);
    /// The offer's accept window closed at `until`.
    error OfferClosed(bytes32 dealId, address node, uint64 until);
    /// The offer is still open until `until`: it cannot be declared lapsed yet.
    error OfferStillOpen(bytes32 dealId, address node, uint64 until);
    error NotHolder(bytes32 dealId, address node);
    /// The node has proved its latest period: its deals are not open to recovery.
    error NodeNotFaulted(address node);
    error NotExpired(bytes32 dealId, uint64 expiredHeight, uint256 blockNumber);
    error NothingToClaim(address node);
    error ModulesAlreadySet();
    error NotVerifier(address caller);
    error InvalidSettings();
}
