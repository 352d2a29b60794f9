/**
 * Test fixtures for task and REST suites (not a test file): three registered storage nodes, an
 * owner and a reader on the run's shared hardhat chain, a temporary folder, and helpers to write
 * random files and wait for a task without an unbounded loop.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { sharedChain, tempDir, type TestChain } from "@dsp/testkit";
import type { Task, TaskManager } from "./tasks.js";
import { randomBytes } from "node:crypto";
import { startNode, type TestNode } from "./testing.js";

export interface Cluster {
  chain: TestChain;
  dir: string;
  storage: TestNode[];
  owner: TestNode;
  reader: TestNode;
  /** Writes `size` random bytes to a new file under `dir`; returns its path and bytes. */
  file(size: number, name?: string): Promise<{ path: string; data: Uint8Array }>;
}

/** Registers mocha hooks that start the cluster before the suite and stop it after. */
export function withCluster(prefix: string): Cluster {
  const c = {} as Cluster;
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    c.chain = await sharedChain();
    tmp = tempDir(prefix);
    c.dir = tmp.dir;
    c.storage = [];
    for (let i = 0; i < 3; i++) c.storage.push(await startNode(c.chain, tmp.dir, { register: true }));
    c.owner = await startNode(c.chain, tmp.dir);
    c.reader = await startNode(c.chain, tmp.dir);
    c.file = async (size, name = `f-${Math.random().toString(16).slice(2)}`) => {
      const data = randomBytes(size);
      const file = path.join(tmp.dir, name);
      await writeFile(file, data);
      return { path: file, data };
    };
  });
  after(async () => {
    for (const n of [...(c.storage ?? []), c.owner, c.reader]) await n?.stop();
    tmp?.cleanup();
  });
  return c;
}

/** The task once its current run has ended; fails after `ms` rather than hanging. */
export async function settledWithin(tasks: TaskManager, id: string, ms = 120_000): Promise<Task> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`task ${id} still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([tasks.settled(id), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
