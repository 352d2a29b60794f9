/**
 * Child process for the blockstore suite's crash test: opens the store at a directory and puts
 * blocks four at a time until it is killed, reporting "start i" before each put and "done i"
 * after it. Stdout writes to a pipe are synchronous on Linux, so every line printed reaches the
 * parent even though the process dies by SIGKILL.
 *
 * Usage: tsx blockstore-crash-child.ts <store module> <export name> <dir> <seed> <block size>
 */
import { pathToFileURL } from "node:url";
import type { Blockstore } from "./blockstore.js";
import { sha256, testBlock } from "./blockstore-suite.js";

const [modulePath, exportName, dir, seed, size] = process.argv.slice(2);
const Store = (await import(pathToFileURL(modulePath).href))[exportName] as { open(dir: string): Promise<Blockstore> };
const store = await Store.open(dir);

let next = 0;
async function writer(): Promise<never> {
  for (;;) {
    const index = next++;
    const bytes = testBlock(seed, index, Number(size));
    process.stdout.write(`start ${index}\n`);
    await store.put(sha256(bytes), bytes);
    process.stdout.write(`done ${index}\n`);
  }
}
await Promise.all([writer(), writer(), writer(), writer()]);
