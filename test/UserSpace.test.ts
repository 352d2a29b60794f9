import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Signer } from "ethers";
import {
  deployFixture, registerNodes, makeFile, storeFile, storeAccepted, dealIdOf, proveNow, piecesOf, govern, randomBytes,
  SETTINGS, E18, type Fixture, type StoredFile,
} from "./helpers/dsp";
import { DEVNET_PARAMS } from "../scripts/lib/deploy-dsp";
import { UserSpaceLedger__factory } from "../typechain-types";

const PRICE = BigInt(SETTINGS.spacePrice);
const PROOF_FEE = BigInt(SETTINGS.proofFee);
const ACCEPT_WINDOW = BigInt(SETTINGS.acceptWindow);
const PERIOD = DEVNET_PARAMS.proving.period;
/** The shortest deal: an offer accepted at the end of its window still has a whole period to prove. */
const MIN_TERM = ACCEPT_WINDOW + 2n * PERIOD;
const SPACE = 0;
const PER_FILE = 1;

const kib = (b: bigint) => (b + 1023n) / 1024n;

/** The space cost of addUserSpace(addBytes, expiry) for a space (totalBytes, oldExpiry) at block `h`. */
function spaceQuote(h: bigint, total: bigint, oldExpiry: bigint, addBytes: bigint, expiry: bigint) {
  const start = oldExpiry > h ? oldExpiry : h;
  const extension = expiry > start ? expiry - start : 0n;
  const newTerm = expiry > h ? expiry - h : 0n;
  return PRICE * (kib(addBytes) * newTerm + kib(total) * extension);
}

/** The file ledger's fee formula (docs/fees.md) at block `h`: per slot, space for the term and a proof fee per period. */
function fileFee(h: bigint, size: bigint, copyNum: bigint, expiry: bigint) {
  const duration = expiry - h;
  const periods = duration / PERIOD;
  const k = size === 0n ? 1n : kib(size);
  const perSlot = k * duration * PRICE + periods * PROOF_FEE;
  return { deposit: perSlot * (copyNum + 1n), periods, perSlot };
}

/** A plain copy of a user space, comparable with deep.equal. */
async function spaceOf(f: Fixture, who: string) {
  const u = await f.userSpace.getUserSpace(who);
  return { totalBytes: u.totalBytes, usedBytes: u.usedBytes, expiredHeight: u.expiredHeight, updatedHeight: u.updatedHeight, balance: u.balance };
}

async function height() {
  return BigInt(await ethers.provider.getBlockNumber());
}

async function blockOf(tx: Promise<ContractTransactionResponse> | ContractTransactionResponse) {
  const receipt = await (await tx).wait();
  return BigInt(receipt!.blockNumber);
}

/** Three registered nodes; owner and other have approved the user space contract. */
async function spaceFixture() {
  const f = await deployFixture();
  const nodes = await registerNodes(f, 3);
  const us = await f.userSpace.getAddress();
  await f.token.connect(f.owner).approve(us, ethers.MaxUint256);
  await f.token.connect(f.other).approve(us, ethers.MaxUint256);
  return { ...f, n0: nodes[0], n1: nodes[1], n2: nodes[2] };
}

type SF = Awaited<ReturnType<typeof spaceFixture>>;

const QUOTA = 100_000n;
const TERM = 200n;
const EXTRA = 1n * E18;

/** spaceFixture plus a space of QUOTA bytes for TERM blocks and EXTRA credit bought by owner. */
async function boughtFixture() {
  const f = await spaceFixture();
  const wallet0 = await f.token.balanceOf(f.owner.address);
  const expiry = (await height()) + 1n + TERM;
  await f.userSpace.connect(f.owner).addUserSpace(QUOTA, expiry, EXTRA);
  const space0 = await spaceOf(f, f.owner.address);
  return { ...f, wallet0, expiry, space0 };
}

function spaceFile(seed: string, size = 3000, over: Parameters<typeof makeFile>[1] = {}) {
  return makeFile(randomBytes(size, seed), { storageType: SPACE, privilege: 0, ...over });
}

async function rewardsPaid(f: Fixture) {
  let sum = 0n;
  for (const n of f.nodes) sum += await f.ledger.rewardsOf(n.address);
  return sum;
}

/** What the deal's slots hold in escrow (before any period is paid: the whole deposit). */
async function escrowOf(f: Fixture, file: StoredFile, owner: Signer = f.owner) {
  const [, slots] = await f.ledger.holdersOf(await dealIdOf(file, owner));
  return slots.reduce((s, st) => s + st.escrow, 0n);
}

/**
 * Where `who`'s tokens are: its wallet, its space's credit, and the ledger, which holds its deals'
 * unpaid escrow and the rewards they paid that the nodes have not claimed (only `who` stores here).
 */
async function accounted(f: Fixture, who: Signer) {
  const addr = await who.getAddress();
  return (await f.token.balanceOf(addr)) + (await f.userSpace.getUserSpace(addr)).balance +
    (await f.token.balanceOf(await f.ledger.getAddress()));
}

const id = (f: Fixture, file: StoredFile, owner: Signer = f.owner) => dealIdOf(file, owner);

/** The user space contract holds exactly its users' credit. */
async function expectSolvent(f: SF) {
  const held = await f.token.balanceOf(await f.userSpace.getAddress());
  const credit = (await f.userSpace.getUserSpace(f.owner.address)).balance + (await f.userSpace.getUserSpace(f.other.address)).balance;
  expect(held).to.equal(credit);
}

function fileStoredInfo(f: Fixture, receipt: { logs: readonly unknown[] }) {
  for (const l of receipt.logs as Parameters<typeof f.ledger.interface.parseLog>[0][]) {
    const parsed = f.ledger.interface.parseLog(l);
    if (parsed?.name === "FileStored") return parsed.args.info;
  }
  throw new Error("no FileStored");
}

/** Stores a space file and returns the deposit and the height of the store block. */
async function storeInSpace(f: SF, file: StoredFile, primaries: Signer[] = [f.n0, f.n1], candidates: Signer[] = []) {
  const tx = await storeFile(f, file, primaries, candidates);
  const receipt = (await tx.wait())!;
  const info = fileStoredInfo(f, receipt);
  return { tx, deposit: info.deposit as bigint, at: BigInt(receipt.blockNumber), info };
}

describe("UserSpaceLedger", () => {
  describe("setLedger", () => {
    it("is wired by deployDsp, whose admin then renounced the role: nobody can rewire it", async () => {
      const f = await loadFixture(spaceFixture);
      expect(await f.userSpace.ledger()).to.equal(await f.ledger.getAddress());
      expect(await f.userSpace.token()).to.equal(await f.token.getAddress());
      expect(await f.ledger.userSpace()).to.equal(await f.userSpace.getAddress());
      expect(await f.userSpace.hasRole(await f.userSpace.LEDGER_ROLE(), await f.ledger.getAddress())).to.equal(true);
      const admin = await f.userSpace.DEFAULT_ADMIN_ROLE();
      expect(await f.userSpace.hasRole(admin, f.admin.address)).to.equal(false);
      await expect(f.userSpace.connect(f.admin).setLedger(f.other.address))
        .to.be.revertedWithCustomError(f.userSpace, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, admin);
      await expect(f.userSpace.connect(f.admin).grantRole(await f.userSpace.LEDGER_ROLE(), f.admin.address))
        .to.be.revertedWithCustomError(f.userSpace, "AccessControlUnauthorizedAccount").withArgs(f.admin.address, admin);
      expect(await f.userSpace.ledger()).to.equal(await f.ledger.getAddress());
      expect(await f.userSpace.hasRole(await f.userSpace.LEDGER_ROLE(), f.other.address)).to.equal(false);
    });

    it("is for the admin only, once: emits LedgerSet and grants LEDGER_ROLE", async () => {
      const f = await loadFixture(spaceFixture);
      const fresh = await new UserSpaceLedger__factory(f.admin).deploy(f.admin.address, await f.token.getAddress());
      const admin = await fresh.DEFAULT_ADMIN_ROLE();
      const role = await fresh.LEDGER_ROLE();
      expect(role).to.equal(ethers.id("LEDGER_ROLE"));
      expect(await fresh.ledger()).to.equal(ethers.ZeroAddress);
      await expect(fresh.connect(f.other).setLedger(f.other.address))
        .to.be.revertedWithCustomError(fresh, "AccessControlUnauthorizedAccount").withArgs(f.other.address, admin);
      const ledgerAddr = await f.ledger.getAddress();
      await expect(fresh.connect(f.admin).setLedger(ledgerAddr)).to.emit(fresh, "LedgerSet").withArgs(ledgerAddr);
      expect(await fresh.ledger()).to.equal(ledgerAddr);
      expect(await fresh.hasRole(role, ledgerAddr)).to.equal(true);
      await expect(fresh.connect(f.admin).setLedger(f.other.address)).to.be.revertedWithCustomError(fresh, "LedgerAlreadySet");
      await expect(fresh.connect(f.other).setLedger(f.other.address))
        .to.be.revertedWithCustomError(fresh, "AccessControlUnauthorizedAccount").withArgs(f.other.address, admin);
    });
  });

  describe("addUserSpace", () => {
    it("buys a new space: pulls exactly spacePrice * ceil(bytes/1024) * term + extraCredit and records it", async () => {
      const f = await loadFixture(spaceFixture);
      const wallet0 = await f.token.balanceOf(f.owner.address);
      const addBytes = 10_000n; // 10 KiB, rounded up
      const extra = 12345n;
      const expiry = (await height()) + 1n + 300n;
      const tx = await f.userSpace.connect(f.owner).addUserSpace(addBytes, expiry, extra);
      const at = await blockOf(tx);
      const paid = PRICE * 10n * 300n + extra;
      expect(spaceQuote(at, 0n, 0n, addBytes, expiry) + extra).to.equal(paid);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated").withArgs(f.owner.address, addBytes, 0n, expiry, paid);
      await expect(tx).to.changeTokenBalances(f.token, [f.owner, f.userSpace], [-paid, paid]);
      const u = await f.userSpace.getUserSpace(f.owner.address);
      expect(u.totalBytes).to.equal(addBytes);
      expect(u.usedBytes).to.equal(0n);
      expect(u.expiredHeight).to.equal(expiry);
      expect(u.updatedHeight).to.equal(at);
      expect(u.balance).to.equal(paid);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(wallet0 - paid);
      expect(await accounted(f, f.owner)).to.equal(wallet0);
      await expectSolvent(f);
    });

    it("returns what it pulls, which is quote(...) + extraCredit at the same height", async () => {
      const f = await loadFixture(spaceFixture);
      const expiry = (await height()) + 500n;
      // eth_call executes both at the same block, so they must agree
      const q = await f.userSpace.quote(f.owner.address, 5000n, expiry);
      const ret = await f.userSpace.connect(f.owner).addUserSpace.staticCall(5000n, expiry, 7n);
      expect(ret).to.equal(q + 7n);
      expect(q).to.equal(spaceQuote(await height(), 0n, 0n, 5000n, expiry));
    });

    it("rounds bytes up to whole KiB", async () => {
      const f = await loadFixture(spaceFixture);
      const expiry = (await height()) + 100n;
      const h = await height();
      for (const [bytes, k] of [[0n, 0n], [1n, 1n], [1024n, 1n], [1025n, 2n], [2048n, 2n], [2049n, 3n]]) {
        expect(await f.userSpace.quote(f.other.address, bytes, expiry)).to.equal(PRICE * k * (expiry - h));
      }
    });

    it("grows a live space at the same expiry: charges only the new bytes for the rest of the term", async () => {
      const f = await loadFixture(boughtFixture);
      const add = 5000n;
      const tx = await f.userSpace.connect(f.owner).addUserSpace(add, f.expiry, 0n);
      const at = await blockOf(tx);
      const paid = PRICE * kib(add) * (f.expiry - at);
      expect(spaceQuote(at, QUOTA, f.expiry, add, f.expiry)).to.equal(paid);
      await expect(tx).to.changeTokenBalances(f.token, [f.owner, f.userSpace], [-paid, paid]);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated")
        .withArgs(f.owner.address, QUOTA + add, 0n, f.expiry, f.space0.balance + paid);
      const u = await f.userSpace.getUserSpace(f.owner.address);
      expect(u.totalBytes).to.equal(QUOTA + add);
      expect(u.expiredHeight).to.equal(f.expiry);
      expect(u.updatedHeight).to.equal(at);
    });

    it("extends a live space: charges the whole quota (rounded up as a total) for the extension only", async () => {
      const f = await loadFixture(spaceFixture);
      const expiry = (await height()) + 100n;
      await f.userSpace.connect(f.owner).addUserSpace(1000n, expiry, 0n);
      await f.userSpace.connect(f.owner).addUserSpace(1000n, expiry, 0n); // 2000 bytes: 2 KiB, not 1 + 1
      const newExpiry = expiry + 50n;
      const tx = await f.userSpace.connect(f.owner).addUserSpace(0n, newExpiry, 0n);
      const paid = PRICE * 2n * 50n;
      await expect(tx).to.changeTokenBalance(f.token, f.owner, -paid);
      const u = await f.userSpace.getUserSpace(f.owner.address);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated").withArgs(f.owner.address, 2000n, 0n, newExpiry, u.balance);
      expect(u.expiredHeight).to.equal(newExpiry);
    });

    it("grows and extends at once: new bytes for the whole new term, old bytes for the extension", async () => {
      const f = await loadFixture(boughtFixture);
      const add = 3000n;
      const newExpiry = f.expiry + 40n;
      const tx = await f.userSpace.connect(f.owner).addUserSpace(add, newExpiry, 5n);
      const at = await blockOf(tx);
      const paid = PRICE * (kib(add) * (newExpiry - at) + kib(QUOTA) * 40n) + 5n;
      expect(spaceQuote(at, QUOTA, f.expiry, add, newExpiry) + 5n).to.equal(paid);
      await expect(tx).to.changeTokenBalance(f.token, f.owner, -paid);
      expect((await f.userSpace.getUserSpace(f.owner.address)).balance).to.equal(f.space0.balance + paid);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      await expectSolvent(f);
    });

    it("adds credit alone at the same expiry, pulling exactly extraCredit", async () => {
      const f = await loadFixture(boughtFixture);
      const tx = f.userSpace.connect(f.owner).addUserSpace(0n, f.expiry, 999n);
      await expect(tx).to.changeTokenBalances(f.token, [f.owner, f.userSpace], [-999n, 999n]);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated")
        .withArgs(f.owner.address, QUOTA, 0n, f.expiry, f.space0.balance + 999n);
    });

    it("reverts ExpiryNotExtended when nothing changes, or the expiry moves back, or a new space ends now", async () => {
      const f = await loadFixture(boughtFixture);
      await expect(f.userSpace.connect(f.owner).addUserSpace(0n, f.expiry, 0n))
        .to.be.revertedWithCustomError(f.userSpace, "ExpiryNotExtended").withArgs(f.expiry, f.expiry);
      await expect(f.userSpace.connect(f.owner).addUserSpace(1000n, f.expiry - 1n, 0n))
        .to.be.revertedWithCustomError(f.userSpace, "ExpiryNotExtended").withArgs(f.expiry - 1n, f.expiry);
      await expect(f.userSpace.connect(f.owner).addUserSpace(0n, 0n, 1n))
        .to.be.revertedWithCustomError(f.userSpace, "ExpiryNotExtended").withArgs(0n, f.expiry);
      // a new space: the expiry must be after the transaction's block
      const next = (await height()) + 1n;
      await expect(f.userSpace.connect(f.other).addUserSpace(1000n, next, 0n))
        .to.be.revertedWithCustomError(f.userSpace, "ExpiryNotExtended").withArgs(next, next + 1n);
      await expect(f.userSpace.connect(f.other).addUserSpace(1000n, 0n, 0n))
        .to.be.revertedWithCustomError(f.userSpace, "ExpiryNotExtended").withArgs(0n, (await height()) + 2n);
      expect((await f.userSpace.getUserSpace(f.other.address)).updatedHeight).to.equal(0n);
      expect((await f.userSpace.getUserSpace(f.owner.address)).balance).to.equal(f.space0.balance);
    });

    it("renews an expired space from now: the kept quota pays for the whole new term", async () => {
      const f = await loadFixture(boughtFixture);
      await mine(f.expiry - (await height()) + 10n);
      // the old expiry no longer counts as the minimum
      const next = (await height()) + 1n;
      await expect(f.userSpace.connect(f.owner).addUserSpace(0n, f.expiry, 0n))
        .to.be.revertedWithCustomError(f.userSpace, "ExpiryNotExtended").withArgs(f.expiry, next + 1n);
      const newExpiry = next + 100n;
      expect(await f.userSpace.quote(f.owner.address, 0n, newExpiry)).to.equal(PRICE * kib(QUOTA) * (newExpiry - (await height())));
      const tx = await f.userSpace.connect(f.owner).addUserSpace(2048n, newExpiry, 0n);
      const at = await blockOf(tx);
      const paid = PRICE * (2n + kib(QUOTA)) * (newExpiry - at);
      await expect(tx).to.changeTokenBalance(f.token, f.owner, -paid);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated")
        .withArgs(f.owner.address, QUOTA + 2048n, 0n, newExpiry, f.space0.balance + paid);
    });

    it("prices with the ledger's current spacePrice", async () => {
      const f = await loadFixture(spaceFixture);
      const expiry = (await height()) + 100n;
      const before = await f.userSpace.quote(f.owner.address, 4096n, expiry);
      await govern(f, f.ledger, f.ledger.interface.encodeFunctionData("setSettings", [{ ...SETTINGS, spacePrice: PRICE * 3n }]));
      const h = await height();
      expect(await f.userSpace.quote(f.owner.address, 4096n, expiry)).to.equal(PRICE * 3n * 4n * (expiry - h));
      // the governance call took two blocks (schedule, execute)
      expect(before).to.equal(PRICE * 4n * (expiry - h + 2n));
    });

    it("fails without allowance and changes nothing", async () => {
      const f = await loadFixture(spaceFixture);
      const [, , , , , , , , , , , stranger] = await ethers.getSigners();
      await f.token.mint(stranger.address, E18);
      const expiry = (await height()) + 1n + 10n;
      const needed = PRICE * 1n * 10n;
      await expect(f.userSpace.connect(stranger).addUserSpace(1n, expiry, 0n))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
        .withArgs(await f.userSpace.getAddress(), 0n, needed);
      expect((await f.userSpace.getUserSpace(stranger.address)).updatedHeight).to.equal(0n);
    });
  });

  describe("revoke", () => {
    it("refunds the whole balance of a space without files, deletes it, and a second revoke reverts NoUserSpace", async () => {
      const f = await loadFixture(boughtFixture);
      const tx = f.userSpace.connect(f.owner).revoke();
      await expect(tx).to.emit(f.userSpace, "UserSpaceRevoked").withArgs(f.owner.address, f.space0.balance);
      await expect(tx).to.changeTokenBalances(f.token, [f.owner, f.userSpace], [f.space0.balance, -f.space0.balance]);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(f.wallet0);
      const u = await f.userSpace.getUserSpace(f.owner.address);
      expect([u.totalBytes, u.usedBytes, u.expiredHeight, u.updatedHeight, u.balance]).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
      await expect(f.userSpace.connect(f.owner).revoke())
        .to.be.revertedWithCustomError(f.userSpace, "NoUserSpace").withArgs(f.owner.address);
    });

    it("reverts NoUserSpace for an address that never bought a space", async () => {
      const f = await loadFixture(boughtFixture);
      await expect(f.userSpace.connect(f.other).revoke())
        .to.be.revertedWithCustomError(f.userSpace, "NoUserSpace").withArgs(f.other.address);
    });

    it("revokes an empty space with nothing to refund", async () => {
      const f = await loadFixture(spaceFixture);
      await f.userSpace.connect(f.other).addUserSpace(0n, (await height()) + 10n, 0n);
      const tx = f.userSpace.connect(f.other).revoke();
      await expect(tx).to.emit(f.userSpace, "UserSpaceRevoked").withArgs(f.other.address, 0n);
      await expect(tx).to.changeTokenBalance(f.token, f.other, 0n);
    });

    it("revokes an expired space too, refunding its unused credit", async () => {
      const f = await loadFixture(boughtFixture);
      await mine(f.expiry - (await height()) + 1n);
      await expect(f.userSpace.connect(f.owner).revoke())
        .to.emit(f.userSpace, "UserSpaceRevoked").withArgs(f.owner.address, f.space0.balance);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(f.wallet0);
    });

    it("reverts CantRevokeWithFiles while a file uses the space", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("revoke-busy", 3000, { copyNum: 1 });
      await storeInSpace(f, file);
      await expect(f.userSpace.connect(f.owner).revoke())
        .to.be.revertedWithCustomError(f.userSpace, "CantRevokeWithFiles").withArgs(f.owner.address, 6000n);
    });

    it("counts a zero-byte file as one byte per copy, so it blocks revoke until deleted", async () => {
      const f = await loadFixture(boughtFixture);
      const empty = spaceFile("empty", 0, { copyNum: 1 });
      const { deposit, at } = await storeInSpace(f, empty, [f.n0, f.n1]);
      expect(deposit).to.equal(fileFee(at, 0n, 1n, f.expiry).deposit); // billed as one KiB per copy
      expect((await f.userSpace.getUserSpace(f.owner.address)).usedBytes).to.equal(2n);
      await expect(f.userSpace.connect(f.owner).revoke())
        .to.be.revertedWithCustomError(f.userSpace, "CantRevokeWithFiles").withArgs(f.owner.address, 2n);
      await expect(f.ledger.connect(f.owner).deleteFiles([await id(f, empty)]))
        .to.emit(f.userSpace, "UserSpaceCredited").withArgs(f.owner.address, 2n, deposit);
      await expect(f.userSpace.connect(f.owner).revoke())
        .to.emit(f.userSpace, "UserSpaceRevoked").withArgs(f.owner.address, f.space0.balance);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(f.wallet0);
    });
  });

  describe("charge and credit", () => {
    it("refuse callers without LEDGER_ROLE, the admin included", async () => {
      const f = await loadFixture(boughtFixture);
      const role = await f.userSpace.LEDGER_ROLE();
      for (const s of [f.owner, f.admin, f.other]) {
        await expect(f.userSpace.connect(s).charge(f.owner.address, 1n, 1n))
          .to.be.revertedWithCustomError(f.userSpace, "AccessControlUnauthorizedAccount").withArgs(s.address, role);
        await expect(f.userSpace.connect(s).credit(f.owner.address, 0n, 1n))
          .to.be.revertedWithCustomError(f.userSpace, "AccessControlUnauthorizedAccount").withArgs(s.address, role);
      }
      expect(await spaceOf(f, f.owner.address)).to.deep.equal(f.space0);
    });

    /**
     * A user space of its own whose LEDGER_ROLE the test holds (the deployment's answers to the ledger
     * alone, and its admin renounced the role): wired to the real ledger for prices, with `reporter`
     * granted LEDGER_ROLE, and the owner's space of QUOTA bytes bought in it.
     */
    async function ownSpace(f: Awaited<ReturnType<typeof boughtFixture>>) {
      const us = await new UserSpaceLedger__factory(f.admin).deploy(f.admin.address, await f.token.getAddress());
      await us.setLedger(await f.ledger.getAddress());
      await us.grantRole(await us.LEDGER_ROLE(), f.reporter.address);
      await f.token.connect(f.owner).approve(await us.getAddress(), ethers.MaxUint256);
      await us.connect(f.owner).addUserSpace(QUOTA, f.expiry, EXTRA);
      const bal = (await us.getUserSpace(f.owner.address)).balance;
      return { us: us.connect(f.reporter), bal };
    }

    it("charge takes bytes and sends credit to the caller; credit gives both back; each checks its limits", async () => {
      const f = await loadFixture(boughtFixture);
      const { us, bal } = await ownSpace(f);

      const tx = us.charge(f.owner.address, 4000n, 1000n);
      await expect(tx).to.emit(us, "UserSpaceCharged").withArgs(f.owner.address, 4000n, 1000n);
      await expect(tx).to.emit(us, "UserSpaceUpdated").withArgs(f.owner.address, QUOTA, 4000n, f.expiry, bal - 1000n);
      await expect(tx).to.changeTokenBalances(f.token, [f.reporter, us], [1000n, -1000n]);
      expect(await us.charge.staticCall(f.owner.address, 0n, 0n)).to.equal(f.expiry);

      await expect(us.charge(f.owner.address, QUOTA - 4000n + 1n, 0n))
        .to.be.revertedWithCustomError(us, "UserSpaceNotEnough").withArgs(f.owner.address, QUOTA - 4000n + 1n, QUOTA - 4000n);
      await expect(us.charge(f.owner.address, QUOTA - 4000n, bal - 1000n + 1n))
        .to.be.revertedWithCustomError(us, "UserSpaceBalanceTooLow").withArgs(f.owner.address, bal - 1000n + 1n, bal - 1000n);
      const at = (await height()) + 1n;
      await expect(us.charge(f.other.address, 0n, 0n))
        .to.be.revertedWithCustomError(us, "UserSpaceExpired").withArgs(f.other.address, 0n, at);

      // the caller has sent the tokens back before crediting
      await f.token.connect(f.reporter).transfer(await us.getAddress(), 600n);
      await expect(us.credit(f.owner.address, 3000n, 600n))
        .to.emit(us, "UserSpaceCredited").withArgs(f.owner.address, 3000n, 600n)
        .and.to.emit(us, "UserSpaceUpdated").withArgs(f.owner.address, QUOTA, 1000n, f.expiry, bal - 400n);
      expect(await f.token.balanceOf(await us.getAddress())).to.equal((await us.getUserSpace(f.owner.address)).balance);
    });

    it("charge refuses an expired space, at the expiry block itself", async () => {
      const f = await loadFixture(boughtFixture);
      const { us } = await ownSpace(f);
      await mine(f.expiry - (await height()) - 1n); // the next transaction lands in block `expiry`
      await expect(us.charge(f.owner.address, 1n, 1n))
        .to.be.revertedWithCustomError(us, "UserSpaceExpired").withArgs(f.owner.address, f.expiry, f.expiry);
    });
  });

  describe("files in the space (storage type 0)", () => {
    it("stores with the space's expiry (ignoring option.expiredHeight) and draws the exact fee from the credit", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("store", 3000, { copyNum: 1, expiredHeight: f.expiry + 5000n });
      const ledgerBefore = await f.token.balanceOf(await f.ledger.getAddress());
      const { tx, deposit, at, info } = await storeInSpace(f, file);

      // calcFee is evaluated at the latest block, which is still the store block
      expect(await height()).to.equal(at);
      const [calcDeposit, periods, perSlot] = await f.ledger.calcFee(3000n, 1, f.expiry);
      const expected = fileFee(at, 3000n, 1n, f.expiry);
      expect(deposit).to.equal(calcDeposit);
      expect(deposit).to.equal(expected.deposit);
      expect(periods).to.equal(expected.periods);
      expect(perSlot).to.equal(expected.perSlot);

      expect(info.expiredHeight).to.equal(f.expiry);
      expect(info.storageType).to.equal(SPACE);
      const dealId = await id(f, file);
      const stored = await f.ledger.getFileInfo(dealId);
      expect(stored.expiredHeight).to.equal(f.expiry);
      expect(stored.deposit).to.equal(deposit);
      expect(stored.owner).to.equal(f.owner.address);

      await expect(tx).to.emit(f.userSpace, "UserSpaceCharged").withArgs(f.owner.address, 6000n, deposit);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated")
        .withArgs(f.owner.address, QUOTA, 6000n, f.expiry, f.space0.balance - deposit);
      // each offered node gets an offer of one slot's share, open for the accept window
      for (const n of [f.n0, f.n1]) {
        await expect(tx).to.emit(f.ledger, "SlotOffered").withArgs(dealId, n.address, at + ACCEPT_WINDOW, perSlot);
      }
      await expect(tx).to.changeTokenBalance(f.token, f.owner, 0n);

      const u = await f.userSpace.getUserSpace(f.owner.address);
      expect(u.balance).to.equal(f.space0.balance - deposit);
      expect(u.usedBytes).to.equal(3000n * 2n);
      expect(u.totalBytes).to.equal(QUOTA);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(ledgerBefore + deposit);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(f.wallet0 - f.space0.balance);
      expect(await escrowOf(f, file)).to.equal(deposit);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      await expectSolvent(f);
    });

    it("counts fileSize * (copyNum + 1) bytes for each file and accepts an exact fit", async () => {
      const f = await loadFixture(boughtFixture);
      const a = spaceFile("fit-a", 20_000, { copyNum: 2 }); // 60 000 bytes
      await storeInSpace(f, a, [f.n0, f.n1, f.n2]);
      const b = spaceFile("fit-b", 40_000, { copyNum: 0 }); // exactly the 40 000 left
      const { deposit: db } = await storeInSpace(f, b, [f.n0]);
      const u = await f.userSpace.getUserSpace(f.owner.address);
      expect(u.usedBytes).to.equal(QUOTA);
      const { deposit: da } = await f.ledger.getFileInfo(await id(f, a));
      expect(u.balance).to.equal(f.space0.balance - da - db);
      const c = spaceFile("fit-c", 1, { copyNum: 0 });
      await expect(storeFile(f, c, [f.n1]))
        .to.be.revertedWithCustomError(f.userSpace, "UserSpaceNotEnough").withArgs(f.owner.address, 1n, 0n);
    });

    it("reverts UserSpaceNotEnough when the copies do not fit in the free quota", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("too-big", 60_000, { copyNum: 1 });
      await expect(storeFile(f, file, [f.n0, f.n1]))
        .to.be.revertedWithCustomError(f.userSpace, "UserSpaceNotEnough").withArgs(f.owner.address, 120_000n, QUOTA);
      const dealId = await id(f, file);
      await expect(f.ledger.getFileInfo(dealId)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(dealId);
      expect(await spaceOf(f, f.owner.address)).to.deep.equal(f.space0);
    });

    it("reverts UserSpaceExpired without a space", async () => {
      const f = await loadFixture(spaceFixture);
      const file = spaceFile("no-space");
      const at = (await height()) + 1n;
      await expect(storeFile(f, file, [f.n0, f.n1]))
        .to.be.revertedWithCustomError(f.userSpace, "UserSpaceExpired").withArgs(f.owner.address, 0n, at);
    });

    it("reverts UserSpaceExpired once the space has expired, and when it ends before the accept window and two periods", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("late", 3000);
      // the space ends MIN_TERM - 1 blocks after the store block: an offer accepted late would have no whole period
      await mine(f.expiry - (await height()) - MIN_TERM);
      let at = (await height()) + 1n;
      expect(f.expiry - at).to.equal(MIN_TERM - 1n);
      await expect(storeFile(f, file, [f.n0, f.n1]))
        .to.be.revertedWithCustomError(f.userSpace, "UserSpaceExpired").withArgs(f.owner.address, f.expiry, at);
      await mine(MIN_TERM + 10n);
      at = (await height()) + 1n;
      await expect(storeFile(f, file, [f.n0, f.n1]))
        .to.be.revertedWithCustomError(f.userSpace, "UserSpaceExpired").withArgs(f.owner.address, f.expiry, at);
      expect(await spaceOf(f, f.owner.address)).to.deep.equal(f.space0);
    });

    it("accepts a deal whose space ends exactly the accept window and two periods after the store", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("shortest", 3000, { copyNum: 0 });
      await mine(f.expiry - (await height()) - MIN_TERM - 1n);
      const { deposit, at } = await storeInSpace(f, file, [f.n0]);
      expect(f.expiry - at).to.equal(MIN_TERM);
      expect(deposit).to.equal(PRICE * 3n * MIN_TERM + (MIN_TERM / PERIOD) * PROOF_FEE);
      // and the node can still accept it at the end of its window, with a whole period left to prove
      await mine(ACCEPT_WINDOW - 1n);
      await expect(f.ledger.connect(f.n0).acceptDeal(await id(f, file))).to.emit(f.ledger, "DealAccepted");
    });

    it("reverts UserSpaceBalanceTooLow when the credit cannot pay the proof fees", async () => {
      const f = await loadFixture(spaceFixture);
      const expiry = (await height()) + 1n + TERM;
      await f.userSpace.connect(f.owner).addUserSpace(QUOTA, expiry, 0n); // space only, no extra credit
      const balance = (await f.userSpace.getUserSpace(f.owner.address)).balance;
      const file = spaceFile("poor", 3000, { copyNum: 1 });
      const at = (await height()) + 1n;
      const { deposit } = fileFee(at, 3000n, 1n, expiry);
      expect(deposit).to.be.greaterThan(balance);
      await expect(storeFile(f, file, [f.n0, f.n1]))
        .to.be.revertedWithCustomError(f.userSpace, "UserSpaceBalanceTooLow").withArgs(f.owner.address, deposit, balance);
      // topping up the credit makes the same upload pass
      await f.userSpace.connect(f.owner).addUserSpace(0n, expiry, deposit);
      await expect(storeFile(f, file, [f.n0, f.n1])).to.emit(f.ledger, "FileStored");
    });

    it("a quota filled for its whole term costs in space what the file's space fee is", async () => {
      const f = await loadFixture(spaceFixture);
      const size = 4096n; // whole KiB, so no rounding difference
      const file = spaceFile("whole-term", Number(size), { copyNum: 0 });
      const expiry = (await height()) + 2n + MIN_TERM;
      // buy the space for the block after next, store in the block after it
      const tx = await f.userSpace.connect(f.owner).addUserSpace(size, expiry, 10n * PROOF_FEE);
      const spacePaid = PRICE * kib(size) * (expiry - (await blockOf(tx)));
      const { deposit, at } = await storeInSpace(f, file, [f.n0]);
      const spaceFee = deposit - ((expiry - at) / PERIOD) * PROOF_FEE;
      // one block of the term passed between buying and storing
      expect(spacePaid - spaceFee).to.equal(PRICE * kib(size));
    });

    it("deletion returns the unearned escrow to the space, not the wallet, and frees the bytes", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("delete", 3000, { copyNum: 1 });
      const { deposit } = await storeInSpace(f, file);
      const dealId = await id(f, file);
      const tx = f.ledger.connect(f.owner).deleteFiles([dealId]);
      await expect(tx).to.emit(f.ledger, "FileDeleted").withArgs(dealId, f.owner.address, deposit);
      await expect(tx).to.emit(f.userSpace, "UserSpaceCredited").withArgs(f.owner.address, 6000n, deposit);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated")
        .withArgs(f.owner.address, QUOTA, 0n, f.expiry, f.space0.balance);
      await expect(tx).to.changeTokenBalances(f.token, [f.owner, f.userSpace, f.ledger], [0n, deposit, -deposit]);
      expect(await spaceOf(f, f.owner.address)).to.deep.equal(f.space0);
      await expect(f.ledger.connect(f.owner).deleteFiles([dealId]))
        .to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(dealId);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      await expectSolvent(f);
    });

    it("after proofs, the refund to the space is smaller by exactly what the holders were paid", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("proved", 3000, { copyNum: 1 });
      await storeFile(f, file, [f.n0, f.n1]);
      const { deposit } = await f.ledger.getFileInfo(await id(f, file));
      const dealId = await storeAcceptedOffers(f, file, [f.n0, f.n1]);
      const trees = async (n: typeof f.n0) => piecesOf(f, n, [file]);
      await proveNow(f, f.n0, await trees(f.n0));
      await proveNow(f, f.n1, await trees(f.n1));
      await proveNow(f, f.n0, await trees(f.n0));
      const proved = await rewardsPaid(f);
      expect(proved).to.be.greaterThan(0n);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);

      const tx = await f.ledger.connect(f.owner).deleteFiles([dealId]);
      // the holders keep what they earned, plus the elapsed part of their current period
      const rewards = await rewardsPaid(f);
      expect(rewards).to.be.greaterThanOrEqual(proved);
      const refund = deposit - rewards;
      await expect(tx).to.emit(f.ledger, "FileDeleted").withArgs(dealId, f.owner.address, refund);
      await expect(tx).to.emit(f.userSpace, "UserSpaceCredited").withArgs(f.owner.address, 6000n, refund);
      await expect(tx).to.changeTokenBalance(f.token, f.owner, 0n);
      const u = await f.userSpace.getUserSpace(f.owner.address);
      expect(u.balance).to.equal(f.space0.balance - rewards);
      expect(u.usedBytes).to.equal(0n);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      // the ledger keeps exactly the rewards owed
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(rewards);
      await expectSolvent(f);
    });

    it("settleExpired of a space file credits the unearned escrow to the space and frees the bytes", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("expire", 3000, { copyNum: 1 });
      const { deposit } = await storeInSpace(f, file);
      const dealId = await storeAcceptedOffers(f, file, [f.n0, f.n1]);
      await proveNow(f, f.n1, await piecesOf(f, f.n1, [file]));
      const rewards = await f.ledger.rewardsOf(f.n1.address);
      expect(rewards).to.be.greaterThan(0n);
      await mine(f.expiry - (await height()) - 1n);
      await expect(f.ledger.connect(f.other).settleExpired(dealId))
        .to.be.revertedWithCustomError(f.ledger, "NotExpired").withArgs(dealId, f.expiry, f.expiry);
      const tx = f.ledger.connect(f.other).settleExpired(dealId);
      await expect(tx).to.emit(f.ledger, "FileExpired").withArgs(dealId, f.owner.address, deposit - rewards);
      await expect(tx).to.emit(f.userSpace, "UserSpaceCredited").withArgs(f.owner.address, 6000n, deposit - rewards);
      await expect(tx).to.emit(f.userSpace, "UserSpaceUpdated")
        .withArgs(f.owner.address, QUOTA, 0n, f.expiry, f.space0.balance - rewards);
      await expect(tx).to.changeTokenBalances(f.token, [f.owner, f.other], [0n, 0n]);
      expect((await f.userSpace.getUserSpace(f.owner.address)).usedBytes).to.equal(0n);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      await expectSolvent(f);
    });

    it("deleting a space file and a pay-per-file file together splits the refund between space and wallet", async () => {
      const f = await loadFixture(boughtFixture);
      const inSpace = spaceFile("mixed-space", 3000, { copyNum: 0 });
      const { deposit: ds } = await storeInSpace(f, inSpace, [f.n0]);
      const perFile = makeFile(randomBytes(2000, "mixed-wallet"), { copyNum: 0, storageType: PER_FILE });
      await storeFile(f, perFile, [f.n1]);
      const dp = (await f.ledger.getFileInfo(await id(f, perFile))).deposit;
      expect(await f.token.balanceOf(f.owner.address)).to.equal(f.wallet0 - f.space0.balance - dp);
      const tx = f.ledger.connect(f.owner).deleteFiles([await id(f, inSpace), await id(f, perFile)]);
      await expect(tx).to.emit(f.userSpace, "UserSpaceCredited").withArgs(f.owner.address, 3000n, ds);
      await expect(tx).to.changeTokenBalances(f.token, [f.owner, f.userSpace, f.ledger], [dp, ds, -(ds + dp)]);
      const spaceDeal = await id(f, inSpace);
      await expect(f.ledger.getFileInfo(spaceDeal)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(spaceDeal);
      expect(await spaceOf(f, f.owner.address)).to.deep.equal(f.space0);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
    });

    it("credits one deletion of several space files at once", async () => {
      const f = await loadFixture(boughtFixture);
      const a = spaceFile("multi-a", 3000, { copyNum: 1 });
      const b = spaceFile("multi-b", 5000, { copyNum: 0 });
      const { deposit: da } = await storeInSpace(f, a);
      const { deposit: db } = await storeInSpace(f, b, [f.n2]);
      expect((await f.userSpace.getUserSpace(f.owner.address)).usedBytes).to.equal(11_000n);
      await expect(f.ledger.connect(f.owner).deleteFiles([await id(f, a), await id(f, b)]))
        .to.emit(f.userSpace, "UserSpaceCredited").withArgs(f.owner.address, 11_000n, da + db);
      expect(await spaceOf(f, f.owner.address)).to.deep.equal(f.space0);
    });

    it("keeps a stored file's expiry when the space is later extended", async () => {
      const f = await loadFixture(boughtFixture);
      const file = spaceFile("keep-expiry", 3000, { copyNum: 0 });
      await storeInSpace(f, file, [f.n0]);
      await f.userSpace.connect(f.owner).addUserSpace(0n, f.expiry + 100n, 0n);
      expect((await f.ledger.getFileInfo(await id(f, file))).expiredHeight).to.equal(f.expiry);
      const later = spaceFile("later", 3000, { copyNum: 0 });
      const { info } = await storeInSpace(f, later, [f.n1]);
      expect(info.expiredHeight).to.equal(f.expiry + 100n);
    });

    it("a whole life: buy, store, accept, prove, delete, expire, revoke — the wallet ends short by exactly the rewards", async () => {
      const f = await loadFixture(boughtFixture);
      const a = spaceFile("life-a", 3000, { copyNum: 1 });
      const b = spaceFile("life-b", 7000, { copyNum: 0 });
      const da = await storeAccepted(f, a, [f.n0, f.n1]);
      const db = await storeAccepted(f, b, [f.n2]);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      await proveNow(f, f.n0, await piecesOf(f, f.n0, [a]));
      await proveNow(f, f.n2, await piecesOf(f, f.n2, [b]));
      await proveNow(f, f.n1, await piecesOf(f, f.n1, [a]));
      expect(await rewardsPaid(f)).to.be.greaterThan(0n);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      await f.ledger.connect(f.owner).deleteFiles([da]);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);
      await expect(f.userSpace.connect(f.owner).revoke())
        .to.be.revertedWithCustomError(f.userSpace, "CantRevokeWithFiles").withArgs(f.owner.address, 7000n);
      await mine(f.expiry - (await height()) + 1n);
      await f.ledger.connect(f.reporter).settleExpired(db);
      expect(await accounted(f, f.owner)).to.equal(f.wallet0);

      const rewards = await rewardsPaid(f);
      const balance = (await f.userSpace.getUserSpace(f.owner.address)).balance;
      expect(balance).to.equal(f.space0.balance - rewards);
      await expect(f.userSpace.connect(f.owner).revoke())
        .to.emit(f.userSpace, "UserSpaceRevoked").withArgs(f.owner.address, balance);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(f.wallet0 - rewards);
      expect(await f.token.balanceOf(await f.userSpace.getAddress())).to.equal(0n);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(rewards);
      // the nodes can take exactly what the owner lost
      for (const n of [f.n0, f.n1, f.n2]) {
        const r = await f.ledger.rewardsOf(n.address);
        await expect(f.ledger.connect(n).claimRewards(n.address)).to.changeTokenBalance(f.token, n, r);
      }
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(0n);
    });

    it("keeps two users' spaces apart; the same bytes under two owners are two deals", async () => {
      const f = await loadFixture(boughtFixture);
      const expiry = (await height()) + 1n + 300n;
      await f.userSpace.connect(f.other).addUserSpace(10_000n, expiry, EXTRA);
      const otherSpace = await spaceOf(f, f.other.address);
      const file = spaceFile("other-user", 3000, { copyNum: 0 });
      const tx = await storeFile(f, file, [f.n0], [], f.other);
      const info = fileStoredInfo(f, (await tx.wait())!);
      const deposit = info.deposit as bigint;
      expect(info.expiredHeight).to.equal(expiry);
      expect((await f.userSpace.getUserSpace(f.other.address)).balance).to.equal(otherSpace.balance - deposit);
      expect(await spaceOf(f, f.owner.address)).to.deep.equal(f.space0);
      const othersDeal = await id(f, file, f.other);
      await expect(f.ledger.connect(f.owner).deleteFiles([othersDeal]))
        .to.be.revertedWithCustomError(f.ledger, "DeleteFileAccessDenied").withArgs(othersDeal, f.owner.address);
      // the owner storing the same bytes opens a deal of its own, in its own space
      const { deposit: mine_ } = await storeInSpace(f, file, [f.n1]);
      expect(await id(f, file)).to.not.equal(othersDeal);
      expect((await f.userSpace.getUserSpace(f.owner.address)).balance).to.equal(f.space0.balance - mine_);
      await f.ledger.connect(f.other).deleteFiles([othersDeal]);
      expect(await spaceOf(f, f.other.address)).to.deep.equal(otherSpace);
      await expectSolvent(f);
    });
  });
});

/** Has each of `nodes` accept its offer of the deal already stored for `file`; returns the deal id. */
async function storeAcceptedOffers(f: Fixture, file: StoredFile, nodes: Signer[]) {
  const dealId = await dealIdOf(file, f.owner);
  for (const n of nodes) await f.ledger.connect(n).acceptDeal(dealId);
  return dealId;
}
