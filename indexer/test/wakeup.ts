/** For waits that poll a condition: `wait(ms)` sleeps until the next `wake()` (something changed) or ms pass. */
export class Wakeup {
  private waiters: (() => void)[] = [];

  wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  wait(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
