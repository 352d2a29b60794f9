// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FileInfo, LedgerSettings} from "../types/FileTypes.sol";

/// @notice Events of the file ledger; the indexer rebuilds files, holders, proofs and money from them.
interface IFileLedgerEvents {
    /// @notice A file was committed with its fee escrowed. `dnsUrl` echoes the upload's DNS option.
    event FileStored(
        bytes32 indexed fileHash,
        address indexed owner,
        FileInfo info,
        address[] primaryNodes,
        address[] candidateNodes,
        string dnsUrl
    );
    /// @notice `node` must prove `fileHash`; its first challenge is at `firstChallenge`.
    event HolderAssigned(bytes32 indexed fileHash, address indexed node, uint64 firstChallenge, uint64 proofsLeft, uint256 escrow);
    /// @notice `node`'s first valid proof: it now stores the file (the spec's "service has started").
    event HolderStarted(bytes32 indexed fileHash, address indexed node);
    /// @notice A valid proof paid `reward` to `node`.
    event ProofRewarded(
        bytes32 indexed fileHash, address indexed node, uint64 proofsDone, uint64 proofsLeft, uint256 reward, uint64 nextChallenge
    );
    /// @notice `node` missed a proof; it lost the file and `escrowMoved` went to its replacement (or to the vacant pool).
    event HolderFaulted(bytes32 indexed fileHash, address indexed node, address indexed reporter, uint64 missedChallenge, uint256 escrowMoved);
    /// @notice Recovery: `candidate` replaces `failed` and must fetch the file from a replica and prove it.
    event RecoveryAssigned(bytes32 indexed fileHash, address indexed failed, address indexed candidate);
    /// @notice No eligible candidate was left: the file has `holders` holders.
    event FileUnderReplicated(bytes32 indexed fileHash, uint256 holders);
    event PrivilegeChanged(bytes32 indexed fileHash, uint8 privilege);
    /// @notice The owner deleted the file; `refund` went back to it (or to its user space).
    event FileDeleted(bytes32 indexed fileHash, address indexed owner, uint256 refund);
    /// @notice The file's storage contract ended; `refund` is the unearned escrow.
    event FileExpired(bytes32 indexed fileHash, address indexed owner, uint256 refund);
    event RewardsClaimed(address indexed node, address indexed to, uint256 amount);
    event SettingsChanged(LedgerSettings settings);
    event ModulesSet(address verifier, address userSpace, address whitelist);
}
