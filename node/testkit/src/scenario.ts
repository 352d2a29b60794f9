/**
 * Drives a test chain through the life the indexer must follow: nodes register, files are stored
 * (one with a whitelist), proved with real PDP proofs, a proof is missed and reported (recovery
 * to a candidate), rewards claimed, a DNS name registered, a payment channel opened, an account
 * bound, a user space bought, two SCAN servers registered in the ScanRegistry (one moves and
 * changes its pledge). Their addresses lead nowhere: no server listens there.
 */
import { ethers, MaxUint256, type Signer } from "ethers";
import { bindContracts } from "@dsp/ledger";
import { MemoryPdpTree, buildProof } from "@dsp/core";
import { TestChain } from "./chain.js";

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
  fileHash: string;
  tree: MemoryPdpTree;
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

  /** Stores a file (pay per file unless storageType 0: prepaid user space) on `primaries` (node indexes) with `candidates`. */
  async storeFile(seed: string, primaries: number[], candidates: number[] = [], over: { privilege?: number; whitelist?: { addr: string; fromHeight: bigint; toHeight: bigint }[]; size?: number; storageType?: number } = {}): Promise<ScenarioFile> {
    const data = fileBytes(over.size ?? 4096, seed);
    const tree = new MemoryPdpTree(data);
    const fileHash = ethers.keccak256(ethers.concat([data, ethers.toUtf8Bytes(seed)]));
    const head = await this.chain.head();
    const option = {
      fileDesc: ethers.toUtf8Bytes(`file ${seed}`), fileSize: BigInt(data.length), proveInterval: 10n, expiredHeight: head + 200n,
      privilege: over.privilege ?? 1, copyNum: primaries.length - 1, encrypt: false, registerDns: false, bindDns: false, dnsUrl: "",
      whitelist: over.whitelist ?? [], share: false, storageType: over.storageType ?? 1,
    };
    const commit = {
      fileHash, blocksRoot: ethers.sha256(data), dataRoot: ethers.hexlify(tree.root), blockNum: 1n, blockSize: 262144n,
    };
    await (await this.as(this.owner).ledger.storeFile(option, commit, primaries.map((i) => this.nodes[i].address), candidates.map((i) => this.nodes[i].address))).wait();
    return { fileHash, tree };
  }

  /** Mines to node i's open challenge of `file` and proves it. */
  async prove(file: ScenarioFile, i: number) {
    const node = this.nodes[i];
    const v = this.as(node).verifier;
    const [height] = await v.challengeOf(file.fileHash, node.address);
    const now = await this.chain.head();
    if (now <= height) await this.chain.mine(height - now + 1n);
    const [, , , indices] = await v.challengeOf(file.fileHash, node.address);
    const { leaves, proof } = buildProof(file.tree, indices.map(Number));
    await (await v.prove(file.fileHash, leaves, proof)).wait();
  }

  /** Lets node i's window pass and has the reporter report it. */
  async missAndReport(file: ScenarioFile, i: number) {
    const node = this.nodes[i];
    const [, deadline] = await this.as(node).verifier.challengeOf(file.fileHash, node.address);
    const now = await this.chain.head();
    if (now <= deadline) await this.chain.mine(deadline - now + 1n);
    await (await this.as(this.reporter).verifier.reportMissed(file.fileHash, node.address)).wait();
  }
}

export interface ScenarioResult {
  actors: Actors;
  a: ScenarioFile;
  b: ScenarioFile;
  channelId: string;
}

/** The full life: see the file comment. */
export async function runScenario(chain: TestChain): Promise<ScenarioResult> {
  const actors = new Actors(chain);
  await actors.fund();
  for (let i = 0; i < 4; i++) await actors.registerNode(i);
  const a = await actors.storeFile("a", [0, 1], [2, 3]);
  const b = await actors.storeFile("b", [2], [], {
    privilege: 2,
    whitelist: [
      { addr: actors.other.address, fromHeight: 0n, toHeight: 1_000_000n },
      { addr: actors.reporter.address, fromHeight: 5n, toHeight: 500n },
    ],
  });
  await (await actors.as(actors.owner).whitelist.removeRules(b.fileHash, [actors.reporter.address])).wait();
  await actors.prove(a, 0);
  await actors.prove(b, 2);
  await actors.missAndReport(a, 1); // node 2 takes over from node 1
  await actors.prove(a, 0);
  await (await actors.as(actors.nodes[0]).ledger.claimRewards(actors.nodes[0].address)).wait();
  await (await actors.as(actors.owner).ledger.setPrivilege(a.fileHash, 0)).wait();
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
  return { actors, a, b, channelId: opened.args.channelId as string };
}

/** A fresh test chain that has lived through runScenario. */
export async function scenarioChain(): Promise<{ chain: TestChain; scenario: ScenarioResult }> {
  const chain = await TestChain.start();
  return { chain, scenario: await runScenario(chain) };
}
