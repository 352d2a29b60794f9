/**
 * Accounts on the chain: binding a key in the AccountRegistry (so its DSP address resolves to its
 * EVM address), looking accounts up either way, and balances.
 */
import { getBytes, hexlify, ZeroAddress } from "ethers";
import { decodeDspAddress, encodeDspAddress } from "@dsp/core";
import { evmAddressOf, type KeyPair } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import type { Ledger } from "./connect.js";
import { ContractRevertError } from "./errors.js";
import { evmAddress } from "./input.js";
import { query, transact, type TxOptions } from "./tx.js";

const BIND = { what: "bind account", code: 50016, table: "rest_error" } as const;
const LOOKUP = { what: "look up account", code: 40007, table: "rest_error" } as const;

export interface AccountInfo {
  evmAddress: string;
  /** Base58 DSP address, or null while the account has not bound its key. */
  dspAddress: string | null;
  /** 33-byte compressed key as 0x-hex, or null while unbound. */
  publicKey: string | null;
}

export interface Balances {
  /** wei of the chain's native coin, which pays gas */
  eth: bigint;
  /** DSP token wei */
  dsp: bigint;
  /** proof rewards earned and not claimed (FS nodes) */
  rewards: bigint;
  /** credit of the prepaid user space (storage type 0) */
  userSpaceCredit: bigint;
}

/** Binds `key` (secp256k1) in the AccountRegistry; anyone may send it, the signer pays the gas. */
export async function bindAccount(ledger: Ledger, key: KeyPair, opts?: TxOptions): Promise<AccountInfo> {
  if (key.curve !== "secp256k1") throw new InvalidParams("only secp256k1 keys have an EVM account to bind");
  ledger.address(BIND.what);
  await transact(BIND, "AccountRegistry", () => ledger.contracts.accounts.bind(key.uncompressedPublicKey), opts);
  return accountInfo(ledger, evmAddressOf(key.publicKey));
}

export async function accountInfo(ledger: Ledger, who: string): Promise<AccountInfo> {
  const evm = evmAddress(who, "account");
  const a = ledger.contracts.accounts;
  const [dsp, key] = await query(LOOKUP, "AccountRegistry", () => Promise.all([a.dspAddressOf(evm), a.publicKeyOf(evm)]));
  const bound = BigInt(dsp) !== 0n;
  return { evmAddress: evm, dspAddress: bound ? encodeDspAddress(getBytes(dsp)) : null, publicKey: bound ? hexlify(key) : null };
}

/**
 * The EVM address of `address`: an 0x address as it is, a DSP address through the registry
 * (AccountNotBound-like failure, 40007, when nobody bound it).
 */
export async function resolveAddress(ledger: Ledger, address: string): Promise<string> {
  if (address.startsWith("0x")) return evmAddress(address, "address");
  const core = hexlify(decodeDspAddress(address)); // InvalidWalletAddress says which check failed
  const evm = await query(LOOKUP, "AccountRegistry", () => ledger.contracts.accounts.evmAddressOf(core));
  if (evm === ZeroAddress) throw new ContractRevertError(LOOKUP.what, "DspAddressNotBound", { dsp: core }, 40007, `no account is bound to DSP address ${address}`, { table: "rest_error" });
  return evm;
}

export async function balances(ledger: Ledger, who: string): Promise<Balances> {
  const evm = evmAddress(who, "account");
  const c = ledger.contracts;
  const [eth, dsp, rewards, space] = await query({ what: "read balances", code: 50023 }, "DSPToken", () =>
    Promise.all([ledger.provider.getBalance(evm), c.token.balanceOf(evm), c.ledger.rewardsOf(evm), c.userSpace.getUserSpace(evm)]),
  );
  return { eth, dsp, rewards, userSpaceCredit: space.balance };
}
