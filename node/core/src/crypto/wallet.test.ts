import { expect } from "chai";
import { createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scrypt } from "@noble/hashes/scrypt.js";
import {
  AccountExists,
  AccountPasswordWrong,
  changePassword,
  createWallet,
  DEFAULT_KDF,
  dspAddressOf,
  evmAddressOf,
  exportPrivateKey,
  importPrivateKey,
  importWallet,
  openWallet,
  parseHex,
  readWalletInfo,
  toHex,
  WalletFileCorrupt,
  WalletFileNotExist,
  type KdfParams,
  type WalletFile,
} from "./index.js";

/** Cheap scrypt for tests that are not about the KDF; the default is tested on its own. */
const FAST: KdfParams = { n: 2 ** 10, r: 8, p: 1 };
const PW = "correct horse battery staple";
const accounts = JSON.parse(readFileSync(new URL("../../../../test/vectors/accounts.json", import.meta.url), "utf8")) as {
  vectors: { privateKey: string; evmAddress: string; dspAddress: string }[];
};

async function rejection(p: Promise<unknown>): Promise<Error & { code?: number; codeName?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("crypto/wallet", function () {
  // scrypt at the default cost takes ~0.2-0.4 s per derivation on a loaded 2-core machine.
  this.timeout(20_000);
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "dsp-wallet-"));
    path = join(dir, "wallet.json");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const readJson = async (p = path) => JSON.parse(await readFile(p, "utf8")) as WalletFile;

  it("creates a wallet that opens with its password and exports the same key", async () => {
    const pair = await createWallet(path, PW, { kdf: FAST });
    const opened = await openWallet(path, PW);
    expect(opened.publicKey).to.deep.equal(pair.publicKey);
    expect(await exportPrivateKey(path, PW)).to.deep.equal(pair.exportPrivateKey());
  });

  it("writes version 1 JSON with the addresses in clear and no private key in it", async () => {
    const pair = await createWallet(path, PW, { kdf: FAST });
    const text = await readFile(path, "utf8");
    const file = JSON.parse(text) as WalletFile;
    expect(file.version).to.equal(1);
    expect(file).to.include({ curve: "secp256k1", publicKey: toHex(pair.publicKey), dspAddress: dspAddressOf(pair.publicKey), evmAddress: evmAddressOf(pair.publicKey) });
    expect(file.crypto).to.include({ cipher: "aes-256-gcm", kdf: "scrypt" });
    expect(parseHex(file.crypto.nonce, "nonce")).to.have.length(12);
    expect(parseHex(file.crypto.kdfparams.salt, "salt")).to.have.length(16);
    expect(text).not.to.contain(toHex(pair.exportPrivateKey()).slice(2));
    expect(await readWalletInfo(path)).to.deep.equal({ curve: file.curve, publicKey: file.publicKey, dspAddress: file.dspAddress, evmAddress: file.evmAddress });
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    expect(await readdir(dir)).to.deep.equal(["wallet.json"]);
  });

  it("uses scrypt n=2^15, r=8, p=1 by default and records it", async () => {
    expect(DEFAULT_KDF).to.deep.equal({ n: 32768, r: 8, p: 1 });
    await createWallet(path, PW);
    expect((await readJson()).crypto.kdfparams).to.include({ n: 32768, r: 8, p: 1, dklen: 64 });
    expect(await openWallet(path, PW)).to.have.property("curve", "secp256k1");
  });

  it("encrypts with the recorded scrypt parameters (decrypted here with noble's scrypt and node's AES-GCM)", async () => {
    const kdf = { n: 2 ** 11, r: 4, p: 2 };
    const pair = await importPrivateKey(path, accounts.vectors[0].privateKey, PW, { kdf });
    const f = await readJson();
    expect(f.crypto.kdfparams).to.include(kdf);
    const dk = scrypt(PW, parseHex(f.crypto.kdfparams.salt, "salt"), { N: kdf.n, r: kdf.r, p: kdf.p, dkLen: 64 });
    const d = createDecipheriv("aes-256-gcm", dk.subarray(0, 32), parseHex(f.crypto.nonce, "nonce"));
    d.setAAD(Buffer.from(JSON.stringify([1, f.curve, f.publicKey, f.dspAddress, f.evmAddress])));
    d.setAuthTag(parseHex(f.crypto.tag, "tag"));
    const plain = Buffer.concat([d.update(parseHex(f.crypto.ciphertext, "ct")), d.final()]);
    expect(toHex(plain)).to.equal(toHex(pair.exportPrivateKey()));
  });

  it("reads the parameters from the file: a changed n no longer opens it", async () => {
    await createWallet(path, PW, { kdf: FAST });
    const f = await readJson();
    f.crypto.kdfparams.n = 2 ** 11;
    await writeFile(path, JSON.stringify(f));
    expect(await rejection(openWallet(path, PW))).to.be.instanceOf(AccountPasswordWrong);
  });

  it("imports a private key (the AccountRegistry vector) and shows its addresses", async () => {
    const v = accounts.vectors[0];
    await importPrivateKey(path, v.privateKey, PW, { kdf: FAST });
    expect(await readWalletInfo(path)).to.include({ dspAddress: v.dspAddress, evmAddress: v.evmAddress });
    expect(toHex(await exportPrivateKey(path, PW))).to.equal(v.privateKey);
  });

  it("imports another wallet file under a new password, with a fresh salt and nonce", async () => {
    const src = join(dir, "src.json");
    const pair = await createWallet(src, "old", { kdf: FAST });
    const srcBytes = await readFile(src);
    await importWallet(path, src, "old", "new", { kdf: FAST });
    expect((await openWallet(path, "new")).publicKey).to.deep.equal(pair.publicKey);
    expect(await rejection(openWallet(path, "old"))).to.be.instanceOf(AccountPasswordWrong);
    const [a, b] = [await readJson(src), await readJson()];
    expect(b.crypto.kdfparams.salt).not.to.equal(a.crypto.kdfparams.salt);
    expect(b.crypto.nonce).not.to.equal(a.crypto.nonce);
    expect(await readFile(src)).to.deep.equal(srcBytes);
  });

  it("keeps Ed25519 wallets too (no EVM address)", async () => {
    const pair = await createWallet(path, PW, { kdf: FAST, curve: "ed25519" });
    expect(await readWalletInfo(path)).to.include({ curve: "ed25519", evmAddress: null, dspAddress: dspAddressOf(pair.publicKey) });
    expect((await openWallet(path, PW)).publicKey).to.deep.equal(pair.publicKey);
  });

  it("accepts byte passwords and treats composed and decomposed Unicode passwords as one (NFKC)", async () => {
    await createWallet(path, "caf\u00e9", { kdf: FAST });
    await openWallet(path, "cafe\u0301");
    await changePassword(path, "café", Uint8Array.of(1, 2, 3), { kdf: FAST });
    await openWallet(path, Uint8Array.of(1, 2, 3));
  });

  it("changes the password: the new one opens it, the old one no longer does", async () => {
    const pair = await createWallet(path, "old", { kdf: FAST });
    await changePassword(path, "old", "new", { kdf: FAST });
    expect((await openWallet(path, "new")).publicKey).to.deep.equal(pair.publicKey);
    expect(await rejection(openWallet(path, "old"))).to.be.instanceOf(AccountPasswordWrong);
    expect(await readdir(dir)).to.deep.equal(["wallet.json"]);
  });

  describe("a wrong password gets 50015 ACCOUNT_PASSWORD_WRONG and changes nothing", () => {
    it("open and export", async () => {
      await createWallet(path, PW, { kdf: FAST });
      const before = await readFile(path);
      for (const attempt of [() => openWallet(path, "wrong"), () => exportPrivateKey(path, "wrong"), () => openWallet(path, "")]) {
        const e = await rejection(attempt());
        expect(e).to.be.instanceOf(AccountPasswordWrong);
        expect(e.code).to.equal(50015);
        expect(e.codeName).to.equal("ACCOUNT_PASSWORD_WRONG");
      }
      expect(await readFile(path)).to.deep.equal(before);
    });

    it("changePassword leaves the file byte for byte as it was", async () => {
      await createWallet(path, PW, { kdf: FAST });
      const before = await readFile(path);
      expect(await rejection(changePassword(path, "wrong", "new", { kdf: FAST }))).to.be.instanceOf(AccountPasswordWrong);
      expect(await readFile(path)).to.deep.equal(before);
      expect(await readdir(dir)).to.deep.equal(["wallet.json"]);
    });

    it("importing from a wallet with the wrong password does not touch the target, even with overwrite", async () => {
      const src = join(dir, "src.json");
      await createWallet(src, "src", { kdf: FAST });
      await createWallet(path, PW, { kdf: FAST });
      const before = await readFile(path);
      expect(await rejection(importWallet(path, src, "wrong", PW, { kdf: FAST, overwrite: true }))).to.be.instanceOf(AccountPasswordWrong);
      expect(await readFile(path)).to.deep.equal(before);
    });
  });

  describe("an existing file is refused with 40008 ACCOUNT_EXIST unless overwrite is asked", () => {
    it("create, import a key, import a wallet", async () => {
      await createWallet(path, PW, { kdf: FAST });
      const before = await readFile(path);
      const src = join(dir, "src.json");
      await createWallet(src, PW, { kdf: FAST });
      for (const attempt of [
        () => createWallet(path, PW, { kdf: FAST }),
        () => importPrivateKey(path, accounts.vectors[1].privateKey, PW, { kdf: FAST }),
        () => importWallet(path, src, PW, PW, { kdf: FAST }),
      ]) {
        const e = await rejection(attempt());
        expect(e).to.be.instanceOf(AccountExists);
        expect(e.code).to.equal(40008);
        expect(e.codeName).to.equal("ACCOUNT_EXIST");
      }
      expect(await readFile(path)).to.deep.equal(before);
      expect((await readdir(dir)).sort()).to.deep.equal(["src.json", "wallet.json"]);
    });

    it("overwrite: true replaces it atomically", async () => {
      await createWallet(path, PW, { kdf: FAST });
      const v = accounts.vectors[1];
      await importPrivateKey(path, v.privateKey, "other", { kdf: FAST, overwrite: true });
      expect(await readWalletInfo(path)).to.include({ dspAddress: v.dspAddress });
      expect(await readdir(dir)).to.deep.equal(["wallet.json"]);
    });

    it("two creations racing for one path: exactly one wins, the file holds its key, no temporary file is left", async () => {
      // Both pass the early existence check while scrypt runs; the hard link into place decides.
      const results = await Promise.allSettled([createWallet(path, "a", { kdf: FAST }), createWallet(path, "b", { kdf: FAST })]);
      const won = results.findIndex((r) => r.status === "fulfilled");
      const lost = results[1 - won];
      expect(results.filter((r) => r.status === "fulfilled")).to.have.length(1);
      expect(lost.status === "rejected" && lost.reason).to.be.instanceOf(AccountExists);
      const winner = (results[won] as PromiseFulfilledResult<Awaited<ReturnType<typeof createWallet>>>).value;
      expect((await openWallet(path, won === 0 ? "a" : "b")).publicKey).to.deep.equal(winner.publicKey);
      expect(await readdir(dir)).to.deep.equal(["wallet.json"]);
    });

    it("an invalid private key writes nothing", async () => {
      expect(await rejection(importPrivateKey(path, "0x" + "00".repeat(32), PW, { kdf: FAST }))).to.have.property("code", 40000);
      expect(await readdir(dir)).to.deep.equal([]);
    });
  });

  it("a missing file gets 50013 WALLET_FILE_NOT_EXIST", async () => {
    for (const attempt of [() => openWallet(path, PW), () => readWalletInfo(path), () => exportPrivateKey(path, PW), () => importWallet(join(dir, "x.json"), path, PW)]) {
      const e = await rejection(attempt());
      expect(e).to.be.instanceOf(WalletFileNotExist);
      expect(e).to.include({ code: 50013, codeName: "WALLET_FILE_NOT_EXIST" });
    }
  });

  describe("a corrupt file gets 50014 and says what is wrong, never 'wrong password' when the password is right", () => {
    const tamper = async (edit: (f: WalletFile) => void) => {
      await createWallet(path, PW, { kdf: FAST, overwrite: true });
      const f = await readJson();
      edit(f);
      await writeFile(path, JSON.stringify(f));
    };
    const expectCorrupt = async (reason: RegExp) => {
      const e = await rejection(openWallet(path, PW));
      expect(e).to.be.instanceOf(WalletFileCorrupt);
      expect(e.code).to.equal(50014);
      expect(e.message).to.match(reason);
    };
    const flip = (hex: string, at = 10) => hex.slice(0, at) + (hex[at] === "0" ? "1" : "0") + hex.slice(at + 1);

    it("not JSON", async () => {
      await writeFile(path, "{ not json");
      await expectCorrupt(/not JSON/);
    });

    it("a field missing, an unknown version, an unknown cipher", async () => {
      await tamper((f) => delete (f.crypto as Partial<WalletFile["crypto"]>).tag);
      await expectCorrupt(/crypto.tag missing/);
      await tamper((f) => (f.version = 2));
      await expectCorrupt(/unknown version 2/);
      await tamper((f) => ((f.crypto as { cipher: string }).cipher = "aes-128-cbc"));
      await expectCorrupt(/unknown cipher/);
    });

    it("a tampered ciphertext, nonce or tag", async () => {
      for (const field of ["ciphertext", "nonce", "tag"] as const) {
        await tamper((f) => (f.crypto[field] = flip(f.crypto[field])));
        await expectCorrupt(/the password is right but the encrypted key fails authentication/);
      }
    });

    it("a changed address or public key in clear (bound to the ciphertext)", async () => {
      await tamper((f) => (f.dspAddress = accounts.vectors[0].dspAddress));
      await expectCorrupt(/fails authentication/);
      await tamper((f) => (f.publicKey = flip(f.publicKey, 20)));
      await expectCorrupt(/fails authentication/);
    });

    it("hostile scrypt parameters are refused before any work", async () => {
      await tamper((f) => (f.crypto.kdfparams.n = 2 ** 30));
      await expectCorrupt(/scrypt parameters out of range/);
      await tamper((f) => (f.crypto.kdfparams.n = 1000));
      await expectCorrupt(/scrypt parameters out of range/);
    });

    it("a salt of the wrong length", async () => {
      await tamper((f) => (f.crypto.kdfparams.salt = "0x00"));
      await expectCorrupt(/kdfparams.salt must be 16 bytes/);
    });
  });
});
