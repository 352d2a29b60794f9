/**
 * An FS node's sharing service on top of its DspHost, FileStore and ledger client: it receives the
 * files of the deals it was offered from their owners, checks them against the deal's commitment
 * (blocks, BlocksRoot, size, PDP data root) before the prover may accept the deal, and serves
 * downloads under the privilege, whitelist and price of the deals it holds for a File Hash.
 * Uploading and downloading as a client are upload.ts and download.ts, which use an FsNode for their
 * own side. Accepting, declining and proving are the prover's (prover.ts), told by this node's
 * "file:received" and "file:rejected" events.
 */
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { PeerId } from "@libp2p/interface";
import { evmAddressOf, type KeyPair, toHex } from "@dsp/core";
import { DspError, InvalidParams, TransmissionState } from "@dsp/core";
import type { FileStore } from "../fs/file-store.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { dealIdOf, fileInfo, type FileDetails, type Ledger } from "@dsp/ledger";
import type { DspHost, Incoming } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";
import { hex } from "@dsp/core";
import { fetchBlocks, serveBlocks, hashBytes } from "./block-exchange.js";
import { DownloadRefused, FileOp, ReceiverRejected } from "./protocol.js";
import { Seeding, type SeedingOptions } from "./seeding.js";
import { hasSlot, liveDealsOf, type LiveDeal } from "./deals.js";
import type { Semaphore } from "@dsp/core";

export interface FsNodeInit {
  host: DspHost;
  files: FileStore;
  /** A ledger client signing as this node's account. */
  ledger: Ledger;
  account: KeyPair;
  seeding?: SeedingOptions;
  /** Block batches read and being sent at once, over all peers (default 16): bounds the memory serving takes. */
  maxServeBatches?: number;
  /** Worker threads for generating PDP data of received files. */
  pdpWorkers?: number;
  log?: (line: string) => void;
}

export interface FsNodeEvents {
  /** A received file is complete, checked against its deal and ready to accept and prove. */
  "file:received": [{ fileHash: string; dealId?: string; from: string; bytes: number }];
  /**
   * A file offered to this node could not be taken. `mismatch`: the data the owner sent does not
   * match the deal's commitment (the deal can never be accepted: the prover declines it).
   */
  "file:rejected": [{ fileHash: string; dealId?: string; from: string; error: DspError; mismatch: boolean }];
  /** A block of `fileHash` read for a peer did not hash to its name (disk rot, tampering). */
  "block:corrupt": [{ fileHash: string; block: string }];
  /** Progress of an upload this node takes part in, as reported by a receiving node (uploader side). */
  "upload:progress": [{ fileHash: string; node: string; state: number }];
}

/** The FileDetails fields a receiver checks a file against: why the file differs, or undefined. */
export function checkCommit(info: FileDetails, got: { blocksRoot: Uint8Array; blockCount: number; size: number }): string | undefined {
  if (toHex(got.blocksRoot) !== info.blocksRoot.toLowerCase()) return "its blocks do not give the committed BlocksRoot";
  if (BigInt(got.blockCount) !== BigInt(info.blockNum)) return `it has ${got.blockCount} blocks, the deal says ${info.blockNum}`;
  if (BigInt(got.size) !== BigInt(info.realFileSize)) return `it has ${got.size} bytes, the deal says ${info.realFileSize}`;
  return undefined;
}

/** How long a read of a File Hash's live deals serves the DownloadAsks that follow it. */
const DEALS_TTL_MS = 3_000;

/** The data does not match the deal's commitment: no retry will make it match. */
export class CommitMismatch extends ReceiverRejected {
  override name = "CommitMismatch";
}

export class FsNode extends EventEmitter<FsNodeEvents> {
  readonly host: DspHost;
  readonly files: FileStore;
  readonly ledger: Ledger;
  readonly account: KeyPair;
  readonly seeding: Seeding;
  readonly evmAddress: string;
  /** The read budget of block serving: `inUse`, `waiting`, `peak`. */
  readonly serving: Semaphore;
  readonly #receiving = new Map<string, Promise<void>>();
  /** live deals by File Hash, read at most every DEALS_TTL_MS for a burst of DownloadAsks */
  readonly #deals = new Map<string, { at: number; deals: Promise<LiveDeal[]> }>();
  readonly #init: FsNodeInit;

  constructor(init: FsNodeInit) {
    super();
    this.#init = init;
    this.host = init.host;
    this.files = init.files;
    this.ledger = init.ledger;
    this.account = init.account;
    this.evmAddress = evmAddressOf(init.account.publicKey).toLowerCase();
    this.seeding = new Seeding(init.ledger, init.seeding);
    this.serving = serveBlocks(this.host, this.files, {
      policy: this.seeding.policy,
      maxBatches: init.maxServeBatches,
      onCorrupt: (fileHash, block) => this.emit("block:corrupt", { fileHash, block }),
    });
    this.host.handle(Opcode.File, (m) => this.#onFile(m));
    this.host.handle(Opcode.Progress, (m) => this.#onProgress(m));
    this.host.handle(Opcode.Payment, (m) => this.seeding.pay(m.message, m.senderKey));
  }

  /** Whether an upload of `fileHash` to this node is under way. */
  isReceiving(fileHash: string): boolean {
    return this.#receiving.has(fileHash.toLowerCase());
  }

  /** Waits for the receive tasks in flight (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#receiving.values()]);
  }

  #log(line: string): void {
    this.#init.log?.(`[fs-node ${this.evmAddress.slice(0, 10)}] ${line}`);
  }

  async #onFile(m: Incoming<typeof Opcode.File>) {
    switch (m.message.operation) {
      case FileOp.UploadAsk:
        return this.#acceptUpload(m);
      case FileOp.DownloadAsk:
        return this.#acceptDownload(m);
      default:
        throw new InvalidParams(`File operation ${m.message.operation} is not one a node accepts`);
    }
  }

  #onProgress(m: Incoming<typeof Opcode.Progress>): void {
    const { hash, operation, sender } = m.message;
    this.emit("upload:progress", { fileHash: hash, node: sender, state: operation });
  }

  /**
   * An owner offers this node the data of its deal for the File Hash (the deal is the sender's:
   * dealId = dealIdOf(sender, fileHash)). Taken only if this node has an open offer in that deal;
   * a node that accepted already has the data and takes nothing more.
   */
  async #acceptUpload(m: Incoming<typeof Opcode.File>) {
    const fileHash = m.message.hash.toLowerCase();
    const sender = evmAddressOf(m.senderKey).toLowerCase();
    const hashes = m.message.blockHashes;
    if (hashes[0] !== fileHash.replace(/^0x/, "")) throw new ReceiverRejected(this.evmAddress, "the block list does not start with the File Hash");
    const dealId = dealIdOf(sender, fileHash).toLowerCase();
    let info: FileDetails;
    try {
      info = await fileInfo(this.ledger, dealId);
    } catch (err) {
      if (err instanceof DspError && err.code === 50021) throw new ReceiverRejected(this.evmAddress, `${sender} has no deal for ${fileHash}`, err);
      throw err;
    }
    if (info.owner.toLowerCase() !== sender) throw new ReceiverRejected(this.evmAddress, `${sender} does not own deal ${dealId}`);
    const slot = info.slots.find((s) => s.node.toLowerCase() === this.evmAddress);
    if (!slot) throw new ReceiverRejected(this.evmAddress, `this node was not offered deal ${dealId}`);
    let present = 0;
    while (present < hashes.length && (await this.files.blocks.has(hashBytes(hashes[present])))) present++;
    if (slot.status === "offered" && !this.#receiving.has(fileHash)) {
      const task = this.#receive(m.peer, m.message.sessionId, dealId, fileHash, hashes, info).finally(() => this.#receiving.delete(fileHash));
      this.#receiving.set(fileHash, task);
    }
    return {
      opcode: Opcode.File,
      message: { sessionId: m.message.sessionId, hash: fileHash, operation: FileOp.UploadAck, breakpoint: { hash: hashes[present] ?? "", index: present } },
    };
  }

  async #progress(to: PeerId, fileHash: string, state: number): Promise<void> {
    await this.host.send(to, Opcode.Progress, { id: randomUUID(), hash: fileHash, operation: state, sender: this.evmAddress }).catch(() => {});
  }

  async #receive(from: PeerId, sessionId: string, dealId: string, fileHash: string, hashes: string[], info: FileDetails): Promise<void> {
    const lease = this.files.lease();
    // A file already here (held for another deal of the same bytes, say) is never deleted on failure.
    const hadIt = await this.files.fileRecord(hashBytes(fileHash)).then(() => true, () => false);
    try {
      await this.#progress(from, fileHash, TransmissionState.TaskUploadFileTransferBlocks);
      const { bytes } = await fetchBlocks(this.host, [from], this.files, hashes, { sessionId, fileHash, lease });
      const committed = await this.files.commitFile(hashBytes(fileHash), { lease });
      const wrong = checkCommit(info, committed);
      if (wrong) throw new CommitMismatch(this.evmAddress, wrong);
      const pdp = await generatePdpData(this.files, hashBytes(fileHash), { workers: this.#init.pdpWorkers });
      if (toHex(pdp.dataRoot) !== info.dataRoot.toLowerCase()) throw new CommitMismatch(this.evmAddress, "its PDP data root is not the committed one");
      await this.#progress(from, fileHash, TransmissionState.TaskUploadFileTransferBlocksDone);
      this.emit("file:received", { fileHash, dealId, from: from.toString(), bytes });
      this.#log(`received ${fileHash} for deal ${dealId} (${bytes} bytes fetched)`);
    } catch (err) {
      const error = err instanceof DspError ? err : new ReceiverRejected(this.evmAddress, (err as Error).message, err);
      this.#log(`could not receive ${fileHash} for deal ${dealId}: ${error.message}`);
      if (!hadIt) await this.files.deleteFile(hashBytes(fileHash)).catch(() => {});
      await this.#progress(from, fileHash, error.code);
      this.emit("file:rejected", { fileHash, dealId, from: from.toString(), error, mismatch: error instanceof CommitMismatch });
    } finally {
      lease.release();
    }
  }

  /**
   * A DownloadAsk names a File Hash. Served when one of the live deals of it that this node holds
   * (or, for a node holding none, such as a seeding client, any live deal of it) is public, owned by
   * the downloader, whitelists it, or has it in a slot: a fellow holder, or a candidate fetching the
   * data to take a slot over, is served free (keeping the copies is what the owner pays for).
   */
  async #acceptDownload(m: Incoming<typeof Opcode.File>) {
    const fileHash = m.message.hash.toLowerCase();
    const downloader = evmAddressOf(m.senderKey);
    // A recent read serves a burst of asks; a refusal is always judged on a fresh one.
    try {
      return await this.#serve(fileHash, downloader, await this.#liveDeals(fileHash, false));
    } catch (e) {
      if (!(e instanceof DownloadRefused)) throw e;
      return this.#serve(fileHash, downloader, await this.#liveDeals(fileHash, true));
    }
  }

  #liveDeals(fileHash: string, fresh: boolean): Promise<LiveDeal[]> {
    const cached = this.#deals.get(fileHash);
    if (!fresh && cached && Date.now() - cached.at < DEALS_TTL_MS) return cached.deals;
    const deals = liveDealsOf(this.ledger, fileHash);
    this.#deals.set(fileHash, { at: Date.now(), deals });
    deals.catch(() => this.#deals.delete(fileHash));
    if (this.#deals.size > 1024) this.#deals.delete(this.#deals.keys().next().value!);
    return deals;
  }

  async #serve(fileHash: string, downloader: string, deals: LiveDeal[]) {
    if (deals.length === 0) throw new DownloadRefused(`${fileHash} is not in a live deal on the ledger`);
    const held = deals.filter((d) => hasSlot(d, this.evmAddress, "active"));
    const under = held.length > 0 ? held : deals;
    const fellow = under.some((d) => hasSlot(d, downloader));
    let allowed = fellow || under.some((d) => d.privilege === 1 || d.owner.toLowerCase() === downloader.toLowerCase());
    if (!allowed) {
      const height = await this.ledger.head();
      for (const d of under.filter((d) => d.privilege === 2)) {
        if (await this.ledger.contracts.whitelist.canDownload(d.dealId, downloader, height)) {
          allowed = true;
          break;
        }
      }
    }
    if (!allowed) {
      const whitelisted = under.some((d) => d.privilege === 2);
      throw new DownloadRefused(whitelisted ? `${downloader} is not on the file's whitelist` : "the file is private");
    }
    let hashes: string[];
    try {
      hashes = (await this.files.getBlockHashesOfFile(hashBytes(fileHash))).map(hex);
    } catch (cause) {
      throw new DownloadRefused(`this node does not hold ${fileHash}`);
    }
    const record = await this.files.fileRecord(hashBytes(fileHash));
    const sessionId = randomUUID();
    this.seeding.openDownload(sessionId, fileHash, downloader, { free: fellow });
    const payInfo: dsp.Payment.$Properties = { payee: this.evmAddress, unitPrice: this.seeding.priceFor({ free: fellow }).toString() };
    return {
      opcode: Opcode.File,
      message: {
        sessionId,
        hash: fileHash,
        blockHashes: hashes,
        operation: FileOp.DownloadAck,
        totalBlockCount: hashes.length,
        blocksRoot: toHex(record.blocksRoot),
        payInfo,
      },
    };
  }
}
