/**
 * Deploys and wires the whole DSP contract set. One function, used by the tests' fixtures, by
 * `npm run deploy` (any network) and by the devnet, so the wiring (roles, module addresses) is
 * written once.
 */
import type { Signer } from "ethers";
import {
  DSPToken__factory,
  NodeRegistry__factory,
  FileLedger__factory,
  UserSpaceLedger__factory,
  FileWhitelist__factory,
  PDPVerifier__factory,
  DSPTimelock__factory,
  AccountRegistry__factory,
  DNSRegistry__factory,
  PaymentChannels__factory,
  ScanRegistry__factory,
} from "../../typechain-types";
import type { LedgerSettingsStruct } from "../../typechain-types/contracts/files/FileLedger";

export interface DspParams {
  initialSupply: bigint;
  pledgePerGiB: bigint;
  minVolume: bigint;
  minSlash: bigint;
  reporterShareBps: number;
  ledger: LedgerSettingsStruct;
  /** The verifier's schedule, fixed for its life: blocks per period, blocks to land the proof, leaves challenged per period. */
  proving: { period: bigint; window: bigint; challenges: number };
  /** Seconds a governance change waits in the timelock between proposal and execution. */
  timelockDelay: bigint;
  dns: { defaultHeader: string; headerFeePerBlock: bigint; urlFee: bigint };
  /** Blocks a sender's close of a payment channel stays open to a newer voucher. */
  channelMinChallengePeriod: bigint;
  /** SCAN/DNS node registry: smallest pledge, notice period (blocks), slash per false claim, challenger's share. */
  scan: { minPledge: bigint; quitNoticeBlocks: bigint; slashAmount: bigint; challengerShareBps: number };
}

const E18 = 10n ** 18n;

/**
 * Public testnet defaults: periods long enough for real block times (12 s blocks: a prove
 * interval of ~1 day, a window of ~48 min, the 256-block limit of blockhash respected).
 */
export const TESTNET_PARAMS: DspParams = {
  initialSupply: 1_000_000_000n * E18,
  pledgePerGiB: 100n * E18,
  minVolume: 1n << 30n,
  minSlash: 10n * E18,
  reporterShareBps: 1_000,
  ledger: {
    spacePrice: 10n ** 8n,
    proofFee: 10n ** 16n,
    acceptWindow: 1_200n,
    maxCopies: 8,
    maxCandidates: 8,
  },
  // a proof a day per node, a 48-minute window (with the 4 seed blocks within blockhash's 256)
  proving: { period: 7_200n, window: 240n, challenges: 32 },
  timelockDelay: 2n * 24n * 3600n,
  dns: { defaultHeader: "dsp", headerFeePerBlock: 10n ** 12n, urlFee: 10n ** 16n },
  channelMinChallengePeriod: 300n,
  // a week's notice at 12 s blocks: long enough for a client to find and submit a false answer
  scan: { minPledge: 10_000n * E18, quitNoticeBlocks: 50_400n, slashAmount: 1_000n * E18, challengerShareBps: 5_000 },
};

/** Devnet and test defaults: short proving periods so a local chain shows proofs within seconds. */
export const DEVNET_PARAMS: DspParams = {
  initialSupply: 1_000_000_000n * E18,
  pledgePerGiB: 100n * E18,
  minVolume: 1n << 20n,
  minSlash: 1n * E18,
  reporterShareBps: 1_000,
  ledger: {
    spacePrice: 10n ** 9n, // wei per KiB per block per copy
    proofFee: 10n ** 15n, // wei per proving period per copy
    acceptWindow: 60n,
    maxCopies: 8,
    maxCandidates: 8,
  },
  proving: { period: 20n, window: 10n, challenges: 32 },
  timelockDelay: 0n,
  dns: { defaultHeader: "dsp", headerFeePerBlock: 10n ** 12n, urlFee: 10n ** 16n },
  channelMinChallengePeriod: 5n,
  scan: { minPledge: 100n * E18, quitNoticeBlocks: 20n, slashAmount: 10n * E18, challengerShareBps: 5_000 },
};

/**
 * Deploys the whole set and wires it: the ledger knows its verifier, user space and whitelist; the
 * registry lets only the ledger move volume and slash; the SCAN registry checks challenges against the
 * ledger and the DNS registry. Then `admin` hands every governance role to a timelock (proposer and
 * executor: `admin`) and renounces its admin roles, so the wiring can never change and no key can grant
 * itself a role that moves funds (docs/fees.md, "Governance"). Returns the typed contracts.
 */
export async function deployDsp(admin: Signer, params: DspParams = DEVNET_PARAMS) {
  const adminAddr = await admin.getAddress();
  const token = await new DSPToken__factory(admin).deploy(adminAddr, params.initialSupply);
  const registry = await new NodeRegistry__factory(admin).deploy(
    adminAddr, await token.getAddress(), adminAddr,
    params.pledgePerGiB, params.minVolume, params.minSlash, params.reporterShareBps,
  );
  const ledger = await new FileLedger__factory(admin).deploy(adminAddr, await token.getAddress(), await registry.getAddress(), params.ledger);
  const userSpace = await new UserSpaceLedger__factory(admin).deploy(adminAddr, await token.getAddress());
  const whitelist = await new FileWhitelist__factory(admin).deploy(adminAddr, await ledger.getAddress());
  const verifier = await new PDPVerifier__factory(admin).deploy(
    await ledger.getAddress(), params.proving.period, params.proving.window, params.proving.challenges,
  );
  const accounts = await new AccountRegistry__factory(admin).deploy();
  const dns = await new DNSRegistry__factory(admin).deploy(
    adminAddr, await token.getAddress(), adminAddr, params.dns.defaultHeader, params.dns.headerFeePerBlock, params.dns.urlFee,
  );
  const channels = await new PaymentChannels__factory(admin).deploy(await token.getAddress(), params.channelMinChallengePeriod);
  // Reads FileLedger and DNSRegistry through views only: no role to grant.
  const scanRegistry = await new ScanRegistry__factory(admin).deploy(
    adminAddr, await token.getAddress(), await ledger.getAddress(), await dns.getAddress(), adminAddr,
    params.scan.minPledge, params.scan.quitNoticeBlocks, params.scan.slashAmount, params.scan.challengerShareBps,
  );
  const timelock = await new DSPTimelock__factory(admin).deploy(params.timelockDelay, [adminAddr], [adminAddr]);

  await (await ledger.setModules(await verifier.getAddress(), await userSpace.getAddress(), await whitelist.getAddress())).wait();
  await (await userSpace.setLedger(await ledger.getAddress())).wait();
  await (await registry.grantRole(await registry.LEDGER_ROLE(), await ledger.getAddress())).wait();
  await (await registry.grantRole(await registry.SLASHER_ROLE(), await ledger.getAddress())).wait();

  // Hand-over: governance to the timelock, then the deployer lets go of every admin role.
  const timelockAddr = await timelock.getAddress();
  for (const c of [registry, ledger, dns, scanRegistry]) {
    const role = await c.GOVERNANCE_ROLE();
    await (await c.grantRole(role, timelockAddr)).wait();
    await (await c.renounceRole(role, adminAddr)).wait();
  }
  for (const c of [registry, ledger, dns, scanRegistry, userSpace, whitelist]) {
    await (await c.renounceRole(await c.DEFAULT_ADMIN_ROLE(), adminAddr)).wait();
  }

  return { token, registry, ledger, userSpace, whitelist, verifier, accounts, dns, channels, scanRegistry, timelock };
}

export type DspContracts = Awaited<ReturnType<typeof deployDsp>>;
