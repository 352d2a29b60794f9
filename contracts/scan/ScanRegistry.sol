// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IScanRegistry} from "../interfaces/IScanRegistry.sol";
import {IFileLedger} from "../interfaces/IFileLedger.sol";
import {IDNSRegistry} from "../interfaces/IDNSRegistry.sol";
import {ScanAnswers} from "../libraries/ScanAnswers.sol";
import {
    ScanNodeInfo,
    ScanNodeStatus,
    ScanClaim,
    CLAIM_FILE_OWNER,
    CLAIM_FILE_HOLDERS,
    CLAIM_DNS_RESOLUTION
} from "../types/ScanTypes.sol";

/// @title SCAN/DNS node registry
/// @notice See {IScanRegistry}. Pledges are held here; challenge() slashes them for signed answers the chain
/// contradicts.
/// @dev What a challenge can check (docs/scan-registry.md): the claim is about ledger state after block `height`,
/// and FileLedger and DNSRegistry keep, per record, the block of its last relevant change. If that block is at or
/// before `height`, the current record is the record at `height`, so one transaction can judge the claim; if the
/// record changed since, the claim is not checkable here (the EVM cannot read past state). The check reads one
/// record and compares at most MAX_CLAIM_HOLDERS addresses, so its cost is bounded (docs/gas.md).
contract ScanRegistry is IScanRegistry, AccessControl, ReentrancyGuard, EIP712 {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;
    using ScanAnswers for bytes;

    /// @notice Role that sets the pledge, notice and slash parameters.
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    /// @notice EIP-712 type hash of ScanClaim.
    bytes32 public constant CLAIM_TYPEHASH =
        keccak256("ScanClaim(uint8 kind,bytes32 subject,bytes32 answerHash,uint64 height)");
    /// @notice Largest holder list a FILE_HOLDERS challenge compares element by element (O(n^2) in memory: about
    /// 0.3M gas at the cap). A list of a different length than the chain's is judged false at any length.
    uint256 public constant MAX_CLAIM_HOLDERS = 64;

    uint256 private constant MAX_HOST_ADDR = 256;

    /// @notice The token pledges are held in.
    IERC20 public immutable token;
    /// @notice Where file owners and holders are read.
    IFileLedger public immutable fileLedger;
    /// @notice Where name resolutions are read.
    IDNSRegistry public immutable dnsRegistry;

    /// @notice Smallest pledge of an active node.
    uint256 public minPledge;
    /// @notice Blocks between quit and withdraw, during which the pledge can still be slashed.
    uint64 public quitNoticeBlocks;
    /// @notice Taken from the signer's pledge per false claim (capped at the pledge).
    uint256 public slashAmount;
    /// @notice Share of a slash paid to the challenger, in basis points; the rest goes to the treasury.
    uint16 public challengerShareBps;
    /// @notice Receives the part of each slash that does not go to the challenger.
    address public treasury;

    mapping(address => ScanNodeInfo) private _nodes;
    EnumerableSet.AddressSet private _registered;
    mapping(address signer => mapping(bytes32 digest => bool)) private _slashed;

    /// @param admin governance: receives DEFAULT_ADMIN_ROLE and GOVERNANCE_ROLE
    /// @param token_ pledge token
    /// @param fileLedger_ the FileLedger claims about files are checked against
    /// @param dnsRegistry_ the DNSRegistry claims about names are checked against
    /// @param treasury_ receiver of the treasury's share of slashes
    /// @param minPledge_ smallest pledge of an active node (> 0)
    /// @param quitNoticeBlocks_ notice period in blocks (> 0)
    /// @param slashAmount_ slash per false claim (> 0)
    /// @param challengerShareBps_ challenger's share of a slash in basis points (<= 10000)
    /// @dev Reverts ZeroAddress, InvalidParams. Emits ScanParamsSet.
    constructor(
        address admin,
        IERC20 token_,
        IFileLedger fileLedger_,
        IDNSRegistry dnsRegistry_,
        address treasury_,
        uint256 minPledge_,
        uint64 quitNoticeBlocks_,
        uint256 slashAmount_,
        uint16 challengerShareBps_
    ) EIP712("DSP ScanRegistry", "1") {
        if (
            admin == address(0) || address(token_) == address(0) || address(fileLedger_) == address(0)
                || address(dnsRegistry_) == address(0)
        ) revert ZeroAddress();
        token = token_;
        fileLedger = fileLedger_;
        dnsRegistry = dnsRegistry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);
        _setParams(minPledge_, quitNoticeBlocks_, slashAmount_, challengerShareBps_, treasury_);
    }

    /// @notice Sets the parameters. Existing pledges and running notice periods are not changed; a node below a
    /// raised minimum stays a member until it reduces its pledge or quits.
    /// @param minPledge_ smallest pledge of an active node (> 0)
    /// @param quitNoticeBlocks_ notice period in blocks for quits from now on (> 0)
    /// @param slashAmount_ slash per false claim (> 0)
    /// @param challengerShareBps_ challenger's share in basis points (<= 10000)
    /// @param treasury_ receiver of the rest (non-zero)
    /// @dev GOVERNANCE_ROLE. Reverts InvalidParams. Emits ScanParamsSet.
    function setParams(
        uint256 minPledge_,
        uint64 quitNoticeBlocks_,
        uint256 slashAmount_,
        uint16 challengerShareBps_,
        address treasury_
    ) external onlyRole(GOVERNANCE_ROLE) {
        _setParams(minPledge_, quitNoticeBlocks_, slashAmount_, challengerShareBps_, treasury_);
    }

    function _setParams(uint256 minP, uint64 notice, uint256 slash, uint16 shareBps, address treasury_) private {
        if (minP == 0 || notice == 0 || slash == 0 || shareBps > 10_000 || treasury_ == address(0)) {
            revert InvalidParams();
        }
        minPledge = minP;
        quitNoticeBlocks = notice;
        slashAmount = slash;
        challengerShareBps = shareBps;
        treasury = treasury_;
        emit ScanParamsSet(minP, notice, slash, shareBps, treasury_);
    }

    // ------------------------------------------------------------------ membership

    /// @inheritdoc IScanRegistry
    function register(string calldata hostAddr, uint256 pledge) external nonReentrant {
        ScanNodeInfo storage n = _nodes[msg.sender];
        if (n.status != ScanNodeStatus.None) revert ScanNodeAlreadyRegistered(msg.sender);
        _checkHostAddr(hostAddr);
        if (pledge < minPledge) revert PledgeTooSmall(pledge, minPledge);
        n.hostAddr = hostAddr;
        n.pledge = pledge;
        n.registeredAt = uint64(block.number);
        n.status = ScanNodeStatus.Active;
        _registered.add(msg.sender);
        emit ScanNodeRegistered(msg.sender, hostAddr, pledge);
        token.safeTransferFrom(msg.sender, address(this), pledge);
    }

    /// @inheritdoc IScanRegistry
    function update(string calldata hostAddr) external {
        ScanNodeInfo storage n = _requireActive(msg.sender);
        _checkHostAddr(hostAddr);
        n.hostAddr = hostAddr;
        emit ScanNodeUpdated(msg.sender, hostAddr);
    }

    /// @inheritdoc IScanRegistry
    function addPledge(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        ScanNodeInfo storage n = _requireActive(msg.sender);
        n.pledge += amount;
        emit ScanPledgeAdded(msg.sender, amount, n.pledge);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IScanRegistry
    function reducePledge(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        ScanNodeInfo storage n = _requireActive(msg.sender);
        uint256 pledge = n.pledge;
        if (amount > pledge || pledge - amount < minPledge) revert PledgeBelowMinimum(pledge, amount, minPledge);
        n.pledge = pledge - amount;
        emit ScanPledgeReduced(msg.sender, amount, n.pledge);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IScanRegistry
    function unregister() external {
        _quit(msg.sender, _requireActive(msg.sender));
    }

    /// @inheritdoc IScanRegistry
    function quit() external {
        _quit(msg.sender, _requireActive(msg.sender));
    }

    /// @inheritdoc IScanRegistry
    function withdraw() external nonReentrant {
        ScanNodeInfo storage n = _nodes[msg.sender];
        ScanNodeStatus status = n.status;
        if (status == ScanNodeStatus.None) revert ScanNodeNotRegistered(msg.sender);
        if (status == ScanNodeStatus.Active) revert ScanNodeStillActive(msg.sender);
        if (block.number < n.withdrawableAt) revert NoticePeriodNotOver(msg.sender, n.withdrawableAt, block.number);
        uint256 amount = n.pledge;
        delete _nodes[msg.sender];
        _registered.remove(msg.sender);
        emit ScanNodeWithdrawn(msg.sender, amount);
        if (amount != 0) token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ challenges

    /// @inheritdoc IScanRegistry
    function challenge(ScanClaim calldata claim, bytes calldata answer, bytes calldata signature)
        external
        nonReentrant
    {
        uint8 kind = claim.kind;
        if (kind == 0 || kind > CLAIM_DNS_RESOLUTION) revert InvalidClaimKind(kind);
        bytes32 actual = keccak256(answer);
        if (actual != claim.answerHash) revert AnswerHashMismatch(claim.answerHash, actual);
        bytes32 digest = claimDigest(claim);
        // tryRecover rejects a high `s`, a bad `v` or length, and never returns address(0) without an error.
        (address signer, ECDSA.RecoverError err, bytes32 detail) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError) revert BadClaimSignature(uint8(err), detail);
        ScanNodeInfo storage n = _nodes[signer];
        if (n.status == ScanNodeStatus.None) revert SignerNotScanNode(signer);
        if (_slashed[signer][digest]) revert ClaimAlreadySlashed(signer, digest);
        if (n.pledge == 0) revert NothingToSlash(signer);
        // State "after block height" is final only once height is a past block.
        if (claim.height >= block.number) revert FutureHeight(claim.height, block.number);
        if (_holds(claim, answer)) revert ClaimIsTrue(digest);

        _slashed[signer][digest] = true;
        uint256 amount = Math.min(slashAmount, n.pledge);
        n.pledge -= amount;
        uint256 reward = (amount * challengerShareBps) / 10_000;
        emit ScanNodeSlashed(signer, msg.sender, digest, amount, reward, n.pledge);
        if (n.status == ScanNodeStatus.Active && n.pledge < minPledge) _quit(signer, n);

        if (reward != 0) token.safeTransfer(msg.sender, reward);
        if (amount != reward) token.safeTransfer(treasury, amount - reward);
    }

    /// @dev Whether the chain agrees with the claim. Reverts MalformedAnswer, TooManyHolders, ClaimNotCheckable.
    function _holds(ScanClaim calldata claim, bytes calldata answer) private view returns (bool) {
        uint8 kind = claim.kind;
        if (kind == CLAIM_FILE_OWNER) {
            (bool ok, address claimed) = answer.decodeOwner();
            if (!ok) revert MalformedAnswer(kind);
            (address owner, uint64 since) = fileLedger.ownerSince(claim.subject);
            _requireCheckable(claim, since);
            return owner == claimed;
        }
        if (kind == CLAIM_FILE_HOLDERS) {
            (bool ok, address[] memory claimed) = answer.decodeHolders();
            if (!ok) revert MalformedAnswer(kind);
            (address[] memory holders, uint64 since) = fileLedger.holdersSince(claim.subject);
            _requireCheckable(claim, since);
            return _sameSet(claimed, holders);
        }
        return _resolutionHolds(claim, answer);
    }

    function _resolutionHolds(ScanClaim calldata claim, bytes calldata answer) private view returns (bool) {
        (bool ok, bool resolves, address claimedOwner, bytes calldata link) = answer.decodeResolution();
        if (!ok) revert MalformedAnswer(claim.kind);
        (bool chainResolves, address owner, string memory chainLink, uint64 since) =
            dnsRegistry.resolutionSince(claim.subject, claim.height);
        _requireCheckable(claim, since);
        return resolves == chainResolves && claimedOwner == owner && keccak256(link) == keccak256(bytes(chainLink));
    }

    function _requireCheckable(ScanClaim calldata claim, uint64 since) private pure {
        if (since > claim.height) revert ClaimNotCheckable(claim.kind, claim.subject, claim.height, since);
    }

    /// @dev `claimed` is strictly ascending (so distinct), `holders` distinct: equal lengths and every claimed
    /// address among the holders means the same set.
    function _sameSet(address[] memory claimed, address[] memory holders) private pure returns (bool) {
        uint256 n = claimed.length;
        if (n != holders.length) return false;
        if (n > MAX_CLAIM_HOLDERS) revert TooManyHolders(n, MAX_CLAIM_HOLDERS);
        for (uint256 i; i < n; ++i) {
            bool found;
            for (uint256 j; j < n; ++j) {
                if (holders[j] == claimed[i]) {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IScanRegistry
    function claimDigest(ScanClaim calldata claim) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(CLAIM_TYPEHASH, claim.kind, claim.subject, claim.answerHash, claim.height))
        );
    }

    /// @inheritdoc IScanRegistry
    function isSlashed(address signer, bytes32 digest) external view returns (bool) {
        return _slashed[signer][digest];
    }

    /// @inheritdoc IScanRegistry
    function isMember(address node) external view returns (bool) {
        return _nodes[node].status == ScanNodeStatus.Active;
    }

    /// @inheritdoc IScanRegistry
    function getScanNode(address node) external view returns (ScanNodeInfo memory) {
        return _nodes[node];
    }

    /// @inheritdoc IScanRegistry
    function scanNodeCount() external view returns (uint256) {
        return _registered.length();
    }

    /// @inheritdoc IScanRegistry
    function scanNodesPage(uint256 offset, uint256 limit)
        external
        view
        returns (address[] memory nodes, ScanNodeInfo[] memory infos)
    {
        // Saturating: a plain `offset + limit` overflows (and reverts) for limit = type(uint256).max,
        // which callers use to mean "all". values() clamps the end to the length and the start to the end.
        nodes = _registered.values(offset, Math.saturatingAdd(offset, limit));
        infos = new ScanNodeInfo[](nodes.length);
        for (uint256 i; i < nodes.length; ++i) {
            infos[i] = _nodes[nodes[i]];
        }
    }

    // ------------------------------------------------------------------ internals

    function _quit(address node, ScanNodeInfo storage n) private {
        uint64 quitAt = uint64(block.number);
        uint64 withdrawableAt = quitAt + quitNoticeBlocks;
        n.status = ScanNodeStatus.Quitting;
        n.quitAt = quitAt;
        n.withdrawableAt = withdrawableAt;
        emit ScanNodeQuit(node, quitAt, withdrawableAt);
    }

    function _requireActive(address node) private view returns (ScanNodeInfo storage n) {
        n = _nodes[node];
        if (n.status == ScanNodeStatus.None) revert ScanNodeNotRegistered(node);
        if (n.status != ScanNodeStatus.Active) revert ScanNodeNotActive(node, n.status);
    }

    function _checkHostAddr(string calldata hostAddr) private pure {
        uint256 len = bytes(hostAddr).length;
        if (len == 0) revert EmptyHostAddr();
        if (len > MAX_HOST_ADDR) revert HostAddrTooLong(len, MAX_HOST_ADDR);
    }
}
