/**
 * A steady stream of transactions of many kinds for the indexer to follow while a test kills it
 * or reorganises the chain: each round stores a deal (offered to two nodes, one candidate), names
 * it, adds pledge, whitelists an address, opens and tops up a payment channel, changes the deal's
 * privilege, and (unless told not to) has both nodes accept it, proves the first node's period,
 * lets the second miss its period and has it reported and recovered from (the candidate gets the
 * offer and accepts), settles the deals of earlier rounds that expired, and claims rewards. Nodes
 * that fell behind (a period past unproved) are reported before they accept, as a node retrying a
 * refused accept would be. Time is compressed with Hardhat's mining, never waited for.
 */
import type { DealActors, DealFile } from "./deals.js";
import { Wakeup } from "./wakeup.js";

const E18 = 10n ** 18n;
const NO_FAULT = 2n ** 32n - 1n;

export interface RoundOptions {
  /** Accept, prove, miss and report, recover, settle, claim: a few dozen mined blocks more per round (default true). */
  proofs?: boolean;
}

export class EventDriver {
  /** Rounds completed (by `start`'s loop or `round`). */
  rounds = 0;
  private stopping = false;
  private ended = false;
  private loop?: Promise<void>;
  private readonly changed = new Wakeup();
  private readonly stored: DealFile[] = [];

  private readonly tag: string;

  /** `tag` makes the file seeds and names of this driver's rounds its own (lowercased: DNS names are). */
  constructor(private readonly actors: DealActors, tag: string) {
    this.tag = tag.toLowerCase();
  }

  /** Node i proves its current period, reported first for any period it let pass. Nothing to prove: nothing done. */
  private async proveOrReport(i: number) {
    for (let tries = 0; tries < 8; tries++) {
      const s = await this.actors.schedule(i);
      if (s.total === 0n) return;
      if (s.next <= s.deadline) return void (await this.actors.prove(i));
      await this.actors.report(i);
    }
  }

  /** One round of transactions (see the file comment). */
  async round(i: number, { proofs = true }: RoundOptions = {}) {
    const { actors } = this;
    const owner = actors.as(actors.owner);
    const n = actors.nodes.length;
    const [p0, p1, c0] = [i % n, (i + 1) % n, (i + 2) % n];
    const file = await actors.storeFile(`${this.tag}-${i}`, [p0, p1], [c0]);
    this.stored.push(file);
    await (await owner.dns.registerUrl(2, "", `${this.tag}-${i}`, `dsp://file?hash=${file.fileHash}`, `round ${i}`, 0n)).wait();
    await (await actors.as(actors.nodes[p0]).registry.addPledge(E18 + BigInt(i))).wait();
    await (await owner.whitelist.addRules(file.dealId, [{ addr: actors.other.address, fromHeight: 0n, toHeight: 1_000_000n + BigInt(i) }])).wait();
    const channels = actors.as(actors.other).channels;
    const opened = await (await channels.open(actors.nodes[p0].address, 2n * E18, 10n + BigInt(i))).wait();
    const channelId = opened!.logs.map((l) => channels.interface.parseLog(l)).find((l) => l?.name === "ChannelOpened")!.args.channelId as string;
    await (await channels.topUp(channelId, E18)).wait();
    await (await owner.ledger.setPrivilege(file.dealId, i % 2)).wait();
    if (proofs) {
      await actors.accept(file, p0);
      await actors.accept(file, p1);
      await this.proveOrReport(p0);
      await actors.missAndReport(p1);
      // a period whose challenges all fell on finished pieces counts as proved: then there is nothing to recover
      const [, , faulted] = await owner.ledger.nodeAccount(actors.nodes[p1].address);
      const [nodes] = await owner.ledger.holdersOf(file.dealId);
      if (faulted !== NO_FAULT && nodes.some((x) => x.toLowerCase() === actors.nodes[p1].address.toLowerCase())) {
        await actors.recover(file, p1);
        await actors.accept(file, c0); // the candidate got the offer
      }
      const head = await actors.chain.head();
      for (const d of this.stored.splice(0)) {
        const info = await owner.ledger.getFileInfo(d.dealId).catch(() => undefined);
        if (info && info.expiredHeight < head) await (await actors.as(actors.reporter).ledger.settleExpired(d.dealId)).wait();
        else if (info) this.stored.push(d);
      }
      if ((await owner.ledger.rewardsOf(actors.nodes[p0].address)) > 0n) {
        await (await actors.as(actors.nodes[p0]).ledger.claimRewards(actors.nodes[p0].address)).wait();
      }
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
