/**
 * @dsp/p2p: the spec's P2P layer on libp2p 3. Frames (Network ID, CompressINFO, length),
 * envelopes signed by account keys, the replay window, DspHost (requests and replies, keepalive,
 * one connection per peer, redial, bulk streams), and proxying over circuit relay v2.
 */
import "./polyfill.js";

export * from "./host.js";
export * from "./envelope.js";
export * from "./frame.js";
export * from "./compress.js";
export * from "./errors.js";
export * from "./opcodes.js";
export * from "./proto.js";
export * from "./replay.js";
export * from "./channel.js";
export * from "./flights.js";
export * from "./proxy/index.js";
