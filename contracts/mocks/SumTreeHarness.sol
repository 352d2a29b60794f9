// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SumTree} from "../libraries/SumTree.sol";

/// @title SumTree harness (tests only)
/// @notice Exposes one SumTree so tests can check the library against a model and measure its gas.
/// The getters read the header through Solidity's own struct layout, which cross-checks the
/// library's packed header reads and writes; `nodeWords` does the same for its mapping slots.
contract SumTreeHarness {
    using SumTree for SumTree.Tree;

    SumTree.Tree private tree;

    /// @notice Gas of the last gasOfFindMany (written so that function is a real transaction).
    uint256 public lastFindGas;

    /// @notice SumTree.push.
    /// @param weight the new id's weight
    /// @return id the new id
    function push(uint64 weight) external returns (uint32 id) {
        return tree.push(weight);
    }

    /// @notice SumTree.push for each weight in order (builds large trees in few transactions).
    /// @param ws the weights of the new ids
    function pushMany(uint64[] calldata ws) external {
        for (uint256 i; i < ws.length; ++i) tree.push(ws[i]);
    }

    /// @notice SumTree.set.
    /// @param id an existing id
    /// @param weight its new weight
    function set(uint32 id, uint64 weight) external {
        tree.set(id, weight);
    }

    /// @notice Runs a sequence of push and set in one transaction.
    /// @param ops one op per word: bit 255 set means set(uint32(op >> 64), uint64(op)), clear
    /// means push(uint64(op))
    function applyOps(uint256[] calldata ops) external {
        for (uint256 i; i < ops.length; ++i) {
            uint256 op = ops[i];
            if (op >> 255 == 1) tree.set(uint32(op >> 64), uint64(op));
            else tree.push(uint64(op));
        }
    }

    /// @notice SumTree.weightOf.
    /// @param id an existing id
    /// @return its weight
    function weightOf(uint32 id) external view returns (uint64) {
        return tree.weightOf(id);
    }

    /// @notice SumTree.weightOf for each id.
    /// @param ids existing ids
    /// @return ws their weights
    function weightOfMany(uint32[] calldata ids) external view returns (uint64[] memory ws) {
        ws = new uint64[](ids.length);
        for (uint256 i; i < ids.length; ++i) ws[i] = tree.weightOf(ids[i]);
    }

    /// @notice SumTree.find.
    /// @param x a position below total
    /// @return id the id whose range holds x
    /// @return offset x's offset in that range
    function find(uint256 x) external view returns (uint32 id, uint64 offset) {
        return tree.find(x);
    }

    /// @notice SumTree.find for each position.
    /// @param xs positions below total
    /// @return ids the ids whose ranges hold them
    /// @return offsets their offsets in those ranges
    function findMany(uint256[] calldata xs) external view returns (uint32[] memory ids, uint64[] memory offsets) {
        ids = new uint32[](xs.length);
        offsets = new uint64[](xs.length);
        for (uint256 i; i < xs.length; ++i) (ids[i], offsets[i]) = tree.find(xs[i]);
    }

    /// @notice Gas spent by SumTree.find over xs, as findMany does it (results kept in memory),
    /// measured with gasleft() around the loop; called alone (eth_call) every read is cold.
    /// @param xs positions below total
    /// @return gasUsed gas of the loop
    function gasOfFindMany(uint256[] calldata xs) external returns (uint256 gasUsed) {
        uint32[] memory ids = new uint32[](xs.length);
        uint64[] memory offsets = new uint64[](xs.length);
        uint256 before = gasleft();
        for (uint256 i; i < xs.length; ++i) (ids[i], offsets[i]) = tree.find(xs[i]);
        gasUsed = before - gasleft();
        lastFindGas = gasUsed;
    }

    /// @notice Sum of all weights.
    /// @return the tree's total
    function total() external view returns (uint64) {
        return tree.total;
    }

    /// @notice Number of levels.
    /// @return the tree's depth
    function depth() external view returns (uint8) {
        return tree.depth;
    }

    /// @notice Number of ids allocated.
    /// @return the tree's size
    function size() external view returns (uint32) {
        return tree.size;
    }

    /// @notice Raw node words, read through Solidity's mapping (checks the library's slot hashing).
    /// @param keys (uint256(level) << 32) | index for each word
    /// @return words the stored words
    function nodeWords(uint256[] calldata keys) external view returns (uint256[] memory words) {
        words = new uint256[](keys.length);
        for (uint256 i; i < keys.length; ++i) words[i] = tree.nodes[keys[i]];
    }

    /// @notice Overwrites the size field (corrupts the tree): lets a test reach SumTreeFull.
    /// @param newSize the size to record
    function forceSize(uint32 newSize) external {
        tree.size = newSize;
    }
}
