/**
 * A small ABI decoder for event logs, planned once per event from the compiled ABI JSON.
 *
 * Why not ethers' Interface.decodeEventLog: it recomputes the fragment's topic hash (a keccak over
 * the formatted signature) on every call and builds Proxy-backed Result objects; over our logs
 * that cost ~0.5 ms per log, more than the RPC and the database writes together. This decoder
 * reads the hex string in place and returns plain objects: uint/int as bigint, addresses, hashes
 * and bytes as lowercase 0x-hex, strings as UTF-8, arrays and tuples as arrays and objects keyed
 * by component name.
 */
import { AbiDecodeError } from "./errors.js";

/** An ABI parameter as the compiler's JSON (and typechain's `abi`) spells it. */
export interface AbiParam {
  name: string;
  type: string;
  indexed?: boolean;
  components?: readonly AbiParam[];
}

export type Decoded = bigint | boolean | string | Decoded[] | { [name: string]: Decoded };
/** Values by parameter name. Typed loosely, as ethers' Result was: each handler knows its event's shape. */
export type EventArgs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any


interface Coder {
  /** Whether the value sits in the tail (head holds an offset). */
  dynamic: boolean;
  /** Bytes the value takes in the head. */
  headSize: number;
  /** Decodes the value at byte `at` of `hex` (no 0x); `at` points at the value itself, not an offset. */
  decode(hex: string, at: number): Decoded;
}

const WORD = 32;

function word(hex: string, at: number): string {
  const w = hex.slice(at * 2, at * 2 + 64);
  if (w.length !== 64) throw new AbiDecodeError(`data ends before byte ${at + WORD}`);
  return w;
}
const uintAt = (hex: string, at: number) => BigInt("0x" + word(hex, at));
function offsetAt(hex: string, at: number): number {
  const n = uintAt(hex, at);
  if (n > BigInt(hex.length / 2)) throw new AbiDecodeError(`offset ${n} beyond the data`);
  return Number(n);
}

/** The head/tail layout shared by tuples, fixed arrays and dynamic arrays. */
function decodeSequence(coders: readonly Coder[], hex: string, base: number): Decoded[] {
  const out: Decoded[] = [];
  let pos = base;
  for (const c of coders) {
    out.push(c.dynamic ? c.decode(hex, base + offsetAt(hex, pos)) : c.decode(hex, pos));
    pos += c.headSize;
  }
  return out;
}

function coderOf(p: AbiParam): Coder {
  const array = /^(.*)\[(\d*)\]$/.exec(p.type);
  if (array) {
    const inner = coderOf({ ...p, type: array[1] });
    if (array[2] === "") {
      return {
        dynamic: true, headSize: WORD,
        decode: (hex, at) => {
          const n = offsetAt(hex, at); // a length, bounded the same way
          return decodeSequence(Array(n).fill(inner), hex, at + WORD);
        },
      };
    }
    const coders: Coder[] = Array(Number(array[2])).fill(inner);
    const dynamic = inner.dynamic;
    return { dynamic, headSize: dynamic ? WORD : coders.length * inner.headSize, decode: (hex, at) => decodeSequence(coders, hex, at) };
  }
  if (p.type === "tuple") {
    const parts = (p.components ?? []).map((c) => ({ name: c.name, coder: coderOf(c) }));
    const coders = parts.map((x) => x.coder);
    const dynamic = coders.some((c) => c.dynamic);
    return {
      dynamic, headSize: dynamic ? WORD : coders.reduce((s, c) => s + c.headSize, 0),
      decode: (hex, at) => {
        const values = decodeSequence(coders, hex, at);
        return Object.fromEntries(parts.map((x, i) => [x.name, values[i]]));
      },
    };
  }
  const stat = (decode: (w: string) => Decoded): Coder => ({ dynamic: false, headSize: WORD, decode: (hex, at) => decode(word(hex, at)) });
  if (p.type === "address") return stat((w) => "0x" + w.slice(24).toLowerCase());
  if (p.type === "bool") return stat((w) => BigInt("0x" + w) !== 0n);
  const uint = /^uint(\d*)$/.exec(p.type);
  if (uint) return stat((w) => BigInt("0x" + w));
  const int = /^int(\d*)$/.exec(p.type);
  if (int) return stat((w) => BigInt.asIntN(256, BigInt("0x" + w)));
  const fixed = /^bytes(\d+)$/.exec(p.type);
  if (fixed) {
    const n = Number(fixed[1]);
    return stat((w) => "0x" + w.slice(0, n * 2).toLowerCase());
  }
  if (p.type === "bytes" || p.type === "string") {
    const isString = p.type === "string";
    return {
      dynamic: true, headSize: WORD,
      decode: (hex, at) => {
        const n = offsetAt(hex, at);
        const body = hex.slice((at + WORD) * 2, (at + WORD + n) * 2);
        if (body.length !== n * 2) throw new AbiDecodeError(`${p.type} of ${n} bytes runs past the data`);
        return isString ? Buffer.from(body, "hex").toString("utf8") : "0x" + body.toLowerCase();
      },
    };
  }
  throw new AbiDecodeError(`unsupported ABI type ${p.type}`);
}

/** Decodes one event's logs: topics[1..] hold the indexed parameters, data the others. */
export class EventCoder {
  private readonly indexed: { name: string; coder: Coder }[] = [];
  private readonly plain: { name: string; coder: Coder }[] = [];
  private readonly order: string[];

  constructor(inputs: readonly AbiParam[]) {
    for (const p of inputs) {
      // An indexed string, bytes, array or tuple is stored as its keccak hash: a bytes32.
      const hashed = p.indexed && (p.type === "string" || p.type === "bytes" || p.type === "tuple" || p.type.endsWith("]"));
      const coder = coderOf(hashed ? { name: p.name, type: "bytes32" } : p);
      (p.indexed ? this.indexed : this.plain).push({ name: p.name, coder });
    }
    this.order = inputs.map((p) => p.name);
  }

  decode(data: string, topics: readonly string[]): EventArgs {
    if (topics.length !== this.indexed.length + 1) throw new AbiDecodeError(`expected ${this.indexed.length + 1} topics, got ${topics.length}`);
    const byName: EventArgs = {};
    this.indexed.forEach((x, i) => (byName[x.name] = x.coder.decode(topics[i + 1].slice(2), 0)));
    const values = decodeSequence(this.plain.map((x) => x.coder), data.slice(2), 0);
    this.plain.forEach((x, i) => (byName[x.name] = values[i]));
    // Parameter order, as the event declares them (settings are stored as this object's JSON).
    const out: EventArgs = {};
    for (const n of this.order) out[n] = byName[n];
    return out;
  }
}
