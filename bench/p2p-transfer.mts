/**
 * P2P layer throughput on loopback, sender and receiver in two processes:
 *  - bulk block transfer (BlockFlights of 8 x 256 KiB blocks on the bulk stream: frames, signature,
 *    noise, yamux) against a raw TCP socket moving the same bytes in the same run;
 *  - small signed messages per second, one-way and as request/answer round trips.
 * Run: npx tsx bench/p2p-transfer.mts (BENCH_P2P_MIB=512).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { KeyPair } from "@dsp/core";
import { DspHost } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";
import { dsp } from "@dsp/p2p";
import { fmt, MiB, mibps, table, timed } from "./lib/common.mts";

const TOTAL = Number(process.env.BENCH_P2P_MIB ?? 512) * MiB;
const BLOCK = 256 * 1024;
const FLIGHT = 8;
const pool = randomFillSync(Buffer.alloc(FLIGHT * BLOCK * 4));

async function peer(...args: string[]): Promise<{ child: ChildProcess; info: Record<string, string | number> }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL("lib/p2p-peer.mts", import.meta.url)), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  return { child, info: JSON.parse(line) };
}

function stop(child: ChildProcess) {
  child.stdin!.end();
  return new Promise((r) => child.once("exit", r));
}

async function rawTcp(): Promise<number> {
  const { child, info } = await peer("tcp");
  const socket = connect(Number(info.port), "127.0.0.1");
  await new Promise((r) => socket.once("connect", r));
  const { seconds } = await timed(async () => {
    const head = Buffer.alloc(8);
    head.writeBigUInt64LE(BigInt(TOTAL));
    socket.write(head);
    const chunk = FLIGHT * BLOCK;
    for (let sent = 0; sent < TOTAL; sent += chunk) {
      const at = (sent / chunk) % 4;
      if (!socket.write(pool.subarray(at * chunk, (at + 1) * chunk))) await new Promise((r) => socket.once("drain", r));
    }
    await new Promise((r) => socket.once("data", r));
  });
  socket.destroy();
  await stop(child);
  return seconds;
}

async function dspHost(window: number) {
  const { child, info } = await peer("dsp", String(window));
  const host = await DspHost.create({ account: KeyPair.generate(), networkId: 1, streamWindow: window });
  const remote = await host.connect(String(info.addr));
  const stats = async () => JSON.parse(((await host.request(remote, Opcode.File, { hash: "" })).message as dsp.File).hash);
  return { host, remote, child, stats };
}

async function bulk(window: number): Promise<{ seconds: number; cpu: number }> {
  const { host, remote, child, stats } = await dspHost(window);
  const before = (await stats()).cpu;
  const { seconds } = await timed(async () => {
    let index = 0;
    for (let sent = 0; sent < TOTAL; sent += FLIGHT * BLOCK) {
      const blocks = Array.from({ length: FLIGHT }, (_, i) => {
        const at = ((index + i) % (FLIGHT * 4)) * BLOCK;
        return { index: index + i, hash: "h", data: pool.subarray(at, at + BLOCK) };
      });
      index += FLIGHT;
      // The last flight waits for its ack: the bulk stream is in order, so all came before it.
      await host.send(remote, Opcode.BlockFlights, { sessionId: "bench", blocks }, { bulk: true, needAck: sent + FLIGHT * BLOCK >= TOTAL });
    }
  });
  const after = await stats();
  if (after.bytes !== TOTAL) throw new Error(`receiver counted ${after.bytes} bytes, sent ${TOTAL}`);
  await host.stop();
  await stop(child);
  return { seconds, cpu: (after.cpu.user + after.cpu.system - before.user - before.system) / 1e6 };
}

async function small(): Promise<{ oneWay: number; roundTrips: number }> {
  const { host, remote, child, stats } = await dspHost(4 * MiB);
  const N = 5000;
  const oneWay = await timed(async () => {
    for (let i = 0; i < N; i++) await host.send(remote, Opcode.Progress, { id: "t", hash: `h${i}`, operation: 1 }, { needAck: i === N - 1 });
  });
  if ((await stats()).small !== N) throw new Error("lost small messages");
  const R = 2000;
  const roundTrips = await timed(async () => {
    for (let i = 0; i < R; i += 64) await Promise.all(Array.from({ length: Math.min(64, R - i) }, () => host.request(remote, Opcode.Ping, { timestamp: i })));
  });
  await host.stop();
  await stop(child);
  return { oneWay: N / oneWay.seconds, roundTrips: R / roundTrips.seconds };
}

const tcp = await rawTcp();
const rows: (string | number)[][] = [["raw TCP socket (baseline)", fmt(tcp, 2), fmt(mibps(TOTAL, tcp), 0), "100 %", ""]];
for (const window of [256 * 1024, 4 * MiB, 16 * MiB]) {
  const r = await bulk(window);
  rows.push([`DspHost bulk, yamux window ${window / 1024} KiB${window === 4 * MiB ? " (default)" : ""}`, fmt(r.seconds, 2), fmt(mibps(TOTAL, r.seconds), 0), `${fmt((100 * tcp) / r.seconds, 0)} %`, fmt(r.cpu / (TOTAL / 2 ** 30), 2)]);
}
console.log(`Block transfer: ${TOTAL / MiB} MiB in BlockFlights of ${FLIGHT} x ${BLOCK / 1024} KiB blocks between two processes on 127.0.0.1; target >= 50 % of raw TCP.\n`);
table(["path", "seconds", "MiB/s", "of raw TCP", "receiver CPU-s per GiB"], rows);
const s = await small();
console.log("Small signed messages (Progress, ~100 bytes; every message signed by the sender's account key and verified):\n");
table(["pattern", "messages/s"], [
  ["one-way, sent back to back", fmt(s.oneWay, 0)],
  ["request and answer (Ping/Pong), 64 in flight", fmt(s.roundTrips, 0)],
]);
