/**
 * The compiled DSP messages (proto/gen), with 64-bit fields read as plain numbers. protobufjs
 * hands out Long objects whenever the `long` package is installed (some dependency always
 * installs it), whatever pbjs was told; nonces and heights stay below 2^53, so numbers are
 * exact. Import `dsp` from here, never from proto/gen directly: this module must run first.
 */
import "./proto-numbers.js";
export { dsp } from "@dsp/proto";
