// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Strict decoding of signed SCAN answers
/// @notice Each answer must be the canonical ABI encoding of its kind's type, so that one meaning has one
/// answerHash and a malformed answer is refused with a clear error instead of abi.decode's empty revert.
/// Every function returns ok = false for anything else.
library ScanAnswers {
    /// @notice abi.encode(address owner): one word whose upper 12 bytes are zero.
    function decodeOwner(bytes calldata a) internal pure returns (bool ok, address owner) {
        if (a.length != 32) return (false, address(0));
        uint256 w = _word(a, 0);
        if (w >> 160 != 0) return (false, address(0));
        return (true, address(uint160(w)));
    }

    /// @notice abi.encode(address[] holders) with the holders in strictly ascending order (so also distinct).
    function decodeHolders(bytes calldata a) internal pure returns (bool ok, address[] memory holders) {
        if (a.length < 64 || _word(a, 0) != 32) return (false, holders);
        uint256 n = _word(a, 32);
        if (n > (a.length - 64) / 32 || a.length != 64 + 32 * n) return (false, holders);
        holders = new address[](n);
        uint256 previous;
        for (uint256 i; i < n; ++i) {
            uint256 w = _word(a, 64 + 32 * i);
            if (w >> 160 != 0 || (i != 0 && w <= previous)) return (false, holders);
            holders[i] = address(uint160(w));
            previous = w;
        }
        return (true, holders);
    }

    /// @notice abi.encode(bool resolves, address owner, string link); a name that does not resolve is
    /// (false, address(0), "").
    function decodeResolution(bytes calldata a)
        internal
        pure
        returns (bool ok, bool resolves, address owner, bytes calldata link)
    {
        link = a[0:0];
        if (a.length < 128) return (false, false, address(0), link);
        uint256 flag = _word(a, 0);
        uint256 ownerWord = _word(a, 32);
        uint256 len = _word(a, 96);
        if (flag > 1 || ownerWord >> 160 != 0 || _word(a, 64) != 96 || len > a.length) {
            return (false, false, address(0), link);
        }
        uint256 padded = (len + 31) / 32 * 32;
        if (a.length != 128 + padded) return (false, false, address(0), link);
        // The bytes after the string in its last word must be zero.
        if (padded != len && bytes32(a[96 + padded:128 + padded]) << (8 * (len + 32 - padded)) != 0) {
            return (false, false, address(0), link);
        }
        resolves = flag == 1;
        owner = address(uint160(ownerWord));
        link = a[128:128 + len];
        if (!resolves && (owner != address(0) || len != 0)) return (false, false, address(0), link);
        ok = true;
    }

    function _word(bytes calldata a, uint256 at) private pure returns (uint256) {
        return uint256(bytes32(a[at:at + 32]));
    }
}
