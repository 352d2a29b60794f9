// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IFileLedger, IProvingListener} from "../interfaces/IFileLedger.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {NodeInfo} from "../types/NodeTypes.sol";
import {IPDPVerifier} from "../interfaces/IPDPVerifier.sol";
import {IUserSpace, IUserSpaceErrors} from "../interfaces/IUserSpace.sol";
import {IFileWhitelist} from "../interfaces/IFileWhitelist.sol";
import {
    FileInfo,
    FileCommit,
    UploadOption,
    Slot,
    SlotStatus,
    ReleaseReason,
    LedgerSettings,
    PRIVILEGE_WHITELIST,
    STORAGE_USER_SPACE,
    STORAGE_PAY_PER_FILE
} from "../types/FileTypes.sol";

/// @title File ledger
/// @notice See {IFileLedger}. Money model (docs/fees.md): a deal's whole fee is escrowed at store time,
/// split evenly between its copyNum + 1 slots. A slot binds its node only once the node accepts; from
/// then on each proving period the node proves pays the slot's `rate` (its escrow over the periods it
/// can be proved in), so a node's reward per period is the sum of its deals' rates: one addition per
/// period whatever the number of deals. Whatever a slot has not paid when it ends goes back to the payer,
/// or on to the candidate that takes the slot over. Hence, to the wei: deposit = rewards + refunds.
contract FileLedger is IFileLedger, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Role that sets fees and deal parameters, within the bounds below (held by a timelock).
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");

    // Upper bounds on what governance may set: prices that cannot price every deal out at once, and an
    // accept window short enough that an unaccepted slot never ties up a deposit for long.
    /// @notice Highest spacePrice governance may set (wei per KiB per block).
    uint256 public constant MAX_SPACE_PRICE = 1e15;
    /// @notice Highest proofFee governance may set (wei per period).
    uint256 public constant MAX_PROOF_FEE = 1e21;
    /// @notice Longest accept window governance may set (blocks; a week at 12 s).
    uint64 public constant MAX_ACCEPT_WINDOW = 50_400;
    /// @notice Most copies per deal governance may allow.
    uint8 public constant MAX_COPIES = 16;
    /// @notice Most candidates per deal governance may allow.
    uint8 public constant MAX_CANDIDATES = 16;

    /// @dev What nodeAccount says when the node has proved its latest period.
    uint32 private constant NO_FAULT = type(uint32).max;

    /// @notice The token fees are escrowed and rewards paid in.
    IERC20 public immutable token;
    /// @notice Where nodes are registered, their volume allocated and their pledges slashed.
    INodeRegistry public immutable registry;
    /// @notice The PDP verifier, set once by setModules: keeps proof sets, reports proven and missed periods.
    IPDPVerifier public verifier;
    /// @notice Prepaid user space (storage type 0), set once by setModules.
    IUserSpace public userSpace;
    /// @notice Download whitelists, set once by setModules.
    IFileWhitelist public whitelist;

    LedgerSettings private _settings;

    struct FileRecord {
        FileInfo info;
        /// every node with a slot (offered or active), at most maxCopies
        address[] nodes;
        address[] candidates;
        uint8 nextCandidate;
        /// block of the last change to the accepted holders (0: none since store)
        uint64 holdersChangedAt;
    }

    struct NodeAccount {
        /// sum of the rates of the node's active slots whose last period has not passed
        uint128 rate;
        uint64 provenPeriods;
        /// the period missed last, plus one; 0 once the node proves again (or if it never missed)
        uint32 faultedPlusOne;
    }

    mapping(bytes32 => FileRecord) private _files;
    mapping(bytes32 => mapping(address => Slot)) private _slots;
    mapping(address => uint256) private _rewards;
    mapping(address => NodeAccount) private _accounts;
    /// rate that stops counting once `period` is over (the slots whose last period it is)
    mapping(address => mapping(uint32 => uint128)) private _rateEnding;
    /// the node's provenPeriods plus one once `period` was proved or reported missed, kept only for the
    /// periods some slot ends with (0: not over, or no slot with a rate ends then)
    mapping(address => mapping(uint32 => uint64)) private _provenAfter;

    constructor(address admin, IERC20 token_, INodeRegistry registry_, LedgerSettings memory settings_) {
        token = token_;
        registry = registry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);
        _setSettings(settings_);
    }

    /// @notice Wires the verifier, user space and whitelist contracts, once (they are deployed after this one).
    /// @dev DEFAULT_ADMIN_ROLE, which the deployment renounces right after. Reverts ModulesAlreadySet. Emits ModulesSet.
    function setModules(IPDPVerifier verifier_, IUserSpace userSpace_, IFileWhitelist whitelist_)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (address(verifier) != address(0)) revert ModulesAlreadySet();
        verifier = verifier_;
        userSpace = userSpace_;
        whitelist = whitelist_;
        emit ModulesSet(address(verifier_), address(userSpace_), address(whitelist_));
    }

    /// @notice Changes fees and deal parameters for deals stored from now on.
    /// @dev GOVERNANCE_ROLE. Reverts InvalidSettings outside the MAX_* bounds. Emits SettingsChanged.
    function setSettings(LedgerSettings calldata s) external onlyRole(GOVERNANCE_ROLE) {
        _setSettings(s);
    }

    function _setSettings(LedgerSettings memory s) private {
        if (
            s.spacePrice > MAX_SPACE_PRICE || s.proofFee > MAX_PROOF_FEE || s.acceptWindow == 0
                || s.acceptWindow > MAX_ACCEPT_WINDOW || s.maxCopies == 0 || s.maxCopies > MAX_COPIES
                || s.maxCandidates > MAX_CANDIDATES
        ) revert InvalidSettings();
        _settings = s;
        emit SettingsChanged(s);
    }

    modifier onlyVerifier() {
        if (msg.sender != address(verifier)) revert NotVerifier(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ store

    /// @inheritdoc IFileLedger
    function storeFile(
        UploadOption calldata opt,
        FileCommit calldata commit,
        address[] calldata offered,
        address[] calldata candidates
    ) external nonReentrant returns (bytes32 dealId, uint256 deposit) {
        dealId = _dealId(msg.sender, commit.fileHash);
        _checkStore(opt, commit, offered, candidates, _settings, _files[dealId]);
        deposit = _record(dealId, opt, commit, candidates);
        _emitStored(dealId, commit.fileHash, offered, candidates, opt.dnsUrl);
        _offerAll(dealId, offered, deposit / (uint256(opt.copyNum) + 1));
        if (opt.whitelist.length != 0) whitelist.initRules(dealId, opt.whitelist);

        if (opt.storageType == STORAGE_USER_SPACE) {
            // The user space sends the fee here out of the user's credit.
            userSpace.charge(msg.sender, _spaceBytes(opt.fileSize, opt.copyNum), deposit);
        } else {
            token.safeTransferFrom(msg.sender, address(this), deposit);
        }
    }

    function _record(bytes32 dealId, UploadOption calldata opt, FileCommit calldata commit, address[] calldata candidates)
        private
        returns (uint256 deposit)
    {
        bool inSpace = opt.storageType == STORAGE_USER_SPACE;
        uint64 expiry = inSpace ? userSpace.getUserSpace(msg.sender).expiredHeight : opt.expiredHeight;
        (deposit,,) = _fee(opt.fileSize, opt.copyNum, expiry, inSpace);
        FileRecord storage rec = _files[dealId];
        _writeInfo(rec, opt, commit, expiry, deposit);
        rec.candidates = candidates;
    }

    function _emitStored(
        bytes32 dealId,
        bytes32 fileHash,
        address[] calldata offered,
        address[] calldata candidates,
        string calldata dnsUrl
    ) private {
        emit FileStored(dealId, fileHash, msg.sender, _files[dealId].info, offered, candidates, dnsUrl);
    }

    function _offerAll(bytes32 dealId, address[] calldata offered, uint256 perSlot) private {
        FileRecord storage rec = _files[dealId];
        uint64 until = uint64(block.number) + _settings.acceptWindow;
        (uint64 size, uint64 expiry) = (rec.info.realFileSize, rec.info.expiredHeight);
        for (uint256 i; i < offered.length; ++i) {
            if (!registry.isEligible(offered[i], size, expiry)) revert NodeNotEligible(offered[i]);
            _offer(dealId, rec, offered[i], perSlot, until);
        }
    }

    function _writeInfo(FileRecord storage rec, UploadOption calldata opt, FileCommit calldata commit, uint64 expiry, uint256 deposit)
        private
    {
        FileInfo storage info = rec.info;
        info.fileHash = commit.fileHash;
        info.owner = msg.sender;
        info.fileDesc = opt.fileDesc;
        info.privilege = opt.privilege;
        info.copyNum = opt.copyNum;
        info.storageType = opt.storageType;
        info.encrypted = opt.encrypt;
        info.share = opt.share;
        info.validFlag = true;
        info.blockNum = commit.blockNum;
        info.blockSize = commit.blockSize;
        info.realFileSize = opt.fileSize;
        info.proveInterval = opt.proveInterval;
        info.expiredHeight = expiry;
        info.blockHeight = uint64(block.number);
        info.leafCount = opt.fileSize == 0 ? 1 : (opt.fileSize + 31) / 32;
        info.dataRoot = commit.dataRoot;
        info.blocksRoot = commit.blocksRoot;
        info.deposit = deposit;
    }

    function _checkStore(
        UploadOption calldata opt,
        FileCommit calldata commit,
        address[] calldata offered,
        address[] calldata candidates,
        LedgerSettings memory s,
        FileRecord storage rec
    ) private view {
        if (commit.fileHash == bytes32(0) || commit.dataRoot == bytes16(0) || commit.blockNum == 0 || commit.blockSize == 0) {
            revert InvalidCommit(commit.fileHash);
        }
        if (rec.info.owner != address(0)) revert FileAlreadyStored(_dealId(msg.sender, commit.fileHash));
        if (opt.privilege > PRIVILEGE_WHITELIST) revert InvalidPrivilege(opt.privilege);
        if (opt.storageType > STORAGE_PAY_PER_FILE) revert InvalidStorageType(opt.storageType);
        if (opt.copyNum >= s.maxCopies) revert TooManyCopies(opt.copyNum, s.maxCopies - 1);
        if (offered.length != uint256(opt.copyNum) + 1) revert NodesNotEnough(uint256(opt.copyNum) + 1, offered.length);
        if (candidates.length > s.maxCandidates) revert TooManyCandidates(candidates.length, s.maxCandidates);
        uint64 period = verifier.provingPeriod();
        if (opt.proveInterval < period) revert ProveIntervalTooSmall(opt.proveInterval, period);
        // O(n^2) over at most maxCopies + maxCandidates addresses: cheaper than a mapping for small n.
        for (uint256 i; i < offered.length; ++i) {
            for (uint256 j; j < i; ++j) if (offered[j] == offered[i]) revert DuplicateNode(offered[i]);
        }
        for (uint256 i; i < candidates.length; ++i) {
            for (uint256 j; j < offered.length; ++j) if (offered[j] == candidates[i]) revert DuplicateNode(candidates[i]);
            for (uint256 j; j < i; ++j) if (candidates[j] == candidates[i]) revert DuplicateNode(candidates[i]);
        }
    }

    // ------------------------------------------------------------------ fee

    /// @inheritdoc IFileLedger
    function calcFee(uint64 fileSize, uint8 copyNum, uint64 expiredHeight)
        external
        view
        returns (uint256 deposit, uint64 periods, uint256 perSlot)
    {
        return _fee(fileSize, copyNum, expiredHeight, false);
    }

    function _fee(uint64 fileSize, uint8 copyNum, uint64 expiredHeight, bool userSpaceFile)
        private
        view
        returns (uint256 deposit, uint64 periods, uint256 perSlot)
    {
        LedgerSettings memory s = _settings;
        uint64 period = verifier.provingPeriod();
        // An offer may be accepted at the end of its window and must still leave a whole period to prove.
        uint64 minExpiry = uint64(block.number) + s.acceptWindow + 2 * period;
        if (expiredHeight < minExpiry) {
            if (userSpaceFile) revert IUserSpaceErrors.UserSpaceExpired(msg.sender, expiredHeight, block.number);
            revert ExpiryTooSoon(expiredHeight, minExpiry);
        }
        uint64 duration = expiredHeight - uint64(block.number);
        periods = duration / period;
        uint256 kib = fileSize == 0 ? 1 : (uint256(fileSize) + 1023) / 1024;
        perSlot = kib * duration * s.spacePrice + uint256(periods) * s.proofFee;
        deposit = perSlot * (uint256(copyNum) + 1);
    }

    // ------------------------------------------------------------------ offers and acceptance

    function _offer(bytes32 dealId, FileRecord storage rec, address node, uint256 escrow, uint64 until) private {
        rec.nodes.push(node);
        _slots[dealId][node] = Slot({
            status: SlotStatus.Offered,
            pieceId: 0,
            firstPeriod: 0,
            lastPeriod: 0,
            offeredUntil: until,
            startCount: 0,
            rate: 0,
            escrow: SafeCast.toUint128(escrow)
        });
        emit SlotOffered(dealId, node, until, escrow);
    }

    /// @inheritdoc IFileLedger
    function acceptDeal(bytes32 dealId) external nonReentrant {
        FileRecord storage rec = _requireFile(dealId);
        Slot storage slot = _slots[dealId][msg.sender];
        if (slot.status != SlotStatus.Offered) revert NotOffered(dealId, msg.sender);
        if (block.number > slot.offeredUntil) revert OfferClosed(dealId, msg.sender, slot.offeredUntil);
        FileInfo storage info = rec.info;

        registry.allocate(msg.sender, info.realFileSize, info.expiredHeight);
        (uint32 pieceId, uint32 first, uint32 last) =
            verifier.addPiece(msg.sender, dealId, info.dataRoot, info.leafCount, info.expiredHeight);
        NodeAccount storage account = _accounts[msg.sender];
        uint128 rate = slot.escrow / (last - first + 1);
        slot.status = SlotStatus.Active;
        slot.pieceId = pieceId;
        slot.firstPeriod = first;
        slot.lastPeriod = last;
        slot.offeredUntil = 0;
        slot.startCount = account.provenPeriods;
        slot.rate = rate;
        account.rate += rate;
        _rateEnding[msg.sender][last] += rate;
        rec.holdersChangedAt = uint64(block.number);
        emit DealAccepted(dealId, msg.sender, pieceId, first, last, rate);
    }

    /// @inheritdoc IFileLedger
    function declineDeal(bytes32 dealId) external nonReentrant {
        FileRecord storage rec = _requireFile(dealId);
        if (_slots[dealId][msg.sender].status != SlotStatus.Offered) revert NotOffered(dealId, msg.sender);
        emit OfferWithdrawn(dealId, msg.sender, false);
        _passOn(dealId, rec, msg.sender);
    }

    /// @inheritdoc IFileLedger
    function lapseOffer(bytes32 dealId, address node) external nonReentrant {
        FileRecord storage rec = _requireFile(dealId);
        Slot storage slot = _slots[dealId][node];
        if (slot.status != SlotStatus.Offered) revert NotOffered(dealId, node);
        if (block.number <= slot.offeredUntil) revert OfferStillOpen(dealId, node, slot.offeredUntil);
        emit OfferWithdrawn(dealId, node, true);
        _passOn(dealId, rec, node);
    }

    /// @inheritdoc IFileLedger
    function recover(bytes32 dealId, address node) external nonReentrant {
        FileRecord storage rec = _requireFile(dealId);
        Slot storage slot = _slots[dealId][node];
        if (slot.status != SlotStatus.Active) revert NotHolder(dealId, node);
        // Only deals the node held when it missed: one accepted after the miss was never at risk.
        uint32 faultedPlusOne = _accounts[node].faultedPlusOne;
        if (faultedPlusOne == 0 || slot.firstPeriod >= faultedPlusOne) revert NodeNotFaulted(node);
        // The faulted node was slashed once for its missed period; leaving the deal costs it nothing more.
        (uint256 paid, uint256 left) = _settleSlot(node, slot, rec.info, false);
        emit HolderReleased(dealId, node, ReleaseReason.Recovered, paid, left);
        slot.escrow = SafeCast.toUint128(left);
        _passOn(dealId, rec, node);
    }

    /// @dev `node`'s slot (offered, or released with its escrow already reduced to what is left) goes to the
    /// next eligible candidate as a fresh offer, or back to the payer; a deal with no slot left is lost.
    /// No candidate is ever bound by this: it only gets an offer.
    function _passOn(bytes32 dealId, FileRecord storage rec, address node) private {
        uint256 escrow = _slots[dealId][node].escrow;
        delete _slots[dealId][node];
        _removeNode(rec.nodes, node);
        rec.holdersChangedAt = uint64(block.number);
        address next = _nextCandidate(dealId, rec);
        if (next != address(0)) {
            _offer(dealId, rec, next, escrow, uint64(block.number) + _settings.acceptWindow);
            return;
        }
        if (rec.nodes.length == 0) {
            // Nobody holds the data nor can fetch it from a holder: the deal is lost, whatever is left
            // goes back. Closing releases nothing more: every slot already left.
            (address owner, uint256 refund, bool inSpace, uint64 spaceBytes) = _close(dealId, rec, ReleaseReason.Lost);
            refund += escrow;
            emit FileLost(dealId, owner, refund);
            _refundTo(owner, refund, inSpace, spaceBytes);
            return;
        }
        emit SlotRefunded(dealId, escrow);
        (address owner_, bool inSpace_) = (rec.info.owner, rec.info.storageType == STORAGE_USER_SPACE);
        _refundTo(owner_, escrow, inSpace_, 0);
    }

    function _nextCandidate(bytes32 dealId, FileRecord storage rec) private returns (address) {
        uint256 n = rec.candidates.length;
        FileInfo storage info = rec.info;
        for (uint256 i = rec.nextCandidate; i < n; ++i) {
            address c = rec.candidates[i];
            if (_slots[dealId][c].status == SlotStatus.None && registry.isEligible(c, info.realFileSize, info.expiredHeight)) {
                rec.nextCandidate = uint8(i + 1);
                return c;
            }
        }
        rec.nextCandidate = uint8(n);
        return address(0);
    }

    function _removeNode(address[] storage list, address node) private {
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            if (list[i] == node) {
                list[i] = list[n - 1];
                list.pop();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ periods (verifier hooks)

    /// @inheritdoc IProvingListener
    function onPeriodProven(address node, uint32 period) external onlyVerifier returns (uint256 reward) {
        NodeAccount storage account = _accounts[node];
        reward = account.rate;
        account.provenPeriods += 1;
        account.faultedPlusOne = 0;
        _closePeriod(node, account, period);
        _rewards[node] += reward;
        emit PeriodPaid(node, period, reward);
    }

    /// @inheritdoc IProvingListener
    function onPeriodMissed(address node, uint32 period, address reporter) external onlyVerifier returns (uint256 slashed) {
        NodeAccount storage account = _accounts[node];
        account.faultedPlusOne = period + 1;
        _closePeriod(node, account, period);
        // In proportion to the data at stake: every byte the node has accepted and not been released from.
        uint64 used = _usedBytes(node);
        slashed = registry.slash(node, registry.slashAmount(used), reporter);
        emit NodeFaulted(node, period, reporter, slashed);
    }

    /// @dev The slots whose last period this was stop counting. Only they need to know the count at this
    /// point later, so it is stored only when some do: most periods write nothing here.
    function _closePeriod(address node, NodeAccount storage account, uint32 period) private {
        uint128 ending = _rateEnding[node][period];
        if (ending != 0) {
            account.rate -= ending;
            delete _rateEnding[node][period];
            _provenAfter[node][period] = account.provenPeriods + 1;
        }
    }

    function _usedBytes(address node) private view returns (uint64) {
        NodeInfo memory n = registry.getNode(node);
        return n.volume - n.restVolume;
    }

    // ------------------------------------------------------------------ end of a slot, end of a deal

    /// @dev Ends an active slot's part in its node's accounts: stops its rate (if its last period has not
    /// been closed yet), pays on delete the elapsed part of the current period, removes its piece and
    /// frees its volume. Returns what the slot paid over its life and what is left of its escrow.
    function _settleSlot(address node, Slot storage slot, FileInfo storage info, bool prorate)
        private
        returns (uint256 paid, uint256 left)
    {
        NodeAccount storage account = _accounts[node];
        uint32 last = slot.lastPeriod;
        uint128 rate = slot.rate;
        uint64 after_ = _provenAfter[node][last];
        uint256 extra;
        if (after_ != 0) {
            // The slot's last period is over: it stopped counting then.
            paid = uint256(rate) * (after_ - 1 - slot.startCount);
        } else {
            paid = uint256(rate) * (account.provenPeriods - slot.startCount);
            // Still counting: the node's next proof must not pay for this slot any more.
            account.rate -= rate;
            _rateEnding[node][last] -= rate;
            if (prorate) extra = _elapsedPart(node, slot, rate);
        }
        // Proven periods were credited through the node's rate as they were proved; the prorated part is new.
        extra = _min(extra, slot.escrow - paid);
        if (extra != 0) _rewards[node] += extra;
        paid += extra;
        left = slot.escrow - paid;
        verifier.removePiece(node, slot.pieceId);
        registry.release(node, info.realFileSize);
    }

    /// @dev The owner ends the deal mid-period: the holder keeps the elapsed part of its current period,
    /// if that period is one of the slot's and its deadline has not passed (a node that stopped proving
    /// is owed nothing for periods it let lapse).
    function _elapsedPart(address node, Slot storage slot, uint256 rate) private view returns (uint256) {
        (uint32 current,,, uint64 deadline, uint64 periodStart) = verifier.scheduleOf(node);
        if (current < slot.firstPeriod || current > slot.lastPeriod) return 0;
        if (block.number <= periodStart || block.number > deadline) return 0;
        return (rate * (block.number - periodStart)) / verifier.provingPeriod();
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @inheritdoc IFileLedger
    function deleteFiles(bytes32[] calldata dealIds) external nonReentrant returns (uint256 total) {
        if (dealIds.length == 0) revert NoFilesToDelete();
        uint256 toWallet;
        uint256 toSpace;
        uint64 bytesToSpace;
        for (uint256 i; i < dealIds.length; ++i) {
            FileRecord storage rec = _requireFile(dealIds[i]);
            if (rec.info.owner != msg.sender) revert DeleteFileAccessDenied(dealIds[i], msg.sender);
            (, uint256 refund, bool inSpace, uint64 spaceBytes) = _close(dealIds[i], rec, ReleaseReason.Deleted);
            emit FileDeleted(dealIds[i], msg.sender, refund);
            if (inSpace) {
                toSpace += refund;
                bytesToSpace += spaceBytes;
            } else {
                toWallet += refund;
            }
        }
        total = toWallet + toSpace;
        if (toWallet != 0) token.safeTransfer(msg.sender, toWallet);
        if (bytesToSpace != 0 || toSpace != 0) _refundTo(msg.sender, toSpace, true, bytesToSpace);
    }

    /// @inheritdoc IFileLedger
    function settleExpired(bytes32 dealId) external nonReentrant returns (uint256 refund) {
        FileRecord storage rec = _requireFile(dealId);
        if (block.number <= rec.info.expiredHeight) revert NotExpired(dealId, rec.info.expiredHeight, block.number);
        (address owner, uint256 refund_, bool inSpace, uint64 spaceBytes) = _close(dealId, rec, ReleaseReason.Expired);
        refund = refund_;
        emit FileExpired(dealId, owner, refund);
        _refundTo(owner, refund, inSpace, spaceBytes);
    }

    /// @dev Releases every slot (offers lapse, holders are settled), forgets the deal and returns its unpaid
    /// escrow with what the refund needs: owner, whether it goes to a user space, the space bytes to free.
    /// Bounded by maxCopies and the whitelist's MAX_RULES.
    function _close(bytes32 dealId, FileRecord storage rec, ReleaseReason reason)
        private
        returns (address owner, uint256 refund, bool inSpace, uint64 spaceBytes)
    {
        FileInfo storage info = rec.info;
        owner = info.owner;
        inSpace = info.storageType == STORAGE_USER_SPACE;
        spaceBytes = _spaceBytes(info.realFileSize, info.copyNum);
        address[] storage nodes = rec.nodes;
        for (uint256 i; i < nodes.length; ++i) {
            refund += _releaseSlot(dealId, nodes[i], info, reason);
        }
        delete _files[dealId];
        // Tombstone for ownerSince/holdersSince: a closed deal keeps the block it closed at in blockHeight
        // (owner stays zero, so every other view still sees no deal).
        _files[dealId].info.blockHeight = uint64(block.number);
        whitelist.dropRules(dealId);
    }

    /// @dev One slot's end in _close: a holder is settled, an offer withdrawn; returns its unpaid escrow.
    function _releaseSlot(bytes32 dealId, address node, FileInfo storage info, ReleaseReason reason) private returns (uint256 left) {
        Slot storage slot = _slots[dealId][node];
        if (slot.status == SlotStatus.Active) {
            uint256 paid;
            (paid, left) = _settleSlot(node, slot, info, reason == ReleaseReason.Deleted);
            emit HolderReleased(dealId, node, reason, paid, left);
        } else {
            left = slot.escrow;
            emit OfferWithdrawn(dealId, node, false);
        }
        delete _slots[dealId][node];
    }

    /// @dev User-space quota a deal takes: every copy, and at least one byte per copy, so that a live
    /// zero-byte file still keeps its space from being revoked.
    function _spaceBytes(uint64 fileSize, uint8 copyNum) private pure returns (uint64) {
        return (fileSize == 0 ? 1 : fileSize) * (uint64(copyNum) + 1);
    }

    /// @dev Sends a refund to the payer: its wallet, or its user space's credit (with `spaceBytes` of quota back).
    function _refundTo(address owner, uint256 amount, bool inSpace, uint64 spaceBytes) private {
        if (!inSpace) {
            if (amount != 0) token.safeTransfer(owner, amount);
            return;
        }
        if (amount != 0) token.safeTransfer(address(userSpace), amount);
        if (amount != 0 || spaceBytes != 0) userSpace.credit(owner, spaceBytes, amount);
    }

    // ------------------------------------------------------------------ owner and node actions

    /// @inheritdoc IFileLedger
    function setPrivilege(bytes32 dealId, uint8 privilege) external {
        FileRecord storage rec = _requireFile(dealId);
        if (rec.info.owner != msg.sender) revert NotFileOwner(dealId, msg.sender);
        if (privilege > PRIVILEGE_WHITELIST) revert InvalidPrivilege(privilege);
        rec.info.privilege = privilege;
        emit PrivilegeChanged(dealId, privilege);
    }

    /// @inheritdoc IFileLedger
    function claimRewards(address to) external nonReentrant returns (uint256 amount) {
        amount = _rewards[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        _rewards[msg.sender] = 0;
        emit RewardsClaimed(msg.sender, to, amount);
        token.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IFileLedger
    function dealIdOf(address owner, bytes32 fileHash) external pure returns (bytes32) {
        return _dealId(owner, fileHash);
    }

    function _dealId(address owner, bytes32 fileHash) private pure returns (bytes32) {
        return keccak256(abi.encode(owner, fileHash));
    }

    /// @inheritdoc IFileLedger
    function getFileInfo(bytes32 dealId) external view returns (FileInfo memory) {
        return _requireFile(dealId).info;
    }

    /// @inheritdoc IFileLedger
    function holdersOf(bytes32 dealId) external view returns (address[] memory nodes, Slot[] memory slots) {
        nodes = _requireFile(dealId).nodes;
        slots = new Slot[](nodes.length);
        for (uint256 i; i < nodes.length; ++i) slots[i] = _slots[dealId][nodes[i]];
    }

    /// @inheritdoc IFileLedger
    function candidatesOf(bytes32 dealId) external view returns (address[] memory left) {
        FileRecord storage rec = _requireFile(dealId);
        uint256 start = rec.nextCandidate;
        left = new address[](rec.candidates.length - start);
        for (uint256 i; i < left.length; ++i) left[i] = rec.candidates[start + i];
    }

    /// @inheritdoc IFileLedger
    function accessOf(bytes32 dealId) external view returns (address owner, uint8 privilege, bool valid) {
        FileInfo storage info = _files[dealId].info;
        return (info.owner, info.privilege, info.validFlag);
    }

    /// @inheritdoc IFileLedger
    function rewardsOf(address node) external view returns (uint256) {
        return _rewards[node];
    }

    /// @inheritdoc IFileLedger
    function nodeAccount(address node) external view returns (uint256 rate, uint64 provenPeriods, uint32 faultedPeriod) {
        NodeAccount storage a = _accounts[node];
        return (a.rate, a.provenPeriods, a.faultedPlusOne == 0 ? NO_FAULT : a.faultedPlusOne - 1);
    }

    /// @inheritdoc IFileLedger
    function settings() external view returns (LedgerSettings memory) {
        return _settings;
    }

    /// @inheritdoc IFileLedger
    function ownerSince(bytes32 dealId) external view returns (address owner, uint64 since) {
        FileInfo storage info = _files[dealId].info;
        return (info.owner, info.blockHeight);
    }

    /// @inheritdoc IFileLedger
    function holdersSince(bytes32 dealId) external view returns (address[] memory holders, uint64 since) {
        FileRecord storage rec = _files[dealId];
        address[] storage nodes = rec.nodes;
        holders = new address[](nodes.length);
        uint256 count;
        for (uint256 i; i < nodes.length; ++i) {
            if (_slots[dealId][nodes[i]].status == SlotStatus.Active) holders[count++] = nodes[i];
        }
        assembly ("memory-safe") {
            mstore(holders, count)
        }
        uint64 stored = rec.info.blockHeight;
        uint64 changed = rec.holdersChangedAt;
        return (holders, changed > stored ? changed : stored);
    }

    function _requireFile(bytes32 dealId) private view returns (FileRecord storage rec) {
        rec = _files[dealId];
        if (rec.info.owner == address(0)) revert FileNotFound(dealId);
    }
}
