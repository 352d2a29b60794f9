/**
 * The SCAN servers' part of the schema: the ScanRegistry's members as indexed (`scanNodes`,
 * `scanNode`), and answers signed by this server (`attest`, when it has an account), which a
 * client can hold against it: if the chain contradicts one, ScanRegistry.challenge slashes this
 * server's pledge (docs/scan-federation.md).
 */
import type { Context } from "./schema.js";
import { dspGraphQLError, graphQLErrorOf } from "./errors.js";
import { connection, decodeCursor, pageSize } from "./pages.js";
import { CLAIM_KINDS, type ClaimKindName } from "../scan/attest.js";

/** 55057 DSP_DNS_GET_NODE_BY_ADDR: the registry never had this SCAN node. */
export const scanNodeNotFound = (address: string) => dspGraphQLError(55057, `SCAN node ${address} is not registered`, "rest_error");

export const scanTypeDefs = /* GraphQL */ `
  "A SCAN/DNS server of the ScanRegistry. status: Active (a member), Quitting (left; pledge still slashable until withdrawableAt), Withdrawn."
  type ScanNode {
    address: String!, hostAddr: String!, pledge: String!, slashed: String!, status: String!, registeredAt: String!,
    quitAt: String!, withdrawableAt: String!
    slashes: [ScanSlash!]!
  }
  type ScanNodeEdge { cursor: String!, node: ScanNode! }
  type ScanNodeConnection { edges: [ScanNodeEdge!]!, pageInfo: PageInfo! }
  "A false signed answer of the node, challenged on chain (ScanRegistry.ScanNodeSlashed)."
  type ScanSlash { challenger: String!, claimDigest: String!, amount: String!, reward: String!, blockNumber: String!, txHash: String! }

  enum ClaimKind { FILE_OWNER, FILE_HOLDERS, DNS_RESOLUTION }
  """
  An answer this SCAN server signed (EIP-712 ScanClaim(uint8 kind, bytes32 subject, bytes32 answerHash,
  uint64 height) under the domain {name "DSP ScanRegistry", version "1", chainId, verifyingContract:
  registry}). answer is the ABI encoding of the kind's answer, answerHash its keccak256, height the
  block whose resulting state it reflects. Pass (kind, subject, answerHash, height), answer and
  signature to ScanRegistry.challenge if the chain contradicts it; the fields kind, subject, answer,
  height, signer, signature, registry and chainId as JSON are what \`dsp scan challenge\` reads.
  """
  type SignedAnswer {
    "1 FILE_OWNER, 2 FILE_HOLDERS, 3 DNS_RESOLUTION: the claim's uint8"
    kind: Int!, kindName: ClaimKind!, subject: String!, answer: String!, answerHash: String!, height: String!,
    signer: String!, signature: String!, registry: String!, chainId: Int!
  }

  extend type Query {
    "SCAN servers by address; status filters (Active, Quitting, Withdrawn)."
    scanNodes(status: String, first: Int, after: String): ScanNodeConnection!
    "Error 55057 if the address never registered."
    scanNode(address: String!): ScanNode!
    """
    This server's signed answer at its indexed height. subject: a file hash (FILE_OWNER,
    FILE_HOLDERS) or a name header://url (DNS_RESOLUTION; the claim's subject is its name hash).
    Error 40000 for a malformed subject; 40007 when this server has no account to sign with.
    """
    attest(kind: ClaimKind!, subject: String!): SignedAnswer!
  }
`;

type Args = Record<string, any>;

export const scanResolvers = {
  Query: {
    scanNodes: async (_: unknown, { status, first, after }: Args, { db }: Context) => {
      const n = pageSize(first);
      const gt = decodeCursor(after);
      const rows = await db.scanNode.findMany({
        where: { ...(status ? { status } : {}), ...(gt !== undefined ? { address: { gt } } : {}) }, orderBy: { address: "asc" }, take: n + 1,
      });
      return connection(rows, n, (r) => r.address);
    },
    scanNode: async (_: unknown, { address }: Args, { db }: Context) => {
      const row = await db.scanNode.findUnique({ where: { address: String(address).toLowerCase() } });
      if (!row) throw scanNodeNotFound(address);
      return row;
    },
    attest: async (_: unknown, { kind, subject }: Args, { attester }: Context) => {
      try {
        if (!attester) throw dspGraphQLError(40007, "this SCAN server has no account to sign answers with (start it with a wallet)", "rest_error");
        return await attester.attest(CLAIM_KINDS[kind as ClaimKindName], subject);
      } catch (e) {
        throw graphQLErrorOf(e);
      }
    },
  },
  ScanNode: {
    registeredAt: (r: { registeredAt: bigint }) => String(r.registeredAt),
    slashes: (r: { address: string }, _: Args, { db }: Context) => db.scanSlash.findMany({ where: { node: r.address }, orderBy: { id: "asc" } }),
  },
  ScanSlash: { blockNumber: (r: { blockNumber: bigint }) => String(r.blockNumber) },
};
