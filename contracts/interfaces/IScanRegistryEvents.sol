// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the SCAN/DNS node registry; SCAN servers rebuild membership from them alone.
interface IScanRegistryEvents {
    /// @notice A node joined with `pledge`; it is a member from this block.
    event ScanNodeRegistered(address indexed node, string hostAddr, uint256 pledge);
    /// @notice An active node changed its address.
    event ScanNodeUpdated(address indexed node, string hostAddr);
    event ScanPledgeAdded(address indexed node, uint256 amount, uint256 pledge);
    event ScanPledgeReduced(address indexed node, uint256 amount, uint256 pledge);
    /// @notice The node stopped being a member (quit, unregister, or slashed below the minimum pledge); it may
    /// withdraw its pledge from block `withdrawableAt`.
    event ScanNodeQuit(address indexed node, uint64 quitAt, uint64 withdrawableAt);
    /// @notice The pledge went back to the node and its record was removed.
    event ScanNodeWithdrawn(address indexed node, uint256 amount);
    /// @notice `node` signed a false claim: `amount` was taken from its pledge, `reward` of it went to
    /// `challenger` and the rest to the treasury; `pledgeLeft` remains.
    event ScanNodeSlashed(
        address indexed node,
        address indexed challenger,
        bytes32 claimDigest,
        uint256 amount,
        uint256 reward,
        uint256 pledgeLeft
    );
    event ScanParamsSet(
        uint256 minPledge, uint64 quitNoticeBlocks, uint256 slashAmount, uint16 challengerShareBps, address treasury
    );
}
