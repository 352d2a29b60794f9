/** Helpers shared by this folder's tests. */
import { randomBytes } from "node:crypto";
import { expect } from "chai";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { concat } from "./format.js";
import { DspError } from "../../errors/index.js";

/** Small segments and a cheap scrypt keep the suite fast; the defaults get their own tests. */
export const S = 1024;
export const FAST = { segmentSize: S } as const;
export const PASSWORD = { password: "correct horse battery staple", scrypt: { log2N: 10 } };

export function recipientKeys() {
  const { secretKey, publicKey } = secp256k1.keygen();
  return { privateKey: secretKey, publicKey, uncompressed: secp256k1.getPublicKey(secretKey, false) };
}

export async function collect(gen: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of gen) parts.push(c);
  return concat(parts);
}

/** Splits bytes into chunks of the given sizes (cycled), as a file or socket would deliver them. */
export function* chunked(bytes: Uint8Array, sizes: number[] = [bytes.length || 1]): Generator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

export function random(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

/** Consumes `gen`, counting what it yields, and returns the error it threw (fails if none). */
export async function failure(gen: AsyncIterable<Uint8Array>): Promise<{ err: DspError; yielded: number }> {
  let yielded = 0;
  try {
    for await (const c of gen) yielded += c.length;
  } catch (err) {
    expect(err).to.be.instanceOf(DspError);
    return { err: err as DspError, yielded };
  }
  expect.fail("expected the stream to fail");
}
