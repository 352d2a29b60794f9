// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UrlMode} from "../types/DNSTypes.sol";

/// @title DNS registry errors
/// @notice Custom errors with the context a client needs to explain the failure. Registration failures map to
/// [55040 DSP_URL_REGISTER_FAILED], link binding failures to [55041 DSP_URL_BIND_FAILED], and
/// UrlAlreadyExists to [55013 DSP_UPLOAD_URL_EXIST].
interface IDNSRegistryErrors {
    /// @notice A header or url is empty, too long or has a character outside its alphabet.
    error InvalidName(string name);

    /// @notice A free-text field (link or desc) is longer than allowed.
    error FieldTooLong(string field, uint256 length, uint256 maxLength);

    /// @notice An address argument was zero.
    error ZeroAddress();

    /// @notice A header registration asked for an expiry that is not after the current block.
    error ExpiryNotInFuture(uint64 expiredHeight, uint256 blockNumber);

    /// @notice A renewal asked for an expiry that is not after the current one.
    error RenewalNotLater(string header, uint64 currentExpiredHeight, uint64 newExpiredHeight);

    /// @notice The header is a reserved system header and the caller lacks GOVERNANCE_ROLE.
    error ReservedHeader(string header, address caller);

    /// @notice The header is registered, owned and not expired.
    error HeaderAlreadyRegistered(string header, address owner, uint64 expiredHeight);

    /// @notice The header was never registered, or was deleted.
    error HeaderNotRegistered(string header);

    /// @notice The header's expiry height has been reached.
    error HeaderExpired(string header, uint64 expiredHeight, uint256 blockNumber);

    /// @notice The default header can never be deleted: modes 0 and 2 depend on it.
    error DefaultHeaderLocked(string header);

    /// @notice The caller is neither the header's owner nor (where allowed) the DNS manager.
    error NotHeaderOwner(string header, address caller, address owner);

    /// @notice The caller is neither the name's owner nor the DNS manager.
    error NotUrlOwner(string name, address caller, address owner);

    /// @notice The name is already registered and still resolves [55013 DSP_UPLOAD_URL_EXIST].
    error UrlAlreadyExists(string name, address owner);

    /// @notice No record for the name.
    error UrlNotFound(string name);

    /// @notice The name was made under an earlier generation of its header (the header was deleted or expired and
    /// registered again since), so it never resolves again.
    error UrlRevoked(string name, uint64 urlGeneration, uint64 headerGeneration);

    /// @notice The name's own ttl has run out.
    error UrlExpired(string name, uint64 expiredHeight, uint256 blockNumber);

    /// @notice The header/url arguments do not fit the mode: random-url modes take an empty url, custom-url modes a
    /// non-empty one; default-header modes take an empty header, custom-header modes a non-default one.
    error ModeMismatch(UrlMode mode, string header, string url);
}
