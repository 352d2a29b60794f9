/**
 * The explorer's part of the SCAN schema: what the web explorer (indexer/explorer/) shows and the
 * discovery queries did not answer. Network totals for the overview, the newest proved periods and
 * faults (for timelines and plots; the paged lists run oldest first), an account by EVM or DSP
 * address (its space, channels, names, deals and whether it is a node), DNS headers and names, the
 * names that link to a file, and counts per node.
 */
import { decodeDspAddress, encodeDspAddress, isDspAddress } from "@dsp/core";
import { dspGraphQLError, invalidParams } from "./errors.js";
import { connection, decodeCursor, pageSize } from "./pages.js";
import type { Context } from "./schema.js";
import { heldBy, slotLife } from "./held.js";

/** Channels, names and headers an account lists at most (newest keys are not special: these are caps). */
export const ACCOUNT_LIST_CAP = 100;
export const DEFAULT_WINDOW = 1000;
const ZERO = "0x0000000000000000000000000000000000000000";

export const explorerTypeDefs = /* GraphQL */ `
  "The network at the indexed height. Volumes are bytes; amounts token wei."
  type Overview {
    "the indexed height (null before the first block is applied)"
    height: String
    "blocks the recent counts look back over"
    window: Int!
    nodesOnline: Int!, nodes: Int!, totalPledged: String!,
    "sum of the nodes' volumes, and of what their files take"
    totalVolume: String!, volumeUsed: String!,
    "File Hashes with a live deal, and live deals"
    files: Int!, deals: Int!,
    "slots offered and not yet accepted, and accepted and not released"
    offers: Int!, holdings: Int!,
    "proved periods and faults in the last window blocks, and all time"
    proofsRecent: Int!, faultsRecent: Int!, proofs: Int!, faults: Int!
  }

  type UserSpace { totalBytes: String!, usedBytes: String!, expiredHeight: String!, balance: String! }
  type Channel {
    channelId: String!, sender: String!, recipient: String!, deposit: String!, collected: String!, closingAmount: String!,
    closesAt: String!, challengePeriod: String!, status: String!, refunded: String!
  }
  "A DNS header; live while it has an owner and has not expired at the indexed height."
  type DnsHeader { name: String!, owner: String!, desc: String!, expiredHeight: String!, generation: String!, reserved: Boolean!, live: Boolean! }
  type DnsHeaderEdge { cursor: String!, node: DnsHeader! }
  type DnsHeaderConnection { edges: [DnsHeaderEdge!]!, pageInfo: PageInfo! }
  "A DNS name header://url as registered (resolve(header, url) says whether it resolves now)."
  type DnsName {
    name: String!, header: String!, url: String!, owner: String!, link: String!, desc: String!, mode: Int!, ttl: String!,
    expiredHeight: String!, deleted: Boolean!,
    "the file hash in a dsp://file?hash= link, lowercase"
    fileHash: String
  }
  type DnsNameEdge { cursor: String!, node: DnsName! }
  type DnsNameConnection { edges: [DnsNameEdge!]!, pageInfo: PageInfo! }

  "What the chain knows of one address. Lists hold at most 100 entries."
  type Account {
    evm: String!,
    "the DSP address (base58) bound to it in the AccountRegistry, or null"
    dspAddress: String, boundAt: String,
    "its FS node, if it ever registered one"
    node: Node, space: UserSpace,
    "File Hashes it stored a deal for (any state), and its deals still live"
    filesOwned: Int!, liveDeals: Int!,
    "channels it sends on or receives from"
    channels: [Channel!]!, dnsHeaders: [DnsHeader!]!, dnsNames: [DnsName!]!
  }

  extend type Node {
    "proved periods and faults, all time; deals it holds (accepted, not released) and offers it has not answered"
    proofCount: Int!, faultCount: Int!, filesHeld: Int!, offers: Int!
  }
  extend type Slot {
    "the newest period its node proved while holding this slot, or null"
    lastProof: Period
  }
  extend type File {
    "DNS names (not deleted) whose link is dsp://file?hash= this file"
    dnsNames: [DnsName!]!
  }

  extend type Query {
    "Network totals; recent counts cover the last window blocks (default 1000)."
    overview(window: Int): Overview!
    "The newest proved periods first (at most 100), optionally of one node and/or of the holders of one File Hash while they held it."
    recentProofs(fileHash: String, node: String, first: Int): [Period!]!
    "The newest faults first (at most 100), optionally of one node and/or of the holders of one File Hash while they held it."
    recentFaults(fileHash: String, node: String, first: Int): [Fault!]!
    "An EVM address (0x...) or a DSP address (base58). Errors: 40010 malformed; 40007 NO_ACCOUNT if the chain has no trace of it."
    account(address: String!): Account!
    dnsHeaders(first: Int, after: String): DnsHeaderConnection!
    "Names, optionally under one header, deleted ones included, in key order."
    dnsNames(header: String, first: Int, after: String): DnsNameConnection!
  }
`;

type Args = Record<string, any>;
const low = (s: string) => s.toLowerCase();
const EVM = /^0x[0-9a-fA-F]{40}$/;

/** 40010 INVALID_WALLET_ADDRESS */
const invalidAddress = (address: string) => dspGraphQLError(40010, `"${address}" is neither an EVM nor a DSP address`, "rest_error");
/** 40007 NO_ACCOUNT */
const noAccount = (address: string) => dspGraphQLError(40007, `the chain has no trace of ${address}`, "rest_error");

async function height(ctx: Context) {
  return (await ctx.db.checkpoint.findUnique({ where: { chainId: ctx.chainId } }))?.blockNumber;
}

const sum = (values: string[]) => values.reduce((a, v) => a + BigInt(v), 0n).toString();

/** Lowercase file hash of a dsp://file?hash=0x... link (the form the scenario and the CLI write). */
export function linkedFile(link: string) {
  const m = /[?&]hash=(0x[0-9a-fA-F]{64})(?:&|$)/.exec(link);
  return m ? low(m[1]) : null;
}

function dnsName<T extends { header: string; url: string; link: string }>(u: T) {
  return { ...u, name: `${u.header}://${u.url}`, fileHash: linkedFile(u.link) };
}

function dnsHeader<T extends { owner: string; expiredHeight: string }>(h: T, now: bigint | undefined) {
  return { ...h, live: h.owner !== ZERO && BigInt(h.expiredHeight) > (now ?? 0n) };
}

/** Proved periods or faults, newest first, of a node and/or of the holders of a File Hash. */
async function newest<T>(db: Context["db"], find: (q: { where: object; orderBy: { id: "desc" }; take: number }) => Promise<T[]>, { fileHash, node, first }: Args, extra: object = {}) {
  const take = pageSize(first);
  const held = fileHash ? await heldBy(db, fileHash, node ?? undefined) : node ? { node: low(node) } : {};
  if (!held) return [];
  return find({ where: { AND: [held, extra] }, orderBy: { id: "desc" }, take });
}

/** The EVM address behind `address`; null when it is a DSP address bound to none. */
async function evmOf(ctx: Context, address: string) {
  if (EVM.test(address)) return low(address);
  if (!isDspAddress(address)) throw invalidAddress(address);
  const dsp = "0x" + Buffer.from(decodeDspAddress(address)).toString("hex");
  return (await ctx.db.account.findUnique({ where: { dsp } }))?.evm ?? null;
}

async function account(ctx: Context, address: string) {
  const { db } = ctx;
  const evm = await evmOf(ctx, address);
  if (!evm) throw noAccount(address);
  const [bound, node, space, owned, liveDeals, channels, headers, names] = await Promise.all([
    db.account.findUnique({ where: { evm } }),
    ctx.reads.node(evm),
    db.userSpace.findUnique({ where: { owner: evm } }),
    db.deal.findMany({ where: { owner: evm }, distinct: ["fileHash"], select: { fileHash: true } }),
    db.deal.count({ where: { owner: evm, valid: true } }),
    db.channel.findMany({ where: { OR: [{ sender: evm }, { recipient: evm }] }, orderBy: { channelId: "asc" }, take: ACCOUNT_LIST_CAP }),
    db.dnsHeader.findMany({ where: { owner: evm }, orderBy: { name: "asc" }, take: ACCOUNT_LIST_CAP }),
    db.dnsUrl.findMany({ where: { owner: evm }, orderBy: { nameHash: "asc" }, take: ACCOUNT_LIST_CAP }),
  ]);
  const filesOwned = owned.length;
  if (!bound && !node && !space && !filesOwned && !channels.length && !headers.length && !names.length) throw noAccount(address);
  const now = headers.length ? await height(ctx) : undefined;
  return {
    evm, dspAddress: bound ? encodeDspAddress(Buffer.from(bound.dsp.slice(2), "hex")) : null, boundAt: bound?.blockNumber.toString() ?? null,
    node, space, filesOwned, liveDeals, channels, dnsHeaders: headers.map((h) => dnsHeader(h, now)), dnsNames: names.map(dnsName),
  };
}

export const explorerResolvers = {
  Query: {
    overview: async (_: unknown, { window }: Args, ctx: Context) => {
      const w = window ?? DEFAULT_WINDOW;
      if (!Number.isInteger(w) || w < 1) throw invalidParams(`window must be a positive number of blocks, not ${w}`);
      const { db } = ctx;
      const h = await height(ctx);
      const since = { blockNumber: { gt: (h ?? 0n) - BigInt(w) } };
      // Nodes are few (each one pledged to register): their totals are summed here, as bigints.
      const [nodes, files, deals, offers, holdings, proofsRecent, faultsRecent, proofs, faults] = await Promise.all([
        db.node.findMany({ select: { status: true, pledge: true, volume: true, restVolume: true } }),
        db.file.count({ where: { liveDeals: { gt: 0 } } }),
        db.deal.count({ where: { valid: true } }),
        db.slot.count({ where: { status: "offered" } }),
        db.slot.count({ where: { status: "active" } }),
        db.period.count({ where: { ...since, proven: true } }),
        db.fault.count({ where: since }),
        db.period.count({ where: { proven: true } }),
        db.fault.count(),
      ]);
      const online = nodes.filter((n) => n.status === "Active");
      return {
        height: h?.toString() ?? null, window: w, nodes: nodes.length, nodesOnline: online.length, totalPledged: sum(nodes.map((n) => n.pledge)),
        totalVolume: sum(nodes.map((n) => n.volume)), volumeUsed: sum(nodes.map((n) => (BigInt(n.volume) - BigInt(n.restVolume)).toString())),
        files, deals, offers, holdings, proofsRecent, faultsRecent, proofs, faults,
      };
    },
    recentProofs: (_: unknown, args: Args, { db }: Context) => newest(db, (q) => db.period.findMany(q), args, { proven: true }),
    recentFaults: (_: unknown, args: Args, { db }: Context) => newest(db, (q) => db.fault.findMany(q), args),
    account: (_: unknown, { address }: Args, ctx: Context) => account(ctx, address.trim()),
    dnsHeaders: async (_: unknown, { first, after }: Args, ctx: Context) => {
      const n = pageSize(first);
      const gt = decodeCursor(after);
      const rows = await ctx.db.dnsHeader.findMany({ where: gt !== undefined ? { name: { gt } } : {}, orderBy: { name: "asc" }, take: n + 1 });
      const now = await height(ctx);
      return connection(rows.map((r) => dnsHeader(r, now)), n, (r) => r.name);
    },
    dnsNames: async (_: unknown, { header, first, after }: Args, { db }: Context) => {
      const n = pageSize(first);
      const gt = decodeCursor(after);
      const rows = await db.dnsUrl.findMany({
        where: { ...(header ? { header } : {}), ...(gt !== undefined ? { nameHash: { gt } } : {}) }, orderBy: { nameHash: "asc" }, take: n + 1,
      });
      return connection(rows.map(dnsName), n, (r) => r.nameHash);
    },
  },
  Node: {
    proofCount: (n: { address: string }, _: Args, { db }: Context) => db.period.count({ where: { node: n.address, proven: true } }),
    faultCount: (n: { address: string }, _: Args, { db }: Context) => db.fault.count({ where: { node: n.address } }),
    filesHeld: (n: { address: string }, _: Args, { db }: Context) => db.slot.count({ where: { node: n.address, status: "active" } }),
    offers: (n: { address: string }, _: Args, { db }: Context) => db.slot.count({ where: { node: n.address, status: "offered" } }),
  },
  Slot: {
    lastProof: (x: Parameters<typeof slotLife>[0], _: Args, { db }: Context) => {
      const life = slotLife(x);
      return life ? db.period.findFirst({ where: { ...life, proven: true }, orderBy: { id: "desc" } }) : null;
    },
  },
  File: {
    // Links are written by their owners: the hash may be in either case.
    dnsNames: async (f: { fileHash: string }, _: Args, { db }: Context) => {
      const hex = f.fileHash.slice(2);
      const rows = await db.dnsUrl.findMany({
        where: { deleted: false, OR: [{ link: { contains: `hash=0x${hex}` } }, { link: { contains: `hash=0x${hex.toUpperCase()}` } }] },
        orderBy: { nameHash: "asc" }, take: ACCOUNT_LIST_CAP,
      });
      return rows.map(dnsName).filter((u) => u.fileHash === f.fileHash);
    },
  },
};
