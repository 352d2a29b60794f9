/**
 * Exact-length reads over a stream of arbitrary chunks. The decryptor needs whole segments and one
 * byte of look-ahead (is this segment the last?), while files and sockets hand out chunks of any
 * size; this keeps at most one input chunk plus the bytes asked for in memory.
 */
export class ChunkReader {
  private readonly it: Iterator<Uint8Array> | AsyncIterator<Uint8Array>;
  private head: Uint8Array = new Uint8Array(0);
  private done = false;

  constructor(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  /** Pulls chunks until some bytes are buffered or the source ends; false at the end. */
  private async fill(): Promise<boolean> {
    while (this.head.length === 0 && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else this.head = r.value;
    }
    return this.head.length > 0;
  }

  /** Exactly `n` bytes, or fewer only when the source ended first. */
  async read(n: number): Promise<Uint8Array> {
    if (!(await this.fill())) return new Uint8Array(0);
    // The common case for large chunks: no copy.
    if (this.head.length >= n) {
      const out = this.head.subarray(0, n);
      this.head = this.head.subarray(n);
      return out;
    }
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n && (await this.fill())) {
      const take = Math.min(n - got, this.head.length);
      out.set(this.head.subarray(0, take), got);
      this.head = this.head.subarray(take);
      got += take;
    }
    return got === n ? out : out.subarray(0, got);
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  /** Lets the source release its resources (closes a file stream) when we stop early. */
  async close(): Promise<void> {
    this.done = true;
    await this.it.return?.();
  }
}
