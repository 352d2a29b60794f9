// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IFileLedger, ProofContext} from "../interfaces/IFileLedger.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {IUserSpace, IUserSpaceErrors} from "../interfaces/IUserSpace.sol";
import {IFileWhitelist} from "../interfaces/IFileWhitelist.sol";
import {
    FileInfo,
    FileCommit,
    UploadOption,
    HolderState,
    LedgerSettings,
    PRIVILEGE_WHITELIST,
    STORAGE_USER_SPACE,
    STORAGE_PAY_PER_FILE
} from "../types/FileTypes.sol";

/// @title File ledger
/// @notice See {IFileLedger}. Money model (docs/fees.md): a file's whole fee is escrowed at store
/// time, split evenly between its copyNum + 1 holder slots; each valid proof of a slot pays that
/// slot's remaining escrow divided by its remaining proofs, so the last proof empties it exactly;
/// whatever is unpaid when the file is deleted or expires goes back to the payer. Hence, to the
/// wei: deposit = rewards paid + refund.
contract FileLedger is IFileLedger, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Role that sets fees and proving parameters.
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    /// @notice Role of the PDP verifier: the only caller of onProofVerified and onProofMissed.
    bytes32 public constant VERIFIER_ROLE = keccak256("VERIFIER_ROLE");

    /// @dev blockhash() reaches 256 blocks back; a proof window longer than that could not be checked.
    uint16 private constant MAX_PROOF_WINDOW = 255;

    /// @notice The token fees are escrowed and rewards paid in.
    IERC20 public immutable token;
    /// @notice Where nodes are registered and their volume allocated.
    INodeRegistry public immutable registry;
    /// @notice Prepaid user space (storage type 0), set once by setModules.
    IUserSpace public userSpace;
    /// @notice Download whitelists, set once by setModules.
    IFileWhitelist public whitelist;

    LedgerSettings private _settings;

    struct FileRecord {
        FileInfo info;
        address[] holders;
        address[] candidates;
        // The next three share one slot, which every fault writes anyway (the candidate index, or the vacant
        // escrow): recording the change costs ~100 gas instead of a fresh slot's 20k.
        /// next candidate to try for recovery
        uint8 nextCandidate;
        /// block of the last holder change after store (0: none since store)
        uint64 holdersChangedAt;
        /// escrow of slots whose holder failed with no candidate left; refunded at the end (a file's whole
        /// deposit, so far below 2^128 wei)
        uint128 vacantEscrow;
    }

    mapping(bytes32 => FileRecord) private _files;
    mapping(bytes32 => mapping(address => HolderState)) private _holders;
    mapping(address => uint256) private _rewards;

    constructor(address admin, IERC20 token_, INodeRegistry registry_, LedgerSettings memory settings_) {
        token = token_;
        registry = registry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);
        _setSettings(settings_);
    }

    /// @notice Wires the verifier, user space and whitelist contracts, once (they are deployed after this one).
    /// @dev DEFAULT_ADMIN_ROLE. Reverts ModulesAlreadySet. Grants VERIFIER_ROLE. Emits ModulesSet.
    function setModules(address verifier, IUserSpace userSpace_, IFileWhitelist whitelist_)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (address(userSpace) != address(0)) revert ModulesAlreadySet();
        userSpace = userSpace_;
        whitelist = whitelist_;
        _grantRole(VERIFIER_ROLE, verifier);
        emit ModulesSet(verifier, address(userSpace_), address(whitelist_));
    }

    /// @notice Changes fees and proving parameters for files stored from now on (live files keep
    /// the proveInterval, challengeCount and proofWindow they were stored with).
    /// @dev GOVERNANCE_ROLE. Reverts InvalidSettings. Emits SettingsChanged.
    function setSettings(LedgerSettings calldata s) external onlyRole(GOVERNANCE_ROLE) {
        _setSettings(s);
    }

    function _setSettings(LedgerSettings memory s) private {
        // The schedule is fixed at challenge heights c, c + interval, ...: a window must close
        // before the next challenge, and a first (or recovery) challenge must come no later than
        // one interval after store, so that every challenge of a file falls before its expiry.
        if (
            s.challengeCount == 0 || s.proofWindow == 0 || s.proofWindow > MAX_PROOF_WINDOW
                || s.minProveInterval <= s.proofWindow || s.firstProofDelay == 0
                || s.firstProofDelay > s.minProveInterval || s.maxCopies == 0
        ) revert InvalidSettings();
        _settings = s;
        emit SettingsChanged(s);
    }

    // ------------------------------------------------------------------ store

    /// @dev Locals of storeFile, in memory to stay clear of the stack limit.
    struct StoreVars {
        uint64 expiry;
        uint64 proveTimes;
        uint256 perHolder;
        uint256 deposit;
    }

    /// @inheritdoc IFileLedger
    function storeFile(
        UploadOption calldata opt,
        FileCommit calldata commit,
        address[] calldata primaryNodes,
        address[] calldata candidateNodes
    ) external nonReentrant returns (uint256) {
        LedgerSettings memory s = _settings;
        FileRecord storage rec = _files[commit.fileHash];
        _checkStore(opt, commit, primaryNodes, candidateNodes, s, rec);

        StoreVars memory v;
        v.expiry = opt.storageType == STORAGE_USER_SPACE
            ? userSpace.getUserSpace(msg.sender).expiredHeight
            : opt.expiredHeight;
        (v.deposit, v.proveTimes, v.perHolder) = _fee(opt.fileSize, opt.copyNum, opt.proveInterval, v.expiry, opt.storageType == STORAGE_USER_SPACE);

        _writeInfo(rec, opt, commit, v, s);
        rec.candidates = candidateNodes;
        _assignPrimaries(commit.fileHash, primaryNodes, opt.fileSize, v, uint64(block.number) + s.firstProofDelay);
        _emitStored(commit.fileHash, primaryNodes, candidateNodes, opt.dnsUrl);
        if (opt.whitelist.length != 0) whitelist.initRules(commit.fileHash, opt.whitelist);

        if (opt.storageType == STORAGE_USER_SPACE) {
            // The user space sends the fee here out of the user's credit.
            userSpace.charge(msg.sender, _spaceBytes(opt.fileSize, opt.copyNum), v.deposit);
        } else {
            token.safeTransferFrom(msg.sender, address(this), v.deposit);
        }
        return v.deposit;
    }

    function _writeInfo(
        FileRecord storage rec,
        UploadOption calldata opt,
        FileCommit calldata commit,
        StoreVars memory v,
        LedgerSettings memory s
    ) private {
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
        info.proveTimes = v.proveTimes;
        info.challengeCount = s.challengeCount;
        info.proofWindow = s.proofWindow;
        info.expiredHeight = v.expiry;
        info.blockHeight = uint64(block.number);
        info.leafCount = opt.fileSize == 0 ? 1 : (opt.fileSize + 31) / 32;
        info.dataRoot = commit.dataRoot;
        info.blocksRoot = commit.blocksRoot;
        info.deposit = v.deposit;
    }

    function _emitStored(bytes32 fileHash, address[] calldata primaryNodes, address[] calldata candidateNodes, string calldata dnsUrl)
        private
    {
        emit FileStored(fileHash, msg.sender, _files[fileHash].info, primaryNodes, candidateNodes, dnsUrl);
    }

    function _assignPrimaries(
        bytes32 fileHash,
        address[] calldata primaryNodes,
        uint64 size,
        StoreVars memory v,
        uint64 firstChallenge
    ) private {
        FileRecord storage rec = _files[fileHash];
        for (uint256 i; i < primaryNodes.length; ++i) {
            address node = primaryNodes[i];
            if (!registry.isEligible(node, size, v.expiry)) revert NodeNotEligible(node);
            rec.holders.push(node);
            _holders[fileHash][node] = HolderState({
                nextChallenge: firstChallenge,
                proofsDone: 0,
                proofsLeft: v.proveTimes,
                started: false,
                active: true,
                escrow: v.perHolder
            });
            registry.allocate(node, size, v.expiry);
            emit HolderAssigned(fileHash, node, firstChallenge, v.proveTimes, v.perHolder);
        }
    }

    function _checkStore(
        UploadOption calldata opt,
        FileCommit calldata commit,
        address[] calldata primaryNodes,
        address[] calldata candidateNodes,
        LedgerSettings memory s,
        FileRecord storage rec
    ) private view {
        if (commit.fileHash == bytes32(0) || commit.dataRoot == bytes16(0) || commit.blockNum == 0 || commit.blockSize == 0) {
            revert InvalidCommit(commit.fileHash);
        }
        if (rec.info.owner != address(0)) revert FileAlreadyStored(commit.fileHash);
        if (opt.privilege > PRIVILEGE_WHITELIST) revert InvalidPrivilege(opt.privilege);
        if (opt.storageType > STORAGE_PAY_PER_FILE) revert InvalidStorageType(opt.storageType);
        if (opt.copyNum >= s.maxCopies) revert TooManyCopies(opt.copyNum, s.maxCopies - 1);
        if (primaryNodes.length != uint256(opt.copyNum) + 1) revert NodesNotEnough(uint256(opt.copyNum) + 1, primaryNodes.length);
        if (candidateNodes.length > s.maxCandidates) revert TooManyCandidates(candidateNodes.length, s.maxCandidates);
        if (opt.proveInterval < s.minProveInterval) revert ProveIntervalTooSmall(opt.proveInterval, s.minProveInterval);
        // O(n^2) over at most maxCopies + maxCandidates addresses: cheaper than a mapping for small n.
        for (uint256 i; i < primaryNodes.length; ++i) {
            for (uint256 j; j < i; ++j) if (primaryNodes[j] == primaryNodes[i]) revert DuplicateNode(primaryNodes[i]);
        }
        for (uint256 i; i < candidateNodes.length; ++i) {
            for (uint256 j; j < primaryNodes.length; ++j) if (primaryNodes[j] == candidateNodes[i]) revert DuplicateNode(candidateNodes[i]);
            for (uint256 j; j < i; ++j) if (candidateNodes[j] == candidateNodes[i]) revert DuplicateNode(candidateNodes[i]);
        }
    }

    // ------------------------------------------------------------------ fee

    /// @inheritdoc IFileLedger
    function calcFee(uint64 fileSize, uint8 copyNum, uint64 proveInterval, uint64 expiredHeight)
        external
        view
        returns (uint256 deposit, uint64 proveTimes, uint256 perHolder)
    {
        return _fee(fileSize, copyNum, proveInterval, expiredHeight, false);
    }

    function _fee(uint64 fileSize, uint8 copyNum, uint64 proveInterval, uint64 expiredHeight, bool userSpaceFile)
        private
        view
        returns (uint256 deposit, uint64 proveTimes, uint256 perHolder)
    {
        LedgerSettings memory s = _settings;
        if (proveInterval < s.minProveInterval) revert ProveIntervalTooSmall(proveInterval, s.minProveInterval);
        uint64 minExpiry = uint64(block.number) + proveInterval;
        if (expiredHeight < minExpiry) {
            if (userSpaceFile) revert IUserSpaceErrors.UserSpaceExpired(msg.sender, expiredHeight, block.number);
            revert ExpiryTooSoon(expiredHeight, minExpiry);
        }
        uint64 duration = expiredHeight - uint64(block.number);
        proveTimes = duration / proveInterval;
        uint256 kib = fileSize == 0 ? 1 : (uint256(fileSize) + 1023) / 1024;
        perHolder = kib * duration * s.spacePrice + uint256(proveTimes) * s.proofFee;
        deposit = perHolder * (uint256(copyNum) + 1);
    }

    // ------------------------------------------------------------------ proofs (verifier hooks)

    /// @inheritdoc IFileLedger
    function proofContext(bytes32 fileHash, address node) external view returns (ProofContext memory ctx) {
        FileInfo storage info = _requireFile(fileHash).info;
        HolderState storage h = _holders[fileHash][node];
        if (!h.active) revert NotHolder(fileHash, node);
        if (h.proofsLeft == 0) revert NoProofDue(fileHash, node);
        ctx = ProofContext({
            dataRoot: info.dataRoot,
            leafCount: info.leafCount,
            challengeHeight: h.nextChallenge,
            proofIndex: h.proofsDone,
            fileSize: info.realFileSize,
            proofWindow: info.proofWindow,
            challengeCount: info.challengeCount
        });
    }

    /// @inheritdoc IFileLedger
    function onProofVerified(bytes32 fileHash, address node) external onlyRole(VERIFIER_ROLE) returns (uint256 reward) {
        FileRecord storage rec = _requireFile(fileHash);
        HolderState storage h = _holders[fileHash][node];
        if (!h.active) revert NotHolder(fileHash, node);
        if (h.proofsLeft == 0) revert NoProofDue(fileHash, node);
        reward = h.escrow / h.proofsLeft;
        h.escrow -= reward;
        h.proofsLeft -= 1;
        h.proofsDone += 1;
        h.nextChallenge += rec.info.proveInterval;
        _rewards[node] += reward;
        if (!h.started) {
            h.started = true;
            emit HolderStarted(fileHash, node);
        }
        emit ProofRewarded(fileHash, node, h.proofsDone, h.proofsLeft, reward, h.nextChallenge);
    }

    /// @inheritdoc IFileLedger
    function onProofMissed(bytes32 fileHash, address node, address reporter)
        external
        onlyRole(VERIFIER_ROLE)
        returns (uint64 fileSize)
    {
        FileRecord storage rec = _requireFile(fileHash);
        HolderState memory h = _holders[fileHash][node];
        if (!h.active) revert NotHolder(fileHash, node);
        if (h.proofsLeft == 0) revert NoProofDue(fileHash, node);
        uint64 deadline = h.nextChallenge + rec.info.proofWindow;
        if (block.number <= deadline) revert ProofNotOverdue(fileHash, node, deadline);
        fileSize = rec.info.realFileSize;

        delete _holders[fileHash][node];
        _removeHolder(rec.holders, node);
        rec.holdersChangedAt = uint64(block.number);
        registry.release(node, fileSize);
        emit HolderFaulted(fileHash, node, reporter, h.nextChallenge, h.escrow);

        address candidate = _nextCandidate(rec, fileSize);
        if (candidate == address(0)) {
            rec.vacantEscrow += SafeCast.toUint128(h.escrow);
            emit FileUnderReplicated(fileHash, rec.holders.length);
            return fileSize;
        }
        // The replacement inherits the failed slot's unpaid escrow and remaining proofs, and gets
        // firstProofDelay blocks to fetch the file from a surviving replica.
        uint64 firstChallenge = uint64(block.number) + _settings.firstProofDelay;
        rec.holders.push(candidate);
        _holders[fileHash][candidate] = HolderState({
            nextChallenge: firstChallenge,
            proofsDone: 0,
            proofsLeft: h.proofsLeft,
            started: false,
            active: true,
            escrow: h.escrow
        });
        registry.allocate(candidate, fileSize, rec.info.expiredHeight);
        emit RecoveryAssigned(fileHash, node, candidate);
        emit HolderAssigned(fileHash, candidate, firstChallenge, h.proofsLeft, h.escrow);
    }

    function _nextCandidate(FileRecord storage rec, uint64 size) private returns (address) {
        uint256 n = rec.candidates.length;
        for (uint256 i = rec.nextCandidate; i < n; ++i) {
            address c = rec.candidates[i];
            if (!_holders[rec.info.fileHash][c].active && registry.isEligible(c, size, rec.info.expiredHeight)) {
                rec.nextCandidate = uint8(i + 1);
                return c;
            }
        }
        rec.nextCandidate = uint8(n);
        return address(0);
    }

    function _removeHolder(address[] storage list, address node) private {
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            if (list[i] == node) {
                list[i] = list[n - 1];
                list.pop();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ end of a file

    /// @inheritdoc IFileLedger
    function deleteFiles(bytes32[] calldata fileHashes) external nonReentrant returns (uint256 total) {
        if (fileHashes.length == 0) revert NoFilesToDelete();
        uint256 refundToWallet;
        uint256 refundToSpace;
        uint64 bytesToSpace;
        for (uint256 i; i < fileHashes.length; ++i) {
            FileRecord storage rec = _requireFile(fileHashes[i]);
            if (rec.info.owner != msg.sender) revert DeleteFileAccessDenied(fileHashes[i], msg.sender, rec.info.owner);
            (, uint256 refund, bool inSpace, uint64 spaceBytes) = _close(fileHashes[i], rec);
            emit FileDeleted(fileHashes[i], msg.sender, refund);
            if (inSpace) {
                refundToSpace += refund;
                bytesToSpace += spaceBytes;
            } else {
                refundToWallet += refund;
            }
        }
        total = refundToWallet + refundToSpace;
        _refund(msg.sender, refundToWallet, refundToSpace, bytesToSpace);
    }

    /// @inheritdoc IFileLedger
    function settleExpired(bytes32 fileHash) external nonReentrant returns (uint256 refund) {
        FileRecord storage rec = _requireFile(fileHash);
        uint64 after_ = rec.info.expiredHeight + rec.info.proofWindow;
        if (block.number <= after_) revert NotExpired(fileHash, after_, block.number);
        (address owner, uint256 refund_, bool inSpace, uint64 spaceBytes) = _close(fileHash, rec);
        refund = refund_;
        emit FileExpired(fileHash, owner, refund);
        if (inSpace) _refund(owner, 0, refund, spaceBytes);
        else _refund(owner, refund, 0, 0);
    }

    /// @dev Releases every holder, forgets the file and returns its unearned escrow, with what the
    /// refund needs to know: owner, whether it goes to a user space, and the space bytes to free.
    /// Bounded by maxCopies and the whitelist's MAX_RULES.
    function _close(bytes32 fileHash, FileRecord storage rec)
        private
        returns (address owner, uint256 refund, bool inSpace, uint64 spaceBytes)
    {
        owner = rec.info.owner;
        inSpace = rec.info.storageType == STORAGE_USER_SPACE;
        spaceBytes = _spaceBytes(rec.info.realFileSize, rec.info.copyNum);
        refund = rec.vacantEscrow;
        uint64 size = rec.info.realFileSize;
        address[] storage holders = rec.holders;
        for (uint256 i; i < holders.length; ++i) {
            address node = holders[i];
            refund += _holders[fileHash][node].escrow;
            delete _holders[fileHash][node];
            registry.release(node, size);
        }
        delete _files[fileHash];
        // Tombstone for ownerSince/holdersSince: a closed file keeps the block it closed at in blockHeight
        // (owner stays zero, so every other view still sees no file). That slot held the live file's
        // blockHeight/leafCount/dataRoot, never zero, so this costs ~100 gas and part of the clearing refund
        // instead of 20k for a fresh slot.
        _files[fileHash].info.blockHeight = uint64(block.number);
        whitelist.dropRules(fileHash);
    }

    /// @dev User-space quota a file takes: every copy, and at least one byte per copy, so that a
    /// live zero-byte file still keeps its space from being revoked.
    function _spaceBytes(uint64 fileSize, uint8 copyNum) private pure returns (uint64) {
        return (fileSize == 0 ? 1 : fileSize) * (uint64(copyNum) + 1);
    }

    function _refund(address owner, uint256 toWallet, uint256 toSpace, uint64 spaceBytes) private {
        if (toWallet != 0) token.safeTransfer(owner, toWallet);
        if (spaceBytes != 0 || toSpace != 0) {
            if (toSpace != 0) token.safeTransfer(address(userSpace), toSpace);
            userSpace.credit(owner, spaceBytes, toSpace);
        }
    }

    // ------------------------------------------------------------------ owner and node actions

    /// @inheritdoc IFileLedger
    function setPrivilege(bytes32 fileHash, uint8 privilege) external {
        FileRecord storage rec = _requireFile(fileHash);
        if (rec.info.owner != msg.sender) revert NotFileOwner(fileHash, msg.sender);
        if (privilege > PRIVILEGE_WHITELIST) revert InvalidPrivilege(privilege);
        rec.info.privilege = privilege;
        emit PrivilegeChanged(fileHash, privilege);
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
    function getFileInfo(bytes32 fileHash) external view returns (FileInfo memory) {
        return _requireFile(fileHash).info;
    }

    /// @inheritdoc IFileLedger
    function holdersOf(bytes32 fileHash) external view returns (address[] memory nodes, HolderState[] memory states) {
        nodes = _requireFile(fileHash).holders;
        states = new HolderState[](nodes.length);
        for (uint256 i; i < nodes.length; ++i) states[i] = _holders[fileHash][nodes[i]];
    }

    /// @inheritdoc IFileLedger
    function candidatesOf(bytes32 fileHash) external view returns (address[] memory left) {
        FileRecord storage rec = _requireFile(fileHash);
        uint256 start = rec.nextCandidate;
        left = new address[](rec.candidates.length - start);
        for (uint256 i; i < left.length; ++i) left[i] = rec.candidates[start + i];
    }

    /// @inheritdoc IFileLedger
    function accessOf(bytes32 fileHash) external view returns (address owner, uint8 privilege, bool valid) {
        FileInfo storage info = _files[fileHash].info;
        return (info.owner, info.privilege, info.validFlag);
    }

    /// @inheritdoc IFileLedger
    function rewardsOf(address node) external view returns (uint256) {
        return _rewards[node];
    }

    /// @inheritdoc IFileLedger
    function settings() external view returns (LedgerSettings memory) {
        return _settings;
    }

    /// @inheritdoc IFileLedger
    function ownerSince(bytes32 fileHash) external view returns (address owner, uint64 since) {
        FileInfo storage info = _files[fileHash].info;
        return (info.owner, info.blockHeight);
    }

    /// @inheritdoc IFileLedger
    function holdersSince(bytes32 fileHash) external view returns (address[] memory holders, uint64 since) {
        FileRecord storage rec = _files[fileHash];
        uint64 stored = rec.info.blockHeight;
        uint64 changed = rec.holdersChangedAt;
        return (rec.holders, changed > stored ? changed : stored);
    }

    function _requireFile(bytes32 fileHash) private view returns (FileRecord storage rec) {
        rec = _files[fileHash];
        if (rec.info.owner == address(0)) revert FileNotFound(fileHash);
    }
}
