/**
 * Helpers of the long-running ledger tests (Conservation, Gas): a seeded PRNG, a fixture with chosen
 * deployment parameters, log decoding across the DSP contracts, and batched transactions (automine
 * off, many transactions per block) for tests that need thousands of real transactions.
 */
import { ethers, network } from "hardhat";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionReceipt, EventFragment, Interface, Result, Signer, TransactionReceipt } from "ethers";
import { deployDsp, DEVNET_PARAMS, type DspParams } from "../../scripts/lib/deploy-dsp";
import { E18, NODE_VOLUME } from "./dsp";
import type { PdpTree } from "./pdp";
import { RepeatedBlockTree } from "./repeated-tree";

/** mulberry32: a small seeded PRNG, so that a failing run names its seed and reproduces. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)],
    /** `n` distinct elements of `xs` in random order. */
    sample: <T>(xs: readonly T[], n: number): T[] => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, n);
    },
  };
}
export type Rng = ReturnType<typeof rng>;

/**
 * test/helpers/dsp.ts's deployFixture with other deployment parameters (e.g. a longer proving period
 * for a test that needs many blocks of acceptances before the first proof is due), and `mint` tokens
 * for every test account.
 */
export async function deployFixtureWith(params: DspParams = DEVNET_PARAMS, mint = 1_000_000n * E18) {
  const signers = await ethers.getSigners();
  const [admin, owner, other, reporter, ...rest] = signers;
  const nodes = rest.slice(0, 6);
  const c = await deployDsp(admin, params);
  const volume = NODE_VOLUME;
  const pledge = await c.registry.requiredPledge(volume);
  for (const s of [owner, other, reporter, ...nodes]) await c.token.mint(s.address, mint);
  for (const n of nodes) await c.token.connect(n).approve(await c.registry.getAddress(), ethers.MaxUint256);
  await c.token.connect(owner).approve(await c.ledger.getAddress(), ethers.MaxUint256);
  await c.token.connect(other).approve(await c.ledger.getAddress(), ethers.MaxUint256);
  return { ...c, admin, owner, other, reporter, nodes, volume, pledge, params };
}

/** A decoded log: which contract emitted it, the event name and its arguments. */
export interface Decoded {
  address: string;
  name: string;
  args: Result;
}

/**
 * Decodes the logs of receipts against a set of contracts (by address), skipping unknown ones. The
 * event of each topic is looked up once (ethers' parseLog hashes every event signature of the ABI on
 * each call, which a test decoding a hundred thousand logs pays for in seconds).
 */
export class LogReader {
  private readonly byAddress = new Map<string, { iface: Interface; events: Map<string, EventFragment> }>();

  static async of(contracts: { getAddress(): Promise<string>; interface: Interface }[]) {
    const r = new LogReader();
    for (const c of contracts) {
      const events = new Map<string, EventFragment>();
      c.interface.forEachEvent((ev) => events.set(ev.topicHash, ev));
      r.byAddress.set((await c.getAddress()).toLowerCase(), { iface: c.interface, events });
    }
    return r;
  }

  decode(receipt: TransactionReceipt | ContractTransactionReceipt | RawReceipt | null): Decoded[] {
    if (!receipt) throw new Error("no receipt");
    const out: Decoded[] = [];
    for (const log of receipt.logs) {
      const c = this.byAddress.get(log.address.toLowerCase());
      const fragment = c?.events.get(log.topics[0]);
      if (!c || !fragment) continue;
      out.push({ address: log.address, name: fragment.name, args: c.iface.decodeEventLog(fragment, log.data, log.topics) });
    }
    return out;
  }
}

/** A receipt as JSON-RPC returns it (quantities in hex). */
export interface RawReceipt {
  blockNumber: string;
  gasUsed: string;
  status: string;
  logs: { address: string; topics: string[]; data: string }[];
}

/**
 * Sends one transaction from an unlocked Hardhat account with a fixed gas limit (no estimate, so the
 * transaction runs once) and returns its receipt. Hardhat mines it at once (automine) and throws with
 * the revert reason if it reverts. Several times faster than a contract call through ethers, which
 * matters to a test that sends ten thousand of them.
 */
export async function sendRaw(from: string, to: string, data: string, gas = 8_000_000n): Promise<RawReceipt & { block: number }> {
  const hash = (await network.provider.send("eth_sendTransaction", [{ from, to, data, gas: ethers.toQuantity(gas) }])) as string;
  const receipt = (await network.provider.send("eth_getTransactionReceipt", [hash])) as RawReceipt | null;
  if (!receipt || receipt.status !== "0x1") throw new Error(`transaction ${hash} failed`);
  return { ...receipt, block: Number(receipt.blockNumber) };
}

/** A transaction to send in a batch: who sends it, to which contract, with what calldata. */
export interface BatchTx {
  from: Signer;
  to: string;
  data: string;
  gasLimit: bigint;
}

/**
 * Sends `txs` with automine off and mines them many to a block (Hardhat packs a block by the declared
 * gas limits, up to its block gas limit), then turns automine back on. Each sender's nonces follow
 * the order in `txs`. The base fee is held at 1 gwei for every block so that hundreds of full blocks
 * do not price the later transactions out. Returns the receipts in the order of `txs`; throws if any
 * reverted. With `receipts: false` it returns only the range of blocks mined (fetching ten thousand
 * receipts takes longer than mining them): the caller then checks the outcome from the events.
 */
export async function sendBatched(txs: BatchTx[], opts: { receipts?: boolean } = {}) {
  const nonces = new Map<string, number>();
  const hashes: string[] = [];
  const { chainId } = await ethers.provider.getNetwork();
  const fee = { maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n };
  await network.provider.send("evm_setAutomine", [false]);
  const started = Date.now();
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  let blocks = 0;
  try {
    for (const tx of txs) {
      const from = await tx.from.getAddress();
      let nonce = nonces.get(from);
      if (nonce === undefined) nonce = await ethers.provider.getTransactionCount(from, "pending");
      nonces.set(from, nonce + 1);
      const hash = (await network.provider.send("eth_sendTransaction", [{
        from, to: tx.to, data: tx.data, gas: ethers.toQuantity(tx.gasLimit), nonce: ethers.toQuantity(nonce),
        maxFeePerGas: ethers.toQuantity(fee.maxFeePerGas), maxPriorityFeePerGas: ethers.toQuantity(fee.maxPriorityFeePerGas),
        chainId: ethers.toQuantity(chainId),
      }])) as string;
      hashes.push(hash);
    }
    const sentAt = Date.now();
    let mined = 0;
    const pendingCount = async () => {
      // Set first: a pending block leaves out what the next base fee (raised by a full block) prices out.
      await network.provider.send("hardhat_setNextBlockBaseFeePerGas", [ethers.toQuantity(10n ** 9n)]);
      return (await network.provider.send("eth_getBlockByNumber", ["pending", false])).transactions.length as number;
    };
    while ((await pendingCount()) > 0) {
      await network.provider.send("evm_mine", []);
      blocks++;
      const block = await ethers.provider.getBlock("latest");
      mined += block!.transactions.length;
    }
    if (process.env.SIM_TIMING) console.log(`      sendBatched: ${txs.length} sent in ${sentAt - started} ms, mined in ${blocks} blocks, ${Date.now() - sentAt} ms`);
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  const range = { blocks, fromBlock, toBlock: fromBlock + blocks - 1 };
  const receipts: TransactionReceipt[] = [];
  if (opts.receipts === false) return { receipts, ...range };
  for (const h of hashes) {
    const r = await ethers.provider.getTransactionReceipt(h);
    if (!r || r.status !== 1) {
      const pending = await network.provider.send("eth_getBlockByNumber", ["pending", false]).catch(() => undefined);
      const tx = await ethers.provider.getTransaction(h);
      throw new Error(`batched transaction ${h} ${r ? "reverted" : "was not mined"} (${JSON.stringify(tx?.toJSON())}; pending ${pending?.transactions.length})`);
    }
    receipts.push(r);
  }
  return { receipts, ...range };
}

/** Mines until the latest block is `height` (nothing if it already is or is past it), in one hardhat_mine. */
export async function mineTo(height: bigint) {
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (height > now) await mine(height - now);
}

interface PdpKeccak {
  leafLevels(block: Uint8Array): Uint8Array;
  nodeLevels(nodes: Uint8Array): Uint8Array;
}
let addon: PdpKeccak | null | undefined;
function nativeKeccak(): PdpKeccak | null {
  if (addon === undefined) {
    try {
      addon = require("@dsp/pdp-keccak") as PdpKeccak;
    } catch {
      addon = null;
    }
  }
  return addon;
}

const NODE = 16;

/**
 * The PDP tree of `block` repeated `copies` times (both powers of two in leaves), the same tree as
 * test/helpers/repeated-tree.ts's RepeatedBlockTree, hashed by the native addon @dsp/pdp-keccak
 * (native/pdp-keccak) in two dozen calls instead of ~80 JavaScript keccaks: a test that builds ten
 * thousand 1 GiB trees spends seconds on them, not a minute. Falls back to RepeatedBlockTree when
 * the optional addon is not built. Every level of the block's own tree is kept; above it each level
 * has one distinct node, the parent of two equal children.
 */
export function repeatedTree(block: Uint8Array, copies: number): PdpTree {
  const native = nativeKeccak();
  if (!native) return new RepeatedBlockTree(block, copies);
  return new NativeRepeatedTree(native, block, copies);
}

class NativeRepeatedTree implements PdpTree {
  readonly leafCount: number;
  readonly depth: number;
  private readonly blockLeaves: number;
  private readonly blockDepth: number;
  private readonly levels: Uint8Array[] = [];

  constructor(native: PdpKeccak, private readonly block: Uint8Array, copies: number) {
    if (copies & (copies - 1)) throw new Error("copies must be a power of two");
    this.blockLeaves = Math.max(1, Math.ceil(block.length / 32));
    if (this.blockLeaves & (this.blockLeaves - 1)) throw new Error("block leaves must be a power of two");
    this.blockDepth = Math.log2(this.blockLeaves);
    this.leafCount = this.blockLeaves * copies;
    this.depth = this.blockDepth + Math.log2(copies);
    const packed = native.leafLevels(block);
    let at = 0;
    for (let l = 0, w = this.blockLeaves; l <= this.blockDepth; l++, w >>= 1) {
      this.levels.push(packed.subarray(at, at + w * NODE));
      at += w * NODE;
    }
    let top = this.levels[this.blockDepth];
    const pair = new Uint8Array(2 * NODE);
    for (let l = this.blockDepth + 1; l <= this.depth; l++) {
      pair.set(top, 0);
      pair.set(top, NODE);
      top = native.nodeLevels(pair).slice(0, NODE);
      this.levels.push(top);
    }
  }

  leaf(index: number): Uint8Array {
    const i = index % this.blockLeaves;
    const out = new Uint8Array(32);
    out.set(this.block.subarray(i * 32, (i + 1) * 32));
    return out;
  }

  node(level: number, index: number): Uint8Array {
    if (level > this.blockDepth) return this.levels[level];
    const i = index % (this.blockLeaves >> level);
    return this.levels[level].subarray(i * NODE, (i + 1) * NODE);
  }

  get root(): Uint8Array {
    return this.levels[this.depth];
  }
}
