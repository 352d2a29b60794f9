/** Encryption before chunking: password (scrypt + AES-256-GCM) or recipient (ECIES on secp256k1), streamed in STREAM segments. */
export { encryptStream, decryptStream } from "./stream.js";
export type { EncryptTo, DecryptWith, EncryptOptions, StreamOptions, EncryptionProgressEvent, Source } from "./stream.js";
export { encryptFile, decryptFile, writeAtomically } from "./file.js";
export type { FileResult } from "./file.js";
export { DEFAULT_SCRYPT, DEFAULT_SEGMENT_LOG2, MAGIC, VERSION, Mode, headerLength } from "./format.js";
export * from "./errors.js";
