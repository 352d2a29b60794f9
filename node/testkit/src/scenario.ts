/**
 * Drives a test chain through the life the indexer must follow (ledger v2: deals that nodes accept,
 * one proof per node per period): nodes register; deals are stored and offered, the offered nodes
 * accept (one deal has a whitelist, one offer is declined and passes to a candidate), nodes prove
 * their periods with real PDP proofs over all their deals, a node misses a period and is reported,
 * its slot is recovered to a candidate that accepts, rewards are claimed, a privilege changes, a DNS
 * name is registered, a payment channel opened, an account bound, a user space bought, two SCAN
 * servers registered in the ScanRegistry (one moves and changes its pledge). Their addresses lead
 * nowhere: no server listens there.
 */
import { ethers, MaxUint256, type Signer } from "ethers";
import { bindContracts, dealIdOf } from "@dsp/ledger";
import { MemoryPdpTree } from "@dsp/core";
import { TestChain } from "./chain.js";
import { acceptOffer, parse, proveNodePeriod, recoverSlot, reportMissedPeriod, scheduleOf, type MissReport, type NodeProof } from "./proving.js";

const E18 = 10n ** 18n;
const MIB = 1n << 20n;

export function contracts(chain: TestChain, signer: Signer) {
  return bindContracts(chain.deployments, signer);
}
export type Contracts = ReturnType<typeof contracts>;

/** Deterministic bytes for a file (seeded), so runs reproduce. */
export function fileBytes(size: number, seed: string) {
  const out = new Uint8Array(size);
  let h = ethers.getBytes(ethers.keccak256(ethers.toUtf8Bytes(seed)));
  for (let i = 0; i < size; i += 32) {
    out.set(h.subarray(0, Math.min(32, size - i)), i);
    h = ethers.getBytes(ethers.keccak256(h));
  }
  return out;
}

export interface ScenarioFile {
  /** keccak256(abi.encode(owner, fileHash)): the key of every ledger call and event about the deal */
  dealId: string;
  fileHash: string;
  owner: string;
  tree: MemoryPdpTree;
  /** node indexes first offered a slot, and the candidates behind them */
  offered: number[];
  candidates: number[];
}

export interface StoreOptions {
  privilege?: number;
  whitelist?: { addr: string; fromHeight: bigint; toHeight: bigint }[];
  size?: number;
  /** 0: prepaid user space (the owner's), 1: pay per file (default) */
  storageType?: number;
  /** whether every offered node accepts at once (default true) */
  accept?: boolean;
  /** blocks from now to expiry (pay per file; default 200) */
  lifetime?: bigint;
}

/** Roles: 0 admin, 1 owner, 2 other, 3 reporter, 4.. nodes, 12 and 13 SCAN servers. */
export class Actors {
  readonly admin: Signer & { address: string };
  readonly owner: Signer & { address: string };
  readonly other: Signer & { address: string };
  readonly reporter: Signer & { address: string };
  readonly nodes: (Signer & { address: string })[];
  /** Dev accounts of the scenario's SCAN servers (the federation tests use others). */
  static readonly SCAN_ACCOUNTS = [12, 13];
  readonly scans: (Signer & { address: string })[];
  /** every deal stored through storeFile, by deal id: the trees honest holders prove from */
  readonly files = new Map<string, ScenarioFile>();

  constructor(readonly chain: TestChain, nodeCount = 4) {
    this.admin = chain.signer(0);
    this.owner = chain.signer(1);
    this.other = chain.signer(2);
    this.reporter = chain.signer(3);
    this.nodes = Array.from({ length: nodeCount }, (_, i) => chain.signer(4 + i));
    this.scans = Actors.SCAN_ACCOUNTS.map((i) => chain.signer(i));
  }

  as(s: Signer) {
    return contracts(this.chain, s);
  }

  /** Tokens and allowances for everyone. */
  async fund() {
    const admin = this.as(this.admin);
    for (const s of [this.owner, this.other, this.reporter, ...this.nodes, ...this.scans]) {
      await (await admin.token.mint(s.address, 1_000_000n * E18)).wait();
      const c = this.as(s);
      for (const spender of [c.registry, c.ledger, c.userSpace, c.dns, c.channels, c.scanRegistry]) {
        await (await c.token.approve(await spender.getAddress(), MaxUint256)).wait();
      }
    }
  }

  async registerNode(i: number, volume = 64n * MIB) {
    await (await this.as(this.nodes[i]).registry.register(`/ip4/127.0.0.1/tcp/${4001 + i}`, volume, 10_000_000n)).wait();
  }

  /**
   * The owner stores a file (pay per file unless storageType 0: prepaid user space), offering a slot
   * to each of `offered` (node indexes) with `candidates` behind; then each offered node accepts
   * (unless `accept` is false), proving its current period first if its set is frozen.
   */
  async storeFile(seed: string, offered: number[], candidates: number[] = [], over: StoreOptions = {}): Promise<ScenarioFile> {
    const data = fileBytes(over.size ?? 4096, seed);
    const tree = new MemoryPdpTree(data);
    const fileHash = ethers.keccak256(ethers.concat([data, ethers.toUtf8Bytes(seed)]));
    const head = await this.chain.head();
    const owner = this.as(this.owner);
    const option = {
      fileDesc: ethers.toUtf8Bytes(`file ${seed}`), fileSize: BigInt(data.length), proveInterval: await owner.verifier.provingPeriod(),
      expiredHeight: head + (over.lifetime ?? 200n), privilege: over.privilege ?? 1, copyNum: offered.length - 1, encrypt: false,
      registerDns: false, bindDns: false, dnsUrl: "", whitelist: over.whitelist ?? [], share: false, storageType: over.storageType ?? 1,
    };
    const commit = {
      fileHash, blocksRoot: ethers.sha256(data), dataRoot: ethers.hexlify(tree.root), blockNum: 1n, blockSize: 262144n,
    };
    await (await owner.ledger.storeFile(option, commit, offered.map((i) => this.nodes[i].address), candidates.map((i) => this.nodes[i].address))).wait();
    const file: ScenarioFile = { dealId: dealIdOf(this.owner.address, fileHash), fileHash, owner: this.owner.address, tree, offered, candidates };
    this.files.set(file.dealId, file);
    if (over.accept !== false) for (const i of offered) await this.accept(file, i);
    return file;
  }

  /** The tree of a deal stored here (what an honest holder proves from). */
  treeOf = (dealId: string) => this.files.get(dealId)?.tree;

  /** Node i accepts its offer in `file` (proving its current period first if its set is frozen). */
  async accept(file: ScenarioFile, i: number) {
    return acceptOffer(this.chain, this.as(this.nodes[i]), this.nodes[i].address, file.dealId, this.treeOf);
  }

  /** Node i declines its offer; returns the index of the node offered the slot next, or null (refunded). */
  async decline(file: ScenarioFile, i: number): Promise<number | null> {
    const receipt = await (await this.as(this.nodes[i]).ledger.declineDeal(file.dealId)).wait();
    const next = parse(receipt!, this.as(this.nodes[i]).ledger.interface, "SlotOffered");
    return next ? this.indexOf(next.node as unknown as string) : null;
  }

  /** Mines past node i's offer in `file` and has the reporter lapse it; returns the node offered next, or null. */
  async lapse(file: ScenarioFile, i: number): Promise<number | null> {
    const c = this.as(this.reporter);
    const [nodes, slots] = await c.ledger.holdersOf(file.dealId);
    const k = nodes.indexOf(this.nodes[i].address);
    if (k < 0 || slots[k].status !== 1n) throw new Error(`node ${i} holds no offer in deal ${file.dealId}`);
    const head = await this.chain.head();
    if (head < slots[k].offeredUntil) await this.chain.mine(slots[k].offeredUntil - head);
    const receipt = await (await c.ledger.lapseOffer(file.dealId, this.nodes[i].address)).wait();
    const next = parse(receipt!, c.ledger.interface, "SlotOffered");
    return next ? this.indexOf(next.node as unknown as string) : null;
  }

  /** Node i proves its current period over every deal it holds (mining to its window). */
  async proveNode(i: number): Promise<NodeProof> {
    return proveNodePeriod(this.chain, this.as(this.nodes[i]), this.nodes[i].address, this.treeOf);
  }

  /** Node i, which must hold `file`, proves its current period (all its deals at once). */
  async prove(file: ScenarioFile, i: number): Promise<NodeProof> {
    const [nodes, slots] = await this.as(this.nodes[i]).ledger.holdersOf(file.dealId);
    const k = nodes.indexOf(this.nodes[i].address);
    if (k < 0 || slots[k].status !== 2n) throw new Error(`node ${i} does not hold deal ${file.dealId}`);
    return this.proveNode(i);
  }

  /** Lets node i's current deadline pass and has the reporter report it. */
  async reportMissed(i: number): Promise<MissReport> {
    return reportMissedPeriod(this.chain, this.as(this.reporter), this.nodes[i].address);
  }

  /** The reporter recovers faulted node i's slot in `file`; returns the index of the candidate offered it, or null. */
  async recover(file: ScenarioFile, i: number): Promise<number | null> {
    const r = await recoverSlot(this.as(this.reporter), file.dealId, this.nodes[i].address);
    return r.offeredTo ? this.indexOf(r.offeredTo) : null;
  }

  /**
   * Node i misses its period and is reported; with `file`, its slot there is also recovered and the
   * candidate offered it accepts (the candidate takes over, having fetched the data). Returns the
   * report and the index of the node that took over (null without a file or a candidate).
   */
  async missAndReport(i: number): Promise<MissReport & { takenOverBy: null }>;
  async missAndReport(file: ScenarioFile, i: number): Promise<MissReport & { takenOverBy: number | null }>;
  async missAndReport(a: ScenarioFile | number, b?: number): Promise<MissReport & { takenOverBy: number | null }> {
    const [file, i] = typeof a === "number" ? [undefined, a] : [a, b!];
    const report = await this.reportMissed(i);
    if (!file) return { ...report, takenOverBy: null };
    const next = await this.recover(file, i);
    if (next !== null) await this.accept(file, next);
    return { ...report, takenOverBy: next };
  }

  /** Node i's schedule (period, seedFrom, opensAfter, deadline, periodStart) and set weight. */
  schedule(i: number) {
    return scheduleOf(this.as(this.nodes[i]), this.nodes[i].address);
  }

  indexOf(address: string): number {
    const i = this.nodes.findIndex((n) => n.address.toLowerCase() === address.toLowerCase());
    if (i < 0) throw new Error(`${address} is not one of the scenario's nodes`);
    return i;
  }
}

export interface ScenarioResult {
  actors: Actors;
  /** on nodes 0 and 1, candidates 2 and 3; node 1 missed a period and node 2 took its slot over */
  a: ScenarioFile;
  /** on node 2, whitelisted */
  b: ScenarioFile;
  /** offered to node 3, which declined; node 0 (the candidate) holds it */
  c: ScenarioFile;
  channelId: string;
}

/** The full life: see the file comment. */
export async function runScenario(chain: TestChain): Promise<ScenarioResult> {
  const actors = new Actors(chain);
  await actors.fund();
  for (let i = 0; i < 4; i++) await actors.registerNode(i);
  const a = await actors.storeFile("a", [0, 1], [2, 3]); // nodes 0 and 1 accept
  const b = await actors.storeFile("b", [2], [], {
    privilege: 2,
    whitelist: [
      { addr: actors.other.address, fromHeight: 0n, toHeight: 1_000_000n },
      { addr: actors.reporter.address, fromHeight: 5n, toHeight: 500n },
    ],
  });
  await (await actors.as(actors.owner).whitelist.removeRules(b.dealId, [actors.reporter.address])).wait();
  // Each node's periods run from its first acceptance: the order below keeps every honest node
  // within its windows (node 0's first, then node 2's; node 1 lets its first period pass).
  await actors.proveNode(0); // period 0: a
  await actors.proveNode(2); // period 0: b
  // node 3 declines its offer of c: the slot passes to candidate node 0, which accepts
  const c = await actors.storeFile("c", [3], [0], { accept: false });
  const next = await actors.decline(c, 3);
  if (next !== 0) throw new Error(`the declined slot of c went to ${next}, not to node 0`);
  await actors.accept(c, 0);
  const miss = await actors.missAndReport(a, 1); // node 1 missed period 0; its slot in a goes to candidate node 2, which accepts
  if (miss.takenOverBy !== 2) throw new Error(`node 1's slot in a went to ${miss.takenOverBy}, not to node 2`);
  await actors.proveNode(0); // period 1: a and c in one proof
  await (await actors.as(actors.nodes[0]).ledger.claimRewards(actors.nodes[0].address)).wait();
  await (await actors.as(actors.owner).ledger.setPrivilege(a.dealId, 0)).wait();
  await (await actors.as(actors.owner).dns.registerUrl(2, "", "hello", `dsp://file?hash=${a.fileHash}`, "a name", 0n)).wait();
  const ch = actors.as(actors.other).channels;
  const tx = await ch.open(actors.nodes[0].address, 5n * E18, 10n);
  const receipt = await tx.wait();
  const opened = receipt!.logs.map((l) => ch.interface.parseLog(l)).find((l) => l?.name === "ChannelOpened")!;
  await (await ch.topUp(opened.args.channelId, E18)).wait();
  await (await actors.as(actors.admin).accounts.bind(chain.wallet(2).signingKey.publicKey)).wait();
  await (await actors.as(actors.owner).userSpace.addUserSpace(10n * MIB, (await chain.head()) + 1000n, 0n)).wait();
  for (const [i, s] of actors.scans.entries()) {
    await (await actors.as(s).scanRegistry.register(`/ip4/127.0.0.1/tcp/${9 + i}`, 300n * E18)).wait();
  }
  const scan0 = actors.as(actors.scans[0]).scanRegistry;
  await (await scan0.update("/ip4/127.0.0.1/tcp/11")).wait();
  await (await scan0.addPledge(50n * E18)).wait();
  await (await scan0.reducePledge(20n * E18)).wait();
  return { actors, a, b, c, channelId: opened.args.channelId as string };
}

/** A fresh test chain that has lived through runScenario. */
export async function scenarioChain(): Promise<{ chain: TestChain; scenario: ScenarioResult }> {
  const chain = await TestChain.start();
  return { chain, scenario: await runScenario(chain) };
}
