// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {NodeInfo, NodeStatus} from "../types/NodeTypes.sol";

/// @title FS node registry
/// @notice See {INodeRegistry}. Pledges are held here; the ledger moves volume, the verifier slashes.
contract NodeRegistry is INodeRegistry, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice Role of the file ledger: allocate and release volume.
    bytes32 public constant LEDGER_ROLE = keccak256("LEDGER_ROLE");
    /// @notice Role of the PDP verifier: the only one that may slash.
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @notice Role that sets pledge parameters.
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");

    uint256 private constant GIB = 1 << 30;
    uint256 private constant MAX_HOST_ADDR = 256;
    // Bounds on what governance may set: a pledge or slash so high that it would price every node out,
    // or take a whole pledge for one miss of a few bytes, cannot be set.
    /// @notice Highest pledgePerGiB governance may set (1,000,000 DSP per GiB).
    uint256 public constant MAX_PLEDGE_PER_GIB = 1e24;
    /// @notice Highest minSlash governance may set (1,000,000 DSP).
    uint256 public constant MAX_MIN_SLASH = 1e24;

    /// @notice The token pledges are held in.
    IERC20 public immutable token;
    /// @notice Pledge per GiB of volume, rounded up.
    uint256 public pledgePerGiB;
    /// @notice Smallest volume a node may offer, in bytes.
    uint64 public minVolume;
    /// @notice Floor of one slash, so that a fault on a tiny file still costs something.
    uint256 public minSlash;
    /// @notice Share of a slash paid to whoever reported the fault, in basis points.
    uint16 public reporterShareBps;
    /// @notice Receives the part of each slash that does not go to the reporter.
    address public treasury;

    mapping(address => NodeInfo) private _nodes;
    EnumerableSet.AddressSet private _registered;

    constructor(
        address admin,
        IERC20 token_,
        address treasury_,
        uint256 pledgePerGiB_,
        uint64 minVolume_,
        uint256 minSlash_,
        uint16 reporterShareBps_
    ) {
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);
        _setParams(pledgePerGiB_, minVolume_, minSlash_, reporterShareBps_, treasury_);
    }

    /// @notice Sets the pledge parameters. Existing pledges are not changed until the node updates.
    /// @dev GOVERNANCE_ROLE. Reverts InvalidParams (share > 100%, zero treasury, pledge or minSlash above its MAX_*). Emits PledgeParamsSet.
    function setParams(uint256 pledgePerGiB_, uint64 minVolume_, uint256 minSlash_, uint16 reporterShareBps_, address treasury_)
        external
        onlyRole(GOVERNANCE_ROLE)
    {
        _setParams(pledgePerGiB_, minVolume_, minSlash_, reporterShareBps_, treasury_);
    }

    function _setParams(uint256 perGiB, uint64 minVol, uint256 minSl, uint16 shareBps, address treasury_) private {
        if (shareBps > 10_000 || treasury_ == address(0) || perGiB > MAX_PLEDGE_PER_GIB || minSl > MAX_MIN_SLASH) {
            revert InvalidParams();
        }
        pledgePerGiB = perGiB;
        minVolume = minVol;
        minSlash = minSl;
        reporterShareBps = shareBps;
        treasury = treasury_;
        emit PledgeParamsSet(perGiB, minVol, minSl, shareBps, treasury_);
    }

    // ------------------------------------------------------------------ node operations

    /// @inheritdoc INodeRegistry
    function register(string calldata hostAddr, uint64 volume, uint64 serviceTime) external nonReentrant {
        NodeInfo storage n = _nodes[msg.sender];
        if (n.status != NodeStatus.None) revert NodeAlreadyRegistered(msg.sender);
        _checkHostAddr(hostAddr);
        if (volume < minVolume) revert VolumeTooSmall(volume, minVolume);
        if (serviceTime <= block.number) revert ServiceTimeTooShort(serviceTime, uint64(block.number + 1));

        uint256 pledge = requiredPledge(volume);
        n.hostAddr = hostAddr;
        n.volume = volume;
        n.restVolume = volume;
        n.serviceTime = serviceTime;
        n.registeredAt = uint64(block.number);
        n.status = NodeStatus.Active;
        n.pledge = pledge;
        _registered.add(msg.sender);
        emit NodeRegistered(msg.sender, hostAddr, volume, serviceTime, pledge);

        token.safeTransferFrom(msg.sender, address(this), pledge);
    }

    /// @inheritdoc INodeRegistry
    function update(string calldata hostAddr, uint64 volume, uint64 serviceTime) external nonReentrant {
        NodeInfo storage n = _requireStatus(msg.sender, NodeStatus.Active);
        _checkHostAddr(hostAddr);
        uint64 used = n.volume - n.restVolume;
        if (volume < used) revert VolumeBelowUsed(volume, used);
        if (volume < minVolume) revert VolumeTooSmall(volume, minVolume);
        uint64 floor = uint64(Math.max(block.number + 1, n.maxFileExpiry));
        if (serviceTime < floor) revert ServiceTimeTooShort(serviceTime, floor);

        uint256 required = requiredPledge(volume);
        uint256 old = n.pledge;
        n.hostAddr = hostAddr;
        n.volume = volume;
        n.restVolume = volume - used;
        n.serviceTime = serviceTime;
        n.pledge = required;
        emit NodeUpdated(msg.sender, hostAddr, volume, n.restVolume, serviceTime, n.pledge);

        // Interactions last: top up a shortfall, or hand back what a smaller volume no longer needs.
        if (required > old) token.safeTransferFrom(msg.sender, address(this), required - old);
        else if (old > required) token.safeTransfer(msg.sender, old - required);
    }

    /// @inheritdoc INodeRegistry
    function addPledge(uint256 amount) external nonReentrant {
        NodeInfo storage n = _nodes[msg.sender];
        if (n.status == NodeStatus.None) revert NodeNotRegistered(msg.sender);
        n.pledge += amount;
        emit PledgeAdded(msg.sender, amount, n.pledge);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc INodeRegistry
    function unregister() external {
        NodeInfo storage n = _requireStatus(msg.sender, NodeStatus.Active);
        n.status = NodeStatus.Quit;
        emit NodeUnregistered(msg.sender);
    }

    /// @inheritdoc INodeRegistry
    function withdraw() external nonReentrant {
        NodeInfo storage n = _nodes[msg.sender];
        if (n.status == NodeStatus.None) revert NodeNotRegistered(msg.sender);
        if (n.status == NodeStatus.Active) revert NodeStillActive(msg.sender);
        if (n.liveFiles != 0) revert NodeHasLiveFiles(msg.sender, n.liveFiles);
        uint256 amount = n.pledge;
        delete _nodes[msg.sender];
        _registered.remove(msg.sender);
        emit NodeWithdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ ledger and verifier hooks

    /// @inheritdoc INodeRegistry
    function allocate(address node, uint64 size, uint64 expiry) external onlyRole(LEDGER_ROLE) {
        NodeInfo storage n = _requireStatus(node, NodeStatus.Active);
        if (n.restVolume < size) revert InsufficientVolume(node, size, n.restVolume);
        if (n.serviceTime < expiry) revert ServiceTimeTooShort(n.serviceTime, expiry);
        // A node that was slashed below its requirement takes nothing new until it tops up.
        uint256 required = requiredPledge(n.volume);
        if (n.pledge < required) revert PledgeTooLow(node, n.pledge, required);
        n.restVolume -= size;
        n.liveFiles += 1;
        if (expiry > n.maxFileExpiry) n.maxFileExpiry = expiry;
        emit VolumeAllocated(node, size, n.restVolume, n.liveFiles);
    }

    /// @inheritdoc INodeRegistry
    function release(address node, uint64 size) external onlyRole(LEDGER_ROLE) {
        NodeInfo storage n = _nodes[node];
        if (n.status == NodeStatus.None) revert NodeNotRegistered(node);
        if (n.liveFiles == 0 || size > n.volume - n.restVolume) revert NothingToRelease(node, size);
        n.restVolume += size;
        n.liveFiles -= 1;
        emit VolumeReleased(node, size, n.restVolume, n.liveFiles);
    }

    /// @inheritdoc INodeRegistry
    function slash(address node, uint256 amount, address reporter)
        external
        onlyRole(SLASHER_ROLE)
        nonReentrant
        returns (uint256 taken)
    {
        NodeInfo storage n = _nodes[node];
        if (n.status == NodeStatus.None) revert NodeNotRegistered(node);
        taken = Math.min(amount, n.pledge);
        n.pledge -= taken;
        uint256 toReporter = (taken * reporterShareBps) / 10_000;
        emit NodeSlashed(node, reporter, taken, toReporter, n.pledge);
        if (toReporter != 0) token.safeTransfer(reporter, toReporter);
        if (taken != toReporter) token.safeTransfer(treasury, taken - toReporter);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc INodeRegistry
    function requiredPledge(uint64 volume) public view returns (uint256) {
        // Never below minSlash: a missed period slashes at least that much (slashAmount), so a pledge that
        // meets this covers any one miss whatever the node holds.
        return Math.max(_pledgeFor(volume), minSlash);
    }

    function _pledgeFor(uint64 size) private view returns (uint256) {
        return Math.mulDiv(size, pledgePerGiB, GIB, Math.Rounding.Ceil);
    }

    /// @inheritdoc INodeRegistry
    function slashAmount(uint64 bytesAtStake) external view returns (uint256) {
        return Math.max(_pledgeFor(bytesAtStake), minSlash);
    }

    /// @inheritdoc INodeRegistry
    function isEligible(address node, uint64 size, uint64 expiry) external view returns (bool) {
        return _isEligible(_nodes[node], size, expiry);
    }

    /// @inheritdoc INodeRegistry
    function getNode(address node) external view returns (NodeInfo memory) {
        return _nodes[node];
    }

    /// @inheritdoc INodeRegistry
    function nodeCount() external view returns (uint256) {
        return _registered.length();
    }

    /// @inheritdoc INodeRegistry
    function nodesPage(uint256 offset, uint256 limit) external view returns (address[] memory nodes, NodeInfo[] memory infos) {
        nodes = _window(offset, limit);
        infos = new NodeInfo[](nodes.length);
        for (uint256 i; i < nodes.length; ++i) {
            infos[i] = _nodes[nodes[i]];
        }
    }

    /// @inheritdoc INodeRegistry
    function eligibleNodesPage(uint256 offset, uint256 limit, uint64 size, uint64 expiry)
        external
        view
        returns (address[] memory nodes, NodeInfo[] memory infos)
    {
        // One pass over the window, with arrays sized for all of it and shrunk at the end, so the rule
        // runs once per node; counting first would run it twice. The price, memory for the skipped
        // entries, is only paid by a contract caller: this is meant for off-chain discovery.
        nodes = _window(offset, limit);
        infos = new NodeInfo[](nodes.length);
        uint256 count;
        for (uint256 i; i < nodes.length; ++i) {
            NodeInfo storage n = _nodes[nodes[i]];
            if (!_isEligible(n, size, expiry)) continue;
            // count <= i, so this compacts `nodes` in place without overwriting an unread entry.
            nodes[count] = nodes[i];
            infos[count] = n;
            ++count;
        }
        // Only ever lowers the lengths, so both arrays stay within the memory they were given.
        assembly ("memory-safe") {
            mstore(nodes, count)
            mstore(infos, count)
        }
    }

    /// @dev The eligibility rule, written once for isEligible and eligibleNodesPage.
    function _isEligible(NodeInfo storage n, uint64 size, uint64 expiry) private view returns (bool) {
        return n.status == NodeStatus.Active && n.restVolume >= size && n.serviceTime >= expiry
            && n.pledge >= requiredPledge(n.volume);
    }

    /// @dev Registered nodes at positions [offset, offset + limit), clipped to the list.
    function _window(uint256 offset, uint256 limit) private view returns (address[] memory) {
        // Saturating: a plain `offset + limit` overflows (and reverts) for limit = type(uint256).max,
        // which callers use to mean "all". values() clamps the end to the length and the start to the end.
        return _registered.values(offset, Math.saturatingAdd(offset, limit));
    }

    function _requireStatus(address node, NodeStatus status) private view returns (NodeInfo storage n) {
        n = _nodes[node];
        if (n.status == NodeStatus.None) revert NodeNotRegistered(node);
        if (n.status != status) revert NodeNotActive(node, n.status);
    }

    function _checkHostAddr(string calldata hostAddr) private pure {
        uint256 len = bytes(hostAddr).length;
        if (len == 0) revert EmptyHostAddr();
        if (len > MAX_HOST_ADDR) revert HostAddrTooLong(len, MAX_HOST_ADDR);
    }
}
