// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Account registry events
interface IAccountRegistryEvents {
    /// @notice An account's public key was bound: `evm` and `dsp` now resolve to each other.
    /// @param evm the EVM address, keccak256(x || y)[12:]
    /// @param dsp the DSP address, ripemd160(sha256(compressedKey || 0xAC))
    /// @param compressedKey the 33-byte SEC1 compressed key (0x02/0x03 by y parity, then x); the
    /// submitter (the account itself or a relayer) is the transaction's sender and is not repeated here
    event AccountBound(address indexed evm, bytes20 indexed dsp, bytes compressedKey);
}
