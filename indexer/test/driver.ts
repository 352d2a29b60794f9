/**
 * A steady stream of transactions of many kinds for the indexer to follow while a test kills it
 * or reorganises the chain: each round stores a file (holders, candidates, node volumes), names
 * it, adds pledges (topping up slashed nodes), whitelists an address, opens and tops up a payment channel, changes the
 * file's privilege, and (unless told not to) proves it, lets another holder miss its proof and
 * has it reported (a fault, a candidate taking over) and claims rewards. Time is compressed with
 * Hardhat's mining (to the challenge, to the deadline), never waited for.
 */
import type { Actors } from "@dsp/testkit";
import { Wakeup } from "./wakeup.js";

const E18 = 10n ** 18n;

export interface RoundOptions {
  /** Prove, miss and report, claim: ~20 mined blocks more per round (default true). */
  proofs?: boolean;
}

export class EventDriver {
  /** Rounds completed (by `start`'s loop or `round`). */
  rounds = 0;
  private stopping = false;
  private ended = false;
  private loop?: Promise<void>;
  private readonly changed = new Wakeup();

  private readonly tag: string;

  /** `tag` makes the file seeds and names of this driver's rounds its own (lowercased: DNS names are). */
  constructor(private readonly actors: Actors, tag: string) {
    this.tag = tag.toLowerCase();
  }

  /** One round of transactions (see the file comment). */
  async round(i: number, { proofs = true }: RoundOptions = {}) {
    const { actors } = this;
    const owner = actors.as(actors.owner);
    const n = actors.nodes.length;
    const [p0, p1, c0] = [i % n, (i + 1) % n, (i + 2) % n];
    // a node reported in an earlier round was slashed below its required pledge: top it up, or the ledger refuses it
    for (const k of [p0, p1, c0]) {
      const registry = actors.as(actors.nodes[k]).registry;
      const node = await registry.getNode(actors.nodes[k].address);
      const required = await registry.requiredPledge(node.volume);
      if (node.pledge < required) await (await registry.addPledge(required - node.pledge)).wait();
    }
    const file = await actors.storeFile(`${this.tag}-${i}`, [p0, p1], [c0]);
    await (await owner.dns.registerUrl(2, "", `${this.tag}-${i}`, `dsp://file?hash=${file.fileHash}`, `round ${i}`, 0n)).wait();
    await (await actors.as(actors.nodes[p0]).registry.addPledge(E18 + BigInt(i))).wait();
    await (await owner.whitelist.addRules(file.fileHash, [{ addr: actors.other.address, fromHeight: 0n, toHeight: 1_000_000n + BigInt(i) }])).wait();
    const channels = actors.as(actors.other).channels;
    const opened = await (await channels.open(actors.nodes[p0].address, 2n * E18, 10n + BigInt(i))).wait();
    const channelId = opened!.logs.map((l) => channels.interface.parseLog(l)).find((l) => l?.name === "ChannelOpened")!.args.channelId as string;
    await (await channels.topUp(channelId, E18)).wait();
    await (await owner.ledger.setPrivilege(file.fileHash, i % 2)).wait();
    if (proofs) {
      await actors.prove(file, p0);
      await actors.missAndReport(file, p1); // the candidate takes over
      await (await actors.as(actors.nodes[p0]).ledger.claimRewards(actors.nodes[p0].address)).wait();
    }
    this.rounds++;
    this.changed.wake();
  }

  /** Runs rounds one after another until `stop` (or `maxRounds`). */
  start({ maxRounds = 1000, ...opts }: RoundOptions & { maxRounds?: number } = {}) {
    this.loop = (async () => {
      for (let i = 0; i < maxRounds && !this.stopping; i++) await this.round(i, opts);
    })();
    this.loop.catch(() => {}).finally(() => {
      this.ended = true;
      this.changed.wake();
    });
  }

  /** Resolves once `count` more rounds are done; rejects if the loop failed or ended, or after `timeoutMs`. */
  async waitRounds(count: number, timeoutMs = 120_000) {
    const target = this.rounds + count;
    const deadline = Date.now() + timeoutMs;
    while (this.rounds < target) {
      if (this.ended) {
        await this.loop; // throws the loop's error, if any
        throw new Error(`the driver stopped after ${this.rounds} rounds`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the driver did ${this.rounds} rounds, not ${target}, in ${timeoutMs} ms`);
      await this.changed.wait(left);
    }
  }

  /** Ends the loop after the round under way and rethrows its error, if any. */
  async stop() {
    this.stopping = true;
    await this.loop;
  }
}
