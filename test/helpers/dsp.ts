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
    proveInterval: 10n,
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

/** Stores `file` from `owner` with the given primaries and candidates; expiry relative to now. */
export async function storeFile(
  f: Fixture,
  file: StoredFile,
  primaries: Signer[],
  candidates: Signer[] = [],
  owner: Signer = f.owner,
  lifetime = 100n,
) {
  if (file.option.storageType === 1 && BigInt(file.option.expiredHeight) === 0n) {
    file.option.expiredHeight = BigInt(await ethers.provider.getBlockNumber()) + 1n + lifetime;
  }
  return f.ledger
    .connect(owner)
    .storeFile(file.option, file.commit, await addrs(primaries), await addrs(candidates));
}

export async function addrs(signers: Signer[]) {
  return Promise.all(signers.map((s) => s.getAddress()));
}

/** Mines until `node`'s next challenge of `fileHash` is open (its block hash exists). */
export async function openChallenge(f: Fixture, fileHash: string, node: Signer) {
  const [height] = await f.verifier.challengeOf(fileHash, await node.getAddress());
  const now = BigInt(await ethers.provider.getBlockNumber());
  // eth_call runs at the latest block, so the seed is visible once the challenge block is mined over.
  if (now <= height) await mine(height - now + 1n);
  return f.verifier.challengeOf(fileHash, await node.getAddress());
}

/** Builds the proof a node holding `tree` would send for its current challenge. */
export async function buildCurrentProof(f: Fixture, fileHash: string, node: Signer, tree: PdpTree) {
  const [, , , indices] = await openChallenge(f, fileHash, node);
  return pdp().buildProof(tree, indices.map(Number));
}

export async function proveNow(f: Fixture, file: StoredFile, node: Signer) {
  const { leaves, proof } = await buildCurrentProof(f, file.fileHash, node, file.tree);
  return f.verifier.connect(node).prove(file.fileHash, leaves, proof);
}

/** Mines past `node`'s current proof window. */
export async function missWindow(f: Fixture, fileHash: string, node: Signer) {
  const [, deadline] = await f.verifier.challengeOf(fileHash, await node.getAddress());
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (now <= deadline) await mine(deadline - now + 1n);
}

export type { DspContracts };
