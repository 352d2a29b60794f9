/**
 * The spec's payload format, one frame per package:
 *
 *   | Network ID (4) | CompressINFO (2) | Message Length (4) | Message (Length bytes) |
 *
 * Integers are little-endian (the spec's "byte-order little endian"). A package is at most
 * MAX_PACKAGE_SIZE (64 KiB) including its 10-byte header, so a larger message is split over
 * several frames. The spec does not say how; we mark every frame but the last with bit 9 of
 * CompressINFO (MORE_FRAGMENTS, 0x0200), next to the spec's CompressEnable bit (bit 8, 0x0100),
 * and the low byte names the compression algorithm. All frames of one message carry the same
 * CompressINFO apart from that bit; compression applies to the whole message before splitting.
 *
 * A frame we cannot parse (oversized, wrong network, bad flags, stream ended inside it) leaves
 * no way to find the next frame boundary, so those errors are fatal to the stream.
 */
import { Uint8ArrayList } from "uint8arraylist";
import { MessageRejected } from "./errors.js";

export const MAX_PACKAGE_SIZE = 64 * 1024;
export const HEADER_SIZE = 10;
export const MAX_FRAGMENT = MAX_PACKAGE_SIZE - HEADER_SIZE;
export const COMPRESS_ENABLE = 0x0100;
export const MORE_FRAGMENTS = 0x0200;
const KNOWN_FLAGS = COMPRESS_ENABLE | MORE_FRAGMENTS | 0xff;
/** Default cap on a reassembled message: a BlockFlights of 32 blocks of 256 KiB, with room. */
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/** One whole message as it came off the wire (reassembled, still compressed if it was). */
export interface RawMessage {
  networkId: number;
  /** CompressINFO without MORE_FRAGMENTS. */
  compressInfo: number;
  payload: Uint8Array;
}

function header(networkId: number, compressInfo: number, length: number): Uint8Array {
  const h = new Uint8Array(HEADER_SIZE);
  const view = new DataView(h.buffer);
  view.setUint32(0, networkId >>> 0, true);
  view.setUint16(4, compressInfo, true);
  view.setUint32(6, length, true);
  return h;
}

/**
 * The frames of one message, as a list of buffers to write in order (headers and views of
 * `payload`, no copies). An empty payload is one frame of length 0.
 */
export function encodeFrames(networkId: number, compressInfo: number, payload: Uint8Array | Uint8ArrayList): Uint8ArrayList {
  if ((compressInfo & ~(COMPRESS_ENABLE | 0xff)) !== 0) throw new RangeError(`bad CompressINFO 0x${compressInfo.toString(16)}`);
  const out = new Uint8ArrayList();
  const list = payload instanceof Uint8Array ? new Uint8ArrayList(payload) : payload;
  let offset = 0;
  do {
    const end = Math.min(list.byteLength, offset + MAX_FRAGMENT);
    const more = end < list.byteLength;
    out.append(header(networkId, compressInfo | (more ? MORE_FRAGMENTS : 0), end - offset));
    if (end > offset) out.append(list.sublist(offset, end));
    offset = end;
  } while (offset < list.byteLength);
  return out;
}

/**
 * Cuts a byte stream into messages. Feed it chunks with push(); it returns the messages they
 * complete. Call end() when the stream ends: a partial frame then is an error.
 */
export class FrameDecoder {
  readonly #networkId: number;
  readonly #maxMessageSize: number;
  #buffer = new Uint8ArrayList();
  #fragments = new Uint8ArrayList();
  #fragmentInfo = -1;
  #failed: MessageRejected | undefined;

  constructor(networkId: number, maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE) {
    this.#networkId = networkId >>> 0;
    this.#maxMessageSize = maxMessageSize;
  }

  /** Bytes held that do not yet make a whole message. */
  get pending(): number {
    return this.#buffer.byteLength + this.#fragments.byteLength;
  }

  push(chunk: Uint8Array | Uint8ArrayList): RawMessage[] {
    if (this.#failed) throw this.#failed;
    this.#buffer.append(chunk);
    const out: RawMessage[] = [];
    try {
      while (this.#buffer.byteLength >= HEADER_SIZE) {
        const networkId = this.#buffer.getUint32(0, true);
        const info = this.#buffer.getUint16(4, true);
        const length = this.#buffer.getUint32(6, true);
        if (networkId !== this.#networkId) {
          throw new MessageRejected("wrong-network", `network id ${networkId}, ours is ${this.#networkId}`, { fatal: true });
        }
        if ((info & ~KNOWN_FLAGS) !== 0) {
          throw new MessageRejected("bad-compression", `unknown CompressINFO flags 0x${info.toString(16)}`, { fatal: true });
        }
        if (length > MAX_FRAGMENT) {
          throw new MessageRejected("oversized", `frame of ${length + HEADER_SIZE} bytes, MAX_PACKAGE_SIZE is ${MAX_PACKAGE_SIZE}`, { fatal: true });
        }
        if (this.#buffer.byteLength < HEADER_SIZE + length) break;
        const body = this.#buffer.sublist(HEADER_SIZE, HEADER_SIZE + length);
        this.#buffer.consume(HEADER_SIZE + length);
        const base = info & ~MORE_FRAGMENTS;
        if (this.#fragmentInfo !== -1 && base !== this.#fragmentInfo) {
          throw new MessageRejected("bad-compression", "CompressINFO changed between the frames of one message", { fatal: true });
        }
        if (this.#fragments.byteLength + length > this.#maxMessageSize) {
          throw new MessageRejected("oversized", `message over ${this.#maxMessageSize} bytes`, { fatal: true });
        }
        this.#fragments.append(body);
        if (info & MORE_FRAGMENTS) {
          this.#fragmentInfo = base;
          continue;
        }
        out.push({ networkId, compressInfo: base, payload: this.#fragments.subarray() });
        this.#fragments = new Uint8ArrayList();
        this.#fragmentInfo = -1;
      }
    } catch (err) {
      this.#failed = err as MessageRejected;
      throw err;
    }
    return out;
  }

  /** The stream ended: throws when it ended inside a frame or a fragmented message. */
  end(): void {
    if (this.#failed) return;
    if (this.pending > 0) {
      this.#failed = new MessageRejected("truncated", `stream ended with ${this.pending} bytes of an unfinished message`, { fatal: true });
      throw this.#failed;
    }
  }
}
