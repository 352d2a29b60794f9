/**
 * The ledger v2 flow driven on a test chain, for the indexer's tests: deals stored and offered,
 * accepted (or declined, or left to lapse) by nodes, one proof per node per period built from the
 * real bytes (PDPVerifier.challengeOf, the node's pieces, @dsp/core's PDP tree), a missed period
 * reported and recovered from, and the rest of the life the indexer follows (names, channels,
 * accounts, user space, SCAN servers).
 *
 * Written here rather than taken from @dsp/testkit, whose Actors and runScenario still drive the
 * ledger v1 calls (storeFile naming holders, per-file challenges) while another change updates
 * them; nothing here reaches into @dsp/testkit beyond its TestChain.
 */
import { ethers, MaxUint256, type Signer } from "ethers";
import { MemoryPdpTree, buildProof } from "@dsp/core";
import { bindContracts } from "@dsp/ledger";
import { TestChain } from "@dsp/testkit";

const E18 = 10n ** 18n;
const MIB = 1n << 20n;

export type Actor = Signer & { address: string };

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

/** FileLedger.dealIdOf: keccak256(abi.encode(owner, fileHash)), lowercase. */
export function dealIdOf(owner: string, fileHash: string) {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [owner, fileHash])).toLowerCase();
}

export interface DealFile {
  /** lowercase, as the indexer stores them */
  fileHash: string;
  dealId: string;
  owner: string;
  tree: MemoryPdpTree;
}

export interface StoreOptions {
  privilege?: number;
  whitelist?: { addr: string; fromHeight: bigint; toHeight: bigint }[];
  size?: number;
  /** 0: prepaid user space; 1 (default): pay per file */
  storageType?: number;
  /** who stores it (default the owner actor) */
  owner?: Actor;
  /** blocks from now to expiry (default 200) */
  lifetime?: bigint;
}

/**
 * The proof a node holding `treeOf(pieceId)` sends for its located challenges: the leaves of every
 * challenge not skipped, in order, and each run of one piece's challenges' multiproof siblings
 * (docs/proofs.md; test/helpers/dsp.ts buildNodeProof does the same for the contract tests).
 */
export function buildNodeProof(challenges: readonly { pieceId: bigint; leafIndex: bigint; skip: boolean }[], treeOf: (pieceId: bigint) => MemoryPdpTree) {
  const leaves: Uint8Array[] = [];
  const proofs: Uint8Array[] = [];
  for (let i = 0; i < challenges.length;) {
    let j = i;
    while (j < challenges.length && challenges[j].pieceId === challenges[i].pieceId) j++;
    if (!challenges[i].skip) {
      const part = buildProof(treeOf(challenges[i].pieceId), challenges.slice(i, j).map((c) => Number(c.leafIndex)));
      leaves.push(part.leaves);
      proofs.push(part.proof);
    }
    i = j;
  }
  return { leaves: ethers.concat(leaves.length ? leaves : ["0x"]), proof: ethers.concat(proofs.length ? proofs : ["0x"]) };
}

/** Roles: 0 admin (keeps the token's minter role), 1 owner, 2 other, 3 reporter, 4.. nodes, 12 and 13 SCAN servers. */
export class DealActors {
  static readonly SCAN_ACCOUNTS = [12, 13];
  readonly admin: Actor;
  readonly owner: Actor;
  readonly other: Actor;
  readonly reporter: Actor;
  readonly nodes: Actor[];
  readonly scans: Actor[];
  /** The bytes behind each deal (by dealId), for the nodes' proofs. */
  readonly trees = new Map<string, MemoryPdpTree>();

  constructor(readonly chain: TestChain, nodeCount = 4) {
    this.admin = chain.signer(0);
    this.owner = chain.signer(1);
    this.other = chain.signer(2);
    this.reporter = chain.signer(3);
    this.nodes = Array.from({ length: nodeCount }, (_, i) => chain.signer(4 + i));
    this.scans = DealActors.SCAN_ACCOUNTS.map((i) => chain.signer(i));
  }

  as(s: Signer) {
    return bindContracts(this.chain.deployments, s);
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

  /** Tops node i's pledge up to what the registry requires (a slash leaves it short: no new deal until then); whether it had to. */
  async ensurePledge(i: number) {
    const registry = this.as(this.nodes[i]).registry;
    const node = await registry.getNode(this.nodes[i].address);
    const required = await registry.requiredPledge(node.volume);
    if (node.status !== 1n || node.pledge >= required) return false;
    await (await registry.addPledge(required - node.pledge)).wait();
    return true;
  }

  /** Stores a deal offering a slot to each of `offered` (node indexes) with `candidates` behind; nobody accepts yet. */
  async storeFile(seed: string, offered: number[], candidates: number[] = [], over: StoreOptions = {}): Promise<DealFile> {
    const data = fileBytes(over.size ?? 4096, seed);
    const tree = new MemoryPdpTree(data);
    const fileHash = ethers.keccak256(ethers.concat([data, ethers.toUtf8Bytes(seed)])).toLowerCase();
    const owner = over.owner ?? this.owner;
    for (const i of offered) await this.ensurePledge(i);
    const head = await this.chain.head();
    const option = {
      fileDesc: ethers.toUtf8Bytes(`file ${seed}`), fileSize: BigInt(data.length), proveInterval: 20n, expiredHeight: head + (over.lifetime ?? 200n),
      privilege: over.privilege ?? 1, copyNum: offered.length - 1, encrypt: false, registerDns: false, bindDns: false, dnsUrl: "",
      whitelist: over.whitelist ?? [], share: false, storageType: over.storageType ?? 1,
    };
    const commit = { fileHash, blocksRoot: ethers.sha256(data), dataRoot: ethers.hexlify(tree.root), blockNum: 1n, blockSize: 262144n };
    await (await this.as(owner).ledger.storeFile(option, commit, offered.map((i) => this.nodes[i].address), candidates.map((i) => this.nodes[i].address))).wait();
    const dealId = dealIdOf(owner.address, fileHash);
    this.trees.set(dealId, tree);
    return { fileHash, dealId, owner: owner.address.toLowerCase(), tree };
  }

  /** The node's schedule and whether its proof set takes changes in the next block. */
  async schedule(i: number) {
    const v = this.as(this.nodes[i]).verifier;
    const [period, seedFrom, opensAfter, deadline] = await v.scheduleOf(this.nodes[i].address);
    const [total] = await v.weightOf(this.nodes[i].address);
    const next = (await this.chain.head()) + 1n;
    return { period, seedFrom, opensAfter, deadline, total, next, frozen: total !== 0n && next >= seedFrom };
  }

  /**
   * Makes node i's proof set open to changes in the next block, as a node retrying a refused
   * accept does: while frozen it proves its period (or, past the deadline, is reported first).
   */
  async openForChanges(i: number) {
    for (let tries = 0; tries < 8; tries++) {
      const s = await this.schedule(i);
      if (!s.frozen) return;
      if (s.next > s.deadline) await this.report(i);
      else await this.prove(i);
    }
    throw new Error(`node ${i}'s proof set stays frozen`);
  }

  /** Node i accepts the deal (after proving its period if its set is frozen). */
  async accept(file: DealFile, i: number) {
    // opening may report it (a slash: top up after), and a top-up takes a block (the set may freeze: open again)
    for (let tries = 0; tries < 4; tries++) {
      await this.openForChanges(i);
      if (!(await this.ensurePledge(i))) break;
    }
    await (await this.as(this.nodes[i]).ledger.acceptDeal(file.dealId)).wait();
  }

  async decline(file: DealFile, i: number) {
    await (await this.as(this.nodes[i]).ledger.declineDeal(file.dealId)).wait();
  }

  /** Mines to node i's proof window and proves its whole set for the current period; the receipt. */
  async prove(i: number) {
    const node = this.nodes[i];
    const v = this.as(node).verifier;
    const s = await this.schedule(i);
    if (s.next > s.deadline) throw new Error(`node ${i} is past its deadline ${s.deadline} for period ${s.period}: report it instead`);
    // challengeOf reads the latest block, which must be past opensAfter for the seed to show
    const head = await this.chain.head();
    if (head <= s.opensAfter) await this.chain.mine(s.opensAfter - head + 1n);
    const [, , challenges] = await v.challengeOf(node.address);
    const dealOf = new Map<bigint, string>();
    for (const c of challenges) {
      if (c.skip || dealOf.has(c.pieceId)) continue;
      dealOf.set(c.pieceId, (await v.pieceOf(node.address, c.pieceId)).dealId.toLowerCase());
    }
    const { leaves, proof } = buildNodeProof(challenges, (pieceId) => {
      const tree = this.trees.get(dealOf.get(pieceId)!);
      if (!tree) throw new Error(`node ${i} holds piece ${pieceId} of a deal whose bytes this test does not know`);
      return tree;
    });
    return (await v.prove(leaves, proof)).wait();
  }

  /** The reporter reports node i's current period as missed (it must be past its deadline). */
  async report(i: number) {
    return (await this.as(this.reporter).verifier.reportMissed(this.nodes[i].address)).wait();
  }

  /** Lets node i's current period pass unproved and has the reporter report it. */
  async missAndReport(i: number) {
    const s = await this.schedule(i);
    const head = await this.chain.head();
    if (head <= s.deadline) await this.chain.mine(s.deadline - head + 1n);
    return this.report(i);
  }

  /** The reporter releases faulted node i from the deal; its slot is offered to the next candidate. */
  async recover(file: DealFile, i: number) {
    await (await this.as(this.reporter).ledger.recover(file.dealId, this.nodes[i].address)).wait();
  }
}

export interface DealScenario {
  actors: DealActors;
  /** "a": owner, offered to nodes 0 and 1, candidates 2 and 3; node 1 missed, node 2 took its slot over. */
  a: DealFile;
  /** "b": owner, whitelisted, held by node 2. */
  b: DealFile;
  /** a's bytes stored by "other": offered to node 1, which declined; candidate node 3 took it. */
  a2: DealFile;
  channelId: string;
}

/**
 * The life the indexer's suites follow: four nodes register; a owner stores "a" on nodes 0 and 1
 * (candidates 2, 3) and "b" on node 2 (a whitelist), both accepted; "other" stores the same bytes
 * as "a" offered to node 1, which declines, so candidate 3 gets and accepts the offer; nodes 0, 2
 * and 3 prove a period each; node 1 misses its period and is reported, the reporter recovers "a"
 * from it and node 2 accepts the slot; node 0 proves again and claims; a's privilege changes, a
 * DNS name points at it, a channel opens, an account binds, a user space is bought, two SCAN
 * servers register (one moves and changes its pledge).
 */
export async function runDealScenario(chain: TestChain): Promise<DealScenario> {
  const actors = new DealActors(chain);
  await actors.fund();
  for (let i = 0; i < 4; i++) await actors.registerNode(i);
  const a = await actors.storeFile("a", [0, 1], [2, 3]);
  await actors.accept(a, 0);
  await actors.accept(a, 1);
  const b = await actors.storeFile("b", [2], [], {
    privilege: 2,
    whitelist: [
      { addr: actors.other.address, fromHeight: 0n, toHeight: 1_000_000n },
      { addr: actors.reporter.address, fromHeight: 5n, toHeight: 500n },
    ],
  });
  await actors.accept(b, 2);
  await (await actors.as(actors.owner).whitelist.removeRules(b.dealId, [actors.reporter.address])).wait();
  const a2 = await actors.storeFile("a", [1], [3], { owner: actors.other });
  await actors.decline(a2, 1);
  await actors.accept(a2, 3);
  await actors.prove(0);
  await actors.prove(2);
  await actors.prove(3);
  await actors.missAndReport(1);
  await actors.recover(a, 1);
  await actors.accept(a, 2);
  await actors.prove(0);
  await (await actors.as(actors.nodes[0]).ledger.claimRewards(actors.nodes[0].address)).wait();
  await (await actors.as(actors.owner).ledger.setPrivilege(a.dealId, 0)).wait();
  await (await actors.as(actors.owner).dns.registerUrl(2, "", "hello", `dsp://file?hash=${a.fileHash}`, "a name", 0n)).wait();
  const ch = actors.as(actors.other).channels;
  const receipt = await (await ch.open(actors.nodes[0].address, 5n * E18, 10n)).wait();
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
  return { actors, a, b, a2, channelId: (opened.args.channelId as string).toLowerCase() };
}

/** A fresh test chain that has lived through runDealScenario. */
export async function dealScenarioChain(): Promise<{ chain: TestChain; scenario: DealScenario }> {
  const chain = await TestChain.start();
  try {
    return { chain, scenario: await runDealScenario(chain) };
  } catch (e) {
    await chain.stop();
    throw e;
  }
}
