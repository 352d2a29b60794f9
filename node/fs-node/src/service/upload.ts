/**
 * Uploading a file (the spec's Storage Process, transmission states 3 to 15), ledger v2: slice it
 * (after encrypting it, when asked), generate its PDP data, find receivers in the node registry
 * that are online and have room, open the deal on the ledger (its fee escrowed, a slot OFFERED to
 * each chosen node, candidates named for later), hand the data to every offered node (each fetches
 * it from this node and checks it against the deal), and end once every offered node has ACCEPTED
 * the deal on-chain (13), then (unless told not to wait) once each has proved its first period (15).
 * A node that let its offer lapse or declined it is named in the OffersNotAccepted error.
 *
 * Resumable by calling it again with the same input: slicing gives the same File Hash, so the same
 * deal (dealIdOf(owner, fileHash)); a deal already open is not opened again, only the nodes still
 * offered are handed the data, and each fetches only the blocks it lacks. Aborting the signal
 * pauses (or cancels) the task at once.
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
import { dealIdOf, eligibleNodes, fileInfo, nodeStatus, storeFile, type FileDetails, type UploadOption, type WhitelistRule } from "@dsp/ledger";
import { Opcode } from "@dsp/p2p";
import { hex } from "@dsp/core";
import { hashBytes } from "./block-exchange.js";
import type { FsNode } from "./fs-node.js";
import { FileOp } from "./protocol.js";
import { PeerConnectionLost } from "@dsp/p2p";

export interface UploadRequest {
  /** A path, or the bytes as an iterable or stream (not with encryptPassword). */
  source: FileSource;
  /** Extra copies: copyNum + 1 nodes hold the file. */
  copyNum: number;
  /** The longest gap between two proofs the owner accepts; at least (and by default) the verifier's proving period. */
  proveInterval?: bigint;
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
  /** How long to wait for the offered nodes' acceptances, and again for their first proofs (default 10 min each). */
  proofTimeout?: number;
  /** Return once the offered nodes have accepted the deal, without waiting for their first proofs (states 14-15). */
  skipProofWait?: boolean;
}

export interface UploadResult {
  /** the deal: dealIdOf(owner, fileHash) */
  dealId: string;
  fileHash: string;
  /** nodes that accepted the deal */
  holders: string[];
  /** false when the deal was already open (a resumed upload). */
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

/** 50015 RECEIVERS_REJECTED: offered nodes did not accept the deal (each with why: declined, lapsed, refused the data). */
export class OffersNotAccepted extends DspError {
  override name = "OffersNotAccepted";
  constructor(readonly dealId: string, readonly refused: { node: string; why: string }[], readonly accepted: string[]) {
    super(50015, `${refused.length} offered node(s) did not accept deal ${dealId}: ${refused.map((r) => `${r.node} (${r.why})`).join("; ")}`);
  }
}

function checkAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw new AbortedError("upload", signal.reason);
}

/** The deal's FileInfo, or undefined when the ledger has none (never opened, or ended). */
async function committedInfo(node: FsNode, dealId: string): Promise<FileDetails | undefined> {
  try {
    return await fileInfo(node.ledger, dealId);
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
  const timeout = opts.proofTimeout ?? 600_000;
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

    // 11: the PDP tree's root, which the deal records and every proof is checked against.
    state(T.TaskUploadFileGeneratePDPData, fileHash);
    const pdp = await generatePdpData(node.files, sliced.fileHash, { signal });

    const dealId = dealIdOf(node.evmAddress, fileHash).toLowerCase();
    let info = await committedInfo(node, dealId);
    let committed = false;
    if (!info) {
      // 9-10: receivers.
      state(T.TaskUploadFileFindReceivers, fileHash);
      const { primaries, candidates } = await findReceivers(node, BigInt(sliced.size), req.expiredHeight, req.copyNum + 1, req.candidates ?? 2, signal);
      state(T.TaskUploadFileFindReceiversDone, fileHash);
      if (req.whitelist?.length) state(T.TaskUploadFileCommitWhitelist, fileHash);
      const option: UploadOption = {
        fileDesc: req.fileDesc ?? "",
        fileSize: BigInt(sliced.size),
        proveInterval: req.proveInterval ?? (await node.ledger.contracts.verifier.provingPeriod()),
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
          offered: primaries.map((p) => p.address),
          candidates: candidates.map((p) => p.address),
        },
        { signal },
      );
      if (req.whitelist?.length) state(T.TaskUploadFileCommitWhitelistDone, fileHash);
      committed = true;
      info = await fileInfo(node.ledger, dealId);
    }
    const targets = info.slots.filter((s) => s.status === "offered").map((s) => s.node.toLowerCase());
    let holders = info.holders.map((h) => h.toLowerCase());

    if (targets.length > 0) {
      // 12-13: every offered node fetches the data from us, checks it and accepts the deal.
      state(T.TaskUploadFileTransferBlocks, fileHash);
      const accepted = await handOff(node, dealId, fileHash, targets, opts, timeout);
      holders = [...new Set([...holders, ...accepted])];
      state(T.TaskUploadFileTransferBlocksDone, fileHash);
    }
    if (!opts.skipProofWait) {
      // 14-15: each holder's first proven period since it accepted.
      state(T.TaskUploadFileWaitForPDPProve, fileHash);
      await waitForFirstProofs(node, dealId, holders, timeout, signal);
      state(T.TaskUploadFileWaitForPDPProveDone, fileHash);
    }
    return { dealId, fileHash, holders, committed };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Sends the UploadAsk to every offered node at once (each fetches the data from this node), then
 * follows the deal on the ledger until each of them has accepted it or is out: it declined, its
 * offer lapsed, it refused the data, or it could not be reached. Returns the nodes that accepted;
 * throws OffersNotAccepted naming the others once all are decided.
 */
async function handOff(node: FsNode, dealId: string, fileHash: string, targets: string[], opts: UploadOptions, timeout: number): Promise<string[]> {
  const { signal } = opts;
  const T = TransmissionState;
  const hashes = (await node.files.getBlockHashesOfFile(hashBytes(fileHash))).map(hex);
  const sessionId = randomUUID();
  node.seeding.openUpload(sessionId, fileHash, targets);
  const refused = new Map<string, string>();
  const received = new Set<string>();
  const peers = new Map<string, PeerId>();
  const onHolder = ({ fileHash: h, node: who, state: s }: { fileHash: string; node: string; state: number }) => {
    if (h !== fileHash) return;
    const w = who.toLowerCase();
    if (!targets.includes(w)) return;
    opts.onProgress?.({ type: "upload:holder", state: s, name: stateName(s), fileHash, node: who });
    if (s === T.TaskUploadFileTransferBlocksDone) received.add(w);
    if (s >= 40000) refused.set(w, `it could not take the file: ${new DspError(s, "").codeName} (${s})`);
  };
  node.on("upload:progress", onHolder);
  try {
    await Promise.all(targets.map(async (target) => {
      try {
        const { hostAddr } = await nodeStatus(node.ledger, target);
        const peer = await node.host.connect(hostAddr, { signal });
        await node.host.request(peer, Opcode.File, { sessionId, hash: fileHash, blockHashes: hashes, operation: FileOp.UploadAsk, totalBlockCount: hashes.length }, { signal });
        peers.set(target, peer);
      } catch (err) {
        checkAborted(signal);
        refused.set(target, `it did not take the data: ${(err as Error).message}`);
      }
    }));
    const accepted = new Set<string>();
    // A receiving node fetches from this host: if either side's connection goes before it has the data, so does the transfer.
    const lost = () => {
      const p2p = node.host.libp2p;
      if (p2p.status !== "started") return "this node stopped";
      for (const [target, peer] of peers) {
        if (received.has(target) || refused.has(target) || accepted.has(target)) continue;
        if (!p2p.getConnections(peer).some((c) => c.status === "open")) return `the connection to ${target} is gone`;
      }
      return undefined;
    };
    const withdrawnFrom = (await node.ledger.head()) - 1n;
    const decided = async () => {
      const [info, head] = await Promise.all([fileInfo(node.ledger, dealId), node.ledger.head()]);
      for (const target of targets) {
        if (accepted.has(target)) continue;
        const slot = info.slots.find((s) => s.node.toLowerCase() === target);
        if (slot?.status === "active") {
          accepted.add(target);
          refused.delete(target);
        } else if (!slot) {
          refused.set(target, await withdrawal(node, dealId, target, withdrawnFrom));
        } else if (head > slot.offeredUntil) {
          refused.set(target, `its offer lapsed unaccepted at block ${slot.offeredUntil}`);
        }
      }
      return targets.every((t) => accepted.has(t) || refused.has(t));
    };
    await waitFor(node, decided, timeout, signal, lost);
    if (refused.size > 0) throw new OffersNotAccepted(dealId, [...refused].map(([n, why]) => ({ node: n, why })), [...accepted]);
    return [...accepted];
  } finally {
    node.off("upload:progress", onHolder);
    node.seeding.close(sessionId);
  }
}

/** Why `target`'s slot left the deal: it declined, or its offer lapsed (OfferWithdrawn). */
async function withdrawal(node: FsNode, dealId: string, target: string, from: bigint): Promise<string> {
  const l = node.ledger.contracts.ledger;
  const events = await l.queryFilter(l.filters.OfferWithdrawn(dealId, target), Number(from < 0n ? 0n : from)).catch(() => []);
  const last = events.at(-1);
  if (!last) return "it left the deal";
  return last.args.lapsed ? "its offer lapsed unaccepted" : "it declined the deal";
}

/** Resolves when `done()` holds, re-checked on every holder progress event and every half second. */
async function waitFor(node: FsNode, done: () => Promise<boolean>, timeout: number, signal?: AbortSignal, lost?: () => string | undefined): Promise<void> {
  const deadline = AbortSignal.any([AbortSignal.timeout(timeout), ...(signal ? [signal] : [])]);
  while (!(await done())) {
    const why = lost?.();
    if (why) throw new PeerConnectionLost("upload", why);
    if (deadline.aborted) {
      if (signal?.aborted) throw new AbortedError("upload", signal.reason);
      throw new DspError(50016, `the offered nodes did not all accept or refuse in ${timeout} ms`);
    }
    // One listener per wait, removed whichever wakes it first.
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        node.off("upload:progress", wake);
        deadline.removeEventListener("abort", wake);
        resolve();
      };
      const timer = setTimeout(wake, 500);
      node.on("upload:progress", wake);
      deadline.addEventListener("abort", wake, { once: true });
    });
  }
}

/** Until each holder has proved a period of its own at or after the first one the deal pays it for (PeriodProven). */
async function waitForFirstProofs(node: FsNode, dealId: string, holders: string[], timeout: number, signal?: AbortSignal): Promise<void> {
  const end = Date.now() + timeout;
  const v = node.ledger.contracts.verifier;
  const info = await fileInfo(node.ledger, dealId);
  const from = Number(info.blockHeight);
  const waiting = new Map(info.slots.filter((s) => s.status === "active" && holders.includes(s.node.toLowerCase())).map((s) => [s.node, BigInt(s.firstPeriod)]));
  for (;;) {
    checkAborted(signal);
    for (const [holder, first] of [...waiting]) {
      const proven = await v.queryFilter(v.filters.PeriodProven(holder), from);
      if (proven.some((e) => BigInt(e.args.period) >= first)) waiting.delete(holder);
    }
    if (waiting.size === 0) return;
    if (Date.now() > end) throw new DspError(50017, `holders ${[...waiting.keys()].join(", ")} proved no period in ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
