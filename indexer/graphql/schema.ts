/**
 * The SCAN discovery schema (ledger v2): File Hashes and their deals (a File Hash may be stored by
 * several owners, and a dealId stored again after it closed is a new deal with seq + 1), the slots
 * nodes hold in them (offered, active, released, withdrawn), nodes with their FileLedger account,
 * their PDPVerifier proof set, the periods they proved or missed and their faults, DNS resolution,
 * node rewards, sync status. Lists are cursor-paginated (Relay-style connections, cursor = the
 * row's key) with a page-size cap. Amounts and uint64 values are decimal strings: they exceed what
 * a JSON number carries.
 */
import { createSchema, filter, pipe } from "graphql-yoga";
import type { Db } from "../db/index.js";
import type { Feed } from "./feed.js";
import { fileNotFound, invalidParams, nodeNotFound, urlNotResolved } from "./errors.js";
import { connection, decodeCursor, pageSize } from "./pages.js";
import type { Tracker } from "../tracker/tracker.js";
import type { DealRow, NodeRow, Reads, SlotRow } from "./reads/index.js";
import type { Loaders } from "./loaders.js";
import { trackerResolvers, trackerTypeDefs } from "./tracker.js";
import { explorerResolvers, explorerTypeDefs, linkedFile } from "./explorer.js";
import { scanResolvers, scanTypeDefs } from "./scan.js";
import { unresolvedReason } from "./names.js";
import { heldBy, slotLife, type Where } from "./held.js";
import type { Attester } from "../scan/attest.js";

export { MAX_PAGE } from "./pages.js";


export interface Context {
  db: Db;
  /** The hot reads (reads/): prepared statements on SQLite. */
  reads: Reads;
  /** This request's batched lookups (loaders.ts). */
  loaders: Loaders;
  chainId: number;
  feed: Feed;
  tracker: Tracker;
  /** Signs `attest` answers; absent when the server has no account. */
  attester?: Attester;
}

const typeDefs = /* GraphQL */ `
  type PageInfo { hasNextPage: Boolean!, endCursor: String }

  "One File Hash, whoever stored it: its deals, and who holds it."
  type File {
    fileHash: String!
    "a deal of it is stored (not deleted, expired or lost)"
    valid: Boolean!
    "the block its first deal was stored in"
    storedBlock: String!
    "deals stored for it, all time (a deal closed and stored again counts again), and those still live"
    dealCount: Int!, liveDeals: Int!
    "its deals, by dealId then seq; live: true only the stored ones, false only the closed ones"
    deals(live: Boolean, owner: String): [Deal!]!
    "the owners of its live deals, ascending"
    owners: [String!]!
    "who holds it: with active true (the default) the slots accepted and not released, across its live deals; false the other slots (offered, released, withdrawn); null all"
    holders(active: Boolean = true): [Slot!]!
    "recovery candidates of its live deals, in order; unused: only those not offered a slot yet"
    candidates(unused: Boolean): [String!]!
    "periods its holders proved while they held it, oldest first"
    proofs(node: String, first: Int, after: String): PeriodConnection!
    "faults of its holders while they held it, oldest first"
    faults(first: Int, after: String): FaultConnection!
  }
  type FileEdge { cursor: String!, node: File! }
  type FileConnection { edges: [FileEdge!]!, pageInfo: PageInfo! }

  "One storage deal: FileLedger's FileInfo under dealId = keccak256(owner, fileHash), with its slots."
  type Deal {
    dealId: String!,
    "0 for the first deal under this dealId, 1 for the next once that one closed, ..."
    seq: Int!,
    fileHash: String!, owner: String!, fileDesc: String!, privilege: Int!, copyNum: Int!, storageType: Int!,
    encrypted: Boolean!, share: Boolean!, valid: Boolean!, blockNum: String!, blockSize: String!, realFileSize: String!,
    proveInterval: String!, expiredHeight: String!, blockHeight: String!, leafCount: String!, dataRoot: String!, blocksRoot: String!,
    deposit: String!, dnsUrl: String!,
    "stored, deleted, expired or lost"
    state: String!,
    "deleted, expired or lost once closed"
    endReason: String, refund: String,
    "escrow of slots no candidate was left to take, refunded while the deal went on"
    refunded: String!,
    storedBlock: String!, endedBlock: String,
    "live with fewer accepted holders than copies"
    underReplicated: Boolean!
    "its slots by node; status: offered, active, released or withdrawn"
    slots(status: String): [Slot!]!
    "its accepted, not released slots"
    holders: [Slot!]!
    candidates(unused: Boolean): [String!]!
    whitelist: [WhitelistRule!]!
    file: File!
  }
  type DealEdge { cursor: String!, node: Deal! }
  type DealConnection { edges: [DealEdge!]!, pageInfo: PageInfo! }

  """
  One node's slot in one deal. status: offered (it may accept until offeredUntil), active (accepted: the
  deal's piece is in its proof set and each proved period pays it rate), released (it left after accepting:
  reason deleted, expired, recovered or lost), withdrawn (it never accepted: declined, lapsed, deleted, expired).
  """
  type Slot {
    dealId: String!, seq: Int!, fileHash: String!, node: String!, status: String!,
    "accepted and not released"
    active: Boolean!,
    offeredUntil: String!,
    "what the slot pays over its life"
    escrow: String!,
    offeredBlock: String!,
    "the node whose slot passed to this one (it declined, lapsed or was recovered from)"
    replaced: String,
    pieceId: Int, firstPeriod: Int, lastPeriod: Int, rate: String, acceptedBlock: String,
    "paid so far (accepted) or over its life (released); left: the rest of the escrow"
    paid: String, left: String,
    reason: String, endedBlock: String,
    "the node's libp2p address"
    hostAddr: String
    "periods of its node inside the slot's life (its periods, from acceptance to release): proved, missed"
    periodsProven: Int!, periodsMissed: Int!
    "those periods, newest first (at most 100)"
    periods(first: Int): [Period!]!
    deal: Deal!
  }
  type SlotEdge { cursor: String!, node: Slot! }
  type SlotConnection { edges: [SlotEdge!]!, pageInfo: PageInfo! }
  type WhitelistRule { addr: String!, fromHeight: String!, toHeight: String! }

  type Node {
    address: String!, hostAddr: String!, volume: String!, restVolume: String!, serviceTime: String!, liveFiles: String!,
    status: String!, pledge: String!, slashed: String!, rewards: String!, claimed: String!, registeredAt: String!
    "FileLedger.nodeAccount: what one more proved period pays (the rates of its accepted slots whose last period is still ahead)"
    rate: String!
    "periods proved, all time"
    provenPeriods: Int!
    "the period it missed last, null if it proved since (its deals are open to recovery while set)"
    faultedPeriod: Int
    "the period it proves next"
    period: Int!
    proofSet: ProofSet!
    "its proved (proven: true) and missed periods, oldest first"
    periods(proven: Boolean, first: Int, after: String): PeriodConnection!
    faults(first: Int, after: String): FaultConnection!
    "its slots in deals, by dealId; status: offered, active, released or withdrawn"
    deals(status: String, first: Int, after: String): SlotConnection!
  }
  type NodeEdge { cursor: String!, node: Node! }
  type NodeConnection { edges: [NodeEdge!]!, pageInfo: PageInfo! }

  "A node's PDPVerifier proof set: the pieces of the deals it accepted, weighted by their leaves."
  type ProofSet {
    "the period it proves next; the period and deadline its schedule last (re)started with"
    period: Int!, schedulePeriod: Int, scheduleDeadline: String,
    "leaves in the sum tree (weightOf's total) and still to be proved: of pieces neither removed nor past their last period (its live)"
    total: String!, live: String!,
    "pieces in the tree (removed ones until compacted) and pieces still to be proved"
    pieceCount: Int!, livePieces: Int!
    pieces(first: Int, after: String): PieceConnection!
  }
  type Piece { pieceId: Int!, dealId: String!, dataRoot: String!, leafCount: String!, lastPeriod: Int!, removed: Boolean!, addedBlock: String! }
  type PieceEdge { cursor: String!, node: Piece! }
  type PieceConnection { edges: [PieceEdge!]!, pageInfo: PageInfo! }

  "A node's proving period closed: proved (PeriodProven, with its reward) or missed (PeriodMissed: slashed, reporter)."
  type Period {
    node: String!, period: Int!, proven: Boolean!,
    "proven or missed"
    outcome: String!,
    reward: String!, challenged: Int!, skipped: Int!, slashed: String!, reporter: String, blockNumber: String!, txHash: String!
  }
  type PeriodEdge { cursor: String!, node: Period! }
  type PeriodConnection { edges: [PeriodEdge!]!, pageInfo: PageInfo! }

  "FileLedger.NodeFaulted: the node let a period pass unproved and was slashed; its deals are open to recovery."
  type Fault { node: String!, period: Int!, reporter: String!, slashed: String!, blockNumber: String!, txHash: String! }
  type FaultEdge { cursor: String!, node: Fault! }
  type FaultConnection { edges: [FaultEdge!]!, pageInfo: PageInfo! }

  type RewardClaim { to: String!, amount: String!, blockNumber: String!, txHash: String! }
  type NodeRewards { node: String!, unclaimed: String!, claimed: String!, earned: String!, slashed: String!, claims: [RewardClaim!]! }

  type Resolution { name: String!, link: String!, owner: String!, desc: String!, expiredHeight: String!, file: File }

  type SyncStatus { chainId: Int!, blockNumber: String, blockHash: String }

  "A rollback: events of blocks above ancestor, already sent, are retracted."
  type Reorg { ancestor: String!, head: String! }

  """
  Live events, sent once the rows are committed (queries see them from then on). Blocks near the
  head can be rolled back by a reorg; reorgs announces each one. Run the indexer with
  confirmations for events that no reorg of that depth can retract.
  """
  type Subscription {
    "Deals stored (FileLedger.FileStored), optionally by one owner and/or of one File Hash."
    fileStored(owner: String, fileHash: String): Deal!
    "Slots offered, accepted, released or withdrawn, optionally of one File Hash, deal and/or node."
    slotChanged(fileHash: String, dealId: String, node: String): Slot!
    "Proved periods (PDPVerifier.PeriodProven), optionally of one node and/or of the holders of one File Hash."
    proofSubmitted(fileHash: String, node: String): Period!
    "Faults (FileLedger.NodeFaulted), optionally of one node and/or of the holders of one File Hash."
    faultReported(fileHash: String, node: String): Fault!
    reorgs: Reorg!
  }

  type Query {
    "A File Hash and its deals; error 50021 FILE_NOT_FOUND_FROM_CHAIN if the chain never had a deal for it."
    file(hash: String!): File!
    "File Hashes in key order; by the owner of a deal and/or a node that holds it (an active slot). valid: null for all."
    files(owner: String, holder: String, valid: Boolean = true, first: Int, after: String): FileConnection!
    "A deal by its dealId: the newest stored under it, or its seq-th; error 50021 if none."
    deal(id: String!, seq: Int): Deal!
    "Deals by dealId then seq; by owner, File Hash, live (valid) or not."
    deals(owner: String, fileHash: String, live: Boolean, first: Int, after: String): DealConnection!
    "Error 55034 if the node never registered."
    node(address: String!): Node!
    nodes(status: String, first: Int, after: String): NodeConnection!
    "Who holds a File Hash (across its deals) or one deal (its newest): active as File.holders."
    holders(fileHash: String, dealId: String, active: Boolean = true): [Slot!]!
    "Proved periods, oldest first: of a node, and/or of the holders of a File Hash while they held it."
    proofs(fileHash: String, node: String, first: Int, after: String): PeriodConnection!
    "Closed periods of a node, oldest first; proven: true proved ones only, false missed ones only."
    periods(node: String!, proven: Boolean, first: Int, after: String): PeriodConnection!
    "Faults, oldest first: of a node, and/or of the holders of a File Hash while they held it."
    faults(fileHash: String, node: String, first: Int, after: String): FaultConnection!
    "header://url -> link, owner and (for a file link) the file; error 55059 if the name does not resolve at the indexed height."
    resolve(header: String!, url: String!): Resolution!
    rewards(node: String!): NodeRewards!
    status: SyncStatus!
  }
`;

const low = (s: string) => s.toLowerCase();

function idAfter(after: string | null | undefined) {
  const s = decodeCursor(after);
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) throw invalidParams(`malformed cursor "${after}"`);
  return Number(s);
}

/** A "dealId/seq" cursor. */
function dealAfter(after: string | null | undefined) {
  const s = decodeCursor(after);
  if (s === undefined) return undefined;
  const m = /^(0x[0-9a-f]{64})\/(\d+)$/.exec(s);
  if (!m) throw invalidParams(`malformed cursor "${after}"`);
  return { dealId: m[1], seq: Number(m[2]) };
}

/** A where clause for periods or faults by node and/or File Hash; null when nothing can match. */
async function periodsWhere(db: Db, fileHash: string | undefined | null, node: string | undefined | null): Promise<Where | null> {
  if (fileHash) return heldBy(db, fileHash, node ?? undefined);
  return node ? { node: low(node) } : {};
}

const EMPTY = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

async function periodPage(db: Db, where: Where | null, first: number | undefined, after: string | undefined) {
  if (!where) return EMPTY;
  const n = pageSize(first);
  const gt = idAfter(after);
  const rows = await db.period.findMany({ where: { AND: [where, ...(gt !== undefined ? [{ id: { gt } }] : [])] }, orderBy: { id: "asc" }, take: n + 1 });
  return connection(rows, n, (r) => r.id);
}

async function faultPage(db: Db, where: Where | null, first: number | undefined, after: string | undefined) {
  if (!where) return EMPTY;
  const n = pageSize(first);
  const gt = idAfter(after);
  const rows = await db.fault.findMany({ where: { AND: [where, ...(gt !== undefined ? [{ id: { gt } }] : [])] }, orderBy: { id: "asc" }, take: n + 1 });
  return connection(rows, n, (r) => r.id);
}

/** The indexed height: what "now" means for expiry when no chain call is made. */
async function indexedHeight(ctx: Context) {
  const cp = await ctx.db.checkpoint.findUnique({ where: { chainId: ctx.chainId } });
  return cp?.blockNumber ?? 0n;
}

type Args = Record<string, any>;

const SLOT_STATUS = new Set(["offered", "active", "released", "withdrawn"]);
function slotStatus(status: string | null | undefined) {
  if (status == null) return undefined;
  if (!SLOT_STATUS.has(status)) throw invalidParams(`status must be offered, active, released or withdrawn, not "${status}"`);
  return status;
}

/** Does `node` (any, when absent) hold a slot of a deal of `fileHash` over `blockNumber`? For the subscriptions' fileHash filter. */
async function heldAt(db: Db, fileHash: string, node: string, blockNumber: bigint) {
  const slot = await db.slot.findFirst({
    where: { fileHash: low(fileHash), node, acceptedBlock: { not: null, lte: blockNumber }, OR: [{ endedBlock: null }, { endedBlock: { gte: blockNumber } }] },
    select: { node: true },
  });
  return slot !== null;
}

const decimal = (field: string) => (row: Record<string, unknown>) => (row[field] == null ? null : String(row[field]));

/** A File's candidates of its live deals, or of one deal. */
async function candidatesOf(db: Db, deals: Pick<DealRow, "dealId" | "seq">[], unused: boolean | null | undefined) {
  if (!deals.length) return [];
  const rows = await db.candidate.findMany({
    where: { OR: deals.map((d) => ({ dealId: d.dealId, seq: d.seq })), ...(unused ? { used: false } : {}) },
    orderBy: [{ dealId: "asc" }, { seq: "asc" }, { position: "asc" }],
  });
  return rows.map((c) => c.node);
}

/** What a slot has paid its node: over its life once released; while accepted, its rate for each period proved in it. */
async function paidOf(db: Db, x: SlotRow) {
  if (x.paid !== null) return x.paid;
  if (x.status !== "active" || x.rate === null) return null;
  const life = slotLife(x);
  const proved = life ? await db.period.count({ where: { ...life, proven: true } }) : 0;
  return (BigInt(x.rate) * BigInt(proved)).toString();
}

/**
 * The pieces a node still has to prove, as PDPVerifier counts its live weight: not removed, and
 * whose last period is not over (the verifier drops a piece's weight from live as that period closes).
 */
function livePieces(db: Db, n: NodeRow) {
  return db.piece.findMany({ where: { node: n.address, removed: false, lastPeriod: { gte: n.period } }, select: { leafCount: true } });
}

const resolvers = {
  Query: {
    file: async (_: unknown, { hash }: Args, { reads }: Context) => {
      const f = await reads.file(low(hash));
      if (!f) throw fileNotFound(hash);
      return f;
    },
    files: async (_: unknown, { owner, holder, valid, first, after }: Args, { reads }: Context) => {
      const n = pageSize(first);
      const rows = await reads.files({
        owner: owner ? low(owner) : undefined, holder: holder ? low(holder) : undefined, valid, after: decodeCursor(after), take: n + 1,
      });
      return connection(rows, n, (r) => r.fileHash);
    },
    deal: async (_: unknown, { id, seq }: Args, { reads }: Context) => {
      const d = await reads.deal(low(id), seq ?? undefined);
      if (!d) throw fileNotFound(seq == null ? id : `${id} (deal ${seq})`);
      return d;
    },
    deals: async (_: unknown, { owner, fileHash, live, first, after }: Args, { db }: Context) => {
      const n = pageSize(first);
      const from = dealAfter(after);
      const rows = await db.deal.findMany({
        where: {
          ...(owner ? { owner: low(owner) } : {}), ...(fileHash ? { fileHash: low(fileHash) } : {}), ...(live == null ? {} : { valid: live }),
          ...(from ? { OR: [{ dealId: { gt: from.dealId } }, { dealId: from.dealId, seq: { gt: from.seq } }] } : {}),
        },
        orderBy: [{ dealId: "asc" }, { seq: "asc" }], take: n + 1,
      });
      return connection(rows, n, (r) => `${r.dealId}/${r.seq}`);
    },
    node: async (_: unknown, { address }: Args, { reads }: Context) => {
      const node = await reads.node(low(address));
      if (!node) throw nodeNotFound(address);
      return node;
    },
    nodes: async (_: unknown, { status, first, after }: Args, { reads }: Context) => {
      const n = pageSize(first);
      const rows = await reads.nodes({ status: status || undefined, after: decodeCursor(after), take: n + 1 });
      return connection(rows, n, (r) => r.address);
    },
    holders: async (_: unknown, { fileHash, dealId, active }: Args, { reads }: Context) => {
      if (dealId) {
        const d = await reads.deal(low(dealId));
        if (!d) return [];
        const slots = (await reads.slots([d.dealId])).filter((x) => x.seq === d.seq);
        return active == null ? slots : slots.filter((x) => (x.status === "active") === active);
      }
      if (!fileHash) throw invalidParams("holders needs a fileHash or a dealId");
      return reads.holders([low(fileHash)], active);
    },
    proofs: async (_: unknown, { fileHash, node, first, after }: Args, { db }: Context) => {
      if (!fileHash && !node) throw invalidParams("proofs needs a fileHash and/or a node");
      const where = await periodsWhere(db, fileHash, node);
      return periodPage(db, where && { AND: [where, { proven: true }] }, first, after);
    },
    periods: (_: unknown, { node, proven, first, after }: Args, { db }: Context) =>
      periodPage(db, { node: low(node), ...(proven == null ? {} : { proven }) }, first, after),
    faults: async (_: unknown, { fileHash, node, first, after }: Args, { db }: Context) => {
      if (!fileHash && !node) throw invalidParams("faults needs a fileHash and/or a node");
      return faultPage(db, await periodsWhere(db, fileHash, node), first, after);
    },
    resolve: async (_: unknown, { header, url }: Args, ctx: Context) => {
      const { db } = ctx;
      const name = `${header}://${url}`;
      const u = await db.dnsUrl.findUnique({ where: { header_url: { header, url } } });
      const why = await unresolvedReason(db, u, await indexedHeight(ctx));
      if (why || !u) throw urlNotResolved(name, why ?? "no such name");
      const linked = linkedFile(u.link);
      const file = linked ? await ctx.reads.file(linked) : null;
      return { name, link: u.link, owner: u.owner, desc: u.desc, expiredHeight: u.expiredHeight, file };
    },
    rewards: async (_: unknown, { node }: Args, { db, reads }: Context) => {
      const row = await reads.node(low(node));
      if (!row) throw nodeNotFound(node);
      const claims = await db.rewardClaim.findMany({ where: { node: low(node) }, orderBy: { id: "asc" } });
      return {
        node: row.address, unclaimed: row.rewards, claimed: row.claimed, earned: (BigInt(row.rewards) + BigInt(row.claimed)).toString(),
        slashed: row.slashed, claims,
      };
    },
    status: async (_: unknown, __: Args, ctx: Context) => {
      const cp = await ctx.db.checkpoint.findUnique({ where: { chainId: ctx.chainId } });
      return { chainId: ctx.chainId, blockNumber: cp?.blockNumber.toString() ?? null, blockHash: cp?.blockHash ?? null };
    },
  },
  Subscription: {
    fileStored: {
      subscribe: (_: unknown, { owner, fileHash }: Args, { feed }: Context) =>
        pipe(feed.subscribe("fileStored"), filter((d) => (!owner || d.owner === low(owner)) && (!fileHash || d.fileHash === low(fileHash)))),
      resolve: (d: unknown) => d,
    },
    slotChanged: {
      subscribe: (_: unknown, { fileHash, dealId, node }: Args, { feed }: Context) =>
        pipe(feed.subscribe("slotChanged"), filter((x) =>
          (!fileHash || x.fileHash === low(fileHash)) && (!dealId || x.dealId === low(dealId)) && (!node || x.node === low(node)))),
      resolve: (x: unknown) => x,
    },
    proofSubmitted: {
      subscribe: (_: unknown, { fileHash, node }: Args, { feed, db }: Context) =>
        pipe(feed.subscribe("proofSubmitted"), filter(async (p) =>
          (!node || p.node === low(node)) && (!fileHash || (await heldAt(db, fileHash, p.node, p.blockNumber))))),
      resolve: (p: unknown) => p,
    },
    faultReported: {
      subscribe: (_: unknown, { fileHash, node }: Args, { feed, db }: Context) =>
        pipe(feed.subscribe("faultReported"), filter(async (f) =>
          (!node || f.node === low(node)) && (!fileHash || (await heldAt(db, fileHash, f.node, f.blockNumber))))),
      resolve: (f: unknown) => f,
    },
    reorgs: {
      subscribe: (_: unknown, __: Args, { feed }: Context) => feed.subscribe("reorg"),
      resolve: (r: { ancestor: bigint; head: bigint }) => ({ ancestor: r.ancestor.toString(), head: r.head.toString() }),
    },
  },
  // Our bookkeeping block numbers are bigint in the database and decimal strings on the wire.
  Period: { blockNumber: decimal("blockNumber"), outcome: (p: { proven: boolean }) => (p.proven ? "proven" : "missed") },
  Fault: { blockNumber: decimal("blockNumber") },
  RewardClaim: { blockNumber: decimal("blockNumber") },
  Piece: { addedBlock: decimal("addedBlock") },
  Node: {
    registeredAt: decimal("registeredAt"),
    rate: async (n: NodeRow, _: Args, { db }: Context) => {
      const live = await db.slot.findMany({ where: { node: n.address, status: "active", lastPeriod: { gte: n.period } }, select: { rate: true } });
      return live.reduce((sum, x) => sum + BigInt(x.rate ?? "0"), 0n).toString();
    },
    proofSet: (n: NodeRow) => n,
    periods: (n: NodeRow, { proven, first, after }: Args, { db }: Context) =>
      periodPage(db, { node: n.address, ...(proven == null ? {} : { proven }) }, first, after),
    faults: (n: NodeRow, { first, after }: Args, { db }: Context) => faultPage(db, { node: n.address }, first, after),
    deals: async (n: NodeRow, { status, first, after }: Args, { db, reads }: Context) => {
      const size = pageSize(first);
      const from = dealAfter(after);
      const rows = await db.slot.findMany({
        where: {
          node: n.address, ...(slotStatus(status) ? { status } : {}),
          ...(from ? { OR: [{ dealId: { gt: from.dealId } }, { dealId: from.dealId, seq: { gt: from.seq } }] } : {}),
        },
        orderBy: [{ dealId: "asc" }, { seq: "asc" }], take: size + 1,
      });
      const host = (await reads.node(n.address))?.hostAddr ?? null;
      return connection(rows.map((x) => ({ ...x, hostAddr: host })), size, (x) => `${x.dealId}/${x.seq}`);
    },
  },
  ProofSet: {
    scheduleDeadline: (n: NodeRow) => n.scheduleDeadline,
    total: (n: NodeRow) => n.weightTotal,
    live: async (n: NodeRow, _: Args, { db }: Context) =>
      (await livePieces(db, n)).reduce((sum, p) => sum + BigInt(p.leafCount), 0n).toString(),
    livePieces: async (n: NodeRow, _: Args, { db }: Context) => (await livePieces(db, n)).length,
    pieceCount: (n: NodeRow) => n.pieces,
    pieces: async (n: NodeRow, { first, after }: Args, { db }: Context) => {
      const size = pageSize(first);
      const gt = idAfter(after);
      const rows = await db.piece.findMany({ where: { node: n.address, ...(gt !== undefined ? { pieceId: { gt } } : {}) }, orderBy: { pieceId: "asc" }, take: size + 1 });
      return connection(rows, size, (p) => p.pieceId);
    },
  },
  File: {
    storedBlock: decimal("storedBlock"),
    valid: (f: { liveDeals: number }) => f.liveDeals > 0,
    dealCount: (f: { deals: number }) => f.deals,
    deals: async (f: { fileHash: string }, { live, owner }: Args, { loaders }: Context) => {
      const rows = await loaders.deals(f.fileHash, live);
      return owner ? rows.filter((d) => d.owner === low(owner)) : rows;
    },
    owners: async (f: { fileHash: string }, _: Args, { loaders }: Context) =>
      [...new Set((await loaders.deals(f.fileHash, true)).map((d) => d.owner))].sort(),
    holders: (f: { fileHash: string }, { active }: Args, { loaders }: Context) => loaders.holders(f.fileHash, active),
    candidates: async (f: { fileHash: string }, { unused }: Args, { db, loaders }: Context) => candidatesOf(db, await loaders.deals(f.fileHash, true), unused),
    proofs: async (f: { fileHash: string }, { node, first, after }: Args, { db }: Context) => {
      const where = await heldBy(db, f.fileHash, node ?? undefined);
      return periodPage(db, where && { AND: [where, { proven: true }] }, first, after);
    },
    faults: async (f: { fileHash: string }, { first, after }: Args, { db }: Context) => faultPage(db, await heldBy(db, f.fileHash), first, after),
  },
  Deal: {
    storedBlock: decimal("storedBlock"),
    endedBlock: decimal("endedBlock"),
    state: (d: DealRow) => d.endReason ?? "stored",
    underReplicated: async (d: DealRow, _: Args, { loaders }: Context) =>
      d.valid && (await loaders.slots(d.dealId, d.seq)).filter((x) => x.status === "active").length < d.copyNum + 1,
    slots: async (d: DealRow, { status }: Args, { loaders }: Context) => {
      const want = slotStatus(status);
      return (await loaders.slots(d.dealId, d.seq)).filter((x) => !want || x.status === want);
    },
    holders: async (d: DealRow, _: Args, { loaders }: Context) => (await loaders.slots(d.dealId, d.seq)).filter((x) => x.status === "active"),
    candidates: (d: DealRow, { unused }: Args, { db }: Context) => candidatesOf(db, [d], unused),
    // The whitelist is the live deal's: FileWhitelist drops it when the deal closes.
    whitelist: (d: DealRow, _: Args, { db }: Context) => (d.valid ? db.whitelistRule.findMany({ where: { dealId: d.dealId }, orderBy: { addr: "asc" } }) : []),
    file: (d: DealRow, _: Args, { reads }: Context) => reads.file(d.fileHash),
  },
  Slot: {
    offeredBlock: decimal("offeredBlock"),
    acceptedBlock: decimal("acceptedBlock"),
    endedBlock: decimal("endedBlock"),
    active: (x: SlotRow) => x.status === "active",
    paid: (x: SlotRow, _: Args, { db }: Context) => paidOf(db, x),
    left: async (x: SlotRow, _: Args, { db }: Context) => {
      if (x.left !== null) return x.left;
      const paid = await paidOf(db, x);
      return paid === null ? x.escrow : (BigInt(x.escrow) - BigInt(paid)).toString();
    },
    periodsProven: (x: SlotRow, _: Args, { db }: Context) => {
      const life = slotLife(x);
      return life ? db.period.count({ where: { ...life, proven: true } }) : 0;
    },
    periodsMissed: (x: SlotRow, _: Args, { db }: Context) => {
      const life = slotLife(x);
      return life ? db.period.count({ where: { ...life, proven: false } }) : 0;
    },
    periods: (x: SlotRow, { first }: Args, { db }: Context) => {
      const life = slotLife(x);
      return life ? db.period.findMany({ where: life, orderBy: { id: "desc" }, take: pageSize(first) }) : [];
    },
    deal: (x: SlotRow, _: Args, { reads }: Context) => reads.deal(x.dealId, x.seq),
  },
};

export function buildSchema() {
  return createSchema<Context>({
    typeDefs: [typeDefs, trackerTypeDefs, explorerTypeDefs, scanTypeDefs],
    resolvers: [resolvers, trackerResolvers, explorerResolvers, scanResolvers],
  });
}
