import { expect } from "chai";
import { AbortedError, hex } from "@dsp/core";
import { MemoryBlockstore } from "./memory-blockstore.js";
import { MemoryRootStore } from "./root-store.js";
import { FileStore } from "./file-store.js";
import { sha256 } from "./dag.js";
import { KiB, concat, gatedSource, memoryFileStore, pieces, random } from "./testing.js";
import type { GcProgressEvent } from "./gc.js";

/** A MemoryBlockstore whose listing or first delete waits until the test opens a gate. */
class GatedBlockstore extends MemoryBlockstore {
  keysGate?: Promise<void>;
  deleteGate?: Promise<void>;
  deleteStarted?: () => void;
  override async *keys(o?: { signal?: AbortSignal }) {
    await this.keysGate;
    yield* super.keys(o);
  }
  override async delete(hash: Uint8Array) {
    const gate = this.deleteGate;
    this.deleteGate = undefined;
    if (gate) {
      this.deleteStarted?.();
      await gate;
    }
    await super.delete(hash);
  }
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

async function gatedFileStore() {
  const blocks = new GatedBlockstore();
  const files = await FileStore.open({ blocks, roots: new MemoryRootStore(), blockSize: KiB });
  return { blocks, files };
}

const readsBack = async (files: FileStore, fileHash: Uint8Array, data: Uint8Array) =>
  expect(Buffer.compare(await concat(files.readFile(fileHash)), data)).to.equal(0);

describe("GarbageCollect (mark and sweep)", () => {
  it("after one of two files sharing blocks is deleted, frees exactly its own blocks", async () => {
    const { files, blocks } = await memoryFileStore(KiB);
    const common = random(6 * KiB);
    const a = Buffer.concat([common, random(2 * KiB)]);
    const b = Buffer.concat([common, random(3 * KiB)]);
    const ra = await files.addFile([a]);
    const rb = await files.addFile([b]);
    const aOnly = (await files.getBlockHashesOfFile(ra.fileHash)).map(hex);
    const bAll = new Set((await files.getBlockHashesOfFile(rb.fileHash)).map(hex));
    await files.deleteFile(ra.fileHash);
    const result = await files.garbageCollect();
    // a's root and its 2 own leaves go; the 6 shared leaves stay for b
    expect(result.deleted).to.equal(3);
    expect(result.marked).to.equal(bAll.size);
    expect(blocks.size).to.equal(bAll.size);
    for (const h of aOnly) expect(await blocks.has(Buffer.from(h, "hex"))).to.equal(bAll.has(h));
    await readsBack(files, rb.fileHash, b);
  });

  it("deletes nothing while every block is reachable, and reports what it did", async () => {
    const { files, blocks } = await memoryFileStore(KiB);
    await files.addFile([random(4 * KiB)]);
    const events: GcProgressEvent[] = [];
    const r = await files.garbageCollect({ onProgress: (e) => events.push(e) });
    expect(r).to.deep.equal({ marked: 5, deleted: 0, leased: 0 });
    expect(events).to.deep.equal([{ type: "fs:gc:marked", roots: 1, blocks: 5 }]);
    expect(blocks.size).to.equal(5);
  });

  it("does not delete the blocks of an AddFile in progress", async () => {
    const { files, blocks } = await memoryFileStore(KiB);
    const data = random(10 * KiB);
    const { source, open } = gatedSource(data, 4 * KiB);
    let written!: () => void;
    const fourBlocks = new Promise<void>((r) => (written = r));
    const adding = files.addFile(source, { onProgress: (e) => e.blocks === 4 && written() });
    await fourBlocks;
    expect(blocks.size).to.equal(4);
    const gc = await files.garbageCollect();
    expect(gc).to.include({ deleted: 0, leased: 4 });
    expect(blocks.size).to.equal(4);
    open();
    const r = await adding;
    await readsBack(files, r.fileHash, data);
  });

  it("does not delete rootless blocks that an AddFile in progress found already stored and reused", async () => {
    const { files, blocks } = await memoryFileStore(KiB);
    const data = random(10 * KiB);
    // an aborted first attempt leaves 3 rootless blocks
    const ctl = new AbortController();
    await files.addFile(pieces(data), { signal: ctl.signal, onProgress: (e) => e.blocks === 3 && ctl.abort() }).catch(() => {});
    expect(blocks.size).to.equal(3);
    const { source, open } = gatedSource(data, 5 * KiB);
    let reused!: () => void;
    const past = new Promise<void>((r) => (reused = r));
    const adding = files.addFile(source, { onProgress: (e) => e.blocks === 5 && reused() });
    await past;
    expect((await files.garbageCollect()).deleted).to.equal(0);
    open();
    await readsBack(files, (await adding).fileHash, data);
  });

  it("keeps a file whose root was recorded after GC marked, until GC ends", async () => {
    const { files, blocks } = await gatedFileStore();
    const listing = gate();
    blocks.keysGate = listing.promise;
    let marked!: () => void;
    const afterMark = new Promise<void>((r) => (marked = r));
    const gc = files.garbageCollect({ onProgress: (e) => e.type === "fs:gc:marked" && marked() });
    await afterMark;
    const data = random(3 * KiB);
    const r = await files.addFile([data]);
    listing.open();
    expect((await gc).deleted).to.equal(0);
    await readsBack(files, r.fileHash, data);
    expect((await files.garbageCollect()).deleted).to.equal(0);
  });

  it("lets an AddFile that needs a block GC is deleting wait and write it again", async () => {
    const { files, blocks } = await gatedFileStore();
    const data = random(3 * KiB);
    const ctl = new AbortController();
    await files.addFile(pieces(data), { signal: ctl.signal, onProgress: (e) => e.blocks === 2 && ctl.abort() }).catch(() => {});
    expect(blocks.size).to.equal(2);
    const deleting = gate();
    blocks.deleteGate = deleting.promise;
    const started = new Promise<void>((r) => (blocks.deleteStarted = r));
    const gc = files.garbageCollect();
    await started; // GC decided the first rootless block is garbage and began deleting it
    const adding = files.addFile([data]);
    // let the AddFile run as far as it can (in memory: a timer outlasts every pending microtask)
    await new Promise((r) => setTimeout(r, 20));
    deleting.open();
    const r = await adding;
    await gc;
    await readsBack(files, r.fileHash, data);
    expect(await blocks.has(sha256(data.subarray(0, KiB)))).to.equal(true);
  });

  it("stops on abort with AbortedError, having deleted only garbage; the next GC finishes", async () => {
    const { files, blocks } = await memoryFileStore(KiB);
    const keep = random(2 * KiB);
    const rk = await files.addFile([keep]);
    const rd = await files.addFile([random(6 * KiB)]);
    await files.deleteFile(rd.fileHash);
    const ctl = new AbortController();
    const err = await files
      .garbageCollect({ signal: ctl.signal, onProgress: (e) => e.type === "fs:gc:deleted" && e.deleted === 2 && ctl.abort() })
      .catch((e) => e);
    expect(err).to.be.instanceOf(AbortedError);
    expect(blocks.size).to.equal(3 + 7 - 2);
    await readsBack(files, rk.fileHash, keep);
    expect((await files.garbageCollect()).deleted).to.equal(5);
    expect(blocks.size).to.equal(3);
  });

  it("refuses to sweep when a live file's tree cannot be read, deleting nothing", async () => {
    const { files, blocks } = await memoryFileStore(KiB);
    const r = await files.addFile([random(2 * KiB)]);
    const orphan = random(100);
    await files.putBlock(sha256(orphan), orphan);
    await blocks.delete(r.fileHash);
    const err = await files.garbageCollect().catch((e) => e);
    expect(err.code).to.equal(50012);
    expect(await blocks.has(sha256(orphan))).to.equal(true);
  });
});
