// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IPaymentChannels} from "../interfaces/IPaymentChannels.sol";
import {Channel, ChannelStatus, Voucher} from "../types/ChannelTypes.sol";

/// @title DSP payment channels
/// @notice Pays seeders per block served. A downloader opens a unidirectional channel to a seeder with a
/// token deposit and, per batch of blocks received, signs an EIP-712 voucher for the cumulative amount
/// it owes. The seeder collects or closes with the latest voucher; the downloader can only start a close,
/// after which the seeder has a challenge period to present a newer voucher. The seeder side bounds its
/// risk off-chain by not serving more than a fixed amount ahead of the last voucher (the original DSP
/// stopped at 256 KiB x 32 x 5 unpaid bytes); on-chain, a voucher is only ever worth what is escrowed.
/// @dev One contract holds every channel; tokens move only in nonReentrant functions, after all state
/// changes (checks-effects-interactions). Assumes a standard ERC-20 (DSPToken): no fee on transfer,
/// no rebasing. No transaction loops over a user-sized collection.
contract PaymentChannels is IPaymentChannels, EIP712, ReentrancyGuard {
    // The storage-based guard, not ReentrancyGuardTransient: the transient one would be cheaper on
    // cancun, but solc warns on every build about tstore; revisit when OpenZeppelin v6 drops this one.
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.Bytes32Set;

    /// @notice EIP-712 type hash of `Voucher(bytes32 channelId,uint256 cumulativeAmount)`.
    bytes32 public constant VOUCHER_TYPEHASH = keccak256("Voucher(bytes32 channelId,uint256 cumulativeAmount)");

    /// @notice Longest challenge period a channel may choose, in blocks.
    /// @dev Keeps `block.number + challengePeriod` far inside uint64 and stops a sender from locking its
    /// own refund for decades by mistake: one year at one-second blocks, many years at 12 s.
    uint64 public constant MAX_CHALLENGE_PERIOD = 31_536_000;

    /// @inheritdoc IPaymentChannels
    IERC20 public immutable override token;

    /// @inheritdoc IPaymentChannels
    /// @dev At least 1: with 0 the sender could start a close and settle in one block, before the
    /// recipient can react with a newer voucher.
    uint64 public immutable override minChallengePeriod;

    mapping(bytes32 channelId => Channel) private _channels;
    mapping(address sender => uint256) private _nonces;
    mapping(address sender => EnumerableSet.Bytes32Set) private _bySender;
    mapping(address recipient => EnumerableSet.Bytes32Set) private _byRecipient;

    /// @param token_ the ERC-20 all channels are paid in (DSPToken)
    /// @param minChallengePeriod_ shortest challenge period, in blocks, in [1, MAX_CHALLENGE_PERIOD]
    /// @dev Reverts ZeroToken, InvalidMinChallengePeriod.
    constructor(IERC20 token_, uint64 minChallengePeriod_) EIP712("DSP PaymentChannels", "1") {
        if (address(token_) == address(0)) revert ZeroToken();
        if (minChallengePeriod_ == 0 || minChallengePeriod_ > MAX_CHALLENGE_PERIOD) {
            revert InvalidMinChallengePeriod(minChallengePeriod_, MAX_CHALLENGE_PERIOD);
        }
        token = token_;
        minChallengePeriod = minChallengePeriod_;
    }

    // ---------------------------------------------------------------- transactions

    /// @inheritdoc IPaymentChannels
    function open(
        address recipient,
        uint256 deposit,
        uint64 challengePeriod
    ) external nonReentrant returns (bytes32 channelId) {
        return _open(recipient, deposit, challengePeriod);
    }

    /// @inheritdoc IPaymentChannels
    function openWithPermit(
        address recipient,
        uint256 deposit,
        uint64 challengePeriod,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (bytes32 channelId) {
        // A permit can be front-run (its signature is public in the mempool), which would make a plain
        // call revert although the allowance is in place; so ignore its failure and let transferFrom decide.
        try IERC20Permit(address(token)).permit(msg.sender, address(this), deposit, deadline, v, r, s) {} catch {}
        return _open(recipient, deposit, challengePeriod);
    }

    /// @inheritdoc IPaymentChannels
    function topUp(bytes32 channelId, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Channel storage c = _openChannel(channelId);
        if (msg.sender != c.sender) revert NotSender(channelId, msg.sender, c.sender);

        uint256 deposit = c.deposit + amount;
        c.deposit = deposit;
        emit ChannelToppedUp(channelId, amount, deposit);

        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPaymentChannels
    function collect(Voucher calldata voucher, bytes calldata signature) external nonReentrant {
        bytes32 channelId = voucher.channelId;
        Channel storage c = _openChannel(channelId);
        address recipient = c.recipient;
        if (msg.sender != recipient) revert NotRecipient(channelId, msg.sender, recipient);
        uint256 collected = c.collected;
        if (voucher.cumulativeAmount <= collected) revert StaleVoucher(channelId, voucher.cumulativeAmount, collected);
        _verifyVoucher(c, voucher, signature);

        uint256 paid = voucher.cumulativeAmount - collected;
        c.collected = voucher.cumulativeAmount;
        emit Collected(channelId, voucher.cumulativeAmount, paid);

        token.safeTransfer(recipient, paid);
    }

    /// @inheritdoc IPaymentChannels
    function close(Voucher calldata voucher, bytes calldata signature) external nonReentrant {
        bytes32 channelId = voucher.channelId;
        Channel storage c = _openChannel(channelId);
        if (msg.sender != c.recipient) revert NotRecipient(channelId, msg.sender, c.recipient);
        // Equal is fine here (unlike collect): it pays nothing more but releases the sender's refund.
        if (voucher.cumulativeAmount < c.collected) {
            revert StaleVoucher(channelId, voucher.cumulativeAmount, c.collected);
        }
        _verifyVoucher(c, voucher, signature);

        c.closingAmount = voucher.cumulativeAmount;
        _settle(channelId, c);
    }

    /// @inheritdoc IPaymentChannels
    function startClose(bytes32 channelId, uint256 cumulativeAmount) external {
        Channel storage c = _openChannel(channelId);
        if (msg.sender != c.sender) revert NotSender(channelId, msg.sender, c.sender);
        if (cumulativeAmount > c.deposit) revert VoucherExceedsDeposit(channelId, cumulativeAmount, c.deposit);
        // The recipient already holds `collected`; admitting less changes nothing, so round up to it.
        uint256 amount = cumulativeAmount > c.collected ? cumulativeAmount : c.collected;
        // Cannot overflow: challengePeriod <= MAX_CHALLENGE_PERIOD and block numbers are far below 2^63.
        uint64 closesAt = uint64(block.number) + c.challengePeriod;

        c.status = ChannelStatus.Closing;
        c.closingAmount = amount;
        c.closesAt = closesAt;
        emit CloseStarted(channelId, amount, closesAt);
    }

    /// @inheritdoc IPaymentChannels
    function challenge(Voucher calldata voucher, bytes calldata signature) external {
        bytes32 channelId = voucher.channelId;
        Channel storage c = _closingChannel(channelId);
        uint64 closesAt = c.closesAt;
        if (block.number >= closesAt) revert ChallengePeriodEnded(channelId, closesAt, block.number);
        uint256 current = c.closingAmount;
        if (voucher.cumulativeAmount <= current) revert StaleVoucher(channelId, voucher.cumulativeAmount, current);
        _verifyVoucher(c, voucher, signature);

        // The window is not extended: the sender already waited for the recipient to answer, and a
        // newer voucher can only come from the recipient's side, which has had the whole period.
        c.closingAmount = voucher.cumulativeAmount;
        emit Challenged(channelId, voucher.cumulativeAmount);
    }

    /// @inheritdoc IPaymentChannels
    function settle(bytes32 channelId) external nonReentrant {
        Channel storage c = _closingChannel(channelId);
        uint64 closesAt = c.closesAt;
        if (block.number < closesAt && msg.sender != c.recipient) {
            revert ChallengePeriodActive(channelId, closesAt, block.number);
        }
        _settle(channelId, c);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPaymentChannels
    function getChannel(bytes32 channelId) external view returns (Channel memory) {
        return _channels[channelId];
    }

    /// @inheritdoc IPaymentChannels
    function hashVoucher(bytes32 channelId, uint256 cumulativeAmount) public view returns (bytes32 digest) {
        return _hashTypedDataV4(keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, cumulativeAmount)));
    }

    /// @inheritdoc IPaymentChannels
    function computeChannelId(address sender, address recipient, uint256 nonce) public pure returns (bytes32) {
        return keccak256(abi.encode(sender, recipient, nonce));
    }

    /// @inheritdoc IPaymentChannels
    function nonceOf(address sender) external view returns (uint256) {
        return _nonces[sender];
    }

    /// @inheritdoc IPaymentChannels
    function channelsOf(address sender, uint256 offset, uint256 limit) external view returns (bytes32[] memory ids) {
        // Saturating: a plain `offset + limit` overflows (and reverts) for limit = type(uint256).max,
        // which callers use to mean "all". values() clamps the end to the length and the start to the end.
        return _bySender[sender].values(offset, Math.saturatingAdd(offset, limit));
    }

    /// @inheritdoc IPaymentChannels
    function channelsTo(address recipient, uint256 offset, uint256 limit) external view returns (bytes32[] memory ids) {
        // Saturating end, as in channelsOf.
        return _byRecipient[recipient].values(offset, Math.saturatingAdd(offset, limit));
    }

    /// @inheritdoc IPaymentChannels
    function channelCountOf(address sender) external view returns (uint256) {
        return _bySender[sender].length();
    }

    /// @inheritdoc IPaymentChannels
    function channelCountTo(address recipient) external view returns (uint256) {
        return _byRecipient[recipient].length();
    }

    // ---------------------------------------------------------------- internals

    function _open(address recipient, uint256 deposit, uint64 challengePeriod) private returns (bytes32 channelId) {
        if (recipient == address(0) || recipient == msg.sender) revert InvalidRecipient(recipient);
        if (deposit == 0) revert ZeroAmount();
        if (challengePeriod < minChallengePeriod || challengePeriod > MAX_CHALLENGE_PERIOD) {
            revert ChallengePeriodOutOfRange(challengePeriod, minChallengePeriod, MAX_CHALLENGE_PERIOD);
        }

        // A per-sender nonce makes the id unique and predictable (the downloader can tell the seeder
        // which channel will pay before the transaction is mined).
        channelId = computeChannelId(msg.sender, recipient, _nonces[msg.sender]++);
        Channel storage c = _channels[channelId];
        c.sender = msg.sender;
        c.recipient = recipient;
        c.challengePeriod = challengePeriod;
        c.status = ChannelStatus.Open;
        c.deposit = deposit;
        _bySender[msg.sender].add(channelId);
        _byRecipient[recipient].add(channelId);
        emit ChannelOpened(channelId, msg.sender, recipient, deposit, challengePeriod);

        token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @dev Pays `closingAmount - collected` to the recipient and `deposit - closingAmount` to the sender,
    /// marks the channel Settled (final) and drops it from the active lists. Callers hold nonReentrant.
    function _settle(bytes32 channelId, Channel storage c) private {
        uint256 finalAmount = c.closingAmount;
        uint256 toRecipient = finalAmount - c.collected;
        uint256 refund = c.deposit - finalAmount;
        address sender = c.sender;
        address recipient = c.recipient;

        c.status = ChannelStatus.Settled;
        c.collected = finalAmount;
        _bySender[sender].remove(channelId);
        _byRecipient[recipient].remove(channelId);
        emit ChannelSettled(channelId, finalAmount, toRecipient, refund);

        if (toRecipient != 0) token.safeTransfer(recipient, toRecipient);
        if (refund != 0) token.safeTransfer(sender, refund);
    }

    /// @dev Checks the voucher against the deposit and that the channel's sender signed it. Callers have
    /// already checked the channel's status and the amount against what is recorded.
    function _verifyVoucher(Channel storage c, Voucher calldata voucher, bytes calldata signature) private view {
        if (voucher.cumulativeAmount > c.deposit) {
            revert VoucherExceedsDeposit(voucher.channelId, voucher.cumulativeAmount, c.deposit);
        }
        // tryRecover rejects a high `s` (the malleable twin of a valid signature), a bad `v` or length,
        // and never returns address(0) without an error.
        (address signer, ECDSA.RecoverError err, bytes32 detail) = ECDSA.tryRecoverCalldata(
            hashVoucher(voucher.channelId, voucher.cumulativeAmount),
            signature
        );
        if (err != ECDSA.RecoverError.NoError) revert InvalidSignature(voucher.channelId, uint8(err), detail);
        if (signer != c.sender) revert WrongSigner(voucher.channelId, signer, c.sender);
    }

    function _openChannel(bytes32 channelId) private view returns (Channel storage c) {
        c = _channels[channelId];
        ChannelStatus status = c.status;
        if (status == ChannelStatus.None) revert UnknownChannel(channelId);
        if (status != ChannelStatus.Open) revert ChannelNotOpen(channelId, status);
    }

    function _closingChannel(bytes32 channelId) private view returns (Channel storage c) {
        c = _channels[channelId];
        ChannelStatus status = c.status;
        if (status == ChannelStatus.None) revert UnknownChannel(channelId);
        if (status != ChannelStatus.Closing) revert ChannelNotClosing(channelId, status);
    }
}
