/**
 * The FS node's side of SCAN (spec "SCAN Discovery", content addressing): announce, signed with
 * the account key, where this endpoint serves and which files; ask who serves a file (the spec's
 * Torrent and Endpoints). Over the SCAN server's GraphQL (indexer/graphql/tracker.ts); the signed
 * bytes are node/core/src/announcement/announcement.ts's, the same module the server verifies with.
 */
import { toHex } from "@dsp/core";
import { DspError } from "@dsp/core";
import { signAnnouncement, ENDPOINT_TYPE } from "@dsp/core";
import type { FsNode } from "./fs-node.js";

/** 50027 NO_CONNECTED_DNS: the SCAN server did not answer or refused (the message says which). */
export class ScanUnavailable extends DspError {
  override name = "ScanUnavailable";
  constructor(url: string, why: string, cause?: unknown) {
    super(50027, `SCAN at ${url}: ${why}`, { cause });
  }
}

async function graphql<T>(url: string, query: string, variables: object, signal?: AbortSignal): Promise<T> {
  let body: { data?: T; errors?: { message: string; extensions?: { code?: number } }[] };
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }), signal });
    body = (await res.json()) as typeof body;
  } catch (cause) {
    throw new ScanUnavailable(url, (cause as Error).message, cause);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw e.extensions?.code ? new DspError(e.extensions.code, `SCAN refused: ${e.message}`) : new ScanUnavailable(url, e.message);
  }
  return body.data as T;
}

export interface AnnounceOptions {
  /** ENDPOINT_TYPE.FS_NODE (default) or SEEDER */
  type?: number;
  /** The files to announce (File Hashes, 0x hex); default: every file in the node's store. */
  fileHashes?: string[];
  ttl?: number;
  signal?: AbortSignal;
}

/** Announces this node's address and files to the SCAN server at `url` (its /graphql endpoint). */
export async function announce(node: FsNode, url: string, hostAddr: string, opts: AnnounceOptions = {}): Promise<void> {
  const fileHashes = opts.fileHashes ?? (await node.files.listFiles()).map((h) => toHex(h));
  const a = signAnnouncement(node.account, { chainId: node.ledger.deployments.chainId, hostAddr, fileHashes, type: opts.type ?? ENDPOINT_TYPE.FS_NODE, ttl: opts.ttl });
  await graphql(
    url,
    "mutation ($a: AnnouncementInput!) { announce(announcement: $a) { walletAddr } }",
    { a: { ...a, timestamp: String(a.timestamp) } },
    opts.signal,
  );
}

/** The endpoints SCAN knows serve `fileHash`: their libp2p addresses, newest first. */
export async function scanPeers(url: string, fileHash: string, signal?: AbortSignal): Promise<{ walletAddr: string; hostPort: string; type: number }[]> {
  const data = await graphql<{ peers: { peers: { walletAddr: string; hostPort: string; type: number }[] } }>(
    url,
    "query ($h: String!) { peers(fileHash: $h, first: 20) { peers { walletAddr hostPort type } } }",
    { h: fileHash.toLowerCase() },
    signal,
  );
  return data.peers.peers;
}

export { ENDPOINT_TYPE };
