/**
 * Argument checks every blockstore makes before it touches storage, so a bad call fails the
 * same way in each implementation and changes nothing.
 */
import { AbortedError, InvalidParams } from "@dsp/core";
import type { BlockHash } from "./blockstore.js";

export const BLOCK_HASH_BYTES = 32;

/** Refuses anything but a 32-byte hash: a shorter key would be a different (and wrong) block. */
export function checkBlockHash(hash: BlockHash): void {
  if (!(hash instanceof Uint8Array) || hash.length !== BLOCK_HASH_BYTES) {
    const got = hash instanceof Uint8Array ? `${hash.length} bytes` : typeof hash;
    throw new InvalidParams(`a block hash is ${BLOCK_HASH_BYTES} bytes, got ${got}`);
  }
}

/** Throws AbortedError (50002) if `signal` has fired; `what` names the operation stopped. */
export function checkAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(what, signal.reason);
}
