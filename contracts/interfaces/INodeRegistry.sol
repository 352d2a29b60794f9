// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {NodeInfo} from "../types/NodeTypes.sol";
import {INodeRegistryEvents} from "./INodeRegistryEvents.sol";
import {INodeRegistryErrors} from "./INodeRegistryErrors.sol";

/// @title FS node registry
/// @notice FS nodes register their libp2p address, volume and service time, and pledge tokens in
/// proportion to their volume. The file ledger allocates and releases volume and slashes missed periods.
interface INodeRegistry is INodeRegistryEvents, INodeRegistryErrors {
    /// @notice Registers the caller as an FS node and pulls the pledge its volume requires.
    /// @param hostAddr libp2p multiaddr peers dial (1..256 bytes)
    /// @param volume bytes offered (>= minVolume)
    /// @param serviceTime block height until which the node serves (> current block)
    /// @dev Reverts NodeAlreadyRegistered, VolumeTooSmall, ServiceTimeTooShort, EmptyHostAddr,
    /// HostAddrTooLong; needs an allowance of requiredPledge(volume). Emits NodeRegistered.
    function register(string calldata hostAddr, uint64 volume, uint64 serviceTime) external;

    /// @notice Changes address, volume and service time; tops up or refunds pledge to match the new volume.
    /// @dev Reverts NodeNotRegistered, NodeNotActive, EmptyHostAddr, HostAddrTooLong, VolumeTooSmall,
    /// VolumeBelowUsed (volume < bytes in use), ServiceTimeTooShort
    /// (below now or below the latest expiry of an assigned file). Emits NodeUpdated.
    function update(string calldata hostAddr, uint64 volume, uint64 serviceTime) external;

    /// @notice Adds `amount` to the caller's pledge (after a slash, to become eligible again).
    /// @dev Reverts NodeNotRegistered. Emits PledgeAdded.
    function addPledge(uint256 amount) external;

    /// @notice Stops new assignments to the caller. It must keep proving the files it holds.
    /// @dev Reverts NodeNotActive. Emits NodeUnregistered.
    function unregister() external;

    /// @notice Returns the pledge of an unregistered node that holds no live file, and forgets it.
    /// @dev Reverts NodeNotRegistered, NodeStillActive, NodeHasLiveFiles. Emits NodeWithdrawn.
    function withdraw() external;

    /// @notice Reserves `size` bytes of `node` for a file expiring at `expiry`. File ledger only.
    /// @dev Reverts NodeNotActive, InsufficientVolume, ServiceTimeTooShort, PledgeTooLow. Emits VolumeAllocated.
    function allocate(address node, uint64 size, uint64 expiry) external;

    /// @notice Gives back `size` bytes of `node` when a file it held ends. File ledger only.
    /// @dev Reverts NodeNotRegistered, NothingToRelease. Emits VolumeReleased.
    function release(address node, uint64 size) external;

    /// @notice Takes up to `amount` from `node`'s pledge; a share goes to `reporter`, the rest to
    /// the treasury. File ledger only (SLASHER_ROLE). Returns what was taken.
    /// @dev Reverts NodeNotRegistered. Emits NodeSlashed.
    function slash(address node, uint256 amount, address reporter) external returns (uint256 taken);

    /// @notice Pledge required for `volume` bytes: ceil(volume * pledgePerGiB / 2^30), and never below minSlash.
    function requiredPledge(uint64 volume) external view returns (uint256);

    /// @notice Slash for one missed proving period of a node holding `bytesAtStake` bytes: the pledge
    /// backing those bytes, and never less than minSlash; never more than requiredPledge(volume).
    function slashAmount(uint64 bytesAtStake) external view returns (uint256);

    /// @notice Whether `node` can take a file of `size` bytes expiring at `expiry`: active,
    /// enough rest volume, service time long enough and pledge at least what its volume requires.
    function isEligible(address node, uint64 size, uint64 expiry) external view returns (bool);

    /// @notice The node's record (status None when unknown).
    function getNode(address node) external view returns (NodeInfo memory);

    /// @notice Number of registered (active or quit, not withdrawn) nodes.
    function nodeCount() external view returns (uint256);

    /// @notice Registered nodes from `offset`, at most `limit`, for discovery.
    function nodesPage(uint256 offset, uint256 limit) external view returns (address[] memory nodes, NodeInfo[] memory infos);

    /// @notice The registered nodes at positions [offset, offset + limit) (the window of nodesPage)
    /// that can take a file of `size` bytes expiring at `expiry` (see isEligible), in registry order.
    /// @dev The arrays are shorter than the window when some of its nodes are not eligible, and empty
    /// for an offset at or past the end; page on by adding `limit` to `offset`, not the returned length.
    /// limit = type(uint256).max reads to the end of the list.
    /// @param offset position of the first node to look at
    /// @param limit how many positions to look at
    /// @param size bytes the file needs
    /// @param expiry block height at which the file expires
    /// @return nodes the eligible nodes' addresses
    /// @return infos their records, in the same order
    function eligibleNodesPage(uint256 offset, uint256 limit, uint64 size, uint64 expiry)
        external
        view
        returns (address[] memory nodes, NodeInfo[] memory infos);
}
