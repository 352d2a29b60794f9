/**
 * The reads GraphQL serves most (a file, its holders, pages of files and nodes, the peers of a
 * file, an endpoint), behind one interface with two implementations that give the same answers:
 * Prisma (any database; PostgreSQL uses it) and prepared better-sqlite3 statements on a read-only
 * connection to the SQLite file (the default there). A Prisma findMany costs ~550-600 us of CPU
 * here against 10-30 us for a prepared statement, and a request made 2-3 of them; writes stay
 * with Prisma. reads.test.ts is the suite both pass.
 */
import { dialectOf, type Db } from "../../db/index.js";
import { prismaReads } from "./prisma.js";
import { sqliteReads } from "./sqlite.js";

export type FileRow = Awaited<ReturnType<Db["file"]["findUniqueOrThrow"]>>;
export type NodeRow = Awaited<ReturnType<Db["node"]["findUniqueOrThrow"]>>;
export type HolderRow = Awaited<ReturnType<Db["holder"]["findUniqueOrThrow"]>>;
/** A holder with its node's announced libp2p address (null if the node row is missing). */
export type HolderWithHost = HolderRow & { hostAddr: string | null };
/** What the spec's Endpoint is made from (tracker.ts endpointView). */
export type EndpointRow = Pick<Awaited<ReturnType<Db["announcement"]["findUniqueOrThrow"]>>, "walletAddr" | "hostAddr" | "type" | "timestamp" | "ttl" | "expiresAt">;

/** Keys are lowercase hex as stored: callers normalise. `after` is the last key of the previous page. */
export interface FilesQuery {
  owner?: string;
  /** only files this node actively holds */
  holder?: string;
  /** null or absent: valid and ended files alike */
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
  /** The holders of these files, by fileHash then node; `active` null or absent: all. */
  holders(fileHashes: string[], active?: boolean | null): Promise<HolderWithHost[]>;
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
