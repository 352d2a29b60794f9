/**
 * The FS layer's failures, one class each, with the spec's status codes (@dsp/core: node/core/src/errors/status-codes.json).
 * BlockNotFound lives with the Blockstore interface (blockstore.ts).
 */
import { DspError, hex } from "@dsp/core";

/** 50038 FS_PUT_BLOCK_FAILED: the bytes offered for a block do not hash to its name; nothing is stored. */
export class BlockHashMismatch extends DspError {
  override name = "BlockHashMismatch";
  constructor(readonly expected: Uint8Array, readonly actual: Uint8Array) {
    super(50038, `block ${hex(expected)} rejected: its bytes hash to ${hex(actual)}`);
  }
}

/** 50012 GET_ALL_BLOCK_ERROR: a stored block no longer hashes to its name (disk rot, tampering). */
export class BlockCorrupted extends DspError {
  override name = "BlockCorrupted";
  constructor(readonly hash: Uint8Array, readonly actual: Uint8Array) {
    super(50012, `block ${hex(hash)} is corrupted: its bytes hash to ${hex(actual)}`);
  }
}

/** 50012 GET_ALL_BLOCK_ERROR: a block is readable but is not a well-formed part of the file tree. */
export class InvalidFileTree extends DspError {
  override name = "InvalidFileTree";
  constructor(readonly hash: Uint8Array, why: string) {
    super(50012, `block ${hex(hash)} is not a valid file tree block: ${why}`);
  }
}

/** 50026 DOWNLOAD_FILEHASH_NOT_FOUND: no live file has this File Hash. */
export class FileNotFound extends DspError {
  override name = "FileNotFound";
  constructor(readonly fileHash: Uint8Array) {
    super(50026, `file ${hex(fileHash)} is not stored here`);
  }
}

/** 50011 GET_PDP_PARAMS_ERROR: a proof was asked for leaves the file does not have. */
export class ChallengeOutOfRange extends DspError {
  override name = "ChallengeOutOfRange";
  constructor(what: string) {
    super(50011, what);
  }
}

/** 50011 GET_PDP_PARAMS_ERROR: the file's PDP data (state 11, generatePdpData) has not been generated. */
export class PdpDataNotGenerated extends DspError {
  override name = "PdpDataNotGenerated";
  constructor(readonly fileHash: Uint8Array) {
    super(50011, `cannot prove file ${hex(fileHash)}: its PDP data has not been generated (run generatePdpData first)`);
  }
}
