import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import {
  deployFixture, registerNodes, makeFile, storeFile, dealIdOf, randomBytes, type Fixture,
} from "./helpers/dsp";
import { FileWhitelist__factory } from "../typechain-types";

type Rule = { addr: string; fromHeight: bigint; toHeight: bigint };

const PRIVATE = 0;
const PUBLIC = 1;
const WHITELIST = 2;
const FAR = 1_000_000n;

function rule(addr: string, fromHeight = 0n, toHeight = FAR): Rule {
  return { addr, fromHeight, toHeight };
}

/** `n` distinct non-zero addresses that are not signers. */
function addresses(n: number, seed = "wl"): string[] {
  return Array.from({ length: n }, (_, i) => ethers.getAddress(ethers.dataSlice(ethers.id(`${seed}:${i}`), 12)));
}

function plain(rules: readonly { addr: string; fromHeight: bigint; toHeight: bigint }[]): Rule[] {
  return rules.map((r) => ({ addr: r.addr, fromHeight: r.fromHeight, toHeight: r.toHeight }));
}

async function height() {
  return BigInt(await ethers.provider.getBlockNumber());
}

/**
 * A pay-per-file deal with whitelist privilege offered to one node, no rules yet. Rules are keyed by
 * the deal id (keccak256(abi.encode(owner, fileHash))), as every ledger record is.
 */
async function whitelistFixture() {
  const f = await deployFixture();
  const [n0, n1] = await registerNodes(f, 2);
  const file = makeFile(randomBytes(2000, "wl-file"), { privilege: WHITELIST, copyNum: 0 });
  await storeFile(f, file, [n0]);
  const deal = await dealIdOf(file, f.owner);
  const signers = await ethers.getSigners();
  const [a, b, c] = signers.slice(12, 15);
  return { ...f, n0, n1, file, deal, a, b, c };
}


async function rulesOf(f: Fixture, deal: string) {
  return plain(await f.whitelist.rulesOf(deal));
}

describe("FileWhitelist", () => {
  describe("deployment", () => {
    it("points at the ledger, grants the ledger LEDGER_ROLE, keeps no admin (renounced), caps rules at 64", async () => {
      const f = await loadFixture(whitelistFixture);
      expect(await f.whitelist.ledger()).to.equal(await f.ledger.getAddress());
      expect(await f.ledger.whitelist()).to.equal(await f.whitelist.getAddress());
      const role = await f.whitelist.LEDGER_ROLE();
      expect(role).to.equal(ethers.id("LEDGER_ROLE"));
      expect(await f.whitelist.hasRole(role, await f.ledger.getAddress())).to.equal(true);
      expect(await f.whitelist.hasRole(role, f.admin.address)).to.equal(false);
      expect(await f.whitelist.hasRole(await f.whitelist.DEFAULT_ADMIN_ROLE(), f.admin.address)).to.equal(false);
      await expect(f.whitelist.connect(f.admin).grantRole(role, f.admin.address))
        .to.be.revertedWithCustomError(f.whitelist, "AccessControlUnauthorizedAccount");
      expect(await f.whitelist.MAX_RULES()).to.equal(64n);
    });
  });

  describe("addRules", () => {
    it("adds rules in order, emits WhitelistRuleSet per rule and lets listed addresses download", async () => {
      const f = await loadFixture(whitelistFixture);
      const rules = [rule(f.a.address, 0n, 500n), rule(f.b.address, 10n, 20n)];
      const tx = f.whitelist.connect(f.owner).addRules(f.deal, rules);
      await expect(tx).to.emit(f.whitelist, "WhitelistRuleSet").withArgs(f.deal, f.a.address, 0n, 500n);
      await expect(tx).to.emit(f.whitelist, "WhitelistRuleSet").withArgs(f.deal, f.b.address, 10n, 20n);
      expect(await rulesOf(f, f.deal)).to.deep.equal(rules);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 100n)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 15n)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.c.address, 15n)).to.equal(false);
    });

    it("replaces the rule of an address already listed, in place, without growing the list", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 0n, 10n), rule(f.b.address, 0n, 10n)]);
      await expect(f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 50n, 60n)]))
        .to.emit(f.whitelist, "WhitelistRuleSet").withArgs(f.deal, f.a.address, 50n, 60n);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.a.address, 50n, 60n), rule(f.b.address, 0n, 10n)]);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 5n)).to.equal(false);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 55n)).to.equal(true);
    });

    it("keeps the last rule when the same address appears twice in one call", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 1n, 2n), rule(f.a.address, 3n, 4n)]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.a.address, 3n, 4n)]);
    });

    it("accepts a one-block window (from == to)", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 7n, 7n)]);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 6n)).to.equal(false);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 7n)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 8n)).to.equal(false);
    });

    it("rejects the zero address with InvalidRule and changes nothing", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address), rule(ethers.ZeroAddress, 1n, 2n)]))
        .to.be.revertedWithCustomError(f.whitelist, "InvalidRule").withArgs(ethers.ZeroAddress, 1n, 2n);
      expect(await rulesOf(f, f.deal)).to.deep.equal([]);
    });

    it("rejects fromHeight > toHeight with InvalidRule", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 11n, 10n)]))
        .to.be.revertedWithCustomError(f.whitelist, "InvalidRule").withArgs(f.a.address, 11n, 10n);
      expect(await rulesOf(f, f.deal)).to.deep.equal([]);
    });

    it("accepts 64 rules and rejects the 65th with TooManyRules(65, 64)", async () => {
      const f = await loadFixture(whitelistFixture);
      const many = addresses(65).map((a) => rule(a));
      await f.whitelist.connect(f.owner).addRules(f.deal, many.slice(0, 64));
      expect(await f.whitelist.rulesOf(f.deal)).to.have.length(64);
      await expect(f.whitelist.connect(f.owner).addRules(f.deal, [many[64]]))
        .to.be.revertedWithCustomError(f.whitelist, "TooManyRules").withArgs(65n, 64n);
      // Replacing the rule of a listed address does not count as a new rule.
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(many[3].addr, 5n, 6n)]);
      const after = await rulesOf(f, f.deal);
      expect(after).to.have.length(64);
      expect(after[3]).to.deep.equal(rule(many[3].addr, 5n, 6n));
    });

    it("rejects 65 rules in a single call with TooManyRules(65, 64)", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.whitelist.connect(f.owner).addRules(f.deal, addresses(65).map((a) => rule(a))))
        .to.be.revertedWithCustomError(f.whitelist, "TooManyRules").withArgs(65n, 64n);
      expect(await f.whitelist.rulesOf(f.deal)).to.have.length(0);
    });

    it("is for the file owner only: NotFileOwner", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.whitelist.connect(f.other).addRules(f.deal, [rule(f.other.address)]))
        .to.be.revertedWithCustomError(f.whitelist, "NotFileOwner").withArgs(f.deal, f.other.address);
      await expect(f.whitelist.connect(f.admin).addRules(f.deal, [rule(f.admin.address)]))
        .to.be.revertedWithCustomError(f.whitelist, "NotFileOwner").withArgs(f.deal, f.admin.address);
      expect(await f.whitelist.canDownload(f.deal, f.other.address, await height())).to.equal(false);
    });

    it("rejects an unknown file and a deleted file with FileNotValid", async () => {
      const f = await loadFixture(whitelistFixture);
      const unknown = ethers.id("no such file");
      await expect(f.whitelist.connect(f.owner).addRules(unknown, [rule(f.a.address)]))
        .to.be.revertedWithCustomError(f.whitelist, "FileNotValid").withArgs(unknown);
      await f.ledger.connect(f.owner).deleteFiles([f.deal]);
      await expect(f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address)]))
        .to.be.revertedWithCustomError(f.whitelist, "FileNotValid").withArgs(f.deal);
    });
  });

  describe("removeRules", () => {
    async function threeRules() {
      const f = await whitelistFixture();
      await f.whitelist.connect(f.owner).addRules(f.deal, [
        rule(f.a.address, 1n, 100n), rule(f.b.address, 2n, 200n), rule(f.c.address, 3n, 300n),
      ]);
      return f;
    }

    it("removes the first of three: the last moves into its slot and both others still resolve", async () => {
      const f = await loadFixture(threeRules);
      await expect(f.whitelist.connect(f.owner).removeRules(f.deal, [f.a.address]))
        .to.emit(f.whitelist, "WhitelistRuleRemoved").withArgs(f.deal, f.a.address);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.c.address, 3n, 300n), rule(f.b.address, 2n, 200n)]);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 50n)).to.equal(false);
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 150n)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.c.address, 250n)).to.equal(true);
      // each address still points at its own rule (its own window), not at its old index
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 250n)).to.equal(false);
      expect(await f.whitelist.canDownload(f.deal, f.c.address, 2n)).to.equal(false);
      // the moved rule can be updated and removed through its new slot
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.c.address, 7n, 8n)]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.c.address, 7n, 8n), rule(f.b.address, 2n, 200n)]);
      await f.whitelist.connect(f.owner).removeRules(f.deal, [f.c.address]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.b.address, 2n, 200n)]);
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 150n)).to.equal(true);
    });

    it("removes the middle and the last rule, and re-adding a removed address appends it", async () => {
      const f = await loadFixture(threeRules);
      await f.whitelist.connect(f.owner).removeRules(f.deal, [f.c.address]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.a.address, 1n, 100n), rule(f.b.address, 2n, 200n)]);
      await f.whitelist.connect(f.owner).removeRules(f.deal, [f.a.address]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.b.address, 2n, 200n)]);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 9n, 9n)]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.b.address, 2n, 200n), rule(f.a.address, 9n, 9n)]);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 9n)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.c.address, 250n)).to.equal(false);
    });

    it("removes several addresses in one call, emitting one event each", async () => {
      const f = await loadFixture(threeRules);
      const tx = f.whitelist.connect(f.owner).removeRules(f.deal, [f.b.address, f.a.address, f.c.address]);
      for (const s of [f.a, f.b, f.c]) {
        await expect(tx).to.emit(f.whitelist, "WhitelistRuleRemoved").withArgs(f.deal, s.address);
      }
      expect(await rulesOf(f, f.deal)).to.deep.equal([]);
      for (const s of [f.a, f.b, f.c]) {
        expect(await f.whitelist.canDownload(f.deal, s.address, 50n)).to.equal(false);
      }
    });

    it("reverts RuleNotFound for an unlisted address and keeps the whole list", async () => {
      const f = await loadFixture(threeRules);
      await expect(f.whitelist.connect(f.owner).removeRules(f.deal, [f.a.address, f.other.address]))
        .to.be.revertedWithCustomError(f.whitelist, "RuleNotFound").withArgs(f.deal, f.other.address);
      expect(await f.whitelist.rulesOf(f.deal)).to.have.length(3);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 50n)).to.equal(true);
    });

    it("reverts RuleNotFound when the same address is removed twice in one call", async () => {
      const f = await loadFixture(threeRules);
      await expect(f.whitelist.connect(f.owner).removeRules(f.deal, [f.b.address, f.b.address]))
        .to.be.revertedWithCustomError(f.whitelist, "RuleNotFound").withArgs(f.deal, f.b.address);
    });

    it("reverts RuleNotFound on an empty list", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.whitelist.connect(f.owner).removeRules(f.deal, [f.a.address]))
        .to.be.revertedWithCustomError(f.whitelist, "RuleNotFound").withArgs(f.deal, f.a.address);
    });

    it("is for the file owner of a valid file only: NotFileOwner, FileNotValid", async () => {
      const f = await loadFixture(threeRules);
      await expect(f.whitelist.connect(f.a).removeRules(f.deal, [f.a.address]))
        .to.be.revertedWithCustomError(f.whitelist, "NotFileOwner").withArgs(f.deal, f.a.address);
      const unknown = ethers.id("unknown");
      await expect(f.whitelist.connect(f.owner).removeRules(unknown, [f.a.address]))
        .to.be.revertedWithCustomError(f.whitelist, "FileNotValid").withArgs(unknown);
      expect(await f.whitelist.rulesOf(f.deal)).to.have.length(3);
    });
  });

  describe("replaceRules", () => {
    it("drops the old list and keeps only the new rules: WhitelistCleared then WhitelistRuleSet", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address), rule(f.b.address)]);
      const tx = f.whitelist.connect(f.owner).replaceRules(f.deal, [rule(f.c.address, 5n, 6n), rule(f.b.address, 1n, 2n)]);
      await expect(tx).to.emit(f.whitelist, "WhitelistCleared").withArgs(f.deal);
      await expect(tx).to.emit(f.whitelist, "WhitelistRuleSet").withArgs(f.deal, f.c.address, 5n, 6n);
      await expect(tx).to.emit(f.whitelist, "WhitelistRuleSet").withArgs(f.deal, f.b.address, 1n, 2n);
      const receipt = await (await tx).wait();
      const names = receipt!.logs.map((l) => f.whitelist.interface.parseLog(l)!.name);
      expect(names).to.deep.equal(["WhitelistCleared", "WhitelistRuleSet", "WhitelistRuleSet"]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.c.address, 5n, 6n), rule(f.b.address, 1n, 2n)]);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 5n)).to.equal(false);
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 5n)).to.equal(false);
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 2n)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.c.address, 5n)).to.equal(true);
      // the dropped address has no stale slot: removing it fails, re-adding appends it
      await expect(f.whitelist.connect(f.owner).removeRules(f.deal, [f.a.address]))
        .to.be.revertedWithCustomError(f.whitelist, "RuleNotFound").withArgs(f.deal, f.a.address);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 3n, 3n)]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([
        rule(f.c.address, 5n, 6n), rule(f.b.address, 1n, 2n), rule(f.a.address, 3n, 3n),
      ]);
    });

    it("with an empty list works as clearRules", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address)]);
      await expect(f.whitelist.connect(f.owner).replaceRules(f.deal, []))
        .to.emit(f.whitelist, "WhitelistCleared").withArgs(f.deal)
        .and.not.to.emit(f.whitelist, "WhitelistRuleSet");
      expect(await rulesOf(f, f.deal)).to.deep.equal([]);
    });

    it("can fill all 64 slots after a full list, and rejects 65 new rules keeping the old list", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, addresses(64, "old").map((a) => rule(a)));
      const fresh = addresses(65, "new").map((a) => rule(a, 1n, 2n));
      await f.whitelist.connect(f.owner).replaceRules(f.deal, fresh.slice(0, 64));
      expect(await rulesOf(f, f.deal)).to.deep.equal(fresh.slice(0, 64));
      await expect(f.whitelist.connect(f.owner).replaceRules(f.deal, fresh))
        .to.be.revertedWithCustomError(f.whitelist, "TooManyRules").withArgs(65n, 64n);
      expect(await rulesOf(f, f.deal)).to.deep.equal(fresh.slice(0, 64));
    });

    it("reverts InvalidRule atomically: the old list survives", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address)]);
      await expect(f.whitelist.connect(f.owner).replaceRules(f.deal, [rule(f.b.address, 9n, 8n)]))
        .to.be.revertedWithCustomError(f.whitelist, "InvalidRule").withArgs(f.b.address, 9n, 8n);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.a.address)]);
    });

    it("is for the file owner of a valid file only: NotFileOwner, FileNotValid", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.whitelist.connect(f.other).replaceRules(f.deal, [rule(f.other.address)]))
        .to.be.revertedWithCustomError(f.whitelist, "NotFileOwner").withArgs(f.deal, f.other.address);
      await f.ledger.connect(f.owner).deleteFiles([f.deal]);
      await expect(f.whitelist.connect(f.owner).replaceRules(f.deal, [rule(f.a.address)]))
        .to.be.revertedWithCustomError(f.whitelist, "FileNotValid").withArgs(f.deal);
    });
  });

  describe("clearRules", () => {
    it("deletes every rule, emits WhitelistCleared and lets the list be rebuilt", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address), rule(f.b.address)]);
      await expect(f.whitelist.connect(f.owner).clearRules(f.deal))
        .to.emit(f.whitelist, "WhitelistCleared").withArgs(f.deal);
      expect(await rulesOf(f, f.deal)).to.deep.equal([]);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 5n)).to.equal(false);
      await expect(f.whitelist.connect(f.owner).removeRules(f.deal, [f.b.address]))
        .to.be.revertedWithCustomError(f.whitelist, "RuleNotFound").withArgs(f.deal, f.b.address);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.b.address, 4n, 4n)]);
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.b.address, 4n, 4n)]);
    });

    it("emits WhitelistCleared on an already empty list", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.whitelist.connect(f.owner).clearRules(f.deal))
        .to.emit(f.whitelist, "WhitelistCleared").withArgs(f.deal);
    });

    it("is for the file owner of a valid file only: NotFileOwner, FileNotValid", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address)]);
      await expect(f.whitelist.connect(f.a).clearRules(f.deal))
        .to.be.revertedWithCustomError(f.whitelist, "NotFileOwner").withArgs(f.deal, f.a.address);
      expect(await f.whitelist.rulesOf(f.deal)).to.have.length(1);
      const unknown = ethers.id("unknown");
      await expect(f.whitelist.connect(f.owner).clearRules(unknown))
        .to.be.revertedWithCustomError(f.whitelist, "FileNotValid").withArgs(unknown);
    });
  });

  describe("initRules and dropRules", () => {
    it("refuse callers without LEDGER_ROLE, the admin and the file owner included", async () => {
      const f = await loadFixture(whitelistFixture);
      const role = await f.whitelist.LEDGER_ROLE();
      for (const s of [f.owner, f.admin, f.other]) {
        await expect(f.whitelist.connect(s).initRules(f.deal, [rule(s.address)]))
          .to.be.revertedWithCustomError(f.whitelist, "AccessControlUnauthorizedAccount").withArgs(s.address, role);
        await expect(f.whitelist.connect(s).dropRules(f.deal))
          .to.be.revertedWithCustomError(f.whitelist, "AccessControlUnauthorizedAccount").withArgs(s.address, role);
      }
      expect(await f.whitelist.rulesOf(f.deal)).to.have.length(0);
    });

    it("work for a LEDGER_ROLE holder: initRules validates and adds, dropRules clears (and is silent when empty)", async () => {
      const f = await loadFixture(whitelistFixture);
      // the deployment's whitelist answers to the ledger alone: a whitelist of its own, whose role the test holds
      const own = await new FileWhitelist__factory(f.admin).deploy(f.admin.address, await f.ledger.getAddress());
      await own.grantRole(await own.LEDGER_ROLE(), f.reporter.address);
      const wl = own.connect(f.reporter);
      await expect(wl.initRules(f.deal, [rule(f.a.address, 1n, 2n)]))
        .to.emit(own, "WhitelistRuleSet").withArgs(f.deal, f.a.address, 1n, 2n);
      await expect(wl.initRules(f.deal, [rule(ethers.ZeroAddress)]))
        .to.be.revertedWithCustomError(own, "InvalidRule").withArgs(ethers.ZeroAddress, 0n, FAR);
      await expect(wl.initRules(f.deal, addresses(64).map((a) => rule(a))))
        .to.be.revertedWithCustomError(own, "TooManyRules").withArgs(65n, 64n);
      expect(plain(await own.rulesOf(f.deal))).to.deep.equal([rule(f.a.address, 1n, 2n)]);
      await expect(wl.dropRules(f.deal)).to.emit(own, "WhitelistCleared").withArgs(f.deal);
      expect(plain(await own.rulesOf(f.deal))).to.deep.equal([]);
      await expect(wl.dropRules(f.deal)).not.to.emit(own, "WhitelistCleared");
      // the owner's calls still go through the ledger's records: the same deal's owner may add rules here
      await expect(own.connect(f.owner).addRules(f.deal, [rule(f.b.address)])).to.emit(own, "WhitelistRuleSet");
    });
  });

  describe("canDownload", () => {
    it("lets the owner download under every privilege, and nobody once the file is deleted", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address)]);
      const h = await height();
      for (const p of [PRIVATE, PUBLIC, WHITELIST]) {
        await f.ledger.connect(f.owner).setPrivilege(f.deal, p);
        expect(await f.whitelist.canDownload(f.deal, f.owner.address, h)).to.equal(true);
      }
      await f.ledger.connect(f.owner).deleteFiles([f.deal]);
      expect(await f.whitelist.canDownload(f.deal, f.owner.address, h)).to.equal(false);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, h)).to.equal(false);
    });

    it("is false for an unknown file, even for the zero address", async () => {
      const f = await loadFixture(whitelistFixture);
      const unknown = ethers.id("unknown");
      expect(await f.whitelist.canDownload(unknown, f.owner.address, 1n)).to.equal(false);
      expect(await f.whitelist.canDownload(unknown, ethers.ZeroAddress, 1n)).to.equal(false);
    });

    it("follows setPrivilege: private only the owner, public anyone, whitelist the listed addresses", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address)]);
      const h = await height();
      const can = async (who: string) => f.whitelist.canDownload(f.deal, who, h);

      await expect(f.ledger.connect(f.owner).setPrivilege(f.deal, PRIVATE))
        .to.emit(f.ledger, "PrivilegeChanged").withArgs(f.deal, PRIVATE);
      expect(await can(f.a.address)).to.equal(false);
      expect(await can(f.b.address)).to.equal(false);

      await f.ledger.connect(f.owner).setPrivilege(f.deal, PUBLIC);
      expect(await can(f.a.address)).to.equal(true);
      expect(await can(f.b.address)).to.equal(true);
      expect(await can(ethers.ZeroAddress)).to.equal(true);

      await f.ledger.connect(f.owner).setPrivilege(f.deal, WHITELIST);
      expect(await can(f.a.address)).to.equal(true);
      expect(await can(f.b.address)).to.equal(false);

      // the rules survive privilege changes
      expect(await rulesOf(f, f.deal)).to.deep.equal([rule(f.a.address)]);
    });

    it("a public file ignores the windows: anyone at any height", async () => {
      const f = await loadFixture(whitelistFixture);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, 10n, 20n)]);
      await f.ledger.connect(f.owner).setPrivilege(f.deal, PUBLIC);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, 5n)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 25n)).to.equal(true);
    });

    it("opens a listed address's window at fromHeight and closes it after toHeight, as blocks are mined", async () => {
      const f = await loadFixture(whitelistFixture);
      const from = (await height()) + 5n;
      const to = from + 3n;
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address, from, to)]);
      const canNow = async () => f.whitelist.canDownload(f.deal, f.a.address, await height());

      await mine(from - 1n - (await height()));
      expect(await height()).to.equal(from - 1n);
      expect(await canNow()).to.equal(false);
      await mine();
      expect(await height()).to.equal(from);
      expect(await canNow()).to.equal(true);
      await mine(to - from);
      expect(await height()).to.equal(to);
      expect(await canNow()).to.equal(true);
      await mine();
      expect(await height()).to.equal(to + 1n);
      expect(await canNow()).to.equal(false);
      // the owner and a public file are not bound by the window
      expect(await f.whitelist.canDownload(f.deal, f.owner.address, await height())).to.equal(true);
      // and the height argument, not the current block, decides
      expect(await f.whitelist.canDownload(f.deal, f.a.address, from)).to.equal(true);
      expect(await f.whitelist.canDownload(f.deal, f.a.address, to + 1n)).to.equal(false);
    });
  });

  describe("through the file ledger", () => {
    it("records the whitelist given in the UploadOption and emits its rules from the store transaction", async () => {
      const f = await loadFixture(whitelistFixture);
      const rules = [rule(f.a.address, 0n, 50n), rule(f.b.address, 10n, 20n)];
      const file = makeFile(randomBytes(700, "wl-upload"), { privilege: WHITELIST, copyNum: 0, whitelist: rules });
      const deal = await dealIdOf(file, f.owner);
      const tx = storeFile(f, file, [f.n1]);
      await expect(tx).to.emit(f.whitelist, "WhitelistRuleSet").withArgs(deal, f.a.address, 0n, 50n);
      await expect(tx).to.emit(f.whitelist, "WhitelistRuleSet").withArgs(deal, f.b.address, 10n, 20n);
      expect(await rulesOf(f, deal)).to.deep.equal(rules);
      expect(await f.whitelist.canDownload(deal, f.a.address, 30n)).to.equal(true);
      expect(await f.whitelist.canDownload(deal, f.b.address, 30n)).to.equal(false);
      expect(await f.whitelist.canDownload(deal, f.c.address, 15n)).to.equal(false);
      // nothing is keyed by the bare File Hash
      expect(await rulesOf(f, file.fileHash)).to.deep.equal([]);
      expect(await f.whitelist.canDownload(file.fileHash, f.a.address, 30n)).to.equal(false);
      // the owner manages them afterwards like any other rules
      await f.whitelist.connect(f.owner).removeRules(deal, [f.a.address]);
      expect(await rulesOf(f, deal)).to.deep.equal([rule(f.b.address, 10n, 20n)]);
    });

    it("stores no rules and emits no whitelist event for an upload without a whitelist", async () => {
      const f = await loadFixture(whitelistFixture);
      const file = makeFile(randomBytes(700, "wl-none"), { privilege: WHITELIST, copyNum: 0 });
      await expect(storeFile(f, file, [f.n1])).not.to.emit(f.whitelist, "WhitelistRuleSet");
      expect(await rulesOf(f, await dealIdOf(file, f.owner))).to.deep.equal([]);
    });

    it("rejects an upload whose whitelist holds an invalid rule or more than 64 rules, storing nothing", async () => {
      const f = await loadFixture(whitelistFixture);
      const bad = makeFile(randomBytes(700, "wl-bad"), { copyNum: 0, whitelist: [rule(f.a.address, 5n, 4n)] });
      await expect(storeFile(f, bad, [f.n1]))
        .to.be.revertedWithCustomError(f.whitelist, "InvalidRule").withArgs(f.a.address, 5n, 4n);
      const big = makeFile(randomBytes(700, "wl-big"), { copyNum: 0, whitelist: addresses(65).map((a) => rule(a)) });
      await expect(storeFile(f, big, [f.n1]))
        .to.be.revertedWithCustomError(f.whitelist, "TooManyRules").withArgs(65n, 64n);
      const [owner, , valid] = await f.ledger.accessOf(await dealIdOf(big, f.owner));
      expect(owner).to.equal(ethers.ZeroAddress);
      expect(valid).to.equal(false);
    });

    it("drops the rules when the deal is deleted, emitting WhitelistCleared, and a re-upload starts clean", async () => {
      const f = await loadFixture(whitelistFixture);
      const file = makeFile(randomBytes(700, "wl-del"), { privilege: WHITELIST, copyNum: 0, whitelist: [rule(f.a.address)] });
      const deal = await dealIdOf(file, f.owner);
      await storeFile(f, file, [f.n1]);
      await f.whitelist.connect(f.owner).addRules(deal, [rule(f.b.address)]);
      const { deposit } = await f.ledger.getFileInfo(deal);
      await expect(f.ledger.connect(f.owner).deleteFiles([deal]))
        .to.emit(f.whitelist, "WhitelistCleared").withArgs(deal)
        .and.to.emit(f.ledger, "FileDeleted").withArgs(deal, f.owner.address, deposit);
      expect(await rulesOf(f, deal)).to.deep.equal([]);
      expect(await f.whitelist.canDownload(deal, f.a.address, 5n)).to.equal(false);

      // the owner stores the same bytes again, without rules: the same deal id, no leftover rule
      const again = makeFile(file.data, { privilege: WHITELIST, copyNum: 0 });
      expect(await dealIdOf(again, f.owner)).to.equal(deal);
      await storeFile(f, again, [f.n1]);
      expect(await rulesOf(f, deal)).to.deep.equal([]);
      expect(await f.whitelist.canDownload(deal, f.a.address, 5n)).to.equal(false);
      await expect(f.whitelist.connect(f.owner).removeRules(deal, [f.b.address]))
        .to.be.revertedWithCustomError(f.whitelist, "RuleNotFound").withArgs(deal, f.b.address);

      // someone else storing the same bytes has a deal of its own, which the first owner cannot touch
      const theirs = makeFile(file.data, { privilege: WHITELIST, copyNum: 0, whitelist: [rule(f.c.address)] });
      const otherDeal = await dealIdOf(theirs, f.other);
      expect(otherDeal).to.not.equal(deal);
      await storeFile(f, theirs, [f.n0], [], f.other);
      expect(await rulesOf(f, otherDeal)).to.deep.equal([rule(f.c.address)]);
      expect(await rulesOf(f, deal)).to.deep.equal([]);
      await expect(f.whitelist.connect(f.owner).addRules(otherDeal, [rule(f.owner.address)]))
        .to.be.revertedWithCustomError(f.whitelist, "NotFileOwner").withArgs(otherDeal, f.owner.address);
    });

    it("does not emit WhitelistCleared when a deal without rules is deleted", async () => {
      const f = await loadFixture(whitelistFixture);
      await expect(f.ledger.connect(f.owner).deleteFiles([f.deal]))
        .not.to.emit(f.whitelist, "WhitelistCleared");
    });

    it("drops the rules when an expired deal is settled", async () => {
      const f = await loadFixture(whitelistFixture);
      const file = makeFile(randomBytes(700, "wl-exp"), { privilege: WHITELIST, copyNum: 0, whitelist: [rule(f.a.address)] });
      const deal = await dealIdOf(file, f.owner);
      await storeFile(f, file, [f.n1], [], f.owner, 120n);
      const info = await f.ledger.getFileInfo(deal);
      await mine(info.expiredHeight - (await height()) + 1n);
      await expect(f.ledger.connect(f.other).settleExpired(deal))
        .to.emit(f.whitelist, "WhitelistCleared").withArgs(deal);
      expect(await rulesOf(f, deal)).to.deep.equal([]);
      expect(await f.whitelist.canDownload(deal, f.a.address, 5n)).to.equal(false);
      expect(await f.whitelist.canDownload(deal, f.owner.address, 5n)).to.equal(false);
    });

    it("keeps each deal's rules apart", async () => {
      const f = await loadFixture(whitelistFixture);
      const second = makeFile(randomBytes(700, "wl-second"), { privilege: WHITELIST, copyNum: 0 });
      const deal2 = await dealIdOf(second, f.owner);
      await storeFile(f, second, [f.n1]);
      await f.whitelist.connect(f.owner).addRules(f.deal, [rule(f.a.address)]);
      await f.whitelist.connect(f.owner).addRules(deal2, [rule(f.b.address)]);
      expect(await f.whitelist.canDownload(f.deal, f.b.address, 5n)).to.equal(false);
      expect(await f.whitelist.canDownload(deal2, f.a.address, 5n)).to.equal(false);
      await f.whitelist.connect(f.owner).clearRules(f.deal);
      expect(await rulesOf(f, deal2)).to.deep.equal([rule(f.b.address)]);
    });
  });
});
