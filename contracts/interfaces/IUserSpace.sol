// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UserSpace} from "../types/FileTypes.sol";

/// @notice Events of prepaid user space.
interface IUserSpaceEvents {
    event UserSpaceUpdated(address indexed owner, uint64 totalBytes, uint64 usedBytes, uint64 expiredHeight, uint256 balance);
    event UserSpaceCharged(address indexed owner, uint64 bytesUsed, uint256 amount);
    event UserSpaceCredited(address indexed owner, uint64 bytesFreed, uint256 amount);
    event UserSpaceRevoked(address indexed owner, uint256 refund);
    event LedgerSet(address ledger);
}

/// @notice Errors of prepaid user space, with the spec's REST codes in brackets.
interface IUserSpaceErrors {
    /// [55011 DSP_USER_SPACE_EXPIRED]
    error UserSpaceExpired(address owner, uint64 expiredHeight, uint256 blockNumber);
    /// [55012 DSP_USER_SPACE_NOT_ENOUGH]
    error UserSpaceNotEnough(address owner, uint64 needed, uint64 free);
    /// [40006 INSUFFICIENT_BALANCE]
    error UserSpaceBalanceTooLow(address owner, uint256 needed, uint256 balance);
    /// [54007 FS_USER_SPACE_SECOND_TOO_SMALL]
    error ExpiryNotExtended(uint64 expiredHeight, uint64 minimum);
    /// [54005 FS_CANT_REVOKE_OF_EXISTS_FILE]
    error CantRevokeWithFiles(address owner, uint64 usedBytes);
    /// [54006 FS_NO_USER_SPACE_TO_REVOKE]
    error NoUserSpace(address owner);
    error LedgerAlreadySet();
}

/// @title Prepaid user space (storage type 0)
/// @notice A user buys a byte quota until a height and keeps a token credit; files stored with
/// storage type 0 draw their fee from the credit and count their bytes (all copies, at least one
/// byte per copy, so that every live file blocks a revoke) against the quota; a deleted file's refund and bytes come back to the space.
interface IUserSpace is IUserSpaceEvents, IUserSpaceErrors {
    /// @notice Adds `addBytes` to the quota, moves the expiry to `expiredHeight` (never earlier),
    /// and adds `extraCredit` to the credit for proof fees. Pulls quote(...) + extraCredit.
    /// @dev Reverts ExpiryNotExtended. Emits UserSpaceUpdated.
    function addUserSpace(uint64 addBytes, uint64 expiredHeight, uint256 extraCredit) external returns (uint256 paid);

    /// @notice Returns the whole credit of a user space with no file in it, and deletes the space.
    /// Also returns a credit left without a space (the refund of a zero-byte file deleted or
    /// settled after its space was revoked: such a file takes no quota).
    /// @dev Reverts NoUserSpace, CantRevokeWithFiles. Emits UserSpaceRevoked.
    function revoke() external returns (uint256 refund);

    /// @notice Space cost of growing the quota by `addBytes` and extending it to `expiredHeight`:
    /// spacePrice * (ceil(addBytes/1024) * (expiredHeight - now) + ceil(totalBytes/1024) * extension).
    function quote(address owner, uint64 addBytes, uint64 expiredHeight) external view returns (uint256);

    /// @notice `owner`'s quota, usage, expiry and credit (all zero when it has none).
    function getUserSpace(address owner) external view returns (UserSpace memory);

    /// @notice File ledger only: takes `bytesUsed` of quota and sends `amount` of credit to the ledger.
    function charge(address owner, uint64 bytesUsed, uint256 amount) external returns (uint64 expiredHeight);

    /// @notice File ledger only: gives back `bytesFreed` and credits `amount`, which the ledger has
    /// already transferred to this contract.
    function credit(address owner, uint64 bytesFreed, uint256 amount) external;
}
