// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

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
    function depthOf(uint256 leafCount) internal pure returns (uint256 d) {
        while ((uint256(1) << d) < leafCount) ++d;
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
        if (n == 0) return bytes16(0);
        uint256 used;
        assembly ("memory-safe") {
            let base := add(indices, 0x20)
            let scratch := add(mload(0x40), 1)
            mstore8(sub(scratch, 1), 0)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                mstore(scratch, calldataload(add(leaves.offset, shl(5, i))))
                let slot := add(base, shl(5, i))
                mstore(slot, or(and(keccak256(sub(scratch, 1), 33), not(0xffffffffffffffffffffffffffffffff)), mload(slot)))
            }
            mstore8(sub(scratch, 1), 1)
            let off := proof.offset
            for {} depth { depth := sub(depth, 1) } {
                let w := base
                let end := add(base, shl(5, n))
                for { let r := base } lt(r, end) {} {
                    let cur := mload(r)
                    let ix := and(cur, 0xffffffffffffffffffffffffffffffff)
                    r := add(r, 0x20)
                    switch and(ix, 1)
                    case 0 {
                        mstore(scratch, cur)
                        // the next word is this node's sibling when it holds index ix + 1
                        let nxt := mload(r)
                        switch and(lt(r, end), eq(and(nxt, 0xffffffffffffffffffffffffffffffff), add(ix, 1)))
                        case 1 {
                            mstore(add(scratch, 16), nxt)
                            r := add(r, 0x20)
                        }
                        default {
                            mstore(add(scratch, 16), calldataload(off))
                            off := add(off, 16)
                        }
                    }
                    default {
                        mstore(scratch, calldataload(off))
                        off := add(off, 16)
                        mstore(add(scratch, 16), cur)
                    }
                    mstore(w, or(and(keccak256(sub(scratch, 1), 33), not(0xffffffffffffffffffffffffffffffff)), shr(1, ix)))
                    w := add(w, 0x20)
                }
                n := shr(5, sub(w, base))
            }
            used := sub(off, proof.offset)
            root := and(mload(base), not(0xffffffffffffffffffffffffffffffff))
        }
        if (used != proof.length) revert ProofLengthMismatch(used, proof.length);
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
