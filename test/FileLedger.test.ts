import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  deployFixture, registerNodes, makeFile, storeFile, proveNow, missWindow, randomBytes, addrs, SETTINGS, E18,
} from "./helpers/dsp";

async function nodesFixture() {
  const f = await deployFixture();
  const nodes = await registerNodes(f, 4);
  return { ...f, n: nodes };
}

/** The fee formula of docs/fees.md, computed independently of the contract. */
function expectedFee(size: bigint, copyNum: bigint, interval: bigint, expiry: bigint, height: bigint) {
  const duration = expiry - height;
  const proveTimes = duration / interval;
  const kib = size === 0n ? 1n : (size + 1023n) / 1024n;
  const perHolder = kib * duration * BigInt(SETTINGS.spacePrice) + proveTimes * BigInt(SETTINGS.proofFee);
  return { deposit: perHolder * (copyNum + 1n), perHolder, proveTimes };
}

describe("FileLedger", () => {
  describe("storeFile", () => {
    it("records the FileInfo, escrows the fee of the documented formula and assigns the primaries", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(5000, "store"), { copyNum: 2, privilege: 2, encrypt: true, share: true, dnsUrl: "dsp://x" });
      const ownerBefore = await f.token.balanceOf(f.owner.address);
      const tx = await storeFile(f, file, f.n.slice(0, 3), [f.n[3]]);
      const rc = (await tx.wait())!;
      const height = BigInt(rc.blockNumber);
      const fee = expectedFee(5000n, 2n, 10n, BigInt(file.option.expiredHeight), height);

      const info = await f.ledger.getFileInfo(file.fileHash);
      expect(info.owner).to.equal(f.owner.address);
      expect(info.deposit).to.equal(fee.deposit);
      expect(info.proveTimes).to.equal(fee.proveTimes);
      expect(info.realFileSize).to.equal(5000n);
      expect(info.leafCount).to.equal(157n); // ceil(5000 / 32)
      expect(info.dataRoot).to.equal(file.commit.dataRoot);
      expect(info.blocksRoot).to.equal(file.commit.blocksRoot);
      expect(info.blockHeight).to.equal(height);
      expect(info.privilege).to.equal(2n);
      expect(info.copyNum).to.equal(2n);
      expect(info.encrypted).to.equal(true);
      expect(info.share).to.equal(true);
      expect(info.validFlag).to.equal(true);
      expect(info.challengeCount).to.equal(BigInt(SETTINGS.challengeCount));
      expect(info.proofWindow).to.equal(BigInt(SETTINGS.proofWindow));
      expect(ethers.toUtf8String(info.fileDesc)).to.equal("a test file");

      await expect(tx).to.emit(f.ledger, "FileStored")
        .withArgs(file.fileHash, f.owner.address, anyValue, await addrs(f.n.slice(0, 3)), [f.n[3].address], "dsp://x");
      for (const node of f.n.slice(0, 3)) {
        await expect(tx).to.emit(f.ledger, "HolderAssigned")
          .withArgs(file.fileHash, node.address, height + BigInt(SETTINGS.firstProofDelay), fee.proveTimes, fee.perHolder);
        const n = await f.registry.getNode(node.address);
        expect(n.restVolume).to.equal(n.volume - 5000n);
        expect(n.liveFiles).to.equal(1n);
      }
      expect(await f.token.balanceOf(f.owner.address)).to.equal(ownerBefore - fee.deposit);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(fee.deposit);
      const [holders, states] = await f.ledger.holdersOf(file.fileHash);
      expect(holders).to.deep.equal(await addrs(f.n.slice(0, 3)));
      expect(states.map((s) => s.escrow)).to.deep.equal([fee.perHolder, fee.perHolder, fee.perHolder]);
      expect(await f.ledger.candidatesOf(file.fileHash)).to.deep.equal([f.n[3].address]);
      expect(await f.ledger.accessOf(file.fileHash)).to.deep.equal([f.owner.address, 2n, true]);
    });

    it("quotes with calcFee exactly what storeFile escrows in the same block", async () => {
      const f = await loadFixture(nodesFixture);
      const height = BigInt(await ethers.provider.getBlockNumber());
      const [deposit, proveTimes, perHolder] = await f.ledger.calcFee(1_000_000n, 1, 20n, height + 200n);
      const want = expectedFee(1_000_000n, 1n, 20n, height + 200n, height);
      expect([deposit, proveTimes, perHolder]).to.deep.equal([want.deposit, want.proveTimes, want.perHolder]);
    });

    it("refuses to quote a prove interval below the minimum or an expiry within one interval", async () => {
      const f = await loadFixture(nodesFixture);
      const now = BigInt(await ethers.provider.getBlockNumber());
      await expect(f.ledger.calcFee(100n, 0, 9n, now + 100n))
        .to.be.revertedWithCustomError(f.ledger, "ProveIntervalTooSmall").withArgs(9n, SETTINGS.minProveInterval);
      await expect(f.ledger.calcFee(100n, 0, 10n, now + 9n))
        .to.be.revertedWithCustomError(f.ledger, "ExpiryTooSoon").withArgs(now + 9n, now + 10n);
    });

    it("refuses a file hash that is already stored (50005)", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "dup"));
      await storeFile(f, file, f.n.slice(0, 2));
      await expect(storeFile(f, file, f.n.slice(2, 4), [], f.other))
        .to.be.revertedWithCustomError(f.ledger, "FileAlreadyStored").withArgs(file.fileHash);
    });

    it("refuses an incomplete commit", async () => {
      const f = await loadFixture(nodesFixture);
      for (const bad of [{ fileHash: ethers.ZeroHash }, { dataRoot: "0x" + "00".repeat(16) }, { blockNum: 0n }, { blockSize: 0n }]) {
        const file = makeFile(randomBytes(100, "commit"));
        Object.assign(file.commit, bad);
        await expect(storeFile(f, file, f.n.slice(0, 2)))
          .to.be.revertedWithCustomError(f.ledger, "InvalidCommit").withArgs(file.commit.fileHash);
      }
    });

    it("refuses bad options: privilege, storage type, copies, candidates, interval, expiry", async () => {
      const f = await loadFixture(nodesFixture);
      let seq = 0;
      const at = async (over: object) => makeFile(randomBytes(100, `opt${seq++}`), over as never);
      await expect(storeFile(f, await at({ privilege: 3 }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "InvalidPrivilege").withArgs(3);
      await expect(storeFile(f, await at({ storageType: 2 }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "InvalidStorageType").withArgs(2);
      await expect(storeFile(f, await at({ copyNum: SETTINGS.maxCopies }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "TooManyCopies").withArgs(SETTINGS.maxCopies, Number(SETTINGS.maxCopies) - 1);
      await expect(storeFile(f, await at({ copyNum: 2 }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "NodesNotEnough").withArgs(3, 2);
      const many = Array.from({ length: Number(SETTINGS.maxCandidates) + 1 }, (_, i) => ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`));
      const file = await at({ copyNum: 0 });
      file.option.expiredHeight = BigInt(await ethers.provider.getBlockNumber()) + 100n;
      await expect(f.ledger.connect(f.owner).storeFile(file.option, file.commit, [f.n[0].address], many))
        .to.be.revertedWithCustomError(f.ledger, "TooManyCandidates").withArgs(many.length, SETTINGS.maxCandidates);
      await expect(storeFile(f, await at({ proveInterval: 9n }), f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "ProveIntervalTooSmall").withArgs(9n, SETTINGS.minProveInterval);
      const soon = await at({});
      const now = BigInt(await ethers.provider.getBlockNumber());
      soon.option.expiredHeight = now + 5n; // the store lands at now + 1: needs now + 1 + 10
      await expect(storeFile(f, soon, f.n.slice(0, 2)))
        .to.be.revertedWithCustomError(f.ledger, "ExpiryTooSoon").withArgs(now + 5n, now + 11n);
    });

    it("refuses duplicate nodes among primaries and candidates", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "dupnode"));
      await expect(storeFile(f, file, [f.n[0], f.n[0]]))
        .to.be.revertedWithCustomError(f.ledger, "DuplicateNode").withArgs(f.n[0].address);
      await expect(storeFile(f, file, [f.n[0], f.n[1]], [f.n[1]]))
        .to.be.revertedWithCustomError(f.ledger, "DuplicateNode").withArgs(f.n[1].address);
      await expect(storeFile(f, file, [f.n[0], f.n[1]], [f.n[2], f.n[2]]))
        .to.be.revertedWithCustomError(f.ledger, "DuplicateNode").withArgs(f.n[2].address);
    });

    it("refuses a primary that is unregistered, quit, full or ends its service too soon (50015)", async () => {
      const f = await loadFixture(deployFixture);
      const [a, b, c, d] = f.nodes;
      await registerNodes(f, 1); // a
      await f.registry.connect(b).register("/ip4/127.0.0.1/tcp/1", 1n << 20n, 10_000_000n); // 1 MiB
      await f.registry.connect(c).register("/ip4/127.0.0.1/tcp/2", 1n << 30n, 10_000_000n);
      await f.registry.connect(c).unregister();
      await f.registry.connect(d).register("/ip4/127.0.0.1/tcp/3", 1n << 30n, BigInt(await ethers.provider.getBlockNumber()) + 50n);
      const other = f.reporter; // never registered
      const big = makeFile(randomBytes(2 << 20, "big"), { copyNum: 1 });
      for (const [node, data] of [[other, randomBytes(10, "u")], [c, randomBytes(10, "q")], [d, randomBytes(10, "s")]] as const) {
        const file = makeFile(data);
        await expect(storeFile(f, file, [a, node])).to.be.revertedWithCustomError(f.ledger, "NodeNotEligible").withArgs(node.address);
      }
      await expect(storeFile(f, big, [a, b])).to.be.revertedWithCustomError(f.ledger, "NodeNotEligible").withArgs(b.address);
    });

    it("takes nothing and stores nothing when the fee cannot be pulled", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "allow"));
      await f.token.connect(f.owner).approve(await f.ledger.getAddress(), 0n);
      await expect(storeFile(f, file, f.n.slice(0, 2))).to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance");
      await expect(f.ledger.getFileInfo(file.fileHash)).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(file.fileHash);
      expect((await f.registry.getNode(f.n[0].address)).liveFiles).to.equal(0n);
    });
  });

  describe("deleteFiles", () => {
    it("refunds the whole deposit before any proof, frees the holders and forgets the file", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(3000, "del"));
      await storeFile(f, file, f.n.slice(0, 2));
      const { deposit } = await f.ledger.getFileInfo(file.fileHash);
      const before = await f.token.balanceOf(f.owner.address);
      await expect(f.ledger.connect(f.owner).deleteFiles([file.fileHash]))
        .to.emit(f.ledger, "FileDeleted").withArgs(file.fileHash, f.owner.address, deposit);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + deposit);
      for (const node of f.n.slice(0, 2)) {
        const n = await f.registry.getNode(node.address);
        expect([n.restVolume, n.liveFiles]).to.deep.equal([n.volume, 0n]);
      }
      await expect(f.ledger.getFileInfo(file.fileHash)).to.be.revertedWithCustomError(f.ledger, "FileNotFound");
      expect(await f.ledger.accessOf(file.fileHash)).to.deep.equal([ethers.ZeroAddress, 0n, false]);
      // the same bytes can be stored again afterwards
      file.option.expiredHeight = 0n;
      await expect(storeFile(f, file, f.n.slice(2, 4))).to.emit(f.ledger, "FileStored");
    });

    it("refunds exactly what the proofs did not earn", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(3000, "partial"));
      await storeFile(f, file, f.n.slice(0, 2));
      const { deposit } = await f.ledger.getFileInfo(file.fileHash);
      await proveNow(f, file, f.n[0]);
      await proveNow(f, file, f.n[1]);
      await proveNow(f, file, f.n[0]);
      const earned = (await f.ledger.rewardsOf(f.n[0].address)) + (await f.ledger.rewardsOf(f.n[1].address));
      expect(earned).to.be.greaterThan(0n);
      await expect(f.ledger.connect(f.owner).deleteFiles([file.fileHash]))
        .to.emit(f.ledger, "FileDeleted").withArgs(file.fileHash, f.owner.address, deposit - earned);
    });

    it("deletes several files in one call and refunds their sum", async () => {
      const f = await loadFixture(nodesFixture);
      const a = makeFile(randomBytes(100, "a"));
      const b = makeFile(randomBytes(200, "b"));
      await storeFile(f, a, f.n.slice(0, 2));
      await storeFile(f, b, f.n.slice(2, 4));
      const total = (await f.ledger.getFileInfo(a.fileHash)).deposit + (await f.ledger.getFileInfo(b.fileHash)).deposit;
      const before = await f.token.balanceOf(f.owner.address);
      await f.ledger.connect(f.owner).deleteFiles([a.fileHash, b.fileHash]);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + total);
      expect(await f.token.balanceOf(await f.ledger.getAddress())).to.equal(0n);
    });

    it("refuses anyone but the owner (50049) and changes nothing", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "deny"));
      await storeFile(f, file, f.n.slice(0, 2));
      await expect(f.ledger.connect(f.other).deleteFiles([file.fileHash]))
        .to.be.revertedWithCustomError(f.ledger, "DeleteFileAccessDenied").withArgs(file.fileHash, f.other.address, f.owner.address);
      expect((await f.ledger.getFileInfo(file.fileHash)).validFlag).to.equal(true);
    });

    it("refuses an empty list (50047) and an unknown file", async () => {
      const f = await loadFixture(nodesFixture);
      await expect(f.ledger.connect(f.owner).deleteFiles([])).to.be.revertedWithCustomError(f.ledger, "NoFilesToDelete");
      const h = ethers.id("nothing");
      await expect(f.ledger.connect(f.owner).deleteFiles([h])).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(h);
    });
  });

  describe("settleExpired", () => {
    it("refuses before the last window has closed, then refunds the unearned escrow to the owner", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "exp"), { copyNum: 0 });
      await storeFile(f, file, [f.n[0]], [], f.owner, 30n);
      const info = await f.ledger.getFileInfo(file.fileHash);
      await proveNow(f, file, f.n[0]);
      const last = info.expiredHeight + BigInt(SETTINGS.proofWindow);
      const now = BigInt(await ethers.provider.getBlockNumber());
      await mine(last - now - 1n);
      await expect(f.ledger.connect(f.other).settleExpired(file.fileHash))
        .to.be.revertedWithCustomError(f.ledger, "NotExpired").withArgs(file.fileHash, last, last);
      const reward = await f.ledger.rewardsOf(f.n[0].address);
      const before = await f.token.balanceOf(f.owner.address);
      await expect(f.ledger.connect(f.other).settleExpired(file.fileHash))
        .to.emit(f.ledger, "FileExpired").withArgs(file.fileHash, f.owner.address, info.deposit - reward);
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + info.deposit - reward);
      expect((await f.registry.getNode(f.n[0].address)).liveFiles).to.equal(0n);
    });

    it("lets a node withdraw its pledge once its only file has expired", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "wd"), { copyNum: 0 });
      await storeFile(f, file, [f.n[0]], [], f.owner, 20n);
      await f.registry.connect(f.n[0]).unregister();
      await expect(f.registry.connect(f.n[0]).withdraw())
        .to.be.revertedWithCustomError(f.registry, "NodeHasLiveFiles").withArgs(f.n[0].address, 1n);
      await mine(40);
      await f.ledger.settleExpired(file.fileHash);
      await expect(f.registry.connect(f.n[0]).withdraw()).to.emit(f.registry, "NodeWithdrawn").withArgs(f.n[0].address, f.pledge);
    });
  });

  describe("owner and node actions", () => {
    it("lets the owner change the privilege, and nobody else", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "priv"));
      await storeFile(f, file, f.n.slice(0, 2));
      await expect(f.ledger.connect(f.owner).setPrivilege(file.fileHash, 0))
        .to.emit(f.ledger, "PrivilegeChanged").withArgs(file.fileHash, 0);
      expect((await f.ledger.getFileInfo(file.fileHash)).privilege).to.equal(0n);
      await expect(f.ledger.connect(f.other).setPrivilege(file.fileHash, 1))
        .to.be.revertedWithCustomError(f.ledger, "NotFileOwner").withArgs(file.fileHash, f.other.address);
      await expect(f.ledger.connect(f.owner).setPrivilege(file.fileHash, 7))
        .to.be.revertedWithCustomError(f.ledger, "InvalidPrivilege").withArgs(7);
      await expect(f.ledger.connect(f.owner).setPrivilege(ethers.ZeroHash, 1))
        .to.be.revertedWithCustomError(f.ledger, "FileNotFound");
    });

    it("pays accrued rewards to the address the node names, once", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "claim"));
      await storeFile(f, file, f.n.slice(0, 2));
      await proveNow(f, file, f.n[0]);
      const reward = await f.ledger.rewardsOf(f.n[0].address);
      const before = await f.token.balanceOf(f.other.address);
      await expect(f.ledger.connect(f.n[0]).claimRewards(f.other.address))
        .to.emit(f.ledger, "RewardsClaimed").withArgs(f.n[0].address, f.other.address, reward);
      expect(await f.token.balanceOf(f.other.address)).to.equal(before + reward);
      await expect(f.ledger.connect(f.n[0]).claimRewards(f.other.address))
        .to.be.revertedWithCustomError(f.ledger, "NothingToClaim").withArgs(f.n[0].address);
    });
  });

  describe("governance", () => {
    it("changes settings for new files only", async () => {
      const f = await loadFixture(nodesFixture);
      const file = makeFile(randomBytes(100, "gov"));
      await storeFile(f, file, f.n.slice(0, 2));
      const next = { ...SETTINGS, challengeCount: 8, proofWindow: 3, spacePrice: 5n };
      await expect(f.ledger.setSettings(next)).to.emit(f.ledger, "SettingsChanged");
      expect((await f.ledger.settings()).challengeCount).to.equal(8n);
      const info = await f.ledger.getFileInfo(file.fileHash);
      expect([info.challengeCount, info.proofWindow]).to.deep.equal([BigInt(SETTINGS.challengeCount), BigInt(SETTINGS.proofWindow)]);
      await expect(proveNow(f, file, f.n[0])).to.emit(f.verifier, "PossessionProven");
    });

    it("refuses settings that would break the proving schedule", async () => {
      const f = await loadFixture(nodesFixture);
      for (const bad of [
        { challengeCount: 0 }, { proofWindow: 0 }, { proofWindow: 256 }, { minProveInterval: 5n },
        { firstProofDelay: 0n }, { firstProofDelay: 11n }, { maxCopies: 0 },
      ]) {
        await expect(f.ledger.setSettings({ ...SETTINGS, ...bad })).to.be.revertedWithCustomError(f.ledger, "InvalidSettings");
      }
      await expect(f.ledger.connect(f.other).setSettings(SETTINGS))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.other.address, await f.ledger.GOVERNANCE_ROLE());
    });

    it("wires its modules once, by the admin only", async () => {
      const f = await loadFixture(nodesFixture);
      await expect(f.ledger.setModules(f.other.address, f.other.address, f.other.address))
        .to.be.revertedWithCustomError(f.ledger, "ModulesAlreadySet");
      await expect(f.ledger.connect(f.other).setModules(f.other.address, f.other.address, f.other.address))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount");
    });
  });

  describe("views of unknown files", () => {
    it("revert with FileNotFound (50021)", async () => {
      const f = await loadFixture(nodesFixture);
      const h = ethers.id("unknown");
      const calls = [
        () => f.ledger.getFileInfo(h), () => f.ledger.holdersOf(h), () => f.ledger.candidatesOf(h),
        () => f.ledger.proofContext(h, f.n[0].address),
      ];
      for (const call of calls) await expect(call()).to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(h);
    });
  });

  it("keeps a missed holder's fault from touching other files it holds", async () => {
    const f = await loadFixture(nodesFixture);
    const a = makeFile(randomBytes(100, "fa"), { copyNum: 0 });
    const b = makeFile(randomBytes(100, "fb"), { copyNum: 0 });
    await storeFile(f, a, [f.n[0]], [f.n[1]]);
    await storeFile(f, b, [f.n[0]]);
    await missWindow(f, a.fileHash, f.n[0]);
    await f.verifier.connect(f.reporter).reportMissed(a.fileHash, f.n[0].address);
    const [holdersB] = await f.ledger.holdersOf(b.fileHash);
    expect(holdersB).to.deep.equal([f.n[0].address]);
    expect((await f.registry.getNode(f.n[0].address)).liveFiles).to.equal(1n);
    void E18;
  });
});
