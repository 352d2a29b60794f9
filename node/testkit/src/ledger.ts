/**
 * Test helpers (not a test file): one real `hardhat node` with the contracts deployed, shared by
 * every ledger and CLI suite of a mocha run (starting one takes ~13 s), and funded wallets.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getBytes, hexlify, keccak256, parseEther, sha256, toUtf8Bytes, type Signer } from "ethers";
import { MemoryPdpTree, type PdpTree } from "@dsp/core";
import { provingParams, storeFile, type UploadOption } from "@dsp/ledger";
import { registerNode } from "@dsp/ledger";
import { TestChain } from "./chain.js";
import { acceptOffer, proveNodePeriod, recoverSlot, reportMissedPeriod, type MissReport, type NodeProof } from "./proving.js";
import { createWallet } from "@dsp/core";
import type { KeyPair } from "@dsp/core";
import { Ledger, walletSigner } from "@dsp/ledger";

export { TestChain };

/** Cheap scrypt for test wallets (the default costs ~0.1 s per open). */
export const FAST_KDF = { n: 1024, r: 8, p: 1 };
export const PASSWORD = "correct horse battery staple";

let chain: Promise<TestChain> | undefined;

/** The run's chain, started on first use and stopped after the last test. */
export function sharedChain(): Promise<TestChain> {
  return (chain ??= TestChain.start());
}

after(async () => {
  if (chain) await (await chain).stop();
});

let devIndex = 10;

export interface TestAccount {
  path: string;
  pair: KeyPair;
  address: string;
  ledger: Ledger;
}

/**
 * A new wallet file under `dir` whose account has 10 ETH and `dsp` DSP (minted by the deployer),
 * with a ledger client signing as it.
 */
export async function fundedAccount(c: TestChain, dir: string, dsp = parseEther("1000000"), name = `w${devIndex}`): Promise<TestAccount> {
  const file = path.join(dir, `${name}-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
  const pair = await createWallet(file, PASSWORD, { kdf: FAST_KDF });
  const signer = await walletSigner(file, PASSWORD);
  const address = await signer.getAddress();
  // Dev accounts 10-19 pay the ETH in turn, so no one of them runs dry.
  const payer = c.signer(devIndex++ % 10 + 10);
  await (await payer.sendTransaction({ to: address, value: parseEther("10") })).wait();
  if (dsp > 0n) await mint(c, address, dsp);
  const ledger = await Ledger.connect({ rpcUrl: c.url, deployments: c.deployments, signer, pollingIntervalMs: 20 });
  return { path: file, pair, address, ledger };
}

export async function mint(c: TestChain, to: string, amount: bigint) {
  const admin = await Ledger.connect({ rpcUrl: c.url, deployments: c.deployments, signer: c.signer(0) as unknown as Signer, pollingIntervalMs: 20 });
  try {
    await (await admin.contracts.token.mint(to, amount)).wait();
  } finally {
    admin.destroy();
  }
}

/** Runs `p`, which must fail, and returns its error. */
export async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

/** Registers `node` with room for small files, for tests that store some. */
export async function registerTestNode(node: TestAccount, port = 4001) {
  return registerNode(node.ledger, { hostAddr: `/ip4/127.0.0.1/tcp/${port}`, volume: 64n << 20n, serviceTime: 10_000_000n });
}

export interface TestFile {
  /** keccak256(abi.encode(owner, fileHash)): what every ledger call about the file takes */
  dealId: string;
  fileHash: string;
  tree: MemoryPdpTree;
  data: Uint8Array;
}

/**
 * The PDP trees of the deals this process stored through storeTestFile, by deal id: what an honest
 * holder keeps. proveTestNode and acceptTestDeal read them.
 */
export const testTrees = new Map<string, PdpTree>();

export interface StoreTestFileOptions {
  /** fields of the UploadOption to change (expiry defaults to 200 blocks from now, proveInterval to the proving period) */
  option?: Partial<UploadOption>;
  size?: number;
  candidates?: string[];
  /** whether the offered nodes given as accounts accept at once (default true); addresses can only be offered */
  accept?: boolean;
}

/**
 * Stores `size` pseudo-random bytes (from `seed`) pay-per-file, offered to `offered` (copyNum + 1
 * nodes); each offered TestAccount then accepts unless `accept` is false. `chain` is needed to accept
 * (a node whose set is frozen proves first).
 */
export async function storeTestFile(
  chain: TestChain,
  owner: TestAccount,
  offered: (TestAccount | string)[],
  seed: string,
  opts: StoreTestFileOptions = {},
): Promise<TestFile> {
  const size = opts.size ?? 4096;
  let h = getBytes(keccak256(toUtf8Bytes(seed)));
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i += 32, h = getBytes(keccak256(h))) data.set(h.subarray(0, Math.min(32, size - i)), i);
  const tree = new MemoryPdpTree(data);
  const fileHash = keccak256(data);
  const head = await owner.ledger.head();
  const { provingPeriod } = await provingParams(owner.ledger);
  const { dealId } = await storeFile(owner.ledger, {
    option: {
      fileDesc: `file ${seed}`, fileSize: BigInt(size), proveInterval: provingPeriod, expiredHeight: head + 200n, privilege: 1, copyNum: offered.length - 1,
      encrypt: false, registerDns: false, bindDns: false, dnsUrl: "", whitelist: [], share: false, storageType: 1, ...opts.option,
    },
    commit: { fileHash, blocksRoot: sha256(data), dataRoot: hexlify(tree.root), blockNum: 1n, blockSize: 262144n },
    offered: offered.map((n) => (typeof n === "string" ? n : n.address)),
    candidates: opts.candidates,
  });
  testTrees.set(dealId, tree);
  if (opts.accept !== false) {
    for (const n of offered) if (typeof n !== "string") await acceptTestDeal(chain, n, dealId);
  }
  return { dealId, fileHash, tree, data };
}

/** `node` accepts its offer in `dealId` (proving its current period first if its set is frozen). */
export function acceptTestDeal(chain: TestChain, node: TestAccount, dealId: string) {
  return acceptOffer(chain, node.ledger.contracts, node.address, dealId, (id) => testTrees.get(id));
}

/** `node` proves its current period from the trees of the deals it holds (mining to its window). */
export function proveTestNode(chain: TestChain, node: TestAccount): Promise<NodeProof> {
  return proveNodePeriod(chain, node.ledger.contracts, node.address, (id) => testTrees.get(id));
}

/** Mines past `node`'s deadline and has `reporter` report the missed period. */
export function reportTestMiss(chain: TestChain, reporter: TestAccount, node: TestAccount | string): Promise<MissReport> {
  return reportMissedPeriod(chain, reporter.ledger.contracts, typeof node === "string" ? node : node.address);
}

/** `by` recovers faulted `node`'s slot in `dealId` to the next candidate. */
export function recoverTestDeal(by: TestAccount, dealId: string, node: TestAccount | string) {
  return recoverSlot(by.ledger.contracts, dealId, typeof node === "string" ? node : node.address);
}

export interface AccountsFixture {
  chain: TestChain;
  dir: string;
  accounts: TestAccount[];
}

/**
 * Registers mocha hooks that give the suite the shared chain and `count` funded accounts (each
 * with `dsp` DSP) in a temporary folder, and release them after the suite.
 */
export function withAccounts(prefix: string, count: number, dsp?: bigint): AccountsFixture {
  const f = { dir: "", accounts: [] } as unknown as AccountsFixture;
  let tmp: ReturnType<typeof tempDir> | undefined;
  before(async () => {
    f.chain = await sharedChain();
    tmp = tempDir(prefix);
    f.dir = tmp.dir;
    for (let i = 0; i < count; i++) f.accounts.push(await fundedAccount(f.chain, tmp.dir, dsp));
  });
  after(() => {
    for (const a of f.accounts) a.ledger.destroy();
    tmp?.cleanup();
  });
  return f;
}

export function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
