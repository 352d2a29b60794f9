import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { DNSRegistry, DNSRegistry__factory, DSPToken__factory, ReentrantToken__factory } from "../typechain-types";

// Url registration modes, as the spec numbers them (UrlMode in contracts/types/DNSTypes.sol).
const Mode = { DefaultRandom: 0, CustomHeaderRandom: 1, DefaultCustom: 2, CustomCustom: 3 } as const;
const HEADER_FEE = 3n; // per block of header lifetime
const URL_FEE = 50n;
const NEVER = 2n ** 64n - 1n;
const FILE_LINK = "dsp://file?hash=QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco&owner=0xabc";

const hash = (s: string) => ethers.id(s); // keccak256(utf8(s)), the registry's header and name keys

describe("DNSRegistry", () => {
  async function deploy() {
    const [admin, manager, treasury, alice, bob, carol] = await ethers.getSigners();
    const token = await new DSPToken__factory(admin).deploy(admin.address, 0n);
    const registry = await new DNSRegistry__factory(admin).deploy(
      admin.address,
      await token.getAddress(),
      treasury.address,
      "dsp",
      HEADER_FEE,
      URL_FEE,
    );
    await registry.grantRole(await registry.DNS_MANAGER_ROLE(), manager.address);
    for (const s of [admin, alice, bob]) {
      await token.mint(s.address, 1_000_000n);
      await token.connect(s).approve(await registry.getAddress(), ethers.MaxUint256);
    }
    // carol holds tokens but never approved the registry.
    await token.mint(carol.address, 1_000_000n);
    return { registry, token, admin, manager, treasury, alice, bob, carol };
  }

  /** The block the next transaction will be mined in (automine). */
  async function nextBlock() {
    return BigInt(await ethers.provider.getBlockNumber()) + 1n;
  }

  /** Mines until the latest block is `height` (view calls then run with block.number == height). */
  async function mineTo(height: bigint) {
    const now = BigInt(await ethers.provider.getBlockNumber());
    if (height > now) await mine(height - now);
  }

  async function registerHeader(registry: DNSRegistry, signer: any, header: string, blocks = 100n) {
    const expiredHeight = (await nextBlock()) + blocks;
    await registry.connect(signer).registerHeader(header, "", expiredHeight);
    return expiredHeight;
  }

  /** Registers a name and returns the url part (generated in modes 0/1), its key and the block it was mined in. */
  async function registerUrl(
    registry: DNSRegistry,
    signer: any,
    mode: number,
    header: string,
    url: string,
    link = FILE_LINK,
    ttl = 0n,
  ) {
    const receipt = await (await registry.connect(signer).registerUrl(mode, header, url, link, "", ttl)).wait();
    const event = receipt!.logs
      .map((l) => registry.interface.parseLog(l))
      .find((e) => e?.name === "UrlRegistered")!;
    return { url: event.args.url as string, key: event.args.nameHash as string, block: BigInt(receipt!.blockNumber) };
  }

  async function withHeader() {
    const f = await loadFixture(deploy);
    const expiredHeight = await registerHeader(f.registry, f.alice, "movies", 100n);
    return { ...f, expiredHeight };
  }

  describe("deployment", () => {
    it("starts with the default header reserved, owned by governance and never expiring", async () => {
      const { registry, admin } = await loadFixture(deploy);
      const h = await registry.getHeader("dsp");
      expect(h.name).to.equal("dsp");
      expect(h.owner).to.equal(admin.address);
      expect(h.expiredHeight).to.equal(NEVER);
      expect(h.generation).to.equal(1n);
      expect(await registry.defaultHeader()).to.equal("dsp");
      expect(await registry.defaultHeaderHash()).to.equal(hash("dsp"));
      expect(await registry.isReserved("dsp")).to.equal(true);
      expect(await registry.isHeaderLive("dsp")).to.equal(true);
      expect(await registry.hasRole(await registry.GOVERNANCE_ROLE(), admin.address)).to.equal(true);
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect((await registry.headersByOwner(admin.address, 0, 10)).map((r) => r.name)).to.deep.equal(["dsp"]);
    });

    it("emits the initial state so an indexer can start from events alone", async () => {
      const { token, admin, treasury } = await loadFixture(deploy);
      const registry = await new DNSRegistry__factory(admin).deploy(
        admin.address, await token.getAddress(), treasury.address, "dsp", 7n, 9n,
      );
      const tx = registry.deploymentTransaction()!;
      await expect(tx).to.emit(registry, "ReservedSet").withArgs(hash("dsp"), "dsp", true);
      await expect(tx).to.emit(registry, "HeaderRegistered").withArgs(hash("dsp"), "dsp", admin.address, "", NEVER, 1n, 0n);
      await expect(tx).to.emit(registry, "FeesSet").withArgs(7n, 9n);
      await expect(tx).to.emit(registry, "TreasurySet").withArgs(treasury.address);
      expect(await registry.token()).to.equal(await token.getAddress());
      expect(await registry.treasury()).to.equal(treasury.address);
      expect(await registry.headerFeePerBlock()).to.equal(7n);
      expect(await registry.urlFee()).to.equal(9n);
    });

    it("refuses a zero admin, token or treasury, and an invalid default header", async () => {
      const { token, admin, treasury } = await loadFixture(deploy);
      const factory = new DNSRegistry__factory(admin);
      const t = await token.getAddress();
      await expect(factory.deploy(ethers.ZeroAddress, t, treasury.address, "dsp", 1n, 1n))
        .to.be.revertedWithCustomError(factory, "ZeroAddress");
      await expect(factory.deploy(admin.address, ethers.ZeroAddress, treasury.address, "dsp", 1n, 1n))
        .to.be.revertedWithCustomError(factory, "ZeroAddress");
      await expect(factory.deploy(admin.address, t, ethers.ZeroAddress, "dsp", 1n, 1n))
        .to.be.revertedWithCustomError(factory, "ZeroAddress");
      await expect(factory.deploy(admin.address, t, treasury.address, "DSP", 1n, 1n))
        .to.be.revertedWithCustomError(factory, "InvalidName").withArgs("DSP");
    });
  });

  describe("governance settings", () => {
    it("lets governance set the fees and charges the new fees afterwards", async () => {
      const { registry, token, alice, treasury } = await loadFixture(deploy);
      await expect(registry.setFees(5n, 70n)).to.emit(registry, "FeesSet").withArgs(5n, 70n);
      expect(await registry.headerFeePerBlock()).to.equal(5n);
      expect(await registry.urlFee()).to.equal(70n);
      await expect(registry.connect(alice).registerUrl(Mode.DefaultCustom, "", "fee-test", "", "", 0n))
        .to.changeTokenBalances(token, [alice, treasury], [-70n, 70n]);
    });

    it("refuses fee changes without GOVERNANCE_ROLE", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.connect(alice).setFees(0n, 0n))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, await registry.GOVERNANCE_ROLE());
    });

    it("lets governance move the treasury, and later fees go to the new one", async () => {
      const { registry, token, alice, bob } = await loadFixture(deploy);
      await expect(registry.setTreasury(bob.address)).to.emit(registry, "TreasurySet").withArgs(bob.address);
      expect(await registry.treasury()).to.equal(bob.address);
      await expect(registry.connect(alice).registerUrl(Mode.DefaultCustom, "", "to-bob", "", "", 0n))
        .to.changeTokenBalances(token, [alice, bob], [-URL_FEE, URL_FEE]);
    });

    it("refuses a zero treasury and a treasury change without GOVERNANCE_ROLE", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(registry, "ZeroAddress");
      await expect(registry.connect(alice).setTreasury(alice.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, await registry.GOVERNANCE_ROLE());
    });

    it("lets governance reserve and release a header", async () => {
      const { registry } = await loadFixture(deploy);
      await expect(registry.setReserved("sys", true)).to.emit(registry, "ReservedSet").withArgs(hash("sys"), "sys", true);
      expect(await registry.isReserved("sys")).to.equal(true);
      await expect(registry.setReserved("sys", false)).to.emit(registry, "ReservedSet").withArgs(hash("sys"), "sys", false);
      expect(await registry.isReserved("sys")).to.equal(false);
    });

    it("refuses to reserve an invalid name, and refuses reservation without GOVERNANCE_ROLE", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.setReserved("Sys", true)).to.be.revertedWithCustomError(registry, "InvalidName").withArgs("Sys");
      await expect(registry.connect(alice).setReserved("sys", true))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, await registry.GOVERNANCE_ROLE());
    });
  });

  describe("header registration", () => {
    it("registers a header and charges headerFeePerBlock for every block until expiry, to the wei", async () => {
      const { registry, token, alice, treasury } = await loadFixture(deploy);
      const expiredHeight = (await nextBlock()) + 100n;
      const tx = registry.connect(alice).registerHeader("movies", "films", expiredHeight);
      await expect(tx)
        .to.emit(registry, "HeaderRegistered")
        .withArgs(hash("movies"), "movies", alice.address, "films", expiredHeight, 1n, 100n * HEADER_FEE);
      await expect(tx).to.changeTokenBalances(token, [alice, treasury], [-100n * HEADER_FEE, 100n * HEADER_FEE]);
      const h = await registry.getHeader("movies");
      expect([h.name, h.desc, h.owner, h.expiredHeight, h.generation]).to.deep.equal(
        ["movies", "films", alice.address, expiredHeight, 1n],
      );
      expect(h.createdHeight).to.equal(expiredHeight - 100n);
      expect(await registry.isHeaderLive("movies")).to.equal(true);
      expect(await registry.headerCountByOwner(alice.address)).to.equal(1n);
    });

    it("refuses header names outside lowercase [a-z0-9-] or longer than 32 bytes", async () => {
      const { registry, alice } = await loadFixture(deploy);
      const exp = (await nextBlock()) + 10n;
      for (const bad of ["", "Movies", "my_header", "a.b", "a:b", "x".repeat(33)]) {
        await expect(registry.connect(alice).registerHeader(bad, "", exp))
          .to.be.revertedWithCustomError(registry, "InvalidName").withArgs(bad);
      }
      await expect(registry.connect(alice).registerHeader("x".repeat(32), "", exp)).to.emit(registry, "HeaderRegistered");
    });

    it("refuses a header description over 256 bytes", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.connect(alice).registerHeader("movies", "d".repeat(257), (await nextBlock()) + 10n))
        .to.be.revertedWithCustomError(registry, "FieldTooLong").withArgs("desc", 257n, 256n);
    });

    it("refuses an expiry that is not after the registration block", async () => {
      const { registry, alice } = await loadFixture(deploy);
      const block = await nextBlock();
      await expect(registry.connect(alice).registerHeader("movies", "", block))
        .to.be.revertedWithCustomError(registry, "ExpiryNotInFuture").withArgs(block, block);
    });

    it("refuses a reserved system header to anyone without GOVERNANCE_ROLE", async () => {
      const { registry, alice, manager } = await loadFixture(deploy);
      await registry.setReserved("sys", true);
      const exp = (await nextBlock()) + 10n;
      await expect(registry.connect(alice).registerHeader("sys", "", exp))
        .to.be.revertedWithCustomError(registry, "ReservedHeader").withArgs("sys", alice.address);
      await expect(registry.connect(manager).registerHeader("sys", "", exp))
        .to.be.revertedWithCustomError(registry, "ReservedHeader").withArgs("sys", manager.address);
      await expect(registry.connect(alice).registerHeader("dsp", "", exp))
        .to.be.revertedWithCustomError(registry, "ReservedHeader").withArgs("dsp", alice.address);
    });

    it("lets governance register a reserved header without a fee", async () => {
      const { registry, token, admin, treasury } = await loadFixture(deploy);
      await registry.setReserved("sys", true);
      const exp = (await nextBlock()) + 1000n;
      const tx = registry.registerHeader("sys", "system", exp);
      await expect(tx).to.emit(registry, "HeaderRegistered").withArgs(hash("sys"), "sys", admin.address, "system", exp, 1n, 0n);
      await expect(tx).to.changeTokenBalances(token, [admin, treasury], [0n, 0n]);
    });

    it("charges governance like anyone for a header that is not reserved", async () => {
      const { registry, token, admin, treasury } = await loadFixture(deploy);
      const exp = (await nextBlock()) + 10n;
      await expect(registry.registerHeader("public", "", exp))
        .to.changeTokenBalances(token, [admin, treasury], [-10n * HEADER_FEE, 10n * HEADER_FEE]);
    });

    it("refuses a header someone holds while it is live", async () => {
      const { registry, bob, alice, expiredHeight } = await withHeader();
      await expect(registry.connect(bob).registerHeader("movies", "", expiredHeight + 10n))
        .to.be.revertedWithCustomError(registry, "HeaderAlreadyRegistered").withArgs("movies", alice.address, expiredHeight);
    });

    it("refuses to register the default header again, even for governance", async () => {
      const { registry, admin } = await loadFixture(deploy);
      await expect(registry.registerHeader("dsp", "", (await nextBlock()) + 10n))
        .to.be.revertedWithCustomError(registry, "HeaderAlreadyRegistered").withArgs("dsp", admin.address, NEVER);
    });

    it("lets anyone take an expired header as a new generation, removing it from the old owner's list", async () => {
      const { registry, alice, bob, expiredHeight } = await withHeader();
      await mineTo(expiredHeight);
      expect(await registry.isHeaderLive("movies")).to.equal(false);
      const exp = (await nextBlock()) + 50n;
      await expect(registry.connect(bob).registerHeader("movies", "mine now", exp))
        .to.emit(registry, "HeaderRegistered")
        .withArgs(hash("movies"), "movies", bob.address, "mine now", exp, 2n, 50n * HEADER_FEE);
      expect((await registry.getHeader("movies")).owner).to.equal(bob.address);
      expect(await registry.headerCountByOwner(alice.address)).to.equal(0n);
      expect((await registry.headersByOwner(bob.address, 0, 10)).map((h) => h.name)).to.deep.equal(["movies"]);
    });

    it("returns the new generation from registerHeader", async () => {
      const { registry, bob, expiredHeight } = await withHeader();
      await mineTo(expiredHeight);
      expect(await registry.connect(bob).registerHeader.staticCall("movies", "", expiredHeight + 100n)).to.equal(2n);
    });
  });

  describe("header renewal", () => {
    it("extends a live header and charges only the extra blocks", async () => {
      const { registry, token, alice, treasury, expiredHeight } = await withHeader();
      const tx = registry.connect(alice).renewHeader("movies", expiredHeight + 40n);
      await expect(tx)
        .to.emit(registry, "HeaderRenewed")
        .withArgs(hash("movies"), "movies", alice.address, expiredHeight, expiredHeight + 40n, 40n * HEADER_FEE);
      await expect(tx).to.changeTokenBalances(token, [alice, treasury], [-40n * HEADER_FEE, 40n * HEADER_FEE]);
      expect((await registry.getHeader("movies")).expiredHeight).to.equal(expiredHeight + 40n);
      expect((await registry.getHeader("movies")).generation).to.equal(1n);
    });

    it("refuses renewal by anyone but the owner, even the manager", async () => {
      const { registry, alice, bob, manager, expiredHeight } = await withHeader();
      await expect(registry.connect(bob).renewHeader("movies", expiredHeight + 1n))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", bob.address, alice.address);
      await expect(registry.connect(manager).renewHeader("movies", expiredHeight + 1n))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", manager.address, alice.address);
    });

    it("refuses to renew to a height that is not later than the current expiry", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await expect(registry.connect(alice).renewHeader("movies", expiredHeight))
        .to.be.revertedWithCustomError(registry, "RenewalNotLater").withArgs("movies", expiredHeight, expiredHeight);
    });

    it("refuses to renew an expired or unregistered header", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await mineTo(expiredHeight);
      await expect(registry.connect(alice).renewHeader("movies", expiredHeight + 100n))
        .to.be.revertedWithCustomError(registry, "HeaderExpired").withArgs("movies", expiredHeight, expiredHeight + 1n);
      await expect(registry.connect(alice).renewHeader("nothing", expiredHeight + 100n))
        .to.be.revertedWithCustomError(registry, "HeaderNotRegistered").withArgs("nothing");
    });

    it("stops a holder renewing a header that governance reserved after it was registered", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await registry.setReserved("movies", true);
      await expect(registry.connect(alice).renewHeader("movies", expiredHeight + 1n))
        .to.be.revertedWithCustomError(registry, "ReservedHeader").withArgs("movies", alice.address);
      expect(await registry.isHeaderLive("movies")).to.equal(true);
    });

    it("lets governance renew its reserved header without a fee", async () => {
      const { registry, token, admin, treasury } = await loadFixture(deploy);
      await registry.setReserved("sys", true);
      const exp = await registerHeader(registry, admin, "sys", 10n);
      const tx = registry.renewHeader("sys", exp + 1000n);
      await expect(tx).to.emit(registry, "HeaderRenewed").withArgs(hash("sys"), "sys", admin.address, exp, exp + 1000n, 0n);
      await expect(tx).to.changeTokenBalances(token, [admin, treasury], [0n, 0n]);
    });
  });

  describe("header management", () => {
    it("lets the owner and the manager update a header's description, and nobody else", async () => {
      const { registry, alice, bob, manager } = await withHeader();
      await expect(registry.connect(alice).updateHeader("movies", "films"))
        .to.emit(registry, "HeaderUpdated").withArgs(hash("movies"), "movies", alice.address, "films");
      await expect(registry.connect(manager).updateHeader("movies", "moderated"))
        .to.emit(registry, "HeaderUpdated").withArgs(hash("movies"), "movies", alice.address, "moderated");
      expect((await registry.getHeader("movies")).desc).to.equal("moderated");
      await expect(registry.connect(bob).updateHeader("movies", "x"))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", bob.address, alice.address);
      await expect(registry.connect(alice).updateHeader("movies", "d".repeat(257)))
        .to.be.revertedWithCustomError(registry, "FieldTooLong").withArgs("desc", 257n, 256n);
    });

    it("refuses to update an expired header", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await mineTo(expiredHeight);
      await expect(registry.connect(alice).updateHeader("movies", "late"))
        .to.be.revertedWithCustomError(registry, "HeaderExpired").withArgs("movies", expiredHeight, expiredHeight + 1n);
    });

    it("transfers a header; the old owner is then refused and the new one may name under it", async () => {
      const { registry, alice, bob } = await withHeader();
      await expect(registry.connect(alice).transferHeader("movies", bob.address))
        .to.emit(registry, "HeaderTransferred").withArgs(hash("movies"), "movies", alice.address, bob.address);
      expect((await registry.getHeader("movies")).owner).to.equal(bob.address);
      expect(await registry.headerCountByOwner(alice.address)).to.equal(0n);
      expect(await registry.headerCountByOwner(bob.address)).to.equal(1n);
      await expect(registry.connect(alice).transferHeader("movies", alice.address))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", alice.address, bob.address);
      await expect(registry.connect(alice).registerUrl(Mode.CustomCustom, "movies", "old", "", "", 0n))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", alice.address, bob.address);
      await expect(registry.connect(bob).registerUrl(Mode.CustomCustom, "movies", "new", "", "", 0n))
        .to.emit(registry, "UrlRegistered");
    });

    it("lets the manager transfer any header, and refuses others and the zero address", async () => {
      const { registry, alice, bob, carol, manager } = await withHeader();
      await expect(registry.connect(manager).transferHeader("movies", carol.address))
        .to.emit(registry, "HeaderTransferred").withArgs(hash("movies"), "movies", alice.address, carol.address);
      await expect(registry.connect(bob).transferHeader("movies", bob.address))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", bob.address, carol.address);
      await expect(registry.connect(carol).transferHeader("movies", ethers.ZeroAddress))
        .to.be.revertedWithCustomError(registry, "ZeroAddress");
    });

    it("refuses to transfer an expired header", async () => {
      const { registry, alice, bob, expiredHeight } = await withHeader();
      await mineTo(expiredHeight);
      await expect(registry.connect(alice).transferHeader("movies", bob.address))
        .to.be.revertedWithCustomError(registry, "HeaderExpired").withArgs("movies", expiredHeight, expiredHeight + 1n);
    });

    it("lets the owner delete a header", async () => {
      const { registry, alice } = await withHeader();
      await expect(registry.connect(alice).deleteHeader("movies"))
        .to.emit(registry, "HeaderDeleted").withArgs(hash("movies"), "movies", alice.address, alice.address, 1n);
      const h = await registry.getHeader("movies");
      expect(h.owner).to.equal(ethers.ZeroAddress);
      expect(h.generation).to.equal(1n);
      expect(await registry.isHeaderLive("movies")).to.equal(false);
      expect(await registry.headerCountByOwner(alice.address)).to.equal(0n);
    });

    it("lets the manager delete any header, even an expired one", async () => {
      const { registry, alice, manager, expiredHeight } = await withHeader();
      await mineTo(expiredHeight);
      await expect(registry.connect(manager).deleteHeader("movies"))
        .to.emit(registry, "HeaderDeleted").withArgs(hash("movies"), "movies", alice.address, manager.address, 1n);
    });

    it("refuses header deletion by anyone else, of an unknown header, and of the default header", async () => {
      const { registry, alice, bob, manager, admin } = await withHeader();
      await expect(registry.connect(bob).deleteHeader("movies"))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", bob.address, alice.address);
      await expect(registry.connect(bob).deleteHeader("nothing"))
        .to.be.revertedWithCustomError(registry, "HeaderNotRegistered").withArgs("nothing");
      for (const s of [admin, manager]) {
        await expect(registry.connect(s).deleteHeader("dsp"))
          .to.be.revertedWithCustomError(registry, "DefaultHeaderLocked").withArgs("dsp");
      }
    });

    it("registers a deleted header again as a new generation", async () => {
      const { registry, alice, bob } = await withHeader();
      await registry.connect(alice).deleteHeader("movies");
      const exp = (await nextBlock()) + 10n;
      await expect(registry.connect(bob).registerHeader("movies", "", exp))
        .to.emit(registry, "HeaderRegistered").withArgs(hash("movies"), "movies", bob.address, "", exp, 2n, 10n * HEADER_FEE);
    });
  });

  describe("url registration: the four modes", () => {
    it("mode 0 names a random 16-character url under the default header and charges urlFee", async () => {
      const { registry, token, alice, treasury } = await loadFixture(deploy);
      const tx = registry.connect(alice).registerUrl(Mode.DefaultRandom, "", "", FILE_LINK, "a film", 0n);
      await expect(tx)
        .to.emit(registry, "UrlRegistered")
        .withArgs(anyValue, "dsp", anyValue, alice.address, FILE_LINK, "a film", Mode.DefaultRandom, 0n, NEVER, 1n);
      await expect(tx).to.changeTokenBalances(token, [alice, treasury], [-URL_FEE, URL_FEE]);
      const [only] = await registry.urlsByOwner(alice.address, 0, 10);
      expect(only.url).to.match(/^[0-9a-z]{16}$/);
      const rec = await registry.resolve("dsp", only.url);
      expect([rec.header, rec.link, rec.owner, rec.mode]).to.deep.equal(["dsp", FILE_LINK, alice.address, 0n]);
      expect(await registry.nameHashOf("dsp", only.url)).to.equal(hash(`dsp://${only.url}`));
    });

    it("mode 0 returns the generated url and its key to the caller", async () => {
      const { registry, alice } = await loadFixture(deploy);
      const [url, key] = await registry.connect(alice).registerUrl.staticCall(Mode.DefaultRandom, "", "", "", "", 0n);
      expect(url).to.match(/^[0-9a-z]{16}$/);
      expect(key).to.equal(hash(`dsp://${url}`));
    });

    it("mode 1 names a random url under the caller's own header", async () => {
      const { registry, alice } = await withHeader();
      await expect(registry.connect(alice).registerUrl(Mode.CustomHeaderRandom, "movies", "", FILE_LINK, "", 0n))
        .to.emit(registry, "UrlRegistered")
        .withArgs(anyValue, "movies", anyValue, alice.address, FILE_LINK, "", Mode.CustomHeaderRandom, 0n, NEVER, 1n);
      const [rec] = await registry.urlsByHeader("movies", 0, 10);
      expect(rec.url).to.match(/^[0-9a-z]{16}$/);
      expect((await registry.resolve("movies", rec.url)).owner).to.equal(alice.address);
    });

    it("mode 2 names a chosen url under the default header, for anyone", async () => {
      const { registry, bob } = await loadFixture(deploy);
      await expect(registry.connect(bob).registerUrl(Mode.DefaultCustom, "", "docs/readme.md", FILE_LINK, "", 0n))
        .to.emit(registry, "UrlRegistered")
        .withArgs(hash("dsp://docs/readme.md"), "dsp", "docs/readme.md", bob.address, FILE_LINK, "", Mode.DefaultCustom, 0n, NEVER, 1n);
      expect((await registry.resolveName("dsp://docs/readme.md")).link).to.equal(FILE_LINK);
    });

    it("mode 3 names a chosen url under the caller's own header", async () => {
      const { registry, alice } = await withHeader();
      const block = await nextBlock();
      await expect(registry.connect(alice).registerUrl(Mode.CustomCustom, "movies", "matrix", FILE_LINK, "1999", 20n))
        .to.emit(registry, "UrlRegistered")
        .withArgs(hash("movies://matrix"), "movies", "matrix", alice.address, FILE_LINK, "1999", Mode.CustomCustom, 20n, block + 20n, 1n);
      const rec = await registry.resolve("movies", "matrix");
      expect([rec.header, rec.url, rec.link, rec.desc, rec.owner, rec.mode, rec.headerGeneration, rec.createdHeight, rec.ttl, rec.expiredHeight])
        .to.deep.equal(["movies", "matrix", FILE_LINK, "1999", alice.address, 3n, 1n, block, 20n, block + 20n]);
    });

    it("gives two random registrations different urls", async () => {
      const { registry, alice } = await loadFixture(deploy);
      const a = await registerUrl(registry, alice, Mode.DefaultRandom, "", "");
      const b = await registerUrl(registry, alice, Mode.DefaultRandom, "", "");
      expect(a.url).to.not.equal(b.url);
      expect(await registry.urlCountByOwner(alice.address)).to.equal(2n);
    });

    it("refuses header/url arguments that do not fit the mode", async () => {
      const { registry, alice } = await withHeader();
      const cases: [number, string, string][] = [
        [Mode.DefaultRandom, "movies", ""], // default-header mode with a header
        [Mode.DefaultRandom, "", "chosen"], // random-url mode with a url
        [Mode.CustomHeaderRandom, "", ""], // custom-header mode without a header
        [Mode.CustomHeaderRandom, "dsp", ""], // custom-header mode naming the default header
        [Mode.DefaultCustom, "", ""], // custom-url mode without a url
        [Mode.CustomCustom, "movies", ""],
      ];
      for (const [mode, header, url] of cases) {
        await expect(registry.connect(alice).registerUrl(mode, header, url, "", "", 0n))
          .to.be.revertedWithCustomError(registry, "ModeMismatch").withArgs(mode, header, url);
      }
    });

    it("rejects a mode number outside the four modes", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.connect(alice).registerUrl(4, "", "x", "", "", 0n)).to.be.reverted;
    });

    it("refuses names under a header the caller does not own", async () => {
      const { registry, alice, bob, manager } = await withHeader();
      for (const s of [bob, manager]) {
        await expect(registry.connect(s).registerUrl(Mode.CustomCustom, "movies", "x", "", "", 0n))
          .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", s.address, alice.address);
      }
      await expect(registry.connect(bob).registerUrl(Mode.CustomHeaderRandom, "movies", "", "", "", 0n))
        .to.be.revertedWithCustomError(registry, "NotHeaderOwner").withArgs("movies", bob.address, alice.address);
    });

    it("refuses names under an unregistered, invalid or expired header", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await expect(registry.connect(alice).registerUrl(Mode.CustomCustom, "nothing", "x", "", "", 0n))
        .to.be.revertedWithCustomError(registry, "HeaderNotRegistered").withArgs("nothing");
      await expect(registry.connect(alice).registerUrl(Mode.CustomCustom, "Bad", "x", "", "", 0n))
        .to.be.revertedWithCustomError(registry, "InvalidName").withArgs("Bad");
      await mineTo(expiredHeight);
      await expect(registry.connect(alice).registerUrl(Mode.CustomCustom, "movies", "x", "", "", 0n))
        .to.be.revertedWithCustomError(registry, "HeaderExpired").withArgs("movies", expiredHeight, expiredHeight + 1n);
    });

    it("refuses chosen urls outside [a-z0-9-._/] or longer than 128 bytes", async () => {
      const { registry, alice } = await loadFixture(deploy);
      for (const bad of ["Upper", "a b", "a?b=c", "dsp://x", "u".repeat(129)]) {
        await expect(registry.connect(alice).registerUrl(Mode.DefaultCustom, "", bad, "", "", 0n))
          .to.be.revertedWithCustomError(registry, "InvalidName").withArgs(bad);
      }
      await expect(registry.connect(alice).registerUrl(Mode.DefaultCustom, "", "u".repeat(128), "", "", 0n))
        .to.emit(registry, "UrlRegistered");
    });

    it("refuses a link over 512 bytes and a description over 256 bytes", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.connect(alice).registerUrl(Mode.DefaultCustom, "", "x", "l".repeat(513), "", 0n))
        .to.be.revertedWithCustomError(registry, "FieldTooLong").withArgs("link", 513n, 512n);
      await expect(registry.connect(alice).registerUrl(Mode.DefaultCustom, "", "x", "", "d".repeat(257), 0n))
        .to.be.revertedWithCustomError(registry, "FieldTooLong").withArgs("desc", 257n, 256n);
    });

    it("refuses a name that already resolves (DSP 55013 DSP_UPLOAD_URL_EXIST)", async () => {
      const { registry, alice, bob } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "movie");
      await expect(registry.connect(bob).registerUrl(Mode.DefaultCustom, "", "movie", "", "", 0n))
        .to.be.revertedWithCustomError(registry, "UrlAlreadyExists").withArgs("dsp://movie", alice.address);
    });

    it("lets someone else take a name whose ttl ran out, removing it from the old owner's list", async () => {
      const { registry, alice, bob } = await loadFixture(deploy);
      const { block } = await registerUrl(registry, alice, Mode.DefaultCustom, "", "short", FILE_LINK, 5n);
      await mineTo(block + 5n);
      await expect(registry.connect(bob).registerUrl(Mode.DefaultCustom, "", "short", "new-link", "", 0n))
        .to.emit(registry, "UrlRegistered")
        .withArgs(hash("dsp://short"), "dsp", "short", bob.address, "new-link", "", Mode.DefaultCustom, 0n, NEVER, 1n);
      expect(await registry.urlCountByOwner(alice.address)).to.equal(0n);
      expect((await registry.resolve("dsp", "short")).owner).to.equal(bob.address);
      expect(await registry.urlCountByHeader("dsp")).to.equal(1n);
    });

    it("refuses registration when the caller has not approved the fee, and records nothing", async () => {
      const { registry, token, carol } = await loadFixture(deploy);
      await expect(registry.connect(carol).registerUrl(Mode.DefaultCustom, "", "x", "", "", 0n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(await registry.getAddress(), 0n, URL_FEE);
      expect((await registry.getUrl("dsp", "x")).owner).to.equal(ethers.ZeroAddress);
    });

    it("registers names for free when fees are zero, moving no tokens", async () => {
      const { registry, token, carol, treasury } = await loadFixture(deploy);
      await registry.setFees(0n, 0n);
      await expect(registry.connect(carol).registerUrl(Mode.DefaultCustom, "", "free", "", "", 0n))
        .to.changeTokenBalances(token, [carol, treasury], [0n, 0n]);
      expect((await registry.resolve("dsp", "free")).owner).to.equal(carol.address);
    });
  });

  describe("binding and updating a url", () => {
    it("binds a registered name to a file link", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "report", "");
      expect((await registry.resolve("dsp", "report")).link).to.equal("");
      await expect(registry.connect(alice).bindUrl("dsp", "report", FILE_LINK))
        .to.emit(registry, "UrlUpdated")
        .withArgs(hash("dsp://report"), "dsp", "report", alice.address, FILE_LINK, "", 0n, NEVER);
      expect((await registry.resolve("dsp", "report")).link).to.equal(FILE_LINK);
    });

    it("updates link, description and ttl, counting the new ttl from the update block", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "report", "old", 5n);
      await mine(2);
      const block = await nextBlock();
      await expect(registry.connect(alice).updateUrl("dsp", "report", "new", "v2", 10n))
        .to.emit(registry, "UrlUpdated")
        .withArgs(hash("dsp://report"), "dsp", "report", alice.address, "new", "v2", 10n, block + 10n);
      const rec = await registry.resolve("dsp", "report");
      expect([rec.link, rec.desc, rec.ttl, rec.expiredHeight]).to.deep.equal(["new", "v2", 10n, block + 10n]);
      await registry.connect(alice).updateUrl("dsp", "report", "new", "v2", 0n);
      expect((await registry.resolve("dsp", "report")).expiredHeight).to.equal(NEVER);
    });

    it("lets the manager bind and update any name", async () => {
      const { registry, alice, manager } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "report");
      await expect(registry.connect(manager).bindUrl("dsp", "report", "takedown"))
        .to.emit(registry, "UrlUpdated")
        .withArgs(hash("dsp://report"), "dsp", "report", alice.address, "takedown", "", 0n, NEVER);
      await expect(registry.connect(manager).updateUrl("dsp", "report", "x", "y", 0n))
        .to.emit(registry, "UrlUpdated")
        .withArgs(hash("dsp://report"), "dsp", "report", alice.address, "x", "y", 0n, NEVER);
    });

    it("refuses bind and update by anyone else, including the header owner", async () => {
      const { registry, alice, bob, admin } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "report");
      for (const s of [bob, admin]) {
        await expect(registry.connect(s).bindUrl("dsp", "report", "x"))
          .to.be.revertedWithCustomError(registry, "NotUrlOwner").withArgs("dsp://report", s.address, alice.address);
        await expect(registry.connect(s).updateUrl("dsp", "report", "x", "", 0n))
          .to.be.revertedWithCustomError(registry, "NotUrlOwner").withArgs("dsp://report", s.address, alice.address);
      }
    });

    it("refuses to bind an unknown or expired name (DSP 55041)", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.connect(alice).bindUrl("dsp", "nothing", "x"))
        .to.be.revertedWithCustomError(registry, "UrlNotFound").withArgs("dsp://nothing");
      const { block } = await registerUrl(registry, alice, Mode.DefaultCustom, "", "short", "", 2n);
      await mineTo(block + 2n);
      await expect(registry.connect(alice).bindUrl("dsp", "short", "x"))
        .to.be.revertedWithCustomError(registry, "UrlExpired").withArgs("dsp://short", block + 2n, block + 3n);
    });

    it("refuses a link over 512 bytes on bind and update", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "report");
      await expect(registry.connect(alice).bindUrl("dsp", "report", "l".repeat(513)))
        .to.be.revertedWithCustomError(registry, "FieldTooLong").withArgs("link", 513n, 512n);
      await expect(registry.connect(alice).updateUrl("dsp", "report", "l".repeat(513), "", 0n))
        .to.be.revertedWithCustomError(registry, "FieldTooLong").withArgs("link", 513n, 512n);
      await expect(registry.connect(alice).updateUrl("dsp", "report", "", "d".repeat(257), 0n))
        .to.be.revertedWithCustomError(registry, "FieldTooLong").withArgs("desc", 257n, 256n);
    });
  });

  describe("transferring a url", () => {
    it("transfers a name; the old owner is then refused and the new owner manages it", async () => {
      const { registry, alice, bob } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "gift");
      await expect(registry.connect(alice).transferUrl("dsp", "gift", bob.address))
        .to.emit(registry, "UrlTransferred").withArgs(hash("dsp://gift"), "dsp", "gift", alice.address, bob.address);
      expect((await registry.resolve("dsp", "gift")).owner).to.equal(bob.address);
      expect(await registry.urlCountByOwner(alice.address)).to.equal(0n);
      expect((await registry.urlsByOwner(bob.address, 0, 10)).map((r) => r.url)).to.deep.equal(["gift"]);
      await expect(registry.connect(alice).bindUrl("dsp", "gift", "back"))
        .to.be.revertedWithCustomError(registry, "NotUrlOwner").withArgs("dsp://gift", alice.address, bob.address);
      await expect(registry.connect(alice).deleteUrl("dsp", "gift"))
        .to.be.revertedWithCustomError(registry, "NotUrlOwner").withArgs("dsp://gift", alice.address, bob.address);
      await expect(registry.connect(bob).bindUrl("dsp", "gift", "mine")).to.emit(registry, "UrlUpdated");
    });

    it("lets the manager transfer any name, and refuses others and the zero address", async () => {
      const { registry, alice, bob, carol, manager } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "gift");
      await expect(registry.connect(bob).transferUrl("dsp", "gift", bob.address))
        .to.be.revertedWithCustomError(registry, "NotUrlOwner").withArgs("dsp://gift", bob.address, alice.address);
      await expect(registry.connect(alice).transferUrl("dsp", "gift", ethers.ZeroAddress))
        .to.be.revertedWithCustomError(registry, "ZeroAddress");
      await expect(registry.connect(manager).transferUrl("dsp", "gift", carol.address))
        .to.emit(registry, "UrlTransferred").withArgs(hash("dsp://gift"), "dsp", "gift", alice.address, carol.address);
    });

    it("refuses to transfer a name whose header has expired", async () => {
      const { registry, alice, bob, expiredHeight } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "m");
      await mineTo(expiredHeight);
      await expect(registry.connect(alice).transferUrl("movies", "m", bob.address))
        .to.be.revertedWithCustomError(registry, "HeaderExpired").withArgs("movies", expiredHeight, expiredHeight + 1n);
    });
  });

  describe("deleting a url", () => {
    it("lets the owner delete a name, which then no longer resolves", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "gone");
      await expect(registry.connect(alice).deleteUrl("dsp", "gone"))
        .to.emit(registry, "UrlDeleted").withArgs(hash("dsp://gone"), "dsp", "gone", alice.address, alice.address);
      await expect(registry.resolve("dsp", "gone"))
        .to.be.revertedWithCustomError(registry, "UrlNotFound").withArgs("dsp://gone");
      expect(await registry.urlCountByOwner(alice.address)).to.equal(0n);
      expect(await registry.urlCountByHeader("dsp")).to.equal(0n);
    });

    it("lets the manager delete any name", async () => {
      const { registry, alice, manager } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "spam");
      await expect(registry.connect(manager).deleteUrl("dsp", "spam"))
        .to.emit(registry, "UrlDeleted").withArgs(hash("dsp://spam"), "dsp", "spam", alice.address, manager.address);
      expect((await registry.getUrl("dsp", "spam")).owner).to.equal(ethers.ZeroAddress);
    });

    it("refuses deletion by anyone else, including the header owner", async () => {
      const { registry, alice, bob, admin } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "mine");
      for (const s of [bob, admin]) {
        await expect(registry.connect(s).deleteUrl("dsp", "mine"))
          .to.be.revertedWithCustomError(registry, "NotUrlOwner").withArgs("dsp://mine", s.address, alice.address);
      }
      expect((await registry.resolve("dsp", "mine")).owner).to.equal(alice.address);
    });

    it("refuses to delete an unknown name", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await expect(registry.connect(alice).deleteUrl("dsp", "nothing"))
        .to.be.revertedWithCustomError(registry, "UrlNotFound").withArgs("dsp://nothing");
    });

    it("lets the owner clean up a revoked name, and a deleted name can be registered again", async () => {
      const { registry, alice, bob } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "old");
      await registry.connect(alice).deleteHeader("movies");
      await expect(registry.connect(alice).deleteUrl("movies", "old"))
        .to.emit(registry, "UrlDeleted").withArgs(hash("movies://old"), "movies", "old", alice.address, alice.address);
      expect(await registry.urlCountByOwner(alice.address)).to.equal(0n);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "again");
      await registry.connect(alice).deleteUrl("dsp", "again");
      await registerUrl(registry, bob, Mode.DefaultCustom, "", "again");
      expect((await registry.resolve("dsp", "again")).owner).to.equal(bob.address);
    });
  });

  describe("ttl and header expiry", () => {
    it("a name with a ttl resolves until registration height + ttl, then fails with UrlExpired", async () => {
      const { registry, alice } = await loadFixture(deploy);
      const { block } = await registerUrl(registry, alice, Mode.DefaultCustom, "", "ttl", FILE_LINK, 10n);
      await mineTo(block + 9n);
      expect((await registry.resolve("dsp", "ttl")).expiredHeight).to.equal(block + 10n);
      await mine(1);
      await expect(registry.resolve("dsp", "ttl"))
        .to.be.revertedWithCustomError(registry, "UrlExpired").withArgs("dsp://ttl", block + 10n, block + 10n);
    });

    it("a name with ttl 0 lives as long as its header, including renewals", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "forever");
      await registry.connect(alice).renewHeader("movies", expiredHeight + 50n);
      await mineTo(expiredHeight + 49n);
      expect((await registry.resolve("movies", "forever")).expiredHeight).to.equal(NEVER);
      await mine(1);
      await expect(registry.resolve("movies", "forever"))
        .to.be.revertedWithCustomError(registry, "HeaderExpired")
        .withArgs("movies", expiredHeight + 50n, expiredHeight + 50n);
    });

    it("a ttl longer than the header's life is cut short by the header's expiry", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "long", FILE_LINK, 1000n);
      await mineTo(expiredHeight);
      await expect(registry.resolve("movies", "long"))
        .to.be.revertedWithCustomError(registry, "HeaderExpired").withArgs("movies", expiredHeight, expiredHeight);
    });

    it("a ttl so long that it passes uint64 is stored as never expiring", async () => {
      const { registry, alice } = await loadFixture(deploy);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "huge", FILE_LINK, NEVER - 1n);
      const rec = await registry.resolve("dsp", "huge");
      expect(rec.ttl).to.equal(NEVER - 1n);
      expect(rec.expiredHeight).to.equal(NEVER);
    });

    it("an expired header's names no longer resolve", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      const { url } = await registerUrl(registry, alice, Mode.CustomHeaderRandom, "movies", "");
      expect((await registry.resolve("movies", url)).owner).to.equal(alice.address);
      await mineTo(expiredHeight);
      await expect(registry.resolve("movies", url))
        .to.be.revertedWithCustomError(registry, "HeaderExpired").withArgs("movies", expiredHeight, expiredHeight);
      const [ok] = await registry.tryResolve("movies", url);
      expect(ok).to.equal(false);
    });

    it("re-registering an expired header by someone else does not revive its old names", async () => {
      const { registry, alice, bob, expiredHeight } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "matrix");
      await mineTo(expiredHeight);
      await registerHeader(registry, bob, "movies", 100n);
      await expect(registry.resolve("movies", "matrix"))
        .to.be.revertedWithCustomError(registry, "UrlRevoked").withArgs("movies://matrix", 1n, 2n);
      await expect(registry.resolveName("movies://matrix"))
        .to.be.revertedWithCustomError(registry, "UrlRevoked").withArgs("movies://matrix", 1n, 2n);
      expect(await registry.urlCountByHeader("movies")).to.equal(0n);
      // The old record is stale, so the new owner may take the name.
      await expect(registry.connect(bob).registerUrl(Mode.CustomCustom, "movies", "matrix", "bob-link", "", 0n))
        .to.emit(registry, "UrlRegistered")
        .withArgs(hash("movies://matrix"), "movies", "matrix", bob.address, "bob-link", "", Mode.CustomCustom, 0n, NEVER, 2n);
      expect((await registry.resolve("movies", "matrix")).link).to.equal("bob-link");
      expect(await registry.urlCountByOwner(alice.address)).to.equal(0n);
    });

    it("the previous owner winning back a lapsed header does not revive its old names", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "matrix");
      await mineTo(expiredHeight);
      await registerHeader(registry, alice, "movies", 100n);
      await expect(registry.resolve("movies", "matrix"))
        .to.be.revertedWithCustomError(registry, "UrlRevoked").withArgs("movies://matrix", 1n, 2n);
    });

    it("a deleted header's names no longer resolve, nor after the header is registered again", async () => {
      const { registry, alice, bob } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "matrix");
      await registry.connect(alice).deleteHeader("movies");
      await expect(registry.resolve("movies", "matrix"))
        .to.be.revertedWithCustomError(registry, "HeaderNotRegistered").withArgs("movies");
      expect(await registry.urlCountByHeader("movies")).to.equal(0n);
      expect(await registry.urlsByHeader("movies", 0, 10)).to.deep.equal([]);
      await registerHeader(registry, bob, "movies", 100n);
      await expect(registry.resolve("movies", "matrix"))
        .to.be.revertedWithCustomError(registry, "UrlRevoked").withArgs("movies://matrix", 1n, 2n);
    });

    it("names under the default header are unaffected by other headers expiring", async () => {
      const { registry, alice, expiredHeight } = await withHeader();
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "stays");
      await mineTo(expiredHeight + 10n);
      expect((await registry.resolve("dsp", "stays")).owner).to.equal(alice.address);
    });
  });

  describe("reentrancy", () => {
    async function withReentrantToken() {
      const { admin, treasury, alice } = await loadFixture(deploy);
      const token = await new ReentrantToken__factory(admin).deploy();
      const registry = await new DNSRegistry__factory(admin).deploy(
        admin.address, await token.getAddress(), treasury.address, "dsp", HEADER_FEE, URL_FEE,
      );
      await token.mint(alice.address, 1_000_000n);
      await token.connect(alice).approve(await registry.getAddress(), ethers.MaxUint256);
      return { registry, token, alice };
    }

    it("a fee token cannot re-enter registerUrl while a fee is being pulled", async () => {
      const { registry, token, alice } = await withReentrantToken();
      const inner = registry.interface.encodeFunctionData("registerUrl", [Mode.DefaultCustom, "", "inner", "", "", 0n]);
      await token.arm(await registry.getAddress(), inner);
      await expect(registry.connect(alice).registerUrl(Mode.DefaultCustom, "", "outer", "", "", 0n))
        .to.be.revertedWithCustomError(registry, "ReentrancyGuardReentrantCall");
      expect((await registry.getUrl("dsp", "outer")).owner).to.equal(ethers.ZeroAddress);
    });

    it("a fee token cannot re-enter registerHeader or renewHeader while a fee is being pulled", async () => {
      const { registry, token, alice } = await withReentrantToken();
      const exp = (await nextBlock()) + 100n;
      const inner = registry.interface.encodeFunctionData("registerHeader", ["inner", "", exp + 10n]);
      await token.arm(await registry.getAddress(), inner);
      await expect(registry.connect(alice).registerHeader("outer", "", exp))
        .to.be.revertedWithCustomError(registry, "ReentrancyGuardReentrantCall");
      await token.arm(ethers.ZeroAddress, "0x");
      await registry.connect(alice).registerHeader("outer", "", exp + 1n);
      await token.arm(await registry.getAddress(), inner);
      await expect(registry.connect(alice).renewHeader("outer", exp + 50n))
        .to.be.revertedWithCustomError(registry, "ReentrancyGuardReentrantCall");
    });
  });

  describe("queries", () => {
    it("tryResolve returns true and the record for a live name, false otherwise without reverting", async () => {
      const { registry, alice } = await loadFixture(deploy);
      const { block } = await registerUrl(registry, alice, Mode.DefaultCustom, "", "t", FILE_LINK, 3n);
      let [ok, rec] = await registry.tryResolve("dsp", "t");
      expect(ok).to.equal(true);
      expect(rec.link).to.equal(FILE_LINK);
      await mineTo(block + 3n);
      [ok, rec] = await registry.tryResolve("dsp", "t");
      expect(ok).to.equal(false);
      expect(rec.owner).to.equal(alice.address); // the stale record is still shown for diagnostics
      [ok, rec] = await registry.tryResolve("dsp", "nothing");
      expect(ok).to.equal(false);
      expect(rec.owner).to.equal(ethers.ZeroAddress);
    });

    it("resolveName resolves a full name as typed, and reports unknown names", async () => {
      const { registry, alice } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "a/b.mp4");
      expect((await registry.resolveName("movies://a/b.mp4")).url).to.equal("a/b.mp4");
      await expect(registry.resolveName("movies://nope"))
        .to.be.revertedWithCustomError(registry, "UrlNotFound").withArgs("movies://nope");
    });

    it("getUrl returns a stored record even when it no longer resolves", async () => {
      const { registry, alice } = await withHeader();
      await registerUrl(registry, alice, Mode.CustomCustom, "movies", "m");
      await registry.connect(alice).deleteHeader("movies");
      const rec = await registry.getUrl("movies", "m");
      expect([rec.owner, rec.header, rec.url]).to.deep.equal([alice.address, "movies", "m"]);
    });

    it("getHeader of an unknown header returns an empty record", async () => {
      const { registry } = await loadFixture(deploy);
      const h = await registry.getHeader("nothing");
      expect([h.owner, h.generation]).to.deep.equal([ethers.ZeroAddress, 0n]);
      expect(await registry.isHeaderLive("nothing")).to.equal(false);
    });

    it("pages urls by owner, clipping the last page and returning nothing past the end", async () => {
      const { registry, alice, bob } = await loadFixture(deploy);
      const names = ["n0", "n1", "n2", "n3", "n4"];
      for (const n of names) await registerUrl(registry, alice, Mode.DefaultCustom, "", n);
      await registerUrl(registry, bob, Mode.DefaultCustom, "", "bobs");
      expect(await registry.urlCountByOwner(alice.address)).to.equal(5n);
      const urls = async (o: number | bigint, l: bigint) => (await registry.urlsByOwner(alice.address, o, l)).map((r) => r.url);
      expect(await urls(0, 2n)).to.deep.equal(["n0", "n1"]);
      expect(await urls(2, 2n)).to.deep.equal(["n2", "n3"]);
      expect(await urls(4, 2n)).to.deep.equal(["n4"]);
      expect(await urls(5, 2n)).to.deep.equal([]);
      expect(await urls(1, ethers.MaxUint256)).to.deep.equal(["n1", "n2", "n3", "n4"]);
      expect(await urls(5, ethers.MaxUint256)).to.deep.equal([]);
      expect(await urls(ethers.MaxUint256, 1n)).to.deep.equal([]);
      expect(await urls(ethers.MaxUint256, ethers.MaxUint256)).to.deep.equal([]);
      expect(await urls(0, 0n)).to.deep.equal([]);
    });

    it("pages urls by header, listing only the header's current generation", async () => {
      const { registry, alice, bob, expiredHeight } = await withHeader();
      for (const n of ["a", "b", "c"]) await registerUrl(registry, alice, Mode.CustomCustom, "movies", n);
      await registerUrl(registry, alice, Mode.DefaultCustom, "", "elsewhere");
      expect(await registry.urlCountByHeader("movies")).to.equal(3n);
      expect((await registry.urlsByHeader("movies", 1, 5)).map((r) => r.url)).to.deep.equal(["b", "c"]);
      expect((await registry.urlsByHeader("movies", 3, 5))).to.deep.equal([]);
      expect((await registry.urlsByHeader("movies", 0, ethers.MaxUint256)).map((r) => r.url)).to.deep.equal(["a", "b", "c"]);
      expect((await registry.urlsByHeader("movies", 2, ethers.MaxUint256)).map((r) => r.url)).to.deep.equal(["c"]);
      expect(await registry.urlsByHeader("movies", 3, ethers.MaxUint256)).to.deep.equal([]);
      expect(await registry.urlsByHeader("movies", ethers.MaxUint256, ethers.MaxUint256)).to.deep.equal([]);
      await mineTo(expiredHeight);
      await registerHeader(registry, bob, "movies", 100n);
      await registerUrl(registry, bob, Mode.CustomCustom, "movies", "fresh");
      expect((await registry.urlsByHeader("movies", 0, 10)).map((r) => r.url)).to.deep.equal(["fresh"]);
      expect(await registry.urlCountByHeader("nothing")).to.equal(0n);
    });

    it("pages headers by owner", async () => {
      const { registry, alice } = await loadFixture(deploy);
      for (const h of ["h0", "h1", "h2"]) await registerHeader(registry, alice, h, 10n);
      expect(await registry.headerCountByOwner(alice.address)).to.equal(3n);
      expect((await registry.headersByOwner(alice.address, 0, 2)).map((h) => h.name)).to.deep.equal(["h0", "h1"]);
      expect((await registry.headersByOwner(alice.address, 2, 2)).map((h) => h.name)).to.deep.equal(["h2"]);
      expect(await registry.headersByOwner(alice.address, 3, 2)).to.deep.equal([]);
      const names = async (o: number | bigint, l: bigint) => (await registry.headersByOwner(alice.address, o, l)).map((h) => h.name);
      expect(await names(0, ethers.MaxUint256)).to.deep.equal(["h0", "h1", "h2"]);
      expect(await names(1, ethers.MaxUint256)).to.deep.equal(["h1", "h2"]);
      expect(await names(3, ethers.MaxUint256)).to.deep.equal([]);
      expect(await names(4, 1n)).to.deep.equal([]);
      expect(await names(ethers.MaxUint256, ethers.MaxUint256)).to.deep.equal([]);
      await registry.connect(alice).deleteHeader("h0");
      // swap-and-pop: the last entry takes the deleted one's place
      expect((await registry.headersByOwner(alice.address, 0, 10)).map((h) => h.name)).to.deep.equal(["h2", "h1"]);
    });

    it("nameHashOf is keccak256 of the full name header://url", async () => {
      const { registry } = await loadFixture(deploy);
      expect(await registry.nameHashOf("movies", "matrix")).to.equal(hash("movies://matrix"));
    });
  });
});
