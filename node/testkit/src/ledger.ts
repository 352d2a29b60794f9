/**
 * Test helpers (not a test file): one real `hardhat node` with the contracts deployed, shared by
 * every ledger and CLI suite of a mocha run (starting one takes ~13 s), and funded wallets.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getBytes, hexlify, keccak256, parseEther, sha256, toUtf8Bytes, type Signer } from "ethers";
import { MemoryPdpTree } from "@dsp/core";
import { storeFile, type UploadOption } from "@dsp/ledger";
import { registerNode } from "@dsp/ledger";
import { TestChain } from "./chain.js";
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
  fileHash: string;
  tree: MemoryPdpTree;
}

/** Stores `size` pseudo-random bytes (from `seed`) pay-per-file on `primaries`. */
export async function storeTestFile(owner: TestAccount, primaries: string[], seed: string, over: Partial<UploadOption> = {}, size = 4096): Promise<TestFile> {
  let h = getBytes(keccak256(toUtf8Bytes(seed)));
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i += 32, h = getBytes(keccak256(h))) data.set(h.subarray(0, Math.min(32, size - i)), i);
  const tree = new MemoryPdpTree(data);
  const fileHash = keccak256(data);
  const head = await owner.ledger.head();
  await storeFile(owner.ledger, {
    option: {
      fileDesc: `file ${seed}`, fileSize: BigInt(size), proveInterval: 10n, expiredHeight: head + 200n, privilege: 1, copyNum: primaries.length - 1,
      encrypt: false, registerDns: false, bindDns: false, dnsUrl: "", whitelist: [], share: false, storageType: 1, ...over,
    },
    commit: { fileHash, blocksRoot: sha256(data), dataRoot: hexlify(tree.root), blockNum: 1n, blockSize: 262144n },
    primaryNodes: primaries,
  });
  return { fileHash, tree };
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
