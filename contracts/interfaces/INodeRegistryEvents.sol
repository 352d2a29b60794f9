// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the FS node registry; the indexer rebuilds node state from them alone.
interface INodeRegistryEvents {
    event NodeRegistered(address indexed node, string hostAddr, uint64 volume, uint64 serviceTime, uint256 pledge);
    event NodeUpdated(address indexed node, string hostAddr, uint64 volume, uint64 restVolume, uint64 serviceTime, uint256 pledge);
    event PledgeAdded(address indexed node, uint256 amount, uint256 pledge);
    event NodeUnregistered(address indexed node);
    event NodeWithdrawn(address indexed node, uint256 amount);
    event VolumeAllocated(address indexed node, uint64 size, uint64 restVolume, uint64 liveFiles);
    event VolumeReleased(address indexed node, uint64 size, uint64 restVolume, uint64 liveFiles);
    event NodeSlashed(address indexed node, address indexed reporter, uint256 amount, uint256 toReporter, uint256 pledgeLeft);
    event PledgeParamsSet(uint256 pledgePerGiB, uint64 minVolume, uint256 minSlash, uint16 reporterShareBps, address treasury);
}
