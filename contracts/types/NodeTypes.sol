// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Lifecycle of an FS node in the registry.
/// Active: takes new files. Quit: unregistered, still proves the files it holds, can withdraw its
/// pledge once none of them is live.
enum NodeStatus {
    None,
    Active,
    Quit
}

/// @notice An FS node as the ledger sees it (the spec's NodeInfo plus volume and pledge).
struct NodeInfo {
    /// libp2p multiaddr (the spec's HostAddr), e.g. /ip4/1.2.3.4/tcp/4001/p2p/12D3...
    string hostAddr;
    /// bytes the node offers
    uint64 volume;
    /// bytes not yet assigned to a file
    uint64 restVolume;
    /// block height until which the node promises service; no file expiring later is assigned
    uint64 serviceTime;
    /// highest expiry among files ever assigned; serviceTime may not drop below it
    uint64 maxFileExpiry;
    /// files assigned and still live (neither deleted nor settled after expiry)
    uint64 liveFiles;
    uint64 registeredAt;
    NodeStatus status;
    /// tokens pledged; slashing takes from here
    uint256 pledge;
}
