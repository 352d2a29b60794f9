// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IPDPVerifierEvents {
    /// @notice `node` proved it holds `fileHash`: challenge seeded by block `challengeHeight`.
    event PossessionProven(bytes32 indexed fileHash, address indexed node, uint64 challengeHeight, uint64 proofIndex, uint256 reward);
    /// @notice `reporter` showed that `node` let its window pass; `slashed` left its pledge.
    event ProofMissed(bytes32 indexed fileHash, address indexed node, address indexed reporter, uint64 challengeHeight, uint256 slashed);
}

interface IPDPVerifierErrors {
    /// @notice The challenge height has not been mined yet: its block hash is unknown.
    error ChallengeNotOpen(bytes32 fileHash, uint64 challengeHeight, uint256 blockNumber);
    /// @notice The proof window closed; the holder can only be reported now.
    error ProvingPeriodPassed(bytes32 fileHash, uint64 deadline, uint256 blockNumber);
    /// @notice The leaves and siblings do not lead to the committed data root.
    error InvalidProof(bytes32 fileHash, address node, bytes16 expectedRoot, bytes16 computedRoot);
}

/// @title PDP verifier
/// @notice Checks proofs of data possession against the file ledger's commitments and reports
/// the outcome back to it; slashes through the node registry when a proof is missed.
interface IPDPVerifier is IPDPVerifierEvents, IPDPVerifierErrors {
    /// @notice Proves that the caller holds `fileHash`: the challenged 32-byte leaves (sorted by
    /// index) and the multiproof siblings (16 bytes each, order in PDPMerkle.computeRoot).
    /// Must land in (challengeHeight, challengeHeight + proofWindow]. Pays the caller on success.
    /// @dev Reverts FileNotFound, NotHolder, NoProofDue (ledger), ChallengeNotOpen,
    /// ProvingPeriodPassed, LeavesLengthMismatch, ProofLengthMismatch, InvalidProof.
    /// Emits PossessionProven (and the ledger's ProofRewarded, HolderStarted).
    function prove(bytes32 fileHash, bytes calldata leaves, bytes calldata proof) external returns (uint256 reward);

    /// @notice Reports that `node` did not prove `fileHash` within its window. Anyone may call:
    /// the node is slashed once, the fault recorded and the file assigned to a candidate.
    /// @dev Reverts FileNotFound, NotHolder, NoProofDue, ProofNotOverdue (ledger).
    /// Emits ProofMissed (and the ledger's HolderFaulted, RecoveryAssigned or FileUnderReplicated,
    /// the registry's NodeSlashed).
    function reportMissed(bytes32 fileHash, address node) external returns (uint256 slashed);

    /// @notice The next challenge of `node` for `fileHash`: its height, the last block a proof
    /// may land in, the seed (zero until the challenge height is mined or once it is older than
    /// 256 blocks) and the challenged leaf indices (empty while the seed is zero).
    function challengeOf(bytes32 fileHash, address node)
        external
        view
        returns (uint64 challengeHeight, uint64 deadline, bytes32 seed, uint256[] memory indices);
}
