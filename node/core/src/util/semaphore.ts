/**
 * At most `permits` holders at once; the others wait in arrival order. acquire() resolves to the
 * release function (call it once). Used where memory is proportional to the work in flight (a
 * seeder reading blocks for many downloaders), so a burst queues instead of growing the heap.
 */
import { AbortedError } from "../errors/index.js";

export class Semaphore {
  #free: number;
  readonly #waiting: { grant: () => void; fail: (e: unknown) => void }[] = [];
  /** the most permits ever held at once */
  peak = 0;
  /** the most waiters ever queued at once */
  peakWaiting = 0;

  constructor(readonly permits: number) {
    if (!(Number.isInteger(permits) && permits >= 1)) throw new RangeError(`a semaphore needs at least one permit, not ${permits}`);
    this.#free = permits;
  }

  get inUse(): number {
    return this.permits - this.#free;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortedError("waiting for a permit", signal.reason));
    if (this.#free > 0) return Promise.resolve(this.#take());
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.#take());
        },
        fail: reject,
      };
      const onAbort = () => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new AbortedError("waiting for a permit", signal?.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(waiter);
      this.peakWaiting = Math.max(this.peakWaiting, this.#waiting.length);
    });
  }

  #take(): () => void {
    this.#free--;
    this.peak = Math.max(this.peak, this.inUse);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#free++;
      // granted synchronously, so no acquire() can take the permit in between
      this.#waiting.shift()?.grant();
    };
  }
}
