/**
 * The signed envelope (the spec's Message): what a sender seals and a receiver opens.
 *
 * The account key signs, not the libp2p key, because the spec's peers are accounts: a receiver
 * checks that `sender.net_key` gives the DSP address in `sender.address`, and that the signature
 * verifies under that key. The signed bytes bind every header field, the inner message (by its
 * sha256, so a 2 MiB BlockFlights costs one native hash and one signature, not a signature over
 * megabytes in JavaScript) and the libp2p peer id of the sending connection. That last binding
 * means a message lifted from one connection cannot be replayed on another, and noise already
 * authenticates the peer id, so within a connection only the nonce window (replay.ts) is needed.
 */
import { createHash } from "node:crypto";
import { Uint8ArrayList } from "uint8arraylist";
import { dsp } from "./proto.js";
import { dspAddressOf, KeyPair, type SchemeName, sign } from "@dsp/core";
import { verifyFast } from "@dsp/core";
import { MessageRejected } from "./errors.js";
import { envelopeAround } from "./flights.js";

const DOMAIN = new TextEncoder().encode("DSP-P2P-Message-v1");

/** The header fields of a message (everything but the body and the sender). */
export interface MessageHeader {
  networkId: number;
  opcode: number;
  requestNonce: number;
  messageNonce: number;
  replyFlag: boolean;
  needAck: boolean;
  messageId: string;
}

/** A message that passed every check. */
export interface OpenedMessage extends MessageHeader {
  body: Uint8Array;
  /** The sender's DSP address, checked against its key. */
  senderAddress: string;
  senderKey: Uint8Array;
}

/** Who seals: the account key, its signature mode and the local libp2p peer id. */
export interface Sealer {
  account: KeyPair;
  scheme: SchemeName;
  address: string;
  peerId: Uint8Array;
}

export function sealerOf(account: KeyPair, peerId: Uint8Array, scheme?: SchemeName): Sealer {
  return {
    account,
    scheme: scheme ?? (account.curve === "ed25519" ? "SHA512withEdDSA" : "SHA256withECDSA"),
    address: dspAddressOf(account.publicKey),
    peerId,
  };
}

/** The bytes the signature covers. */
export function signingBytes(h: MessageHeader, body: Uint8Array | Uint8ArrayList, peerId: Uint8Array): Uint8Array {
  const id = new TextEncoder().encode(h.messageId);
  const out = new Uint8Array(DOMAIN.length + 4 + 4 + 8 + 8 + 1 + 2 + id.length + 2 + peerId.length + 32);
  const view = new DataView(out.buffer);
  let o = 0;
  out.set(DOMAIN, o);
  o += DOMAIN.length;
  view.setUint32(o, h.networkId >>> 0, true);
  view.setUint32((o += 4), h.opcode >>> 0, true);
  view.setBigUint64((o += 4), BigInt(h.requestNonce), true);
  view.setBigUint64((o += 8), BigInt(h.messageNonce), true);
  out[(o += 8)] = (h.replyFlag ? 1 : 0) | (h.needAck ? 2 : 0);
  view.setUint16((o += 1), id.length, true);
  out.set(id, (o += 2));
  view.setUint16((o += id.length), peerId.length, true);
  out.set(peerId, (o += 2));
  const digest = createHash("sha256");
  if (body instanceof Uint8Array) digest.update(body);
  else for (const chunk of body) digest.update(chunk);
  out.set(digest.digest(), o + peerId.length);
  return out;
}

/** The encoded Message for `body` (the inner message's protobuf bytes, not copied). */
export function seal(sealer: Sealer, h: MessageHeader, body: Uint8Array | Uint8ArrayList): Uint8ArrayList {
  const signature = sign(sealer.account, signingBytes(h, body, sealer.peerId), sealer.scheme);
  const rest = dsp.Message.encode({
    sender: { netKey: sealer.account.publicKey, address: sealer.address, id: sealer.peerId },
    signature,
    requestNonce: h.requestNonce,
    messageNonce: h.messageNonce,
    replyFlag: h.replyFlag,
    opcode: h.opcode,
    netID: h.networkId,
    MessageID: h.messageId,
    needAck: h.needAck,
  }).finish();
  return envelopeAround(body instanceof Uint8Array ? new Uint8ArrayList(body) : body, rest);
}

/** Key -> address, so a busy peer's address is derived once. */
const addressCache = new Map<string, string>();
function addressOfKey(key: Uint8Array): string {
  const id = Buffer.from(key).toString("hex");
  let address = addressCache.get(id);
  if (address === undefined) {
    address = dspAddressOf(key);
    if (addressCache.size >= 4096) addressCache.delete(addressCache.keys().next().value!);
    addressCache.set(id, address);
  }
  return address;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Decodes and checks an encoded Message that came from the peer `remotePeerId` on network
 * `networkId`. Throws MessageRejected (never fatal: the frame boundaries were fine) naming
 * the first check that failed.
 */
export function open(bytes: Uint8Array, networkId: number, remotePeerId: Uint8Array): OpenedMessage {
  let m: dsp.Message;
  try {
    m = dsp.Message.decode(bytes);
  } catch (cause) {
    throw new MessageRejected("bad-protobuf", `envelope: ${(cause as Error).message}`, { cause });
  }
  if (m.netID !== networkId >>> 0) throw new MessageRejected("wrong-network", `envelope network id ${m.netID}, ours is ${networkId}`);
  const sender = m.sender;
  if (!sender?.netKey?.length || !sender.address || !sender.id) throw new MessageRejected("bad-sender", "no sender key, address or peer id");
  if (!sameBytes(sender.id, remotePeerId)) throw new MessageRejected("bad-sender", "sender peer id is not the connection's peer");
  let address: string;
  try {
    address = addressOfKey(sender.netKey);
  } catch (cause) {
    throw new MessageRejected("bad-sender", `sender key: ${(cause as Error).message}`, { cause });
  }
  if (address !== sender.address) throw new MessageRejected("bad-sender", `key gives ${address}, message claims ${sender.address}`);
  const h: MessageHeader = {
    networkId: m.netID,
    opcode: m.opcode,
    requestNonce: m.requestNonce,
    messageNonce: m.messageNonce,
    replyFlag: m.replyFlag,
    needAck: m.needAck,
    messageId: m.MessageID,
  };
  if (!verifyFast(sender.netKey, signingBytes(h, m.message, sender.id), m.signature)) {
    throw new MessageRejected("bad-signature", `signature by ${address} does not verify`);
  }
  return { ...h, body: m.message, senderAddress: address, senderKey: sender.netKey };
}
