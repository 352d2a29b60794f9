import { expect } from "chai";
import { ethers, network } from "hardhat";
import type { BaseWallet } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import { AccountRegistry__factory } from "../typechain-types";
import accountVectors from "./vectors/accounts.json";

// secp256k1 field prime.
const P = 2n ** 256n - 2n ** 32n - 977n;

/** The spec's 7 steps, done off-chain: steps 1-3 give the 20 bytes the registry stores. */
function dsp20Of(compressedKey: string): string {
  return ethers.ripemd160(ethers.sha256(ethers.concat([compressedKey, "0xac"])));
}

/** Steps 4-7: version byte 0x17, 4-byte double-sha256 checksum, base58. */
function dspStringOf(dsp20: string): string {
  const body = ethers.concat(["0x17", dsp20]);
  const checksum = ethers.dataSlice(ethers.sha256(ethers.sha256(body)), 0, 4);
  return ethers.encodeBase58(ethers.concat([body, checksum]));
}

/** x || y, without the 0x04 tag. */
function raw64(wallet: BaseWallet): string {
  return ethers.dataSlice(wallet.signingKey.publicKey, 1);
}

function keyFromCoordinates(x: bigint, y: bigint): string {
  return ethers.concat([ethers.toBeHex(x, 32), ethers.toBeHex(y, 32)]);
}

const fixedWallet = (n: number) => new ethers.Wallet(ethers.toBeHex(n, 32));

describe("AccountRegistry", () => {
  async function deploy() {
    const [deployer, relayer] = await ethers.getSigners();
    const registry = await new AccountRegistry__factory(deployer).deploy();
    // Key 1 has an even y (prefix 0x02), key 6 an odd y (prefix 0x03).
    const even = fixedWallet(1);
    const odd = fixedWallet(6);
    return { registry, deployer, relayer, even, odd };
  }

  describe("address derivation", () => {
    for (const v of accountVectors.vectors) {
      it(`matches the pinned vector for ${v.note}`, async () => {
        const { registry } = await loadFixture(deploy);
        const wallet = new ethers.Wallet(v.privateKey);
        expect(wallet.signingKey.publicKey).to.equal(v.publicKey);
        expect(wallet.signingKey.compressedPublicKey).to.equal(v.compressedPublicKey);
        expect(wallet.address).to.equal(v.evmAddress);
        expect(dsp20Of(v.compressedPublicKey)).to.equal(v.dsp20);
        expect(dspStringOf(v.dsp20)).to.equal(v.dspAddress);

        const [evm, dsp, compressed] = await registry.computeDspAddress(v.publicKey);
        expect(evm).to.equal(v.evmAddress);
        expect(dsp).to.equal(v.dsp20);
        expect(compressed).to.equal(v.compressedPublicKey);
      });
    }

    it("gives private key 1 the DSP address AM31wyxaM34Niea5pcrpPPFJzETWTPNCFC", async () => {
      const { registry, even } = await loadFixture(deploy);
      const [, dsp] = await registry.computeDspAddress(even.signingKey.publicKey);
      expect(dspStringOf(dsp)).to.equal("AM31wyxaM34Niea5pcrpPPFJzETWTPNCFC");
    });

    it("gives private key 6 the DSP address AaaXiNFjgZ3VaYPTF3cYEaJ6Xccx21CiPt", async () => {
      const { registry, odd } = await loadFixture(deploy);
      const [, dsp] = await registry.computeDspAddress(odd.signingKey.publicKey);
      expect(dspStringOf(dsp)).to.equal("AaaXiNFjgZ3VaYPTF3cYEaJ6Xccx21CiPt");
    });

    it("derives the same addresses from the 64-byte and the 65-byte encoding", async () => {
      const { registry, odd } = await loadFixture(deploy);
      const from65 = await registry.computeDspAddress(odd.signingKey.publicKey);
      const from64 = await registry.computeDspAddress(raw64(odd));
      expect([...from64]).to.deep.equal([...from65]);
      expect(from64.evm).to.equal(odd.address);
    });

    it("compresses with 0x02 for an even y and 0x03 for an odd y", async () => {
      const { registry, even, odd } = await loadFixture(deploy);
      const [, , evenKey] = await registry.computeDspAddress(even.signingKey.publicKey);
      const [, , oddKey] = await registry.computeDspAddress(odd.signingKey.publicKey);
      expect(ethers.dataSlice(evenKey, 0, 1)).to.equal("0x02");
      expect(ethers.dataSlice(oddKey, 0, 1)).to.equal("0x03");
      expect(evenKey).to.equal(even.signingKey.compressedPublicKey);
      expect(oddKey).to.equal(odd.signingKey.compressedPublicKey);
    });

    it("agrees with the off-chain recipe for random keys", async () => {
      const { registry } = await loadFixture(deploy);
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: 1n, max: ethers.N - 1n }), async (secret) => {
          const wallet = new ethers.Wallet(ethers.toBeHex(secret, 32));
          const [evm, dsp, compressed] = await registry.computeDspAddress(wallet.signingKey.publicKey);
          expect(evm).to.equal(wallet.address);
          expect(compressed).to.equal(wallet.signingKey.compressedPublicKey);
          expect(dsp).to.equal(dsp20Of(wallet.signingKey.compressedPublicKey));
        }),
        { numRuns: 40 },
      );
    });
  });

  describe("bind", () => {
    it("binds a 65-byte key and emits AccountBound with the compressed key", async () => {
      const { registry, even } = await loadFixture(deploy);
      const dsp = dsp20Of(even.signingKey.compressedPublicKey);
      await expect(registry.bind(even.signingKey.publicKey))
        .to.emit(registry, "AccountBound")
        .withArgs(even.address, dsp, even.signingKey.compressedPublicKey);
      expect(await registry.isBound(even.address)).to.equal(true);
    });

    it("binds a 64-byte key to the same DSP address", async () => {
      const { registry, odd } = await loadFixture(deploy);
      const dsp = dsp20Of(odd.signingKey.compressedPublicKey);
      await expect(registry.bind(raw64(odd)))
        .to.emit(registry, "AccountBound")
        .withArgs(odd.address, dsp, odd.signingKey.compressedPublicKey);
      expect(await registry.dspAddressOf(odd.address)).to.equal(dsp);
    });

    it("resolves each address to the other once bound", async () => {
      const { registry, even, odd } = await loadFixture(deploy);
      await registry.bind(even.signingKey.publicKey);
      await registry.bind(odd.signingKey.publicKey);
      for (const wallet of [even, odd]) {
        const dsp = dsp20Of(wallet.signingKey.compressedPublicKey);
        expect(await registry.dspAddressOf(wallet.address)).to.equal(dsp);
        expect(await registry.evmAddressOf(dsp)).to.equal(wallet.address);
        expect(await registry.requireDsp(wallet.address)).to.equal(dsp);
        expect(await registry.requireEvm(dsp)).to.equal(wallet.address);
      }
    });

    it("returns the stored compressed key for an even and an odd y", async () => {
      const { registry, even, odd } = await loadFixture(deploy);
      await registry.bind(even.signingKey.publicKey);
      await registry.bind(raw64(odd));
      expect(await registry.publicKeyOf(even.address)).to.equal(even.signingKey.compressedPublicKey);
      expect(await registry.publicKeyOf(odd.address)).to.equal(odd.signingKey.compressedPublicKey);
    });

    it("lets a relayer bind someone else's key, binding the key's address and not the sender's", async () => {
      const { registry, relayer, odd } = await loadFixture(deploy);
      await expect(registry.connect(relayer).bind(odd.signingKey.publicKey))
        .to.emit(registry, "AccountBound")
        .withArgs(odd.address, dsp20Of(odd.signingKey.compressedPublicKey), odd.signingKey.compressedPublicKey);
      expect(await registry.isBound(odd.address)).to.equal(true);
      expect(await registry.isBound(relayer.address)).to.equal(false);
    });

    it("binds the account itself when it submits its own key", async () => {
      const { registry } = await loadFixture(deploy);
      const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
      const [funder] = await ethers.getSigners();
      await funder.sendTransaction({ to: wallet.address, value: ethers.parseEther("1") });
      await registry.connect(wallet).bind(wallet.signingKey.publicKey);
      expect(await registry.requireDsp(wallet.address)).to.equal(dsp20Of(wallet.signingKey.compressedPublicKey));
    });

    it("returns the bound addresses from bind (staticCall)", async () => {
      const { registry, even } = await loadFixture(deploy);
      const [evm, dsp] = await registry.bind.staticCall(even.signingKey.publicKey);
      expect(evm).to.equal(even.address);
      expect(dsp).to.equal(dsp20Of(even.signingKey.compressedPublicKey));
    });

    it("refuses to bind an account twice, in either encoding", async () => {
      const { registry, even } = await loadFixture(deploy);
      const dsp = dsp20Of(even.signingKey.compressedPublicKey);
      await registry.bind(even.signingKey.publicKey);
      await expect(registry.bind(even.signingKey.publicKey))
        .to.be.revertedWithCustomError(registry, "AlreadyBound")
        .withArgs(even.address, dsp);
      await expect(registry.bind(raw64(even)))
        .to.be.revertedWithCustomError(registry, "AlreadyBound")
        .withArgs(even.address, dsp);
    });

    it("never points one DSP address at two EVM addresses (simulated hash collision)", async () => {
      const { registry, relayer, odd } = await loadFixture(deploy);
      const dsp = dsp20Of(odd.signingKey.compressedPublicKey);
      // Plant dsp -> relayer in _evmOf (storage slot 1; a bytes20 key is right-padded to 32 bytes),
      // as if another key had hashed to the same DSP address.
      const slot = ethers.keccak256(
        ethers.concat([ethers.zeroPadBytes(dsp, 32), ethers.toBeHex(1n, 32)]),
      );
      await network.provider.send("hardhat_setStorageAt", [
        await registry.getAddress(),
        slot,
        ethers.zeroPadValue(relayer.address, 32),
      ]);
      expect(await registry.evmAddressOf(dsp)).to.equal(relayer.address); // the plant landed
      await expect(registry.bind(odd.signingKey.publicKey))
        .to.be.revertedWithCustomError(registry, "DspAddressTaken")
        .withArgs(dsp, relayer.address);
      expect(await registry.isBound(odd.address)).to.equal(false);
    });

    it("costs under 110k gas (three fresh storage slots)", async () => {
      const { registry, odd } = await loadFixture(deploy);
      const receipt = await (await registry.bind(odd.signingKey.publicKey)).wait();
      expect(receipt!.gasUsed).to.be.lessThan(110_000n);
    });
  });

  describe("malformed keys", () => {
    it("rejects a 33-byte compressed key, an empty key and a 66-byte key by length", async () => {
      const { registry, even } = await loadFixture(deploy);
      for (const key of [even.signingKey.compressedPublicKey, "0x", ethers.concat([even.signingKey.publicKey, "0x00"])]) {
        await expect(registry.bind(key))
          .to.be.revertedWithCustomError(registry, "InvalidPublicKeyLength")
          .withArgs(ethers.dataLength(key));
      }
      await expect(registry.computeDspAddress("0x"))
        .to.be.revertedWithCustomError(registry, "InvalidPublicKeyLength")
        .withArgs(0);
    });

    it("rejects a 65-byte key whose prefix is not 0x04", async () => {
      const { registry, even } = await loadFixture(deploy);
      for (const prefix of ["0x02", "0x03", "0x00"]) {
        await expect(registry.bind(ethers.concat([prefix, raw64(even)])))
          .to.be.revertedWithCustomError(registry, "InvalidPublicKeyPrefix")
          .withArgs(prefix);
      }
    });

    it("rejects a point off the curve with its coordinates", async () => {
      const { registry, even } = await loadFixture(deploy);
      const x = BigInt(ethers.dataSlice(even.signingKey.publicKey, 1, 33));
      const y = BigInt(ethers.dataSlice(even.signingKey.publicKey, 33));
      await expect(registry.bind(keyFromCoordinates(x, y + 1n)))
        .to.be.revertedWithCustomError(registry, "PublicKeyNotOnCurve")
        .withArgs(x, y + 1n);
      await expect(registry.computeDspAddress(keyFromCoordinates(x, y + 1n)))
        .to.be.revertedWithCustomError(registry, "PublicKeyNotOnCurve")
        .withArgs(x, y + 1n);
    });

    it("rejects (0, 0), the usual encoding of the point at infinity", async () => {
      const { registry } = await loadFixture(deploy);
      await expect(registry.bind(ethers.concat(["0x04", keyFromCoordinates(0n, 0n)])))
        .to.be.revertedWithCustomError(registry, "PublicKeyNotOnCurve")
        .withArgs(0n, 0n);
    });

    it("rejects a non-canonical x (x + p) that a modular check alone would accept", async () => {
      const { registry } = await loadFixture(deploy);
      // x = 1 is on the curve (1 + 7 = 8 is a square mod p; p = 3 mod 4 so y = 8^((p+1)/4)).
      const y = modPow(8n, (P + 1n) / 4n, P);
      expect((y * y) % P).to.equal(8n);
      // The canonical point is valid (nobody knows its private key, but it is a point)...
      await expect(registry.computeDspAddress(keyFromCoordinates(1n, y))).not.to.be.reverted;
      // ...and the same point with x written as 1 + p (still below 2^256) is refused.
      await expect(registry.bind(keyFromCoordinates(1n + P, y)))
        .to.be.revertedWithCustomError(registry, "PublicKeyNotOnCurve")
        .withArgs(1n + P, y);
    });

    it("rejects a non-canonical y (y + p) that a modular check alone would accept", async () => {
      const { registry } = await loadFixture(deploy);
      // A point with y = 1: x is a cube root of 1 - 7 mod p (found offline with sympy's nthroot_mod).
      const x = 0x146d3b65add9f54ccca28533c88e2cbc63f7443e1658783ab41f8ef97c2a10b5n;
      expect((x * x * x + 7n) % P).to.equal(1n);
      await expect(registry.computeDspAddress(keyFromCoordinates(x, 1n))).not.to.be.reverted;
      await expect(registry.bind(keyFromCoordinates(x, 1n + P)))
        .to.be.revertedWithCustomError(registry, "PublicKeyNotOnCurve")
        .withArgs(x, 1n + P);
    });
  });

  describe("unbound accounts", () => {
    it("return zero values from the plain views", async () => {
      const { registry, even } = await loadFixture(deploy);
      const dsp = dsp20Of(even.signingKey.compressedPublicKey);
      expect(await registry.isBound(even.address)).to.equal(false);
      expect(await registry.dspAddressOf(even.address)).to.equal(ethers.zeroPadValue("0x", 20));
      expect(await registry.evmAddressOf(dsp)).to.equal(ethers.ZeroAddress);
      expect(await registry.publicKeyOf(even.address)).to.equal("0x");
    });

    it("revert from requireDsp and requireEvm with the address looked up", async () => {
      const { registry, even } = await loadFixture(deploy);
      const dsp = dsp20Of(even.signingKey.compressedPublicKey);
      await expect(registry.requireDsp(even.address))
        .to.be.revertedWithCustomError(registry, "AccountNotBound")
        .withArgs(even.address);
      await expect(registry.requireEvm(dsp))
        .to.be.revertedWithCustomError(registry, "DspAddressNotBound")
        .withArgs(dsp);
    });

    it("stay unbound when another account binds", async () => {
      const { registry, even, odd } = await loadFixture(deploy);
      await registry.bind(even.signingKey.publicKey);
      expect(await registry.isBound(odd.address)).to.equal(false);
      expect(await registry.evmAddressOf(dsp20Of(odd.signingKey.compressedPublicKey))).to.equal(ethers.ZeroAddress);
    });
  });
});

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
}
