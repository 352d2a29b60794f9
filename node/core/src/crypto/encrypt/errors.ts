/**
 * Failures of the encrypted file format. Every way a decryption can fail has its own class, so a
 * caller (CLI, REST API, download task) can tell "you typed the wrong password" (50046) from "these
 * bytes were damaged or cut short" (50040) without parsing messages.
 */
import { DspError, type DspErrorOptions } from "../../errors/index.js";

/** 50046 DECRYPT_WRONG_PASSWORD: the password does not open the file key. No plaintext was produced. */
export class WrongDecryptionPassword extends DspError {
  override name = "WrongDecryptionPassword";
  constructor(opts?: DspErrorOptions) {
    super(50046, "wrong decryption password", opts);
  }
}

/**
 * 50040 DECRYPT_FILE_FAILED, the parent of every failure other than a wrong password: catch this
 * to treat "cannot decrypt" as one case.
 */
export class DecryptFailed extends DspError {
  override name = "DecryptFailed";
  constructor(what: string, opts?: DspErrorOptions) {
    super(50040, what, opts);
  }
}

/** The private key given is not the one the file was encrypted to (the file key does not unwrap). */
export class WrongRecipientKey extends DecryptFailed {
  override name = "WrongRecipientKey";
  constructor(opts?: DspErrorOptions) {
    super("the file was not encrypted to this private key", opts);
  }
}

/** The input does not start with the format's magic bytes: not a DSP encrypted file at all. */
export class NotAnEncryptedFile extends DecryptFailed {
  override name = "NotAnEncryptedFile";
  constructor(opts?: DspErrorOptions) {
    super("not a DSP encrypted file (bad magic bytes)", opts);
  }
}

/** A format version (or mode) this code does not know; a newer writer made the file. */
export class UnsupportedEncryptionFormat extends DecryptFailed {
  override name = "UnsupportedEncryptionFormat";
  constructor(what: string, opts?: DspErrorOptions) {
    super(what, opts);
  }
}

/** The header is cut short, has out-of-range parameters, or fails its MAC after the key opened. */
export class CorruptHeader extends DecryptFailed {
  override name = "CorruptHeader";
  constructor(what: string, opts?: DspErrorOptions) {
    super(`corrupt encryption header: ${what}`, opts);
  }
}

/** A segment failed authentication: its bytes were changed, or segments were reordered or dropped. */
export class TamperedSegment extends DecryptFailed {
  override name = "TamperedSegment";
  readonly segment: number;
  constructor(segment: number, opts?: DspErrorOptions) {
    super(`segment ${segment} failed authentication (modified, reordered or missing data)`, opts);
    this.segment = segment;
  }
}

/** The ciphertext ends before its final segment: the file was truncated. */
export class TruncatedCiphertext extends DecryptFailed {
  override name = "TruncatedCiphertext";
  constructor(what: string, opts?: DspErrorOptions) {
    super(`truncated ciphertext: ${what}`, opts);
  }
}

/** Bytes follow the final segment: something was appended (or segments were spliced in). */
export class TrailingData extends DecryptFailed {
  override name = "TrailingData";
  constructor(segment: number, opts?: DspErrorOptions) {
    super(`data follows the final segment ${segment}`, opts);
  }
}
