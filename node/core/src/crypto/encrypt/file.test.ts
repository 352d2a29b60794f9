import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortedError } from "../../errors/index.js";
import {
  DecryptFailed,
  TamperedSegment,
  TruncatedCiphertext,
  WrongDecryptionPassword,
  decryptFile,
  encryptFile,
  headerLength,
  Mode,
  type DecryptWith,
} from "./index.js";
import { PASSWORD, random, recipientKeys } from "./testing.js";

const MiB = 2 ** 20;
const SEGMENT = 2 ** 20;

describe("encryptFile / decryptFile", function () {
  this.timeout(60_000);
  let dir: string;
  const at = (name: string) => join(dir, name);
  const listing = async () => (await readdir(dir)).sort();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "dsp-encrypt-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function encryptedFixture(size: number) {
    const plain = random(size);
    await writeFile(at("plain"), plain);
    await encryptFile(at("plain"), at("sealed"), PASSWORD);
    return plain;
  }

  it("round-trips a 20 MiB file with the default settings (1 MiB segments, scrypt 2^15), leaving only the three files", async () => {
    const plain = random(20 * MiB + 3);
    await writeFile(at("plain"), plain);
    const enc = await encryptFile(at("plain"), at("sealed"), { password: "hunter2" });
    const segments = Math.ceil(plain.length / SEGMENT);
    expect(enc).to.deep.equal({ bytesRead: plain.length, bytesWritten: headerLength(Mode.Password) + plain.length + 16 * segments });
    const dec = await decryptFile(at("sealed"), at("out"), { password: "hunter2" });
    expect(dec.bytesWritten).to.equal(plain.length);
    expect(Buffer.compare(await readFile(at("out")), plain)).to.equal(0);
    expect(await listing()).to.deep.equal(["out", "plain", "sealed"]);
  });

  it("round-trips a 20 MiB file to a recipient's public key", async () => {
    const bob = recipientKeys();
    const plain = random(20 * MiB);
    await writeFile(at("plain"), plain);
    await encryptFile(at("plain"), at("sealed"), { recipient: bob.publicKey });
    await decryptFile(at("sealed"), at("out"), { privateKey: bob.privateKey });
    expect(Buffer.compare(await readFile(at("out")), plain)).to.equal(0);
  });

  it("round-trips an empty file", async () => {
    await encryptedFixture(0);
    await decryptFile(at("sealed"), at("out"), { password: PASSWORD.password });
    expect((await readFile(at("out"))).length).to.equal(0);
  });

  describe("leaves no output on failure", () => {
    const cases: [string, (sealed: Buffer) => Buffer, DecryptWith, new (...a: never[]) => Error, number][] = [
      ["a wrong password", (b) => b, { password: "wrong" }, WrongDecryptionPassword, 50046],
      ["a flipped ciphertext byte", (b) => (b[headerLength(Mode.Password) + 3 * (SEGMENT + 16) + 7] ^= 1, b), { password: PASSWORD.password }, TamperedSegment, 50040],
      ["a dropped final segment", (b) => b.subarray(0, headerLength(Mode.Password) + 4 * (SEGMENT + 16)), { password: PASSWORD.password }, TruncatedCiphertext, 50040],
      ["a cut inside a segment", (b) => b.subarray(0, b.length - 100), { password: PASSWORD.password }, DecryptFailed, 50040],
    ];
    for (const [what, damage, key, type, code] of cases) {
      it(`on ${what}: ${code}, and only the input files in the directory`, async () => {
        await encryptedFixture(4 * SEGMENT + 500);
        await writeFile(at("sealed"), damage(await readFile(at("sealed"))));
        const err = await decryptFile(at("sealed"), at("out"), key).catch((e) => e);
        expect(err).to.be.instanceOf(type);
        expect(err.code).to.equal(code);
        expect(await listing()).to.deep.equal(["plain", "sealed"]);
      });
    }

    it("keeps an existing file under the target name untouched when decryption fails", async () => {
      await encryptedFixture(3 * SEGMENT);
      await writeFile(at("out"), "previous contents");
      const err = await decryptFile(at("sealed"), at("out"), { password: "wrong" }).catch((e) => e);
      expect(err).to.be.instanceOf(WrongDecryptionPassword);
      expect(await readFile(at("out"), "utf8")).to.equal("previous contents");
      expect(await listing()).to.deep.equal(["out", "plain", "sealed"]);
    });

    it("aborted encryption leaves nothing under the target name and no temporary file", async () => {
      await writeFile(at("plain"), random(8 * MiB));
      const ac = new AbortController();
      const err = await encryptFile(at("plain"), at("sealed"), PASSWORD, { signal: ac.signal, onProgress: (e) => e.segment === 2 && ac.abort() }).catch((e) => e);
      expect(err).to.be.instanceOf(AbortedError);
      expect(await listing()).to.deep.equal(["plain"]);
    });

    it("aborted decryption leaves nothing under the target name", async () => {
      await encryptedFixture(8 * SEGMENT);
      const ac = new AbortController();
      const err = await decryptFile(at("sealed"), at("out"), { password: PASSWORD.password }, { signal: ac.signal, onProgress: (e) => e.segment === 3 && ac.abort() }).catch((e) => e);
      expect(err).to.be.instanceOf(AbortedError);
      expect(await listing()).to.deep.equal(["plain", "sealed"]);
    });

    it("a missing input file fails and creates nothing", async () => {
      const err = await encryptFile(at("nope"), at("sealed"), PASSWORD).catch((e) => e);
      expect(err.code).to.equal("ENOENT");
      expect(await listing()).to.deep.equal([]);
    });
  });
});
