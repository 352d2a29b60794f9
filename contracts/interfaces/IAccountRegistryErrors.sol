// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Account registry errors
/// @notice Custom errors of the AccountRegistry, each carrying the values that caused it.
interface IAccountRegistryErrors {
    /// @notice The public key is neither 64 bytes (x || y) nor 65 bytes (0x04 || x || y).
    /// @param length the length that was given
    error InvalidPublicKeyLength(uint256 length);

    /// @notice A 65-byte public key did not start with 0x04 (the SEC1 uncompressed tag).
    /// @param prefix the first byte that was given
    error InvalidPublicKeyPrefix(bytes1 prefix);

    /// @notice (x, y) is not a point of secp256k1: a coordinate is not below the field prime p,
    /// or y^2 != x^3 + 7 (mod p).
    /// @param x the x coordinate that was given
    /// @param y the y coordinate that was given
    error PublicKeyNotOnCurve(uint256 x, uint256 y);

    /// @notice The EVM address derived from the key is already bound.
    /// @param evm the EVM address, keccak256(x || y)[12:]
    /// @param dsp the DSP address it is bound to
    error AlreadyBound(address evm, bytes20 dsp);

    /// @notice The DSP address derived from the key already points at another EVM address.
    /// @dev Needs a sha256/ripemd160 collision between two keys; kept so the dsp -> evm map can
    /// never be overwritten, whatever the hash functions turn out to allow.
    /// @param dsp the DSP address derived from the key
    /// @param boundTo the EVM address it already resolves to
    error DspAddressTaken(bytes20 dsp, address boundTo);

    /// @notice The EVM address has no bound public key.
    /// @param evm the EVM address looked up
    error AccountNotBound(address evm);

    /// @notice No EVM address is bound to the DSP address.
    /// @param dsp the DSP address looked up
    error DspAddressNotBound(bytes20 dsp);
}
