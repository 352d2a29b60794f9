/**
 * A ledger client: one JSON-RPC provider, the DSP contracts of a deployments file bound to it,
 * and, when a wallet is given, a signer made from the wallet's secp256k1 key (the same key gives
 * the DSP address and the EVM address that sends transactions).
 */
import { JsonRpcProvider, Wallet, hexlify, type Signer } from "ethers";
import {
  AccountRegistry__factory, DNSRegistry__factory, DSPTimelock__factory, DSPToken__factory, FileLedger__factory, FileWhitelist__factory,
  NodeRegistry__factory, PDPVerifier__factory, PaymentChannels__factory, ScanRegistry__factory, UserSpaceLedger__factory,
} from "./contracts.js";
import { readDeployments, type Deployments } from "./deployments.js";
import type { KeyPair } from "@dsp/core";
import { openWallet, type Password } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import { ChainUnavailable, NoDeployments, NoSigner } from "./errors.js";

export interface LedgerOptions {
  /** JSON-RPC endpoint, e.g. http://127.0.0.1:8545. */
  rpcUrl: string;
  /** The deployments record (or a network name read from deployments/<name>.json). */
  deployments: Deployments | string;
  /** Who sends transactions; reads work without one. */
  signer?: Signer;
  /** How often ethers polls for receipts and blocks (ms); 250 unless given, right for a local chain. */
  pollingIntervalMs?: number;
}

/** The DSP contracts of `d`, typed, calling through `runner` (a signer, or a provider for reads). */
export function bindContracts(d: Deployments, runner: Signer | JsonRpcProvider) {
  const c = d.contracts;
  // typechain-types is CommonJS and sees ethers' CommonJS types; ours are the ESM ones (same runtime objects).
  const r = runner as unknown as Parameters<typeof DSPToken__factory.connect>[1];
  return {
    token: DSPToken__factory.connect(c.token, r),
    registry: NodeRegistry__factory.connect(c.registry, r),
    ledger: FileLedger__factory.connect(c.ledger, r),
    userSpace: UserSpaceLedger__factory.connect(c.userSpace, r),
    whitelist: FileWhitelist__factory.connect(c.whitelist, r),
    verifier: PDPVerifier__factory.connect(c.verifier, r),
    accounts: AccountRegistry__factory.connect(c.accounts, r),
    dns: DNSRegistry__factory.connect(c.dns, r),
    channels: PaymentChannels__factory.connect(c.channels, r),
    scanRegistry: ScanRegistry__factory.connect(c.scanRegistry, r),
    /** governance (parameters of the registry, ledger, DNS and SCAN registries); absent from deployments older than ledger v2 */
    timelock: c.timelock ? DSPTimelock__factory.connect(c.timelock, r) : undefined,
  };
}
export type LedgerContracts = ReturnType<typeof bindContracts>;

export class Ledger {
  readonly provider: JsonRpcProvider;
  readonly deployments: Deployments;
  readonly signer?: Signer;
  readonly contracts: LedgerContracts;
  #address?: string;

  private constructor(provider: JsonRpcProvider, deployments: Deployments, signer: Signer | undefined, address: string | undefined) {
    this.provider = provider;
    this.deployments = deployments;
    this.signer = signer;
    this.#address = address;
    this.contracts = bindContracts(deployments, signer ?? provider);
  }

  /**
   * A client on `rpcUrl`. The chain id comes from the deployments file (no network detection, so
   * an unreachable endpoint fails the first call instead of retrying forever), and no answer cache
   * (a cached nonce makes the second of two quick transactions fail). A signer that is
   * connected to another provider is reconnected to this one.
   */
  static async connect(opts: LedgerOptions): Promise<Ledger> {
    const deployments = typeof opts.deployments === "string" ? deploymentsOf(opts.deployments) : opts.deployments;
    const provider = new JsonRpcProvider(opts.rpcUrl, deployments.chainId, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
    provider.pollingInterval = opts.pollingIntervalMs ?? 250;
    let signer = opts.signer;
    if (signer && signer.provider !== provider) signer = signer.connect(provider);
    return new Ledger(provider, deployments, signer, signer ? await signer.getAddress() : undefined);
  }

  /** The EVM address of the signer; NoSigner (40007) on a read-only client. */
  address(what = "this operation"): string {
    if (!this.#address) throw new NoSigner(what);
    return this.#address;
  }

  get hasSigner(): boolean {
    return this.#address !== undefined;
  }

  /** Checks that the endpoint answers with the deployments' chain id (ChainUnavailable otherwise). */
  async checkChain(): Promise<void> {
    let id: string;
    try {
      id = await this.provider.send("eth_chainId", []);
    } catch (cause) {
      throw new ChainUnavailable("connect", `no JSON-RPC answer at ${this.provider._getConnection().url}`, { cause });
    }
    if (Number(id) !== this.deployments.chainId) {
      throw new ChainUnavailable("connect", `the endpoint serves chain ${Number(id)}, the deployments file is for chain ${this.deployments.chainId} (${this.deployments.network})`);
    }
  }

  /** Current block height, straight from the node. */
  async head(): Promise<bigint> {
    return BigInt(await this.provider.send("eth_blockNumber", []));
  }

  destroy(): void {
    this.provider.destroy();
  }
}

/** The deployments of `network`; NoDeployments (40003 NO_DSP) when the file is missing or incomplete. */
function deploymentsOf(network: string): Deployments {
  try {
    return readDeployments(network);
  } catch (e) {
    throw new NoDeployments(network, e);
  }
}

/**
 * An ethers signer holding the key of a wallet file. Wrong password: AccountPasswordWrong
 * (50015); an Ed25519 wallet: InvalidParams, since EVM transactions are signed with secp256k1.
 */
export async function walletSigner(path: string, password: Password): Promise<Wallet> {
  const pair = await openWallet(path, password);
  try {
    return signerOf(pair, path);
  } finally {
    pair.wipe();
  }
}

/** An ethers signer with the key of `pair` (secp256k1 only); `where` names it in errors. */
export function signerOf(pair: KeyPair, where = "the wallet"): Wallet {
  if (pair.curve !== "secp256k1") throw new InvalidParams(`${where} holds an ${pair.curve} key; chain transactions need a secp256k1 one`);
  const secret = pair.exportPrivateKey();
  try {
    return new Wallet(hexlify(secret));
  } finally {
    secret.fill(0);
  }
}
