/**
 * Wallet files: one key pair, encrypted at rest, with its addresses in clear so tools can show
 * whose wallet it is without the password.
 *
 * Format (version 1, JSON):
 *   { version: 1, curve, publicKey, dspAddress, evmAddress (null for Ed25519),
 *     crypto: { cipher: "aes-256-gcm", ciphertext, nonce, tag, passwordCheck,
 *               kdf: "scrypt", kdfparams: { n, r, p, dklen: 64, salt } } }   (bytes as 0x-hex)
 *
 * Key derivation: dk = scrypt(NFKC(password), salt, n, r, p, 64 bytes), salt 16 random bytes,
 * n = 2^15, r = 8, p = 1 by default (32 MiB, ~0.1 s here; the parameters used are in the file).
 * dk[0:32] is the AES-256-GCM key; the ciphertext is the 32-byte private key under a random
 * 12-byte nonce, with the clear fields as additional data so they cannot be swapped for another
 * key's (AAD = UTF-8 of JSON.stringify([version, curve, publicKey, dspAddress, evmAddress])). passwordCheck = sha256(dk[32:64]) tells a wrong password (check differs) from a
 * changed ciphertext, nonce, tag or clear field (check matches, GCM refuses). It costs an
 * attacker nothing they lack: testing a guess against it takes the same scrypt as testing it
 * against GCM. A changed salt, KDF parameter or passwordCheck does read as a wrong password.
 *
 * Writes are atomic: the JSON goes to a temporary file in the same folder, is fsynced, then
 * hard-linked into place (fails if the name exists, so no race can overwrite a wallet) or, when
 * overwriting was asked for, renamed over the old file. A failed operation leaves the old file
 * byte for byte as it was.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { link, lstat, mkdir, open, readFile, rename, rm, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { dspAddressOf } from "./address.js";
import { AccountExists, AccountPasswordWrong, WalletFileCorrupt, WalletFileNotExist } from "./errors.js";
import { CURVES, type Curve, evmAddressOf, KeyPair, parseHex, toHex } from "./keys.js";
import { syncDir } from "../util/sync-dir.js";

export const WALLET_VERSION = 1;

export interface KdfParams {
  n: number;
  r: number;
  p: number;
}

export const DEFAULT_KDF: Readonly<KdfParams> = Object.freeze({ n: 2 ** 15, r: 8, p: 1 });
/** Refuse files that would make us allocate more than this (a hostile file could ask for any n). */
const MAX_N = 2 ** 20;
const DK_LENGTH = 64;
const SALT_LENGTH = 16;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

export interface WalletFile {
  version: number;
  curve: Curve;
  publicKey: string;
  dspAddress: string;
  evmAddress: string | null;
  crypto: {
    cipher: "aes-256-gcm";
    ciphertext: string;
    nonce: string;
    tag: string;
    passwordCheck: string;
    kdf: "scrypt";
    kdfparams: KdfParams & { dklen: number; salt: string };
  };
}

/** What a wallet file says in clear. */
export type WalletInfo = Pick<WalletFile, "curve" | "publicKey" | "dspAddress" | "evmAddress">;

export type Password = string | Uint8Array;

export interface WriteOptions {
  /** scrypt parameters for the new file; DEFAULT_KDF unless given. */
  kdf?: KdfParams;
  /** Replace an existing file at the path (otherwise AccountExists, 40008). */
  overwrite?: boolean;
}

/** Encrypts a key pair into the wallet JSON (no file involved). */
export async function encryptKeyPair(pair: KeyPair, password: Password, kdf: KdfParams = DEFAULT_KDF): Promise<WalletFile> {
  checkKdf(kdf, "<new wallet>");
  const info = infoOf(pair);
  const salt = randomBytes(SALT_LENGTH);
  const nonce = randomBytes(NONCE_LENGTH);
  const dk = await deriveKey(password, salt, kdf);
  const secret = pair.exportPrivateKey();
  try {
    const cipher = createCipheriv("aes-256-gcm", dk.subarray(0, 32), nonce);
    cipher.setAAD(additionalData(info));
    const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
    return {
      version: WALLET_VERSION,
      ...info,
      crypto: {
        cipher: "aes-256-gcm",
        ciphertext: toHex(ciphertext),
        nonce: toHex(nonce),
        tag: toHex(cipher.getAuthTag()),
        passwordCheck: toHex(sha256(dk.subarray(32))),
        kdf: "scrypt",
        kdfparams: { ...kdf, dklen: DK_LENGTH, salt: toHex(salt) },
      },
    };
  } finally {
    secret.fill(0);
    dk.fill(0);
  }
}

/**
 * The key pair in a wallet JSON (a parsed object of unknown shape). `where` names the source in
 * errors. Wrong password: AccountPasswordWrong (50015); anything else: WalletFileCorrupt (50014).
 */
export async function decryptWalletFile(json: unknown, password: Password, where = "<memory>"): Promise<KeyPair> {
  const file = checkShape(json, where);
  const c = file.crypto;
  const dk = await deriveKey(password, bytesField(c.kdfparams.salt, "kdfparams.salt", SALT_LENGTH, where), c.kdfparams);
  let secret: Buffer | undefined;
  try {
    const check = bytesField(c.passwordCheck, "passwordCheck", 32, where);
    if (!timingSafeEqual(sha256(dk.subarray(32)), check)) throw new AccountPasswordWrong(where);
    const decipher = createDecipheriv("aes-256-gcm", dk.subarray(0, 32), bytesField(c.nonce, "nonce", NONCE_LENGTH, where));
    decipher.setAAD(additionalData(file));
    decipher.setAuthTag(bytesField(c.tag, "tag", TAG_LENGTH, where));
    try {
      secret = Buffer.concat([decipher.update(bytesField(c.ciphertext, "ciphertext", 32, where)), decipher.final()]);
    } catch (cause) {
      throw new WalletFileCorrupt(where, "the password is right but the encrypted key fails authentication (the file was changed)", { cause });
    }
    const pair = KeyPair.fromPrivateKey(secret, file.curve);
    const derived = infoOf(pair);
    if (derived.publicKey !== file.publicKey || derived.dspAddress !== file.dspAddress || derived.evmAddress !== file.evmAddress) {
      pair.wipe();
      throw new WalletFileCorrupt(where, "the key does not match the addresses written in clear");
    }
    return pair;
  } finally {
    secret?.fill(0);
    dk.fill(0);
  }
}

/** A new random key pair saved at `path`. */
export async function createWallet(path: string, password: Password, opts: WriteOptions & { curve?: Curve } = {}): Promise<KeyPair> {
  await refuseExisting(path, opts);
  const pair = KeyPair.generate(opts.curve);
  await writeWallet(path, await encryptKeyPair(pair, password, opts.kdf), opts);
  return pair;
}

/** Saves a given private key (bytes or hex) at `path`. */
export async function importPrivateKey(
  path: string,
  privateKey: Uint8Array | string,
  password: Password,
  opts: WriteOptions & { curve?: Curve } = {},
): Promise<KeyPair> {
  await refuseExisting(path, opts);
  const pair = KeyPair.fromPrivateKey(privateKey, opts.curve);
  await writeWallet(path, await encryptKeyPair(pair, password, opts.kdf), opts);
  return pair;
}

/**
 * Copies the key of another wallet file to `path`, re-encrypted under `password` (the source's
 * password unless given) with a fresh salt and nonce. The source is only read.
 */
export async function importWallet(
  path: string,
  sourcePath: string,
  sourcePassword: Password,
  password: Password = sourcePassword,
  opts: WriteOptions = {},
): Promise<KeyPair> {
  await refuseExisting(path, opts);
  const pair = await openWallet(sourcePath, sourcePassword);
  await writeWallet(path, await encryptKeyPair(pair, password, opts.kdf), opts);
  return pair;
}

export async function openWallet(path: string, password: Password): Promise<KeyPair> {
  return decryptWalletFile(await readWalletJson(path), password, path);
}

/** The private key of the wallet at `path`, once the password opens it. */
export async function exportPrivateKey(path: string, password: Password): Promise<Uint8Array> {
  const pair = await openWallet(path, password);
  try {
    return pair.exportPrivateKey();
  } finally {
    pair.wipe();
  }
}

/** Re-encrypts the wallet at `path` under a new password; the file is replaced only on success. */
export async function changePassword(path: string, oldPassword: Password, newPassword: Password, opts: { kdf?: KdfParams } = {}): Promise<void> {
  const pair = await openWallet(path, oldPassword);
  try {
    await writeWallet(path, await encryptKeyPair(pair, newPassword, opts.kdf), { overwrite: true });
  } finally {
    pair.wipe();
  }
}

/** The clear fields of a wallet file, without the password. */
export async function readWalletInfo(path: string): Promise<WalletInfo> {
  const { curve, publicKey, dspAddress, evmAddress } = checkShape(await readWalletJson(path), path);
  return { curve, publicKey, dspAddress, evmAddress };
}

function infoOf(pair: KeyPair): WalletInfo {
  return {
    curve: pair.curve,
    publicKey: toHex(pair.publicKey),
    dspAddress: dspAddressOf(pair.publicKey),
    evmAddress: pair.curve === "secp256k1" ? evmAddressOf(pair.publicKey) : null,
  };
}

function additionalData(info: WalletInfo): Buffer {
  return Buffer.from(JSON.stringify([WALLET_VERSION, info.curve, info.publicKey, info.dspAddress, info.evmAddress]));
}

async function deriveKey(password: Password, salt: Uint8Array, kdf: KdfParams): Promise<Buffer> {
  const pw = typeof password === "string" ? Buffer.from(password.normalize("NFKC"), "utf8") : Buffer.from(password);
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scryptCb(pw, salt, DK_LENGTH, { N: kdf.n, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.n * kdf.r + 2 ** 20 }, (err, key) =>
        err ? reject(err) : resolve(key),
      ),
    );
  } finally {
    pw.fill(0);
  }
}

function checkKdf(kdf: KdfParams, where: string): void {
  const ok =
    Number.isInteger(kdf.n) && kdf.n >= 2 && kdf.n <= MAX_N && (kdf.n & (kdf.n - 1)) === 0 &&
    Number.isInteger(kdf.r) && kdf.r >= 1 && kdf.r <= 32 &&
    Number.isInteger(kdf.p) && kdf.p >= 1 && kdf.p <= 16;
  if (!ok) throw new WalletFileCorrupt(where, `scrypt parameters out of range: ${JSON.stringify(kdf)} (n a power of 2 up to 2^20, r 1-32, p 1-16)`);
}

function checkShape(json: unknown, where: string): WalletFile {
  const fail = (reason: string): never => {
    throw new WalletFileCorrupt(where, reason);
  };
  if (typeof json !== "object" || json === null) fail("not a JSON object");
  const f = json as WalletFile;
  if (f.version !== WALLET_VERSION) fail(`unknown version ${JSON.stringify(f.version)} (this code reads ${WALLET_VERSION})`);
  if (!CURVES.includes(f.curve)) fail(`unknown curve ${JSON.stringify(f.curve)}`);
  for (const k of ["publicKey", "dspAddress"] as const) if (typeof f[k] !== "string") fail(`${k} missing`);
  if (f.evmAddress !== null && typeof f.evmAddress !== "string") fail("evmAddress missing");
  const c = f.crypto;
  if (typeof c !== "object" || c === null) fail("crypto section missing");
  if (c.cipher !== "aes-256-gcm") fail(`unknown cipher ${JSON.stringify(c.cipher)}`);
  if (c.kdf !== "scrypt") fail(`unknown kdf ${JSON.stringify(c.kdf)}`);
  for (const k of ["ciphertext", "nonce", "tag", "passwordCheck"] as const) if (typeof c[k] !== "string") fail(`crypto.${k} missing`);
  if (typeof c.kdfparams !== "object" || c.kdfparams === null) fail("crypto.kdfparams missing");
  if (c.kdfparams.dklen !== DK_LENGTH) fail(`kdfparams.dklen must be ${DK_LENGTH}`);
  checkKdf(c.kdfparams, where);
  return f;
}

function bytesField(value: string, name: string, length: number, where: string): Uint8Array {
  let bytes: Uint8Array | undefined;
  try {
    bytes = parseHex(value, name);
  } catch {
    // reported below
  }
  if (bytes?.length !== length) throw new WalletFileCorrupt(where, `${name} must be ${length} bytes of hex`);
  return bytes;
}

async function readWalletJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new WalletFileNotExist(path, { cause: e });
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WalletFileCorrupt(path, "not JSON", { cause });
  }
}

/** Fails early, before the scrypt work; writeWallet checks again atomically. */
async function refuseExisting(path: string, opts: WriteOptions): Promise<void> {
  if (opts.overwrite) return;
  try {
    await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  throw new AccountExists(path);
}

async function writeWallet(path: string, file: WalletFile, opts: WriteOptions): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const fh = await open(tmp, "wx", 0o600);
  try {
    await fh.writeFile(JSON.stringify(file, null, 2) + "\n");
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    if (opts.overwrite) {
      await rename(tmp, path);
    } else {
      try {
        await link(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new AccountExists(path, { cause: e });
        throw e;
      }
      await unlink(tmp);
    }
  } finally {
    await rm(tmp, { force: true });
  }
  await syncDir(dir);
}

