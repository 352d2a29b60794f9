/**
 * Follows the chain head by polling: yields each new height once (a jump of several blocks yields
 * only the latest: the prover reads the state at the head, not each block). Polling, not
 * subscriptions, because it works the same on every RPC node and on an automining test chain,
 * where blocks appear only when a transaction or evm_mine makes one.
 */
import { InvalidParams } from "../errors/index.js";

export interface FollowHeadsOptions {
  /** milliseconds between two polls */
  intervalMs: number;
  signal: AbortSignal;
  /** a failed poll is reported and retried at the next interval */
  onError?: (error: unknown) => void;
}

export async function* followHeads(readHead: () => Promise<bigint>, { intervalMs, signal, onError }: FollowHeadsOptions): AsyncGenerator<bigint> {
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new InvalidParams(`poll interval must be a positive number of ms, not ${intervalMs}`);
  let last = -1n;
  while (!signal.aborted) {
    try {
      const head = await readHead();
      if (head > last) {
        last = head;
        yield head;
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
