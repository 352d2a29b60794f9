"use strict";
// Throws when the addon was not built (a failed optional install): node/fs-node/src/fs/pdp-hasher.ts then uses hash-wasm.
module.exports = require("./build/Release/pdp_keccak.node");
