/**
 * Payment channel vouchers, off-chain: EIP-712 typed data `Voucher(bytes32 channelId,uint256
 * cumulativeAmount)` under the domain {name "DSP PaymentChannels", version "1", chainId,
 * verifyingContract}, exactly what PaymentChannels.hashVoucher digests. Pure functions: the
 * downloader signs one per batch of blocks, the seeder verifies it before serving more.
 */
import { getBytes, hexlify, TypedDataEncoder, isHexString, type TypedDataDomain } from "ethers";
import type { KeyPair } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import { bytes32, evmAddress, uint } from "./input.js";
import { recoverDigestSigner, signDigest } from "./typed-signature.js";

export const VOUCHER_DOMAIN_NAME = "DSP PaymentChannels";
export const VOUCHER_DOMAIN_VERSION = "1";
export const VOUCHER_TYPES = {
  Voucher: [
    { name: "channelId", type: "bytes32" },
    { name: "cumulativeAmount", type: "uint256" },
  ],
};

export interface Voucher {
  channelId: string;
  /** total owed to the recipient since the channel opened, in token wei */
  cumulativeAmount: bigint;
}

export interface SignedVoucher extends Voucher {
  /** 65 bytes r || s || v as 0x-hex */
  signature: string;
}

export function voucherDomain(chainId: bigint | number, channelsContract: string): TypedDataDomain {
  return { name: VOUCHER_DOMAIN_NAME, version: VOUCHER_DOMAIN_VERSION, chainId, verifyingContract: evmAddress(channelsContract, "payment channels contract") };
}

function checked(v: Voucher): Voucher {
  return { channelId: bytes32(v.channelId, "channel id"), cumulativeAmount: uint(v.cumulativeAmount, "cumulative amount", { max: (1n << 256n) - 1n }) };
}

/** The digest the sender signs (equal to PaymentChannels.hashVoucher). */
export function voucherDigest(domain: TypedDataDomain, voucher: Voucher): string {
  return TypedDataEncoder.hash(domain, VOUCHER_TYPES, checked(voucher));
}

/** Signs `voucher` with the channel sender's secp256k1 key. */
export function signVoucher(key: KeyPair, domain: TypedDataDomain, voucher: Voucher): SignedVoucher {
  const v = checked(voucher);
  return { ...v, signature: signDigest(key, voucherDigest(domain, v), "a voucher") };
}

/** The address that signed `signed`; InvalidParams for a malformed or malleable signature. */
export function recoverVoucherSigner(domain: TypedDataDomain, signed: SignedVoucher): string {
  return recoverDigestSigner(voucherDigest(domain, signed), signed.signature, "voucher");
}

/** Whether `signed` carries a valid signature by `sender`; false for anything malformed. */
export function verifyVoucher(domain: TypedDataDomain, signed: SignedVoucher, sender: string): boolean {
  try {
    return recoverVoucherSigner(domain, signed) === evmAddress(sender, "sender");
  } catch {
    return false;
  }
}

/** A signed voucher as JSON (the amount as a decimal string), and back with every field checked. */
export function voucherToJson(v: SignedVoucher): { channelId: string; cumulativeAmount: string; signature: string } {
  return { channelId: v.channelId, cumulativeAmount: v.cumulativeAmount.toString(), signature: hexlify(getBytes(v.signature)) };
}

export function voucherFromJson(json: unknown): SignedVoucher {
  const o = json as Record<string, unknown>;
  if (typeof o !== "object" || o === null || typeof o.channelId !== "string" || typeof o.signature !== "string" || (typeof o.cumulativeAmount !== "string" && typeof o.cumulativeAmount !== "number")) {
    throw new InvalidParams("a voucher is { channelId, cumulativeAmount, signature }");
  }
  if (!isHexString(o.signature, 65)) throw new InvalidParams("a voucher signature is 65 bytes of hex");
  return { ...checked({ channelId: o.channelId, cumulativeAmount: uint(String(o.cumulativeAmount), "cumulative amount", { max: (1n << 256n) - 1n }) }), signature: o.signature.toLowerCase() };
}
