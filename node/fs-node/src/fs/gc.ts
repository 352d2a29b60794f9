/**
 * Mark-and-sweep (the spec's GarbageCollect): mark every block reachable from a live root, then
 * delete every other block that no operation in flight holds (leases.ts). Marking reads only link
 * blocks. A live root whose tree cannot be read stops the GC before it deletes anything: sweeping
 * with an incomplete mark could delete blocks of a live file.
 */
import type { Blockstore } from "./blockstore.js";
import type { RootStore } from "./root-store.js";
import type { LeaseTable } from "./leases.js";
import { walkFile } from "./walk.js";
import { AbortedError } from "@dsp/core";

export type GcProgressEvent =
  | { type: "fs:gc:marked"; roots: number; blocks: number }
  | { type: "fs:gc:deleted"; hash: Uint8Array; deleted: number };

export interface GcOptions {
  signal?: AbortSignal;
  onProgress?: (event: GcProgressEvent) => void;
}

export interface GcResult {
  /** blocks reachable from live roots */
  marked: number;
  deleted: number;
  /** garbage left in place because an operation in flight holds it */
  leased: number;
}

const key = (hash: Uint8Array) => Buffer.from(hash).toString("hex");

export async function collectGarbage(
  parts: { blocks: Blockstore; roots: RootStore; leases: LeaseTable },
  { signal, onProgress }: GcOptions = {},
): Promise<GcResult> {
  const { blocks, roots, leases } = parts;
  const check = () => {
    if (signal?.aborted) throw new AbortedError("garbage collection", signal.reason);
  };
  // from here on, released leases stay in force: a root recorded after the mark below is
  // protected by its lease until this GC ends
  leases.gcStarted();
  try {
    check();
    const live = await roots.list();
    const marked = new Set<string>();
    for (const root of live) {
      for await (const entry of walkFile(blocks, root, { signal })) marked.add(key(entry.hash));
    }
    onProgress?.({ type: "fs:gc:marked", roots: live.length, blocks: marked.size });

    const garbage: Uint8Array[] = [];
    for await (const hash of blocks.keys({ signal })) if (!marked.has(key(hash))) garbage.push(hash);
    let deleted = 0;
    let leased = 0;
    for (const hash of garbage) {
      check();
      if (await leases.deleteUnlessLeased(hash, () => blocks.delete(hash))) {
        deleted++;
        onProgress?.({ type: "fs:gc:deleted", hash, deleted });
      } else leased++;
    }
    return { marked: marked.size, deleted, leased };
  } finally {
    leases.gcEnded();
  }
}
