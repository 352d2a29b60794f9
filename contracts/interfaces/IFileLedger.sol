// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FileInfo, FileCommit, UploadOption, HolderState, LedgerSettings} from "../types/FileTypes.sol";
import {IFileLedgerEvents} from "./IFileLedgerEvents.sol";
import {IFileLedgerErrors} from "./IFileLedgerErrors.sol";

/// @notice What the PDP verifier needs to check one holder's next proof of one file.
struct ProofContext {
    bytes16 dataRoot;
    uint64 leafCount;
    uint64 challengeHeight;
    uint64 proofIndex;
    uint64 fileSize;
    uint16 proofWindow;
    uint16 challengeCount;
}

/// @title File ledger
/// @notice Files, their fees in escrow, their holders and the money each valid proof releases.
/// The PDP verifier checks proofs and calls back here; this contract pays, reassigns and refunds.
interface IFileLedger is IFileLedgerEvents, IFileLedgerErrors {
    /// @notice Commits a file: records its FileInfo, assigns `primaryNodes` (copyNum + 1 of them)
    /// and escrows the fee from the caller (pay per file) or from its user space.
    /// @param opt the spec's UploadOption; for storage type 0 its expiredHeight is ignored and the
    /// user space's is used
    /// @param commit File Hash, blocks root, PDP data root, block count and size
    /// @param primaryNodes the nodes that will store the file, chosen by the client from the registry
    /// @param candidateNodes nodes that take over, in order, when a holder fails (Recovery)
    /// @return deposit the escrowed fee
    /// @dev Reverts FileAlreadyStored, InvalidPrivilege, InvalidStorageType, InvalidCommit,
    /// TooManyCopies, TooManyCandidates, NodesNotEnough, NodeNotEligible, DuplicateNode,
    /// ProveIntervalTooSmall, ExpiryTooSoon, and the user space and whitelist errors.
    /// Emits FileStored, HolderAssigned per node, the whitelist's events.
    function storeFile(
        UploadOption calldata opt,
        FileCommit calldata commit,
        address[] calldata primaryNodes,
        address[] calldata candidateNodes
    ) external returns (uint256 deposit);

    /// @notice Deletes the caller's files, releases their holders and refunds the unearned escrow.
    /// @dev Reverts NoFilesToDelete, FileNotFound, DeleteFileAccessDenied. Emits FileDeleted per file.
    function deleteFiles(bytes32[] calldata fileHashes) external returns (uint256 refund);

    /// @notice Ends an expired file (anyone may call, proofWindow blocks after expiry) and refunds
    /// the unearned escrow to its owner; frees its holders' volume so they can withdraw.
    /// @dev Reverts FileNotFound, NotExpired. Emits FileExpired.
    function settleExpired(bytes32 fileHash) external returns (uint256 refund);

    /// @notice Changes who may download: 0 private, 1 public, 2 whitelist.
    /// @dev Reverts FileNotFound, NotFileOwner, InvalidPrivilege. Emits PrivilegeChanged.
    function setPrivilege(bytes32 fileHash, uint8 privilege) external;

    /// @notice Sends the caller's accrued proof rewards to `to`.
    /// @dev Reverts NothingToClaim. Emits RewardsClaimed.
    function claimRewards(address to) external returns (uint256 amount);

    /// @notice Holder `node`'s next proof of `fileHash`: what the verifier checks it against.
    /// @dev Reverts FileNotFound, NotHolder, NoProofDue.
    function proofContext(bytes32 fileHash, address node) external view returns (ProofContext memory);

    /// @notice Called by the verifier after a valid proof: pays `node` and schedules its next challenge.
    function onProofVerified(bytes32 fileHash, address node) external returns (uint256 reward);

    /// @notice Called by the verifier when `node`'s proof window passed: removes it and assigns a
    /// candidate. Returns the file size, from which the slash is computed.
    function onProofMissed(bytes32 fileHash, address node, address reporter) external returns (uint64 fileSize);

    /// @notice The fee for a file: deposit = (copyNum+1) * (ceil(fileSize/1024) * duration * spacePrice
    /// + proveTimes * proofFee), with duration = expiredHeight - now and proveTimes = duration / proveInterval.
    function calcFee(uint64 fileSize, uint8 copyNum, uint64 proveInterval, uint64 expiredHeight)
        external
        view
        returns (uint256 deposit, uint64 proveTimes, uint256 perHolder);

    /// @notice The spec's FileInfo of a stored file.
    /// @dev Reverts FileNotFound [50021 FILE_NOT_FOUND_FROM_CHAIN].
    function getFileInfo(bytes32 fileHash) external view returns (FileInfo memory);
    /// @notice Current holders (the spec's PrimaryNodes, recovered nodes included) and their proving state.
    function holdersOf(bytes32 fileHash) external view returns (address[] memory nodes, HolderState[] memory states);
    /// @notice Candidate nodes not yet used for recovery.
    function candidatesOf(bytes32 fileHash) external view returns (address[] memory);
    /// @notice Owner, privilege and validity: what access checks need.
    function accessOf(bytes32 fileHash) external view returns (address owner, uint8 privilege, bool valid);
    /// @notice Proof rewards `node` has earned and not yet claimed.
    function rewardsOf(address node) external view returns (uint256);
    /// @notice Current fee and proving parameters (files keep the ones they were stored with).
    function settings() external view returns (LedgerSettings memory);
    /// @notice The file's owner (address(0) if not stored) and the block of its last change (store, deletion
    /// or settlement; 0 if never stored). The owner at any height >= `since` is the one returned: the
    /// ScanRegistry checks signed SCAN answers with it.
    function ownerSince(bytes32 fileHash) external view returns (address owner, uint64 since);
    /// @notice The file's holders as holdersOf lists them (empty if not stored) and the block of the list's last
    /// change (store, a holder faulted or replaced, deletion or settlement; 0 if never stored).
    function holdersSince(bytes32 fileHash) external view returns (address[] memory holders, uint64 since);
}
