/**
 * The tracker's part of the SCAN schema (spec: "SCAN Discovery"): endpoints announce, signed, what
 * they serve and where (`announce`); clients ask for the peers of a file as the spec's Torrent and
 * Endpoint messages shape them, or for the endpoint of an address, or for the live announcements
 * as signed (`announcements`). Member SCAN servers pass announcements between them over libp2p
 * (indexer/scan/), not here. Refusals carry the spec's codes (indexer/tracker/errors.ts says
 * which and why).
 */
import { decodeDspAddress } from "@dsp/core";
import type { Announcement } from "@dsp/core";
import { endpointView } from "../tracker/tracker.js";
import type { Context } from "./schema.js";
import { fileNotFound, graphQLErrorOf } from "./errors.js";
import { connection, decodeCursor, pageSize } from "./pages.js";

export const trackerTypeDefs = /* GraphQL */ `
  "The spec's Endpoint: where an endpoint serves (hostPort is a libp2p multiaddr), from its newest live signed announcement. Times are ms since the epoch, by the announcer's clock."
  type Endpoint { walletAddr: String!, hostPort: String!, type: Int!, announcedAt: String!, expiresAt: String! }
  "The spec's Torrent: a file (infoHash = File Hash) and the live endpoints that announced it, newest first."
  type Torrent { infoHash: String!, peers: [Endpoint!]! }

  "An announcement as its endpoint signed it (node/core/src/announcement/announcement.ts defines the signed bytes)."
  type SignedAnnouncement {
    chainId: Int!, publicKey: String!, walletAddr: String!, hostAddr: String!, type: Int!, fileHashes: [String!]!,
    timestamp: String!, ttl: Int!, signature: String!
  }
  type SignedAnnouncementEdge { cursor: String!, node: SignedAnnouncement! }
  type SignedAnnouncementConnection { edges: [SignedAnnouncementEdge!]!, pageInfo: PageInfo! }

  input AnnouncementInput {
    chainId: Int!, publicKey: String!, walletAddr: String!, hostAddr: String!, type: Int!, fileHashes: [String!]!,
    "ms since the epoch, decimal"
    timestamp: String!,
    "ms"
    ttl: Int!,
    signature: String!
  }
  extend type Query {
    "Live endpoints serving a file; error 50021 if the chain never had the file."
    peers(fileHash: String!, first: Int): Torrent!
    "The live endpoint of a DSP address, or null; error 40010 for a malformed address."
    endpoint(walletAddr: String!): Endpoint
    "Live announcements as signed, by address."
    announcements(first: Int, after: String): SignedAnnouncementConnection!
  }

  type Mutation {
    """
    An endpoint's signed announcement of its address and the whole list of files it serves
    (replacing its previous one). Errors: 40000 malformed, bad signature, wrong chain, timestamp
    in the future / expired / not after the last accepted (extensions.reason says which);
    40010 address malformed or not the key's; 50021 a file the chain never had.
    """
    announce(announcement: AnnouncementInput!): Endpoint!
  }
`;

type Args = Record<string, any>;

/** GraphQL input to an Announcement; a timestamp that is not a decimal number becomes NaN, which the shape check refuses. */
function fromInput(a: Args): Announcement {
  const timestamp = typeof a.timestamp === "string" && /^\d{1,16}$/.test(a.timestamp) ? Number(a.timestamp) : NaN;
  return { ...(a as Announcement), timestamp };
}

const toOutput = (a: Announcement) => ({ ...a, timestamp: String(a.timestamp) });

async function coded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw graphQLErrorOf(e);
  }
}

export const trackerResolvers = {
  Query: {
    peers: async (_: unknown, { fileHash, first }: Args, { reads, tracker }: Context) => {
      const n = pageSize(first);
      const infoHash = String(fileHash).toLowerCase();
      const rows = await reads.peers(infoHash, BigInt(tracker.now()), n);
      if (!rows) throw fileNotFound(fileHash);
      return { infoHash, peers: rows.map(endpointView) };
    },
    endpoint: (_: unknown, { walletAddr }: Args, { reads, tracker }: Context) =>
      coded(async () => {
        decodeDspAddress(walletAddr); // 40010 for a malformed address
        const row = await reads.endpoint(walletAddr, BigInt(tracker.now()));
        return row && endpointView(row);
      }),
    announcements: async (_: unknown, { first, after }: Args, { tracker }: Context) => {
      const n = pageSize(first);
      const rows = await tracker.live(n + 1, decodeCursor(after));
      return connection(rows.map(toOutput), n, (a) => a.walletAddr);
    },
  },
  Mutation: {
    announce: (_: unknown, { announcement }: Args, { tracker }: Context) =>
      coded(async () => {
        return endpointView(await tracker.announce(fromInput(announcement)));
      }),
  },
};
