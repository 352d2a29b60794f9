import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import {
  deployFixture, registerNodes, makeFile, storeFile, proveNow, buildCurrentProof, openChallenge, missWindow,
  randomBytes, SETTINGS, type Fixture,
} from "./helpers/dsp";
import { pdp } from "./helpers/pdp";

const NODE_SIZE = 16;

/** A file of 300 KiB (two 256 KiB blocks, 9600 leaves) with two holders and one candidate. */
async function storedFixture() {
  const f = await deployFixture();
  const [n0, n1, n2] = await registerNodes(f, 3);
  const file = makeFile(randomBytes(300 * 1024, "pdp"));
  await storeFile(f, file, [n0, n1], [n2]);
  return { ...f, file, n0, n1, n2 };
}

describe("PDPVerifier", () => {
  describe("the proof tree", () => {
    it("matches the documented challenge derivation: one leaf per slice, sorted and in range", async () => {
      const f = await loadFixture(storedFixture);
      const [height, deadline, seed, indices] = await openChallenge(f, f.file.fileHash, f.n0);
      expect(deadline).to.equal(height + BigInt(SETTINGS.proofWindow));
      expect(seed).to.not.equal(ethers.ZeroHash);
      expect(indices.map(Number)).to.deep.equal(pdp().challengeIndices(seed, 300 * 1024 / 32, Number(SETTINGS.challengeCount)));
    });

    it("challenges every leaf once when the file has fewer leaves than challenges", async () => {
      const f = await loadFixture(deployFixture);
      const [n0] = await registerNodes(f, 1);
      const file = makeFile(randomBytes(20 * 32, "few"), { copyNum: 0 });
      await storeFile(f, file, [n0]);
      const [, , , indices] = await openChallenge(f, file.fileHash, n0);
      expect(indices.map(Number)).to.deep.equal([...Array(20).keys()]);
    });

    it("gives each holder its own challenge", async () => {
      const f = await loadFixture(storedFixture);
      const a = await openChallenge(f, f.file.fileHash, f.n0);
      const b = await openChallenge(f, f.file.fileHash, f.n1);
      expect(a[0]).to.equal(b[0]);
      expect(a[2]).to.not.equal(b[2]);
    });

    it("has no seed before the challenge height is mined", async () => {
      const f = await loadFixture(storedFixture);
      const [height, , seed, indices] = await f.verifier.challengeOf(f.file.fileHash, f.n0.address);
      expect(BigInt(await ethers.provider.getBlockNumber())).to.be.lessThan(height);
      expect(seed).to.equal(ethers.ZeroHash);
      expect(indices).to.have.length(0);
    });
  });

  describe("prove", () => {
    it("accepts a proof built from the real file data and pays the holder", async () => {
      const f = await loadFixture(storedFixture);
      const before = await f.ledger.holdersOf(f.file.fileHash);
      const escrow = before.states[0].escrow;
      const proveTimes = (await f.ledger.getFileInfo(f.file.fileHash)).proveTimes;
      const reward = escrow / proveTimes;
      const [challengeHeight] = await f.verifier.challengeOf(f.file.fileHash, f.n0.address);
      await expect(proveNow(f, f.file, f.n0))
        .to.emit(f.verifier, "PossessionProven").withArgs(f.file.fileHash, f.n0.address, challengeHeight, 0n, reward)
        .and.to.emit(f.ledger, "HolderStarted").withArgs(f.file.fileHash, f.n0.address)
        .and.to.emit(f.ledger, "ProofRewarded")
        .withArgs(f.file.fileHash, f.n0.address, 1n, proveTimes - 1n, reward, challengeHeight + 10n);
      expect(await f.ledger.rewardsOf(f.n0.address)).to.equal(reward);
      const after = await f.ledger.holdersOf(f.file.fileHash);
      expect(after.states[0].started).to.equal(true);
      expect(after.states[0].escrow).to.equal(escrow - reward);
    });

    it("accepts proofs on every period of the schedule, and then none is due", async () => {
      const f = await loadFixture(deployFixture);
      const [n0] = await registerNodes(f, 1);
      const file = makeFile(randomBytes(1000, "sched"), { copyNum: 0 });
      await storeFile(f, file, [n0], [], f.owner, 35n); // 35 blocks / interval 10 = 3 proofs
      const info = await f.ledger.getFileInfo(file.fileHash);
      expect(info.proveTimes).to.equal(3n);
      for (let i = 0; i < 3; i++) await proveNow(f, file, n0);
      await expect(f.verifier.challengeOf(file.fileHash, n0.address))
        .to.be.revertedWithCustomError(f.ledger, "NoProofDue").withArgs(file.fileHash, n0.address);
      const [, states] = await f.ledger.holdersOf(file.fileHash);
      expect(states[0].escrow).to.equal(0n);
      expect(await f.ledger.rewardsOf(n0.address)).to.equal(info.deposit);
    });

    it("proves files of one leaf, of a partial last leaf, and of an exact power of two", async () => {
      const f = await loadFixture(deployFixture);
      const [n0] = await registerNodes(f, 1);
      for (const size of [0, 1, 31, 33, 64 * 32, 64 * 32 + 1]) {
        const file = makeFile(randomBytes(size, `size${size}`), { copyNum: 0 });
        await storeFile(f, file, [n0]);
        await expect(proveNow(f, file, n0)).to.emit(f.verifier, "PossessionProven");
      }
    });

    it("rejects a proof built from block hashes only (a node that kept the hashes, not the data)", async () => {
      const f = await loadFixture(storedFixture);
      const { leaves, proof } = await buildCurrentProof(f, f.file.fileHash, f.n0, f.file.tree);
      // The node knows every node hash of the tree but not the data: it sends leaf hashes in place of leaves.
      const [, , , indices] = await f.verifier.challengeOf(f.file.fileHash, f.n0.address);
      const fake = new Uint8Array(leaves.length);
      indices.forEach((ix, i) => fake.set(f.file.tree.node(0, Number(ix)), i * 32));
      await expect(f.verifier.connect(f.n0).prove(f.file.fileHash, fake, proof))
        .to.be.revertedWithCustomError(f.verifier, "InvalidProof");
    });

    it("rejects a proof with one wrong leaf byte", async () => {
      const f = await loadFixture(storedFixture);
      const { leaves, proof } = await buildCurrentProof(f, f.file.fileHash, f.n0, f.file.tree);
      leaves[5] ^= 1;
      const tx = f.verifier.connect(f.n0).prove(f.file.fileHash, leaves, proof);
      await expect(tx).to.be.revertedWithCustomError(f.verifier, "InvalidProof");
      expect(await f.ledger.rewardsOf(f.n0.address)).to.equal(0n);
    });

    it("rejects a proof whose root is right but whose leaf sits at another position", async () => {
      // Position binding: swapping two challenged leaves (and their paths) must fail.
      const f = await loadFixture(storedFixture);
      const [, , , indices] = await openChallenge(f, f.file.fileHash, f.n0);
      const shifted = indices.map((i) => Number(i) ^ 1).sort((a, b) => a - b);
      const { leaves, proof } = pdp().buildProof(f.file.tree, [...new Set(shifted)]);
      await expect(f.verifier.connect(f.n0).prove(f.file.fileHash, leaves, proof))
        .to.be.revertedWithCustomError(f.verifier, "InvalidProof");
    });

    it("rejects a proof for a stale seed (the previous period's challenge)", async () => {
      const f = await loadFixture(storedFixture);
      const old = await buildCurrentProof(f, f.file.fileHash, f.n0, f.file.tree);
      await f.verifier.connect(f.n0).prove(f.file.fileHash, old.leaves, old.proof);
      const [, , , fresh] = await openChallenge(f, f.file.fileHash, f.n0);
      expect(fresh.length).to.be.greaterThan(0);
      // The new challenge has other indices, so the old proof's shape (how many siblings are
      // shared) usually differs too: it fails on length before hashing, or on the root.
      const err = await f.verifier.connect(f.n0).prove(f.file.fileHash, old.leaves, old.proof).then(
        () => { throw new Error("stale proof accepted"); },
        (e: { data?: string }) => f.verifier.interface.parseError(e.data!)!.name,
      );
      expect(["InvalidProof", "ProofLengthMismatch", "LeavesLengthMismatch"]).to.include(err);
      expect((await f.ledger.holdersOf(f.file.fileHash)).states[0].proofsDone).to.equal(1n);
    });

    it("rejects a proof before the challenge height is mined", async () => {
      const f = await loadFixture(storedFixture);
      const [height] = await f.verifier.challengeOf(f.file.fileHash, f.n0.address);
      const now = BigInt(await ethers.provider.getBlockNumber());
      await expect(f.verifier.connect(f.n0).prove(f.file.fileHash, "0x", "0x"))
        .to.be.revertedWithCustomError(f.verifier, "ChallengeNotOpen").withArgs(f.file.fileHash, height, now + 1n);
    });

    it("rejects a proof after the window, even a correct one", async () => {
      const f = await loadFixture(storedFixture);
      const { leaves, proof } = await buildCurrentProof(f, f.file.fileHash, f.n0, f.file.tree);
      await missWindow(f, f.file.fileHash, f.n0);
      const [height, deadline] = await f.verifier.challengeOf(f.file.fileHash, f.n0.address);
      const now = BigInt(await ethers.provider.getBlockNumber());
      expect(deadline).to.equal(height + BigInt(SETTINGS.proofWindow));
      await expect(f.verifier.connect(f.n0).prove(f.file.fileHash, leaves, proof))
        .to.be.revertedWithCustomError(f.verifier, "ProvingPeriodPassed").withArgs(f.file.fileHash, deadline, now + 1n);
    });

    it("rejects a proof from a node that does not hold the file, even with the right data", async () => {
      const f = await loadFixture(storedFixture);
      const { leaves, proof } = await buildCurrentProof(f, f.file.fileHash, f.n0, f.file.tree);
      await expect(f.verifier.connect(f.n2).prove(f.file.fileHash, leaves, proof))
        .to.be.revertedWithCustomError(f.ledger, "NotHolder").withArgs(f.file.fileHash, f.n2.address);
    });

    it("rejects a proof for an unknown file", async () => {
      const f = await loadFixture(storedFixture);
      await expect(f.verifier.connect(f.n0).prove(ethers.ZeroHash, "0x", "0x"))
        .to.be.revertedWithCustomError(f.ledger, "FileNotFound").withArgs(ethers.ZeroHash);
    });

    it("rejects a proof with a missing or an extra sibling, and leaves of the wrong length", async () => {
      const f = await loadFixture(storedFixture);
      const { leaves, proof } = await buildCurrentProof(f, f.file.fileHash, f.n0, f.file.tree);
      const prover = f.verifier.connect(f.n0);
      const lib = f.verifier;
      await expect(prover.prove(f.file.fileHash, leaves, proof.subarray(0, proof.length - NODE_SIZE)))
        .to.be.revertedWithCustomError(lib, "ProofLengthMismatch").withArgs(proof.length, proof.length - NODE_SIZE);
      await expect(prover.prove(f.file.fileHash, leaves, ethers.concat([proof, new Uint8Array(NODE_SIZE)])))
        .to.be.revertedWithCustomError(lib, "ProofLengthMismatch").withArgs(proof.length, proof.length + NODE_SIZE);
      await expect(prover.prove(f.file.fileHash, leaves.subarray(32), proof))
        .to.be.revertedWithCustomError(lib, "LeavesLengthMismatch").withArgs(leaves.length, leaves.length - 32);
    });
  });

  describe("reportMissed", () => {
    it("slashes a holder that missed its window exactly once, records the fault and assigns the candidate", async () => {
      const f = await loadFixture(storedFixture);
      await missWindow(f, f.file.fileHash, f.n0);
      const [challengeHeight] = await f.verifier.challengeOf(f.file.fileHash, f.n0.address);
      const [, states] = await f.ledger.holdersOf(f.file.fileHash);
      const escrow = states[0].escrow;
      const slash = await f.registry.slashAmount(BigInt(f.file.data.length));
      const pledgeBefore = (await f.registry.getNode(f.n0.address)).pledge;
      const reporterBefore = await f.token.balanceOf(f.reporter.address);

      const tx = f.verifier.connect(f.reporter).reportMissed(f.file.fileHash, f.n0.address);
      await expect(tx).to.emit(f.verifier, "ProofMissed")
        .withArgs(f.file.fileHash, f.n0.address, f.reporter.address, challengeHeight, slash);
      await expect(tx).to.emit(f.ledger, "HolderFaulted")
        .withArgs(f.file.fileHash, f.n0.address, f.reporter.address, challengeHeight, escrow);
      await expect(tx).to.emit(f.ledger, "RecoveryAssigned").withArgs(f.file.fileHash, f.n0.address, f.n2.address);
      await expect(tx).to.emit(f.registry, "NodeSlashed")
        .withArgs(f.n0.address, f.reporter.address, slash, slash / 10n, pledgeBefore - slash);

      expect((await f.registry.getNode(f.n0.address)).pledge).to.equal(pledgeBefore - slash);
      expect(await f.token.balanceOf(f.reporter.address)).to.equal(reporterBefore + slash / 10n);
      const [holders, after] = await f.ledger.holdersOf(f.file.fileHash);
      expect(holders).to.deep.equal([f.n1.address, f.n2.address]);
      expect(after[1].escrow).to.equal(escrow);
      expect(after[1].started).to.equal(false);
      expect(await f.ledger.candidatesOf(f.file.fileHash)).to.deep.equal([]);

      await expect(f.verifier.connect(f.reporter).reportMissed(f.file.fileHash, f.n0.address))
        .to.be.revertedWithCustomError(f.ledger, "NotHolder").withArgs(f.file.fileHash, f.n0.address);
      expect((await f.registry.getNode(f.n0.address)).pledge).to.equal(pledgeBefore - slash);
    });

    it("makes the recovered candidate a holder with its first valid proof", async () => {
      const f = await loadFixture(storedFixture);
      await missWindow(f, f.file.fileHash, f.n0);
      await f.verifier.connect(f.reporter).reportMissed(f.file.fileHash, f.n0.address);
      await expect(proveNow(f, f.file, f.n2))
        .to.emit(f.ledger, "HolderStarted").withArgs(f.file.fileHash, f.n2.address);
      expect((await f.registry.getNode(f.n2.address)).liveFiles).to.equal(1n);
      expect((await f.registry.getNode(f.n0.address)).liveFiles).to.equal(0n);
    });

    it("refuses a report while the window is still open", async () => {
      const f = await loadFixture(storedFixture);
      const [height, deadline] = await openChallenge(f, f.file.fileHash, f.n0);
      expect(BigInt(await ethers.provider.getBlockNumber())).to.be.lessThan(deadline);
      await expect(f.verifier.connect(f.reporter).reportMissed(f.file.fileHash, f.n0.address))
        .to.be.revertedWithCustomError(f.ledger, "ProofNotOverdue").withArgs(f.file.fileHash, f.n0.address, height + 5n);
    });

    it("leaves the slot vacant when no candidate is eligible, and refunds it at the end", async () => {
      const f = await loadFixture(deployFixture);
      const [n0, n1] = await registerNodes(f, 2);
      const file = makeFile(randomBytes(500, "vacant"));
      await storeFile(f, file, [n0, n1]);
      await missWindow(f, file.fileHash, n0);
      await expect(f.verifier.connect(f.reporter).reportMissed(file.fileHash, n0.address))
        .to.emit(f.ledger, "FileUnderReplicated").withArgs(file.fileHash, 1n);
      const info = await f.ledger.getFileInfo(file.fileHash);
      const before = await f.token.balanceOf(f.owner.address);
      await f.ledger.connect(f.owner).deleteFiles([file.fileHash]);
      // nothing was ever proved: the whole deposit comes back
      expect(await f.token.balanceOf(f.owner.address)).to.equal(before + info.deposit);
    });

    it("skips a candidate that is no longer eligible", async () => {
      const f = await loadFixture(deployFixture);
      const [n0, n1, n2, n3] = await registerNodes(f, 4);
      const file = makeFile(randomBytes(500, "skip"), { copyNum: 0 });
      await storeFile(f, file, [n0], [n1, n2, n3]);
      await f.registry.connect(n1).unregister();
      await missWindow(f, file.fileHash, n0);
      await expect(f.verifier.connect(f.reporter).reportMissed(file.fileHash, n0.address))
        .to.emit(f.ledger, "RecoveryAssigned").withArgs(file.fileHash, n0.address, n2.address);
      expect(await f.ledger.candidatesOf(file.fileHash)).to.deep.equal([n3.address]);
    });
  });

  describe("the verifier's hooks", () => {
    it("refuse, even from the verifier, a node that holds nothing or owes no proof", async () => {
      const f = await loadFixture(storedFixture);
      await f.ledger.grantRole(await f.ledger.VERIFIER_ROLE(), f.admin.address);
      for (const call of [
        (n: string) => f.ledger.onProofVerified(f.file.fileHash, n),
        (n: string) => f.ledger.onProofMissed(f.file.fileHash, n, f.reporter.address),
      ]) {
        await expect(call(f.n2.address)).to.be.revertedWithCustomError(f.ledger, "NotHolder").withArgs(f.file.fileHash, f.n2.address);
      }
      const one = makeFile(randomBytes(64, "owed"), { copyNum: 0 });
      await storeFile(f, one, [f.n2], [], f.owner, 15n); // one proof owed
      await proveNow(f, one, f.n2);
      await expect(f.ledger.onProofVerified(one.fileHash, f.n2.address))
        .to.be.revertedWithCustomError(f.ledger, "NoProofDue").withArgs(one.fileHash, f.n2.address);
      await expect(f.ledger.onProofMissed(one.fileHash, f.n2.address, f.reporter.address))
        .to.be.revertedWithCustomError(f.ledger, "NoProofDue").withArgs(one.fileHash, f.n2.address);
    });

    it("refuse calls that do not come from the verifier", async () => {
      const f = await loadFixture(storedFixture);
      const role = await f.ledger.VERIFIER_ROLE();
      await expect(f.ledger.connect(f.n0).onProofVerified(f.file.fileHash, f.n0.address))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount").withArgs(f.n0.address, role);
      await expect(f.ledger.connect(f.reporter).onProofMissed(f.file.fileHash, f.n0.address, f.reporter.address))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount").withArgs(f.reporter.address, role);
      await expect(f.registry.connect(f.reporter).slash(f.n0.address, 1n, f.reporter.address))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.reporter.address, await f.registry.SLASHER_ROLE());
    });
  });

  it("agrees with the reference tree on a hand-built two-leaf file", async () => {
    const data = randomBytes(40, "two");
    const { MemoryPdpTree, leafHash, nodeHash } = pdp();
    const tree = new MemoryPdpTree(data);
    const l0 = leafHash(data.subarray(0, 32));
    const l1 = leafHash(Uint8Array.from([...data.subarray(32), ...new Uint8Array(24)]));
    expect(ethers.hexlify(tree.root)).to.equal(ethers.hexlify(nodeHash(l0, l1)));
    const f = await loadFixture(deployFixture);
    const [n0] = await registerNodes(f, 1);
    const file = makeFile(data, { copyNum: 0 }, tree);
    await storeFile(f, file, [n0]);
    await expect(proveNow(f, file, n0)).to.emit(f.verifier, "PossessionProven");
  });
});

export type { Fixture };
