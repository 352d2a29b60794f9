/**
 * The deployments file: where the DSP contracts live on a chain and from which block to read
 * their events. Written by `npm run deploy` and the devnet, read by the FS node and the indexer.
 * No Hardhat import here: the Hardhat side (scripts/, test/) loads it through tsx like any ESM.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CONTRACT_NAMES = [
  "token", "registry", "ledger", "userSpace", "whitelist", "verifier", "accounts", "dns", "channels", "scanRegistry",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];
/** Recorded by deployments since ledger v2, absent from older files: the governance timelock (DSPTimelock). */
export const OPTIONAL_CONTRACT_NAMES = ["timelock"] as const;
export type OptionalContractName = (typeof OPTIONAL_CONTRACT_NAMES)[number];

export interface Deployments {
  network: string;
  chainId: number;
  /** First block that can hold an event of these contracts: the indexer starts here. */
  startBlock: number;
  deployer: string;
  deployedAt: string;
  contracts: Record<ContractName, string> & Partial<Record<OptionalContractName, string>>;
}

/** deployments/ at the top of the checkout. */
export const DEFAULT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../deployments");

export function deploymentsPath(network: string, dir = process.env.DSP_DEPLOYMENTS_DIR ?? DEFAULT_DIR) {
  return path.join(dir, `${network}.json`);
}

/** Writes atomically (temp file + rename), so a reader never sees half a file. */
export function writeDeployments(d: Deployments, file = deploymentsPath(d.network)) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(d, null, 2) + "\n");
  renameSync(tmp, file);
  return file;
}

export function readDeployments(network: string, file = deploymentsPath(network)): Deployments {
  let d: Deployments;
  try {
    d = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`no deployments for network "${network}" at ${file}: run \`npm run deploy\` (or \`npm start\` for a devnet)`, { cause: e });
  }
  const missing = CONTRACT_NAMES.filter((n) => !/^0x[0-9a-fA-F]{40}$/.test(d.contracts?.[n] ?? ""));
  const malformed = OPTIONAL_CONTRACT_NAMES.filter((n) => d.contracts?.[n] !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(d.contracts[n]!));
  if (missing.length || malformed.length || !Number.isInteger(d.startBlock)) {
    throw new Error(`deployments file ${file} is incomplete: ${[...missing, ...malformed].join(", ") || "startBlock"}`);
  }
  return d;
}
