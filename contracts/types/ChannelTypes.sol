// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Life cycle of a payment channel.
/// @dev None: no channel under this id. Open: the recipient may collect, the sender may top up.
/// Closing: the sender started a close; the recipient may challenge until `closesAt`.
/// Settled: every token of the deposit has left the contract (paid or refunded); final.
enum ChannelStatus {
    None,
    Open,
    Closing,
    Settled
}

/// @notice One unidirectional channel from a downloader (sender) to a seeder (recipient).
/// @dev Invariant: collected <= closingAmount <= deposit while Closing, collected <= deposit always.
/// Packed into five slots: (sender, challengePeriod, status), (recipient, closesAt), deposit,
/// collected, closingAmount.
struct Channel {
    /// @notice Payer: the downloader that signs vouchers and gets the refund.
    address sender;
    /// @notice Blocks between `startClose` and the earliest `settle`.
    uint64 challengePeriod;
    /// @notice Where the channel is in its life cycle.
    ChannelStatus status;
    /// @notice Payee: the seeder paid per block it serves.
    address recipient;
    /// @notice First block at which a Closing channel can be settled (0 while Open).
    uint64 closesAt;
    /// @notice Tokens escrowed so far (open deposit plus top-ups).
    uint256 deposit;
    /// @notice Cumulative amount already paid out to the recipient.
    uint256 collected;
    /// @notice Highest cumulative amount known at close (set by `startClose`, raised by `challenge`).
    uint256 closingAmount;
}

/// @notice An off-chain promise by the channel's sender: "I owe the recipient `cumulativeAmount` in total".
/// @dev Signed as EIP-712 typed data under the domain ("DSP PaymentChannels", "1", chainId, contract):
/// `Voucher(bytes32 channelId,uint256 cumulativeAmount)`. Cumulative, so the newest voucher
/// supersedes every older one and replaying an old one can never pay twice.
struct Voucher {
    /// @notice The channel the voucher draws on.
    bytes32 channelId;
    /// @notice Total owed to the recipient since the channel opened (not an increment).
    uint256 cumulativeAmount;
}
