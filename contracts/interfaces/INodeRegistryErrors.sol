// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {NodeStatus} from "../types/NodeTypes.sol";

/// @notice Errors of the FS node registry (REST codes 55030-55034 cover the node operations).
interface INodeRegistryErrors {
    error NodeAlreadyRegistered(address node);
    error NodeNotRegistered(address node);
    error NodeNotActive(address node, NodeStatus status);
    error NodeStillActive(address node);
    error NodeHasLiveFiles(address node, uint64 liveFiles);
    error VolumeTooSmall(uint64 volume, uint64 minimum);
    error VolumeBelowUsed(uint64 volume, uint64 used);
    error ServiceTimeTooShort(uint64 serviceTime, uint64 minimum);
    error EmptyHostAddr();
    error HostAddrTooLong(uint256 length, uint256 maximum);
    error InsufficientVolume(address node, uint64 needed, uint64 rest);
    /// [50015 RECEIVERS_REJECTED]: the node's pledge is below what its volume requires (after a slash)
    error PledgeTooLow(address node, uint256 pledge, uint256 required);
    error InvalidParams();
    /// @notice The ledger released more files or bytes than it had allocated to the node.
    error NothingToRelease(address node, uint64 size);
}
