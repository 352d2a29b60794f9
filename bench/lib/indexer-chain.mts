/**
 * A hardhat chain with the DSP contracts, 8 registered nodes and `files` pay-per-file files stored
 * on 4 of them each (~9 indexed events per file: FileStored, 4 x HolderAssigned, 4 x
 * VolumeAllocated), mined 20 transactions per block. What the indexer benchmarks index.
 */
import { ethers } from "ethers";
import { TestChain } from "@dsp/testkit";
import { Actors } from "@dsp/testkit";

export async function populatedChain(files: number) {
  const chain = await TestChain.start();
  try {
    const actors = new Actors(chain, 8);
    await actors.fund();
    for (let i = 0; i < 8; i++) await actors.registerNode(i, 1n << 30n);
    const owner = chain.wallet(1).connect(chain.provider);
    const ledger = actors.as(owner).ledger;
    let nonce = await chain.provider.getTransactionCount(owner.address);
    await chain.send("evm_setAutomine", [false]);
    const t0 = performance.now();
    const head = await chain.head();
    const fileHashes: string[] = [];
    for (let f = 0; f < files; f++) {
      const fileHash = ethers.keccak256(ethers.toUtf8Bytes(`bench ${f}`));
      fileHashes.push(fileHash);
      const primaries = [0, 1, 2, 3].map((k) => actors.nodes[(f + k) % 8].address);
      await ledger.storeFile(
        { fileDesc: "0x", fileSize: 1024n, proveInterval: 10n, expiredHeight: head + 5000n, privilege: 1, copyNum: 3, encrypt: false,
          registerDns: false, bindDns: false, dnsUrl: "", whitelist: [], share: false, storageType: 1 },
        { fileHash, blocksRoot: fileHash, dataRoot: "0x" + "11".repeat(16), blockNum: 1n, blockSize: 262144n },
        primaries, [], { nonce: nonce++, gasLimit: 1_500_000n },
      );
      if (f % 20 === 19) await chain.send("evm_mine");
    }
    await chain.send("evm_mine");
    await chain.send("evm_setAutomine", [true]);
    return { chain, actors, fileHashes, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    await chain.stop();
    throw e;
  }
}
