/**
 * Uploading a file (the spec's Storage Process, transmission states 3 to 15): slice it (after
 * encrypting it, when asked), generate its PDP data, find receivers in the node registry that
 * are online and have room, commit FileInfo and its fee to the ledger, hand the file to the
 * first primary (which checks it and dispatches the other copies), and wait until every holder
 * has proved it on-chain.
 *
 * Resumable by calling it again with the same input: slicing gives the same File Hash, a file
 * already committed by this owner is not committed again, and the primary fetches only the
 * blocks it lacks. Aborting the signal pauses (or cancels) the task at once.
 */
import { toHex } from "@dsp/core";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PeerId } from "@libp2p/interface";
import { encryptFile } from "@dsp/core";
import { AbortedError, DspError, InvalidParams, TransmissionState, stateName } from "@dsp/core";
import type { FileSource } from "../fs/chunker.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { eligibleNodes, fileInfo, nodeStatus, storeFile, type FileDetails, type UploadOption, type WhitelistRule } from "@dsp/ledger";
import { Opcode } from "@dsp/p2p";
import { hex } from "@dsp/core";
import { hashBytes } from "./block-exchange.js";
import type { FsNode } from "./fs-node.js";
import { FileOp, ReceiverRejected } from "./protocol.js";
import { PeerConnectionLost } from "@dsp/p2p";

export interface UploadRequest {
  /** A path, or the bytes as an iterable or stream (not with encryptPassword). */
  source: FileSource;
  /** Extra copies: copyNum + 1 nodes hold the file. */
  copyNum: number;
  proveInterval: bigint;
  /** Block height at which the storage ends. */
  expiredHeight: bigint;
  privilege?: number;
  whitelist?: WhitelistRule[];
  fileDesc?: string;
  /** Encrypt before slicing (AES-256-GCM, key by scrypt). */
  encryptPassword?: string;
  /** Backup nodes that take over a failed holder; default: up to 2 more of the online nodes. */
  candidates?: number;
}

export type UploadProgress =
  | { type: "upload:state"; state: number; name: string; fileHash?: string }
  | { type: "upload:holder"; state: number; name: string; fileHash: string; node: string };

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (e: UploadProgress) => void;
  /** How long to wait for every holder's first proof (default 10 min). */
  proofTimeout?: number;
  /** Return once the holders have the file, without waiting for their first proofs (states 14-15). */
  skipProofWait?: boolean;
}

export interface UploadResult {
  fileHash: string;
  holders: string[];
  /** false when the file was already committed by this owner (a resumed upload). */
  committed: boolean;
}

/** 50007 ONLINE_NODES_NOT_ENOUGH: the registry has fewer nodes with room than copies asked for. */
export class OnlineNodesNotEnough extends DspError {
  override name = "OnlineNodesNotEnough";
  constructor(needed: number, found: number) {
    super(50007, `${needed} storage nodes needed, the registry has ${found} with room`);
  }
}

/** 50014 RECEIVERS_NOT_ENOUGH: too few of those answered. */
export class ReceiversNotEnough extends DspError {
  override name = "ReceiversNotEnough";
  constructor(needed: number, online: number) {
    super(50014, `${needed} storage nodes needed, ${online} online`);
  }
}

/** 50005 FILE_HAS_UPLOADED: someone else committed the same File Hash. */
export class FileHasUploaded extends DspError {
  override name = "FileHasUploaded";
  constructor(fileHash: string, owner: string) {
    super(50005, `file ${fileHash} is already stored by ${owner}`);
  }
}

function checkAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw new AbortedError("upload", signal.reason);
}

/** The committed FileInfo of `fileHash`, or undefined when the ledger has none. */
async function committedInfo(node: FsNode, fileHash: string): Promise<FileDetails | undefined> {
  try {
    return await fileInfo(node.ledger, fileHash);
  } catch (err) {
    if (err instanceof DspError && err.code === 50021) return undefined;
    throw err;
  }
}

/**
 * Registry nodes the contract accepts for `size` bytes until `expiry` (all of them, paged; the
 * rule is NodeRegistry.isEligible's), most room first, the first `want` (+ `extra` candidates)
 * that answer a dial.
 */
async function findReceivers(node: FsNode, size: bigint, expiry: bigint, want: number, extra: number, signal?: AbortSignal) {
  const eligible = (await eligibleNodes(node.ledger, size, expiry))
    .filter((n) => n.address.toLowerCase() !== node.evmAddress)
    .sort((a, b) => (b.restVolume > a.restVolume ? 1 : b.restVolume < a.restVolume ? -1 : 0));
  if (eligible.length < want) throw new OnlineNodesNotEnough(want, eligible.length);
  const online: { address: string; peer: PeerId }[] = [];
  for (const n of eligible) {
    if (online.length >= want + extra) break;
    checkAborted(signal);
    try {
      const peer = await node.host.connect(n.hostAddr, { signal: AbortSignal.any([AbortSignal.timeout(5000), ...(signal ? [signal] : [])]) });
      online.push({ address: n.address, peer });
    } catch {
      // offline: the next one
    }
  }
  if (online.length < want) throw new ReceiversNotEnough(want, online.length);
  return { primaries: online.slice(0, want), candidates: online.slice(want) };
}

export async function uploadFile(node: FsNode, req: UploadRequest, opts: UploadOptions = {}): Promise<UploadResult> {
  const { signal } = opts;
  const state = (s: number, fileHash?: string) => opts.onProgress?.({ type: "upload:state", state: s, name: stateName(s), fileHash });
  const T = TransmissionState;
  let scratch: string | undefined;
  try {
    // 3-4: slicing (encrypting first when asked).
    let source = req.source;
    if (req.encryptPassword !== undefined) {
      if (typeof source !== "string") throw new InvalidParams("encryption needs the file's path");
      scratch = await mkdtemp(path.join(tmpdir(), "dsp-upload-"));
      const encrypted = path.join(scratch, "encrypted");
      await encryptFile(source, encrypted, { password: req.encryptPassword }, { signal });
      source = encrypted;
    }
    state(T.TaskUploadFileMakeSlice);
    const sliced = await node.files.addFile(source, { signal });
    const fileHash = toHex(sliced.fileHash);
    state(T.TaskUploadFileMakeSliceDone, fileHash);
    checkAborted(signal);

    // 11: the PDP tree's root, which the ledger records and every proof is checked against.
    state(T.TaskUploadFileGeneratePDPData, fileHash);
    const pdp = await generatePdpData(node.files, sliced.fileHash, { signal });

    let info = await committedInfo(node, fileHash);
    let committed = false;
    if (info && info.owner.toLowerCase() !== node.evmAddress) throw new FileHasUploaded(fileHash, info.owner);
    if (!info || !info.valid) {
      // 9-10: receivers.
      state(T.TaskUploadFileFindReceivers, fileHash);
      const { primaries, candidates } = await findReceivers(node, BigInt(sliced.size), req.expiredHeight, req.copyNum + 1, req.candidates ?? 2, signal);
      state(T.TaskUploadFileFindReceiversDone, fileHash);
      if (req.whitelist?.length) state(T.TaskUploadFileCommitWhitelist, fileHash);
      const option: UploadOption = {
        fileDesc: req.fileDesc ?? "",
        fileSize: BigInt(sliced.size),
        proveInterval: req.proveInterval,
        expiredHeight: req.expiredHeight,
        privilege: req.privilege ?? 1,
        copyNum: req.copyNum,
        encrypt: req.encryptPassword !== undefined,
        registerDns: false,
        bindDns: false,
        dnsUrl: "",
        whitelist: req.whitelist ?? [],
        share: false,
        storageType: 1,
      };
      await storeFile(
        node.ledger,
        {
          option,
          commit: { fileHash, blocksRoot: toHex(sliced.blocksRoot), dataRoot: toHex(pdp.dataRoot), blockNum: BigInt(sliced.blockCount), blockSize: BigInt(sliced.blockSize) },
          primaryNodes: primaries.map((p) => p.address),
          candidateNodes: candidates.map((p) => p.address),
        },
        { signal },
      );
      if (req.whitelist?.length) state(T.TaskUploadFileCommitWhitelistDone, fileHash);
      committed = true;
      info = await fileInfo(node.ledger, fileHash);
    }
    const holders = info.holders.filter((h) => h.active).map((h) => h.node.toLowerCase());
    const pending = new Set(info.holders.filter((h) => h.active && h.proofsDone === 0n).map((h) => h.node.toLowerCase()));

    if (pending.size > 0) {
      // 12-13: the first holder that answers fetches the file from us and dispatches the copies.
      state(T.TaskUploadFileTransferBlocks, fileHash);
      const received = new Set<string>();
      const failures: DspError[] = [];
      const onHolder = ({ fileHash: h, node: who, state: s }: { fileHash: string; node: string; state: number }) => {
        if (h !== fileHash) return;
        opts.onProgress?.({ type: "upload:holder", state: s, name: stateName(s), fileHash, node: who });
        if (s === T.TaskUploadFileTransferBlocksDone) received.add(who.toLowerCase());
        if (s >= 40000) failures.push(new DspError(s, `holder ${who} failed to take the file`));
      };
      node.on("upload:progress", onHolder);
      try {
        const primary = await handToPrimary(node, fileHash, holders, signal);
        // The primary fetches from this host: if either side's connection goes, so does the transfer.
        const lost = () => {
          const p2p = node.host.libp2p;
          if (p2p.status !== "started") return "this node stopped";
          if (!p2p.getConnections(primary).some((c) => c.status === "open") && received.size === 0) return "the connection to the primary node is gone";
          return undefined;
        };
        await waitFor(node, () => failures.length > 0 || holders.every((h) => received.has(h) || !pending.has(h)), opts.proofTimeout ?? 600_000, signal, lost);
        if (failures.length > 0) throw failures[0];
      } finally {
        node.off("upload:progress", onHolder);
      }
      state(T.TaskUploadFileTransferBlocksDone, fileHash);

    }
    if (!opts.skipProofWait) {
      // 14-15: every holder's first proof on-chain.
      state(T.TaskUploadFileWaitForPDPProve, fileHash);
      await waitForProofs(node, fileHash, opts.proofTimeout ?? 600_000, signal);
      state(T.TaskUploadFileWaitForPDPProveDone, fileHash);
    }
    return { fileHash, holders, committed };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Sends the UploadAsk to the holders in turn until one accepts (it fetches, then dispatches); returns that peer. */
async function handToPrimary(node: FsNode, fileHash: string, holders: string[], signal?: AbortSignal): Promise<PeerId> {
  const hashes = (await node.files.getBlockHashesOfFile(hashBytes(fileHash))).map(hex);
  const sessionId = randomUUID();
  node.seeding.openUpload(sessionId, fileHash, holders);
  let last: unknown;
  for (const holder of holders) {
    checkAborted(signal);
    try {
      const { hostAddr } = await nodeStatus(node.ledger, holder);
      const peer = await node.host.connect(hostAddr, { signal });
      await node.host.request(peer, Opcode.File, { sessionId, hash: fileHash, blockHashes: hashes, operation: FileOp.UploadAsk, totalBlockCount: hashes.length }, { signal });
      return peer;
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof DspError ? last : new ReceiverRejected(holders.join(", "), (last as Error)?.message ?? "no holder answered", last);
}

/** Resolves when `done()` holds, re-checked on every holder progress event and every second. */
async function waitFor(node: FsNode, done: () => boolean, timeout: number, signal?: AbortSignal, lost?: () => string | undefined): Promise<void> {
  const deadline = AbortSignal.any([AbortSignal.timeout(timeout), ...(signal ? [signal] : [])]);
  while (!done()) {
    const why = lost?.();
    if (why) throw new PeerConnectionLost("upload", why);
    if (deadline.aborted) {
      if (signal?.aborted) throw new AbortedError("upload", signal.reason);
      throw new DspError(50016, `no answer from the holders in ${timeout} ms`);
    }
    // One listener per wait, removed whichever wakes it first.
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        node.off("upload:progress", wake);
        deadline.removeEventListener("abort", wake);
        resolve();
      };
      const timer = setTimeout(wake, 1000);
      node.on("upload:progress", wake);
      deadline.addEventListener("abort", wake, { once: true });
    });
  }
}

async function waitForProofs(node: FsNode, fileHash: string, timeout: number, signal?: AbortSignal): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    checkAborted(signal);
    const info = await fileInfo(node.ledger, fileHash);
    const waiting = info.holders.filter((h) => h.active && h.proofsDone === 0n);
    if (waiting.length === 0) return;
    if (Date.now() > end) throw new DspError(50017, `holders ${waiting.map((h) => h.node).join(", ")} submitted no proof in ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
