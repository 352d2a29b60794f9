// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Weighted sum tree with four 64-bit sums per storage word
/// @notice Maps a position x in [0, total) to the id whose weight range holds it, where the ids
/// 0 .. size-1 lie one after another in id order, each as wide as its weight. The PDP verifier
/// uses it to turn ~32 uniform draws over a node's leaves into (piece, leaf offset) pairs.
/// Layout (other code relies on it):
/// - a storage word has 4 lanes of 64 bits; lane c occupies bits [64c, 64c+64);
/// - `nodes[(uint256(level) << 32) | index]` is the word `index` of `level`;
/// - level 0 word `index` holds the weights of ids 4*index .. 4*index+3, lane = id & 3;
/// - level L word `index` holds in lane c the sum of the four lanes of level L-1 word 4*index+c;
/// - the root is the word (depth-1, 0); a tree of depth d holds up to 4**d ids.
/// @dev Why four lanes: each level of a lookup is one cold SLOAD (2100 gas), so the fan-out per
/// word sets the cost. Four 64-bit sums fill a word exactly, and give depth ceil(log4(size)):
/// 7 reads for 10,000 pieces instead of 14 for a binary tree. A lane can never overflow because
/// every lane is at most `total`, which is kept <= type(uint64).max.
/// Why assembly: the header (depth, size, total) shares one slot and is read and written as one
/// word; a node's slot is one keccak over scratch memory where the mapping's slot is stored once
/// per call; lanes are picked with shifts and masks, and the lane scan in `find` stops at the
/// first lane that holds x. The SLOADs are then ~80% of the gas of 32 lookups over 10,000 ids.
library SumTree {
    /// @notice A sum tree; the zero value is an empty tree.
    /// @dev depth, size and total share the struct's first slot (bits [0,8), [8,40), [40,104)),
    /// which the header helpers below read and write as a whole; `nodes` is the next slot.
    struct Tree {
        uint8 depth; // number of levels; 0 when empty
        uint32 size; // ids allocated: 0 .. size-1
        uint64 total; // sum of all weights
        mapping(uint256 => uint256) nodes; // key = (uint256(level) << 32) | index
    }

    /// @notice `find` was asked for a position at or past the end of the tree.
    error SumTreeOutOfRange(uint256 x, uint256 total);
    /// @notice `set` or `weightOf` was given an id that `push` never returned.
    error SumTreeNoSuchId(uint256 id, uint256 size);
    /// @notice `push` would make size exceed type(uint32).max.
    error SumTreeFull();
    /// @notice The total weight would exceed type(uint64).max.
    error SumTreeOverflow();

    /// @dev One 64-bit lane; also the largest total.
    uint256 private constant LANE = 0xffffffffffffffff;

    /// @notice Appends an id with the given weight.
    /// @param t the tree
    /// @param weight the new id's weight (0 allocates an id that `find` never returns until `set`)
    /// @return id the new id, equal to the size before the call
    /// @dev Writes the header and, for a nonzero weight, one lane per level. When the tree is
    /// full (size == 4**depth, or empty) it first grows by one level: the new root (depth, 0)
    /// gets the old total in lane 0, since the old root's four lanes sum to it.
    function push(Tree storage t, uint64 weight) internal returns (uint32 id) {
        (uint256 depth, uint256 size, uint256 total) = _readHeader(t);
        if (size == type(uint32).max) revert SumTreeFull();
        uint256 newTotal = total + weight;
        if (newTotal > LANE) revert SumTreeOverflow();
        if (depth == 0 || size == 1 << (2 * depth)) {
            // The new root starts empty (no level `depth` word was ever written); skip a store of 0.
            if (total != 0) t.nodes[depth << 32] = total;
            ++depth;
        }
        _writeHeader(t, depth, size + 1, newTotal);
        // A fresh id's level-0 lane is 0, so adding the weight along the path writes it too.
        if (weight != 0) _addAlongPath(_nodesSlot(t), size, depth, weight);
        return uint32(size);
    }

    /// @notice Changes the weight of an existing id.
    /// @param t the tree
    /// @param id an id below size
    /// @param weight its new weight (0 removes it from `find`'s ranges; the id stays allocated)
    /// @dev Reads the old weight, then adds the difference to the id's lane at every level
    /// (depth read-modify-writes) and to the total. A call that changes nothing writes nothing.
    function set(Tree storage t, uint32 id, uint64 weight) internal {
        (uint256 depth, uint256 size, uint256 total) = _readHeader(t);
        if (id >= size) revert SumTreeNoSuchId(id, size);
        uint256 slot = _nodesSlot(t);
        uint256 old = _leafWeight(slot, id);
        if (old == weight) return;
        uint256 newTotal = total - old + weight; // old <= total, so this cannot underflow
        if (newTotal > LANE) revert SumTreeOverflow();
        _writeHeader(t, depth, size, newTotal);
        uint256 delta;
        unchecked {
            // Two's complement of the decrease when weight < old; see _addAlongPath.
            delta = uint256(weight) - old;
        }
        _addAlongPath(slot, id, depth, delta);
    }

    /// @notice Weight of an id.
    /// @param t the tree
    /// @param id an id below size
    /// @return the id's current weight
    function weightOf(Tree storage t, uint32 id) internal view returns (uint64) {
        (, uint256 size,) = _readHeader(t);
        if (id >= size) revert SumTreeNoSuchId(id, size);
        return uint64(_leafWeight(_nodesSlot(t), id));
    }

    /// @notice The id whose range holds position x, and x's offset inside that range.
    /// @param t the tree
    /// @param x a position below total
    /// @return id the id with prefix(id) <= x < prefix(id) + weightOf(id), where prefix(id) is the
    /// sum of the weights of the ids below it; never an id of weight 0
    /// @return offset x - prefix(id), below weightOf(id)
    /// @dev One SLOAD per level from the root down. In a word, the first lane c whose weight w
    /// satisfies x < w is taken (x -= w for each lane passed), then the walk goes down to word
    /// 4*index+c. Lane 3 is never compared: x is below the word's sum (the parent lane, or the
    /// total at the root), so if x passed lanes 0..2 it lies in lane 3.
    function find(Tree storage t, uint256 x) internal view returns (uint32 id, uint64 offset) {
        (uint256 depth,, uint256 total) = _readHeader(t);
        if (x >= total) revert SumTreeOutOfRange(x, total);
        uint256 slot = _nodesSlot(t);
        uint256 index;
        assembly ("memory-safe") {
            // keccak256(key . slot) is the mapping's slot of `key`; the slot half is fixed.
            mstore(0x20, slot)
            // On the stack once: the optimizer would otherwise rebuild the constant as
            // (1 << 64) - 1 at each of its uses, five opcodes each, three times per level.
            let lane := LANE
            for { let level := depth } level {} {
                level := sub(level, 1)
                mstore(0x00, or(shl(32, level), index))
                let word := sload(keccak256(0x00, 0x40))
                index := shl(2, index)
                // Lanes 0, 1, 2 in turn: while x is at or past the lane's end, drop its weight and
                // move right. A lane of weight 0 is always passed (x < 0 is false). Branches, not
                // arithmetic on all three lanes: most walks stop after one or two lanes.
                let w := and(word, lane)
                if iszero(lt(x, w)) {
                    x := sub(x, w)
                    w := and(shr(64, word), lane)
                    switch lt(x, w)
                    case 1 { index := add(index, 1) }
                    default {
                        x := sub(x, w)
                        w := and(shr(128, word), lane)
                        switch lt(x, w)
                        case 1 { index := add(index, 2) }
                        default {
                            x := sub(x, w)
                            index := add(index, 3)
                        }
                    }
                }
            }
        }
        // After level 0, index is the id; x < its weight <= total < 2^64.
        return (uint32(index), uint64(x));
    }

    /// @dev Adds `delta` (mod 2^256) to the lane of `id` in every level 0 .. depth-1. A decrease is
    /// passed as its two's complement: shifted into lane c and added, it subtracts from lane c
    /// exactly, with no borrow from the lanes above, because lane c holds at least the old weight.
    /// An increase never carries into the next lane because the new lane value is <= total < 2^64.
    function _addAlongPath(uint256 slot, uint256 id, uint256 depth, uint256 delta) private {
        assembly ("memory-safe") {
            mstore(0x20, slot)
            for { let level := 0 } lt(level, depth) { level := add(level, 1) } {
                // Below `level` the id has used 2*level bits: the next 2 are its lane in this word,
                // the rest the word's index.
                let used := shl(1, level)
                mstore(0x00, or(shl(32, level), shr(add(used, 2), id)))
                let s := keccak256(0x00, 0x40)
                sstore(s, add(sload(s), shl(shl(6, and(shr(used, id), 3)), delta)))
            }
        }
    }

    /// @dev Level-0 lane of `id`: the id's weight.
    function _leafWeight(uint256 slot, uint256 id) private view returns (uint256 w) {
        assembly ("memory-safe") {
            mstore(0x00, shr(2, id)) // key of level 0 word id/4: the level bits are 0
            mstore(0x20, slot)
            w := and(shr(shl(6, and(id, 3)), sload(keccak256(0x00, 0x40))), LANE)
        }
    }

    /// @dev Storage slot of `t.nodes`, for hashing keys in assembly (view only because the compiler
    /// counts naming a storage member as a read; no SLOAD is emitted).
    function _nodesSlot(Tree storage t) private view returns (uint256 s) {
        mapping(uint256 => uint256) storage m = t.nodes;
        assembly ("memory-safe") {
            s := m.slot
        }
    }

    /// @dev depth, size and total in one SLOAD (the struct packs them into its first slot).
    function _readHeader(Tree storage t) private view returns (uint256 depth, uint256 size, uint256 total) {
        assembly ("memory-safe") {
            let h := sload(t.slot)
            depth := and(h, 0xff)
            size := and(shr(8, h), 0xffffffff)
            total := and(shr(40, h), LANE)
        }
    }

    /// @dev Writes depth, size and total in one SSTORE; callers pass values that fit their fields.
    /// The rest of the slot is padding, so overwriting it is harmless.
    function _writeHeader(Tree storage t, uint256 depth, uint256 size, uint256 total) private {
        assembly ("memory-safe") {
            sstore(t.slot, or(depth, or(shl(8, size), shl(40, total))))
        }
    }
}
