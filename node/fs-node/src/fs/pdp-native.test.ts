import { expect } from "chai";
import { createRequire } from "node:module";
import { hex, leafHash, nodeHash } from "@dsp/core";
import { createPdpHasher, type PdpHasher } from "./pdp-hasher.js";
import { random } from "./testing.js";

const KiB = 1024;
const addon = createRequire(import.meta.url)("@dsp/pdp-keccak") as {
  leafLevels(b: unknown): Uint8Array;
  nodeLevels(b: unknown): Uint8Array;
  maxInput: number;
};

const levelsHex = (levels: Uint8Array[]) => levels.map(hex);

describe("native PDP hasher (@dsp/pdp-keccak) against hash-wasm", () => {
  let native: PdpHasher;
  let wasm: PdpHasher;
  before(async () => {
    // "native" throws if the addon did not build: this suite is about the addon, so that fails it
    native = await createPdpHasher("native");
    wasm = await createPdpHasher("hash-wasm");
  });

  it("gives known keccak256(prefix || 32 bytes)[0:16] values (EVM's keccak256, as PDPVerifier checks)", () => {
    const counting = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(hex(native.leafLevels(new Uint8Array(32))[0])).to.equal("f39a869f62e75cf5f0bf914688a6b289");
    expect(hex(native.leafLevels(counting)[0])).to.equal("683ea6c3fe5897c14793af914188cf62");
    expect(hex(native.nodeLevels(new Uint8Array(32))[0])).to.equal("0d678e31a4b2825b806fe160675cd01d");
    for (let i = 0; i < 50; i++) {
      const leaf = random(32);
      const [l, r] = [random(16), random(16)];
      expect(hex(native.leafLevels(leaf)[0])).to.equal(hex(leafHash(leaf)));
      expect(hex(native.nodeLevels(Buffer.concat([l, r]))[0])).to.equal(hex(nodeHash(l, r)));
    }
  });

  it("gives byte-identical levels for blocks of every shape: short leaves, odd widths, full and short blocks", () => {
    const sizes = [0, 1, 31, 32, 33, 63, 64, 65, 95, 96, 97, 1000, KiB - 1, KiB, KiB + 1, 3 * KiB + 17, 64 * KiB, 256 * KiB - 1, 256 * KiB, 256 * KiB + 1, 1024 * KiB];
    for (const size of sizes) {
      const block = random(size);
      const n = native.leafLevels(block);
      expect(levelsHex(n), `size ${size}`).to.deep.equal(levelsHex(wasm.leafLevels(block)));
      expect(n.at(-1)!.length, `size ${size}: one root`).to.equal(16);
    }
  });

  it("hashes a view into a larger buffer from its own offset", () => {
    const big = random(5000);
    const view = big.subarray(77, 77 + 3000);
    expect(levelsHex(native.leafLevels(view))).to.deep.equal(levelsHex(wasm.leafLevels(Uint8Array.from(view))));
  });

  it("gives byte-identical levels above 1 to 40 nodes", () => {
    for (let width = 1; width <= 40; width++) {
      const nodes = random(width * 16);
      const n = native.nodeLevels(nodes);
      expect(levelsHex(n), `width ${width}`).to.deep.equal(levelsHex(wasm.nodeLevels(nodes)));
      expect(n.length, `width ${width}`).to.equal(Math.ceil(Math.log2(width)));
    }
  });

  it("refuses what is not a Uint8Array with a TypeError, and leaves the process running", () => {
    for (const bad of [undefined, null, 42, "block", [1, 2, 3], new Uint16Array(16), new DataView(new ArrayBuffer(32)), new ArrayBuffer(32)]) {
      expect(() => addon.leafLevels(bad), String(bad)).to.throw(TypeError, /leafLevels expects a Uint8Array/);
      expect(() => addon.nodeLevels(bad), String(bad)).to.throw(TypeError, /nodeLevels expects a Uint8Array/);
    }
    expect(() => (addon.leafLevels as () => Uint8Array)()).to.throw(TypeError, /expects a Uint8Array/);
  });

  it("refuses node lists that are not whole 16-byte nodes, and inputs past maxInput, with a RangeError", () => {
    for (const len of [0, 1, 15, 17, 33]) expect(() => addon.nodeLevels(new Uint8Array(len)), `${len} bytes`).to.throw(RangeError, /16-byte nodes/);
    // never touched, so the 1 GiB stays virtual: the size check comes before any read
    const huge = new Uint8Array(addon.maxInput + 1);
    expect(() => addon.leafLevels(huge)).to.throw(RangeError, /at most 1073741824 bytes/);
    expect(() => addon.nodeLevels(huge)).to.throw(RangeError, /at most 1073741824 bytes/);
  });

  it("chooses by DSP_PDP_HASHER and falls back to hash-wasm when the addon does not load", async () => {
    expect((await createPdpHasher("auto")).name).to.equal("native");
    expect((await createPdpHasher("auto", "@dsp/no-such-addon")).name).to.equal("hash-wasm");
    await createPdpHasher("native", "@dsp/no-such-addon").then(
      () => expect.fail("a missing addon was accepted"),
      (e: Error) => expect(e.message).to.match(/native PDP hasher @dsp\/no-such-addon does not load/),
    );
    await createPdpHasher("fast").then(
      () => expect.fail("an unknown hasher was accepted"),
      (e: Error) => expect(e).to.be.instanceOf(RangeError).with.property("message").that.matches(/native, hash-wasm or auto/),
    );
  });
});
