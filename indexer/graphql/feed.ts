/**
 * The live feed behind GraphQL subscriptions: the syncer publishes what each committed
 * transaction added (deals stored, slots changed, periods proved, faults) and every reorg;
 * subscribers filter it.
 *
 * Reorgs: near the head a block is committed (and published) before it is final, and a reorg
 * may later roll it back. Rather than hold every event back `finalityDepth` blocks, the feed
 * publishes at commit, when queries see the rows too, and announces each rollback on `reorgs`
 * (the common ancestor): an event whose blockNumber is above it has been retracted. A subscriber
 * that only wants final events runs the indexer with `confirmations` (blocks are not applied,
 * so not published, until that deep) or waits for depth itself.
 */
import { createPubSub } from "graphql-yoga";
import type { Deal, Fault, Period, Slot } from "../db/generated/sqlite/client.js";
import type { NewRow } from "../sync/state.js";
import type { CommittedBatch } from "../sync/syncer.js";

export interface ReorgNotice {
  /** The block the database was rolled back to: events above it are retracted. */
  ancestor: bigint;
  /** Our head before the rollback. */
  head: bigint;
}

export type Feed = ReturnType<typeof createFeed>;

export function createFeed() {
  const pubsub = createPubSub<{
    fileStored: [Deal];
    slotChanged: [Slot];
    proofSubmitted: [NewRow<Period>];
    faultReported: [NewRow<Fault>];
    reorg: [ReorgNotice];
  }>();
  return {
    subscribe: pubsub.subscribe,
    /** Publishes a committed batch, in chain order within each kind. */
    committed(batch: CommittedBatch) {
      for (const d of batch.deals) pubsub.publish("fileStored", d);
      for (const x of batch.slots) pubsub.publish("slotChanged", x);
      for (const p of batch.periods) if (p.proven) pubsub.publish("proofSubmitted", p);
      for (const f of batch.faults) pubsub.publish("faultReported", f);
    },
    reorged(notice: ReorgNotice) {
      pubsub.publish("reorg", notice);
    },
  };
}
