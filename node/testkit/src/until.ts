/**
 * Polling helpers for tests: wait for a condition that a real component will make true (a peer
 * connects, a row is written, a task settles), and fail with what was awaited when it does not.
 * Deadlines are generous on purpose: tests run on shared, busy machines, and a deadline that
 * only an idle machine meets is a flaky test.
 */

export interface UntilOptions {
  /** give up after this long (default 10 s) */
  ms?: number;
  /** named in the timeout error; a function is called then, so it can tell the state last seen */
  what?: string | (() => string);
  /** poll this often (default 20 ms) */
  every?: number;
}

/** Polls `check` (sync or async) until it is truthy, and returns that value; throws after `ms`. */
export async function until<T>(check: () => T | Promise<T>, opts: UntilOptions | number = {}, what?: UntilOptions["what"]): Promise<NonNullable<T>> {
  const o = typeof opts === "number" ? { ms: opts, what } : opts;
  const end = Date.now() + (o.ms ?? 10_000);
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) {
      const w = o.what ?? what ?? "condition";
      throw new Error(`timed out waiting for ${typeof w === "function" ? w() : w}`);
    }
    await new Promise((r) => setTimeout(r, o.every ?? 20));
  }
}
