/**
 * A signed announcement (tracker/announcement.ts) as the ScanAnnouncement protobuf carries it:
 * keys, hashes and signature as bytes. Nothing is checked here: the receiver verifies the
 * announcement it rebuilds, whose bytes are exactly what the endpoint signed.
 */
import { parseHex, toHex } from "@dsp/core";
import type { dsp } from "@dsp/p2p";
import type { Announcement } from "@dsp/core";

export function toWire(a: Announcement): dsp.ScanAnnouncement.$Properties {
  return {
    chainId: a.chainId, publicKey: parseHex(a.publicKey, "public key"), walletAddr: a.walletAddr, hostAddr: a.hostAddr, type: a.type,
    fileHashes: a.fileHashes.map((h) => parseHex(h, "file hash")), timestamp: a.timestamp, ttl: a.ttl, signature: parseHex(a.signature, "signature"),
  };
}

/** A decoded message leaves absent fields at their proto3 defaults; they are spelled out here for the types. */
export function fromWire(w: dsp.ScanAnnouncement.$Properties): Announcement {
  const none = new Uint8Array(0);
  return {
    chainId: w.chainId ?? 0, publicKey: toHex(w.publicKey ?? none), walletAddr: w.walletAddr ?? "", hostAddr: w.hostAddr ?? "", type: w.type ?? 0,
    fileHashes: (w.fileHashes ?? []).map((h) => toHex(h)), timestamp: Number(w.timestamp ?? 0), ttl: w.ttl ?? 0, signature: toHex(w.signature ?? none),
  };
}
