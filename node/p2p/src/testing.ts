/**
 * Test fixtures for the P2P layer (not a test file): hosts on loopback, and a raw libp2p peer
 * that writes whatever bytes a test wants onto a DSP stream, for the bad-input and fuzz tests.
 */
import "./polyfill.js";
import { expect } from "chai";
import { MessageRejected } from "./errors.js";
import { once } from "node:events";
import { createLibp2p, type Libp2p } from "libp2p";
import { tcp } from "@libp2p/tcp";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Stream } from "@libp2p/interface";
import { KeyPair } from "@dsp/core";
import { DspHost, CONTROL_PROTOCOL, DEFAULT_NETWORK_ID, type DspHostEvents, type DspHostInit } from "./host.js";
import { open, seal, sealerOf, type MessageHeader, type Sealer } from "./envelope.js";
import { encodeFrames, FrameDecoder } from "./frame.js";

export const NET = DEFAULT_NETWORK_ID;

/** Runs `fn`, which must throw MessageRejected, and returns that error. */
export function rejection(fn: () => unknown): MessageRejected {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(MessageRejected);
    return err as MessageRejected;
  }
  throw new Error("expected a rejection");
}

export async function startHost(init: Partial<DspHostInit> = {}): Promise<DspHost> {
  return DspHost.create({ account: KeyPair.generate(), networkId: NET, ...init });
}

/** Resolves with the next `event` of `host`, or rejects after `ms`. */
export async function nextEvent<E extends keyof DspHostEvents>(host: DspHost, event: E, ms = 10_000): Promise<DspHostEvents[E][0]> {
  const [value] = (await once(host, event, { signal: AbortSignal.timeout(ms) })) as DspHostEvents[E];
  return value;
}

/** A plain libp2p node that speaks raw bytes on the DSP control protocol. */
export class RawPeer {
  readonly sealer: Sealer;
  #nonce = Date.now() * 1024;
  private constructor(
    readonly libp2p: Libp2p,
    account: KeyPair,
  ) {
    this.sealer = sealerOf(account, libp2p.peerId.toMultihash().bytes);
  }

  static async start(): Promise<RawPeer> {
    const libp2p = await createLibp2p({
      addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
    });
    return new RawPeer(libp2p, KeyPair.generate());
  }

  async open(host: DspHost): Promise<Stream> {
    return this.libp2p.dialProtocol(host.multiaddrs[0], CONTROL_PROTOCOL);
  }

  /** A correctly sealed, framed message from this peer, with header fields overridable. */
  frame(opcode: number, body: Uint8Array, header: Partial<MessageHeader> = {}, networkId = NET): Uint8Array {
    const h: MessageHeader = { networkId, opcode, requestNonce: 0, messageNonce: this.#nonce++, replyFlag: false, needAck: false, messageId: "", ...header };
    return encodeFrames(networkId, 0, seal(this.sealer, h, body)).subarray();
  }

  async stop(): Promise<void> {
    await this.libp2p.stop();
  }
}

/** Collects the messages a host sends back on a raw stream (decoded and checked). */
export function replies(stream: Stream, host: DspHost): { messages: import("./envelope.js").OpenedMessage[]; ended: Promise<void> } {
  const messages: import("./envelope.js").OpenedMessage[] = [];
  const decoder = new FrameDecoder(host.networkId);
  const remote = host.peerId.toMultihash().bytes;
  const ended = (async () => {
    try {
      for await (const chunk of stream) for (const raw of decoder.push(chunk)) messages.push(open(raw.payload, host.networkId, remote));
    } catch {
      // an aborted stream ends the collection
    }
  })();
  return { messages, ended };
}
