/**
 * The interface-compliance suite every Blockstore passes (as js-stores' interface-blockstore-tests
 * is for its stores). Call it from a *.test.ts file once per implementation:
 *
 *   blockstoreSuite("level", (dir) => LevelBlockstore.open(dir), { durable: { module, exportName } });
 *
 * Blocks are keyed by their sha256, as the FS node keys them.
 */
import { spawn } from "node:child_process";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { DspError, hex, unhex } from "@dsp/core";
import { BlockNotFound, type BlockHash, type Blockstore } from "./blockstore.js";

export interface BlockstoreSuiteOptions {
  /**
   * For stores that keep their blocks on disk: the module (a .ts path) and the exported class
   * whose static open(dir) a child process calls, so the crash test can kill it mid-put. Without
   * it the reopen and crash tests are skipped (a memory store has nothing to survive).
   */
  durable?: { module: string; exportName: string };
  /**
   * Leaves on disk what a put of `bytes` that crashed half way would leave (e.g. a temp file
   * holding half the bytes), with the store closed. Adds a deterministic crash test.
   */
  leaveHalfWrittenPut?: (dir: string, hash: BlockHash, bytes: Uint8Array) => Promise<void>;
}

export function sha256(bytes: Uint8Array): BlockHash {
  return createHash("sha256").update(bytes).digest();
}

/** `size` pseudo-random bytes fixed by (seed, index): the crash child and its parent agree on them. */
export function testBlock(seed: string, index: number, size: number): Uint8Array {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(index, 12);
  const cipher = createCipheriv("aes-256-ctr", createHash("sha256").update(seed).digest(), iv);
  return cipher.update(Buffer.alloc(size));
}

/** Compares without printing 256 KiB on failure. */
function expectSameBytes(got: Uint8Array, want: Uint8Array): void {
  expect(got).to.be.instanceOf(Uint8Array);
  expect(got.length, "length").to.equal(want.length);
  expect(Buffer.compare(got, want), "bytes differ").to.equal(0);
}

async function expectRejects(promise: Promise<unknown>, code: number): Promise<DspError> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(DspError);
    expect((e as DspError).code).to.equal(code);
    return e as DspError;
  }
  expect.fail(`expected a rejection with DSP ${code}`);
}

async function collect(keys: AsyncIterable<BlockHash>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(hex(key));
  return out;
}

/** Puts `count` distinct random blocks of `size` bytes, `batch` at a time; returns their hashes. */
async function putMany(store: Blockstore, count: number, size = 64, batch = 100): Promise<Map<string, Uint8Array>> {
  const blocks = new Map<string, Uint8Array>();
  for (let start = 0; start < count; start += batch) {
    const chunk = Array.from({ length: Math.min(batch, count - start) }, () => randomBytes(size));
    await Promise.all(chunk.map((bytes) => store.put(sha256(bytes), bytes)));
    for (const bytes of chunk) blocks.set(hex(sha256(bytes)), bytes);
  }
  return blocks;
}

export function blockstoreSuite(
  name: string,
  open: (dir: string) => Promise<Blockstore>,
  options: BlockstoreSuiteOptions = {},
): void {
  describe(`${name} blockstore`, function () {
    this.timeout(30_000);
    let dir: string;
    let store: Blockstore;

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), `blockstore-${name}-`));
      store = await open(dir);
    });

    afterEach(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("returns the bytes a put stored, and has() sees them", async () => {
      const bytes = randomBytes(1000);
      const hash = sha256(bytes);
      await store.put(hash, bytes);
      expect(await store.has(hash)).to.equal(true);
      expectSameBytes(await store.get(hash), bytes);
    });

    it("says a missing block is absent: has() is false, get() throws BlockNotFound (50012)", async () => {
      const hash = sha256(randomBytes(8));
      expect(await store.has(hash)).to.equal(false);
      const e = await expectRejects(store.get(hash), 50012);
      expect(e).to.be.instanceOf(BlockNotFound);
      expect(hex((e as BlockNotFound).hash)).to.equal(hex(hash));
    });

    it("deletes a block: gone from has(), get() and keys(), others kept", async () => {
      const [a, b] = [randomBytes(100), randomBytes(100)];
      await store.put(sha256(a), a);
      await store.put(sha256(b), b);
      await store.delete(sha256(a));
      expect(await store.has(sha256(a))).to.equal(false);
      await expectRejects(store.get(sha256(a)), 50012);
      expect(await collect(store.keys())).to.deep.equal([hex(sha256(b))]);
      expectSameBytes(await store.get(sha256(b)), b);
    });

    it("takes the delete of a missing block as done", async () => {
      await store.delete(sha256(randomBytes(8)));
      expect(await collect(store.keys())).to.deep.equal([]);
    });

    it("stores a block put twice once", async () => {
      const bytes = randomBytes(500);
      await store.put(sha256(bytes), bytes);
      await store.put(sha256(bytes), bytes);
      await Promise.all([store.put(sha256(bytes), bytes), store.put(sha256(bytes), bytes)]);
      expect(await collect(store.keys())).to.deep.equal([hex(sha256(bytes))]);
      expectSameBytes(await store.get(sha256(bytes)), bytes);
    });

    it("lists nothing when empty", async () => {
      expect(await collect(store.keys())).to.deep.equal([]);
    });

    it("lists every stored hash exactly once (2,000 blocks)", async () => {
      const blocks = await putMany(store, 2000);
      const keys = await collect(store.keys());
      expect(keys.length).to.equal(2000);
      expect(new Set(keys).size).to.equal(2000);
      expect([...keys].sort()).to.deep.equal([...blocks.keys()].sort());
    });

    it("stores the empty block (0 bytes)", async () => {
      const empty = new Uint8Array(0);
      await store.put(sha256(empty), empty);
      expect(await store.has(sha256(empty))).to.equal(true);
      expectSameBytes(await store.get(sha256(empty)), empty);
      expect(await collect(store.keys())).to.deep.equal([hex(sha256(empty))]);
    });

    it("stores a 256 KiB block byte for byte", async () => {
      const bytes = randomBytes(256 * 1024);
      await store.put(sha256(bytes), bytes);
      expectSameBytes(await store.get(sha256(bytes)), bytes);
    });

    it("lands all of 200 concurrent puts of different blocks", async () => {
      const blocks = Array.from({ length: 200 }, () => randomBytes(4096));
      await Promise.all(blocks.map((bytes) => store.put(sha256(bytes), bytes)));
      for (const bytes of blocks) expectSameBytes(await store.get(sha256(bytes)), bytes);
      expect(new Set(await collect(store.keys())).size).to.equal(200);
    });

    it("stops keys() with AbortedError (50002) when the signal fires mid-iteration", async () => {
      await putMany(store, 100);
      const controller = new AbortController();
      const seen: string[] = [];
      const iterate = async () => {
        for await (const key of store.keys({ signal: controller.signal })) {
          seen.push(hex(key));
          if (seen.length === 10) controller.abort(new Error("enough"));
        }
      };
      const e = await expectRejects(iterate(), 50002);
      expect((e.cause as Error).message).to.equal("enough");
      expect(seen.length).to.equal(10);
    });

    it("refuses put, get and keys under an already-aborted signal, storing nothing", async () => {
      const signal = AbortSignal.abort();
      const bytes = randomBytes(100);
      await expectRejects(store.put(sha256(bytes), bytes, { signal }), 50002);
      expect(await store.has(sha256(bytes))).to.equal(false);
      await store.put(sha256(bytes), bytes);
      await expectRejects(store.get(sha256(bytes), { signal }), 50002);
      await expectRejects(collect(store.keys({ signal })), 50002);
    });

    it("refuses a hash that is not 32 bytes with InvalidParams (40000), storing nothing", async () => {
      const bytes = randomBytes(100);
      const short = sha256(bytes).subarray(0, 31);
      await expectRejects(store.put(short, bytes), 40000);
      await expectRejects(store.put(new Uint8Array(33), bytes), 40000);
      await expectRejects(store.get(short), 40000);
      await expectRejects(store.has(short), 40000);
      await expectRejects(store.delete(short), 40000);
      expect(await collect(store.keys())).to.deep.equal([]);
    });

    // Cases a store cannot have (a memory store survives no restart) are not registered at all.
    const durable = options.durable;
    if (durable) describe("across restarts", () => {
      it("keeps every block, and every delete, through close and reopen", async () => {
        const blocks = await putMany(store, 300, 1024);
        const [gone] = blocks.keys();
        await store.delete(unhex(gone));
        blocks.delete(gone);
        await store.close();
        store = await open(dir);
        expect((await collect(store.keys())).sort()).to.deep.equal([...blocks.keys()].sort());
        for (const [key, bytes] of blocks) expectSameBytes(await store.get(unhex(key)), bytes);
        expect(await store.has(unhex(gone))).to.equal(false);
      });

      it("leaves each block absent or whole after a process is killed mid-put, and takes it again", async () => {
        // Three kills: each lands at a random point of some put, so more rounds catch more bugs.
        const size = 1024 * 1024;
        const allStarted = new Set<string>();
        for (let round = 0; round < 3; round++) {
          await store.close();
          const seed = hex(randomBytes(8));
          const { started, acked } = await killWriterMidPut(durable!, dir, seed, size);
          store = await open(dir);

          const inFlight = [...started].filter((i) => !acked.has(i));
          expect(inFlight.length, "puts in flight at the kill").to.be.greaterThan(0);
          for (const i of started) allStarted.add(hex(sha256(testBlock(seed, i, size))));
          const keys = await collect(store.keys());
          expect(new Set(keys).size, "keys listed once").to.equal(keys.length);
          for (const key of keys) {
            expect(allStarted.has(key), `stray key ${key}`).to.equal(true);
            expect(hex(sha256(await store.get(unhex(key))))).to.equal(key);
          }
          for (const i of acked) expect(await store.has(sha256(testBlock(seed, i, size))), `acked put ${i}`).to.equal(true);
          for (const i of inFlight) {
            const bytes = testBlock(seed, i, size);
            await store.put(sha256(bytes), bytes);
            expectSameBytes(await store.get(sha256(bytes)), bytes);
          }
        }
      });
    });

    const leaveHalfWrittenPut = options.leaveHalfWrittenPut;
    if (leaveHalfWrittenPut) it("reads a put torn by a crash as absent, and takes it again", async () => {
      const kept = randomBytes(100);
      await store.put(sha256(kept), kept);
      await store.close();
      const bytes = randomBytes(256 * 1024);
      await leaveHalfWrittenPut!(dir, sha256(bytes), bytes);
      store = await open(dir);
      expect(await store.has(sha256(bytes))).to.equal(false);
      await expectRejects(store.get(sha256(bytes)), 50012);
      expect(await collect(store.keys())).to.deep.equal([hex(sha256(kept))]);
      await store.put(sha256(bytes), bytes);
      expectSameBytes(await store.get(sha256(bytes)), bytes);
    });
  });
}

const CHILD = fileURLToPath(new URL("./blockstore-crash-child.ts", import.meta.url));

/**
 * Runs blockstore-crash-child.ts, which puts 1 MiB blocks four at a time and reports "start i"
 * and "done i" on stdout, and SIGKILLs it once three puts are done, i.e. with puts in flight.
 */
async function killWriterMidPut(
  durable: { module: string; exportName: string },
  dir: string,
  seed: string,
  size: number,
): Promise<{ started: Set<number>; acked: Set<number> }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, durable.module, durable.exportName, dir, seed, String(size)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started = new Set<number>();
  const acked = new Set<number>();
  let stderr = "";
  let pending = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdout.on("data", (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const [event, index] = line.split(" ");
      (event === "start" ? started : acked).add(Number(index));
    }
    if (acked.size >= 3) child.kill("SIGKILL");
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, signal) => resolve(signal)));
  if (signal !== "SIGKILL") throw new Error(`crash child ended on its own:\n${stderr}`);
  return { started, acked };
}
