// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ChannelStatus} from "../types/ChannelTypes.sol";

/// @title Payment channel errors
/// @notice Custom errors of PaymentChannels; each carries the values needed to understand the failure.
interface IPaymentChannelsErrors {
    /// @notice The constructor got the zero address as token.
    error ZeroToken();

    /// @notice The constructor's minimum challenge period is 0 or above MAX_CHALLENGE_PERIOD.
    /// @param minChallengePeriod the value given
    /// @param maxChallengePeriod the contract's upper bound
    error InvalidMinChallengePeriod(uint64 minChallengePeriod, uint64 maxChallengePeriod);

    /// @notice A channel must pay someone else: the recipient is zero or the sender itself.
    /// @param recipient the recipient given
    error InvalidRecipient(address recipient);

    /// @notice A deposit or top-up of zero tokens.
    error ZeroAmount();

    /// @notice The challenge period is outside [minChallengePeriod, MAX_CHALLENGE_PERIOD].
    /// @param challengePeriod the value given
    /// @param minChallengePeriod lower bound set at deployment
    /// @param maxChallengePeriod upper bound of the contract
    error ChallengePeriodOutOfRange(uint64 challengePeriod, uint64 minChallengePeriod, uint64 maxChallengePeriod);

    /// @notice No channel has this id.
    /// @param channelId the id given
    error UnknownChannel(bytes32 channelId);

    /// @notice The call needs an Open channel.
    /// @param channelId the channel
    /// @param status its current status
    error ChannelNotOpen(bytes32 channelId, ChannelStatus status);

    /// @notice The call needs a Closing channel.
    /// @param channelId the channel
    /// @param status its current status
    error ChannelNotClosing(bytes32 channelId, ChannelStatus status);

    /// @notice Only the channel's sender may do this.
    /// @param channelId the channel
    /// @param caller msg.sender
    /// @param sender the channel's sender
    error NotSender(bytes32 channelId, address caller, address sender);

    /// @notice Only the channel's recipient may do this.
    /// @param channelId the channel
    /// @param caller msg.sender
    /// @param recipient the channel's recipient
    error NotRecipient(bytes32 channelId, address caller, address recipient);

    /// @notice A voucher (or declared closing amount) above what the channel holds.
    /// @param channelId the channel
    /// @param cumulativeAmount the amount claimed
    /// @param deposit the channel's deposit
    error VoucherExceedsDeposit(bytes32 channelId, uint256 cumulativeAmount, uint256 deposit);

    /// @notice A voucher that does not raise what the channel already recorded.
    /// @param channelId the channel
    /// @param cumulativeAmount the voucher's amount
    /// @param current the amount it would have to exceed (collected, or the closing amount)
    error StaleVoucher(bytes32 channelId, uint256 cumulativeAmount, uint256 current);

    /// @notice The signature is malformed: wrong length, `s` in the upper half order (malleable), or
    /// unrecoverable (bad `v`, or recovers to the zero address).
    /// @param channelId the voucher's channel
    /// @param reason OpenZeppelin ECDSA.RecoverError: 1 unrecoverable, 2 bad length, 3 malleable `s`
    /// @param detail ECDSA's error argument: the length for 2, `s` for 3, zero otherwise
    error InvalidSignature(bytes32 channelId, uint8 reason, bytes32 detail);

    /// @notice The voucher was not signed by the channel's sender (wrong key, or a tampered voucher).
    /// @param channelId the voucher's channel
    /// @param signer the address the signature recovers to for this voucher
    /// @param sender the channel's sender
    error WrongSigner(bytes32 channelId, address signer, address sender);

    /// @notice Settling before the challenge period is over.
    /// @param channelId the channel
    /// @param closesAt first block at which settling is possible
    /// @param blockNumber the current block
    error ChallengePeriodActive(bytes32 channelId, uint64 closesAt, uint256 blockNumber);

    /// @notice Challenging after the challenge period is over.
    /// @param channelId the channel
    /// @param closesAt first block at which the challenge window was closed
    /// @param blockNumber the current block
    error ChallengePeriodEnded(bytes32 channelId, uint64 closesAt, uint256 blockNumber);
}
