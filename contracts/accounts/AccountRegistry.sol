// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccountRegistry} from "../interfaces/IAccountRegistry.sol";

/// @title DSP account registry
/// @notice Binds an account's secp256k1 public key to its EVM address and records its DSP address,
/// so either resolves to the other. See IAccountRegistry for the address recipes.
/// @dev One key pair is one account. The EVM address is keccak256(x || y)[12:]; the DSP address
/// core is ripemd160(sha256(compressed || 0xAC)), where compressed is the 33-byte SEC1 key. The
/// recipe is the spec's step 1 taken literally (key bytes, then 0xAC, the CHECKSIG opcode of the
/// Ontology VM the original DSP ran on), with the key in its compressed form, as Ontology
/// serialized keys; that also makes the DSP address independent of how the caller encoded the key
/// (64 or 65 bytes). It is NOT byte-compatible with Ontology addresses: Ontology hashed a VM
/// program, PUSHBYTES(len) || key || CHECKSIG, i.e. with a 0x21 length byte in front.
contract AccountRegistry is IAccountRegistry {
    /// @dev secp256k1 field prime.
    uint256 private constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
    /// @dev secp256k1 curve constant b in y^2 = x^3 + b (a = 0).
    uint256 private constant B = 7;
    /// @dev Byte appended to the key in the DSP address code (step 1 of the spec; CHECKSIG).
    bytes1 private constant ADDRESS_CODE_SUFFIX = 0xAC;

    /// @dev 2 slots per account: the DSP address and y parity share a slot, x takes the other.
    /// y is not stored: it follows from x and its parity, and no EVM use needs it (ecrecover
    /// yields addresses, not keys). That saves a 20k-gas SSTORE per bind.
    struct Account {
        bytes20 dsp; // zero iff unbound (a ripemd160 output of zero is not a practical concern)
        uint8 yParity; // 0 even, 1 odd: the compressed prefix is 0x02 + yParity
        uint256 x;
    }

    mapping(address evm => Account) private _accounts;
    mapping(bytes20 dsp => address evm) private _evmOf;

    /// @inheritdoc IAccountRegistry
    /// @dev Why no msg.sender check: keccak256(x || y) fixes the EVM address, so a key can only
    /// bind the one account it belongs to, and a public key is public data (it is recoverable from
    /// any signature the account sends). What is stored is a pure function of the key; a relayer
    /// cannot choose anything, so letting anyone submit it costs nothing and makes registration
    /// gasless for the owner. The only effect of a third party binding first is that the owner's
    /// own later bind reverts AlreadyBound with the very values it would have stored.
    function bind(bytes calldata publicKey) external returns (address evm, bytes20 dsp) {
        (uint256 x, uint256 y) = _parse(publicKey);
        bytes memory compressed;
        (evm, dsp, compressed) = _derive(x, y);

        Account storage account = _accounts[evm];
        if (account.dsp != bytes20(0)) revert AlreadyBound(evm, account.dsp);
        // Unreachable without a hash collision (one EVM address has one key, hence one DSP
        // address), but the reverse map must never be overwritten.
        address boundTo = _evmOf[dsp];
        if (boundTo != address(0)) revert DspAddressTaken(dsp, boundTo);

        account.dsp = dsp;
        account.yParity = uint8(y & 1);
        account.x = x;
        _evmOf[dsp] = evm;
        emit AccountBound(evm, dsp, compressed);
    }

    /// @inheritdoc IAccountRegistry
    function computeDspAddress(bytes calldata publicKey)
        external
        pure
        returns (address evm, bytes20 dsp, bytes memory compressed)
    {
        (uint256 x, uint256 y) = _parse(publicKey);
        return _derive(x, y);
    }

    /// @inheritdoc IAccountRegistry
    function dspAddressOf(address evm) external view returns (bytes20 dsp) {
        return _accounts[evm].dsp;
    }

    /// @inheritdoc IAccountRegistry
    function evmAddressOf(bytes20 dsp) external view returns (address evm) {
        return _evmOf[dsp];
    }

    /// @inheritdoc IAccountRegistry
    function publicKeyOf(address evm) external view returns (bytes memory compressed) {
        Account storage account = _accounts[evm];
        if (account.dsp == bytes20(0)) return "";
        return _compress(account.x, account.yParity);
    }

    /// @inheritdoc IAccountRegistry
    function isBound(address evm) external view returns (bool bound) {
        return _accounts[evm].dsp != bytes20(0);
    }

    /// @inheritdoc IAccountRegistry
    function requireDsp(address evm) external view returns (bytes20 dsp) {
        dsp = _accounts[evm].dsp;
        if (dsp == bytes20(0)) revert AccountNotBound(evm);
    }

    /// @inheritdoc IAccountRegistry
    function requireEvm(bytes20 dsp) external view returns (address evm) {
        evm = _evmOf[dsp];
        if (evm == address(0)) revert DspAddressNotBound(dsp);
    }

    /// @dev Splits a 64-byte (x || y) or 65-byte (0x04 || x || y) key and checks that it is a
    /// secp256k1 point. Both coordinates must be canonical (< p): the mulmod check alone would
    /// accept x + p for a small x, and that encoding would hash to a different EVM address than
    /// the point's real one. (0, 0), the usual encoding of infinity, fails y^2 = x^3 + 7.
    /// No subgroup check is needed: secp256k1 has cofactor 1.
    function _parse(bytes calldata publicKey) private pure returns (uint256 x, uint256 y) {
        uint256 offset;
        if (publicKey.length == 65) {
            if (publicKey[0] != 0x04) revert InvalidPublicKeyPrefix(publicKey[0]);
            offset = 1;
        } else if (publicKey.length != 64) {
            revert InvalidPublicKeyLength(publicKey.length);
        }
        x = uint256(bytes32(publicKey[offset:offset + 32]));
        y = uint256(bytes32(publicKey[offset + 32:offset + 64]));
        if (x >= P || y >= P || mulmod(y, y, P) != addmod(mulmod(mulmod(x, x, P), x, P), B, P)) {
            revert PublicKeyNotOnCurve(x, y);
        }
    }

    /// @dev The EVM address, DSP address core and compressed key of a checked point.
    /// Uses the sha256 (0x02) and ripemd160 (0x03) precompiles through the Solidity builtins.
    function _derive(uint256 x, uint256 y)
        private
        pure
        returns (address evm, bytes20 dsp, bytes memory compressed)
    {
        evm = address(uint160(uint256(keccak256(abi.encodePacked(x, y)))));
        compressed = _compress(x, uint8(y & 1));
        // Spec steps 1-3: address_code = key || 0xAC; sha256; ripemd160. Steps 4-7 (0x17 version
        // byte, double-sha256 checksum, base58) only format these 20 bytes and stay off-chain.
        dsp = ripemd160(abi.encodePacked(sha256(abi.encodePacked(compressed, ADDRESS_CODE_SUFFIX))));
    }

    /// @dev SEC1 compressed encoding: 0x02 (y even) or 0x03 (y odd), then x as 32 bytes.
    function _compress(uint256 x, uint8 yParity) private pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x02 + yParity), bytes32(x));
    }
}
