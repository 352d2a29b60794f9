import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { AccountPasswordWrong, KeyPair, createWallet, toHex } from "@dsp/core";
import { InvalidParams } from "@dsp/core";
import { caught } from "../test/caught.js";
import { loadScanAccount, peerKeyOf } from "./identity.js";

const FAST_KDF = { n: 1024, r: 8, p: 1 };

describe("SCAN server identity", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), "dsp-scan-id-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("opens the account of a wallet file with a password file (trailing newline ignored) or a password", async () => {
    const file = path.join(dir, "w.json");
    const pair = await createWallet(file, "s3cret", { kdf: FAST_KDF });
    const pwFile = path.join(dir, "pw");
    writeFileSync(pwFile, "s3cret\n");
    for (const src of [{ wallet: file, passwordFile: pwFile }, { wallet: file, password: "s3cret" }]) {
      expect(toHex((await loadScanAccount(src))!.publicKey)).to.equal(toHex(pair.publicKey));
    }
    expect(await caught(() => loadScanAccount({ wallet: file, password: "wrong" }))).to.be.instanceOf(AccountPasswordWrong);
  });

  it("takes a raw private key, and names no account when given none", async () => {
    const key = "0x" + "11".repeat(32);
    expect(toHex((await loadScanAccount({ privateKey: key }))!.publicKey)).to.equal(toHex(KeyPair.fromPrivateKey(key).publicKey));
    expect(await loadScanAccount({})).to.equal(undefined);
  });

  it("refuses a wallet and a key together, a wallet with no password, and an Ed25519 account, with 40000", async () => {
    const file = path.join(dir, "ed.json");
    await createWallet(file, "pw", { kdf: FAST_KDF, curve: "ed25519" });
    for (const src of [{ wallet: file, privateKey: "0x" + "11".repeat(32) }, { wallet: file }, { wallet: file, password: "pw" }]) {
      const err = await caught(() => loadScanAccount(src));
      expect(err, JSON.stringify(src)).to.be.instanceOf(InvalidParams);
      expect((err as InvalidParams).code).to.equal(40000);
    }
  });

  it("derives one libp2p identity per account: the same peer id on every start, another for another account", async () => {
    const a = KeyPair.fromPrivateKey("0x" + "21".repeat(32));
    const id = async (k: KeyPair) => peerIdFromPrivateKey(await peerKeyOf(k)).toString();
    expect(await id(a)).to.equal(await id(KeyPair.fromPrivateKey("0x" + "21".repeat(32))));
    expect(await id(a)).to.not.equal(await id(KeyPair.fromPrivateKey("0x" + "22".repeat(32))));
    expect(await id(a)).to.match(/^12D3Koo/);
  });
});
