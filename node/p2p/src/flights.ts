/**
 * BlockFlights encoded without copying block data. protobufjs copies every `bytes` field into
 * one growing buffer (and grows it by copying), which was the sender's largest cost per GiB.
 * Here each block's small fields go through protobufjs and its data is appended by reference,
 * as field 5 after the others: protobuf readers take fields in any order, so the bytes decode to
 * the same message (a test holds this against protobufjs's own encoding).
 */
import { Uint8ArrayList } from "uint8arraylist";
import { dsp } from "./proto.js";

function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Uint8Array.from(out);
}

/** Appends field `tag` (wire type 2) holding `parts` to `out`. */
function appendDelimited(out: Uint8ArrayList, tag: number, parts: Uint8ArrayList): void {
  out.append(Uint8Array.of(tag), varint(parts.byteLength));
  out.append(parts);
}

export function encodeBlockFlights(flights: dsp.BlockFlights.$Properties): Uint8ArrayList {
  const out = new Uint8ArrayList(dsp.BlockFlights.encode({ ...flights, blocks: [] }).finish());
  for (const block of flights.blocks ?? []) {
    const parts = new Uint8ArrayList(dsp.Block.encode({ ...block, data: undefined }).finish());
    if (block.data?.length) appendDelimited(parts, (5 << 3) | 2, new Uint8ArrayList(block.data));
    appendDelimited(out, (3 << 3) | 2, parts);
  }
  return out;
}

/** The Message envelope around `body` without copying it: field 1 first, then `rest` (fields 2-10). */
export function envelopeAround(body: Uint8ArrayList, rest: Uint8Array): Uint8ArrayList {
  const out = new Uint8ArrayList();
  if (body.byteLength > 0) appendDelimited(out, (1 << 3) | 2, body);
  out.append(rest);
  return out;
}
