/**
 * One libp2p stream carrying DSP frames both ways: a FIFO writer with backpressure (the spec's
 * "only one write operation at one time") and a reader that cuts frames into whole messages.
 * What a message means is the session's business; the channel only moves bytes.
 */
import type { Stream } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";
import { FrameDecoder, type RawMessage } from "./frame.js";
import { MessageRejected } from "./errors.js";

export interface ChannelEvents {
  /** A whole message; return a promise to hold the reader until it settles (backpressure). */
  onMessage(message: RawMessage): void | Promise<void>;
  /** The stream broke framing (fatal) and was aborted. */
  onFatal(error: MessageRejected): void;
  /** The stream is finished, whatever the reason. */
  onClose(): void;
}

/** How many messages may be in their handlers at once before the channel stops reading. */
const MAX_IN_FLIGHT = 8;

export class Channel {
  readonly stream: Stream;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(stream: Stream, networkId: number, maxMessageSize: number, events: ChannelEvents) {
    this.stream = stream;
    void this.#read(new FrameDecoder(networkId, maxMessageSize), events);
  }

  get closed(): boolean {
    return this.#closed || this.stream.status !== "open" || this.stream.writeStatus !== "writable";
  }

  /**
   * Queues the frames of one message behind those already queued and resolves once the
   * stream accepted them. Messages never interleave.
   */
  write(frames: Uint8ArrayList): Promise<void> {
    const next = this.#tail.then(async () => {
      if (this.closed) throw new Error("stream closed");
      if (!this.stream.send(frames)) await this.stream.onDrain();
    });
    this.#tail = next.catch(() => {});
    return next;
  }

  abort(error: Error): void {
    this.#closed = true;
    this.stream.abort(error);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    await this.stream.close().catch(() => this.stream.abort(new Error("close failed")));
  }

  async #read(decoder: FrameDecoder, events: ChannelEvents): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const chunk of this.stream) {
        for (const message of decoder.push(chunk)) {
          const result = events.onMessage(message);
          if (!result) continue;
          const p = result.catch(() => {}).finally(() => inFlight.delete(p));
          inFlight.add(p);
          while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
        }
      }
      decoder.end();
    } catch (err) {
      if (err instanceof MessageRejected && err.fatal) {
        this.abort(err);
        events.onFatal(err);
      }
    } finally {
      this.#closed = true;
      await Promise.allSettled(inFlight);
      events.onClose();
    }
  }
}
