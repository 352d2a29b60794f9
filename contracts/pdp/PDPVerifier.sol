// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPDPVerifier} from "../interfaces/IPDPVerifier.sol";
import {IFileLedger, ProofContext} from "../interfaces/IFileLedger.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {PDPMerkle} from "../libraries/PDPMerkle.sol";

/// @title PDP verifier
/// @notice See {IPDPVerifier} and docs/proofs.md.
/// @dev Why the seed is the hash of a block fixed in advance: each holder's challenge heights are
/// set when the file is stored (store height + firstProofDelay, then every proveInterval), so
/// neither the prover nor the owner chooses the block whose hash seeds the challenge, and the
/// data root was committed before that hash existed. A prover who kept a fraction f of the leaves
/// passes one proof of k challenges with probability at most f^k, and may not retry with another
/// seed: the proof must land within proofWindow blocks of that one challenge height. Mixing in
/// the holder's address and proof index gives each holder its own challenge, so holders cannot
/// share one proof. blockhash() sees 256 blocks back, which bounds proofWindow (FileLedger checks).
contract PDPVerifier is IPDPVerifier {
    /// @notice The ledger that holds the commitments and schedules and pays for proofs.
    IFileLedger public immutable ledger;
    /// @notice The registry this verifier slashes.
    INodeRegistry public immutable registry;

    constructor(IFileLedger ledger_, INodeRegistry registry_) {
        ledger = ledger_;
        registry = registry_;
    }

    /// @inheritdoc IPDPVerifier
    function prove(bytes32 fileHash, bytes calldata leaves, bytes calldata proof) external returns (uint256 reward) {
        ProofContext memory ctx = ledger.proofContext(fileHash, msg.sender);
        if (block.number <= ctx.challengeHeight) revert ChallengeNotOpen(fileHash, ctx.challengeHeight, block.number);
        uint64 deadline = ctx.challengeHeight + ctx.proofWindow;
        if (block.number > deadline) revert ProvingPeriodPassed(fileHash, deadline, block.number);

        bytes32 seed = _seed(fileHash, msg.sender, ctx);
        uint256[] memory indices = PDPMerkle.challengeIndices(seed, ctx.leafCount, ctx.challengeCount);
        bytes16 root = PDPMerkle.computeRoot(indices, leaves, proof, PDPMerkle.depthOf(ctx.leafCount));
        if (root != ctx.dataRoot) revert InvalidProof(fileHash, msg.sender, ctx.dataRoot, root);

        reward = ledger.onProofVerified(fileHash, msg.sender);
        emit PossessionProven(fileHash, msg.sender, ctx.challengeHeight, ctx.proofIndex, reward);
    }

    /// @inheritdoc IPDPVerifier
    function reportMissed(bytes32 fileHash, address node) external returns (uint256 slashed) {
        ProofContext memory ctx = ledger.proofContext(fileHash, node);
        // The ledger checks the deadline and removes the holder before anything is slashed, so a
        // second report of the same miss finds no holder and reverts: one fault, one slash.
        uint64 fileSize = ledger.onProofMissed(fileHash, node, msg.sender);
        slashed = registry.slash(node, registry.slashAmount(fileSize), msg.sender);
        emit ProofMissed(fileHash, node, msg.sender, ctx.challengeHeight, slashed);
    }

    /// @inheritdoc IPDPVerifier
    function challengeOf(bytes32 fileHash, address node)
        external
        view
        returns (uint64 challengeHeight, uint64 deadline, bytes32 seed, uint256[] memory indices)
    {
        ProofContext memory ctx = ledger.proofContext(fileHash, node);
        challengeHeight = ctx.challengeHeight;
        deadline = ctx.challengeHeight + ctx.proofWindow;
        if (block.number > challengeHeight && blockhash(challengeHeight) != bytes32(0)) {
            seed = _seed(fileHash, node, ctx);
            indices = PDPMerkle.challengeIndices(seed, ctx.leafCount, ctx.challengeCount);
        }
    }

    function _seed(bytes32 fileHash, address node, ProofContext memory ctx) private view returns (bytes32) {
        return keccak256(abi.encode(blockhash(ctx.challengeHeight), fileHash, node, ctx.proofIndex));
    }
}
