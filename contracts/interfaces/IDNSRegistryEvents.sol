// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UrlMode} from "../types/DNSTypes.sol";

/// @title DNS registry events
/// @notice The indexer rebuilds the whole registry from these events alone, so each one carries the full key
/// data (hash and plain strings) and the resulting state, never just a delta.
interface IDNSRegistryEvents {
    /// @notice A header was registered (first time, or again after it expired or was deleted).
    /// @param headerHash keccak256(bytes(header))
    /// @param header the header name
    /// @param owner the new owner
    /// @param desc the description
    /// @param expiredHeight first block at which the header is expired
    /// @param generation the new generation; names made under earlier generations never resolve again
    /// @param fee tokens paid to the treasury
    event HeaderRegistered(
        bytes32 indexed headerHash,
        string header,
        address indexed owner,
        string desc,
        uint64 expiredHeight,
        uint64 generation,
        uint256 fee
    );

    /// @notice A live header's expiry was extended by its owner.
    /// @param fee tokens paid to the treasury for the extra blocks
    event HeaderRenewed(
        bytes32 indexed headerHash,
        string header,
        address indexed owner,
        uint64 oldExpiredHeight,
        uint64 newExpiredHeight,
        uint256 fee
    );

    /// @notice A header's description was updated.
    event HeaderUpdated(bytes32 indexed headerHash, string header, address indexed owner, string desc);

    /// @notice A header changed owner.
    event HeaderTransferred(bytes32 indexed headerHash, string header, address indexed from, address indexed to);

    /// @notice A header was deleted; every name under its generation stops resolving.
    /// @param owner the owner at deletion
    /// @param by the caller (the owner or the DNS manager)
    /// @param generation the generation that ended
    event HeaderDeleted(
        bytes32 indexed headerHash,
        string header,
        address indexed owner,
        address indexed by,
        uint64 generation
    );

    /// @notice Governance added a header to, or removed it from, the reserved (system) set.
    event ReservedSet(bytes32 indexed headerHash, string header, bool reserved);

    /// @notice A name was registered.
    /// @param nameHash keccak256(bytes(header + "://" + url)), the record key
    /// @param expiredHeight the name's own expiry (type(uint64).max when ttl is 0)
    /// @param headerGeneration the header generation the name belongs to
    event UrlRegistered(
        bytes32 indexed nameHash,
        string header,
        string url,
        address indexed owner,
        string link,
        string desc,
        UrlMode mode,
        uint64 ttl,
        uint64 expiredHeight,
        uint64 headerGeneration
    );

    /// @notice A name's link, description or ttl changed (bindUrl or updateUrl); carries the resulting state.
    event UrlUpdated(
        bytes32 indexed nameHash,
        string header,
        string url,
        address indexed owner,
        string link,
        string desc,
        uint64 ttl,
        uint64 expiredHeight
    );

    /// @notice A name changed owner.
    event UrlTransferred(bytes32 indexed nameHash, string header, string url, address indexed from, address indexed to);

    /// @notice A name was deleted.
    /// @param owner the owner at deletion
    /// @param by the caller (the owner or the DNS manager)
    event UrlDeleted(bytes32 indexed nameHash, string header, string url, address indexed owner, address indexed by);

    /// @notice Governance set the fees.
    event FeesSet(uint256 headerFeePerBlock, uint256 urlFee);

    /// @notice Governance set the account that receives fees.
    event TreasurySet(address indexed treasury);
}
