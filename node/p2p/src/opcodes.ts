/**
 * The spec's opcodes (P2P Layer, "Opcode") and ours from ApplicationOpCodeStart (1000), each
 * paired with the protobuf type its Message.message holds. Opcodes the spec lists without a
 * message (LookupNode, Metric) have no codec: a message with one is refused as unknown.
 */
import { dsp } from "./proto.js";

export const Opcode = {
  Unregistered: 0,
  Bytes: 1,
  Keepalive: 2,
  KeepaliveResponse: 3,
  ProxyResponse: 9,
  Ping: 10,
  Pong: 11,
  LookupNodeRequest: 12,
  LookupNodeResponse: 13,
  Disconnect: 14,
  ProxyRequest: 15,
  MetricRequest: 16,
  MetricResponse: 17,
  AckResponse: 18,
  ApplicationOpCodeStart: 1000,
  // Ours (application opcodes):
  File: 1000,
  BlockFlights: 1001,
  Progress: 1002,
  Payment: 1003,
  Torrent: 1004,
  Endpoint: 1005,
  // SCAN federation between registered SCAN servers (indexer/scan/):
  ScanHello: 1006,
  ScanAuth: 1007,
  ScanPush: 1008,
  ScanPushResult: 1009,
  ScanPull: 1010,
  ScanPage: 1011,
} as const;

/** What a codec's type is: the protobufjs static class of the message. */
interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
  create(properties?: object): T;
}

/** Opcode -> protobuf type, for every opcode that has a message. */
export const CODECS = {
  [Opcode.Bytes]: dsp.Bytes,
  [Opcode.Keepalive]: dsp.Keepalive,
  [Opcode.KeepaliveResponse]: dsp.KeepaliveResponse,
  [Opcode.ProxyResponse]: dsp.ProxyResponse,
  [Opcode.Ping]: dsp.Ping,
  [Opcode.Pong]: dsp.Pong,
  [Opcode.Disconnect]: dsp.Disconnect,
  [Opcode.ProxyRequest]: dsp.ProxyRequest,
  [Opcode.AckResponse]: dsp.AckResponse,
  [Opcode.File]: dsp.File,
  [Opcode.BlockFlights]: dsp.BlockFlights,
  [Opcode.Progress]: dsp.Progress,
  [Opcode.Payment]: dsp.Payment,
  [Opcode.Torrent]: dsp.Torrent,
  [Opcode.Endpoint]: dsp.Endpoint,
  [Opcode.ScanHello]: dsp.ScanHello,
  [Opcode.ScanAuth]: dsp.ScanHello,
  [Opcode.ScanPush]: dsp.ScanPush,
  [Opcode.ScanPushResult]: dsp.ScanPushResult,
  [Opcode.ScanPull]: dsp.ScanPull,
  [Opcode.ScanPage]: dsp.ScanPage,
} as const;

export type KnownOpcode = keyof typeof CODECS;
/** The decoded message type of an opcode. */
export type BodyOf<O extends KnownOpcode> = InstanceType<(typeof CODECS)[O]>;
/** What one may pass to send an opcode's message: its plain properties. */
export type PropsOf<O extends KnownOpcode> = ConstructorParameters<(typeof CODECS)[O]>[0];

export function isKnownOpcode(opcode: number): opcode is KnownOpcode {
  return Object.hasOwn(CODECS, opcode);
}

export function codecOf(opcode: KnownOpcode): Codec<unknown> {
  return CODECS[opcode] as unknown as Codec<unknown>;
}

/** Name of an opcode for logs ("BlockFlights", "opcode 4242"). */
export function opcodeName(opcode: number): string {
  for (const [name, code] of Object.entries(Opcode)) if (code === opcode && name !== "ApplicationOpCodeStart") return name;
  return `opcode ${opcode}`;
}
