/**
 * Chooses the keccak behind pdp-blocks.ts: the native addon @dsp/pdp-keccak (native/pdp-keccak,
 * one call hashes a whole block's tree, several times faster) when it loads, else hash-wasm (one
 * WASM call per hash). The addon is an optional dependency: a machine without a C compiler
 * installs without it and runs on hash-wasm. DSP_PDP_HASHER=hash-wasm forces the fallback,
 * DSP_PDP_HASHER=native refuses to run without the addon. Both give byte-identical levels
 * (pdp-native.test.ts).
 */
import { createRequire } from "node:module";
import { createKeccak, type IHasher } from "hash-wasm";
import { LEAF_SIZE, NODE_SIZE } from "@dsp/core";

export type PdpHasherName = "native" | "hash-wasm";

export interface PdpHasher {
  readonly name: PdpHasherName;
  /** Every level of one block's tree: level 0 the leaf hashes, the last its root; nodes packed 16 bytes each. */
  leafLevels(block: Uint8Array): Uint8Array[];
  /** The levels above `nodes` (packed, at least one), a lone last node paired with the zero node; none for one node. */
  nodeLevels(nodes: Uint8Array): Uint8Array[];
}

interface PdpKeccakAddon {
  leafLevels(block: Uint8Array): Uint8Array;
  nodeLevels(nodes: Uint8Array): Uint8Array;
}

const ZERO_NODE = new Uint8Array(NODE_SIZE);

/** The addon's packed levels cut into one view per level, widths halving (rounded up) from `width`. */
function splitLevels(packed: Uint8Array, width: number, includeFirst: boolean): Uint8Array[] {
  const levels: Uint8Array[] = [];
  let at = 0;
  if (includeFirst) {
    levels.push(packed.subarray(0, width * NODE_SIZE));
    at = width * NODE_SIZE;
  }
  while (width > 1) {
    width = Math.ceil(width / 2);
    levels.push(packed.subarray(at, at + width * NODE_SIZE));
    at += width * NODE_SIZE;
  }
  return levels;
}

function nativeHasher(addon: PdpKeccakAddon): PdpHasher {
  return {
    name: "native",
    leafLevels: (block) => splitLevels(addon.leafLevels(block), Math.max(1, Math.ceil(block.length / LEAF_SIZE)), true),
    nodeLevels: (nodes) => splitLevels(addon.nodeLevels(nodes), nodes.length / NODE_SIZE, false),
  };
}

function wasmHasher(keccak: IHasher): PdpHasher {
  const input = new Uint8Array(1 + LEAF_SIZE);
  const hashInput = (): Uint8Array => {
    keccak.init();
    keccak.update(input);
    return keccak.digest("binary").subarray(0, NODE_SIZE);
  };
  const nodeLevels = (nodes: Uint8Array): Uint8Array[] => {
    const levels: Uint8Array[] = [];
    for (let below = nodes, width = nodes.length / NODE_SIZE; width > 1; ) {
      const next = Math.ceil(width / 2);
      const level = new Uint8Array(next * NODE_SIZE);
      for (let i = 0; i < next; i++) {
        input[0] = 1;
        input.set(below.subarray(2 * i * NODE_SIZE, (2 * i + 1) * NODE_SIZE), 1);
        input.set(2 * i + 1 < width ? below.subarray((2 * i + 1) * NODE_SIZE, (2 * i + 2) * NODE_SIZE) : ZERO_NODE, 1 + NODE_SIZE);
        level.set(hashInput(), i * NODE_SIZE);
      }
      levels.push(level);
      below = level;
      width = next;
    }
    return levels;
  };
  return {
    name: "hash-wasm",
    leafLevels(block) {
      const leaves = Math.max(1, Math.ceil(block.length / LEAF_SIZE));
      const below = new Uint8Array(leaves * NODE_SIZE);
      for (let i = 0; i < leaves; i++) {
        input[0] = 0;
        const seg = block.subarray(i * LEAF_SIZE, (i + 1) * LEAF_SIZE);
        input.set(seg, 1);
        if (seg.length < LEAF_SIZE) input.fill(0, 1 + seg.length);
        below.set(hashInput(), i * NODE_SIZE);
      }
      return [below, ...nodeLevels(below)];
    },
    nodeLevels,
  };
}

const ADDON = "@dsp/pdp-keccak";
const addons = new Map<string, PdpKeccakAddon | Error>();
/** The addon, or why it did not load (not built, built for another Node). */
function loadAddon(id: string): PdpKeccakAddon | Error {
  let a = addons.get(id);
  if (!a) {
    try {
      a = createRequire(import.meta.url)(id) as PdpKeccakAddon;
    } catch (e) {
      a = e instanceof Error ? e : new Error(String(e));
    }
    addons.set(id, a);
  }
  return a;
}

let wasm: PdpHasher | undefined;

/**
 * The hasher `choice` names (DSP_PDP_HASHER unless given; "auto" or unset: native when it loads,
 * else hash-wasm). Throws for "native" when the addon does not load, and for an unknown name.
 * `addonId` is the module to load the addon from (a test names a missing one).
 */
export async function createPdpHasher(choice = process.env.DSP_PDP_HASHER || "auto", addonId = ADDON): Promise<PdpHasher> {
  if (choice !== "auto" && choice !== "native" && choice !== "hash-wasm") {
    throw new RangeError(`DSP_PDP_HASHER must be native, hash-wasm or auto, not ${JSON.stringify(choice)}`);
  }
  if (choice !== "hash-wasm") {
    const a = loadAddon(addonId);
    if (!(a instanceof Error)) return nativeHasher(a);
    if (choice === "native") throw new Error(`the native PDP hasher ${addonId} does not load: ${a.message}`, { cause: a });
  }
  return (wasm ??= wasmHasher(await createKeccak(256)));
}
