// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FileInfo, LedgerSettings, ReleaseReason} from "../types/FileTypes.sol";

/// @notice Events of the file ledger; the indexer rebuilds deals, slots, periods and money from them.
interface IFileLedgerEvents {
    /// @notice A deal was opened with its fee escrowed; `offered` nodes may accept, `candidates` stand by.
    /// `dnsUrl` echoes the upload's DNS option.
    event FileStored(
        bytes32 indexed dealId,
        bytes32 indexed fileHash,
        address indexed owner,
        FileInfo info,
        address[] offered,
        address[] candidates,
        string dnsUrl
    );
    /// @notice `node` may accept the deal until block `until`; `escrow` is what the slot pays over its life.
    event SlotOffered(bytes32 indexed dealId, address indexed node, uint64 until, uint256 escrow);
    /// @notice `node` accepted: piece `pieceId` of its proof set; each proof of its periods
    /// [firstPeriod, lastPeriod] pays it `rate` for this deal.
    event DealAccepted(
        bytes32 indexed dealId, address indexed node, uint32 pieceId, uint32 firstPeriod, uint32 lastPeriod, uint256 rate
    );
    /// @notice `node` declined the offer, or let it lapse (`lapsed`), and was never bound by it.
    event OfferWithdrawn(bytes32 indexed dealId, address indexed node, bool lapsed);
    /// @notice `node` left the deal; `paid` is what the slot paid it over its life, `left` the unpaid rest.
    event HolderReleased(bytes32 indexed dealId, address indexed node, ReleaseReason reason, uint256 paid, uint256 left);
    /// @notice No candidate was left to offer a slot to: `amount` went back to the payer.
    event SlotRefunded(bytes32 indexed dealId, uint256 amount);
    /// @notice No node holds or has been offered the deal any more: it ended with `refund` back to the payer.
    event FileLost(bytes32 indexed dealId, address indexed owner, uint256 refund);
    /// @notice `node` proved period `period`: `reward` is the sum of the rates of its deals.
    event PeriodPaid(address indexed node, uint32 indexed period, uint256 reward);
    /// @notice `node` let period `period` pass unproved: `slashed` left its pledge and its deals are
    /// open to recovery until it proves again.
    event NodeFaulted(address indexed node, uint32 indexed period, address indexed reporter, uint256 slashed);
    event PrivilegeChanged(bytes32 indexed dealId, uint8 privilege);
    /// @notice The owner deleted the deal; `refund` went back to it (or to its user space).
    event FileDeleted(bytes32 indexed dealId, address indexed owner, uint256 refund);
    /// @notice The deal's term ended; `refund` is the unearned escrow.
    event FileExpired(bytes32 indexed dealId, address indexed owner, uint256 refund);
    event RewardsClaimed(address indexed node, address indexed to, uint256 amount);
    event SettingsChanged(LedgerSettings settings);
    event ModulesSet(address verifier, address userSpace, address whitelist);
}
