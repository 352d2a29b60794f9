/**
 * Runs async tasks with at most `limit` in flight, so a producer (AddFile hashing blocks) keeps
 * going while earlier writes finish, without letting memory grow: add() waits for a free slot.
 * The first failure is kept and thrown by the next add() or by drain(); drain() always waits for
 * every running task, so nothing is still writing when the caller moves on.
 */
export class Pipeline {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`pipeline limit must be >= 1, got ${limit}`);
  }

  async add(task: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.throwIfFailed();
    const run: Promise<void> = task()
      .catch((error) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
