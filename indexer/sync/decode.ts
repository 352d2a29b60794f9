/**
 * Turns raw logs of the DSP contracts into named events, using the typechain interfaces (the ABI
 * the contracts were compiled with). Logs of other contracts, or topics no interface knows, are
 * skipped: they cannot change the state we rebuild.
 */
import { EventFragment } from "ethers";
import {
  AccountRegistry__factory, DNSRegistry__factory, FileLedger__factory, FileWhitelist__factory, NodeRegistry__factory,
  PDPVerifier__factory, PaymentChannels__factory, ScanRegistry__factory, UserSpaceLedger__factory,
} from "@dsp/ledger";
import type { Deployments } from "@dsp/ledger";
import { EventCoder, type AbiParam, type EventArgs } from "./abi.js";

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
  args: EventArgs;
  blockNumber: bigint;
  blockHash: string;
  logIndex: number;
  txHash: string;
}

/** A typechain factory's compiled ABI. */
type Abi = readonly { type: string; name?: string; anonymous?: boolean; inputs?: readonly AbiParam[] }[];

/** The contracts whose events the indexer follows (the token's transfers are not state we serve). */
const ABIS: Record<string, Abi> = {
  registry: NodeRegistry__factory.abi,
  ledger: FileLedger__factory.abi,
  userSpace: UserSpaceLedger__factory.abi,
  whitelist: FileWhitelist__factory.abi,
  verifier: PDPVerifier__factory.abi,
  accounts: AccountRegistry__factory.abi,
  dns: DNSRegistry__factory.abi,
  channels: PaymentChannels__factory.abi,
  scanRegistry: ScanRegistry__factory.abi,
};

interface KnownEvent {
  name: string;
  coder: EventCoder;
}

export class EventDecoder {
  private readonly byAddress = new Map<string, { contract: string; byTopic: Map<string, KnownEvent> }>();

  constructor(contracts: Deployments["contracts"]) {
    for (const [contract, abi] of Object.entries(ABIS)) {
      // every contract of ABIS is one a deployments file must name (the timelock, optional there, emits nothing we index)
      const address = (contracts as Record<string, string>)[contract].toLowerCase();
      // Topic hashes are computed once here (ethers recomputes one, a keccak, per lookup).
      const byTopic = new Map<string, KnownEvent>();
      for (const entry of abi) {
        if (entry.type !== "event" || entry.anonymous) continue;
        const fragment = EventFragment.from(entry);
        byTopic.set(fragment.topicHash.toLowerCase(), { name: fragment.name, coder: new EventCoder(entry.inputs ?? []) });
      }
      this.byAddress.set(address, { contract, byTopic });
    }
  }

  /** Lowercase addresses to pass to eth_getLogs. */
  get addresses(): string[] {
    return [...this.byAddress.keys()];
  }

  decode(log: RawLog): DecodedEvent | undefined {
    const known = this.byAddress.get(log.address.toLowerCase());
    if (!known) return undefined;
    const event = log.topics.length ? known.byTopic.get(log.topics[0].toLowerCase()) : undefined;
    if (!event) return undefined;
    return {
      contract: known.contract,
      name: event.name,
      args: event.coder.decode(log.data, log.topics),
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
