/** Fixtures and actions shared by the ledger tests: real contracts, real proofs from real bytes. */
import { createCipheriv, createHash } from "node:crypto";
import { ethers } from "hardhat";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer } from "ethers";
import { deployDsp, DEVNET_PARAMS, type DspContracts } from "../../scripts/lib/deploy-dsp";
import { pdp, type PdpTree } from "./pdp";
import type { UploadOptionStruct, FileCommitStruct } from "../../typechain-types/contracts/files/FileLedger";

export const E18 = 10n ** 18n;
export const GIB = 1n << 30n;
export const NODE_VOLUME = 4n * GIB;
export const SETTINGS = DEVNET_PARAMS.ledger;

/** Deterministic pseudo-random bytes (AES-256-CTR keystream keyed by the seed), so failures reproduce. */
export function randomBytes(n: number, seed = "dsp"): Uint8Array {
  const key = createHash("sha256").update(seed).digest();
  return new Uint8Array(createCipheriv("aes-256-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(n)));
}

export async function deployFixture() {
  const signers = await ethers.getSigners();
  const [admin, owner, other, reporter, ...rest] = signers;
  const nodes = rest.slice(0, 6);
  const c = await deployDsp(admin);
  const volume = NODE_VOLUME;
  const pledge = await c.registry.requiredPledge(volume);
  for (const s of [owner, other, reporter, ...nodes]) {
    await c.token.mint(s.address, 1_000_000n * E18);
  }
  for (const n of nodes) {
    await c.token.connect(n).approve(await c.registry.getAddress(), ethers.MaxUint256);
  }
  await c.token.connect(owner).approve(await c.ledger.getAddress(), ethers.MaxUint256);
  await c.token.connect(other).approve(await c.ledger.getAddress(), ethers.MaxUint256);
  return { ...c, admin, owner, other, reporter, nodes, volume, pledge };
}

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

export async function registerNodes(f: Fixture, count: number, volume = NODE_VOLUME, serviceTime = 10_000_000n) {
  for (let i = 0; i < count; i++) {
    await f.registry.connect(f.nodes[i]).register(`/ip4/127.0.0.1/tcp/${4001 + i}`, volume, serviceTime);
  }
  return f.nodes.slice(0, count);
}

export interface StoredFile {
  fileHash: string;
  data: Uint8Array;
  tree: PdpTree;
  option: UploadOptionStruct;
  commit: FileCommitStruct;
}

export function makeFile(data: Uint8Array, over: Partial<UploadOptionStruct> = {}, tree: PdpTree = new (pdp().MemoryPdpTree)(data)) {
  const option: UploadOptionStruct = {
    fileDesc: ethers.toUtf8Bytes("a test file"),
    fileSize: BigInt(data.length),
    proveInterval: 20n,
    expiredHeight: 0n,
    privilege: 1,
    copyNum: 1,
    encrypt: false,
    registerDns: false,
    bindDns: false,
    dnsUrl: "",
    whitelist: [],
    share: false,
    storageType: 1,
    ...over,
  };
  const commit: FileCommitStruct = {
    fileHash: ethers.keccak256(ethers.concat([data, ethers.toUtf8Bytes(String(over.fileDesc ?? ""))])),
    blocksRoot: ethers.sha256(data),
    dataRoot: ethers.hexlify(tree.root),
    blockNum: BigInt(Math.max(1, Math.ceil(data.length / 262144))),
    blockSize: 262144n,
  };
  return { fileHash: commit.fileHash as string, data, tree, option, commit };
}

/** Stores `file` from `owner`, offering it to `offered` with `candidates` behind; expiry relative to now. */
export async function storeFile(
  f: Fixture,
  file: StoredFile,
  offered: Signer[],
  candidates: Signer[] = [],
  owner: Signer = f.owner,
  lifetime = 200n,
) {
  if (file.option.storageType === 1 && BigInt(file.option.expiredHeight) === 0n) {
    file.option.expiredHeight = BigInt(await ethers.provider.getBlockNumber()) + 1n + lifetime;
  }
  return f.ledger
    .connect(owner)
    .storeFile(file.option, file.commit, await addrs(offered), await addrs(candidates));
}

/** The deal key of `owner`'s deal for `file` (keccak256(abi.encode(owner, fileHash))). */
export async function dealIdOf(file: StoredFile | string, owner: Signer | string): Promise<string> {
  const who = typeof owner === "string" ? owner : await owner.getAddress();
  const hash = typeof file === "string" ? file : file.fileHash;
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [who, hash]));
}

/** Stores `file` and has every offered node accept it; returns the deal id. */
export async function storeAccepted(
  f: Fixture,
  file: StoredFile,
  offered: Signer[],
  candidates: Signer[] = [],
  owner: Signer = f.owner,
  lifetime = 200n,
): Promise<string> {
  await storeFile(f, file, offered, candidates, owner, lifetime);
  const dealId = await dealIdOf(file, owner);
  for (const n of offered) await acceptWhenOpen(f, dealId, n);
  return dealId;
}

/** Accepts `dealId` as `node`, first mining past the node's frozen range if it is in one. */
export async function acceptWhenOpen(f: Fixture, dealId: string, node: Signer) {
  const addr = await node.getAddress();
  const [, seedFrom, , deadline] = await f.verifier.scheduleOf(addr);
  const [total] = await f.verifier.weightOf(addr);
  const now = BigInt(await ethers.provider.getBlockNumber());
  // The accept transaction lands in block now + 1.
  if (total !== 0n && now + 1n >= seedFrom) {
    throw new Error(`node ${addr} is frozen until its period ending at ${deadline} is proved; prove or report first`);
  }
  return f.ledger.connect(node).acceptDeal(dealId);
}

export async function addrs(signers: Signer[]) {
  return Promise.all(signers.map((s) => s.getAddress()));
}

/** Mines until `node`'s proof window is open (its seed blocks exist) and returns its located challenges. */
export async function openChallenge(f: Fixture, node: Signer | string) {
  const addr = typeof node === "string" ? node : await node.getAddress();
  const [, , opensAfter] = await f.verifier.scheduleOf(addr);
  const now = BigInt(await ethers.provider.getBlockNumber());
  // eth_call runs at the latest block, which must be past the last seed block (opensAfter) for the seed to show.
  if (now <= opensAfter) await mine(opensAfter - now + 1n);
  return f.verifier.challengeOf(addr);
}

/** A piece's data: the PDP tree of the bytes a node stores for it. */
export type PieceTrees = Map<bigint, PdpTree> | ((pieceId: bigint) => PdpTree);

/**
 * The proof a node holding `trees` (by piece id) sends for located `challenges`: the leaves of every
 * challenge not skipped, in order, and each piece's multiproof siblings, piece by piece.
 */
export function buildNodeProof(
  challenges: readonly { pieceId: bigint; leafIndex: bigint; skip: boolean }[],
  trees: PieceTrees,
): { leaves: Uint8Array; proof: Uint8Array } {
  const treeOf = typeof trees === "function" ? trees : (id: bigint) => {
    const t = trees.get(id);
    if (!t) throw new Error(`no tree for piece ${id}`);
    return t;
  };
  const leaves: Uint8Array[] = [];
  const proofs: Uint8Array[] = [];
  for (let i = 0; i < challenges.length; ) {
    let j = i;
    while (j < challenges.length && challenges[j].pieceId === challenges[i].pieceId) j++;
    if (!challenges[i].skip) {
      const part = pdp().buildProof(treeOf(challenges[i].pieceId), challenges.slice(i, j).map((c) => Number(c.leafIndex)));
      leaves.push(part.leaves);
      proofs.push(part.proof);
    }
    i = j;
  }
  return { leaves: ethers.getBytes(ethers.concat(leaves.length ? leaves : ["0x"])), proof: ethers.getBytes(ethers.concat(proofs.length ? proofs : ["0x"])) };
}

/** Piece id -> tree for every deal `node` holds among `files` (owner `owner`), from the DealAccepted logs. */
export async function piecesOf(f: Fixture, node: Signer | string, files: StoredFile[], owner: Signer | string = f.owner) {
  const addr = typeof node === "string" ? node : await node.getAddress();
  const map = new Map<bigint, PdpTree>();
  for (const file of files) {
    const dealId = await dealIdOf(file, owner);
    const [nodes, slots] = await f.ledger.holdersOf(dealId).catch(() => [[], []] as [string[], { status: bigint; pieceId: bigint }[]]);
    const k = nodes.findIndex((n: string) => n === addr);
    if (k >= 0 && slots[k].status === 2n) map.set(slots[k].pieceId, file.tree);
  }
  return map;
}

/** Opens `node`'s window and proves its current period holding `trees`. */
export async function proveNow(f: Fixture, node: Signer, trees: PieceTrees) {
  const [, , challenges] = await openChallenge(f, node);
  const { leaves, proof } = buildNodeProof(challenges, trees);
  return f.verifier.connect(node).prove(leaves, proof);
}

/** Mines past `node`'s current deadline. */
export async function missWindow(f: Fixture, node: Signer | string) {
  const addr = typeof node === "string" ? node : await node.getAddress();
  const [, , , deadline] = await f.verifier.scheduleOf(addr);
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (now <= deadline) await mine(deadline - now + 1n);
}

/** Runs a governance call through the deployment's timelock (devnet delay 0): schedule, then execute. */
export async function govern(f: Fixture, target: { getAddress(): Promise<string> }, data: string) {
  const to = await target.getAddress();
  const salt = ethers.hexlify(ethers.randomBytes(32));
  const delay = await f.timelock.getMinDelay();
  await f.timelock.connect(f.admin).schedule(to, 0, data, ethers.ZeroHash, salt, delay);
  if (delay > 0n) await ethers.provider.send("evm_increaseTime", [Number(delay)]);
  return f.timelock.connect(f.admin).execute(to, 0, data, ethers.ZeroHash, salt);
}

export type { DspContracts };
