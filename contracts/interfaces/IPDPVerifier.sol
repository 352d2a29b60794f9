// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IPDPVerifierEvents {
    /// @notice Piece `pieceId` of `node`'s proof set holds deal `dealId`'s data (`leafCount` leaves under
    /// `dataRoot`), challenged from the next seed on, through period `lastPeriod`.
    event PieceAdded(address indexed node, uint32 indexed pieceId, bytes32 indexed dealId, bytes16 dataRoot, uint64 leafCount, uint32 lastPeriod);
    /// @notice The piece is no longer proved; its weight leaves the tree now (`weightRemoved`) or when the
    /// set is next open to changes.
    event PieceRemoved(address indexed node, uint32 indexed pieceId, bool weightRemoved);
    /// @notice `node`'s schedule (re)started: period `period` ends at block `deadline`.
    event ScheduleStarted(address indexed node, uint32 period, uint64 deadline);
    /// @notice `node` proved `period`: `challenged` leaves checked, `skipped` challenges fell on removed pieces.
    event PeriodProven(address indexed node, uint32 indexed period, uint16 challenged, uint16 skipped, uint256 reward);
    /// @notice `reporter` showed that `node` let `period` pass unproved.
    event PeriodMissed(address indexed node, uint32 indexed period, address indexed reporter, uint256 slashed);
}

interface IPDPVerifierErrors {
    /// @notice The proof window of the current period is not open yet (it opens after block `opensAfter`).
    error ChallengeNotOpen(address node, uint32 period, uint64 opensAfter, uint256 blockNumber);
    /// @notice The current period's deadline passed; the node can only be reported now.
    error ProvingPeriodPassed(address node, uint32 period, uint64 deadline, uint256 blockNumber);
    /// @notice The deadline of the current period has not passed.
    error ProofNotOverdue(address node, uint32 period, uint64 deadline);
    /// @notice The node has nothing in its proof set.
    error NothingToProve(address node);
    /// @notice The leaves and siblings given for piece `pieceId` do not lead to its data root.
    error InvalidProof(address node, uint32 period, uint32 pieceId, bytes16 expectedRoot, bytes16 computedRoot);
    /// @notice The proof carried `given` bytes where the challenges needed `expected`.
    error ProofSizeMismatch(uint256 expectedLeaves, uint256 givenLeaves, uint256 usedProof, uint256 givenProof);
    /// @notice The set is frozen from the first seed block of the current period to its proof (or report),
    /// so that nobody changes the challenged data after seeing the seed.
    error ProofSetFrozen(address node, uint64 frozenFrom, uint64 deadline);
    /// @notice The deal ends before the first period it could be proved in closes.
    error PieceEndsTooSoon(uint64 expiry, uint64 firstDeadline);
    error NotLedger(address caller);
    error NoSuchPiece(address node, uint32 pieceId);
}

/// @notice One challenge as the verifier derives it: the position in the set's weight, the piece it
/// falls in and the leaf index inside that piece; `skip` when the piece was removed or is past its last period.
struct Challenge {
    uint64 position;
    uint32 pieceId;
    uint64 leafIndex;
    bool skip;
}

/// @title PDP verifier
/// @notice Keeps each node's proof set (the pieces of the deals it accepted, in a sum tree weighted by
/// size), schedules one proof per node per proving period, checks it and reports the outcome to the
/// ledger, which pays and slashes (docs/proofs.md).
interface IPDPVerifier is IPDPVerifierEvents, IPDPVerifierErrors {
    /// @notice Proves the caller's whole proof set for its current period: the leaves of every
    /// challenge not skipped (32 bytes each, in challenge order) and, piece by piece in challenge order,
    /// the multiproof siblings of that piece's challenged leaves (16 bytes each, PDPMerkle's order).
    /// Must land in the window (deadline - proofWindow, deadline]. The ledger pays the caller.
    /// @dev Reverts NothingToProve, ChallengeNotOpen, ProvingPeriodPassed, ProofSizeMismatch, InvalidProof.
    /// Emits PeriodProven (and the ledger's PeriodPaid).
    function prove(bytes calldata leaves, bytes calldata proof) external returns (uint256 reward);

    /// @notice Anyone: `node` let its current period's deadline pass unproved. The ledger slashes it once
    /// and opens its deals to recovery; the schedule moves to the next period.
    /// @dev Reverts NothingToProve, ProofNotOverdue. Emits PeriodMissed (and the ledger's NodeFaulted, the
    /// registry's NodeSlashed).
    function reportMissed(address node) external returns (uint256 slashed);

    /// @notice Adds a piece to `node`'s proof set, through period `lastPeriod`, the last whose deadline is
    /// at or before `expiry`. Ledger only.
    /// @dev Reverts NotLedger, ProofSetFrozen, PieceEndsTooSoon. Emits PieceAdded (ScheduleStarted when idle).
    function addPiece(address node, bytes32 dealId, bytes16 dataRoot, uint64 leafCount, uint64 expiry)
        external
        returns (uint32 pieceId, uint32 firstPeriod, uint32 lastPeriod);

    /// @notice Stops proving a piece. Ledger only. Its weight leaves the tree now, or once the set's frozen
    /// range is over (anyone may then call compact).
    /// @dev Reverts NotLedger, NoSuchPiece. Emits PieceRemoved.
    function removePiece(address node, uint32 pieceId) external;

    /// @notice Anyone: removes up to `max` pieces' weights left in the tree by removals in a frozen range.
    /// @dev Reverts ProofSetFrozen. Emits PieceRemoved(weightRemoved) per piece.
    function compact(address node, uint256 max) external returns (uint256 done);

    /// @notice `node`'s schedule: current period, its first seed block, the block after which the proof
    /// window opens, the deadline, and the block the current period began (for prorating).
    function scheduleOf(address node)
        external
        view
        returns (uint32 period, uint64 seedFrom, uint64 opensAfter, uint64 deadline, uint64 periodStart);

    /// @notice `node`'s current challenges: the seed (zero until the window opens, or once the seed blocks
    /// are older than 256 blocks) and each challenge located in the set. Empty while the seed is zero.
    function challengeOf(address node) external view returns (uint32 period, bytes32 seed, Challenge[] memory challenges);

    /// @notice Total weight (leaves) in `node`'s tree, and the weight still to be proved from the current period on
    /// (pieces neither removed nor past their last period).
    function weightOf(address node) external view returns (uint64 total, uint64 live);

    /// @notice One piece of `node`'s set; `removed` once its deal ended for this node (a piece removed inside
    /// a frozen range is still challenged through that period: see challengeOf's skip flags).
    function pieceOf(address node, uint32 pieceId)
        external
        view
        returns (bytes32 dealId, bytes16 dataRoot, uint64 leafCount, uint32 lastPeriod, bool removed);

    /// @notice Blocks per proving period.
    function provingPeriod() external view returns (uint64);
    /// @notice Blocks at the end of a period in which its proof must land.
    function proofWindow() external view returns (uint64);
    /// @notice Leaves challenged per period over a node's whole set.
    function challengeCount() external view returns (uint16);
}
