/**
 * Downloading a file (transmission states 18 to 25): find its holders on the ledger (the active
 * holders of its deal: the one named by dealId, or by owner and File Hash, or else every live deal
 * of the File Hash, since several owners may store the same bytes), ask each for the file (the seeder checks privilege and whitelist and quotes its price), fetch the
 * missing blocks from all of them at once, paying each seeder through a payment channel as the
 * bytes arrive, check the whole tree against the ledger's commitment, decrypt if needed and
 * write the result atomically: a failed download leaves nothing under the final name.
 *
 * The blocks land in the node's own FileStore first, so a download that stops resumes without
 * fetching again what it has; afterwards the node holds the file and may seed it.
 */
import { toHex } from "@dsp/core";
import type { PeerId } from "@libp2p/interface";
import { decryptStream } from "@dsp/core";
import { writeAtomically } from "@dsp/core";
import { AbortedError, DspError, TransmissionState, stateName } from "@dsp/core";
import { channelsDomain, dealIdOf, fileInfo, nodeStatus, openChannel, signVoucher, type FileDetails, type Ledger } from "@dsp/ledger";
import { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";
import { fetchBlocks, hashBytes, type FetchProgress } from "./block-exchange.js";
import type { FsNode } from "./fs-node.js";
import { DownloadRefused, FileOp } from "./protocol.js";
import { announce, ENDPOINT_TYPE, scanPeers } from "./scan.js";
import { liveDealsOf } from "./deals.js";

export type DownloadProgress = { type: "download:state"; state: number; name: string } | FetchProgress;

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (e: DownloadProgress) => void;
  /** The password of an encrypted file. */
  password?: string;
  /** At most this many seeders at once (default 3). */
  maxPeers?: number;
  /** A SCAN server's GraphQL URL: its peers of the file are asked too, besides the ledger's holders. */
  scanUrl?: string;
  /** With scanUrl: announce this node as a seeder of its files afterwards, at this address (state 25). */
  announceAs?: string;
  /** The deal to download from (its holders, its terms); by default the deal of `owner`, or the live deal of the File Hash with the most holders. */
  dealId?: string;
  /** The deal's owner (dealId = dealIdOf(owner, fileHash)). */
  owner?: string;
}

export interface DownloadResult {
  fileHash: string;
  /** the deal whose terms the file was checked against */
  dealId: string;
  bytes: number;
  seeders: string[];
  /** What was promised to each seeder (token wei), by its EVM address. */
  paid: Record<string, bigint>;
}

/** 50028 NO_DOWNLOAD_SEED: no holder could be reached or would serve. */
export class NoDownloadSeed extends DspError {
  override name = "NoDownloadSeed";
  constructor(fileHash: string, why: string, cause?: unknown) {
    super(50028, `no seeder for ${fileHash}: ${why}`, { cause });
  }
}

export interface Seeder {
  peer: PeerId;
  address: string;
  sessionId: string;
  unitPrice: bigint;
  channelId?: string;
}

/** The host addresses of `nodes` from the registry (host address -> node, for messages); nodes without one are left out. */
export async function holderAddresses(node: FsNode, nodes: string[]): Promise<Map<string, string>> {
  const where = new Map<string, string>();
  for (const who of nodes) {
    const { hostAddr } = await nodeStatus(node.ledger, who);
    if (hostAddr) where.set(hostAddr, who);
  }
  return where;
}

/**
 * Asks each of `where` ([host address, who]) at once for the file (File DownloadAsk): the seeders
 * that answered with the committed tree, with their block lists and prices, and why the others
 * did not (each refusal as a DspError).
 */
export async function askSeeders(node: FsNode, fileHash: string, blocksRoot: string, where: [string, string][], signal?: AbortSignal) {
  const refusals: DspError[] = [];
  const answers = await Promise.all(
    where.map(async ([hostAddr, who]): Promise<(Seeder & { hashes: string[] }) | undefined> => {
      try {
        const peer = await node.host.connect(hostAddr, { signal });
        const ack = (await node.host.request(peer, Opcode.File, { hash: fileHash, operation: FileOp.DownloadAsk }, { signal })).message as dsp.File;
        if (ack.blocksRoot.toLowerCase() !== blocksRoot.toLowerCase()) throw new DownloadRefused(`${who} serves another tree`);
        return { peer, address: ack.payInfo?.payee || who, sessionId: ack.sessionId, unitPrice: BigInt(ack.payInfo?.unitPrice || "0"), hashes: ack.blockHashes };
      } catch (err) {
        if (signal?.aborted) throw new AbortedError("download", signal.reason);
        refusals.push(err instanceof DspError ? err : new DspError(50029, `${who}: ${(err as Error).message}`));
        return undefined;
      }
    }),
  );
  return { seeders: answers.filter((s) => s !== undefined), refusals };
}

export async function downloadFile(node: FsNode, fileHashIn: string, outPath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const { signal } = opts;
  const T = TransmissionState;
  const state = (s: number) => opts.onProgress?.({ type: "download:state", state: s, name: stateName(s) });
  const fileHash = fileHashIn.toLowerCase();
  state(T.TaskDownloadFileStart);
  const { info, holders } = await dealToDownload(node.ledger, fileHash, opts);

  // 19: the holders (and SCAN's peers of the file), asked in parallel; refusals are kept to explain a failure.
  state(T.TaskDownloadSearchPeers);
  const where = await holderAddresses(node, holders);
  if (opts.scanUrl) {
    for (const p of await scanPeers(opts.scanUrl, fileHash, signal).catch(() => [])) if (!where.has(p.hostPort)) where.set(p.hostPort, p.walletAddr);
  }
  const { seeders, refusals } = await askSeeders(node, fileHash, info.blocksRoot, [...where].slice(0, Math.max(opts.maxPeers ?? 3, 1)), signal);
  if (seeders.length === 0) {
    const refused = refusals.find((e) => e.code === 50022);
    throw refused ?? new NoDownloadSeed(fileHash, refusals.map((e) => e.message).join("; ") || "the file has no holder");
  }

  // 23-24: a channel to each seeder that charges, deposit enough for the whole file.
  const paid: Record<string, bigint> = {};
  for (const s of seeders) {
    if (s.unitPrice === 0n) continue;
    state(T.TaskDownloadPayForBlocks);
    const channel = await openChannel(node.ledger, s.address, s.unitPrice * info.realFileSize + s.unitPrice * 2n ** 20n, undefined, { signal });
    s.channelId = channel.channelId;
    paid[s.address.toLowerCase()] = 0n;
    state(T.TaskDownloadPayForBlocksDone);
  }
  const byPeer = new Map(seeders.map((s) => [s.peer.toString(), s]));
  const domain = channelsDomain(node.ledger);
  /** A voucher for everything received from `s` so far (cumulative), or none for a free seeder. */
  const voucherFor = (s: Seeder, received: number): dsp.Payment.$Properties | undefined => {
    if (!s.channelId) return undefined;
    const amount = BigInt(received) * s.unitPrice;
    paid[s.address.toLowerCase()] = amount;
    const v = signVoucher(node.account, domain, { channelId: s.channelId, cumulativeAmount: amount });
    return { channelId: v.channelId, cumulativeAmount: amount.toString(), signature: Buffer.from(v.signature.slice(2), "hex"), payer: node.evmAddress, payee: s.address };
  };

  // 20-22: blocks from everyone at once; the list is checked as a whole by commitFile below.
  state(T.TaskDownloadFileDownloading);
  state(T.TaskDownloadRequestBlocks);
  const lease = node.files.lease();
  let bytes = 0;
  try {
    const fetched = await fetchBlocks(node.host, seeders.map((s) => s.peer), node.files, seeders[0].hashes, {
      sessionId: (peer) => byPeer.get(peer.toString())!.sessionId,
      fileHash,
      lease,
      signal,
      onProgress: (e) => opts.onProgress?.(e),
      payment: async (peer, received) => voucherFor(byPeer.get(peer.toString())!, received),
    });
    // The last voucher covers the last batches, which arrived after their requests' vouchers.
    for (const s of seeders) {
      const payment = voucherFor(s, fetched.perPeer.get(s.peer.toString()) ?? 0);
      if (payment) await node.host.send(s.peer, Opcode.Payment, payment, { needAck: true, signal });
    }
    state(T.TaskDownloadReceiveBlocks);
    const committed = await node.files.commitFile(hashBytes(fileHash), { lease, signal });
    if (toHex(committed.blocksRoot) !== info.blocksRoot.toLowerCase()) throw new DownloadRefused("the blocks received do not give the committed BlocksRoot");
    const plain = info.encrypted
      ? decryptStream(node.files.readFile(hashBytes(fileHash), { signal }), { password: opts.password ?? "" }, { signal })
      : node.files.readFile(hashBytes(fileHash), { signal });
    bytes = await writeAtomically(outPath, plain);
  } finally {
    lease.release();
  }
  state(T.TaskDownloadFileMakeSeed);
  if (opts.scanUrl && opts.announceAs) await announce(node, opts.scanUrl, opts.announceAs, { type: ENDPOINT_TYPE.SEEDER, signal });
  return { fileHash, dealId: info.dealId, bytes, seeders: seeders.map((s) => s.address), paid };
}

/**
 * The deal a download checks the file against, and the nodes to ask: the deal named (by id, or by
 * owner), or else the live deal of the File Hash with the most active holders, with the holders of
 * every live deal of the same bytes (the same File Hash and BlocksRoot).
 */
export async function dealToDownload(ledger: Ledger, fileHash: string, o: { dealId?: string; owner?: string } = {}): Promise<{ info: FileDetails; holders: string[] }> {
  if (o.dealId || o.owner) {
    const info = await fileInfo(ledger, o.dealId ?? dealIdOf(o.owner!, fileHash));
    if (info.fileHash.toLowerCase() !== fileHash) throw new DspError(50026, `deal ${info.dealId} is of file ${info.fileHash}, not ${fileHash}`);
    return { info, holders: info.holders };
  }
  const deals = (await liveDealsOf(ledger, fileHash)).map((d) => ({ d, active: d.slots.filter((s) => s.status === "active").length }));
  if (deals.length === 0) throw new DspError(50021, `file ${fileHash} is in no live deal on the chain`);
  deals.sort((a, b) => b.active - a.active);
  const info = await fileInfo(ledger, deals[0].d.dealId);
  const holders = new Set(info.holders);
  for (const { d } of deals.slice(1)) {
    const other = await fileInfo(ledger, d.dealId).catch(() => undefined);
    if (other?.blocksRoot.toLowerCase() === info.blocksRoot.toLowerCase()) for (const h of other.holders) holders.add(h);
  }
  return { info, holders: [...holders] };
}
