// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IUserSpace} from "../interfaces/IUserSpace.sol";
import {IFileLedger} from "../interfaces/IFileLedger.sol";
import {UserSpace} from "../types/FileTypes.sol";

/// @title Prepaid user space (storage type 0)
/// @notice See {IUserSpace}. The price of a KiB-block is the file ledger's spacePrice, so a quota
/// filled for its whole term costs what the same files stored one by one would cost in space.
contract UserSpaceLedger is IUserSpace, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Role of the file ledger: charges and credits spaces.
    bytes32 public constant LEDGER_ROLE = keccak256("LEDGER_ROLE");

    /// @notice The token credits are held in.
    IERC20 public immutable token;
    /// @notice The file ledger, set once by setLedger; its spacePrice prices the space.
    IFileLedger public ledger;
    mapping(address => UserSpace) private _spaces;

    constructor(address admin, IERC20 token_) {
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Wires the file ledger, once: it charges and credits spaces and sets the price.
    /// @dev DEFAULT_ADMIN_ROLE. Reverts LedgerAlreadySet. Grants LEDGER_ROLE. Emits LedgerSet.
    function setLedger(IFileLedger ledger_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(ledger) != address(0)) revert LedgerAlreadySet();
        ledger = ledger_;
        _grantRole(LEDGER_ROLE, address(ledger_));
        emit LedgerSet(address(ledger_));
    }

    /// @inheritdoc IUserSpace
    function addUserSpace(uint64 addBytes, uint64 expiredHeight, uint256 extraCredit)
        external
        nonReentrant
        returns (uint256 paid)
    {
        UserSpace storage u = _spaces[msg.sender];
        uint64 minimum = u.expiredHeight > block.number ? u.expiredHeight : uint64(block.number) + 1;
        // Growing the quota alone keeps the expiry; anything else must move it forward.
        if (expiredHeight < minimum || (expiredHeight == u.expiredHeight && addBytes == 0 && extraCredit == 0)) {
            revert ExpiryNotExtended(expiredHeight, minimum);
        }
        paid = quote(msg.sender, addBytes, expiredHeight) + extraCredit;
        u.totalBytes += addBytes;
        u.expiredHeight = expiredHeight;
        u.updatedHeight = uint64(block.number);
        u.balance += paid;
        emit UserSpaceUpdated(msg.sender, u.totalBytes, u.usedBytes, expiredHeight, u.balance);
        token.safeTransferFrom(msg.sender, address(this), paid);
    }

    /// @inheritdoc IUserSpace
    function revoke() external nonReentrant returns (uint256 refund) {
        UserSpace storage u = _spaces[msg.sender];
        if (u.updatedHeight == 0) revert NoUserSpace(msg.sender);
        if (u.usedBytes != 0) revert CantRevokeWithFiles(msg.sender, u.usedBytes);
        refund = u.balance;
        delete _spaces[msg.sender];
        emit UserSpaceRevoked(msg.sender, refund);
        if (refund != 0) token.safeTransfer(msg.sender, refund);
    }

    /// @inheritdoc IUserSpace
    function quote(address owner, uint64 addBytes, uint64 expiredHeight) public view returns (uint256) {
        UserSpace storage u = _spaces[owner];
        uint256 price = ledger.settings().spacePrice;
        uint256 start = u.expiredHeight > block.number ? u.expiredHeight : block.number;
        uint256 extension = expiredHeight > start ? expiredHeight - start : 0;
        uint256 newTerm = expiredHeight > block.number ? expiredHeight - block.number : 0;
        return price * (_kib(addBytes) * newTerm + _kib(u.totalBytes) * extension);
    }

    /// @inheritdoc IUserSpace
    function getUserSpace(address owner) external view returns (UserSpace memory) {
        return _spaces[owner];
    }

    /// @inheritdoc IUserSpace
    function charge(address owner, uint64 bytesUsed, uint256 amount)
        external
        onlyRole(LEDGER_ROLE)
        returns (uint64 expiredHeight)
    {
        UserSpace storage u = _spaces[owner];
        expiredHeight = u.expiredHeight;
        if (expiredHeight <= block.number) revert UserSpaceExpired(owner, expiredHeight, block.number);
        uint64 free = u.totalBytes - u.usedBytes;
        if (bytesUsed > free) revert UserSpaceNotEnough(owner, bytesUsed, free);
        if (amount > u.balance) revert UserSpaceBalanceTooLow(owner, amount, u.balance);
        u.usedBytes += bytesUsed;
        u.balance -= amount;
        emit UserSpaceCharged(owner, bytesUsed, amount);
        emit UserSpaceUpdated(owner, u.totalBytes, u.usedBytes, expiredHeight, u.balance);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IUserSpace
    function credit(address owner, uint64 bytesFreed, uint256 amount) external onlyRole(LEDGER_ROLE) {
        UserSpace storage u = _spaces[owner];
        u.usedBytes -= bytesFreed;
        u.balance += amount;
        emit UserSpaceCredited(owner, bytesFreed, amount);
        emit UserSpaceUpdated(owner, u.totalBytes, u.usedBytes, u.expiredHeight, u.balance);
    }

    function _kib(uint64 b) private pure returns (uint256) {
        return (uint256(b) + 1023) / 1024;
    }
}
