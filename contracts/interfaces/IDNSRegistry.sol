// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {HeaderRecord, UrlRecord, UrlMode} from "../types/DNSTypes.sol";
import {IDNSRegistryEvents} from "./IDNSRegistryEvents.sol";
import {IDNSRegistryErrors} from "./IDNSRegistryErrors.sol";

/// @title DSP DNS registry
/// @notice Distributed Name Service of the DSP spec: headers (protocols) with an expiry, names `header://url` in
/// the spec's four registration modes, each mapped to a link (typically a DSP file link), with transfer, update,
/// delete and queries. A deleted or expired header's names no longer resolve, and registering the header again
/// does not revive them.
interface IDNSRegistry is IDNSRegistryEvents, IDNSRegistryErrors {
    // ---------------------------------------------------------------- configuration

    /// @notice Role that registers and renews reserved headers for free, maintains the reserved set, fees and
    /// treasury.
    function GOVERNANCE_ROLE() external view returns (bytes32);

    /// @notice Role of the service's manager, who may transfer, update and delete any header or name.
    function DNS_MANAGER_ROLE() external view returns (bytes32);

    /// @notice Token in which fees are paid.
    function token() external view returns (IERC20);

    /// @notice Account that receives every fee.
    function treasury() external view returns (address);

    /// @notice The header used by modes 0 and 2 (e.g. "dsp"); reserved, owned by governance, never expires.
    function defaultHeader() external view returns (string memory);

    /// @notice Fee per block of header lifetime, paid at registration and renewal.
    function headerFeePerBlock() external view returns (uint256);

    /// @notice Flat fee per name registration.
    function urlFee() external view returns (uint256);

    /// @notice Sets both fees.
    /// @param headerFeePerBlock_ new fee per block of header lifetime
    /// @param urlFee_ new flat fee per name
    /// @dev Emits FeesSet. Reverts AccessControlUnauthorizedAccount without GOVERNANCE_ROLE.
    function setFees(uint256 headerFeePerBlock_, uint256 urlFee_) external;

    /// @notice Sets the fee receiver.
    /// @param treasury_ new treasury
    /// @dev Emits TreasurySet. Reverts AccessControlUnauthorizedAccount without GOVERNANCE_ROLE, ZeroAddress on 0.
    function setTreasury(address treasury_) external;

    /// @notice Adds a header to, or removes it from, the reserved (system) set.
    /// @param header the header name (validated)
    /// @param reserved true to reserve
    /// @dev Emits ReservedSet. Reverts AccessControlUnauthorizedAccount without GOVERNANCE_ROLE, InvalidName.
    /// Reserving a header someone already holds does not take it away; it stops them renewing it.
    function setReserved(string calldata header, bool reserved) external;

    /// @notice Whether a header is reserved.
    /// @param header the header name
    /// @return true if only GOVERNANCE_ROLE may register or renew it
    function isReserved(string calldata header) external view returns (bool);

    // ---------------------------------------------------------------- headers

    /// @notice Registers a header for the caller until `expiredHeight`, paying
    /// headerFeePerBlock * (expiredHeight - block.number) to the treasury (free for a reserved header registered by
    /// governance). Works for a new header, or one that was deleted or has expired (a new generation starts).
    /// @param header lowercase [a-z0-9-], 1..32 bytes
    /// @param desc description, at most 256 bytes
    /// @param expiredHeight first block at which the header is expired
    /// @return generation the header's new generation
    /// @dev Emits HeaderRegistered. Reverts InvalidName, FieldTooLong, ExpiryNotInFuture,
    /// ReservedHeader (reserved and caller lacks GOVERNANCE_ROLE), HeaderAlreadyRegistered (live), and the token's
    /// errors if the fee cannot be pulled.
    function registerHeader(string calldata header, string calldata desc, uint64 expiredHeight)
        external
        returns (uint64 generation);

    /// @notice Extends a live header's expiry, paying headerFeePerBlock for each extra block (free for a reserved
    /// header renewed by governance).
    /// @param header the header
    /// @param newExpiredHeight the new expiry, later than the current one
    /// @dev Emits HeaderRenewed. Reverts HeaderNotRegistered, HeaderExpired (an expired header can only be
    /// registered again), NotHeaderOwner (owner only), ReservedHeader (reserved and caller lacks GOVERNANCE_ROLE),
    /// RenewalNotLater.
    function renewHeader(string calldata header, uint64 newExpiredHeight) external;

    /// @notice Updates a live header's description.
    /// @param header the header
    /// @param desc new description, at most 256 bytes
    /// @dev Emits HeaderUpdated. Reverts HeaderNotRegistered, HeaderExpired, NotHeaderOwner (owner or DNS
    /// manager), FieldTooLong.
    function updateHeader(string calldata header, string calldata desc) external;

    /// @notice Transfers a live header. Names under it keep their own owners.
    /// @param header the header
    /// @param to the new owner
    /// @dev Emits HeaderTransferred. Reverts ZeroAddress, HeaderNotRegistered, HeaderExpired, NotHeaderOwner
    /// (owner or DNS manager).
    function transferHeader(string calldata header, address to) external;

    /// @notice Deletes a header (live or expired): none of its names resolves any more, ever.
    /// @param header the header
    /// @dev Emits HeaderDeleted. Reverts DefaultHeaderLocked, HeaderNotRegistered, NotHeaderOwner (owner or DNS
    /// manager).
    function deleteHeader(string calldata header) external;

    /// @notice The stored header record (owner is address(0) if there is none); never reverts.
    /// @param header the header
    /// @return the record
    function getHeader(string calldata header) external view returns (HeaderRecord memory);

    /// @notice Whether the header is registered and not expired.
    /// @param header the header
    /// @return true if live
    function isHeaderLive(string calldata header) external view returns (bool);

    /// @notice Headers held by `owner`, in insertion order with swap-and-pop gaps (expired ones stay listed until
    /// someone registers them again or they are deleted; check expiredHeight).
    /// @param owner the owner
    /// @param offset index of the first entry
    /// @param limit maximum entries
    /// @return page the records (empty past the end)
    function headersByOwner(address owner, uint256 offset, uint256 limit)
        external
        view
        returns (HeaderRecord[] memory page);

    /// @notice Number of headers listed for `owner`.
    /// @param owner the owner
    /// @return the count
    function headerCountByOwner(address owner) external view returns (uint256);

    // ---------------------------------------------------------------- urls

    /// @notice Registers a name in one of the spec's four modes and pays urlFee to the treasury.
    /// @param mode 0 default header + random url; 1 custom header + random url; 2 default header + custom url;
    /// 3 custom header + custom url
    /// @param header empty for modes 0 and 2; a live header owned by the caller, other than the default, for 1 and 3
    /// @param url empty for modes 0 and 1; lowercase [a-z0-9-._/], 1..128 bytes for modes 2 and 3
    /// @param link the mapped link (e.g. "dsp://file?hash=..&owner=.."), at most 512 bytes, may be empty and bound
    /// later
    /// @param desc description, at most 256 bytes
    /// @param ttl lifetime in blocks from now; 0 = as long as the header lives
    /// @return url_ the url part (the generated one in modes 0 and 1)
    /// @return nameHash keccak256(bytes(header + "://" + url))
    /// @dev Emits UrlRegistered. Reverts ModeMismatch, InvalidName, FieldTooLong, HeaderNotRegistered,
    /// HeaderExpired, NotHeaderOwner, UrlAlreadyExists (the name still resolves; a revoked or expired name is
    /// replaced), and the token's errors if the fee cannot be pulled.
    function registerUrl(
        UrlMode mode,
        string memory header,
        string memory url,
        string memory link,
        string memory desc,
        uint64 ttl
    ) external returns (string memory url_, bytes32 nameHash);

    /// @notice Binds a live name to a link (the spec's "Update: update url mapping object path").
    /// @param header the header
    /// @param url the url
    /// @param link the new link, at most 512 bytes
    /// @dev Emits UrlUpdated. Reverts FieldTooLong, UrlNotFound, HeaderNotRegistered, UrlRevoked, HeaderExpired,
    /// UrlExpired, NotUrlOwner (owner or DNS manager).
    function bindUrl(string calldata header, string calldata url, string calldata link) external;

    /// @notice Updates a live name's link, description and ttl; the ttl counts from the current block.
    /// @param header the header
    /// @param url the url
    /// @param link the new link, at most 512 bytes
    /// @param desc the new description, at most 256 bytes
    /// @param ttl the new lifetime in blocks from now; 0 = as long as the header lives
    /// @dev Emits UrlUpdated. Reverts as bindUrl.
    function updateUrl(
        string memory header,
        string memory url,
        string memory link,
        string memory desc,
        uint64 ttl
    ) external;

    /// @notice Transfers a live name.
    /// @param header the header
    /// @param url the url
    /// @param to the new owner
    /// @dev Emits UrlTransferred. Reverts ZeroAddress and as bindUrl.
    function transferUrl(string calldata header, string calldata url, address to) external;

    /// @notice Deletes a name, live or not (so stale records can be cleaned up).
    /// @param header the header
    /// @param url the url
    /// @dev Emits UrlDeleted. Reverts UrlNotFound, NotUrlOwner (owner or DNS manager).
    function deleteUrl(string calldata header, string calldata url) external;

    /// @notice Resolves `header://url`.
    /// @param header the header
    /// @param url the url
    /// @return the record
    /// @dev Reverts UrlNotFound, HeaderNotRegistered (header deleted), UrlRevoked (header registered again since),
    /// HeaderExpired, UrlExpired, checked in that order.
    function resolve(string calldata header, string calldata url) external view returns (UrlRecord memory);

    /// @notice Resolves a full name "header://url" as a client would type it.
    /// @param fullName the full name
    /// @return the record
    /// @dev Reverts as resolve.
    function resolveName(string calldata fullName) external view returns (UrlRecord memory);

    /// @notice Non-reverting resolve.
    /// @param header the header
    /// @param url the url
    /// @return ok true if the name resolves
    /// @return record the stored record (returned even when ok is false, for diagnostics; empty if none)
    function tryResolve(string calldata header, string calldata url)
        external
        view
        returns (bool ok, UrlRecord memory record);

    /// @notice The stored record without liveness checks (owner is address(0) if there is none); never reverts.
    /// @param header the header
    /// @param url the url
    /// @return the record
    function getUrl(string calldata header, string calldata url) external view returns (UrlRecord memory);

    /// @notice Names of the header's current generation (empty if the header is not registered).
    /// @param header the header
    /// @param offset index of the first entry
    /// @param limit maximum entries
    /// @return page the records (empty past the end)
    function urlsByHeader(string calldata header, uint256 offset, uint256 limit)
        external
        view
        returns (UrlRecord[] memory page);

    /// @notice Number of names listed by urlsByHeader.
    /// @param header the header
    /// @return the count
    function urlCountByHeader(string calldata header) external view returns (uint256);

    /// @notice Names held by `owner` (revoked or expired ones stay listed until replaced or deleted).
    /// @param owner the owner
    /// @param offset index of the first entry
    /// @param limit maximum entries
    /// @return page the records (empty past the end)
    function urlsByOwner(address owner, uint256 offset, uint256 limit) external view returns (UrlRecord[] memory page);

    /// @notice Number of names listed for `owner`.
    /// @param owner the owner
    /// @return the count
    function urlCountByOwner(address owner) external view returns (uint256);

    /// @notice What resolving the name with record key `nameHash` gave at block `height`, valid for any height at
    /// or after `since`: the block of the last change of the name's record or its header that matters to
    /// resolution (registration, update, bind, transfer, deletion; the header's (re)registration or deletion).
    /// Liveness is judged at `height` (live while height < expiredHeight), so expiries need no transaction.
    /// The ScanRegistry checks signed SCAN answers with it.
    /// @param nameHash keccak256(bytes(header + "://" + url))
    /// @param height the block the resolution is asked for
    /// @return resolves whether the name resolved
    /// @return owner the name's owner if it resolved, else address(0)
    /// @return link the name's link if it resolved, else ""
    /// @return since block of the last relevant change (0 if the name never existed)
    function resolutionSince(bytes32 nameHash, uint64 height)
        external
        view
        returns (bool resolves, address owner, string memory link, uint64 since);

    /// @notice The record key of a name.
    /// @param header the header
    /// @param url the url
    /// @return keccak256(bytes(header + "://" + url))
    function nameHashOf(string calldata header, string calldata url) external pure returns (bytes32);
}
