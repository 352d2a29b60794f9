import { expect } from "chai";
import { parseEther, Wallet } from "ethers";
import { KeyPair } from "@dsp/core";
import {
  channelsDomain, closeChannel, collectChannel, getChannel, listChannels, openChannel, recoverVoucherSigner, settleChannel, signVoucher,
  startCloseChannel, tokenBalance, verifyVoucher, voucherDigest, voucherDomain, voucherFromJson, voucherToJson,
} from "./index.js";
import { failure, type TestAccount, type TestChain, withAccounts } from "@dsp/testkit";

describe("vouchers (pure)", () => {
  const domain = voucherDomain(31337, "0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6");
  const key = KeyPair.fromPrivateKey("0x" + "11".repeat(32));
  const address = new Wallet("0x" + "11".repeat(32)).address;
  const v = { channelId: `0x${"cd".repeat(32)}`, cumulativeAmount: 123n };

  it("signs so that the sender's address is recovered, and no one else's", () => {
    const s = signVoucher(key, domain, v);
    expect(recoverVoucherSigner(domain, s)).to.equal(address);
    expect(verifyVoucher(domain, s, address)).to.equal(true);
    expect(verifyVoucher(domain, s, "0x" + "00".repeat(19) + "01")).to.equal(false);
  });

  it("a changed amount, channel or domain no longer verifies", () => {
    const s = signVoucher(key, domain, v);
    expect(verifyVoucher(domain, { ...s, cumulativeAmount: 124n }, address)).to.equal(false);
    expect(verifyVoucher(domain, { ...s, channelId: `0x${"ce".repeat(32)}` }, address)).to.equal(false);
    expect(verifyVoucher(voucherDomain(1, domain.verifyingContract!), s, address)).to.equal(false);
  });

  it("refuses malformed and malleable signatures", () => {
    const s = signVoucher(key, domain, v);
    expect(verifyVoucher(domain, { ...s, signature: s.signature.slice(0, 20) }, address)).to.equal(false);
    // s' = n - s with the other v recovers the same key; the contract refuses it, and so do we.
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const r = s.signature.slice(2, 66);
    const high = (n - BigInt("0x" + s.signature.slice(66, 130))).toString(16).padStart(64, "0");
    const flipped = parseInt(s.signature.slice(130), 16) === 27 ? "1c" : "1b";
    expect(() => recoverVoucherSigner(domain, { ...s, signature: `0x${r}${high}${flipped}` })).to.throw(/malleable/);
  });

  it("round-trips through JSON and checks every field", () => {
    const s = signVoucher(key, domain, v);
    expect(voucherFromJson(JSON.parse(JSON.stringify(voucherToJson(s))))).to.deep.equal(s);
    expect(() => voucherFromJson({ channelId: "0x12", cumulativeAmount: "1", signature: s.signature })).to.throw(/channel id/);
    expect(() => voucherFromJson({ channelId: v.channelId, cumulativeAmount: "-1", signature: s.signature })).to.throw(/whole number/);
  });
});

describe("ledger: payment channels", function () {
  const f = withAccounts("dsp-ledger-channels-", 2);
  let chain: TestChain;
  let payer: TestAccount, seeder: TestAccount;
  before(async () => {
    chain = f.chain;
    [payer, seeder] = f.accounts;
  });

  it("our digest equals the contract's hashVoucher", async () => {
    const v = { channelId: `0x${"cd".repeat(32)}`, cumulativeAmount: 10n ** 18n };
    expect(voucherDigest(channelsDomain(payer.ledger), v)).to.equal(await payer.ledger.contracts.channels.hashVoucher(v.channelId, v.cumulativeAmount));
  });

  it("opens a channel, the seeder collects a voucher and closes with a later one; balances move as the vouchers say", async () => {
    const payerBefore = await tokenBalance(payer.ledger, payer.address);
    const ch = await openChannel(payer.ledger, seeder.address, "10");
    expect(ch).to.include({ sender: payer.address, recipient: seeder.address, status: "open", deposit: parseEther("10") });
    expect((await listChannels(seeder.ledger, seeder.address)).paid.map((c) => c.channelId)).to.deep.equal([ch.channelId]);
    expect((await listChannels(payer.ledger, payer.address)).paying.map((c) => c.channelId)).to.deep.equal([ch.channelId]);

    const domain = channelsDomain(payer.ledger);
    const seederBefore = await tokenBalance(seeder.ledger, seeder.address);
    await collectChannel(seeder.ledger, signVoucher(payer.pair, domain, { channelId: ch.channelId, cumulativeAmount: parseEther("2") }));
    const closed = await closeChannel(seeder.ledger, signVoucher(payer.pair, domain, { channelId: ch.channelId, cumulativeAmount: parseEther("3") }));
    expect(closed.status).to.equal("settled");
    expect((await tokenBalance(seeder.ledger, seeder.address)) - seederBefore).to.equal(parseEther("3"));
    expect(payerBefore - (await tokenBalance(payer.ledger, payer.address))).to.equal(parseEther("3"));
    expect((await listChannels(payer.ledger, payer.address)).paying).to.deep.equal([]);
  });

  it("a voucher signed by someone else is refused (50032), and so is a stale one", async () => {
    const ch = await openChannel(payer.ledger, seeder.address, "1");
    const domain = channelsDomain(payer.ledger);
    const forged = signVoucher(seeder.pair, domain, { channelId: ch.channelId, cumulativeAmount: parseEther("1") });
    expect(await failure(collectChannel(seeder.ledger, forged))).to.include({ code: 50032, codeName: "PAY_UNPAID_BLOCK_FAILED", reason: "WrongSigner" });
    await collectChannel(seeder.ledger, signVoucher(payer.pair, domain, { channelId: ch.channelId, cumulativeAmount: 5n }));
    const stale = signVoucher(payer.pair, domain, { channelId: ch.channelId, cumulativeAmount: 5n });
    expect(await failure(collectChannel(seeder.ledger, stale))).to.include({ code: 50032, reason: "StaleVoucher" });
  });

  it("the sender starts a close and settles after the challenge period; settling early is refused", async () => {
    const ch = await openChannel(payer.ledger, seeder.address, "1");
    expect(await failure(startCloseChannel(seeder.ledger, ch.channelId))).to.include({ code: 40005, reason: "NotSender" });
    const closing = await startCloseChannel(payer.ledger, ch.channelId, "0.25");
    expect(closing).to.include({ status: "closing", closingAmount: parseEther("0.25") });
    expect(await failure(settleChannel(payer.ledger, ch.channelId))).to.include({ reason: "ChallengePeriodActive" });
    await chain.mine(closing.challengePeriod);
    expect((await settleChannel(payer.ledger, ch.channelId)).status).to.equal("settled");
    expect((await getChannel(payer.ledger, ch.channelId)).status).to.equal("settled");
  });

  it("opening to oneself is refused (40000), and a deposit above the balance is 40006", async () => {
    expect(await failure(openChannel(payer.ledger, payer.address, "1"))).to.include({ code: 40000, reason: "InvalidRecipient" });
    expect(await failure(openChannel(payer.ledger, seeder.address, "100000000"))).to.include({ code: 40006 });
  });
});
