// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Channel, Voucher} from "../types/ChannelTypes.sol";
import {IPaymentChannelsEvents} from "./IPaymentChannelsEvents.sol";
import {IPaymentChannelsErrors} from "./IPaymentChannelsErrors.sol";

/// @title Unidirectional payment channels for paying seeders per block served
/// @notice A downloader (sender) escrows tokens in a channel to a seeder (recipient) and, per batch of
/// blocks received, signs an EIP-712 voucher for the cumulative amount owed. The recipient collects
/// against the latest voucher whenever it likes, or closes at once; the sender can only start a close,
/// which opens a challenge period in which the recipient may present a higher voucher.
/// @dev Voucher typed data: `Voucher(bytes32 channelId,uint256 cumulativeAmount)` under the EIP-712
/// domain {name: "DSP PaymentChannels", version: "1", chainId, verifyingContract}.
interface IPaymentChannels is IPaymentChannelsEvents, IPaymentChannelsErrors {
    // ---------------------------------------------------------------- transactions

    /// @notice Opens a channel from msg.sender to `recipient`, pulling `deposit` tokens (needs an allowance).
    /// @dev Reverts InvalidRecipient (zero or msg.sender), ZeroAmount, ChallengePeriodOutOfRange, and the
    /// token's own errors (e.g. ERC20InsufficientAllowance / ERC20InsufficientBalance).
    /// Emits ChannelOpened.
    /// @param recipient the seeder to pay
    /// @param deposit tokens to escrow
    /// @param challengePeriod blocks the recipient has to challenge after `startClose`,
    /// in [minChallengePeriod, MAX_CHALLENGE_PERIOD]
    /// @return channelId computeChannelId(msg.sender, recipient, nonce) with the sender's nonce before the call
    function open(address recipient, uint256 deposit, uint64 challengePeriod) external returns (bytes32 channelId);

    /// @notice `open` after an EIP-2612 permit for `deposit`, so a fresh downloader needs one transaction.
    /// @dev The permit is tried and its failure ignored (someone may have front-run it with the same
    /// signature, which still leaves the allowance in place); the transfer then fails on its own if there
    /// is no allowance. Reverts as `open`. Emits ChannelOpened.
    /// @param recipient the seeder to pay
    /// @param deposit tokens to escrow (and the permit's value)
    /// @param challengePeriod see `open`
    /// @param deadline the permit's deadline
    /// @param v permit signature v
    /// @param r permit signature r
    /// @param s permit signature s
    /// @return channelId the new channel's id
    function openWithPermit(
        address recipient,
        uint256 deposit,
        uint64 challengePeriod,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (bytes32 channelId);

    /// @notice Adds `amount` tokens to an open channel (the sender wants to keep downloading).
    /// @dev Reverts ZeroAmount, UnknownChannel, ChannelNotOpen (Closing or Settled), NotSender, and the
    /// token's errors. Emits ChannelToppedUp.
    /// @param channelId the channel
    /// @param amount tokens to add
    function topUp(bytes32 channelId, uint256 amount) external;

    /// @notice Pays the recipient `voucher.cumulativeAmount - collected` and keeps the channel open.
    /// @dev Recipient only. Reverts UnknownChannel, ChannelNotOpen, NotRecipient, VoucherExceedsDeposit,
    /// StaleVoucher (amount <= already collected, so a voucher never pays twice), InvalidSignature,
    /// WrongSigner. Emits Collected.
    /// @param voucher the latest voucher from the sender
    /// @param signature the sender's 65-byte EIP-712 signature of `voucher`
    function collect(Voucher calldata voucher, bytes calldata signature) external;

    /// @notice Closes the channel at once: pays the recipient up to `voucher.cumulativeAmount` and refunds
    /// the rest of the deposit to the sender.
    /// @dev Recipient only, and no challenge period: the recipient is the only party harmed by a low
    /// voucher, so it has no reason to close with anything but its best. A voucher equal to what was
    /// already collected is accepted (pays nothing, releases the refund). Reverts UnknownChannel,
    /// ChannelNotOpen, NotRecipient, VoucherExceedsDeposit, StaleVoucher (below collected),
    /// InvalidSignature, WrongSigner. Emits ChannelSettled.
    /// @param voucher the recipient's best voucher
    /// @param signature the sender's signature of `voucher`
    function close(Voucher calldata voucher, bytes calldata signature) external;

    /// @notice The sender starts closing, admitting it owes `cumulativeAmount` in total (pass the latest
    /// voucher amount it signed, or 0 if it knows none); the recipient then has `challengePeriod`
    /// blocks to present a higher voucher.
    /// @dev Sender only. No signature: the sender's own transaction authorises the amount, and an amount
    /// below what was collected is raised to `collected`. Reverts UnknownChannel, ChannelNotOpen,
    /// NotSender, VoucherExceedsDeposit. Emits CloseStarted.
    /// @param channelId the channel
    /// @param cumulativeAmount total the sender admits to owe (0 = only what was collected)
    function startClose(bytes32 channelId, uint256 cumulativeAmount) external;

    /// @notice During the challenge period, replaces the closing amount by a higher voucher.
    /// @dev Callable by anyone holding the voucher (the recipient or a watchtower acting for it): the
    /// voucher is the sender's own signed promise and can only raise what goes to the recipient.
    /// Reverts UnknownChannel, ChannelNotClosing, ChallengePeriodEnded, VoucherExceedsDeposit,
    /// StaleVoucher (not above the current closing amount), InvalidSignature, WrongSigner.
    /// Emits Challenged.
    /// @param voucher a voucher with a higher cumulative amount
    /// @param signature the sender's signature of `voucher`
    function challenge(Voucher calldata voucher, bytes calldata signature) external;

    /// @notice Ends a Closing channel: pays the recipient `closingAmount - collected`, refunds
    /// `deposit - closingAmount` to the sender.
    /// @dev Anyone after the challenge period; the recipient also before it (the window exists only to
    /// protect the recipient, which may waive it and free the sender's refund early). Reverts
    /// UnknownChannel, ChannelNotClosing (Open, or already Settled: nothing settles twice),
    /// ChallengePeriodActive. Emits ChannelSettled.
    /// @param channelId the channel
    function settle(bytes32 channelId) external;

    // ---------------------------------------------------------------- views

    /// @notice The ERC-20 every channel is denominated in.
    /// @return the token
    function token() external view returns (IERC20);

    /// @notice Shortest challenge period a channel may choose, in blocks.
    /// @return blocks
    function minChallengePeriod() external view returns (uint64);

    /// @notice A channel's full state (status None for an unknown id).
    /// @param channelId the channel
    /// @return the channel
    function getChannel(bytes32 channelId) external view returns (Channel memory);

    /// @notice The EIP-712 digest the sender signs for a voucher, so off-chain code can check its signing.
    /// @param channelId the voucher's channel
    /// @param cumulativeAmount the voucher's cumulative amount
    /// @return digest keccak256("\x19\x01" || domainSeparator || hashStruct(voucher))
    function hashVoucher(bytes32 channelId, uint256 cumulativeAmount) external view returns (bytes32 digest);

    /// @notice The id a channel gets: keccak256(abi.encode(sender, recipient, nonce)).
    /// @param sender the payer
    /// @param recipient the payee
    /// @param nonce the sender's channel nonce at opening (see `nonceOf`)
    /// @return the channel id
    function computeChannelId(address sender, address recipient, uint256 nonce) external pure returns (bytes32);

    /// @notice How many channels `sender` has opened; the nonce its next channel will use.
    /// @param sender the payer
    /// @return the nonce
    function nonceOf(address sender) external view returns (uint256);

    /// @notice Active (Open or Closing) channels paid by `sender`, `limit` of them from `offset`.
    /// @dev Settled channels leave the list (their history is in the events). Order is not stable
    /// across settlements. An offset past the end returns an empty array.
    /// @param sender the payer
    /// @param offset index of the first id to return
    /// @param limit most ids to return
    /// @return ids the page
    function channelsOf(address sender, uint256 offset, uint256 limit) external view returns (bytes32[] memory ids);

    /// @notice Active channels paying `recipient`, paged as `channelsOf`.
    /// @param recipient the payee
    /// @param offset index of the first id to return
    /// @param limit most ids to return
    /// @return ids the page
    function channelsTo(address recipient, uint256 offset, uint256 limit) external view returns (bytes32[] memory ids);

    /// @notice Number of active channels paid by `sender`.
    /// @param sender the payer
    /// @return count
    function channelCountOf(address sender) external view returns (uint256);

    /// @notice Number of active channels paying `recipient`.
    /// @param recipient the payee
    /// @return count
    function channelCountTo(address recipient) external view returns (uint256);
}
