/**
 * A SCAN tracker announcement: an endpoint (an FS node, or a client seeding what it downloaded)
 * states, signed with its account key, at which libp2p address it serves which files. This module
 * defines the bytes that are signed and checks everything that needs no database; the indexer
 * (indexer/tracker/tracker.ts) adds the checks that do (replay, files on chain). The FS node
 * imports it to sign.
 *
 * Semantics: an announcement is the endpoint's whole list. A newer one replaces the older one
 * (files, address) rather than adding to it, so every SCAN server that has seen the same set of
 * announcements holds the same state whatever order they arrived in: the newest per endpoint. An
 * empty list withdraws the endpoint.
 *
 * The signed bytes (big-endian integers, every variable field length-prefixed so no two
 * announcements share an encoding):
 *
 *   "DSP SCAN announcement 1" 0x00       domain tag: these bytes mean nothing elsewhere
 *   u32 chainId                          an announcement for one network is void on another
 *   u8 len | public key                  canonical: 33-byte compressed secp256k1 or 32-byte Ed25519
 *   u8 len | wallet address (UTF-8)      the DSP address of that key
 *   u16 len | host address (UTF-8)       a libp2p multiaddr
 *   u8 type                              the spec's Endpoint.type (ENDPOINT_TYPE)
 *   u16 count | count x 32-byte hashes   ascending, no repeats: one set, one encoding
 *   u64 timestamp (ms since the epoch)
 *   u32 ttl (ms)
 *
 * and the signature is node/core/src/crypto's (scheme id || signature), in any of the spec's eight modes.
 */
import { multiaddr } from "@multiformats/multiaddr";
import {
  InvalidWalletAddress, KeyPair, decodeDspAddress, dspAddressOf, parseHex, parsePublicKey, parseSignature, sign, toHex, verify,
  type SchemeName,
} from "../crypto/index.js";
import { InvalidAnnouncement } from "./errors.js";

/** What an endpoint is, in the spec's Endpoint.type (the spec leaves the values open; these are ours). */
export const ENDPOINT_TYPE = { FS_NODE: 0, SEEDER: 1 } as const;
/** Files one announcement may list: 32 KiB of hashes, and one SQLite statement's worth of rows. */
export const MAX_ANNOUNCED_FILES = 1024;
export const MIN_TTL_MS = 10_000;
export const MAX_TTL_MS = 24 * 3600_000;
export const DEFAULT_TTL_MS = 3600_000;
/** How far an announcement's clock may run ahead of ours. */
export const MAX_CLOCK_SKEW_MS = 60_000;
const MAX_HOST_ADDR = 512;
const DOMAIN = new TextEncoder().encode("DSP SCAN announcement 1\0");

export interface Announcement {
  chainId: number;
  /** Hex, 0x-prefixed: the canonical form parsePublicKey gives. */
  publicKey: string;
  /** The DSP address of publicKey. */
  walletAddr: string;
  /** libp2p multiaddr the endpoint serves at. */
  hostAddr: string;
  type: number;
  /** 0x + 64 lowercase hex digits each, ascending, no repeats. */
  fileHashes: string[];
  /** Milliseconds since the epoch, by the announcer's clock. */
  timestamp: number;
  /** Milliseconds the announcement stays valid after timestamp. */
  ttl: number;
  /** Hex, 0x-prefixed: scheme id || signature over announcementBytes. */
  signature: string;
}

export type UnsignedAnnouncement = Omit<Announcement, "signature">;

const HASH = /^0x[0-9a-f]{64}$/;
const malformed = (what: string) => new InvalidAnnouncement("MALFORMED", what);

/** The bytes an announcement's signature covers (see the file comment). Checks the shape first. */
export function announcementBytes(a: UnsignedAnnouncement): Uint8Array {
  checkShape(a);
  const key = canonicalKey(a.publicKey);
  const wallet = new TextEncoder().encode(a.walletAddr);
  const host = new TextEncoder().encode(a.hostAddr);
  const out = new Uint8Array(DOMAIN.length + 4 + 1 + key.length + 1 + wallet.length + 2 + host.length + 1 + 2 + 32 * a.fileHashes.length + 8 + 4);
  const view = new DataView(out.buffer);
  let at = 0;
  const put = (bytes: Uint8Array) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  put(DOMAIN);
  view.setUint32(at, a.chainId);
  at += 4;
  out[at++] = key.length;
  put(key);
  out[at++] = wallet.length;
  put(wallet);
  view.setUint16(at, host.length);
  at += 2;
  put(host);
  out[at++] = a.type;
  view.setUint16(at, a.fileHashes.length);
  at += 2;
  for (const h of a.fileHashes) put(parseHex(h, "file hash"));
  view.setBigUint64(at, BigInt(a.timestamp));
  at += 8;
  view.setUint32(at, a.ttl);
  return out;
}

export interface AnnounceFields {
  chainId: number;
  hostAddr: string;
  fileHashes: string[];
  type?: number;
  /** Default: now. */
  timestamp?: number;
  /** Default DEFAULT_TTL_MS. */
  ttl?: number;
}

/** Signs an announcement with `key` (the endpoint's account key); file hashes are sorted and lowercased here. */
export function signAnnouncement(key: KeyPair, fields: AnnounceFields, scheme?: SchemeName | number): Announcement {
  const unsigned: UnsignedAnnouncement = {
    chainId: fields.chainId,
    publicKey: toHex(key.publicKey),
    walletAddr: dspAddressOf(key.publicKey),
    hostAddr: fields.hostAddr,
    type: fields.type ?? ENDPOINT_TYPE.FS_NODE,
    fileHashes: [...new Set(fields.fileHashes.map((h) => h.toLowerCase()))].sort(),
    timestamp: fields.timestamp ?? Date.now(),
    ttl: fields.ttl ?? DEFAULT_TTL_MS,
  };
  const s = sign(key, announcementBytes(unsigned), scheme ?? (key.curve === "ed25519" ? "SHA512withEdDSA" : "SHA256withECDSA"));
  return { ...unsigned, signature: toHex(s) };
}

/**
 * Everything about an announcement that needs no database: its shape, the network, that the
 * address is the key's, the signature, and that `now` lies in [timestamp - skew, timestamp + ttl).
 * Returns it with the key in canonical form; throws InvalidAnnouncement or InvalidWalletAddress.
 */
export function verifyAnnouncement(a: Announcement, opts: { chainId: number; now: number }): Announcement {
  const bytes = announcementBytes(a);
  if (a.chainId !== opts.chainId) throw new InvalidAnnouncement("WRONG_CHAIN", `signed for chain ${a.chainId}, this SCAN serves chain ${opts.chainId}`);
  decodeDspAddress(a.walletAddr); // says what is wrong with a malformed address
  const publicKey = toHex(canonicalKey(a.publicKey));
  if (dspAddressOf(publicKey) !== a.walletAddr) {
    throw new InvalidWalletAddress(`${a.walletAddr} is not the address of public key ${publicKey}`);
  }
  let signature: Uint8Array;
  try {
    signature = parseHex(a.signature, "signature");
    parseSignature(signature);
  } catch (e) {
    throw new InvalidAnnouncement("BAD_SIGNATURE", e instanceof Error ? e.message : String(e));
  }
  if (!verify(publicKey, bytes, signature)) throw new InvalidAnnouncement("BAD_SIGNATURE", `the signature is not ${a.walletAddr}'s over this announcement`);
  if (a.timestamp > opts.now + MAX_CLOCK_SKEW_MS) {
    throw new InvalidAnnouncement("FUTURE", `timestamp ${a.timestamp} is ${a.timestamp - opts.now} ms ahead of this server's clock (at most ${MAX_CLOCK_SKEW_MS})`);
  }
  if (a.timestamp + a.ttl <= opts.now) throw new InvalidAnnouncement("EXPIRED", `expired at ${a.timestamp + a.ttl}, now ${opts.now}`);
  return { ...a, publicKey };
}

/** When the announcement stops counting. */
export const expiresAt = (a: Pick<Announcement, "timestamp" | "ttl">) => a.timestamp + a.ttl;

function canonicalKey(publicKey: string): Uint8Array {
  try {
    return parsePublicKey(publicKey).publicKey;
  } catch (e) {
    throw malformed(e instanceof Error ? e.message : String(e));
  }
}

function checkShape(a: UnsignedAnnouncement) {
  if (a === null || typeof a !== "object") throw malformed("not an object");
  if (!Number.isInteger(a.chainId) || a.chainId < 0 || a.chainId > 0xffff_ffff) throw malformed(`chainId ${a.chainId} is not a uint32`);
  if (typeof a.publicKey !== "string") throw malformed("publicKey is not a hex string");
  if (typeof a.walletAddr !== "string" || a.walletAddr.length > 64) throw new InvalidWalletAddress("not a string of at most 64 characters");
  if (typeof a.hostAddr !== "string" || a.hostAddr.length === 0 || a.hostAddr.length > MAX_HOST_ADDR) throw malformed(`hostAddr must have 1 to ${MAX_HOST_ADDR} characters`);
  let parsed: string;
  try {
    parsed = multiaddr(a.hostAddr).toString();
  } catch (e) {
    throw malformed(`hostAddr "${a.hostAddr}" is not a multiaddr: ${e instanceof Error ? e.message : e}`);
  }
  // A multiaddr that does not print back as given has another canonical form; keep one per address.
  if (parsed !== a.hostAddr || parsed === "/") throw malformed(`hostAddr "${a.hostAddr}" is not a canonical multiaddr (its canonical form is "${parsed}")`);
  if (!Number.isInteger(a.type) || a.type < 0 || a.type > 255) throw malformed(`type ${a.type} is not a uint8`);
  if (!Array.isArray(a.fileHashes)) throw malformed("fileHashes is not a list");
  if (a.fileHashes.length > MAX_ANNOUNCED_FILES) throw malformed(`${a.fileHashes.length} file hashes, at most ${MAX_ANNOUNCED_FILES} per announcement`);
  a.fileHashes.forEach((h, i) => {
    if (typeof h !== "string" || !HASH.test(h)) throw malformed(`file hash ${JSON.stringify(h)} is not 0x and 64 lowercase hex digits`);
    if (i > 0 && h <= a.fileHashes[i - 1]) throw malformed("file hashes must be ascending with no repeats");
  });
  if (!Number.isSafeInteger(a.timestamp) || a.timestamp < 0) throw malformed(`timestamp ${a.timestamp} is not a whole number of milliseconds`);
  if (!Number.isInteger(a.ttl) || a.ttl < MIN_TTL_MS || a.ttl > MAX_TTL_MS) throw malformed(`ttl ${a.ttl} ms is outside [${MIN_TTL_MS}, ${MAX_TTL_MS}]`);
}
