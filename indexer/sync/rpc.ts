/**
 * The few JSON-RPC calls the sync makes, over plain fetch: no provider caching or request
 * batching delays between us and the node, and every failure becomes a ChainRpcError.
 */
import type { RawLog } from "./decode.js";
import { ChainRpcError, UnknownBlock } from "./errors.js";

export interface BlockHeader {
  number: bigint;
  hash: string;
  parentHash: string;
}

const hex = (n: bigint) => `0x${n.toString(16)}`;

export class Rpc {
  private id = 0;
  constructor(readonly url: string, private readonly signal?: AbortSignal) {}

  /**
   * Every call we make is a read, so a network failure is retried (twice, after 100 and 400 ms):
   * a kept-alive socket the server has just closed fails the first attempt for no real reason.
   */
  async call<T>(method: string, params: unknown[], attempts = 3): Promise<T> {
    let body: { result?: T; error?: { message: string } };
    // A signal per call: fetch leaves its abort listener on the signal it is given until garbage
    // collection, and the sync's one long-lived signal then collects thousands (Node warns).
    const call = new AbortController();
    const abort = () => call.abort(this.signal?.reason);
    this.signal?.addEventListener("abort", abort, { once: true });
    if (this.signal?.aborted) abort();
    try {
      const res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params }),
        signal: call.signal,
      });
      body = await res.json();
    } catch (e) {
      if (attempts > 1 && !this.signal?.aborted) {
        await new Promise((r) => setTimeout(r, 100 * 4 ** (3 - attempts)));
        return this.call(method, params, attempts - 1);
      }
      throw new ChainRpcError(method, `no answer from ${this.url}`, { cause: e });
    } finally {
      this.signal?.removeEventListener("abort", abort);
    }
    if (body.error) throw new ChainRpcError(method, body.error.message);
    return body.result as T;
  }

  async chainId() {
    return Number(await this.call<string>("eth_chainId", []));
  }

  async blockNumber() {
    return BigInt(await this.call<string>("eth_blockNumber", []));
  }

  async header(number: bigint): Promise<BlockHeader> {
    const b = await this.call<{ number: string; hash: string; parentHash: string } | null>("eth_getBlockByNumber", [hex(number), false]);
    if (!b) throw new UnknownBlock(number);
    return { number: BigInt(b.number), hash: b.hash.toLowerCase(), parentHash: b.parentHash.toLowerCase() };
  }

  /** The header, or undefined when the chain has no such block (it is shorter after a reorg). */
  async tryHeader(number: bigint): Promise<BlockHeader | undefined> {
    try {
      return await this.header(number);
    } catch (e) {
      if (e instanceof UnknownBlock) return undefined;
      throw e;
    }
  }

  logs(address: string[], from: bigint, to: bigint) {
    return this.call<RawLog[]>("eth_getLogs", [{ address, fromBlock: hex(from), toBlock: hex(to) }]);
  }

  /** The logs of exactly this block (EIP-234), so they cannot come from a sibling fork. */
  logsOfBlock(address: string[], blockHash: string) {
    return this.call<RawLog[]>("eth_getLogs", [{ address, blockHash }]);
  }
}
