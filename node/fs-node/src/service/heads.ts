/**
 * Follows the chain head by polling and hands each new height to `handle`, once it succeeded (a
 * jump of several blocks hands over only the latest: the prover reads the state at the head, not
 * each block). A failed poll or a failed `handle` is reported and retried at the next poll, even if
 * no block came meanwhile; so is the same head when `again()` says something changed off-chain. Polling, not subscriptions, because it works the same on every RPC node
 * and on an automining test chain, where blocks appear only when a transaction or evm_mine makes one.
 */
import { InvalidParams } from "@dsp/core";

export interface FollowHeadsOptions {
  /** milliseconds between two polls */
  intervalMs: number;
  signal: AbortSignal;
  onError?: (error: unknown) => void;
  /** asked at each poll without a new block: true hands the last head over again (something changed off-chain) */
  again?: () => boolean;
}

/** Runs until `signal` aborts; `handle` never runs twice at once. */
export async function followHeads(readHead: () => Promise<bigint>, handle: (head: bigint) => Promise<void>, { intervalMs, signal, onError, again }: FollowHeadsOptions): Promise<void> {
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new InvalidParams(`poll interval must be a positive number of ms, not ${intervalMs}`);
  let handled = -1n;
  while (!signal.aborted) {
    try {
      const head = await readHead();
      if (head > handled || (handled >= 0n && head === handled && again?.())) {
        await handle(head);
        handled = head;
      }
    } catch (e) {
      if (signal.aborted) return;
      onError?.(e);
    }
    await pause(intervalMs, signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
