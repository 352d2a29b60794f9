/** The proving service's failures, with the spec's status codes (@dsp/core: node/core/src/errors/status-codes.json). */
import { DspError } from "@dsp/core";

/** 50011 GET_PDP_PARAMS_ERROR: this node holds the deal on the ledger but its store cannot give the data to prove it. */
export class ProofDataUnavailable extends DspError {
  override name = "ProofDataUnavailable";
  constructor(readonly fileHash: string, why: string, cause?: unknown) {
    super(50011, `cannot prove file ${fileHash}: ${why}`, { cause });
  }
}

/** 50011 GET_PDP_PARAMS_ERROR: the stored bytes do not lead to the data root the deal committed. */
export class ProofDataMismatch extends DspError {
  override name = "ProofDataMismatch";
  constructor(readonly fileHash: string, readonly committed: string, readonly local: string) {
    super(50011, `cannot prove file ${fileHash}: its stored data has root ${local}, the deal committed ${committed}`);
  }
}

/** 50017 FILE_UPLOADED_CHECK_PDP_FAILED: this node's proof window of a period closed before it proved. */
export class ProofWindowMissed extends DspError {
  override name = "ProofWindowMissed";
  constructor(readonly period: bigint, readonly deadline: bigint) {
    super(50017, `the proof of period ${period} was due by block ${deadline} and was not made`);
  }
}
