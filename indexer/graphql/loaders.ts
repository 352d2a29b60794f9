/**
 * DataLoader-style batching of a list's N+1 lookups. GraphQL calls a field's resolver for every
 * item of a list in one synchronous pass, so the keys asked for before the next microtask can be
 * read together: a page of 100 files with their holders is one query, not 100 (~20 us each on
 * SQLite, ~550 us each through Prisma). Loaders live for one request: nothing is cached across
 * requests, so no answer is staler than the reads it came from.
 */
import type { DealRow, Reads, SlotWithHost } from "./reads/index.js";

/** Loads each key through one call of `load` per microtask batch; a key `load` leaves out gets `none`. */
export function batched<V>(load: (keys: string[]) => Promise<Map<string, V>>, none: V): (key: string) => Promise<V> {
  let keys: Set<string> | undefined;
  let result: Promise<Map<string, V>> | undefined;
  return (key) => {
    if (!keys) {
      const batch = (keys = new Set());
      result = Promise.resolve().then(() => {
        keys = undefined;
        return load([...batch]);
      });
    }
    keys.add(key);
    return result!.then((found) => found.get(key) ?? none);
  };
}

function groupBy<T>(rows: T[], key: (r: T) => string) {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** One request's loaders. */
export function createLoaders(reads: Reads) {
  const holders = new Map<string, (fileHash: string) => Promise<SlotWithHost[]>>();
  const deals = new Map<string, (fileHash: string) => Promise<DealRow[]>>();
  const slots = batched(async (dealIds) => groupBy(await reads.slots(dealIds), (s) => s.dealId), [] as SlotWithHost[]);
  return {
    /** The slots in deals of a File Hash, by node; `active` null or absent: all. */
    holders(fileHash: string, active: boolean | null | undefined) {
      const k = String(active ?? null);
      let load = holders.get(k);
      if (!load) holders.set(k, (load = batched(async (keys) => groupBy(await reads.holders(keys, active), (s) => s.fileHash), [])));
      return load(fileHash);
    },
    /** The deals of a File Hash; `live` null or absent: all. */
    deals(fileHash: string, live: boolean | null | undefined) {
      const k = String(live ?? null);
      let load = deals.get(k);
      if (!load) deals.set(k, (load = batched(async (keys) => groupBy(await reads.deals(keys, live), (d) => d.fileHash), [])));
      return load(fileHash);
    },
    /** The slots of one deal (dealId and seq), by node. */
    async slots(dealId: string, seq: number) {
      return (await slots(dealId)).filter((s) => s.seq === seq);
    },
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
