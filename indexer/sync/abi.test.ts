import { expect } from "chai";
import { AbiCoder, EventFragment, zeroPadValue } from "ethers";
import { EventCoder, type AbiParam } from "./abi.js";
import { AbiDecodeError } from "./errors.js";
import { FileLedger__factory, FileWhitelist__factory, NodeRegistry__factory, PDPVerifier__factory } from "@dsp/ledger";
import { INDEXED_EVENTS } from "./handlers.js";

describe("event ABI decoder", () => {
  const coder = AbiCoder.defaultAbiCoder();
  const info: AbiParam = {
    name: "info", type: "tuple",
    components: [
      { name: "desc", type: "bytes" }, { name: "size", type: "uint64" }, { name: "ok", type: "bool" }, { name: "root", type: "bytes16" },
    ],
  };
  const inputs: AbiParam[] = [
    { name: "fileHash", type: "bytes32", indexed: true },
    { name: "owner", type: "address", indexed: true },
    info,
    { name: "nodes", type: "address[]" },
    { name: "url", type: "string" },
    { name: "delta", type: "int256" },
    { name: "pair", type: "uint8[2]" },
  ];
  const hash = "0x" + "ab".repeat(32);
  const owner = "0x" + "cd".repeat(20);
  const topics = [EventFragment.from({ type: "event", name: "X", inputs }).topicHash, hash, zeroPadValue(owner, 32)];
  const data = coder.encode(
    ["tuple(bytes desc,uint64 size,bool ok,bytes16 root)", "address[]", "string", "int256", "uint8[2]"],
    [["0x0102", 1024n, true, "0x" + "11".repeat(16)], ["0x" + "EF".repeat(20), owner], "dsp://héllo", -5n, [7, 9]],
  );

  it("decodes indexed and data parameters, tuples and arrays into plain values in declaration order", () => {
    const args = new EventCoder(inputs).decode(data, topics);
    expect(Object.keys(args)).to.deep.equal(["fileHash", "owner", "info", "nodes", "url", "delta", "pair"]);
    expect(args).to.deep.equal({
      fileHash: hash, owner, info: { desc: "0x0102", size: 1024n, ok: true, root: "0x" + "11".repeat(16) },
      nodes: ["0x" + "ef".repeat(20), owner], url: "dsp://héllo", delta: -5n, pair: [7n, 9n],
    });
  });

  it("takes an indexed string as its hash", () => {
    const c = new EventCoder([{ name: "name", type: "string", indexed: true }]);
    expect(c.decode("0x", ["0x" + "00".repeat(32), hash])).to.deep.equal({ name: hash });
  });

  it("refuses truncated data, a wrong topic count and an offset past the end with AbiDecodeError", () => {
    const c = new EventCoder(inputs);
    expect(() => c.decode(data.slice(0, data.length - 64), topics)).to.throw(AbiDecodeError);
    expect(() => c.decode(data, topics.slice(0, 2))).to.throw(AbiDecodeError, /expected 3 topics/);
    const badOffset = "0x" + (2n ** 200n).toString(16).padStart(64, "0") + data.slice(66);
    expect(() => c.decode(badOffset, topics)).to.throw(AbiDecodeError, /beyond the data/);
  });
});

describe("indexed events and the contracts' ABIs", () => {
  // Events of the ledger and the verifier that change nothing the indexer keeps.
  const NOT_INDEXED = new Set(["RoleAdminChanged", "RoleGranted", "RoleRevoked"]);
  const abis: Record<string, readonly { type: string; name?: string }[]> = {
    ledger: FileLedger__factory.abi, verifier: PDPVerifier__factory.abi, registry: NodeRegistry__factory.abi, whitelist: FileWhitelist__factory.abi,
  };
  const events = (c: string) => abis[c].filter((e) => e.type === "event").map((e) => e.name!);

  it("handles only events the contracts emit: none of ledger v1's is left", () => {
    for (const [contract, names] of Object.entries(INDEXED_EVENTS)) {
      if (!abis[contract]) continue;
      for (const name of names) expect(events(contract), `${contract}.${name}`).to.include(name);
    }
    expect(INDEXED_EVENTS.ledger).to.not.include.members(["HolderAssigned"]);
  });

  it("handles every event of the file ledger and the PDP verifier (deals, slots, periods, faults)", () => {
    for (const contract of ["ledger", "verifier"]) {
      const missing = events(contract).filter((n) => !NOT_INDEXED.has(n) && !INDEXED_EVENTS[contract].includes(n));
      expect(missing, contract).to.deep.equal([]);
    }
    expect(INDEXED_EVENTS.ledger).to.include.members(["FileStored", "SlotOffered", "DealAccepted", "OfferWithdrawn", "HolderReleased", "SlotRefunded", "FileLost", "PeriodPaid", "NodeFaulted"]);
    expect(INDEXED_EVENTS.verifier).to.have.members(["ScheduleStarted", "PieceAdded", "PieceRemoved", "PeriodProven", "PeriodMissed"]);
  });
});
