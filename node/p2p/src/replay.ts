/**
 * Replay filter for message nonces: a sliding window like IPsec's (RFC 4303, 3.4.3). Senders
 * start their nonces from the clock (envelope.ts), so nonces grow across restarts too and one
 * window per sender address suffices. A nonce is accepted once; a nonce more than WINDOW below
 * the highest one seen is refused, as it can no longer be told apart from a replay. Messages on
 * several streams of one connection may arrive a little out of order, which the window absorbs.
 */
export const REPLAY_WINDOW = 4096;

export class ReplayWindow {
  #highest = -1;
  /** Bit i set: nonce (highest - i) was seen. */
  #seen = new Uint8Array(REPLAY_WINDOW / 8);

  /** Records `nonce`; false when it was seen already or is too old to tell. */
  accept(nonce: number): boolean {
    if (!Number.isSafeInteger(nonce) || nonce < 0) return false;
    if (nonce > this.#highest) {
      this.#shift(this.#highest < 0 ? REPLAY_WINDOW : nonce - this.#highest);
      this.#highest = nonce;
      this.#seen[0] |= 1;
      return true;
    }
    const age = this.#highest - nonce;
    if (age >= REPLAY_WINDOW) return false;
    const mask = 1 << (age & 7);
    if (this.#seen[age >> 3] & mask) return false;
    this.#seen[age >> 3] |= mask;
    return true;
  }

  #shift(by: number): void {
    if (by >= REPLAY_WINDOW) {
      this.#seen.fill(0);
      return;
    }
    const bytes = by >> 3;
    const bits = by & 7;
    for (let i = this.#seen.length - 1; i >= 0; i--) {
      const hi = i - bytes >= 0 ? this.#seen[i - bytes] : 0;
      const lo = i - bytes - 1 >= 0 ? this.#seen[i - bytes - 1] : 0;
      this.#seen[i] = bits === 0 ? hi : ((hi << bits) | (lo >> (8 - bits))) & 0xff;
    }
  }
}

/** One window per sender, the least recently used dropped past `limit` senders. */
export class ReplayGuard {
  readonly #windows = new Map<string, ReplayWindow>();
  constructor(readonly limit = 4096) {}

  accept(sender: string, nonce: number): boolean {
    let window = this.#windows.get(sender);
    if (window) this.#windows.delete(sender);
    else window = new ReplayWindow();
    this.#windows.set(sender, window);
    if (this.#windows.size > this.limit) this.#windows.delete(this.#windows.keys().next().value!);
    return window.accept(nonce);
  }
}
