// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IFileWhitelist} from "../interfaces/IFileWhitelist.sol";
import {IFileLedger} from "../interfaces/IFileLedger.sol";
import {WhitelistRule, PRIVILEGE_PUBLIC, PRIVILEGE_WHITELIST} from "../types/FileTypes.sol";

/// @title Per-file download whitelist
/// @notice See {IFileWhitelist}. Seeders ask canDownload before serving a block.
contract FileWhitelist is IFileWhitelist, AccessControl {
    /// @notice Role of the file ledger: sets a file's list at upload and drops it at the end.
    bytes32 public constant LEDGER_ROLE = keccak256("LEDGER_ROLE");

    /// @inheritdoc IFileWhitelist
    uint256 public constant MAX_RULES = 64;

    /// @notice The ledger that says who owns a file and its privilege.
    IFileLedger public immutable ledger;

    mapping(bytes32 => WhitelistRule[]) private _rules;
    /// @dev index + 1 of an address's rule in _rules[fileHash]; 0 when absent
    mapping(bytes32 => mapping(address => uint256)) private _slot;

    constructor(address admin, IFileLedger ledger_) {
        ledger = ledger_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(LEDGER_ROLE, address(ledger_));
    }

    modifier onlyFileOwner(bytes32 fileHash) {
        (address owner,, bool valid) = ledger.accessOf(fileHash);
        if (!valid) revert FileNotValid(fileHash);
        if (owner != msg.sender) revert NotFileOwner(fileHash, msg.sender);
        _;
    }

    /// @inheritdoc IFileWhitelist
    function addRules(bytes32 fileHash, WhitelistRule[] calldata rules) external onlyFileOwner(fileHash) {
        _add(fileHash, rules);
    }

    /// @inheritdoc IFileWhitelist
    function removeRules(bytes32 fileHash, address[] calldata addrs) external onlyFileOwner(fileHash) {
        WhitelistRule[] storage list = _rules[fileHash];
        for (uint256 i; i < addrs.length; ++i) {
            uint256 slot = _slot[fileHash][addrs[i]];
            if (slot == 0) revert RuleNotFound(fileHash, addrs[i]);
            // swap-and-pop keeps removal O(1)
            WhitelistRule memory last = list[list.length - 1];
            list[slot - 1] = last;
            _slot[fileHash][last.addr] = slot;
            list.pop();
            delete _slot[fileHash][addrs[i]];
            emit WhitelistRuleRemoved(fileHash, addrs[i]);
        }
    }

    /// @inheritdoc IFileWhitelist
    function replaceRules(bytes32 fileHash, WhitelistRule[] calldata rules) external onlyFileOwner(fileHash) {
        _clear(fileHash);
        _add(fileHash, rules);
    }

    /// @inheritdoc IFileWhitelist
    function clearRules(bytes32 fileHash) external onlyFileOwner(fileHash) {
        _clear(fileHash);
    }

    /// @inheritdoc IFileWhitelist
    function initRules(bytes32 fileHash, WhitelistRule[] calldata rules) external onlyRole(LEDGER_ROLE) {
        _add(fileHash, rules);
    }

    /// @inheritdoc IFileWhitelist
    function dropRules(bytes32 fileHash) external onlyRole(LEDGER_ROLE) {
        if (_rules[fileHash].length != 0) _clear(fileHash);
    }

    /// @inheritdoc IFileWhitelist
    function canDownload(bytes32 fileHash, address who, uint64 height) external view returns (bool) {
        (address owner, uint8 privilege, bool valid) = ledger.accessOf(fileHash);
        if (!valid) return false;
        if (who == owner || privilege == PRIVILEGE_PUBLIC) return true;
        if (privilege != PRIVILEGE_WHITELIST) return false;
        uint256 slot = _slot[fileHash][who];
        if (slot == 0) return false;
        WhitelistRule storage r = _rules[fileHash][slot - 1];
        return r.fromHeight <= height && height <= r.toHeight;
    }

    /// @inheritdoc IFileWhitelist
    function rulesOf(bytes32 fileHash) external view returns (WhitelistRule[] memory) {
        return _rules[fileHash];
    }

    function _add(bytes32 fileHash, WhitelistRule[] calldata rules) private {
        WhitelistRule[] storage list = _rules[fileHash];
        for (uint256 i; i < rules.length; ++i) {
            WhitelistRule calldata r = rules[i];
            if (r.addr == address(0) || r.fromHeight > r.toHeight) revert InvalidRule(r.addr, r.fromHeight, r.toHeight);
            uint256 slot = _slot[fileHash][r.addr];
            if (slot == 0) {
                if (list.length >= MAX_RULES) revert TooManyRules(list.length + 1, MAX_RULES);
                list.push(r);
                _slot[fileHash][r.addr] = list.length;
            } else {
                list[slot - 1] = r;
            }
            emit WhitelistRuleSet(fileHash, r.addr, r.fromHeight, r.toHeight);
        }
    }

    function _clear(bytes32 fileHash) private {
        WhitelistRule[] storage list = _rules[fileHash];
        for (uint256 i; i < list.length; ++i) delete _slot[fileHash][list[i].addr];
        delete _rules[fileHash];
        emit WhitelistCleared(fileHash);
    }
}
