import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DSPToken__factory } from "../typechain-types";

describe("DSPToken", () => {
  async function deploy() {
    const [admin, alice, bob] = await ethers.getSigners();
    const token = await new DSPToken__factory(admin).deploy(admin.address, ethers.parseEther("1000"));
    return { token, admin, alice, bob };
  }

  it("mints the initial supply to the admin and names itself DSP", async () => {
    const { token, admin } = await loadFixture(deploy);
    expect(await token.symbol()).to.equal("DSP");
    expect(await token.balanceOf(admin.address)).to.equal(ethers.parseEther("1000"));
  });

  it("lets a minter mint and emits Transfer from zero", async () => {
    const { token, alice } = await loadFixture(deploy);
    await expect(token.mint(alice.address, 5n))
      .to.emit(token, "Transfer")
      .withArgs(ethers.ZeroAddress, alice.address, 5n);
    expect(await token.balanceOf(alice.address)).to.equal(5n);
  });

  it("refuses to mint without MINTER_ROLE", async () => {
    const { token, alice } = await loadFixture(deploy);
    await expect(token.connect(alice).mint(alice.address, 1n))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(alice.address, await token.MINTER_ROLE());
  });

  it("accepts an EIP-2612 permit signed by the holder", async () => {
    const { token, admin, bob } = await loadFixture(deploy);
    const deadline = 2n ** 40n;
    const { chainId } = await ethers.provider.getNetwork();
    const sig = ethers.Signature.from(
      await admin.signTypedData(
        { name: "DSP Token", version: "1", chainId, verifyingContract: await token.getAddress() },
        { Permit: [
          { name: "owner", type: "address" }, { name: "spender", type: "address" },
          { name: "value", type: "uint256" }, { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" },
        ] },
        { owner: admin.address, spender: bob.address, value: 7n, nonce: 0n, deadline },
      ),
    );
    await token.permit(admin.address, bob.address, 7n, deadline, sig.v, sig.r, sig.s);
    expect(await token.allowance(admin.address, bob.address)).to.equal(7n);
  });
});
