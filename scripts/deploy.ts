/**
 * `npm run deploy [-- --network NAME]`: deploys the DSP contracts and writes
 * deployments/<network>.json. On a public testnet set DSP_RPC_URL and DSP_PRIVATE_KEY and pass
 * `--network testnet` (hardhat.config.ts). DSP_PARAMS=devnet|testnet picks the parameter set
 * (default: devnet on local networks, testnet elsewhere).
 */
import hre from "hardhat";
import { deployAndRecord } from "./lib/deploy-and-record";

deployAndRecord(hre)
  .then(({ file, deployments }) => {
    console.log(`DSP contracts on ${deployments.network} (chain ${deployments.chainId}), from block ${deployments.startBlock}:`);
    for (const [name, address] of Object.entries(deployments.contracts)) console.log(`  ${name.padEnd(10)} ${address}`);
    console.log(`written to ${file}`);
  })
  .catch((e) => {
    console.error(`deploy failed: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  });
