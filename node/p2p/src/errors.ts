/**
 * P2P failures, each carrying a spec status code. The spec has no codes of its own for bad
 * frames, so everything a peer sends that we refuse is 40000 INVALID_PARAMS with a `reason`
 * naming what was wrong (the reason is what the logs and the `message:rejected` event carry).
 */
import { DspError, type DspErrorOptions } from "@dsp/core";

/** Why a frame or a message was refused. */
export type RejectReason =
  | "truncated" // the stream ended inside a frame
  | "oversized" // a frame longer than MAX_PACKAGE_SIZE, or a reassembled message over the limit
  | "wrong-network" // the frame's network id is not ours
  | "bad-compression" // unknown algorithm or flags in CompressINFO, or data that does not inflate
  | "bad-protobuf" // the envelope or the inner message does not decode
  | "bad-sender" // no sender, a key that does not give the claimed DSP address, or another peer's id
  | "bad-signature" // the signature does not verify
  | "replay" // a message nonce already seen (or older than the replay window)
  | "unknown-opcode"; // no handler and no codec for the opcode

/** A frame or message refused; `fatal` when the stream cannot be trusted afterwards. */
export class MessageRejected extends DspError {
  override name = "MessageRejected";
  readonly reason: RejectReason;
  readonly fatal: boolean;
  constructor(reason: RejectReason, details: string, opts: DspErrorOptions & { fatal?: boolean } = {}) {
    super(40000, `message rejected: ${reason}`, { ...opts, details });
    this.reason = reason;
    this.fatal = opts.fatal ?? false;
  }
}

/** 50016 TASK_WAIT_TIMEOUT: no answer to a request in time. */
export class RequestTimeout extends DspError {
  override name = "RequestTimeout";
  constructor(what: string, ms: number) {
    super(50016, `${what}: no answer in ${ms} ms`);
  }
}

/**
 * 59100 NET_RECONNECT_PEER_FAILED: the connection to a peer is gone (closed, broken, keepalive
 * missed, or redials failed); every request pending on it fails with this.
 */
export class PeerConnectionLost extends DspError {
  override name = "PeerConnectionLost";
  readonly peer: string;
  constructor(peer: string, why: string, opts: DspErrorOptions = {}) {
    super(59100, `connection to ${peer} lost: ${why}`, { ...opts, table: "rest_error" });
    this.peer = peer;
  }
}

/** The peer answered a request with an error (an AckResponse carrying a status code). */
export class RemoteRefused extends DspError {
  override name = "RemoteRefused";
  constructor(code: number, reason: string) {
    super(code, `peer refused: ${reason}`);
  }
}
