// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ScanNodeInfo, ScanClaim} from "../types/ScanTypes.sol";
import {IScanRegistryEvents} from "./IScanRegistryEvents.sol";
import {IScanRegistryErrors} from "./IScanRegistryErrors.sol";

/// @title SCAN/DNS node registry
/// @notice SCAN (and DNS) servers are pledged members, not anonymous web servers: each registers its account, its
/// libp2p address and a pledge of at least minPledge. Members find and authenticate each other from this registry.
/// A member signs its answers (EIP-712 ScanClaim); anyone holding a signed answer that the chain contradicts submits
/// it to challenge(), which checks it against FileLedger and DNSRegistry and slashes the signer.
/// @dev Leaving takes a notice period (quitNoticeBlocks): membership ends at once, the pledge stays slashable
/// until withdraw. unregister() (the spec's "logout") and quit() (its "exit") do the same thing here, since there
/// is no approval step during which a candidate could leave without notice: both end membership and start the
/// notice period.
interface IScanRegistry is IScanRegistryEvents, IScanRegistryErrors {
    /// @notice Registers the caller as a SCAN/DNS node and pulls `pledge` tokens (an allowance is needed).
    /// @param hostAddr libp2p multiaddr with /p2p/<peerId> (1..256 bytes)
    /// @param pledge tokens to pledge, at least minPledge
    /// @dev Reverts ScanNodeAlreadyRegistered (a record exists, even a quitting one), EmptyHostAddr,
    /// HostAddrTooLong, PledgeTooSmall, and the token's errors: [55050 DSP_DNS_REGISTER_FAILED]. Emits ScanNodeRegistered.
    function register(string calldata hostAddr, uint256 pledge) external;

    /// @notice Changes the caller's address.
    /// @param hostAddr the new libp2p multiaddr (1..256 bytes)
    /// @dev Reverts ScanNodeNotRegistered, ScanNodeNotActive, EmptyHostAddr, HostAddrTooLong: [55052 DSP_DNS_UPDATE_FAILED].
    /// Emits ScanNodeUpdated.
    function update(string calldata hostAddr) external;

    /// @notice Adds `amount` tokens to the caller's pledge.
    /// @param amount tokens pulled from the caller (an allowance is needed)
    /// @dev Reverts ZeroAmount, ScanNodeNotRegistered, ScanNodeNotActive (a quitting pledge only waits for
    /// withdraw), and the token's errors: [55055 DSP_DNS_ADDPOS_FAILED]. Emits ScanPledgeAdded.
    function addPledge(uint256 amount) external;

    /// @notice Returns `amount` tokens of the caller's pledge, never leaving less than minPledge.
    /// @param amount tokens sent back to the caller
    /// @dev Reverts ZeroAmount, ScanNodeNotRegistered, ScanNodeNotActive, PledgeBelowMinimum:
    /// [55056 DSP_DNS_REDUCEPOS_FAILED]. Emits ScanPledgeReduced.
    function reducePledge(uint256 amount) external;

    /// @notice The spec's "logout": the same as quit().
    /// @dev Reverts ScanNodeNotRegistered, ScanNodeNotActive: [55051 DSP_DNS_UNREGISTER_FAILED]. Emits ScanNodeQuit.
    function unregister() external;

    /// @notice Ends the caller's membership at once and starts the notice period; the pledge stays here, still
    /// slashable, until withdraw.
    /// @dev Reverts ScanNodeNotRegistered, ScanNodeNotActive: [55054 DSP_DNS_QUIT_FAILED].
    /// Emits ScanNodeQuit(node, quitAt, withdrawableAt).
    function quit() external;

    /// @notice After the notice period: returns the caller's whole pledge and removes its record.
    /// @dev Reverts ScanNodeNotRegistered, ScanNodeStillActive, NoticePeriodNotOver: [55053 DSP_DNS_WITHDRAW_FAILED].
    /// Emits ScanNodeWithdrawn.
    function withdraw() external;

    /// @notice Submits a signed SCAN answer that the chain contradicts. If the claim is checkable and false, the
    /// signer loses min(slashAmount, pledge): challengerShareBps of it goes to the caller, the rest to the
    /// treasury. Each (signer, claim) is slashed at most once. A node whose pledge falls below minPledge stops
    /// being a member (ScanNodeQuit).
    /// @param claim the signed claim; claim.answerHash must be keccak256(answer)
    /// @param answer the ABI-encoded answer of the claim's kind (see ScanTypes.sol)
    /// @param signature the signer's 65-byte EIP-712 signature over the claim
    /// @dev Reverts InvalidClaimKind, AnswerHashMismatch, BadClaimSignature, SignerNotScanNode (no record:
    /// unregistered, withdrawn, or the signature is of another key), ClaimAlreadySlashed, NothingToSlash,
    /// FutureHeight (height >= block.number), MalformedAnswer, TooManyHolders, ClaimNotCheckable (the record
    /// changed after the claim's height), ClaimIsTrue: [40005 CONTRACT_ERROR]. Emits ScanNodeSlashed (and ScanNodeQuit if the node drops
    /// out).
    function challenge(ScanClaim calldata claim, bytes calldata answer, bytes calldata signature) external;

    /// @notice The EIP-712 digest a SCAN server signs for `claim`.
    /// @param claim the claim
    /// @return the typed-data hash under this registry's domain
    function claimDigest(ScanClaim calldata claim) external view returns (bytes32);

    /// @notice Whether `signer` was already slashed for the claim with digest `digest`.
    /// @param signer the SCAN node
    /// @param digest the claim's EIP-712 digest
    /// @return true once slashed
    function isSlashed(address signer, bytes32 digest) external view returns (bool);

    /// @notice Whether `node` is a member: registered and active.
    /// @param node the account
    /// @return true if active
    function isMember(address node) external view returns (bool);

    /// @notice The node's record (status None when unknown).
    /// @param node the account
    /// @return the record
    function getScanNode(address node) external view returns (ScanNodeInfo memory);

    /// @notice Number of records (active or quitting, not withdrawn).
    /// @return the count
    function scanNodeCount() external view returns (uint256);

    /// @notice Records from `offset`, at most `limit`, in insertion order with swap-and-pop gaps (a withdrawal
    /// moves the last record into the gap), for discovery.
    /// @param offset index of the first record
    /// @param limit maximum records
    /// @return nodes the accounts
    /// @return infos their records
    function scanNodesPage(uint256 offset, uint256 limit)
        external
        view
        returns (address[] memory nodes, ScanNodeInfo[] memory infos);
}
