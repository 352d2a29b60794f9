/**
 * The FS node's PDP tree (node/pdp/merkle.ts) for the contract tests. node/ is ESM (libp2p is
 * ESM-only) and these tests are CommonJS under Hardhat, so the module is loaded once with a
 * dynamic import in a root hook, before any test runs, after registering tsx's ESM hooks so
 * that Node can import a .ts file.
 */
type PdpModule = typeof import("../../node/pdp/merkle.js", { with: { "resolution-mode": "import" } });
export type PdpTree = import("../../node/pdp/merkle.js", { with: { "resolution-mode": "import" } }).PdpTree;

let loaded: PdpModule | undefined;

before(async () => {
  const { register } = await import("tsx/esm/api");
  register();
  loaded = await import("../../node/pdp/merkle.js");
});

/** The PDP module; only callable from inside hooks and tests. */
export function pdp(): PdpModule {
  if (!loaded) throw new Error("node/pdp/merkle.js is not loaded yet: call pdp() inside a test or hook");
  return loaded;
}
