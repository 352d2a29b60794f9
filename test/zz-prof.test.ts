import { ethers } from "hardhat";
import { RepeatedBlockTree } from "../test/helpers/repeated-tree";
import { randomBytes } from "../test/helpers/dsp";
import { buildProof } from "../node/pdp/merkle";
describe("prof", () => {
  it("gas", async () => {
    const h = await (await ethers.getContractFactory("PDPMerkleHarness")).deploy();
    const tree = new RepeatedBlockTree(randomBytes(262144, "gas"), 4096);
    const seed = ethers.id("x");
    const idx = (await h.challengeIndices(seed, tree.leafCount, 32)).map(Number);
    const { leaves, proof } = buildProof(tree, idx);
    console.log("idx gas", await h.challengeIndices.estimateGas(seed, tree.leafCount, 32));
    console.log("root ok", (await h.computeRoot(idx, leaves, proof, 25)) === ethers.hexlify(tree.root));
    console.log("root gas", await h.computeRoot.estimateGas(idx, leaves, proof, 25));
    console.log("root gas depth0-ish", await h.computeRoot.estimateGas([], "0x", "0x", 0).catch(e=>String(e).slice(0,80)));
  });
});
