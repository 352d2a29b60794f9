import path from "node:path";
import { HardhatUserConfig, subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";

// Hardhat would download solc from binaries.soliditylang.org, which these machines (and CI)
// cannot reach. The `solc` npm package ships the same compiler as WebAssembly; pinning it to
// SOLC_VERSION means Hardhat never needs the network to compile.
const SOLC_VERSION = "0.8.28";
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  const pkg = require("solc/package.json");
  if (args.solcVersion !== pkg.version) return runSuper();
  const compilerPath = path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js");
  return { compilerPath, isSolcJs: true, version: pkg.version, longVersion: require("solc").version() };
});

// Optional remote network (a public testnet): RPC URL and deployer key from the environment.
const remote = process.env.DSP_RPC_URL
  ? { testnet: { url: process.env.DSP_RPC_URL, accounts: process.env.DSP_PRIVATE_KEY ? [process.env.DSP_PRIVATE_KEY] : [] } }
  : {};

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
  },
  networks: {
    hardhat: {
      // HARDFORK=cancun reruns the suite (and the gas report) under pre-Osaka calldata pricing.
      ...(process.env.HARDFORK ? { hardfork: process.env.HARDFORK } : {}),
      // The devnet mines a block every DSP_BLOCK_TIME ms as well as on each transaction, so that
      // proof windows open and close in real time; tests keep pure automine and mine() at will.
      ...(process.env.DSP_BLOCK_TIME ? { mining: { auto: true, interval: Number(process.env.DSP_BLOCK_TIME) } } : {}),
    },
    localhost: { url: process.env.DSP_LOCAL_RPC ?? "http://127.0.0.1:8545" },
    ...remote,
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  gasReporter: {
    enabled: Boolean(process.env.REPORT_GAS),
    noColors: true,
    outputFile: process.env.REPORT_GAS_FILE,
    currency: "USD",
    offline: true,
  } as any,
  mocha: { timeout: 120_000 },
};

export default config;
