/**
 * @dsp/fs-node: the FS node and its clients. Blockstores (LevelDB, flat files, memory) and the
 * file store with GC; PDP data from stored blocks; upload, download, seeding, proving, the
 * keeper and scrub; the daemon (`dsp node run`), its REST API, and the `dsp` CLI (cli/main.ts).
 */
export * from "./fs/blockstore.js";
export * from "./fs/fs-blockstore.js";
export * from "./fs/level-blockstore.js";
export * from "./fs/memory-blockstore.js";
export * from "./fs/file-store.js";
export * from "./fs/root-store.js";
export * from "./fs/pdp-data.js";
export * from "./fs/pdp-hasher.js";
export * from "./fs/errors.js";
export * from "./service/fs-node.js";
export * from "./service/upload.js";
export * from "./service/download.js";
export * from "./service/daemon.js";
export { devKey } from "./service/devnet-nodes.js";
export * from "./service/errors.js";
export * from "./rest/index.js";
