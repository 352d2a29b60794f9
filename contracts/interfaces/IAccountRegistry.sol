// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccountRegistryEvents} from "./IAccountRegistryEvents.sol";
import {IAccountRegistryErrors} from "./IAccountRegistryErrors.sol";

/// @title DSP account registry
/// @notice Binds a secp256k1 public key to the two addresses it defines, so either resolves to the
/// other:
///  - the EVM address, the last 20 bytes of keccak256(x || y), which sends transactions;
///  - the DSP address of the spec ("Account and Crypto Architecture", 7 steps), whose 20-byte
///    core is ripemd160(sha256(compressedKey || 0xAC)), compressedKey being the 33-byte SEC1
///    encoding (0x02 if y is even, 0x03 if odd, then x). The base58 string adds the 0x17 version
///    byte and a 4-byte double-sha256 checksum; that is presentation and is computed off-chain.
/// @dev Binding is permissionless: the key fixes the EVM address, so a key can only ever be
/// bound to the one address it belongs to, and submitting it reveals nothing secret. Anyone (the
/// account or a relayer) may therefore bind it, which makes registration gasless for the owner.
interface IAccountRegistry is IAccountRegistryEvents, IAccountRegistryErrors {
    /// @notice Binds the account of `publicKey`: records its DSP address, its compressed key, and
    /// the DSP -> EVM reverse entry.
    /// @dev Anyone may call it for any key; the account bound is the one derived from the key, not
    /// msg.sender. Emits AccountBound(evm, dsp, compressedKey).
    /// Reverts InvalidPublicKeyLength(length) unless the key is 64 or 65 bytes,
    /// InvalidPublicKeyPrefix(prefix) if a 65-byte key does not start with 0x04,
    /// PublicKeyNotOnCurve(x, y) if (x, y) is not a secp256k1 point,
    /// AlreadyBound(evm, dsp) if the account is already bound (an account binds once),
    /// DspAddressTaken(dsp, boundTo) if the DSP address already resolves elsewhere.
    /// @param publicKey the uncompressed secp256k1 key: x || y (64 bytes) or 0x04 || x || y (65 bytes)
    /// @return evm the EVM address bound
    /// @return dsp the DSP address (20-byte core) bound
    function bind(bytes calldata publicKey) external returns (address evm, bytes20 dsp);

    /// @notice Computes, without storing anything, what bind(publicKey) would record.
    /// @dev For off-chain cross-checks of a client's address code. Reverts like bind for a
    /// malformed key or one not on the curve.
    /// @param publicKey the uncompressed secp256k1 key: x || y (64 bytes) or 0x04 || x || y (65 bytes)
    /// @return evm the EVM address, keccak256(x || y)[12:]
    /// @return dsp the DSP address core, ripemd160(sha256(compressed || 0xAC))
    /// @return compressed the 33-byte SEC1 compressed key
    function computeDspAddress(bytes calldata publicKey)
        external
        pure
        returns (address evm, bytes20 dsp, bytes memory compressed);

    /// @notice The DSP address bound to an EVM address.
    /// @param evm the EVM address
    /// @return dsp the DSP address core, or zero if `evm` is not bound
    function dspAddressOf(address evm) external view returns (bytes20 dsp);

    /// @notice The EVM address bound to a DSP address.
    /// @param dsp the DSP address core (20 bytes, without version byte or checksum)
    /// @return evm the EVM address, or zero if `dsp` is not bound
    function evmAddressOf(bytes20 dsp) external view returns (address evm);

    /// @notice The compressed public key bound to an EVM address.
    /// @param evm the EVM address
    /// @return compressed the 33-byte SEC1 compressed key, or empty bytes if `evm` is not bound
    function publicKeyOf(address evm) external view returns (bytes memory compressed);

    /// @notice Whether an EVM address has bound its public key.
    /// @param evm the EVM address
    /// @return bound true once bind succeeded for the key of `evm`
    function isBound(address evm) external view returns (bool bound);

    /// @notice The DSP address of a bound EVM address, for contracts that need one.
    /// @dev Reverts AccountNotBound(evm) if `evm` is not bound.
    /// @param evm the EVM address
    /// @return dsp the DSP address core
    function requireDsp(address evm) external view returns (bytes20 dsp);

    /// @notice The EVM address of a bound DSP address, for contracts that need one.
    /// @dev Reverts DspAddressNotBound(dsp) if `dsp` is not bound.
    /// @param dsp the DSP address core
    /// @return evm the EVM address
    function requireEvm(bytes20 dsp) external view returns (address evm);
}
