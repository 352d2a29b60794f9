/**
 * The reads GraphQL serves most (a File Hash, its deals and their slots, the holders of files,
 * pages of files and nodes, a deal, the peers of a file, an endpoint), behind one interface with
 * two implementations that give the same answers: Prisma (any database; PostgreSQL uses it) and
 * prepared better-sqlite3 statements on a read-only connection to the SQLite file (the default
 * there). A Prisma findMany costs ~550-600 us of CPU here against 10-30 us for a prepared
 * statement, and a request made 2-3 of them; writes stay with Prisma. reads.test.ts is the suite
 * both pass.
 */
import { dialectOf, type Db } from "../../db/index.js";
import { prismaReads } from "./prisma.js";
import { sqliteReads } from "./sqlite.js";

export type FileRow = Awaited<ReturnType<Db["file"]["findUniqueOrThrow"]>>;
export type DealRow = Awaited<ReturnType<Db["deal"]["findUniqueOrThrow"]>>;
export type SlotRow = Awaited<ReturnType<Db["slot"]["findUniqueOrThrow"]>>;
export type NodeRow = Awaited<ReturnType<Db["node"]["findUniqueOrThrow"]>>;
/** A slot with its node's announced libp2p address (null if the node row is missing). */
export type SlotWithHost = SlotRow & { hostAddr: string | null };
/** What the spec's Endpoint is made from (tracker.ts endpointView). */
export type EndpointRow = Pick<Awaited<ReturnType<Db["announcement"]["findUniqueOrThrow"]>>, "walletAddr" | "hostAddr" | "type" | "timestamp" | "ttl" | "expiresAt">;

/**
 * Keys are lowercase hex as stored: callers normalise. `after` is the last key of the previous page.
 * A File Hash matches when one of its deals does: stored by `owner` (when given) and actively held by
 * `holder` (when given). `valid` true: one such deal is live; false: there are such deals and none is
 * live; null or absent: there is such a deal (without owner and holder: every File Hash).
 */
export interface FilesQuery {
  owner?: string;
  holder?: string;
  valid?: boolean | null;
  after?: string;
  take: number;
}
export interface NodesQuery {
  status?: string;
  after?: string;
  take: number;
}

export interface Reads {
  file(fileHash: string): Promise<FileRow | null>;
  /** The deals of these File Hashes, by fileHash, dealId, seq; `live` true: valid ones, false: closed ones, null or absent: all. */
  deals(fileHashes: string[], live?: boolean | null): Promise<DealRow[]>;
  /** One deal: the newest stored under `dealId`, or its `seq`-th. */
  deal(dealId: string, seq?: number): Promise<DealRow | null>;
  /** Every slot of these dealIds (all their deals), by dealId, seq, node. */
  slots(dealIds: string[]): Promise<SlotWithHost[]>;
  /**
   * The slots in deals of these File Hashes, by fileHash, node, dealId, seq. `active` true: the
   * accepted ones not released (an active slot's deal is always live); false: the others (offered,
   * released, withdrawn); null or absent: all.
   */
  holders(fileHashes: string[], active?: boolean | null): Promise<SlotWithHost[]>;
  /** In fileHash order. */
  files(q: FilesQuery): Promise<FileRow[]>;
  node(address: string): Promise<NodeRow | null>;
  /** In address order. */
  nodes(q: NodesQuery): Promise<NodeRow[]>;
  /**
   * Endpoints whose announcement of `fileHash` expires after `now` (ms), newest first (ties by
   * address), at most `take`; null if the chain never had the file (no File row).
   */
  peers(fileHash: string, now: bigint, take: number): Promise<EndpointRow[] | null>;
  /** The endpoint's announcement if it expires after `now` (ms). */
  endpoint(walletAddr: string, now: bigint): Promise<EndpointRow | null>;
  close(): Promise<void>;
}

/** Prepared statements on SQLite, Prisma elsewhere. */
export function openReads(db: Db): Reads {
  const d = dialectOf(db);
  return d.kind === "sqlite" && d.file ? sqliteReads(d.file) : prismaReads(db);
}

export { prismaReads, sqliteReads };
