/**
 * Sending a transaction and reading a view, with failures as DspErrors (errors.ts). A send can be
 * stopped by an AbortSignal while it waits for its receipt (the transaction may still be mined:
 * the AbortedError's details carry its hash), and reports progress events.
 */
import type { TransactionReceipt } from "ethers";
import { AbortedError } from "@dsp/core";
import { ledgerError, type ContractKind, type Op } from "./errors.js";

export type TxProgress =
  | { type: "ledger:tx:sent"; detail: { op: string; hash: string } }
  | { type: "ledger:tx:confirmed"; detail: { op: string; hash: string; blockNumber: number; gasUsed: bigint } };

export interface TxOptions {
  signal?: AbortSignal;
  onProgress?: (event: TxProgress) => void;
}

/** The part of a contract call's result we use (typechain's types are ethers' CommonJS ones). */
interface Sent {
  hash: string;
  wait(): Promise<unknown>;
}

/** Sends with `send`, waits for the receipt, and maps any failure (including the estimateGas revert). */
export async function transact(op: Op, contract: ContractKind, send: () => Promise<Sent>, opts: TxOptions = {}): Promise<TransactionReceipt> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw new AbortedError(op.what, signal.reason);
  let tx: Sent;
  try {
    tx = await send();
  } catch (e) {
    throw ledgerError(e, op, contract);
  }
  onProgress?.({ type: "ledger:tx:sent", detail: { op: op.what, hash: tx.hash } });
  let receipt: TransactionReceipt;
  try {
    receipt = (await abortable(tx.wait(), signal, op.what, tx.hash)) as TransactionReceipt;
  } catch (e) {
    throw ledgerError(e, op, contract);
  }
  onProgress?.({ type: "ledger:tx:confirmed", detail: { op: op.what, hash: tx.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed } });
  return receipt;
}

/** A view call with its failures mapped like a transaction's. */
export async function query<T>(op: Op, contract: ContractKind, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw ledgerError(e, op, contract);
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, what: string, hash: string): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError(`waiting for ${what} (transaction ${hash}, which may still be mined)`, signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
