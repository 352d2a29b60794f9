/**
 * @dsp/core: what every DSP program shares and nothing above it may redefine. Errors with the
 * spec's status codes (and the code table as data), key pairs, DSP and EVM addresses, the spec's
 * signature modes, wallet files, file encryption, the PDP tree and challenge derivation exactly
 * as the verifier checks them, the SCAN announcement codec, and small async utilities. No
 * network, no chain, no database: so the ledger client, the P2P layer, the FS node and SCAN all
 * build on it, and it on nothing of theirs.
 */
export * from "./errors/index.js";
export * from "./crypto/index.js";
export { verifyFast } from "./crypto/native-verify.js";
export * from "./crypto/encrypt/index.js";
export * from "./pdp/merkle.js";
export * from "./pdp/challenge.js";
export * from "./announcement/announcement.js";
export * from "./announcement/errors.js";
export { Pipeline } from "./util/pipeline.js";
export { Semaphore } from "./util/semaphore.js";
export { sleep } from "./util/sleep.js";
export { syncDir } from "./util/sync-dir.js";
export { toJson } from "./util/json.js";
