/**
 * Checks of what a caller passes to the ledger client, before anything is sent: bad input gets
 * InvalidParams (40000) or InvalidWalletAddress (40010) and changes nothing on the chain.
 */
import { getAddress, isHexString, parseUnits } from "ethers";
import { InvalidWalletAddress } from "@dsp/core";
import { InvalidParams } from "@dsp/core";

/** A 32-byte hash as 0x-hex (lowercase). */
export function bytes32(value: string, what: string): string {
  const v = value.startsWith("0x") ? value : `0x${value}`;
  if (!isHexString(v, 32)) throw new InvalidParams(`${what} must be 32 bytes of hex, got "${value}"`);
  return v.toLowerCase();
}

/** An EVM address (any case), checksummed. */
export function evmAddress(value: string, what: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new InvalidWalletAddress(`${what}: "${value}" is not a 0x address of 40 hex digits`);
  try {
    return getAddress(value);
  } catch (cause) {
    throw new InvalidWalletAddress(`${what}: "${value}" has a wrong EIP-55 checksum`, { cause });
  }
}

/** A DSP token amount in DSP units ("1.5"), as wei; or wei when given as a bigint. */
export function tokenAmount(value: string | bigint, what: string, { allowZero = false } = {}): bigint {
  let wei: bigint;
  if (typeof value === "bigint") wei = value;
  else {
    if (!/^\d+(\.\d{1,18})?$/.test(value.trim())) throw new InvalidParams(`${what} must be a DSP amount like 10 or 0.5, got "${value}"`);
    wei = parseUnits(value.trim(), 18);
  }
  if (wei < 0n || (!allowZero && wei === 0n)) throw new InvalidParams(`${what} must be ${allowZero ? "at least" : "more than"} 0`);
  return wei;
}

/** A whole number in [min, max] (block heights, sizes, counts), from a string, number or bigint. */
export function uint(value: string | number | bigint, what: string, { min = 0n, max = (1n << 64n) - 1n } = {}): bigint {
  let n: bigint;
  try {
    if (typeof value === "string" && !/^\d+$/.test(value.trim())) throw new Error("not digits");
    n = BigInt(typeof value === "string" ? value.trim() : value);
  } catch {
    throw new InvalidParams(`${what} must be a whole number, got "${value}"`);
  }
  if (n < min || n > max) throw new InvalidParams(`${what} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** The registries' limit on a host address (MAX_HOST_ADDR in NodeRegistry and ScanRegistry). */
export const MAX_HOST_ADDR = 256;

/** A host address (libp2p multiaddr) of 1 to MAX_HOST_ADDR bytes. */
export function hostAddr(value: string | undefined): string {
  const bytes = Buffer.byteLength(value ?? "");
  if (bytes === 0 || bytes > MAX_HOST_ADDR) throw new InvalidParams(`host address must have 1 to ${MAX_HOST_ADDR} bytes, got ${bytes}`);
  return value!;
}
