/**
 * Throughput through the proxy (run: npx tsx bench/p2p-proxy.mts, or npm run bench): one sender
 * moves BENCH_PROXY_MIB of BlockFlights (1 MiB each, four 256 KiB blocks) on its bulk stream to a
 * node it reaches directly over TCP, and the same to a node with no dialable address that it
 * reaches through a proxy (circuit relay v2), all on loopback. The ratio is relayed / direct.
 * The proxy runs in a child process, as it would on its own machine: in the sender's process it
 * would take the sender's and receiver's event loop.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { KeyPair } from "@dsp/core";
import { DspHost } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import { ProxyServer, requestProxy } from "@dsp/p2p";
import { fmt, MiB, mibps, table, timed } from "./lib/common.mts";

const TOTAL = Number(process.env.BENCH_PROXY_MIB ?? 64) * MiB;
const ROUNDS = 3;
const NET = 7;
const flights = { sessionId: "bench", blocks: Array.from({ length: 4 }, (_, index) => ({ index, data: randomBytes(MiB / 4) })) };

const create = (listen?: string[]) => DspHost.create({ account: KeyPair.generate(), networkId: NET, listen });

/** Sends `bytes` of BlockFlights from `from` to `to` and resolves when `to` has handled all of them. */
async function transfer(from: DspHost, to: DspHost, bytes: number): Promise<void> {
  let got = 0;
  const all = new Promise<void>((resolve, reject) => {
    const bound = setTimeout(() => reject(new Error(`only ${got} of ${bytes} bytes arrived in 5 min`)), 300_000);
    to.handle(Opcode.BlockFlights, (m) => {
      for (const b of m.message.blocks) got += b.data.length;
      if (got >= bytes) resolve(void clearTimeout(bound));
    });
  });
  for (let sent = 0; sent < bytes; sent += MiB) await from.send(to.peerId, Opcode.BlockFlights, flights, { bulk: true });
  await all;
}

if (process.env.BENCH_PROXY_CHILD) {
  const proxy = await ProxyServer.create({ account: KeyPair.generate(), networkId: NET });
  const start = process.cpuUsage();
  console.log(proxy.address.toString());
  // Serve until the parent closes our stdin, then say how much CPU relaying took.
  process.stdin.resume();
  await once(process.stdin, "end");
  const used = process.cpuUsage(start);
  console.log(String((used.user + used.system) / 1e6));
  await proxy.stop();
  process.exit(0);
}

const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
  env: { ...process.env, BENCH_PROXY_CHILD: "1" },
  stdio: ["pipe", "pipe", "inherit"],
});
const [line] = (await once(child.stdout!, "data")) as [Buffer];
const proxyAddress = line.toString().trim();
const direct = await create();
const hidden = await create(["/p2p-circuit"]);
const sender = await create();
try {
  const client = await requestProxy(hidden, proxyAddress, { watchdog: false });
  await sender.connect(direct.multiaddrs[0]);
  await sender.connect(client.address);
  if (!sender.libp2p.getConnections(hidden.peerId).every((c) => c.remoteAddr.toString().includes("/p2p-circuit"))) {
    throw new Error("the hidden node was reached without the proxy");
  }
  // Warm-up: streams opened, yamux windows grown, JIT settled.
  await transfer(sender, direct, 16 * MiB);
  await transfer(sender, hidden, 16 * MiB);

  const best = { direct: Infinity, relayed: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    best.direct = Math.min(best.direct, (await timed(() => transfer(sender, direct, TOTAL))).seconds);
    best.relayed = Math.min(best.relayed, (await timed(() => transfer(sender, hidden, TOTAL))).seconds);
  }
  const rate = { direct: mibps(TOTAL, best.direct), relayed: mibps(TOTAL, best.relayed) };
  child.stdin!.end();
  const [cpu] = (await once(child.stdout!, "data")) as [Buffer];
  const relayedMiB = 16 + (ROUNDS * TOTAL) / MiB;
  console.log(`${TOTAL / MiB} MiB of BlockFlights on the bulk stream, best of ${ROUNDS}; proxy with no relay limit.\n`);
  table(
    ["path", "MiB/s", "vs direct"],
    [
      ["direct TCP (baseline)", fmt(rate.direct), "1.00"],
      ["through the proxy (circuit relay v2)", fmt(rate.relayed), fmt(rate.relayed / rate.direct, 2)],
    ],
  );
  console.log(`Proxy CPU: ${fmt((Number(cpu.toString()) * 1000) / relayedMiB)} ms per MiB relayed (${relayedMiB} MiB).`);
} finally {
  await Promise.allSettled([sender.stop(), hidden.stop(), direct.stop()]);
  child.stdin!.end();
  if (child.exitCode === null) await once(child, "exit");
}
