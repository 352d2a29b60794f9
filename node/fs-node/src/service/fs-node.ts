/**
 * An FS node's sharing service on top of its DspHost, FileStore and ledger client: it accepts
 * committed files from their owners (or from another holder dispatching a copy), fetches and
 * checks them against the ledger's commitment, hands copies on to the other primaries, and
 * serves downloads under the file's privilege, whitelist and price. Uploading and downloading
 * as a client are upload.ts and download.ts, which use an FsNode for their own side.
 */
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { PeerId } from "@libp2p/interface";
import { evmAddressOf, type KeyPair, toHex } from "@dsp/core";
import { DspError, InvalidParams, TransmissionState } from "@dsp/core";
import type { FileStore } from "../fs/file-store.js";
import { generatePdpData } from "../fs/pdp-data.js";
import { fileInfo, isActiveHolder, nodeStatus, type FileDetails, type Ledger } from "@dsp/ledger";
import type { DspHost, Incoming } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";
import { hex } from "@dsp/core";
import { fetchBlocks, serveBlocks, hashBytes } from "./block-exchange.js";
import { DownloadRefused, FileOp, ReceiverRejected } from "./protocol.js";
import { Seeding, type SeedingOptions } from "./seeding.js";
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
  /** A received file is complete, checked against the ledger and ready to prove. */
  "file:received": [{ fileHash: string; from: string; bytes: number }];
  "file:rejected": [{ fileHash: string; from: string; error: DspError }];
  /** A block of `fileHash` read for a peer did not hash to its name (disk rot, tampering). */
  "block:corrupt": [{ fileHash: string; block: string }];
  /** Progress of an upload this node takes part in, as reported by a holder (uploader side). */
  "upload:progress": [{ fileHash: string; node: string; state: number }];
}

/** The FileDetails fields a receiver checks a file against: why the file differs, or undefined. */
export function checkCommit(info: FileDetails, got: { blocksRoot: Uint8Array; blockCount: number; size: number }): string | undefined {
  if (toHex(got.blocksRoot) !== info.blocksRoot.toLowerCase()) return "its blocks do not give the committed BlocksRoot";
  if (BigInt(got.blockCount) !== info.blockNum) return `it has ${got.blockCount} blocks, the ledger says ${info.blockNum}`;
  if (BigInt(got.size) !== info.realFileSize) return `it has ${got.size} bytes, the ledger says ${info.realFileSize}`;
  return undefined;
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
  /** fileHash -> the peer to tell about the copies this node dispatches */
  readonly #reportTo = new Map<string, PeerId>();
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
    // A primary passes its fellow holders' progress on to the uploader.
    const uploader = this.#reportTo.get(hash);
    if (uploader) void this.host.send(uploader, Opcode.Progress, { id: m.message.id, hash, operation, sender }).catch(() => {});
  }

  async #acceptUpload(m: Incoming<typeof Opcode.File>) {
    const fileHash = m.message.hash.toLowerCase();
    const sender = evmAddressOf(m.senderKey).toLowerCase();
    const info = await fileInfo(this.ledger, fileHash);
    const holders = info.holders.filter((h) => h.active).map((h) => h.node.toLowerCase());
    if (!info.valid) throw new ReceiverRejected(this.evmAddress, "the file is not live on the ledger");
    if (!holders.includes(this.evmAddress)) throw new ReceiverRejected(this.evmAddress, "this node is not a holder of the file on the ledger");
    const fromOwner = sender === info.owner.toLowerCase();
    if (!fromOwner && !holders.includes(sender)) throw new ReceiverRejected(this.evmAddress, `${sender} neither owns nor holds the file`);
    const hashes = m.message.blockHashes;
    if (hashes[0] !== fileHash.replace(/^0x/, "")) throw new ReceiverRejected(this.evmAddress, "the block list does not start with the File Hash");
    let present = 0;
    while (present < hashes.length && (await this.files.blocks.has(hashBytes(hashes[present])))) present++;
    if (!this.#receiving.has(fileHash)) {
      const task = this.#receive(m.peer, m.message.sessionId, fileHash, hashes, info, fromOwner).finally(() => this.#receiving.delete(fileHash));
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

  async #receive(from: PeerId, sessionId: string, fileHash: string, hashes: string[], info: FileDetails, fromOwner: boolean): Promise<void> {
    const lease = this.files.lease();
    try {
      await this.#progress(from, fileHash, TransmissionState.TaskUploadFileTransferBlocks);
      const { bytes } = await fetchBlocks(this.host, [from], this.files, hashes, { sessionId, fileHash, lease });
      const committed = await this.files.commitFile(hashBytes(fileHash), { lease });
      const wrong = checkCommit(info, committed);
      if (wrong) throw new ReceiverRejected(this.evmAddress, wrong);
      // The tree matches the commitment: the other holders can start fetching while the PDP data
      // is generated here (each of them checks the PDP root itself).
      const dispatched = fromOwner ? this.#dispatch(fileHash, hashes, info, from) : Promise.resolve();
      try {
        const pdp = await generatePdpData(this.files, hashBytes(fileHash), { workers: this.#init.pdpWorkers });
        if (toHex(pdp.dataRoot) !== info.dataRoot.toLowerCase()) throw new ReceiverRejected(this.evmAddress, "its PDP data root is not the committed one");
        await this.#progress(from, fileHash, TransmissionState.TaskUploadFileTransferBlocksDone);
        this.emit("file:received", { fileHash, from: from.toString(), bytes });
        this.#log(`received ${fileHash} (${bytes} bytes fetched)`);
      } finally {
        await dispatched;
      }
    } catch (err) {
      const error = err instanceof DspError ? err : new ReceiverRejected(this.evmAddress, (err as Error).message, err);
      this.#log(`could not receive ${fileHash}: ${error.message}`);
      await this.files.deleteFile(hashBytes(fileHash)).catch(() => {});
      await this.#progress(from, fileHash, error.code);
      this.emit("file:rejected", { fileHash, from: from.toString(), error });
    } finally {
      lease.release();
    }
  }

  /** The primary that got the file from its owner hands it to the other holders. */
  async #dispatch(fileHash: string, hashes: string[], info: FileDetails, uploader: PeerId): Promise<void> {
    this.#reportTo.set(fileHash, uploader);
    const others = info.holders.filter((h) => h.active && h.node.toLowerCase() !== this.evmAddress).map((h) => h.node);
    if (others.length === 0) return;
    // `hashes` is the uploader's list: each block in it was checked by its hash on arrival and
    // commitFile found the whole tree among them, so it need not be walked again here.
    const sessionId = randomUUID();
    this.seeding.openUpload(sessionId, fileHash, others);
    await Promise.all(
      others.map(async (node) => {
        try {
          const { hostAddr } = await nodeStatus(this.ledger, node);
          const peer = await this.host.connect(hostAddr);
          await this.host.request(peer, Opcode.File, { sessionId, hash: fileHash, blockHashes: hashes, operation: FileOp.UploadAsk, totalBlockCount: hashes.length });
        } catch (err) {
          this.#log(`could not hand ${fileHash} to ${node}: ${(err as Error).message}`);
          await this.#progress(uploader, fileHash, err instanceof DspError ? err.code : 50015);
        }
      }),
    );
  }

  async #acceptDownload(m: Incoming<typeof Opcode.File>) {
    const fileHash = m.message.hash.toLowerCase();
    const downloader = evmAddressOf(m.senderKey);
    const [owner, privilege, valid] = await this.ledger.contracts.ledger.accessOf(fileHash);
    if (!valid) throw new DownloadRefused("the file is not live on the ledger");
    // A fellow holder (one that took the file over by recovery, or repairs a damaged block) may
    // always fetch it, free: keeping the copies is what the owner pays the holders for.
    const holder = await isActiveHolder(this.ledger, fileHash, downloader);
    const isOwner = owner.toLowerCase() === downloader.toLowerCase();
    if (privilege === 0n && !isOwner && !holder) throw new DownloadRefused("the file is private");
    if (privilege === 2n && !isOwner && !holder) {
      const height = await this.ledger.head();
      if (!(await this.ledger.contracts.whitelist.canDownload(fileHash, downloader, height))) throw new DownloadRefused(`${downloader} is not on the file's whitelist`);
    }
    let hashes: string[];
    try {
      hashes = (await this.files.getBlockHashesOfFile(hashBytes(fileHash))).map(hex);
    } catch (cause) {
      throw new DownloadRefused(`this node does not hold ${fileHash}`);
    }
    const record = await this.files.fileRecord(hashBytes(fileHash));
    const sessionId = randomUUID();
    this.seeding.openDownload(sessionId, fileHash, downloader, { free: holder });
    const payInfo: dsp.Payment.$Properties = { payee: this.evmAddress, unitPrice: this.seeding.priceFor({ free: holder }).toString() };
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
