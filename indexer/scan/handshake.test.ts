import { expect } from "chai";
import type { PeerId } from "@libp2p/interface";
import { KeyPair, evmAddressOf } from "@dsp/core";
import { RemoteRefused } from "@dsp/p2p";
import type { DspHost } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import { nextEvent, startHost } from "@dsp/p2p/testing";
import { until } from "@dsp/testkit";
import { caught } from "../test/caught.js";
import { greet, HandshakeResponder, type HandshakeOptions, type Member, type RegistryStatus } from "./handshake.js";
import { ScanPeerRefused } from "./errors.js";

const CHAIN = 31337;
const REGISTRY = "0x" + "5c".repeat(20);

/** Handshakes between hosts on loopback, membership from a table instead of a chain. */
describe("SCAN handshake", function () {
  this.timeout(60_000);
  const hosts: DspHost[] = [];
  const status = new Map<string, RegistryStatus>();
  const evm = (k: KeyPair) => evmAddressOf(k.publicKey).toLowerCase();

  async function server(st: RegistryStatus | undefined, over: Partial<HandshakeOptions> = {}) {
    const key = KeyPair.generate();
    if (st) status.set(evm(key), st);
    const host = await startHost({ account: key });
    hosts.push(host);
    const opts: HandshakeOptions = { host, chainId: CHAIN, registry: REGISTRY, statusOf: async (a) => status.get(a) ?? "None", ...over };
    const members: Member[] = [];
    const refused: ScanPeerRefused[] = [];
    new HandshakeResponder({ ...opts, onMember: (m) => members.push(m), onRefused: (_p, e) => refused.push(e) });
    return { key, host, opts, members, refused };
  }
  type Server = Awaited<ReturnType<typeof server>>;

  /** b greets a: what b's greet gave, and the connection. */
  async function dial(from: Server, to: Server, expected?: string) {
    const peer = await from.host.connect(to.host.multiaddrs[0]);
    return { peer, result: await greet(from.opts, peer, expected).catch((e) => e as Error) };
  }

  const closed = (a: DspHost, peer: PeerId) => until(() => a.libp2p.getConnections(peer).length === 0, 10_000, "the connection closed");

  afterEach(async () => {
    await Promise.allSettled(hosts.splice(0).map((h) => h.stop()));
  });

  it("authenticates two members to each other: each learns the other's account", async () => {
    const [a, b] = [await server("Active"), await server("Active")];
    const { result } = await dial(b, a, evm(a.key));
    expect(result).to.not.be.instanceOf(Error);
    expect([(result as Member).evm, (result as Member).address]).to.deep.equal([evm(a.key), a.host.address]);
    await until(() => a.members.length === 1, 10_000, "a took b in");
    expect([a.members[0].evm, a.members[0].address, a.members[0].peer.equals(b.host.peerId)]).to.deep.equal([evm(b.key), b.host.address, true]);
    expect(a.refused).to.deep.equal([]);
  });

  for (const [st, reason] of [[undefined, "NOT_REGISTERED"], ["Quitting", "QUITTING"]] as const) {
    it(`refuses a ${reason === "QUITTING" ? "quitting" : "never registered"} dialer with 55057 ${reason} and closes the connection`, async () => {
      const a = await server("Active");
      const c = await server(st);
      const { peer, result } = await dial(c, a);
      expect(result).to.be.instanceOf(RemoteRefused);
      expect([(result as RemoteRefused).code, ScanPeerRefused.reasonOf((result as RemoteRefused).shortMessage)]).to.deep.equal([55057, reason]);
      await closed(c.host, peer);
      expect(a.members).to.deep.equal([]);
      expect(a.refused.map((e) => [e.code, e.reason])).to.deep.equal([[55057, reason]]);
    });
  }

  it("has the dialer refuse a responder that is not a member, and one that is not the account registered at the address", async () => {
    const a = await server("Active");
    const outsider = await server(undefined);
    const { peer, result } = await dial(a, outsider);
    expect(result).to.be.instanceOf(ScanPeerRefused);
    expect([(result as ScanPeerRefused).code, (result as ScanPeerRefused).reason]).to.deep.equal([55057, "NOT_REGISTERED"]);
    await closed(a.host, peer);
    expect(outsider.members).to.deep.equal([], "the ScanAuth was never sent");

    const other = await server("Active");
    const wrong = await dial(a, other, evm(KeyPair.generate()));
    expect([(wrong.result as ScanPeerRefused).code, (wrong.result as ScanPeerRefused).reason]).to.deep.equal([55057, "WRONG_NODE"]);
    expect(other.members).to.deep.equal([]);
  });

  it("refuses a hello for another chain or registry, or with a short challenge, with 40000 BAD_HANDSHAKE", async () => {
    const a = await server("Active");
    const cases: [number, string, Uint8Array][] = [[CHAIN + 1, REGISTRY, new Uint8Array(32)], [CHAIN, "0x" + "00".repeat(20), new Uint8Array(32)], [CHAIN, REGISTRY, new Uint8Array(8)]];
    for (const [chainId, registry, nonce] of cases) {
      const b = await server("Active");
      const peer = await b.host.connect(a.host.multiaddrs[0]);
      const err = await caught(() => b.host.request(peer, Opcode.ScanHello, { chainId, registry, nonce }));
      expect(err).to.be.instanceOf(RemoteRefused);
      expect([(err as RemoteRefused).code, ScanPeerRefused.reasonOf((err as RemoteRefused).shortMessage)]).to.deep.equal([40000, "BAD_HANDSHAKE"]);
    }
    expect(a.members).to.deep.equal([]);
  });

  it("does not authenticate a ScanAuth that does not echo this connection's challenge, nor one with no hello before it", async () => {
    const a = await server("Active");
    const b = await server("Active");
    const peer = await b.host.connect(a.host.multiaddrs[0]);
    const err = await caught(() => b.host.request(peer, Opcode.ScanAuth, { echo: new Uint8Array(32) }));
    expect([(err as RemoteRefused).code, ScanPeerRefused.reasonOf((err as RemoteRefused).shortMessage)]).to.deep.equal([40000, "BAD_HANDSHAKE"]);
    await closed(b.host, peer);

    // a hello answered, then an echo of some other challenge (say, one seen on an earlier connection)
    const again = await b.host.connect(a.host.multiaddrs[0]);
    const reply = await b.host.request(again, Opcode.ScanHello, { chainId: CHAIN, registry: REGISTRY, nonce: new Uint8Array(32).fill(7) });
    expect(reply.opcode).to.equal(Opcode.ScanHello);
    const gone = nextEvent(b.host, "peer:disconnect");
    const bad = await caught(() => b.host.request(again, Opcode.ScanAuth, { echo: new Uint8Array(32).fill(9) }));
    expect((bad as RemoteRefused).code).to.equal(40000);
    await gone;
    expect(a.members).to.deep.equal([]);
  });
});
