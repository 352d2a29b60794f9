import { expect } from "chai";
import path from "node:path";
import { parseEther } from "ethers";
import { createWallet } from "@dsp/core";
import { accountInfo, balances, bindAccount, resolveAddress, walletSigner } from "./index.js";
import { FAST_KDF, failure, PASSWORD, type TestAccount, type TestChain, withAccounts } from "@dsp/testkit";
import { dspAddressOf } from "@dsp/core";

describe("ledger: accounts", function () {
  const f = withAccounts("dsp-ledger-accounts-", 1, parseEther("5"));
  let chain: TestChain;
  let acct: TestAccount;
  before(async () => {
    chain = f.chain;
    [acct] = f.accounts;
  });

  it("a wallet file's key signs as the wallet's EVM address", async () => {
    const signer = await walletSigner(acct.path, PASSWORD);
    expect(await signer.getAddress()).to.equal(acct.address);
  });

  it("a wrong password is 50015 ACCOUNT_PASSWORD_WRONG", async () => {
    expect(await failure(walletSigner(acct.path, "wrong"))).to.include({ code: 50015, codeName: "ACCOUNT_PASSWORD_WRONG" });
  });

  it("an Ed25519 wallet cannot sign transactions (40000)", async () => {
    const file = path.join(f.dir, "ed.json");
    await createWallet(file, PASSWORD, { curve: "ed25519", kdf: FAST_KDF });
    expect(await failure(walletSigner(file, PASSWORD))).to.include({ code: 40000 });
  });

  it("binds the key; the DSP address then resolves to the EVM address; binding twice is 40008", async () => {
    expect((await accountInfo(acct.ledger, acct.address)).dspAddress).to.equal(null);
    const dsp = dspAddressOf(acct.pair.publicKey);
    expect(await failure(resolveAddress(acct.ledger, dsp))).to.include({ code: 40007 });
    const info = await bindAccount(acct.ledger, acct.pair);
    expect(info).to.deep.equal({ evmAddress: acct.address, dspAddress: dsp, publicKey: `0x${Buffer.from(acct.pair.publicKey).toString("hex")}` });
    expect(await resolveAddress(acct.ledger, dsp)).to.equal(acct.address);
    expect(await failure(bindAccount(acct.ledger, acct.pair))).to.include({ code: 40008, reason: "AlreadyBound" });
  });

  it("a malformed address is 40010 INVALID_WALLET_ADDRESS", async () => {
    expect(await failure(resolveAddress(acct.ledger, "0x1234"))).to.include({ code: 40010 });
    expect(await failure(resolveAddress(acct.ledger, "notanaddress"))).to.include({ code: 40010 });
  });

  it("reads ETH, DSP, rewards and user space credit", async () => {
    const b = await balances(acct.ledger, acct.address);
    expect(b.dsp).to.equal(parseEther("5"));
    expect(b.eth > 0n && b.eth <= parseEther("10")).to.equal(true);
    expect(b).to.include({ rewards: 0n, userSpaceCredit: 0n });
  });

  it("an unreachable endpoint is 50023 CHAIN_ERROR", async () => {
    const { Ledger } = await import("./connect.js");
    const dead = await Ledger.connect({ rpcUrl: "http://127.0.0.1:9", deployments: chain.deployments });
    try {
      expect(await failure(dead.checkChain())).to.include({ code: 50023 });
      expect(await failure(balances(dead, acct.address))).to.include({ code: 50023 });
    } finally {
      dead.destroy();
    }
  });
});
