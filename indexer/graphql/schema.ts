/**
 * The SCAN discovery schema: files (by owner, holder, hash), holders, proofs and faults of a file,
 * nodes, DNS resolution, node rewards, sync status. Lists are cursor-paginated (Relay-style
 * connections, cursor = the row's key) with a page-size cap. Amounts and uint64 values are
 * decimal strings: they exceed what a JSON number carries.
 */
import { createSchema, filter, pipe } from "graphql-yoga";
import type { Db } from "../db/index.js";
import type { Feed } from "./feed.js";
import { fileNotFound, invalidParams, nodeNotFound, urlNotResolved } from "./errors.js";
import { connection, decodeCursor, pageSize } from "./pages.js";
import type { Tracker } from "../tracker/tracker.js";
import type { Reads } from "./reads/index.js";
import type { Loaders } from "./loaders.js";
import { trackerResolvers, trackerTypeDefs } from "./tracker.js";
import { explorerResolvers, explorerTypeDefs, linkedFile } from "./explorer.js";
import { scanResolvers, scanTypeDefs } from "./scan.js";
import { unresolvedReason } from "./names.js";
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

  type File {
    fileHash: String!, owner: String!, fileDesc: String!, privilege: Int!, copyNum: Int!, storageType: Int!,
    encrypted: Boolean!, share: Boolean!, valid: Boolean!, blockNum: String!, blockSize: String!, realFileSize: String!,
    proveInterval: String!, proveTimes: String!, challengeCount: Int!, proofWindow: Int!, expiredHeight: String!,
    blockHeight: String!, leafCount: String!, dataRoot: String!, blocksRoot: String!, deposit: String!, dnsUrl: String!,
    endReason: String, refund: String, underReplicated: Boolean!, storedBlock: String!,
    holders(active: Boolean): [Holder!]!
    candidates(unused: Boolean): [String!]!
    whitelist: [WhitelistRule!]!
    proofs(node: String, first: Int, after: String): ProofConnection!
    faults(first: Int, after: String): FaultConnection!
  }
  type FileEdge { cursor: String!, node: File! }
  type FileConnection { edges: [FileEdge!]!, pageInfo: PageInfo! }

  type Holder {
    fileHash: String!, node: String!, started: Boolean!, active: Boolean!, proofsDone: String!, proofsLeft: String!,
    escrow: String!, nextChallenge: String!, replaced: String, hostAddr: String
  }
  type WhitelistRule { addr: String!, fromHeight: String!, toHeight: String! }

  type Node {
    address: String!, hostAddr: String!, volume: String!, restVolume: String!, serviceTime: String!, liveFiles: String!,
    status: String!, pledge: String!, slashed: String!, rewards: String!, claimed: String!, registeredAt: String!
  }
  type NodeEdge { cursor: String!, node: Node! }
  type NodeConnection { edges: [NodeEdge!]!, pageInfo: PageInfo! }

  type Proof { fileHash: String!, node: String!, challengeHeight: String!, proofIndex: String!, reward: String!, blockNumber: String!, txHash: String! }
  type ProofEdge { cursor: String!, node: Proof! }
  type ProofConnection { edges: [ProofEdge!]!, pageInfo: PageInfo! }

  type Fault { fileHash: String!, node: String!, reporter: String!, missedChallenge: String!, escrowMoved: String!, slashed: String!, blockNumber: String!, txHash: String! }
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
    "Files stored (FileLedger.FileStored), optionally by one owner."
    fileStored(owner: String): File!
    "Possession proofs (PDPVerifier.PossessionProven), optionally of one file and/or node."
    proofSubmitted(fileHash: String, node: String): Proof!
    "Reported missed proofs (FileLedger.HolderFaulted with its slash), optionally of one file and/or node."
    faultReported(fileHash: String, node: String): Fault!
    reorgs: Reorg!
  }

  type Query {
    "A file by its hash; error 50021 FILE_NOT_FOUND_FROM_CHAIN if the chain never had it."
    file(hash: String!): File!
    "Files, newest key order; by owner and/or by a node that holds them (active holder). valid: null for all."
    files(owner: String, holder: String, valid: Boolean = true, first: Int, after: String): FileConnection!
    "Error 55034 if the node never registered."
    node(address: String!): Node!
    nodes(status: String, first: Int, after: String): NodeConnection!
    holders(fileHash: String!, active: Boolean): [Holder!]!
    proofs(fileHash: String!, node: String, first: Int, after: String): ProofConnection!
    faults(fileHash: String!, first: Int, after: String): FaultConnection!
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

async function proofsOf(db: Db, fileHash: string, node: string | undefined, first: number | undefined, after: string | undefined) {
  const n = pageSize(first);
  const gt = idAfter(after);
  const rows = await db.proof.findMany({
    where: { fileHash: low(fileHash), ...(node ? { node: low(node) } : {}), ...(gt !== undefined ? { id: { gt } } : {}) },
    orderBy: { id: "asc" }, take: n + 1,
  });
  return connection(rows, n, (r) => r.id);
}

async function faultsOf(db: Db, fileHash: string, first: number | undefined, after: string | undefined) {
  const n = pageSize(first);
  const gt = idAfter(after);
  const rows = await db.fault.findMany({
    where: { fileHash: low(fileHash), ...(gt !== undefined ? { id: { gt } } : {}) }, orderBy: { id: "asc" }, take: n + 1,
  });
  return connection(rows, n, (r) => r.id);
}

/** The indexed height: what "now" means for expiry when no chain call is made. */
async function indexedHeight(ctx: Context) {
  const cp = await ctx.db.checkpoint.findUnique({ where: { chainId: ctx.chainId } });
  return cp?.blockNumber ?? 0n;
}

type Args = Record<string, any>;

/** Subscription filter on a row's fileHash and node; an absent argument matches all. */
const matches = (fileHash: string | null | undefined, node: string | null | undefined) => (row: { fileHash: string; node: string }) =>
  (!fileHash || row.fileHash === low(fileHash)) && (!node || row.node === low(node));

const decimal = (field: string) => (row: Record<string, unknown>) => String(row[field]);

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
    holders: (_: unknown, { fileHash, active }: Args, { reads }: Context) => reads.holders([low(fileHash)], active),
    proofs: (_: unknown, { fileHash, node, first, after }: Args, { db }: Context) => proofsOf(db, fileHash, node, first, after),
    faults: (_: unknown, { fileHash, first, after }: Args, { db }: Context) => faultsOf(db, fileHash, first, after),
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
      subscribe: (_: unknown, { owner }: Args, { feed }: Context) =>
        pipe(feed.subscribe("fileStored"), filter((f) => !owner || f.owner === low(owner))),
      resolve: (f: unknown) => f,
    },
    proofSubmitted: {
      subscribe: (_: unknown, { fileHash, node }: Args, { feed }: Context) =>
        pipe(feed.subscribe("proofSubmitted"), filter(matches(fileHash, node))),
      resolve: (p: unknown) => p,
    },
    faultReported: {
      subscribe: (_: unknown, { fileHash, node }: Args, { feed }: Context) =>
        pipe(feed.subscribe("faultReported"), filter(matches(fileHash, node))),
      resolve: (f: unknown) => f,
    },
    reorgs: {
      subscribe: (_: unknown, __: Args, { feed }: Context) => feed.subscribe("reorg"),
      resolve: (r: { ancestor: bigint; head: bigint }) => ({ ancestor: r.ancestor.toString(), head: r.head.toString() }),
    },
  },
  // Our bookkeeping block numbers are bigint in the database and decimal strings on the wire.
  Proof: { blockNumber: decimal("blockNumber") },
  Fault: { blockNumber: decimal("blockNumber") },
  RewardClaim: { blockNumber: decimal("blockNumber") },
  Node: { registeredAt: decimal("registeredAt") },
  File: {
    storedBlock: decimal("storedBlock"),
    holders: (f: { fileHash: string }, { active }: Args, { loaders }: Context) => loaders.holders(f.fileHash, active),
    candidates: async (f: { fileHash: string }, { unused }: Args, { db }: Context) =>
      (await db.candidate.findMany({ where: { fileHash: f.fileHash, ...(unused ? { used: false } : {}) }, orderBy: { position: "asc" } })).map((c) => c.node),
    whitelist: (f: { fileHash: string }, _: Args, { db }: Context) => db.whitelistRule.findMany({ where: { fileHash: f.fileHash }, orderBy: { addr: "asc" } }),
    proofs: (f: { fileHash: string }, { node, first, after }: Args, { db }: Context) => proofsOf(db, f.fileHash, node, first, after),
    faults: (f: { fileHash: string }, { first, after }: Args, { db }: Context) => faultsOf(db, f.fileHash, first, after),
  },
};

export function buildSchema() {
  return createSchema<Context>({
    typeDefs: [typeDefs, trackerTypeDefs, explorerTypeDefs, scanTypeDefs],
    resolvers: [resolvers, trackerResolvers, explorerResolvers, scanResolvers],
  });
}
