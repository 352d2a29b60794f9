/**
 * The layering of the packages, checked by `npm run lint:layers` (part of `npm test`):
 *
 *   @dsp/proto, @dsp/core          <- @dsp/ledger, @dsp/p2p  <- @dsp/fs-node, @dsp/scan
 *   @dsp/testkit (tests only)
 *
 * An arrow points from a package to one it may import. Nothing imports a package above it or
 * beside it, runtime code never imports test support, and only @dsp/ledger reads Hardhat's
 * typechain output. docs/ARCHITECTURE.md ("Packages") says why the cut is where it is.
 */
const TEST = "(\\.test\\.ts$|(^|[/-])testing\\.ts$|-suite\\.ts$|-crash-child\\.ts$|^indexer/test/|^indexer/explorer/(stack|browser|screenshots)\\.ts$)";

const pkg = (name, dir) => ({ name, dir });
const CORE = pkg("core", "^node/core/");
const PROTO = pkg("proto", "^proto/");
const LEDGER = pkg("ledger", "^node/ledger/");
const P2P = pkg("p2p", "^node/p2p/");
const FS_NODE = pkg("fs-node", "^node/fs-node/");
const SCAN = pkg("scan", "^indexer/");
const TESTKIT = pkg("testkit", "^node/testkit/");

/** `from` (runtime code) must not import any of `to`. */
function layer(from, to, why) {
  return {
    name: `${from.name}-not-to-${to.map((t) => t.name).join("-")}`,
    comment: why,
    severity: "error",
    from: { path: from.dir, pathNot: TEST },
    to: { path: to.map((t) => t.dir) },
  };
}

module.exports = {
  forbidden: [
    layer(CORE, [LEDGER, P2P, FS_NODE, SCAN, TESTKIT], "@dsp/core is the bottom layer: it imports no other DSP package."),
    layer(PROTO, [CORE, LEDGER, P2P, FS_NODE, SCAN, TESTKIT], "@dsp/proto is generated wire code: it imports no DSP package."),
    layer(LEDGER, [P2P, FS_NODE, SCAN, TESTKIT], "@dsp/ledger builds on @dsp/core only."),
    layer(P2P, [LEDGER, FS_NODE, SCAN, TESTKIT], "@dsp/p2p builds on @dsp/core and @dsp/proto only."),
    layer(FS_NODE, [SCAN, TESTKIT], "@dsp/fs-node and @dsp/scan are siblings: neither imports the other."),
    layer(SCAN, [FS_NODE, TESTKIT], "@dsp/scan and @dsp/fs-node are siblings: neither imports the other."),
    {
      name: "tests-not-up",
      comment: "Tests of a lower package may use @dsp/testkit and the packages it builds on, never a package above them (fs-node's and scan's integration tests may use each other).",
      severity: "error",
      from: { path: ["^node/core/", "^node/ledger/", "^node/p2p/"], pathNot: "^node/testkit/" },
      to: { path: [FS_NODE.dir, SCAN.dir] },
    },
    {
      name: "testkit-not-up",
      comment: "@dsp/testkit serves every package's tests, so it builds on core and ledger only.",
      severity: "error",
      from: { path: TESTKIT.dir },
      to: { path: [P2P.dir, FS_NODE.dir, SCAN.dir] },
    },
    {
      name: "runtime-not-to-test-support",
      comment: "Runtime code does not import tests, test helpers or fixtures.",
      severity: "error",
      from: { path: "^(node|indexer|proto)/", pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: "packages-not-to-scripts-or-docs",
      comment: "Packages do not import the Hardhat side (scripts/, test/) or docs/ at run time; what they share lives in a package.",
      severity: "error",
      from: { path: "^(node|indexer|proto)/", pathNot: `(${TEST}|^node/testkit/)` },
      to: { path: "^(scripts|test|docs)/" },
    },
    {
      name: "typechain-only-in-ledger",
      comment: "Hardhat's typechain output is read by @dsp/ledger alone; others get the typed contracts from it.",
      severity: "error",
      from: { path: "^(node|indexer|proto|bench)/", pathNot: "^node/ledger/" },
      to: { path: "^typechain-types/" },
    },
    {
      name: "packages-through-their-entry",
      comment: "Another package is imported by its name (@dsp/x), never by a relative path into its files.",
      severity: "error",
      from: { path: "^(node/[^/]+|indexer|proto)/" },
      to: { path: "^(node/[^/]+|indexer|proto)/", pathNot: "^$1/", dependencyTypesNot: ["aliased-workspace"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(generated|dist|gen)/|\\.d\\.ts$" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default"], extensions: [".ts", ".tsx", ".js", ".json"] },
    moduleSystems: ["es6", "cjs"],
  },
};
