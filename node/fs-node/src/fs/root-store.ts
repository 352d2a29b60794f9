/**
 * The live roots: the files this node keeps, with what AddFile computed about each (the FileCommit
 * fields) and, once generatePdpData has run (pdp-data.ts), the PDP data root and the per-block PDP
 * subtree roots the prover needs, 16 bytes per block. GC marks from
 * them, so they must survive a restart: DirRootStore writes one small JSON file per root, each
 * atomically (temporary file, fsync, rename), so a crash leaves either the old set or the new one.
 * One file per root keeps every write O(1) however many files the node holds.
 */
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { hex, unhex } from "@dsp/core";

export interface FileRecord {
  fileHash: Uint8Array;
  /** bytes of data (the FileCommit's fileSize) */
  size: number;
  blockSize: number;
  /** leaf blocks (FileCommit.blockNum) */
  blockCount: number;
  blocksRoot: Uint8Array;
  /** PDP root over the data (FileCommit.dataRoot, 16 bytes); absent until generatePdpData ran */
  dataRoot?: Uint8Array;
  /** each leaf block's PDP subtree root, 16 bytes each, in order; present with dataRoot */
  pdpBlockRoots?: Uint8Array;
}

export interface RootStore {
  put(record: FileRecord): Promise<void>;
  get(fileHash: Uint8Array): Promise<FileRecord | undefined>;
  delete(fileHash: Uint8Array): Promise<void>;
  /** File Hashes of every live root. */
  list(): Promise<Uint8Array[]>;
}

export class MemoryRootStore implements RootStore {
  private readonly records = new Map<string, FileRecord>();
  async put(record: FileRecord) {
    this.records.set(hex(record.fileHash), record);
  }
  async get(fileHash: Uint8Array) {
    return this.records.get(hex(fileHash));
  }
  async delete(fileHash: Uint8Array) {
    this.records.delete(hex(fileHash));
  }
  async list() {
    return [...this.records.keys()].map(unhex);
  }
}

export class DirRootStore implements RootStore {
  private constructor(private readonly dir: string) {}

  /** Opens (creating) the directory and clears temporary files a crash left behind. */
  static async open(dir: string): Promise<DirRootStore> {
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) if (name.endsWith(".tmp")) await rm(join(dir, name), { force: true });
    return new DirRootStore(dir);
  }

  private path(fileHash: Uint8Array) {
    return join(this.dir, `${hex(fileHash)}.json`);
  }

  async put(r: FileRecord): Promise<void> {
    const json = JSON.stringify({
      fileHash: hex(r.fileHash),
      size: r.size,
      blockSize: r.blockSize,
      blockCount: r.blockCount,
      blocksRoot: hex(r.blocksRoot),
      dataRoot: r.dataRoot && hex(r.dataRoot),
      pdpBlockRoots: r.pdpBlockRoots && Buffer.from(r.pdpBlockRoots).toString("base64"),
    });
    const tmp = `${this.path(r.fileHash)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const fh = await open(tmp, "w");
    try {
      await fh.writeFile(json);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path(r.fileHash));
  }

  async get(fileHash: Uint8Array): Promise<FileRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(fileHash), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    const j = JSON.parse(text);
    return {
      fileHash: unhex(j.fileHash),
      size: j.size,
      blockSize: j.blockSize,
      blockCount: j.blockCount,
      blocksRoot: unhex(j.blocksRoot),
      dataRoot: j.dataRoot === undefined ? undefined : unhex(j.dataRoot),
      pdpBlockRoots: j.pdpBlockRoots === undefined ? undefined : Uint8Array.from(Buffer.from(j.pdpBlockRoots, "base64")),
    };
  }

  async delete(fileHash: Uint8Array): Promise<void> {
    await rm(this.path(fileHash), { force: true });
  }

  async list(): Promise<Uint8Array[]> {
    return (await readdir(this.dir)).filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).map((n) => unhex(n.slice(0, 64)));
  }
}
