// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Payment channel events
/// @notice Every state change of PaymentChannels emits one of these with its full data, so an indexer
/// can rebuild each channel (deposit, collected, closing amount, status) from events alone.
interface IPaymentChannelsEvents {
    /// @notice A channel was opened and `deposit` tokens escrowed.
    /// @param channelId keccak256(abi.encode(sender, recipient, nonce)), see `computeChannelId`
    /// @param sender the payer (downloader)
    /// @param recipient the payee (seeder)
    /// @param deposit tokens escrowed at opening
    /// @param challengePeriod blocks the recipient has to challenge after `startClose`
    event ChannelOpened(
        bytes32 indexed channelId,
        address indexed sender,
        address indexed recipient,
        uint256 deposit,
        uint64 challengePeriod
    );

    /// @notice The sender added `amount` to an open channel.
    /// @param channelId the channel
    /// @param amount tokens added
    /// @param deposit the channel's total deposit after the top-up
    event ChannelToppedUp(bytes32 indexed channelId, uint256 amount, uint256 deposit);

    /// @notice The recipient was paid out of an open channel against a voucher.
    /// @param channelId the channel
    /// @param cumulativeAmount the voucher's cumulative amount (now the channel's `collected`)
    /// @param paid tokens transferred to the recipient by this call
    event Collected(bytes32 indexed channelId, uint256 cumulativeAmount, uint256 paid);

    /// @notice The sender started closing; the recipient may challenge until `closesAt`.
    /// @param channelId the channel
    /// @param cumulativeAmount the closing amount the sender admits to (at least what was collected)
    /// @param closesAt first block at which `settle` succeeds
    event CloseStarted(bytes32 indexed channelId, uint256 cumulativeAmount, uint64 closesAt);

    /// @notice A newer voucher replaced the closing amount during the challenge period.
    /// @param channelId the channel
    /// @param cumulativeAmount the new closing amount
    event Challenged(bytes32 indexed channelId, uint256 cumulativeAmount);

    /// @notice The channel ended: the recipient got the rest of what it is owed, the sender the remainder.
    /// @dev Emitted by `settle` and by the recipient's immediate `close`. `cumulativeAmount` is the final
    /// total paid to the recipient over the channel's life (earlier `Collected` payouts plus
    /// `paidToRecipient`), so `cumulativeAmount + refundedToSender` equals the total deposit.
    /// @param channelId the channel
    /// @param cumulativeAmount final total paid to the recipient over the channel's life
    /// @param paidToRecipient tokens transferred to the recipient by this call
    /// @param refundedToSender tokens returned to the sender by this call
    event ChannelSettled(
        bytes32 indexed channelId,
        uint256 cumulativeAmount,
        uint256 paidToRecipient,
        uint256 refundedToSender
    );
}
