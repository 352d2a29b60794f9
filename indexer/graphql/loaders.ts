/**
 * DataLoader-style batching of a list's N+1 lookups. GraphQL calls a field's resolver for every
 * item of a list in one synchronous pass, so the keys asked for before the next microtask can be
 * read together: a page of 100 files with their holders is one query, not 100 (~20 us each on
 * SQLite, ~550 us each through Prisma). Loaders live for one request: nothing is cached across
 * requests, so no answer is staler than the reads it came from.
 */
import type { HolderWithHost, Reads } from "./reads/index.js";

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

function byFile(rows: HolderWithHost[]) {
  const m = new Map<string, HolderWithHost[]>();
  for (const r of rows) {
    const list = m.get(r.fileHash);
    if (list) list.push(r);
    else m.set(r.fileHash, [r]);
  }
  return m;
}

/** One request's loaders. */
export function createLoaders(reads: Reads) {
  const holders = new Map<string, (fileHash: string) => Promise<HolderWithHost[]>>();
  return {
    /** A file's holders in node order; `active` null or absent: all. */
    holders(fileHash: string, active: boolean | null | undefined) {
      const k = String(active ?? null);
      let load = holders.get(k);
      if (!load) holders.set(k, (load = batched(async (keys) => byFile(await reads.holders(keys, active)), [])));
      return load(fileHash);
    },
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
