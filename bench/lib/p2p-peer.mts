/**
 * The receiving side of bench/p2p-transfer.mts, in its own process (as a real peer would be).
 *   tsx bench/lib/p2p-peer.mts tcp          raw TCP sink: counts bytes, answers one byte per `total`
 *   tsx bench/lib/p2p-peer.mts dsp <window> DspHost: counts BlockFlights bytes and Progress messages
 * Prints one JSON line with its address, then serves until stdin closes.
 */
import { createServer } from "node:net";
import { KeyPair } from "@dsp/core";
import { DspHost } from "@dsp/p2p";
import { Opcode } from "@dsp/p2p";

const [mode, window] = process.argv.slice(2);
process.stdin.resume();

if (mode === "tcp") {
  const server = createServer((socket) => {
    let expect = -1;
    let got = 0;
    let head = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      if (expect < 0) {
        // The first 8 bytes say how many follow.
        head = Buffer.concat([head, chunk]);
        if (head.length < 8) return;
        expect = Number(head.readBigUInt64LE(0));
        chunk = head.subarray(8);
      }
      got += chunk.length;
      if (got >= expect) socket.end(Buffer.of(1));
    });
  });
  server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as { port: number }).port })));
  process.stdin.on("end", () => process.exit(0));
} else {
  const host = await DspHost.create({ account: KeyPair.generate(), networkId: 1, streamWindow: Number(window) });
  let bytes = 0;
  let small = 0;
  host.handle(Opcode.BlockFlights, (m) => {
    for (const b of m.message.blocks) bytes += b.data?.length ?? 0;
  });
  host.handle(Opcode.Progress, () => void small++);
  host.handle(Opcode.File, () => ({ opcode: Opcode.File, message: { hash: JSON.stringify({ bytes, small, cpu: process.cpuUsage() }) } }));
  console.log(JSON.stringify({ addr: host.multiaddrs[0].toString() }));
  process.stdin.on("end", () => void host.stop().then(() => process.exit(0)));
}
