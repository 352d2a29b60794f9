/**
 * Hardhat 2 runs scripts/ and test/ as CommonJS through ts-node, while the packages (node/*,
 * indexer/) are ESM (libp2p is ESM-only). This loads one of them through tsx's ESM hooks, with a
 * dynamic import that the CommonJS build keeps as is.
 */
let registered: Promise<void> | undefined;

export async function importEsm<T>(specifier: string): Promise<T> {
  registered ??= import("tsx/esm/api").then(({ register }) => void register());
  await registered;
  return (await import(specifier)) as T;
}

/** The deployments file's reader and writer (@dsp/ledger/deployments). */
export type DeploymentsModule = typeof import("@dsp/ledger/deployments", { with: { "resolution-mode": "import" } });
export const deploymentsModule = () => importEsm<DeploymentsModule>("@dsp/ledger/deployments");
