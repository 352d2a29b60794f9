import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dsp } from "./proto.js";
import { CODECS, Opcode } from "./opcodes.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("proto/", function () {
  this.timeout(60_000);

  it("proto/gen is what `npm run proto` makes of proto/dsp.proto today", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dsp-proto-"));
    try {
      const script = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.proto as string;
      const command = script.replaceAll("proto/gen/", `${dir}/`);
      execFileSync("sh", ["-c", command], { cwd: ROOT, env: { ...process.env, PATH: `${ROOT}/node_modules/.bin:${process.env.PATH}` }, stdio: "pipe" });
      for (const file of ["dsp.js", "dsp.d.ts"]) {
        expect(readFileSync(path.join(dir, file), "utf8"), `${file} is stale: run npm run proto`).to.equal(readFileSync(path.join(ROOT, "proto/gen", file), "utf8"));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads 64-bit fields as numbers, not Long objects", () => {
    const m = dsp.Message.decode(dsp.Message.encode({ messageNonce: 2 ** 52 + 1, requestNonce: 7 }).finish());
    expect(m.messageNonce).to.equal(2 ** 52 + 1);
    expect(typeof m.requestNonce).to.equal("number");
  });

  it("has a codec for every message the spec defines, under its opcode", () => {
    expect(CODECS[Opcode.Keepalive]).to.equal(dsp.Keepalive);
    expect(CODECS[Opcode.KeepaliveResponse]).to.equal(dsp.KeepaliveResponse);
    expect(CODECS[Opcode.ProxyRequest]).to.equal(dsp.ProxyRequest);
    expect(CODECS[Opcode.ProxyResponse]).to.equal(dsp.ProxyResponse);
    for (const name of ["File", "BlockFlights", "Progress", "Torrent", "Endpoint", "Payment"] as const) {
      expect(CODECS[Opcode[name]], name).to.equal(dsp[name]);
      expect(Opcode[name]).to.be.at.least(Opcode.ApplicationOpCodeStart);
    }
  });
});
