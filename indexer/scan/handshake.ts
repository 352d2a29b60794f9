/**
 * The members' mutual authentication (spec "SCAN Discovery", node mechanism principle 1:
 * "cryptographic identity rather than IP"). Three messages on a DspHost connection:
 *
 *   dialer    -> ScanHello { chain, registry, nonce: a }
 *   responder -> ScanHello { chain, registry, nonce: b, echo: a }   or a refusal (55057) and goodbye
 *   dialer    -> ScanAuth  { echo: b }                              answered by an empty ack, or a refusal
 *
 * Every P2P message is signed by its sender's account key over its header, its body and the
 * libp2p peer id of the connection (node/p2p/src/envelope.ts), and noise proves that peer id. So a
 * message that echoes a fresh random challenge proves that the account's key holder speaks on
 * this connection now: it cannot be a replay of an earlier one. Each side then checks the other's
 * account (the EVM address of the key that signed) with the ScanRegistry's isMember at the
 * chain's head, and a dialer checks that it reached the account registered at the address it
 * dialed. A non-member is told why (errors.ts) and the connection closed.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { PeerId } from "@libp2p/interface";
import { evmAddressOf, parsePublicKey } from "@dsp/core";
import type { DspHost, Incoming, Reply } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";
import { ScanPeerRefused } from "./errors.js";

const NONCE_BYTES = 32;
/** How long each side of the handshake waits for the other's answer. */
const HANDSHAKE_TIMEOUT = 10_000;
/** Challenges sent and not yet echoed, per peer; more than this means someone is flooding hellos. */
const MAX_OPEN_CHALLENGES = 1024;

export type RegistryStatus = "None" | "Active" | "Quitting";

export interface HandshakeOptions {
  host: DspHost;
  chainId: number;
  /** The ScanRegistry's address, lowercase. */
  registry: string;
  /** The account's status in the ScanRegistry at the chain's head. */
  statusOf(evm: string): Promise<RegistryStatus>;
}

/** An authenticated member on the other end of a connection. */
export interface Member {
  peer: PeerId;
  /** Its DSP address (the envelope's sender) and EVM address (the registry's key), lowercase. */
  address: string;
  evm: string;
}

/** A refusal as the answer to a request, closing the connection once it is written. */
export function refusal(e: ScanPeerRefused): Reply {
  return { opcode: Opcode.AckResponse, message: { code: e.code, reason: e.shortMessage }, hangUp: e.shortMessage };
}

/** The EVM address of the key that signed a message, lowercase; NOT_REGISTERED for a key that has none. */
function evmOf(m: Incoming): string {
  if (parsePublicKey(m.senderKey).curve !== "secp256k1") throw new ScanPeerRefused("NOT_REGISTERED", `${m.senderAddress} has an Ed25519 key: no EVM address, so no registry record`);
  return evmAddressOf(m.senderKey).toLowerCase();
}

async function checkMember(opts: HandshakeOptions, evm: string, address: string) {
  const status = await opts.statusOf(evm);
  if (status === "Active") return;
  if (status === "Quitting") throw new ScanPeerRefused("QUITTING", `${evm} (${address}) has quit the ScanRegistry`);
  throw new ScanPeerRefused("NOT_REGISTERED", `${evm} (${address}) is not a member of the ScanRegistry`);
}

function checkHello(opts: HandshakeOptions, m: dsp.ScanHello, echoOf?: Uint8Array) {
  if (m.chainId !== opts.chainId) throw new ScanPeerRefused("BAD_HANDSHAKE", `chain ${m.chainId}, this SCAN server is on chain ${opts.chainId}`);
  if (m.registry.toLowerCase() !== opts.registry) throw new ScanPeerRefused("BAD_HANDSHAKE", `registry ${m.registry}, this SCAN server's is ${opts.registry}`);
  if (m.nonce.length !== NONCE_BYTES) throw new ScanPeerRefused("BAD_HANDSHAKE", `a challenge of ${m.nonce.length} bytes, not ${NONCE_BYTES}`);
  if (echoOf ? !sameBytes(m.echo, echoOf) : m.echo.length !== 0) throw new ScanPeerRefused("BAD_HANDSHAKE", "the echoed challenge is not ours");
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && timingSafeEqual(a, b);

/**
 * The dialer's side, on a connected peer: resolves with the authenticated member, or rejects
 * with ScanPeerRefused (we refused it; the connection is closed) or RemoteRefused (it refused us).
 * With `expected`, the peer must prove that account (the one registered at the dialed address).
 * `proven` hears of the peer once it proved itself, before our ScanAuth goes out: the peer may
 * send its first requests as soon as it reads our ScanAuth, before its ack reaches us.
 */
export async function greet(opts: HandshakeOptions, peer: PeerId, expected?: string, proven?: (m: Member) => void): Promise<Member> {
  const nonce = randomBytes(NONCE_BYTES);
  const reply = await opts.host.request(peer, Opcode.ScanHello, { chainId: opts.chainId, registry: opts.registry, nonce }, { timeout: HANDSHAKE_TIMEOUT });
  try {
    if (reply.opcode !== Opcode.ScanHello) throw new ScanPeerRefused("BAD_HANDSHAKE", `answered ScanHello with opcode ${reply.opcode}`);
    const hello = reply.message as dsp.ScanHello;
    checkHello(opts, hello, nonce);
    const evm = evmOf(reply);
    if (expected && evm !== expected) throw new ScanPeerRefused("WRONG_NODE", `${peer} proved ${evm}, the address dialed is registered to ${expected}`);
    await checkMember(opts, evm, reply.senderAddress);
    const member = { peer, address: reply.senderAddress, evm };
    proven?.(member);
    await opts.host.request(peer, Opcode.ScanAuth, { echo: hello.nonce }, { timeout: HANDSHAKE_TIMEOUT });
    return member;
  } catch (e) {
    if (e instanceof ScanPeerRefused) await opts.host.disconnect(peer, e.shortMessage);
    throw e;
  }
}

/**
 * The responder's side: the ScanHello and ScanAuth handlers. `onMember` learns of each peer that
 * completed the handshake; `onRefused` of each one refused.
 */
export class HandshakeResponder {
  private readonly open = new Map<string, { nonce: Uint8Array; member: Member }>();

  constructor(
    private readonly opts: HandshakeOptions & {
      onMember(m: Member): void;
      onRefused(peer: PeerId, e: ScanPeerRefused): void;
    },
  ) {
    opts.host.handle(Opcode.ScanHello, (m) => this.guard(m, () => this.hello(m)));
    opts.host.handle(Opcode.ScanAuth, (m) => this.guard(m, () => this.auth(m)));
    opts.host.on("peer:disconnect", ({ peer }) => this.open.delete(peer.toString()));
  }

  private async guard(m: Incoming, fn: () => Promise<Reply>): Promise<Reply> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ScanPeerRefused)) throw e;
      this.open.delete(m.peer.toString());
      this.opts.onRefused(m.peer, e);
      return refusal(e);
    }
  }

  private async hello(m: Incoming): Promise<Reply> {
    const hello = m.message as dsp.ScanHello;
    checkHello(this.opts, hello);
    const evm = evmOf(m);
    await checkMember(this.opts, evm, m.senderAddress);
    const nonce = randomBytes(NONCE_BYTES);
    if (this.open.size >= MAX_OPEN_CHALLENGES) this.open.delete(this.open.keys().next().value!);
    this.open.set(m.peer.toString(), { nonce, member: { peer: m.peer, address: m.senderAddress, evm } });
    return { opcode: Opcode.ScanHello, message: { chainId: this.opts.chainId, registry: this.opts.registry, nonce, echo: hello.nonce } };
  }

  private async auth(m: Incoming): Promise<Reply> {
    const open = this.open.get(m.peer.toString());
    if (!open || !sameBytes((m.message as dsp.ScanHello).echo, open.nonce)) throw new ScanPeerRefused("BAD_HANDSHAKE", "ScanAuth does not echo our challenge");
    this.open.delete(m.peer.toString());
    this.opts.onMember(open.member);
  }
}
