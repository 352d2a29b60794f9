/** The error `fn` rejects with (chai 4 has no async throw assertion); fails if it resolves. */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection, but the call succeeded");
}
