// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PDP Merkle tree over a file's data
/// @notice The tree the PDP verifier checks (docs/proofs.md has the full definition and the numbers):
/// - the file's stored bytes are cut into 32-byte leaves (the last one zero-padded);
/// - leaf node  = first 16 bytes of keccak256(0x00 || leaf);
/// - inner node = first 16 bytes of keccak256(0x01 || left || right);
/// - the tree is binary and complete to depth ceil(log2(leafCount)); a subtree with no real leaf
///   is the zero node, and a node's left/right order comes from its index bit, so a proof is
///   bound to the leaf's position (sorted-pair hashing, as in OpenZeppelin's MerkleProof, is not).
/// @dev Why 16-byte nodes: calldata is the cost of a proof. Under EIP-7623 a nonzero calldata byte
/// costs ~40 gas, so a 32-challenge proof of a 1 GiB file with 32-byte nodes (~22 KB) cannot get
/// under ~900k gas. Soundness needs second-preimage resistance of the committed tree, which a
/// 128-bit truncation keeps at 2^128 work.
/// Why keccak256: the opcode costs 42 gas for a node where a call to the sha256 precompile costs
/// ~200; over the ~830 hashes of a 32-challenge proof of 1 GiB that is ~140k gas on every proof,
/// against ~40% more hashing time once per file on the nodes (measured: docs/proofs.md).
/// Why a multiproof with on-chain indices: the verifier derives the challenged indices itself, so
/// the order in which siblings are consumed is fixed by the indices and needs no flags at all;
/// siblings shared by two challenged paths are sent once.
library PDPMerkle {
    /// @notice The sibling list ended early or had nodes left over.
    error ProofLengthMismatch(uint256 expected, uint256 given);
    /// @notice The leaves blob is not 32 bytes per challenged index.
    error LeavesLengthMismatch(uint256 expected, uint256 given);

    /// @notice Depth of the tree over `leafCount` leaves: ceil(log2(leafCount)), 0 for one leaf.
    /// @dev The bit length of leafCount - 1: OpenZeppelin's branch-free log2, a fixed cost where a loop
    /// over the levels costs ~70 gas per level.
    function depthOf(uint256 leafCount) internal pure returns (uint256) {
        return leafCount <= 1 ? 0 : Math.log2(leafCount - 1) + 1;
    }

    /// @notice Root implied by the challenged leaves and the siblings the prover sent.
    /// @param indices challenged leaf indices, strictly increasing, each < 2^depth and < 2^64;
    /// used as working memory and overwritten
    /// @param leaves 32 bytes per index, in the same order
    /// @param proof 16 bytes per sibling, in the order this function consumes them: level by level
    /// from the leaves up, left to right, skipping siblings that are themselves on a challenged path
    /// @dev Gas is the point of this function (docs/gas.md): each working word packs a node's
    /// 16-byte hash (high half) with its index (low half), so one mload serves both; the domain
    /// byte sits just before an aligned scratch area and is written once per phase, not per hash;
    /// a short proof reads zero siblings past its end and is caught by the final length check.
    function computeRoot(uint256[] memory indices, bytes calldata leaves, bytes calldata proof, uint256 depth)
        internal
        pure
        returns (bytes16 root)
    {
        uint256 n = indices.length;
        if (leaves.length != n * 32) revert LeavesLengthMismatch(n * 32, leaves.length);
        uint256 leafPtr;
        uint256 proofPtr;
        assembly ("memory-safe") {
            leafPtr := leaves.offset
            proofPtr := proof.offset
        }
        uint256 end;
        (root, end) = computeRootAt(indices, leafPtr, proofPtr, depth);
        uint256 used = end - proofPtr;
        if (used != proof.length) revert ProofLengthMismatch(used, proof.length);
    }

    /// @notice computeRoot over a part of larger blobs, by calldata position: the leaves start at calldata
    /// offset `leafPtr`, the siblings at `proofPtr`; returns the root and the calldata offset where the
    /// siblings it used end.
    /// @dev The caller checks lengths: past the end of calldata the reads are zeros, which lead to a wrong
    /// root, and the caller compares the final sibling offset with the proof's end. A per-node proof
    /// (PDPVerifier) runs this once per challenged piece over one leaves blob and one proof blob. Raw
    /// offsets rather than calldata slices keep the frame small enough for the stack.
    function computeRootAt(uint256[] memory indices, uint256 leafPtr, uint256 proofPtr, uint256 depth)
        internal
        pure
        returns (bytes16 root, uint256 proofEnd)
    {
        uint256 base;
        assembly ("memory-safe") {
            base := add(indices, 0x20)
        }
        return computeRootIn(base, indices.length, leafPtr, proofPtr, depth);
    }

    /// @notice computeRootAt over `n` index words at memory `base` (used as working memory and
    /// overwritten): what the PDP verifier calls on the part of its located challenges that falls in
    /// one piece, with no copy. Only the low 128 bits of each word are read as the index, so the caller
    /// may keep other data in the high half.
    /// @dev Three phases, each consuming siblings in the order the level-by-level multiproof fixes:
    /// 1. The levels below the first one where two consecutive paths meet (m, from the smallest xor of
    ///    consecutive indices; all of them for one index): no node there has its sibling among the
    ///    challenged ones, so each level takes n siblings, one per path in path order, and each path is
    ///    hashed up those m levels on its own, in registers, its sibling at level L being number L*n + i.
    /// 2. The general level-by-level merge, while more than one node is left.
    /// 3. One node left: hashed up the remaining levels in registers.
    /// For any input this gives the same root and sibling count as the plain level-by-level walk.
    function computeRootIn(uint256 base, uint256 n, uint256 leafPtr, uint256 proofPtr, uint256 depth)
        internal
        pure
        returns (bytes16 root, uint256 proofEnd)
    {
        if (n == 0) return (bytes16(0), proofPtr);
        assembly ("memory-safe") {
            // Scratch: the domain byte at kp, the 32 bytes hashed after it at kp + 1.
            let kp := mload(0x40)
            let end0 := add(base, shl(5, n))
            mstore8(kp, 0)
            let mx0 := leafHashes(base, end0, leafPtr, kp)
            mstore8(kp, 1)
            // m0: the levels of phase 1 (below the first where two consecutive paths are siblings: the
            // bit length of the smallest xor, minus one; 0 when two indices are equal); depth for one index
            let m0 := depth
            if gt(n, 1) {
                let b0 := floorLog2(mx0)
                if lt(b0, m0) { m0 := b0 }
            }
            let off0 := proofPtr
            if m0 {
                off0 := paths(base, end0, off0, m0, kp)
                depth := sub(depth, m0)
            }
            off0, depth := merge(base, end0, off0, depth, kp)
            let h0 := and(mload(base), not(0xffffffffffffffffffffffffffffffff))
            if depth {
                off0, h0 := path(h0, and(mload(base), 0xffffffffffffffffffffffffffffffff), off0, depth, 0x10, kp)
            }
            proofEnd := off0
            root := h0

            /// floor(log2(x)) for x >= 1, 0 for x = 0
            function floorLog2(x) -> b {
                b := shl(7, lt(0xffffffffffffffffffffffffffffffff, x))
                b := or(b, shl(6, lt(0xffffffffffffffff, shr(b, x))))
                b := or(b, shl(5, lt(0xffffffff, shr(b, x))))
                b := or(b, shl(4, lt(0xffff, shr(b, x))))
                b := or(b, shl(3, lt(0xff, shr(b, x))))
                b := or(b, shl(2, lt(0xf, shr(b, x))))
                b := or(b, shl(1, lt(0x3, shr(b, x))))
                b := or(b, lt(0x1, shr(b, x)))
            }

            /// Each word of [b_, e_) becomes its leaf's hash (high half) | its index (low half); returns
            /// the smallest xor of two consecutive indices (all ones for one index).
            function leafHashes(b_, e_, lp, k) -> minX {
                minX := not(0)
                let prev := and(mload(b_), 0xffffffffffffffffffffffffffffffff)
                for { let r := b_ } lt(r, e_) { r := add(r, 0x20) } {
                    mstore(add(k, 1), calldataload(lp))
                    lp := add(lp, 0x20)
                    let ix := and(mload(r), 0xffffffffffffffffffffffffffffffff)
                    mstore(r, or(and(keccak256(k, 33), not(0xffffffffffffffffffffffffffffffff)), ix))
                    let x := xor(prev, ix)
                    // the first word's xor with itself is 0: not a pair
                    if and(lt(x, minX), gt(r, b_)) { minX := x }
                    prev := ix
                }
            }

            /// Hashes node h_ at index ix up `levels` levels, its sibling at level L at calldata
            /// o + L * stride; returns the offset past the last level (o + levels * stride) and the top.
            /// The bit of ix at each level picks left and right; a sentinel bit just above the levels' bits
            /// counts the levels, two per turn. A node's low half is never hashed (as the left word it is
            /// overwritten by the right one; as the right one it lies past the 33 bytes), so only the top
            /// is masked.
            function path(h_, ix, o, levels, stride, k) -> o_, top {
                let data := add(k, 1)
                let data16 := add(k, 17)
                // Past 128 levels the index bits are 0 (it is below 2^128): those levels go last, as left.
                let extra := 0
                if gt(levels, 128) {
                    extra := sub(levels, 128)
                    levels := 128
                }
                let bit := shl(levels, 1)
                ix := or(and(ix, sub(bit, 1)), bit)
                for {} gt(ix, 3) { ix := shr(2, ix) } {
                    let s := calldataload(o)
                    o := add(o, stride)
                    // left, right = (h, s) for an even index, (s, h) for an odd one
                    let d := mul(xor(h_, s), and(ix, 1))
                    mstore(data, xor(h_, d))
                    mstore(data16, xor(s, d))
                    h_ := keccak256(k, 33)
                    s := calldataload(o)
                    o := add(o, stride)
                    d := mul(xor(h_, s), and(shr(1, ix), 1))
                    mstore(data, xor(h_, d))
                    mstore(data16, xor(s, d))
                    h_ := keccak256(k, 33)
                }
                if gt(ix, 1) {
                    let s := calldataload(o)
                    o := add(o, stride)
                    let d := mul(xor(h_, s), and(ix, 1))
                    mstore(data, xor(h_, d))
                    mstore(data16, xor(s, d))
                    h_ := keccak256(k, 33)
                }
                for {} extra { extra := sub(extra, 1) } {
                    mstore(data, h_)
                    mstore(data16, calldataload(o))
                    o := add(o, stride)
                    h_ := keccak256(k, 33)
                }
                o_ := o
                top := and(h_, not(0xffffffffffffffffffffffffffffffff))
            }

            /// Phase 1: every path hashed up `levels` levels on its own (path i takes siblings i, i + n,
            /// i + 2n, ...); returns the offset after those levels' siblings.
            function paths(b_, e_, o, levels, k) -> o_ {
                let stride := shr(1, sub(e_, b_)) // 16 bytes per path
                o_ := add(o, mul(levels, stride))
                for { let r := b_ } lt(r, e_) { r := add(r, 0x20) } {
                    let cur := mload(r)
                    let ix := and(cur, 0xffffffffffffffffffffffffffffffff)
                    let top := 0
                    let ignore := 0
                    ignore, top := path(and(cur, not(0xffffffffffffffffffffffffffffffff)), ix, o, levels, stride, k)
                    mstore(r, or(top, shr(levels, ix)))
                    o := add(o, 16)
                }
            }

            /// Phase 2: the level-by-level merge, while depth is left and more than one node; returns the
            /// sibling offset and the depth left.
            function merge(b_, e_, o, dep, k) -> o_, d_ {
                let data16 := add(k, 17)
                for {} mul(dep, gt(sub(e_, b_), 0x20)) { dep := sub(dep, 1) } {
                    let w := b_
                    for { let r := b_ } lt(r, e_) {} {
                        let cur := mload(r)
                        let ix := and(cur, 0xffffffffffffffffffffffffffffffff)
                        r := add(r, 0x20)
                        switch and(ix, 1)
                        case 0 {
                            mstore(add(k, 1), cur)
                            // the next word is this node's sibling when it holds index ix + 1
                            let nxt := mload(r)
                            switch and(lt(r, e_), eq(and(nxt, 0xffffffffffffffffffffffffffffffff), add(ix, 1)))
                            case 1 {
                                mstore(data16, nxt)
                                r := add(r, 0x20)
                            }
                            default {
                                mstore(data16, calldataload(o))
                                o := add(o, 16)
                            }
                        }
                        default {
                            mstore(add(k, 1), calldataload(o))
                            o := add(o, 16)
                            mstore(data16, cur)
                        }
                        mstore(w, or(and(keccak256(k, 33), not(0xffffffffffffffffffffffffffffffff)), shr(1, ix)))
                        w := add(w, 0x20)
                    }
                    e_ := w
                }
                o_ := o
                d_ := dep
            }
        }
    }

    /// @notice The challenged leaves for `seed`: one uniformly random leaf in each of `count` equal
    /// slices of the file, so the indices come out strictly increasing with no sort and no repeats.
    /// Slice j is [j*L/count, (j+1)*L/count) (integer division, L = leafCount; empty slices, when
    /// L < count, are skipped); its leaf is start_j + (rand_j mod size_j), where rand_j is 64-bit
    /// lane (j mod 4) (bits 64*(j mod 4) and up) of keccak256(seed || uint32(j / 4)).
    /// @dev Why stratified: a holder that lost a fraction f_j of slice j passes with probability
    /// prod(1 - f_j) <= (1 - f)^count (AM-GM), no better than against independent uniform
    /// challenges; and sorted, distinct indices are what computeRoot needs.
    function challengeIndices(bytes32 seed, uint256 leafCount, uint256 count) internal pure returns (uint256[] memory idx) {
        idx = new uint256[](count);
        assembly ("memory-safe") {
            let base := add(idx, 0x20)
            let p := mload(0x40)
            mstore(p, seed)
            let m := 0
            let r := 0
            for { let j := 0 } lt(j, count) { j := add(j, 1) } {
                if iszero(and(j, 3)) {
                    mstore(add(p, 0x20), shl(224, shr(2, j)))
                    r := keccak256(p, 36)
                }
                let start := div(mul(j, leafCount), count)
                let size := sub(div(mul(add(j, 1), leafCount), count), start)
                if size {
                    let lane := and(shr(shl(6, and(j, 3)), r), 0xffffffffffffffff)
                    mstore(add(base, shl(5, m)), add(start, mod(lane, size)))
                    m := add(m, 1)
                }
            }
            mstore(idx, m)
        }
    }
}
