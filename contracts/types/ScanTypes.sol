// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Lifecycle of a SCAN/DNS node in the ScanRegistry.
/// Active: a member; other SCAN servers accept its connections and announcements.
/// Quitting: no longer a member (quit, unregister, or slashed below the minimum pledge); its pledge stays
/// here, still slashable, until the notice period is over and it withdraws.
/// @dev The order is the wire format (0..2); do not reorder.
enum ScanNodeStatus {
    None,
    Active,
    Quitting
}

/// @notice A SCAN/DNS node as the registry stores it.
struct ScanNodeInfo {
    /// the SCAN server's libp2p multiaddr, ending in /p2p/<peerId> (1..256 bytes)
    string hostAddr;
    /// tokens pledged; a false signed answer is slashed from here
    uint256 pledge;
    /// block of registration
    uint64 registeredAt;
    /// block in which the node quit (0 while active)
    uint64 quitAt;
    /// first block in which withdraw succeeds (0 while active): quitAt + the notice period in force at quit
    uint64 withdrawableAt;
    ScanNodeStatus status;
}

/// @notice What a SCAN server signs with its account key (EIP-712 type
/// `ScanClaim(uint8 kind,bytes32 subject,bytes32 answerHash,uint64 height)`, domain
/// {name "DSP ScanRegistry", version "1", chainId, verifyingContract = the ScanRegistry}).
/// @dev docs/scan-registry.md gives the exact encoding of each kind's answer.
struct ScanClaim {
    /// CLAIM_FILE_OWNER, CLAIM_FILE_HOLDERS or CLAIM_DNS_RESOLUTION
    uint8 kind;
    /// the file hash (kinds 1, 2) or the DNS registry's name hash keccak256(header + "://" + url) (kind 3)
    bytes32 subject;
    /// keccak256 of the ABI-encoded answer
    bytes32 answerHash;
    /// the block whose resulting state the answer reflects
    uint64 height;
}

/// @dev Claim kinds. Answers: FILE_OWNER abi.encode(address owner), address(0) for "no such file";
/// FILE_HOLDERS abi.encode(address[] holders) in strictly ascending order;
/// DNS_RESOLUTION abi.encode(bool resolves, address owner, string link), (false, address(0), "") when the name
/// does not resolve.
uint8 constant CLAIM_FILE_OWNER = 1;
uint8 constant CLAIM_FILE_HOLDERS = 2;
uint8 constant CLAIM_DNS_RESOLUTION = 3;
