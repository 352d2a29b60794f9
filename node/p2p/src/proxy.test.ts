import { expect } from "chai";
import { once } from "node:events";
import { createHash, randomBytes } from "node:crypto";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { KeyPair } from "@dsp/core";
import { AbortedError, DspError, InvalidParams } from "@dsp/core";
import { until } from "@dsp/testkit";
import { DspHost, type DspHostInit } from "./host.js";
import { RemoteRefused } from "./errors.js";
import { Opcode } from "./opcodes.js";
import type { dsp } from "./proto.js";
import { ProxyCode, ProxyRefused, ProxyServer, ProxyUnavailable, requestProxy, type ProxyClient, type ProxyProgressEvent, type ProxyServerInit } from "./proxy/index.js";

const NET = 7;
const MiB = 2 ** 20;
/** A bound on waiting for an event (60 s from the call). */
const bound = () => ({ signal: AbortSignal.timeout(60_000) });

describe("p2p proxying (circuit relay v2)", function () {
  this.timeout(120_000);
  const running: { stop(): Promise<void> }[] = [];
  const clients: ProxyClient[] = [];

  async function host(init: Partial<DspHostInit> = {}): Promise<DspHost> {
    const h = await DspHost.create({ account: KeyPair.generate(), networkId: NET, ...init });
    running.push(h);
    return h;
  }
  async function proxyServer(init: Partial<ProxyServerInit> = {}): Promise<ProxyServer> {
    const p = await ProxyServer.create({ account: KeyPair.generate(), networkId: NET, ...init });
    running.push(p);
    return p;
  }
  /** A node with no dialable address: it listens only through relays. */
  const hidden = (init: Partial<DspHostInit> = {}) => host({ listen: ["/p2p-circuit"], ...init });
  async function proxied(node: DspHost, proxy: ProxyServer, opts: Parameters<typeof requestProxy>[2] = {}): Promise<ProxyClient> {
    const client = await requestProxy(node, proxy.address, opts);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => {});
    await Promise.allSettled(running.splice(0).map((r) => r.stop()));
  });

  it("gives a node with no dialable address a proxy address through which a third node reaches it", async () => {
    const proxy = await proxyServer();
    const node = await hidden();
    expect(node.multiaddrs.map(String)).to.deep.equal([]);

    const events: ProxyProgressEvent[] = [];
    const client = await proxied(node, proxy, { onProgress: (e) => events.push(e) });
    expect(client.address).to.equal(`${proxy.address}/p2p-circuit/p2p/${node.peerId}`);
    expect(events.map((e) => e.type)).to.deep.equal(["proxy:dial", "proxy:reserved", "proxy:allocated"]);
    expect(proxy.reservations()).to.deep.equal([node.peerId.toString()]);

    const other = await host();
    expect((await other.connect(client.address)).equals(node.peerId)).to.equal(true);
    const [connection] = other.libp2p.getConnections(node.peerId);
    expect(connection.remoteAddr.toString()).to.include("/p2p-circuit");
    expect(connection.limits, "our proxy sets no relay limit").to.equal(undefined);

    const pong = await other.request(node.peerId, Opcode.Ping, { timestamp: 42 });
    expect((pong.message as dsp.Pong).timestamp).to.equal(42);
    const back = await node.request(other.peerId, Opcode.Ping, { timestamp: 43 });
    expect((back.message as dsp.Pong).timestamp).to.equal(43);
    expect(back.senderAddress).to.equal(other.address);
  });

  it("relays a 4 MiB BlockFlights on the bulk stream with every byte intact, both ways", async () => {
    const proxy = await proxyServer();
    const node = await hidden();
    const client = await proxied(node, proxy);
    const other = await host();
    await other.connect(client.address);

    const digest = (f: dsp.IBlockFlights) => createHash("sha256").update(Buffer.concat(f.blocks!.map((b) => b.data as Uint8Array))).digest("hex");
    const flights = {
      sessionId: "s-1",
      blocks: Array.from({ length: 4 }, (_, i) => ({ index: i, fileHash: "QmFile", hash: `b${i}`, data: randomBytes(MiB) })),
    };
    for (const [from, to] of [
      [other, node],
      [node, other],
    ]) {
      let got: dsp.BlockFlights | undefined;
      to.handle(Opcode.BlockFlights, (m) => void (got = m.message));
      // needAck: the sender resolves once the receiver's handler ran, so nothing here waits on time.
      await from.send(to.peerId, Opcode.BlockFlights, flights, { bulk: true, needAck: true, timeout: 60_000 });
      expect(got!.blocks.map((b) => b.data!.length)).to.deep.equal([MiB, MiB, MiB, MiB]);
      expect(digest(got!)).to.equal(digest(flights));
    }
  });

  it("answers the same proxy address when a node asks again", async () => {
    const proxy = await proxyServer();
    const node = await hidden();
    const first = await proxied(node, proxy);
    const second = await proxied(node, proxy);
    expect(second.address).to.equal(first.address);
    const raw = await node.request(proxy.host.peerId, Opcode.ProxyRequest, { originAddress: node.peerId.toString() });
    expect(raw.opcode).to.equal(Opcode.ProxyResponse);
    expect(raw.message).to.include({ code: 0, proxyAddress: first.address, originAddress: node.peerId.toString() });
  });

  it("keeps the proxy connection with the host's keepalive, which the proxy answers", async () => {
    const proxy = await proxyServer();
    const node = await hidden({ keepaliveInterval: 100 });
    const client = await proxied(node, proxy);
    const heard = proxy.host.stats.received;
    const answered = node.stats.received;
    // Nothing else is sent now: what the proxy receives are the node's Keepalives, what the node
    // receives are the KeepaliveResponses.
    await until(() => proxy.host.stats.received >= heard + 5 && node.stats.received >= answered + 5, { ms: 15_000, every: 50, what: "5 keepalives each way" });
    expect(proxy.host.peers().map((p) => p.peer.toString())).to.include(node.peerId.toString());
    expect(client.reachable).to.equal(true);
  });

  it("re-reserves after the proxy restarts with the same key and port, and the node is reachable again", async () => {
    const privateKey = await generateKeyPair("Ed25519");
    const account = KeyPair.generate();
    let proxy = await proxyServer({ privateKey, account });
    const port = proxy.address.getComponents().find((c) => c.name === "tcp")!.value;
    const node = await hidden();
    const client = await proxied(node, proxy, { watchdog: { interval: 200, attempts: 8 } });
    const before = client.address;

    const lost = once(client, "proxy:lost", bound());
    const recovered = once(client, "proxy:recovered", bound());
    await proxy.stop();
    await lost;
    expect(client.reachable).to.equal(false);
    proxy = await proxyServer({ privateKey, account, listen: [`/ip4/127.0.0.1/tcp/${port}`] });
    const [{ address }] = await recovered;
    expect(address).to.equal(before);
    expect(client.address).to.equal(before);
    expect(proxy.reservations()).to.deep.equal([node.peerId.toString()]);

    const other = await host();
    await other.connect(client.address);
    const pong = await other.request(node.peerId, Opcode.Ping, { timestamp: 7 });
    expect((pong.message as dsp.Pong).timestamp).to.equal(7);
  });

  it("tells the upper layer when the watchdog gives up on a proxy that does not come back", async () => {
    const proxy = await proxyServer();
    const node = await hidden();
    const client = await proxied(node, proxy, { watchdog: { interval: 200, attempts: 2 }, reservationTimeout: 500 });
    const failed = once(client, "proxy:failed", bound());
    await proxy.stop();
    const [{ error }] = await failed;
    expect(error).to.be.instanceOf(ProxyUnavailable);
    expect(error.cause).to.be.instanceOf(DspError);
    expect(client.reachable).to.equal(false);
  });

  it("builds proxy addresses on the public address it is told to announce", async () => {
    const proxy = await proxyServer({ publicAddress: "/ip4/10.9.9.9/tcp/4001" });
    expect(proxy.address.toString()).to.equal(`/ip4/10.9.9.9/tcp/4001/p2p/${proxy.host.peerId}`);
    const node = await hidden();
    // The node dials where the proxy really listens; others would dial the announced address.
    const client = await requestProxy(node, proxy.host.multiaddrs[0]);
    clients.push(client);
    expect(client.address).to.equal(`/ip4/10.9.9.9/tcp/4001/p2p/${proxy.host.peerId}/p2p-circuit/p2p/${node.peerId}`);
  });

  it("refuses to start on a public address that is not a plain multiaddr", async () => {
    for (const publicAddress of ["10.9.9.9:4001", "/ip4/10.9.9.9/tcp/4001/p2p/12D3KooWGzh3Ep7bCPLzzJyoZ7CCnVtb9ZozRt3NNnxYWvhm1VnE"]) {
      const err = await proxyServer({ publicAddress }).catch((e) => e);
      expect(err, publicAddress).to.be.instanceOf(InvalidParams);
    }
  });

  it("refuses a ProxyRequest from a node that holds no reservation, with a nonzero code", async () => {
    const proxy = await proxyServer();
    const plain = await host(); // listens on TCP only: it never reserves a relay slot
    await plain.connect(proxy.address);
    const answer = await plain.request(proxy.host.peerId, Opcode.ProxyRequest, { originAddress: plain.peerId.toString() });
    expect(answer.opcode).to.equal(Opcode.ProxyResponse);
    expect(answer.message).to.include({ code: ProxyCode.NO_RESERVATION, proxyAddress: "" });

    const err = await requestProxy(plain, proxy.address, { reservationTimeout: 300, watchdog: false }).catch((e) => e);
    expect(err).to.be.instanceOf(ProxyRefused);
    expect(err.code).to.equal(ProxyCode.NO_RESERVATION);
    expect(err.message).to.include("/p2p-circuit");
  });

  it("refuses a ProxyRequest that names another node as its origin", async () => {
    const proxy = await proxyServer();
    const node = await hidden();
    await proxied(node, proxy);
    const answer = await node.request(proxy.host.peerId, Opcode.ProxyRequest, { originAddress: proxy.host.peerId.toString() });
    expect(answer.message).to.include({ code: ProxyCode.BAD_REQUEST, proxyAddress: "" });
  });

  it("rejects a proxy address that is not a multiaddr, and a peer that is not a proxy", async () => {
    const node = await hidden();
    const bad = await requestProxy(node, "127.0.0.1:4001").catch((e) => e);
    expect(bad).to.be.instanceOf(InvalidParams);
    expect(node.peers()).to.deep.equal([]);

    const notProxy = await host();
    const err = await requestProxy(node, notProxy.multiaddrs[0], { reservationTimeout: 300, watchdog: false }).catch((e) => e);
    expect(err).to.be.instanceOf(RemoteRefused);
    expect(err.code).to.equal(40000);
  });

  it("stops waiting for the reservation when aborted", async () => {
    const proxy = await proxyServer();
    const plain = await host();
    const ac = new AbortController();
    const err = await requestProxy(plain, proxy.address, {
      signal: ac.signal,
      onProgress: (e) => e.type === "proxy:dial" && setTimeout(() => ac.abort(new Error("user")), 200),
    }).catch((e) => e);
    expect(err).to.be.instanceOf(AbortedError);
    expect(err.cause.message).to.equal("user");
  });

  it("with libp2p's default relay limits, a 4 MiB message does not get through (why ours has none)", async () => {
    const proxy = await proxyServer({ limits: { bytes: 128n * 1024n, durationMs: 120_000 } });
    const node = await hidden();
    const client = await proxied(node, proxy);
    const other = await host();
    await other.connect(client.address);
    let got = false;
    node.handle(Opcode.BlockFlights, () => void (got = true));
    const big = { sessionId: "s", blocks: [{ index: 0, data: randomBytes(4 * MiB) }] };
    const err = await other.send(node.peerId, Opcode.BlockFlights, big, { bulk: true, needAck: true, timeout: 5_000 }).catch((e) => e);
    expect(err).to.be.instanceOf(DspError);
    expect(got).to.equal(false);
  });
});
