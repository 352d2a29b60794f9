import { DspError } from "@dsp/core";

/** The JSON-RPC endpoint failed or answered with an error (spec: 50023 CHAIN_ERROR). */
export class ChainRpcError extends DspError {
  override name = "ChainRpcError";
  constructor(method: string, message: string, opts?: { cause?: unknown }) {
    super(50023, `${method}: ${message}`, opts);
  }
}

/** A block the indexer needs is not on the chain (yet). */
export class UnknownBlock extends DspError {
  override name = "UnknownBlock";
  constructor(number: bigint) {
    super(50004, `block ${number} not found`, { table: "rest_error" });
  }
}

/** The chain dropped blocks older than the indexer keeps undo data for: it must be rebuilt from scratch. */
export class ReorgTooDeep extends DspError {
  override name = "ReorgTooDeep";
  constructor(checkpoint: bigint, oldestKept: bigint | undefined) {
    super(50023, `chain reorganised below the oldest block kept for rollback (checkpoint ${checkpoint}, oldest kept ${oldestKept ?? "none"}): raise finalityDepth and reindex`);
  }
}

/** The database was indexed from another chain than the RPC endpoint serves. */
export class WrongChain extends DspError {
  override name = "WrongChain";
  constructor(want: number, got: number) {
    super(50023, `the deployments are for chain ${want} but the RPC endpoint serves chain ${got}`);
  }
}

/** A log's data or topics do not fit its event's ABI (truncated, an offset out of range): the chain served something else than the contracts emit. */
export class AbiDecodeError extends DspError {
  override name = "AbiDecodeError";
  constructor(message: string) {
    super(50023, `event log does not fit the ABI: ${message}`);
  }
}
