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

    /// @notice Leaf node of a 32-byte data segment.
    function leafHash(bytes32 segment) internal pure returns (bytes16 h) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore8(p, 0)
            mstore(add(p, 1), segment)
            h := and(keccak256(p, 33), not(0xffffffffffffffffffffffffffffffff))
        }
    }

    /// @notice Inner node over two children.
    function nodeHash(bytes16 left, bytes16 right) internal pure returns (bytes16 h) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore8(p, 1)
            mstore(add(p, 1), left)
            mstore(add(p, 17), right)
            h := and(keccak256(p, 33), not(0xffffffffffffffffffffffffffffffff))
        }
    }

    /// @notice Depth of the tree over `leafCount` leaves: ceil(log2(leafCount)), 0 for one leaf.
    function depthOf(uint256 leafCount) internal pure returns (uint256 d) {
        while ((uint256(1) << d) < leafCount) ++d;
    }

    /// @notice Root implied by the challenged leaves and the siblings the prover sent.
    /// @param indices challenged leaf indices, strictly increasing, each < 2^depth; overwritten
    /// @param leaves 32 bytes per index, in the same order
    /// @param proof 16 bytes per sibling, in the order this function consumes them: level by level
    /// from the leaves up, left to right, skipping siblings that are themselves on a challenged path
    function computeRoot(uint256[] memory indices, bytes calldata leaves, bytes calldata proof, uint256 depth)
        internal
        pure
        returns (bytes16)
    {
        uint256 n = indices.length;
        if (leaves.length != n * 32) revert LeavesLengthMismatch(n * 32, leaves.length);
        bytes16[] memory hs = new bytes16[](n);
        for (uint256 i; i < n; ++i) {
            hs[i] = leafHash(bytes32(leaves[i * 32:i * 32 + 32]));
        }
        uint256 used = _climb(indices, hs, n, proof, depth);
        if (used != proof.length) revert ProofLengthMismatch(used, proof.length);
        return hs[0];
    }

    /// @dev Hashes the challenged paths up `depth` levels in place (indices[0], hs[0] end at the
    /// root) and returns the bytes of `proof` consumed. A short proof reads zero siblings past its
    /// end and is caught by the caller's length check, which keeps this loop free of branches
    /// that would need a revert.
    function _climb(uint256[] memory indices, bytes16[] memory hs, uint256 n, bytes calldata proof, uint256 depth)
        private
        pure
        returns (uint256 used)
    {
        assembly ("memory-safe") {
            let idxp := add(indices, 0x20)
            let hsp := add(hs, 0x20)
            let off := proof.offset
            for {} depth { depth := sub(depth, 1) } {
                let m := 0
                for { let i := 0 } lt(i, n) {} {
                    let ix := mload(add(idxp, shl(5, i)))
                    // Reading one word past the arrays when i + 1 == n is harmless: lt() masks it.
                    let paired :=
                        and(iszero(and(ix, 1)), and(lt(add(i, 1), n), eq(mload(add(idxp, shl(5, add(i, 1)))), add(ix, 1))))
                    let sib
                    switch paired
                    case 1 { sib := mload(add(hsp, shl(5, add(i, 1)))) }
                    default {
                        sib := and(calldataload(off), not(0xffffffffffffffffffffffffffffffff))
                        off := add(off, 16)
                    }
                    let p := mload(0x40)
                    mstore8(p, 1)
                    switch and(ix, 1)
                    case 0 {
                        mstore(add(p, 1), mload(add(hsp, shl(5, i))))
                        mstore(add(p, 17), sib)
                    }
                    default {
                        mstore(add(p, 1), sib)
                        mstore(add(p, 17), mload(add(hsp, shl(5, i))))
                    }
                    mstore(add(idxp, shl(5, m)), shr(1, ix))
                    mstore(add(hsp, shl(5, m)), and(keccak256(p, 33), not(0xffffffffffffffffffffffffffffffff)))
                    m := add(m, 1)
                    i := add(i, add(1, paired))
                }
                n := m
            }
            used := sub(off, proof.offset)
        }
    }

    /// @notice The `count` challenged leaves for `seed`, sorted and without repeats:
    /// index_j = uint256(keccak256(seed, uint32 j)) mod leafCount, j < count.
    function challengeIndices(bytes32 seed, uint256 leafCount, uint256 count) internal pure returns (uint256[] memory idx) {
        idx = new uint256[](count);
        assembly ("memory-safe") {
            let base := add(idx, 0x20)
            let p := mload(0x40)
            mstore(p, seed)
            for { let j := 0 } lt(j, count) { j := add(j, 1) } {
                mstore(add(p, 0x20), shl(224, j)) // uint32 j, big-endian, right after the seed
                let v := mod(keccak256(p, 36), leafCount)
                // insertion sort: count is small (32 by default), cheaper here than any heap
                let k := j
                for {} gt(k, 0) {} {
                    let prev := mload(add(base, shl(5, sub(k, 1))))
                    if iszero(gt(prev, v)) { break }
                    mstore(add(base, shl(5, k)), prev)
                    k := sub(k, 1)
                }
                mstore(add(base, shl(5, k)), v)
            }
            // drop repeats in place
            let m := 0
            for { let j := 0 } lt(j, count) { j := add(j, 1) } {
                let v := mload(add(base, shl(5, j)))
                if or(iszero(m), iszero(eq(v, mload(add(base, shl(5, sub(m, 1))))))) {
                    mstore(add(base, shl(5, m)), v)
                    m := add(m, 1)
                }
            }
            mstore(idx, m)
        }
    }
}
