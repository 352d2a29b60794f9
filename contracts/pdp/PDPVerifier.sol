// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPDPVerifier, Challenge} from "../interfaces/IPDPVerifier.sol";
import {IProvingListener} from "../interfaces/IFileLedger.sol";
import {PDPMerkle} from "../libraries/PDPMerkle.sol";
import {SumTree} from "../libraries/SumTree.sol";

/// @title PDP verifier
/// @notice See {IPDPVerifier} and docs/proofs.md. Checks proofs only: what a proof or a miss is worth is
/// the listener's business (the file ledger), so the rules of money can change without touching this.
/// @dev One proof per node per period. The node's pieces (one per accepted deal) are the leaves of a
/// sum tree weighted by their leaf counts; k positions drawn stratified over the total weight pick the
/// challenged pieces in proportion to their size, and each challenged leaf is checked against its own
/// piece's data root. The proof's gas grows with log4 of the piece count (the tree's reads), not with it.
///
/// Why the seed is several block hashes: the producer of one block can try many variants of it; the
/// seed mixes the hashes of SEED_BLOCKS consecutive blocks, so only the producer of the last of them
/// can still pick among variants, and only after the others are fixed (docs/proofs.md states the bound).
/// Why the set freezes: from the first seed block to the period's proof or report no piece joins or
/// leaves the tree, so neither the node nor a colluding owner can move the challenges after seeing them.
contract PDPVerifier is IPDPVerifier {
    using SumTree for SumTree.Tree;

    /// @notice Block hashes mixed into each seed.
    uint64 public constant SEED_BLOCKS = 4;

    /// @notice The ledger: the only caller of addPiece and removePiece, told of every outcome.
    IProvingListener public immutable ledger;
    /// @notice Blocks per proving period: each node proves its whole set once per period.
    uint64 public immutable provingPeriod;
    /// @notice Blocks at the end of a period in which its proof must land.
    uint64 public immutable proofWindow;
    /// @notice Leaves challenged per period over a node's whole set.
    uint16 public immutable challengeCount;

    /// @dev Piece ids are reused after removal so the tree stays as small as the live set.
    struct Piece {
        bytes16 dataRoot;
        uint64 leafCount;
        uint32 lastPeriod;
        /// out of the tree's live set and skipped by every challenge
        bool removed;
        /// removed inside a frozen range: challenged through that period, then removed by compact
        bool leaving;
    }

    struct ProofSet {
        /// period p ends at start + (p - base + 1) * provingPeriod
        uint64 start;
        uint32 base;
        uint32 period;
        /// weight still to be proved from the current period on: pieces neither removed nor past their
        /// last period (the rest of the tree's total waits for compact)
        uint64 live;
    }

    mapping(address => ProofSet) private _sets;
    mapping(address => SumTree.Tree) private _trees;
    mapping(address => mapping(uint32 => Piece)) private _pieces;
    mapping(address => mapping(uint32 => bytes32)) private _dealOf;
    mapping(address => uint32[]) private _freeIds;
    /// removed pieces whose weight is still in the tree (removed while the set was frozen)
    mapping(address => uint32[]) private _pendingRemovals;
    /// weight counted in `live` whose last period is the key: it leaves `live` when that period closes
    mapping(address => mapping(uint32 => uint64)) private _endingWeight;

    /// @param ledger_ the listener (FileLedger), fixed for the life of this verifier
    /// @param provingPeriod_ blocks per period; at least proofWindow + SEED_BLOCKS
    /// @param proofWindow_ blocks in which a period's proof must land; with SEED_BLOCKS at most 256, the
    /// reach of blockhash()
    /// @param challengeCount_ challenged leaves per period over the node's whole set
    constructor(IProvingListener ledger_, uint64 provingPeriod_, uint64 proofWindow_, uint16 challengeCount_) {
        if (
            proofWindow_ == 0 || proofWindow_ + SEED_BLOCKS > 256 || provingPeriod_ < proofWindow_ + SEED_BLOCKS
                || challengeCount_ == 0 || challengeCount_ > 256
        ) revert InvalidSchedule();
        ledger = ledger_;
        provingPeriod = provingPeriod_;
        proofWindow = proofWindow_;
        challengeCount = challengeCount_;
    }

    /// @notice provingPeriod, proofWindow and challengeCount do not fit together (see the constructor).
    error InvalidSchedule();

    modifier onlyLedger() {
        if (msg.sender != address(ledger)) revert NotLedger(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ proofs

    /// @inheritdoc IPDPVerifier
    function prove(bytes calldata leaves, bytes calldata proof) external returns (uint256 reward) {
        address node = msg.sender;
        ProofSet storage set = _sets[node];
        if (_trees[node].total == 0) revert NothingToProve(node);
        uint32 period = set.period;
        uint64 deadline = _deadline(set, period);
        uint64 opensAfter = deadline - proofWindow;
        if (block.number <= opensAfter) revert ChallengeNotOpen(node, period, opensAfter, block.number);
        if (block.number > deadline) revert ProvingPeriodPassed(node, period, deadline, block.number);

        (uint256 challenged, uint256 skipped) = _verify(node, period, _seed(node, period, deadline), leaves, proof);
        reward = _proven(node, set, period, challenged, skipped);
    }

    function _proven(address node, ProofSet storage set, uint32 period, uint256 challenged, uint256 skipped)
        private
        returns (uint256 reward)
    {
        // Effects before the listener call: the period is done whatever the listener does.
        _close(node, set, period);
        reward = ledger.onPeriodProven(node, period);
        emit PeriodProven(node, period, uint16(challenged), uint16(skipped), reward);
    }

    /// @dev Locates every challenge, then walks them in position order; consecutive challenges in one
    /// piece form one group, checked as one multiproof against that piece's root. The leaves and
    /// siblings are read by calldata offset: a group's leaves follow the last checked group's, so the
    /// leaf offset also counts the challenges checked; the rest were skipped.
    function _verify(address node, uint32 period, bytes32 seed, bytes calldata leaves, bytes calldata proof)
        private
        view
        returns (uint256 challenged, uint256 skipped)
    {
        uint256[] memory at = _locate(_trees[node], seed);
        uint256 leafAt;
        uint256 proofAt;
        uint256 p;
        uint256 end;
        assembly ("memory-safe") {
            leafAt := leaves.offset
            proofAt := proof.offset
            p := add(at, 0x20)
            end := add(p, shl(5, mload(at)))
        }
        // Positions are sorted and the tree keeps ids in position order: a piece's challenges are adjacent.
        while (p < end) (p, leafAt, proofAt) = _checkGroup(node, period, p, end, leafAt, proofAt);
        unchecked {
            challenged = (leafAt - _offsetOf(leaves)) >> 5;
            skipped = at.length - challenged;
            uint256 used = proofAt - _offsetOf(proof);
            if (leaves.length != challenged * 32 || used != proof.length) {
                revert ProofSizeMismatch(challenged * 32, leaves.length, used, proof.length);
            }
        }
    }

    function _offsetOf(bytes calldata b) private pure returns (uint256 o) {
        assembly ("memory-safe") {
            o := b.offset
        }
    }

    /// @dev The challenged positions located in the tree, each as one word: the piece id in bits
    /// [128, 160) and the leaf offset in it in the low bits (written over the positions), the layout
    /// PDPMerkle.computeRootIn reads (it takes only the low 128 bits as the index).
    function _locate(SumTree.Tree storage tree, bytes32 seed) private view returns (uint256[] memory at) {
        at = PDPMerkle.challengeIndices(seed, tree.total, challengeCount);
        for (uint256 i; i < at.length; ++i) {
            (uint32 id, uint64 offset) = tree.find(at[i]);
            at[i] = (uint256(id) << 128) | offset;
        }
    }

    /// @dev The group of located challenges starting at memory `p` (those up to `end` in the same piece):
    /// checks them against the piece's root unless the piece is skipped, and returns where the next group
    /// starts and the leaf and sibling offsets after this one.
    function _checkGroup(address node, uint32 period, uint256 p, uint256 end, uint256 leafAt, uint256 proofAt)
        private
        view
        returns (uint256 q, uint256, uint256)
    {
        uint256 id;
        assembly ("memory-safe") {
            id := shr(128, mload(p))
            q := add(p, 0x20)
            for {} and(lt(q, end), eq(shr(128, mload(q)), id)) {} { q := add(q, 0x20) }
        }
        // One SLOAD for the whole record: dataRoot [0, 128), leafCount [128, 192), lastPeriod [192, 224),
        // removed [224, 232) (Solidity packs a struct's fields from the low bits up).
        Piece storage piece = _pieces[node][uint32(id)];
        uint256 w;
        assembly ("memory-safe") {
            w := sload(piece.slot)
        }
        if (uint8(w >> 224) != 0 || uint32(w >> 192) < period) return (q, leafAt, proofAt);
        uint256 n = (q - p) >> 5;
        bytes16 root;
        (root, proofAt) = PDPMerkle.computeRootIn(p, n, leafAt, proofAt, PDPMerkle.depthOf(uint64(w >> 128)));
        if (root != bytes16(uint128(w))) revert InvalidProof(node, period, uint32(id), bytes16(uint128(w)), root);
        return (q, leafAt + (n << 5), proofAt);
    }

    /// @inheritdoc IPDPVerifier
    function reportMissed(address node) external returns (uint256 slashed) {
        ProofSet storage set = _sets[node];
        if (_trees[node].total == 0) revert NothingToProve(node);
        uint32 period = set.period;
        uint64 deadline = _deadline(set, period);
        if (block.number <= deadline) revert ProofNotOverdue(node, period, deadline);
        // A node with no accepted data left has nothing at stake, and a period whose challenges all fall on
        // removed or finished pieces asked for nothing: the empty proof was the answer. Either counts as
        // proved and nobody is slashed for it. Past 256 blocks the seed is gone: with data at stake, the
        // period counts as missed.
        if (
            set.live == 0
                || (blockhash(_seedFrom(deadline)) != bytes32(0) && _allSkipped(node, period, _seed(node, period, deadline)))
        ) {
            _proven(node, set, period, 0, challengeCount);
            return 0;
        }
        // Moving the period first makes a second report of the same miss a report of the next period,
        // which is not overdue yet: one fault, one slash.
        _close(node, set, period);
        slashed = ledger.onPeriodMissed(node, period, msg.sender);
        emit PeriodMissed(node, period, msg.sender, slashed);
    }

    /// @dev Ends `period`: the schedule moves on, and pieces whose last period it was stop counting as live,
    /// so a node whose deals have all run their course is never owed a proof (nor slashed) for them.
    function _close(address node, ProofSet storage set, uint32 period) private {
        set.period = period + 1;
        uint64 ending = _endingWeight[node][period];
        if (ending != 0) {
            set.live -= ending;
            delete _endingWeight[node][period];
        }
    }

    function _allSkipped(address node, uint32 period, bytes32 seed) private view returns (bool) {
        SumTree.Tree storage tree = _trees[node];
        uint256[] memory positions = PDPMerkle.challengeIndices(seed, tree.total, challengeCount);
        for (uint256 i; i < positions.length; ++i) {
            (uint32 id,) = tree.find(positions[i]);
            Piece storage piece = _pieces[node][id];
            if (!piece.removed && piece.lastPeriod >= period) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ the set (ledger only)

    /// @inheritdoc IPDPVerifier
    function addPiece(address node, bytes32 dealId, bytes16 dataRoot, uint64 leafCount, uint64 expiry)
        external
        onlyLedger
        returns (uint32 pieceId, uint32 firstPeriod, uint32 lastPeriod)
    {
        ProofSet storage set = _sets[node];
        SumTree.Tree storage tree = _trees[node];
        if (tree.total == 0) {
            // Idle: nothing was owed, so the schedule restarts now with a full period ahead. The period
            // number goes on counting, so that the ledger's per-period records never see one twice.
            set.start = uint64(block.number);
            set.base = set.period;
            emit ScheduleStarted(node, set.period, _deadline(set, set.period));
        } else {
            _requireOpen(node, set);
        }
        firstPeriod = set.period;
        uint64 firstDeadline = _deadline(set, firstPeriod);
        if (expiry < firstDeadline) revert PieceEndsTooSoon(expiry, firstDeadline);
        lastPeriod = set.base + uint32((expiry - set.start) / provingPeriod - 1);

        uint32[] storage free = _freeIds[node];
        if (free.length != 0) {
            pieceId = free[free.length - 1];
            free.pop();
            tree.set(pieceId, leafCount);
        } else {
            pieceId = tree.push(leafCount);
        }
        _pieces[node][pieceId] =
            Piece({dataRoot: dataRoot, leafCount: leafCount, lastPeriod: lastPeriod, removed: false, leaving: false});
        _dealOf[node][pieceId] = dealId;
        set.live += leafCount;
        _endingWeight[node][lastPeriod] += leafCount;
        emit PieceAdded(node, pieceId, dealId, dataRoot, leafCount, lastPeriod);
    }

    /// @inheritdoc IPDPVerifier
    function removePiece(address node, uint32 pieceId) external onlyLedger {
        Piece storage piece = _pieces[node][pieceId];
        if (piece.leafCount == 0 || piece.removed || piece.leaving) revert NoSuchPiece(node, pieceId);
        ProofSet storage set = _sets[node];
        if (piece.lastPeriod >= set.period) {
            // Still live: it leaves live now rather than when its last period closes.
            set.live -= piece.leafCount;
            _endingWeight[node][piece.lastPeriod] -= piece.leafCount;
        }
        if (_isFrozen(set)) {
            // The current period's challenges are already drawn, and a proof built from them may be on its
            // way: the piece stays challenged through this period (the node keeps its data until the
            // period is proved), so a removal cannot make a proof in flight invalid. It is skipped from
            // the next period on, and its weight leaves the tree by compact.
            if (piece.lastPeriod > set.period) piece.lastPeriod = set.period;
            piece.leaving = true;
            _pendingRemovals[node].push(pieceId);
            emit PieceRemoved(node, pieceId, false);
        } else {
            _dropWeight(node, pieceId);
            emit PieceRemoved(node, pieceId, true);
        }
    }

    /// @inheritdoc IPDPVerifier
    function compact(address node, uint256 max) external returns (uint256 done) {
        _requireOpen(node, _sets[node]);
        uint32[] storage pending = _pendingRemovals[node];
        while (done < max && pending.length != 0) {
            uint32 pieceId = pending[pending.length - 1];
            pending.pop();
            _pieces[node][pieceId].removed = true;
            _dropWeight(node, pieceId);
            emit PieceRemoved(node, pieceId, true);
            ++done;
        }
    }

    function _dropWeight(address node, uint32 pieceId) private {
        _trees[node].set(pieceId, 0);
        delete _pieces[node][pieceId];
        delete _dealOf[node][pieceId];
        _freeIds[node].push(pieceId);
    }

    /// @dev Frozen from the current period's first seed block until the period is proved or reported.
    function _isFrozen(ProofSet storage set) private view returns (bool) {
        return block.number >= _seedFrom(_deadline(set, set.period));
    }

    function _requireOpen(address node, ProofSet storage set) private view {
        if (_trees[node].total != 0 && _isFrozen(set)) {
            uint64 deadline = _deadline(set, set.period);
            revert ProofSetFrozen(node, _seedFrom(deadline), deadline);
        }
    }

    // ------------------------------------------------------------------ schedule and seed

    function _deadline(ProofSet storage set, uint32 period) private view returns (uint64) {
        return set.start + (uint64(period - set.base) + 1) * provingPeriod;
    }

    function _seedFrom(uint64 deadline) private view returns (uint64) {
        return deadline - proofWindow - SEED_BLOCKS + 1;
    }

    /// @dev keccak256(abi.encode(blockhash(s), ..., blockhash(s + 3), node, period)) with s the first seed
    /// block: the window opens after s + 3, so all four hashes exist before any proof can be sent.
    function _seed(address node, uint32 period, uint64 deadline) private view returns (bytes32) {
        uint64 s = _seedFrom(deadline);
        return keccak256(abi.encode(blockhash(s), blockhash(s + 1), blockhash(s + 2), blockhash(s + 3), node, period));
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IPDPVerifier
    function scheduleOf(address node)
        external
        view
        returns (uint32 period, uint64 seedFrom, uint64 opensAfter, uint64 deadline, uint64 periodStart)
    {
        ProofSet storage set = _sets[node];
        period = set.period;
        deadline = _deadline(set, period);
        opensAfter = deadline - proofWindow;
        seedFrom = _seedFrom(deadline);
        periodStart = deadline - provingPeriod;
    }

    /// @inheritdoc IPDPVerifier
    function challengeOf(address node) external view returns (uint32 period, bytes32 seed, Challenge[] memory challenges) {
        ProofSet storage set = _sets[node];
        SumTree.Tree storage tree = _trees[node];
        period = set.period;
        uint64 deadline = _deadline(set, period);
        uint64 s = _seedFrom(deadline);
        if (tree.total == 0 || block.number <= s + SEED_BLOCKS - 1 || blockhash(s) == bytes32(0)) {
            return (period, bytes32(0), challenges);
        }
        seed = _seed(node, period, deadline);
        uint256[] memory positions = PDPMerkle.challengeIndices(seed, tree.total, challengeCount);
        challenges = new Challenge[](positions.length);
        for (uint256 i; i < positions.length; ++i) {
            (uint32 id, uint64 offset) = tree.find(positions[i]);
            Piece storage piece = _pieces[node][id];
            challenges[i] = Challenge({
                position: uint64(positions[i]),
                pieceId: id,
                leafIndex: offset,
                skip: piece.removed || piece.lastPeriod < period
            });
        }
    }

    /// @inheritdoc IPDPVerifier
    function weightOf(address node) external view returns (uint64 total, uint64 live) {
        return (_trees[node].total, _sets[node].live);
    }

    /// @inheritdoc IPDPVerifier
    function pieceOf(address node, uint32 pieceId)
        external
        view
        returns (bytes32 dealId, bytes16 dataRoot, uint64 leafCount, uint32 lastPeriod, bool removed)
    {
        Piece storage p = _pieces[node][pieceId];
        return (_dealOf[node][pieceId], p.dataRoot, p.leafCount, p.lastPeriod, p.removed || p.leaving);
    }
}
