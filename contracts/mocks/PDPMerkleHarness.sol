// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PDPMerkle} from "../libraries/PDPMerkle.sol";

/// @title PDPMerkle harness (tests only)
/// @notice Exposes the library so tests can check it in isolation and measure its gas.
contract PDPMerkleHarness {
    /// @notice PDPMerkle.computeRoot over caller-given indices.
    function computeRoot(uint256[] memory indices, bytes calldata leaves, bytes calldata proof, uint256 depth)
        external
        pure
        returns (bytes16)
    {
        return PDPMerkle.computeRoot(indices, leaves, proof, depth);
    }

    /// @notice PDPMerkle.depthOf.
    function depthOf(uint256 leafCount) external pure returns (uint256) {
        return PDPMerkle.depthOf(leafCount);
    }

    /// @notice PDPMerkle.challengeIndices.
    function challengeIndices(bytes32 seed, uint256 leafCount, uint256 count) external pure returns (uint256[] memory) {
        return PDPMerkle.challengeIndices(seed, leafCount, count);
    }
}
