// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {WhitelistRule} from "../types/FileTypes.sol";

interface IFileWhitelistEvents {
    event WhitelistRuleSet(bytes32 indexed fileHash, address indexed addr, uint64 fromHeight, uint64 toHeight);
    event WhitelistRuleRemoved(bytes32 indexed fileHash, address indexed addr);
    event WhitelistCleared(bytes32 indexed fileHash);
}

interface IFileWhitelistErrors {
    /// [55019 DSP_WHITELIST_OP_FAILED]
    error NotFileOwner(bytes32 fileHash, address caller);
    error FileNotValid(bytes32 fileHash);
    error InvalidRule(address addr, uint64 fromHeight, uint64 toHeight);
    error TooManyRules(uint256 count, uint256 maximum);
    error RuleNotFound(bytes32 fileHash, address addr);
}

/// @title Per-file download whitelist
/// @notice Rules (address, from height, to height) for files whose privilege is 2 (whitelist).
/// One rule per address; setting a rule for a listed address replaces it.
interface IFileWhitelist is IFileWhitelistEvents, IFileWhitelistErrors {
    /// @notice Adds rules (replacing the rule of an address already listed). File owner only.
    /// @dev Reverts NotFileOwner, FileNotValid, InvalidRule (zero address or from > to), TooManyRules.
    /// Emits WhitelistRuleSet per rule.
    function addRules(bytes32 fileHash, WhitelistRule[] calldata rules) external;

    /// @notice Removes the rules of `addrs`. File owner only.
    /// @dev Reverts NotFileOwner, RuleNotFound. Emits WhitelistRuleRemoved per address.
    function removeRules(bytes32 fileHash, address[] calldata addrs) external;

    /// @notice Replaces the whole list. File owner only.
    /// @dev Emits WhitelistCleared then WhitelistRuleSet per rule.
    function replaceRules(bytes32 fileHash, WhitelistRule[] calldata rules) external;

    /// @notice Deletes the whole list. File owner only. Emits WhitelistCleared.
    function clearRules(bytes32 fileHash) external;

    /// @notice File ledger only: the list given at upload.
    function initRules(bytes32 fileHash, WhitelistRule[] calldata rules) external;

    /// @notice File ledger only: forget the list of a deleted or expired file.
    function dropRules(bytes32 fileHash) external;

    /// @notice Whether `who` may download `fileHash` at `height`: the owner always; anyone if
    /// public; a listed address inside its window if whitelist; nobody else.
    function canDownload(bytes32 fileHash, address who, uint64 height) external view returns (bool);

    /// @notice The whitelist of `fileHash`, at most MAX_RULES rules, in no particular order.
    function rulesOf(bytes32 fileHash) external view returns (WhitelistRule[] memory);

    /// @notice Maximum rules per file, which bounds every whitelist transaction.
    function MAX_RULES() external view returns (uint256);
}
