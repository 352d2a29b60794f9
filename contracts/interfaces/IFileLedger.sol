// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FileInfo, FileCommit, UploadOption, Slot, LedgerSettings} from "../types/FileTypes.sol";
import {IFileLedgerEvents} from "./IFileLedgerEvents.sol";
import {IFileLedgerErrors} from "./IFileLedgerErrors.sol";

/// @notice What the PDP verifier tells the ledger: the outcome of a node's proving period.
/// @dev The verifier checks proofs and keeps the schedule; the listener pays, records faults and slashes
/// (as FilOzone's PDPVerifier and its listener split the work).
interface IProvingListener {
    /// @notice `node` proved `period`; returns what it earned.
    function onPeriodProven(address node, uint32 period) external returns (uint256 reward);
    /// @notice `node` let `period` pass unproved; `reporter` showed it. Returns what was slashed.
    function onPeriodMissed(address node, uint32 period, address reporter) external returns (uint256 slashed);
}

/// @title File ledger
/// @notice Storage deals that nodes accept, their fees in escrow, and the money each proven period
/// releases. A node is bound by a deal only once it has accepted it (after receiving and checking the
/// data); the PDP verifier proves each node's accepted data once per period and reports back here.
interface IFileLedger is IFileLedgerEvents, IFileLedgerErrors, IProvingListener {
    /// @notice Opens the caller's deal for `commit.fileHash`: records its FileInfo, offers a slot to each
    /// of `offered` (copyNum + 1 nodes) and escrows the fee from the caller (pay per file) or its user space.
    /// @param opt the spec's UploadOption; for storage type 0 its expiredHeight is ignored and the
    /// user space's is used
    /// @param commit File Hash, blocks root, PDP data root, block count and size
    /// @param offered the nodes asked to store the file, chosen by the client from the registry
    /// @param candidates nodes asked in turn when an offer lapses or a holder fails (Recovery)
    /// @return dealId keccak256(abi.encode(msg.sender, commit.fileHash))
    /// @return deposit the escrowed fee
    /// @dev Reverts FileAlreadyStored, InvalidPrivilege, InvalidStorageType, InvalidCommit, TooManyCopies,
    /// TooManyCandidates, NodesNotEnough, NodeNotEligible, DuplicateNode, ProveIntervalTooSmall,
    /// ExpiryTooSoon, and the user space and whitelist errors. Emits FileStored, SlotOffered per node.
    function storeFile(
        UploadOption calldata opt,
        FileCommit calldata commit,
        address[] calldata offered,
        address[] calldata candidates
    ) external returns (bytes32 dealId, uint256 deposit);

    /// @notice The caller, offered a slot, accepts the deal: it has the data and agrees to prove it every
    /// period until expiry. The deal's piece joins the caller's proof set and its volume is allocated.
    /// @dev Reverts FileNotFound, NotOffered, OfferClosed, the registry's eligibility errors and the
    /// verifier's ProofSetFrozen (retry after the current period's proof). Emits DealAccepted.
    function acceptDeal(bytes32 dealId) external;

    /// @notice The caller, offered a slot, declines it; the slot is offered to the next candidate or refunded.
    /// @dev Reverts FileNotFound, NotOffered. Emits OfferWithdrawn, then SlotOffered or SlotRefunded.
    function declineDeal(bytes32 dealId) external;

    /// @notice Anyone: `node`'s offer passed its accept window unaccepted; the slot moves on as on decline.
    /// @dev Reverts FileNotFound, NotOffered, OfferStillOpen. Emits OfferWithdrawn(lapsed), SlotOffered or SlotRefunded.
    function lapseOffer(bytes32 dealId, address node) external;

    /// @notice Anyone: `node` missed its latest proving period holding `dealId` (accepted before the miss), so
    /// its slot is released (no
    /// further slash) and offered to the next candidate, which must fetch the data and accept.
    /// @dev Reverts FileNotFound, NotHolder, NodeNotFaulted. Emits HolderReleased, SlotOffered or
    /// SlotRefunded, FileLost when no slot is left.
    function recover(bytes32 dealId, address node) external;

    /// @notice Deletes the caller's deals: each holder is paid the elapsed part of its current period and
    /// released, and the rest of the escrow goes back to the payer.
    /// @dev Reverts NoFilesToDelete, FileNotFound, DeleteFileAccessDenied. Emits HolderReleased, FileDeleted.
    function deleteFiles(bytes32[] calldata dealIds) external returns (uint256 refund);

    /// @notice Anyone, after expiry: ends the deal, releases its holders and refunds the unearned escrow.
    /// @dev Reverts FileNotFound, NotExpired. Emits HolderReleased, FileExpired.
    function settleExpired(bytes32 dealId) external returns (uint256 refund);

    /// @notice Changes who may download: 0 private, 1 public, 2 whitelist.
    /// @dev Reverts FileNotFound, NotFileOwner, InvalidPrivilege. Emits PrivilegeChanged.
    function setPrivilege(bytes32 dealId, uint8 privilege) external;

    /// @notice Sends the caller's accrued rewards to `to`.
    /// @dev Reverts NothingToClaim. Emits RewardsClaimed.
    function claimRewards(address to) external returns (uint256 amount);

    /// @notice The fee for a deal: deposit = (copyNum+1) * (ceil(fileSize/1024) * duration * spacePrice
    /// + periods * proofFee), with duration = expiredHeight - now and periods = duration / provingPeriod.
    function calcFee(uint64 fileSize, uint8 copyNum, uint64 expiredHeight)
        external
        view
        returns (uint256 deposit, uint64 periods, uint256 perSlot);

    /// @notice The deal key of `owner`'s deal for `fileHash`.
    function dealIdOf(address owner, bytes32 fileHash) external pure returns (bytes32);
    /// @notice The spec's FileInfo of a live deal.
    /// @dev Reverts FileNotFound [50021 FILE_NOT_FOUND_FROM_CHAIN].
    function getFileInfo(bytes32 dealId) external view returns (FileInfo memory);
    /// @notice Every node with a slot in the deal (offered or holding) and its slot.
    function holdersOf(bytes32 dealId) external view returns (address[] memory nodes, Slot[] memory slots);
    /// @notice Candidate nodes not yet asked.
    function candidatesOf(bytes32 dealId) external view returns (address[] memory);
    /// @notice Owner, privilege and validity: what access checks need.
    function accessOf(bytes32 dealId) external view returns (address owner, uint8 privilege, bool valid);
    /// @notice Rewards `node` has earned and not yet claimed.
    function rewardsOf(address node) external view returns (uint256);
    /// @notice `node`'s standing: the sum of its deals' rates per proven period, its count of proven
    /// periods, and the period it missed last while not proved since (type(uint32).max if none).
    function nodeAccount(address node) external view returns (uint256 rate, uint64 provenPeriods, uint32 faultedPeriod);
    /// @notice Current fee and deal parameters.
    function settings() external view returns (LedgerSettings memory);
    /// @notice The deal's owner (address(0) if not live) and the block of its last change (store, deletion,
    /// settlement or loss; 0 if never stored). The ScanRegistry checks signed SCAN answers with it.
    function ownerSince(bytes32 dealId) external view returns (address owner, uint64 since);
    /// @notice The deal's accepted holders (empty if not live) and the block of the list's last change.
    function holdersSince(bytes32 dealId) external view returns (address[] memory holders, uint64 since);
}
