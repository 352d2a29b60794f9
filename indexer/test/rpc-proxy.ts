/**
 * A loopback JSON-RPC proxy between an indexer and the test chain that can hold requests back:
 * a test freezes the indexer's view of the chain while it reorganises it, or lets the indexer
 * roll back but not fetch the new branch's logs, so it can act at a known point of the sync.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Wakeup } from "./wakeup.js";

export interface RpcRequest {
  method: string;
  params: unknown[];
}
type Hold = (req: RpcRequest) => boolean;

export class RpcProxy {
  private hold: Hold | null = null;
  private queue: { req: RpcRequest; go: () => void }[] = [];
  private readonly changed = new Wakeup();

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(target: string): Promise<RpcProxy> {
    let proxy!: RpcProxy;
    const server = createServer((req, res) => void proxy.handle(target, req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = new RpcProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** Requests `hold` accepts wait until a later `setHold` no longer accepts them (null: none is held). */
  setHold(hold: Hold | null) {
    this.hold = hold;
    const keep = this.queue.filter((q) => hold?.(q.req));
    for (const q of this.queue) if (!keep.includes(q)) q.go();
    this.queue = keep;
  }

  /** The requests being held now. */
  get held(): RpcRequest[] {
    return this.queue.map((q) => q.req);
  }

  /** Resolves once a request `match` accepts is being held; rejects after `timeoutMs`. */
  async waitForHeld(match: Hold, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.held.some(match)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching request held in ${timeoutMs} ms (held: ${JSON.stringify(this.held)})`);
      await this.changed.wait(left);
    }
  }

  private async handle(target: string, req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const { method, params } = JSON.parse(body) as RpcRequest;
    if (this.hold?.({ method, params })) {
      const released = new Promise<void>((go) => this.queue.push({ req: { method, params }, go }));
      this.changed.wake();
      await released;
    }
    try {
      const answer = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    } catch {
      res.destroy(); // the chain is gone (end of the test), or the indexer that asked was killed
    }
  }

  async close() {
    this.setHold(null);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
