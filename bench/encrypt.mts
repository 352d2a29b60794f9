/**
 * Throughput of the encrypted format on a 256 MiB stream (run: npx tsx bench/encrypt.mts, or npm run bench).
 * Prints MiB/s for encryption and decryption at two segment sizes, next to one AES-256-GCM pass over
 * the same bytes (the ceiling: what segmenting costs is the gap), and file to file through the disk.
 */
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { decryptFile, decryptStream, encryptFile, encryptStream } from "@dsp/core";

const MiB = 2 ** 20;
const TOTAL = Number(process.env.BENCH_MIB ?? 256) * MiB;
const CHUNK = randomBytes(MiB);
const PASSWORD = { password: "bench" };

function* plaintext(): Generator<Uint8Array> {
  for (let n = 0; n < TOTAL; n += MiB) yield CHUNK;
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const rate = (seconds: number) => (TOTAL / MiB / seconds).toFixed(0);
const rows: [string, string][] = [];

// Files first, while the process is small, so peak RSS shows what streaming a file costs.
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const dir = await mkdtemp(join(tmpdir(), "dsp-encrypt-bench-"));
try {
  const fh = await open(join(dir, "plain"), "w");
  for (const p of plaintext()) await fh.write(p);
  await fh.close();
  const rssBefore = process.memoryUsage().rss;
  rows.push(["encryptFile (disk, fsync)", rate(await timed(() => encryptFile(join(dir, "plain"), join(dir, "sealed"), PASSWORD, { onProgress: sample })))]);
  rows.push(["decryptFile (disk, fsync)", rate(await timed(() => decryptFile(join(dir, "sealed"), join(dir, "out"), PASSWORD, { onProgress: sample })))]);
  rows.push(["peak RSS during the file runs (MiB, before: " + (rssBefore / MiB).toFixed(0) + ")", (peakRss / MiB).toFixed(0)]);
} finally {
  await rm(dir, { recursive: true, force: true });
}

rows.push([
  "one AES-256-GCM pass (ceiling)",
  rate(
    await timed(() => {
      const c = createCipheriv("aes-256-gcm", randomBytes(32), randomBytes(12));
      for (const p of plaintext()) c.update(p);
      c.final();
    }),
  ),
]);

for (const segmentSize of [64 * 1024, MiB]) {
  const sealed: Uint8Array[] = [];
  const enc = await timed(async () => {
    for await (const c of encryptStream(plaintext(), PASSWORD, { segmentSize })) sealed.push(c);
  });
  let out = 0;
  const dec = await timed(async () => {
    for await (const c of decryptStream(sealed, PASSWORD)) out += c.length;
  });
  if (out !== TOTAL) throw new Error(`decrypted ${out} bytes, expected ${TOTAL}`);
  const label = `${segmentSize / 1024} KiB segments`;
  rows.push([`encryptStream, ${label} (incl. scrypt)`, rate(enc)], [`decryptStream, ${label} (incl. scrypt)`, rate(dec)]);
}

console.log(`${TOTAL / MiB} MiB, Node ${process.version}, ${cpus()[0].model} x${cpus().length}\n`);
console.log("| operation | MiB/s |\n|---|---:|");
for (const [what, r] of rows) console.log(`| ${what} | ${r} |`);
