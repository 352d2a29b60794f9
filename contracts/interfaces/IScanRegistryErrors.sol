// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ScanNodeStatus} from "../types/ScanTypes.sol";

/// @notice Errors of the SCAN/DNS node registry (REST codes 55050-55061 by operation).
interface IScanRegistryErrors {
    /// @notice The caller already has a record (active or quitting): withdraw first.
    error ScanNodeAlreadyRegistered(address node);
    /// @notice The address has no record.
    error ScanNodeNotRegistered(address node);
    /// @notice The operation needs an active node.
    error ScanNodeNotActive(address node, ScanNodeStatus status);
    /// @notice Withdraw needs a quitting node whose notice period is over.
    error ScanNodeStillActive(address node);
    /// @notice The notice period runs until `withdrawableAt`.
    error NoticePeriodNotOver(address node, uint64 withdrawableAt, uint256 blockNumber);
    /// @notice A registration pledge below the minimum.
    error PledgeTooSmall(uint256 pledge, uint256 minimum);
    /// @notice Reducing `amount` from `pledge` would leave less than `minimum` (or less than nothing).
    error PledgeBelowMinimum(uint256 pledge, uint256 amount, uint256 minimum);
    /// @notice An amount of zero.
    error ZeroAmount();
    error EmptyHostAddr();
    error HostAddrTooLong(uint256 length, uint256 maximum);
    /// @notice Share above 100%, a zero treasury or a zero slash amount.
    error InvalidParams();
    error ZeroAddress();

    // ---------------------------------------------------------------- challenges

    /// @notice The claim's kind is none of CLAIM_FILE_OWNER, CLAIM_FILE_HOLDERS, CLAIM_DNS_RESOLUTION.
    error InvalidClaimKind(uint8 kind);
    /// @notice keccak256(answer) is not the claim's answerHash.
    error AnswerHashMismatch(bytes32 answerHash, bytes32 actual);
    /// @notice The answer is not the canonical ABI encoding of its kind's type (or not in ascending order).
    error MalformedAnswer(uint8 kind);
    /// @notice The signature is malformed (OpenZeppelin ECDSA.RecoverError: 1 unrecoverable, 2 bad length,
    /// 3 malleable `s`; detail is the length or `s`).
    error BadClaimSignature(uint8 reason, bytes32 detail);
    /// @notice The claim's signer has no record here (never registered, withdrawn, or a wrong signature).
    error SignerNotScanNode(address signer);
    /// @notice The signer's pledge is already empty.
    error NothingToSlash(address signer);
    /// @notice The claim's height is not a finished block (it must be below block.number).
    error FutureHeight(uint64 height, uint256 blockNumber);
    /// @notice The record changed after the claim's height, so the chain no longer shows the state the claim is
    /// about.
    error ClaimNotCheckable(uint8 kind, bytes32 subject, uint64 height, uint64 changedAt);
    /// @notice The claim agrees with the chain.
    error ClaimIsTrue(bytes32 claimDigest);
    /// @notice This signer was already slashed for this claim.
    error ClaimAlreadySlashed(address signer, bytes32 claimDigest);
    /// @notice A FILE_HOLDERS answer with more entries than the check handles (and as many as the chain shows).
    error TooManyHolders(uint256 length, uint256 maximum);
}
