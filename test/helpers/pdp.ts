/**
 * The FS node's PDP tree (@dsp/core, node/core/src/pdp/merkle.ts) for the contract tests. The packages are ESM (libp2p is
 * ESM-only) and these tests are CommonJS under Hardhat, so the module is loaded once with a
 * dynamic import in a root hook, before any test runs, after registering tsx's ESM hooks so
 * that Node can import a .ts file.
 */
import { importEsm } from "../../scripts/lib/esm";

type PdpModule = typeof import("@dsp/core", { with: { "resolution-mode": "import" } });
export type PdpTree = import("@dsp/core", { with: { "resolution-mode": "import" } }).PdpTree;

let loaded: PdpModule | undefined;

before(async () => {
  loaded = await importEsm<PdpModule>("@dsp/core");
});

/** The PDP module; only callable from inside hooks and tests. */
export function pdp(): PdpModule {
  if (!loaded) throw new Error("@dsp/core is not loaded yet: call pdp() inside a test or hook");
  return loaded;
}
