/**
 * Turns raw logs of the DSP contracts into named events, using the typechain interfaces (the ABI
 * the contracts were compiled with). Logs of other contracts, or topics no interface knows, are
 * skipped: they cannot change the state we rebuild.
 */
import type { Result } from "ethers";
import {
  AccountRegistry__factory, DNSRegistry__factory, FileLedger__factory, FileWhitelist__factory, NodeRegistry__factory,
  PDPVerifier__factory, PaymentChannels__factory, UserSpaceLedger__factory,
} from "../../typechain-types/index.js";
import type { Deployments } from "../../scripts/lib/deployments.js";

/** A log as eth_getLogs returns it. */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

export interface DecodedEvent {
  /** Contract name in the deployments file (ledger, registry, ...). */
  contract: string;
  name: string;
  args: Result;
  blockNumber: bigint;
  blockHash: string;
  logIndex: number;
  txHash: string;
}

/** What we use of a typechain interface (its ethers Interface type comes from ethers' CommonJS build). */
interface EventFragmentLike {
  name: string;
  topicHash: string;
  anonymous: boolean;
}
interface EventParser {
  forEachEvent(cb: (ev: EventFragmentLike) => void): void;
  decodeEventLog(fragment: never, data: string, topics: string[]): unknown;
}

/** The contracts whose events the indexer follows (the token's transfers are not state we serve). */
const INTERFACES: Record<string, () => EventParser> = {
  registry: () => NodeRegistry__factory.createInterface(),
  ledger: () => FileLedger__factory.createInterface(),
  userSpace: () => UserSpaceLedger__factory.createInterface(),
  whitelist: () => FileWhitelist__factory.createInterface(),
  verifier: () => PDPVerifier__factory.createInterface(),
  accounts: () => AccountRegistry__factory.createInterface(),
  dns: () => DNSRegistry__factory.createInterface(),
  channels: () => PaymentChannels__factory.createInterface(),
};

export class EventDecoder {
  private readonly byAddress = new Map<string, { contract: string; iface: EventParser; byTopic: Map<string, EventFragmentLike> }>();

  constructor(contracts: Deployments["contracts"]) {
    for (const [contract, make] of Object.entries(INTERFACES)) {
      const address = contracts[contract as keyof Deployments["contracts"]].toLowerCase();
      const iface = make();
      // ethers recomputes a fragment's topic hash (a keccak) on every lookup: ~1 ms per log over
      // our ABIs. Index them once.
      const byTopic = new Map<string, EventFragmentLike>();
      iface.forEachEvent((ev) => {
        if (!ev.anonymous) byTopic.set(ev.topicHash.toLowerCase(), ev);
      });
      this.byAddress.set(address, { contract, iface, byTopic });
    }
  }

  /** Lowercase addresses to pass to eth_getLogs. */
  get addresses(): string[] {
    return [...this.byAddress.keys()];
  }

  decode(log: RawLog): DecodedEvent | undefined {
    const known = this.byAddress.get(log.address.toLowerCase());
    if (!known) return undefined;
    const fragment = log.topics.length ? known.byTopic.get(log.topics[0].toLowerCase()) : undefined;
    if (!fragment) return undefined;
    return {
      contract: known.contract,
      name: fragment.name,
      args: known.iface.decodeEventLog(fragment as never, log.data, log.topics) as Result,
      blockNumber: BigInt(log.blockNumber),
      blockHash: log.blockHash.toLowerCase(),
      logIndex: Number(log.logIndex),
      txHash: log.transactionHash.toLowerCase(),
    };
  }

  /** Decodes and orders by (block, log index): the order the chain applied them. */
  decodeAll(logs: RawLog[]): DecodedEvent[] {
    const out: DecodedEvent[] = [];
    for (const log of logs) {
      if (log.removed) continue;
      const ev = this.decode(log);
      if (ev) out.push(ev);
    }
    return out.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  }
}
