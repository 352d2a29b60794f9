// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IDNSRegistry} from "../interfaces/IDNSRegistry.sol";
import {HeaderRecord, UrlRecord, UrlMode} from "../types/DNSTypes.sol";

/// @title DSP DNS registry
/// @notice Implements the spec's "DNS Registry": headers (protocols) that expire, names `header://url` registered
/// in four modes and mapped to links, transfer/update/delete by the owner or the service's manager, and queries.
/// @dev Design notes.
/// - Lifetimes are block heights, like the rest of the DSP ledger: a header is live while
///   block.number < expiredHeight. The spec's "TTL: Expiration date" is a name's lifetime in blocks; a name
///   resolves while both it and its header are live, so ttl = 0 means "as long as the header".
/// - Revocation without loops: a header deletion or expiry must kill every name under it, but a transaction may
///   not walk an unbounded list. Each header therefore has a generation, bumped on every (re)registration, and a
///   name records the generation it was made under; resolution compares the two. Stale name records stay in
///   storage until someone replaces or deletes them, each in O(1).
/// - An expired header cannot be renewed, only registered again (by anyone, as a new generation), so once a header
///   lapses its old names are gone for good, even if the old owner wins it back.
/// - Every state change emits an event with the full key data and the resulting state, for the indexer.
/// - Fee-paying functions follow checks-effects-interactions and are nonReentrant; the token call is last.
contract DNSRegistry is IDNSRegistry, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.Bytes32Set;

    /// @notice Governance: reserved headers, fees, treasury.
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    /// @notice The service's manager: may transfer, update and delete any header or name.
    bytes32 public constant DNS_MANAGER_ROLE = keccak256("DNS_MANAGER_ROLE");

    /// @notice Longest header, in bytes.
    uint256 public constant MAX_HEADER_LENGTH = 32;
    /// @notice Longest url part, in bytes.
    uint256 public constant MAX_URL_LENGTH = 128;
    /// @notice Longest link, in bytes (a DSP file link with hash and owner fits with room to spare).
    uint256 public constant MAX_LINK_LENGTH = 512;
    /// @notice Longest description, in bytes.
    uint256 public constant MAX_DESC_LENGTH = 256;
    /// @notice Length of a generated url: 16 base36 characters, about 82 bits, so an accidental collision is
    /// negligible (and would only revert with UrlAlreadyExists, never overwrite a live name).
    uint256 public constant RANDOM_URL_LENGTH = 16;

    /// @dev Expiry height meaning "never".
    uint64 private constant NEVER = type(uint64).max;
    bytes private constant BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    // Resolution status codes, in the order resolve checks them.
    uint8 private constant OK = 0;
    uint8 private constant URL_NOT_FOUND = 1;
    uint8 private constant HEADER_NOT_REGISTERED = 2;
    uint8 private constant URL_REVOKED = 3;
    uint8 private constant HEADER_EXPIRED = 4;
    uint8 private constant URL_EXPIRED = 5;

    /// @inheritdoc IDNSRegistry
    IERC20 public immutable token;
    /// @notice keccak256 of the default header.
    bytes32 public immutable defaultHeaderHash;
    /// @inheritdoc IDNSRegistry
    address public treasury;
    /// @inheritdoc IDNSRegistry
    string public defaultHeader;
    /// @inheritdoc IDNSRegistry
    uint256 public headerFeePerBlock;
    /// @inheritdoc IDNSRegistry
    uint256 public urlFee;

    mapping(bytes32 headerHash => HeaderRecord) private _headers;
    mapping(bytes32 headerHash => bool) private _reserved;
    /// @dev A UrlRecord plus the block of its last change (for resolutionSince). changedAt fills the free 8 bytes of
    /// the createdHeight/ttl/expiredHeight slot, so registering and updating a name cost no extra slot.
    struct StoredUrl {
        string header;
        string url;
        string link;
        string desc;
        address owner;
        UrlMode mode;
        uint64 headerGeneration;
        uint64 createdHeight;
        uint64 ttl;
        uint64 expiredHeight;
        uint64 changedAt;
    }

    mapping(bytes32 nameHash => StoredUrl) private _urls;
    /// @dev Block of a header's last deletion; with createdHeight it dates every header change that matters to
    /// resolution (renewals only extend a live header, so they never change what a past height resolved to).
    mapping(bytes32 headerHash => uint64) private _headerDeletedAt;
    mapping(address owner => EnumerableSet.Bytes32Set headerHashes) private _headersOf;
    mapping(address owner => EnumerableSet.Bytes32Set nameHashes) private _urlsOf;
    /// @dev Keyed by keccak256(headerHash, generation), so listing a header shows only its current generation.
    mapping(bytes32 generationKey => EnumerableSet.Bytes32Set nameHashes) private _urlsIn;
    uint256 private _randomNonce;

    /// @param admin governance: receives DEFAULT_ADMIN_ROLE and GOVERNANCE_ROLE and owns the default header
    /// @param token_ fee token
    /// @param treasury_ fee receiver
    /// @param defaultHeader_ header of modes 0 and 2 (e.g. "dsp"); reserved and never expiring
    /// @param headerFeePerBlock_ fee per block of header lifetime
    /// @param urlFee_ flat fee per name
    /// @dev Emits ReservedSet, HeaderRegistered (generation 1, expiry type(uint64).max), FeesSet and TreasurySet so
    /// the indexer sees the initial state. Reverts ZeroAddress, InvalidName.
    constructor(
        address admin,
        IERC20 token_,
        address treasury_,
        string memory defaultHeader_,
        uint256 headerFeePerBlock_,
        uint256 urlFee_
    ) {
        if (admin == address(0) || address(token_) == address(0) || treasury_ == address(0)) revert ZeroAddress();
        _requireHeaderName(defaultHeader_);
        bytes32 h = keccak256(bytes(defaultHeader_));
        token = token_;
        treasury = treasury_;
        defaultHeader = defaultHeader_;
        defaultHeaderHash = h;
        headerFeePerBlock = headerFeePerBlock_;
        urlFee = urlFee_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);

        _reserved[h] = true;
        HeaderRecord storage r = _headers[h];
        r.name = defaultHeader_;
        r.owner = admin;
        r.createdHeight = uint64(block.number);
        r.expiredHeight = NEVER;
        r.generation = 1;
        _headersOf[admin].add(h);

        emit ReservedSet(h, defaultHeader_, true);
        emit HeaderRegistered(h, defaultHeader_, admin, "", NEVER, 1, 0);
        emit FeesSet(headerFeePerBlock_, urlFee_);
        emit TreasurySet(treasury_);
    }

    // ================================================================ configuration

    /// @inheritdoc IDNSRegistry
    function setFees(uint256 headerFeePerBlock_, uint256 urlFee_) external onlyRole(GOVERNANCE_ROLE) {
        headerFeePerBlock = headerFeePerBlock_;
        urlFee = urlFee_;
        emit FeesSet(headerFeePerBlock_, urlFee_);
    }

    /// @inheritdoc IDNSRegistry
    function setTreasury(address treasury_) external onlyRole(GOVERNANCE_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @inheritdoc IDNSRegistry
    function setReserved(string calldata header, bool reserved) external onlyRole(GOVERNANCE_ROLE) {
        _requireHeaderName(header);
        bytes32 h = keccak256(bytes(header));
        _reserved[h] = reserved;
        emit ReservedSet(h, header, reserved);
    }

    /// @inheritdoc IDNSRegistry
    function isReserved(string calldata header) external view returns (bool) {
        return _reserved[keccak256(bytes(header))];
    }

    // ================================================================ headers

    /// @inheritdoc IDNSRegistry
    /// @dev Reserved headers are free for governance: the fee rations the public namespace, and governance already
    /// controls the treasury, so charging it would only move tokens in a circle.
    function registerHeader(string calldata header, string calldata desc, uint64 expiredHeight)
        external
        nonReentrant
        returns (uint64 generation)
    {
        _requireHeaderName(header);
        _requireLength("desc", bytes(desc).length, MAX_DESC_LENGTH);
        if (expiredHeight <= block.number) revert ExpiryNotInFuture(expiredHeight, block.number);
        bytes32 h = keccak256(bytes(header));
        bool reserved = _reserved[h];
        if (reserved && !hasRole(GOVERNANCE_ROLE, msg.sender)) revert ReservedHeader(header, msg.sender);

        HeaderRecord storage r = _headers[h];
        address previous = r.owner;
        if (previous != address(0)) {
            if (block.number < r.expiredHeight) revert HeaderAlreadyRegistered(header, previous, r.expiredHeight);
            // Expired: the previous holder loses it; the new generation revokes every name made under the old one.
            _headersOf[previous].remove(h);
        }
        generation = r.generation + 1;
        r.name = header;
        r.desc = desc;
        r.owner = msg.sender;
        r.createdHeight = uint64(block.number);
        r.expiredHeight = expiredHeight;
        r.generation = generation;
        _headersOf[msg.sender].add(h);

        uint256 fee = reserved ? 0 : headerFeePerBlock * (expiredHeight - block.number);
        emit HeaderRegistered(h, header, msg.sender, desc, expiredHeight, generation, fee);
        _collect(fee);
    }

    /// @inheritdoc IDNSRegistry
    /// @dev Only the owner renews (it pays). A holder of a header that governance reserved after registration may
    /// keep it until expiry but not extend it: that is how governance reclaims a name without confiscating it.
    function renewHeader(string calldata header, uint64 newExpiredHeight) external nonReentrant {
        (bytes32 h, HeaderRecord storage r) = _liveHeader(header);
        if (r.owner != msg.sender) revert NotHeaderOwner(header, msg.sender, r.owner);
        bool reserved = _reserved[h];
        if (reserved && !hasRole(GOVERNANCE_ROLE, msg.sender)) revert ReservedHeader(header, msg.sender);
        uint64 old = r.expiredHeight;
        if (newExpiredHeight <= old) revert RenewalNotLater(header, old, newExpiredHeight);
        r.expiredHeight = newExpiredHeight;

        uint256 fee = reserved ? 0 : headerFeePerBlock * (newExpiredHeight - old);
        emit HeaderRenewed(h, header, msg.sender, old, newExpiredHeight, fee);
        _collect(fee);
    }

    /// @inheritdoc IDNSRegistry
    function updateHeader(string calldata header, string calldata desc) external {
        _requireLength("desc", bytes(desc).length, MAX_DESC_LENGTH);
        (bytes32 h, HeaderRecord storage r) = _liveHeader(header);
        _requireHeaderManager(header, r.owner);
        r.desc = desc;
        emit HeaderUpdated(h, header, r.owner, desc);
    }

    /// @inheritdoc IDNSRegistry
    function transferHeader(string calldata header, address to) external {
        if (to == address(0)) revert ZeroAddress();
        (bytes32 h, HeaderRecord storage r) = _liveHeader(header);
        address from = r.owner;
        _requireHeaderManager(header, from);
        r.owner = to;
        _headersOf[from].remove(h);
        _headersOf[to].add(h);
        emit HeaderTransferred(h, header, from, to);
    }

    /// @inheritdoc IDNSRegistry
    /// @dev The generation is kept, so a later registration starts generation + 1 and the deleted names stay dead.
    function deleteHeader(string calldata header) external {
        bytes32 h = keccak256(bytes(header));
        if (h == defaultHeaderHash) revert DefaultHeaderLocked(header);
        HeaderRecord storage r = _headers[h];
        address owner = r.owner;
        if (owner == address(0)) revert HeaderNotRegistered(header);
        _requireHeaderManager(header, owner);
        r.owner = address(0);
        r.desc = "";
        _headerDeletedAt[h] = uint64(block.number);
        _headersOf[owner].remove(h);
        emit HeaderDeleted(h, header, owner, msg.sender, r.generation);
    }

    /// @inheritdoc IDNSRegistry
    function getHeader(string calldata header) external view returns (HeaderRecord memory) {
        return _headers[keccak256(bytes(header))];
    }

    /// @inheritdoc IDNSRegistry
    function isHeaderLive(string calldata header) external view returns (bool) {
        HeaderRecord storage r = _headers[keccak256(bytes(header))];
        return r.owner != address(0) && block.number < r.expiredHeight;
    }

    /// @inheritdoc IDNSRegistry
    function headersByOwner(address owner, uint256 offset, uint256 limit)
        external
        view
        returns (HeaderRecord[] memory page)
    {
        // Saturating: a plain `offset + limit` overflows (and reverts) for limit = type(uint256).max,
        // which callers use to mean "all". values() clamps the end to the length and the start to the end.
        bytes32[] memory keys = _headersOf[owner].values(offset, Math.saturatingAdd(offset, limit));
        page = new HeaderRecord[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            page[i] = _headers[keys[i]];
        }
    }

    /// @inheritdoc IDNSRegistry
    function headerCountByOwner(address owner) external view returns (uint256) {
        return _headersOf[owner].length();
    }

    // ================================================================ urls

    /// @inheritdoc IDNSRegistry
    /// @dev Under the default header anyone may register; under any other header only its owner, since a header is
    /// a namespace its holder paid for. A stored record that no longer resolves (revoked or expired) is replaced.
    function registerUrl(
        UrlMode mode,
        string memory header,
        string memory url,
        string memory link,
        string memory desc,
        uint64 ttl
    ) external nonReentrant returns (string memory, bytes32) {
        _requireLength("link", bytes(link).length, MAX_LINK_LENGTH);
        _requireLength("desc", bytes(desc).length, MAX_DESC_LENGTH);
        uint64 generation;
        (header, url, generation) = _prepareName(mode, header, url);
        bytes32 key = _store(header, url, generation, mode);
        StoredUrl storage r = _urls[key];
        r.link = link;
        r.desc = desc;
        _setTtl(r, ttl);
        _emitRegistered(key, r);
        _collect(urlFee);
        return (url, key);
    }

    /// @inheritdoc IDNSRegistry
    function bindUrl(string calldata header, string calldata url, string calldata link) external {
        _requireLength("link", bytes(link).length, MAX_LINK_LENGTH);
        (bytes32 key, StoredUrl storage r) = _managedUrl(header, url);
        bool linkChanged = keccak256(bytes(r.link)) != keccak256(bytes(link));
        r.link = link;
        if (linkChanged) _resolutionChanged(r);
        _emitUpdated(key, r);
    }

    /// @inheritdoc IDNSRegistry
    function updateUrl(
        string memory header,
        string memory url,
        string memory link,
        string memory desc,
        uint64 ttl
    ) external {
        _requireLength("link", bytes(link).length, MAX_LINK_LENGTH);
        _requireLength("desc", bytes(desc).length, MAX_DESC_LENGTH);
        (bytes32 key, StoredUrl storage r) = _managedUrl(header, url);
        bool linkChanged = keccak256(bytes(r.link)) != keccak256(bytes(link));
        uint64 oldExpiry = r.expiredHeight;
        r.link = link;
        r.desc = desc;
        _setTtl(r, ttl);
        // A new expiry changes the answer at a past height only if the name had expired by then:
        // while it was live at every finished block, it stays live at each of them.
        if (linkChanged || (r.expiredHeight != oldExpiry && oldExpiry < block.number)) _resolutionChanged(r);
        _emitUpdated(key, r);
    }

    /// @inheritdoc IDNSRegistry
    function transferUrl(string calldata header, string calldata url, address to) external {
        if (to == address(0)) revert ZeroAddress();
        (bytes32 key, StoredUrl storage r) = _managedUrl(header, url);
        address from = r.owner;
        r.owner = to;
        if (to != from) _resolutionChanged(r);
        _urlsOf[from].remove(key);
        _urlsOf[to].add(key);
        emit UrlTransferred(key, header, url, from, to);
    }

    /// @inheritdoc IDNSRegistry
    function deleteUrl(string calldata header, string calldata url) external {
        string memory name = string.concat(header, "://", url);
        bytes32 key = keccak256(bytes(name));
        StoredUrl storage r = _urls[key];
        address owner = r.owner;
        if (owner == address(0)) revert UrlNotFound(name);
        _requireUrlManager(name, owner);
        _unlist(key, r);
        delete _urls[key];
        // Tombstone for resolutionSince; the slot held the record's createdHeight, so rewriting it is cheap.
        r.changedAt = uint64(block.number);
        emit UrlDeleted(key, header, url, owner, msg.sender);
    }

    /// @inheritdoc IDNSRegistry
    function resolve(string calldata header, string calldata url) external view returns (UrlRecord memory) {
        string memory name = string.concat(header, "://", url);
        StoredUrl storage r = _urls[keccak256(bytes(name))];
        _requireLive(name, r);
        return _record(r);
    }

    /// @inheritdoc IDNSRegistry
    function resolveName(string calldata fullName) external view returns (UrlRecord memory) {
        StoredUrl storage r = _urls[keccak256(bytes(fullName))];
        _requireLive(fullName, r);
        return _record(r);
    }

    /// @inheritdoc IDNSRegistry
    function tryResolve(string calldata header, string calldata url)
        external
        view
        returns (bool ok, UrlRecord memory record)
    {
        StoredUrl storage r = _urls[keccak256(bytes(string.concat(header, "://", url)))];
        return (_status(r, block.number) == OK, _record(r));
    }

    /// @inheritdoc IDNSRegistry
    function getUrl(string calldata header, string calldata url) external view returns (UrlRecord memory) {
        return _record(_urls[keccak256(bytes(string.concat(header, "://", url)))]);
    }

    /// @inheritdoc IDNSRegistry
    function urlsByHeader(string calldata header, uint256 offset, uint256 limit)
        external
        view
        returns (UrlRecord[] memory page)
    {
        bytes32 h = keccak256(bytes(header));
        HeaderRecord storage hr = _headers[h];
        if (hr.owner == address(0)) return new UrlRecord[](0);
        // Saturating end, as in headersByOwner.
        return _records(_urlsIn[_generationKey(h, hr.generation)].values(offset, Math.saturatingAdd(offset, limit)));
    }

    /// @inheritdoc IDNSRegistry
    function urlCountByHeader(string calldata header) external view returns (uint256) {
        bytes32 h = keccak256(bytes(header));
        HeaderRecord storage hr = _headers[h];
        if (hr.owner == address(0)) return 0;
        return _urlsIn[_generationKey(h, hr.generation)].length();
    }

    /// @inheritdoc IDNSRegistry
    function urlsByOwner(address owner, uint256 offset, uint256 limit) external view returns (UrlRecord[] memory page) {
        // Saturating end, as in headersByOwner.
        return _records(_urlsOf[owner].values(offset, Math.saturatingAdd(offset, limit)));
    }

    /// @inheritdoc IDNSRegistry
    function urlCountByOwner(address owner) external view returns (uint256) {
        return _urlsOf[owner].length();
    }

    /// @inheritdoc IDNSRegistry
    function resolutionSince(bytes32 nameHash, uint64 height)
        external
        view
        returns (bool resolves, address owner, string memory link, uint64 since)
    {
        StoredUrl storage r = _urls[nameHash];
        since = r.changedAt;
        if (r.owner == address(0)) return (false, address(0), "", since);
        bytes32 h = keccak256(bytes(r.header));
        uint64 headerCreated = _headers[h].createdHeight;
        uint64 headerDeleted = _headerDeletedAt[h];
        if (headerCreated > since) since = headerCreated;
        if (headerDeleted > since) since = headerDeleted;
        if (_status(r, height) != OK) return (false, address(0), "", since);
        return (true, r.owner, r.link, since);
    }

    /// @inheritdoc IDNSRegistry
    function nameHashOf(string calldata header, string calldata url) external pure returns (bytes32) {
        return keccak256(bytes(string.concat(header, "://", url)));
    }

    // ================================================================ internals

    /// @dev Pulls `fee` from the caller to the treasury. Called last (checks-effects-interactions).
    function _collect(uint256 fee) private {
        if (fee != 0) token.safeTransferFrom(msg.sender, treasury, fee);
    }

    /// @dev The header's record, reverting unless it is registered and not expired.
    function _liveHeader(string memory header) private view returns (bytes32 h, HeaderRecord storage r) {
        h = keccak256(bytes(header));
        r = _headers[h];
        if (r.owner == address(0)) revert HeaderNotRegistered(header);
        if (block.number >= r.expiredHeight) revert HeaderExpired(header, r.expiredHeight, block.number);
    }

    function _requireHeaderManager(string memory header, address owner) private view {
        if (msg.sender != owner && !hasRole(DNS_MANAGER_ROLE, msg.sender)) {
            revert NotHeaderOwner(header, msg.sender, owner);
        }
    }

    function _requireUrlManager(string memory name, address owner) private view {
        if (msg.sender != owner && !hasRole(DNS_MANAGER_ROLE, msg.sender)) revert NotUrlOwner(name, msg.sender, owner);
    }

    /// @dev A live name the caller may manage (its owner or the DNS manager).
    function _managedUrl(string memory header, string memory url) private view returns (bytes32 key, StoredUrl storage r) {
        string memory name = string.concat(header, "://", url);
        key = keccak256(bytes(name));
        r = _urls[key];
        _requireLive(name, r);
        _requireUrlManager(name, r.owner);
    }

    /// @dev Checks the mode's arguments and the caller's right to the header; returns the effective header and url
    /// (the default header, a generated url) and the header generation the name will belong to.
    function _prepareName(UrlMode mode, string memory header, string memory url)
        private
        returns (string memory, string memory, uint64)
    {
        bool customHeader = mode == UrlMode.CustomHeaderRandomUrl || mode == UrlMode.CustomHeaderCustomUrl;
        bool customUrl = mode == UrlMode.DefaultHeaderCustomUrl || mode == UrlMode.CustomHeaderCustomUrl;
        if (
            (
                customHeader
                    ? bytes(header).length == 0 || keccak256(bytes(header)) == defaultHeaderHash
                    : bytes(header).length != 0
            )
                || customUrl == (bytes(url).length == 0)
        ) revert ModeMismatch(mode, header, url);

        if (customHeader) _requireHeaderName(header);
        else header = defaultHeader;
        (bytes32 h, HeaderRecord storage hr) = _liveHeader(header);
        if (customHeader && hr.owner != msg.sender) revert NotHeaderOwner(header, msg.sender, hr.owner);
        if (customUrl) _requireUrlName(url);
        else url = _randomUrl(h);
        return (header, url, hr.generation);
    }

    /// @dev Writes the key fields of a new name owned by the caller, replacing a stale record if there is one.
    function _store(string memory header, string memory url, uint64 generation, UrlMode mode)
        private
        returns (bytes32 key)
    {
        string memory name = string.concat(header, "://", url);
        key = keccak256(bytes(name));
        StoredUrl storage r = _urls[key];
        if (r.owner != address(0)) {
            if (_status(r, block.number) == OK) revert UrlAlreadyExists(name, r.owner);
            _unlist(key, r);
        }
        r.header = header;
        r.url = url;
        r.owner = msg.sender;
        r.mode = mode;
        r.headerGeneration = generation;
        r.createdHeight = uint64(block.number);
        r.changedAt = uint64(block.number);
        _urlsOf[msg.sender].add(key);
        _urlsIn[_generationKey(keccak256(bytes(header)), generation)].add(key);
    }

    function _unlist(bytes32 key, StoredUrl storage r) private {
        _urlsOf[r.owner].remove(key);
        _urlsIn[_generationKey(keccak256(bytes(r.header)), r.headerGeneration)].remove(key);
    }

    /// @dev ttl counts from the current block; a sum past uint64 is treated as "never" (the header still bounds it).
    /// @dev resolutionSince reports changedAt, and a SCAN claim about a height before it cannot be
    /// judged. So only a change to what resolution answers (link, owner, liveness) may move it: if
    /// a no-op did, a name's owner running a SCAN node could make any false answer unslashable.
    function _resolutionChanged(StoredUrl storage r) private {
        r.changedAt = uint64(block.number);
    }

    function _setTtl(StoredUrl storage r, uint64 ttl) private {
        r.ttl = ttl;
        uint256 end = block.number + ttl;
        r.expiredHeight = ttl == 0 || end >= NEVER ? NEVER : uint64(end);
    }

    function _emitRegistered(bytes32 key, StoredUrl storage r) private {
        emit UrlRegistered(
            key, r.header, r.url, r.owner, r.link, r.desc, r.mode, r.ttl, r.expiredHeight, r.headerGeneration
        );
    }

    function _emitUpdated(bytes32 key, StoredUrl storage r) private {
        emit UrlUpdated(key, r.header, r.url, r.owner, r.link, r.desc, r.ttl, r.expiredHeight);
    }

    /// @dev Why a record does (not) resolve; the checks run in the order resolve documents.
    /// `height` is block.number, or a past height for resolutionSince.
    function _status(StoredUrl storage r, uint256 height) private view returns (uint8) {
        if (r.owner == address(0)) return URL_NOT_FOUND;
        HeaderRecord storage hr = _headers[keccak256(bytes(r.header))];
        if (hr.owner == address(0)) return HEADER_NOT_REGISTERED;
        if (hr.generation != r.headerGeneration) return URL_REVOKED;
        if (height >= hr.expiredHeight) return HEADER_EXPIRED;
        if (height >= r.expiredHeight) return URL_EXPIRED;
        return OK;
    }

    function _record(StoredUrl storage r) private view returns (UrlRecord memory) {
        return UrlRecord({
            header: r.header,
            url: r.url,
            link: r.link,
            desc: r.desc,
            owner: r.owner,
            mode: r.mode,
            headerGeneration: r.headerGeneration,
            createdHeight: r.createdHeight,
            ttl: r.ttl,
            expiredHeight: r.expiredHeight
        });
    }

    function _requireLive(string memory name, StoredUrl storage r) private view {
        uint8 s = _status(r, block.number);
        if (s == OK) return;
        if (s == URL_NOT_FOUND) revert UrlNotFound(name);
        if (s == HEADER_NOT_REGISTERED) revert HeaderNotRegistered(r.header);
        HeaderRecord storage hr = _headers[keccak256(bytes(r.header))];
        if (s == URL_REVOKED) revert UrlRevoked(name, r.headerGeneration, hr.generation);
        if (s == HEADER_EXPIRED) revert HeaderExpired(r.header, hr.expiredHeight, block.number);
        revert UrlExpired(name, r.expiredHeight, block.number);
    }

    /// @dev 16 base36 characters from keccak256(caller, nonce, prevrandao, header). The url only has to be unique,
    /// not secret: the nonce makes every call distinct, and a block proposer who biases prevrandao gains nothing
    /// but a different random-looking name.
    function _randomUrl(bytes32 h) private returns (string memory) {
        uint256 seed = uint256(keccak256(abi.encode(msg.sender, ++_randomNonce, block.prevrandao, h)));
        bytes memory out = new bytes(RANDOM_URL_LENGTH);
        for (uint256 i; i < RANDOM_URL_LENGTH; ++i) {
            out[i] = BASE36[seed % 36];
            seed /= 36;
        }
        return string(out);
    }

    function _generationKey(bytes32 h, uint64 generation) private pure returns (bytes32) {
        return keccak256(abi.encode(h, generation));
    }

    function _records(bytes32[] memory keys) private view returns (UrlRecord[] memory page) {
        page = new UrlRecord[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            page[i] = _record(_urls[keys[i]]);
        }
    }

    function _requireLength(string memory field, uint256 length, uint256 maxLength) private pure {
        if (length > maxLength) revert FieldTooLong(field, length, maxLength);
    }

    /// @dev Header alphabet: lowercase letters, digits, '-'; 1..32 bytes. One spelling per header, no homographs.
    function _requireHeaderName(string memory name) private pure {
        bytes memory b = bytes(name);
        if (b.length == 0 || b.length > MAX_HEADER_LENGTH) revert InvalidName(name);
        for (uint256 i; i < b.length; ++i) {
            bytes1 c = b[i];
            if (!((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-")) revert InvalidName(name);
        }
    }

    /// @dev Url alphabet: the header alphabet plus '.', '_' and '/' (path-like names); 1..128 bytes.
    function _requireUrlName(string memory name) private pure {
        bytes memory b = bytes(name);
        if (b.length == 0 || b.length > MAX_URL_LENGTH) revert InvalidName(name);
        for (uint256 i; i < b.length; ++i) {
            bytes1 c = b[i];
            if (!((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-" || c == "." || c == "_" || c == "/")) {
                revert InvalidName(name);
            }
        }
    }
}
