/**
 * Failures of accounts, signatures and wallet files. Address and wallet failures use the spec's
 * REST table (the codes the CLI and REST API report for account operations); a malformed
 * signature is a bad parameter of whatever message carried it.
 */
import { DspError, type DspErrorOptions } from "../errors/index.js";

type Options = Omit<DspErrorOptions, "table">;

/** A failure whose code is in the spec's REST table (account and wallet operations). */
class RestError extends DspError {
  constructor(code: number, message: string, opts: Options = {}) {
    super(code, message, { ...opts, table: "rest_error" });
  }
}

/** 40010 INVALID_WALLET_ADDRESS: the string is not a DSP address; `reason` says which check failed. */
export class InvalidWalletAddress extends RestError {
  override name = "InvalidWalletAddress";
  constructor(readonly reason: string, opts: Options = {}) {
    super(40010, `invalid DSP address: ${reason}`, opts);
  }
}

/** 40000 INVALID_PARAMS: an encoded signature or a key that cannot be parsed. */
export class MalformedSignature extends DspError {
  override name = "MalformedSignature";
  constructor(readonly reason: string, opts: Options = {}) {
    super(40000, `malformed signature: ${reason}`, opts);
  }
}

/** 40000 INVALID_PARAMS: private or public key bytes that are not a key of the named curve. */
export class InvalidKey extends DspError {
  override name = "InvalidKey";
  constructor(readonly reason: string, opts: Options = {}) {
    super(40000, `invalid key: ${reason}`, opts);
  }
}

/** 50015 ACCOUNT_PASSWORD_WRONG: the password does not open this wallet file. */
export class AccountPasswordWrong extends RestError {
  override name = "AccountPasswordWrong";
  constructor(path: string, opts: Options = {}) {
    super(50015, `wrong password for wallet ${path}`, opts);
  }
}

/** 40008 ACCOUNT_EXIST: a wallet file is already at that path and overwriting was not asked for. */
export class AccountExists extends RestError {
  override name = "AccountExists";
  constructor(path: string, opts: Options = {}) {
    super(40008, `a wallet file already exists at ${path}`, {
      details: "pass { overwrite: true } to replace it",
      ...opts,
    });
  }
}

/** 50013 WALLET_FILE_NOT_EXIST */
export class WalletFileNotExist extends RestError {
  override name = "WalletFileNotExist";
  constructor(path: string, opts: Options = {}) {
    super(50013, `no wallet file at ${path}`, opts);
  }
}

/**
 * 50014 ACCOUNTDATA_NOT_EXIST: the file is there but its account cannot be read (not JSON, a
 * field missing or malformed, an unknown version, or ciphertext that fails authentication
 * although the password is right).
 */
export class WalletFileCorrupt extends RestError {
  override name = "WalletFileCorrupt";
  constructor(path: string, readonly reason: string, opts: Options = {}) {
    super(50014, `corrupt wallet file ${path}: ${reason}`, opts);
  }
}
