import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { deployDsp, DEVNET_PARAMS, TESTNET_PARAMS, type DspParams } from "./deploy-dsp";
import { deploymentsModule, type DeploymentsModule } from "./esm";

type Deployments = ReturnType<DeploymentsModule["readDeployments"]>;

const LOCAL = new Set(["hardhat", "localhost"]);

export function paramsFor(network: string, choice = process.env.DSP_PARAMS): DspParams {
  if (choice === "devnet") return DEVNET_PARAMS;
  if (choice === "testnet") return TESTNET_PARAMS;
  if (choice) throw new Error(`DSP_PARAMS must be devnet or testnet, not "${choice}"`);
  return LOCAL.has(network) ? DEVNET_PARAMS : TESTNET_PARAMS;
}

/** Deploys with the network's first signer and writes the deployments file. */
export async function deployAndRecord(hre: HardhatRuntimeEnvironment, file?: string) {
  const { writeDeployments, deploymentsPath } = await deploymentsModule();
  const [deployer] = await hre.ethers.getSigners();
  if (!deployer) throw new Error(`no account for network ${hre.network.name}: set DSP_PRIVATE_KEY`);
  // Events can only appear from the block after this one: that is where an indexer starts.
  const startBlock = (await hre.ethers.provider.getBlockNumber()) + 1;
  const c = await deployDsp(deployer, paramsFor(hre.network.name));
  const { chainId } = await hre.ethers.provider.getNetwork();
  const contracts = Object.fromEntries(
    await Promise.all(Object.entries(c).map(async ([name, contract]) => [name, await contract.getAddress()])),
  ) as Deployments["contracts"];
  const deployments: Deployments = {
    network: hre.network.name,
    chainId: Number(chainId),
    startBlock,
    deployer: deployer.address,
    deployedAt: new Date().toISOString(),
    contracts,
  };
  return { file: writeDeployments(deployments, file ?? deploymentsPath(hre.network.name)), deployments, contracts: c };
}
