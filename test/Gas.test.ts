import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { ethers, network } from "hardhat";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Signer } from "ethers";
import {
  deployFixture, registerNodes, makeFile, storeFile, storeAccepted, dealIdOf, acceptWhenOpen, openChallenge, buildNodeProof,
  piecesOf, missWindow, proveNow, govern, randomBytes, E18, GIB, type Fixture, type StoredFile,
} from "./helpers/dsp";
import { DEVNET_PARAMS } from "../scripts/lib/deploy-dsp";
import { RepeatedBlockTree } from "./helpers/repeated-tree";
import { pdp } from "./helpers/pdp";
import { deployFixtureWith, sendBatched, repeatedTree, LogReader, type BatchTx } from "./helpers/sim";
import type { PdpTree } from "./helpers/pdp";

/**
 * Gas of the operations docs/gas.md reports (scripts/gas-table.ts runs this file under Osaka and
 * Cancun and writes the table; `GAS_TABLE=path.json` makes it write its figures there). Gas is
 * deterministic for the same inputs; the proof rows vary by a few thousand gas with the challenged
 * leaves (which pieces, left or right children).
 *
 * The per-node proof of one period is measured for N = 1, 100 and 10,000 deals of 1 GiB each held by
 * one node (`GAS_DEALS=1,100` picks other counts). Every deal is a real storeFile and
 * acceptDeal, sent in batches many to a block; its data is one random 1 KiB block repeated 2^20
 * times, a different block per deal, so that the PDP tree of each gigabyte is exact and costs ~52
 * hashes (test/helpers/repeated-tree.ts).
 */
const rows: { op: string; gas: bigint; note: string }[] = [];
const hardfork = (network.config as { hardfork?: string }).hardfork ?? "unknown";
const K = DEVNET_PARAMS.proving.challenges;
/** `npm run gas` (GAS_TABLE set) measures N = 1, 100, 10,000; a plain test run stops at 1,000, which takes seconds, not minutes. */
const DEAL_COUNTS = process.env.GAS_DEALS
  ? process.env.GAS_DEALS.split(",").map(Number)
  : process.env.GAS_TABLE ? [1, 100, 10_000] : [1, 100, 1_000];
/** Per N: the gas of the node's proof of its first period and of the next one, and what registering took. */
const perPeriod = new Map<number, Awaited<ReturnType<typeof provePeriods>>>();
/** Issue 14's targets (docs/gas.md reports them whether they hold or not). */
const TARGET_PER_PERIOD = 1_000_000n;
const TARGET_RATIO = 1.5;

async function gasOf(tx: Promise<ContractTransactionResponse>) {
  return (await (await tx).wait())!.gasUsed;
}

/** A 1 GiB file whose bytes are `block` (1 KiB) repeated 2^20 times, with its exact PDP tree. */
function gibFile(block: Uint8Array, over: Parameters<typeof makeFile>[1] = {}): StoredFile {
  const tree = repeatedTree(block, Number(GIB) / block.length);
  // makeFile reads only the size of `data`; the tree stands for the whole gigabyte.
  const file = makeFile(new Uint8Array(0), { copyNum: 0, fileSize: GIB, ...over }, tree);
  file.commit.fileHash = ethers.keccak256(block);
  file.commit.blocksRoot = ethers.sha256(block);
  file.commit.blockNum = GIB / 262_144n;
  file.fileHash = file.commit.fileHash as string;
  return file;
}

async function gibFixture() {
  const f = await deployFixture();
  const nodes = await registerNodes(f, 3);
  const file = gibFile(randomBytes(1024, "gas"), { copyNum: 1 });
  return { ...f, nodes, file };
}

describe(`Gas (hardfork ${hardfork})`, () => {
  after(() => {
    console.log(`\n    operation                                          gas   note`);
    for (const r of rows) console.log(`    ${r.op.padEnd(44)} ${r.gas.toString().padStart(9)}   ${r.note}`);
    const g = (n: number) => perPeriod.get(n);
    if (g(1) && g(10_000)) {
      console.log(`    10,000-deal / 1-deal proof: ${ratio(g(10_000)!.next, g(1)!.next)} (next period), ${ratio(g(10_000)!.first, g(1)!.first)} (first)`);
    }
    if (process.env.GAS_TABLE) {
      const proving = { challenges: K, deals: Object.fromEntries([...perPeriod].map(([n, v]) => [String(n), v])) };
      writeFileSync(process.env.GAS_TABLE, JSON.stringify({ hardfork, rows, proving }, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2));
    }
  });

  it("builds the exact PDP tree of repeated data (checked against the whole tree of 64 KiB)", () => {
    const block = randomBytes(1024, "gas-tree");
    const whole = new (pdp().MemoryPdpTree)(ethers.getBytes(ethers.concat(Array(64).fill(block))));
    for (const t of [repeatedTree(block, 64), new RepeatedBlockTree(block, 64)]) {
      expect(ethers.hexlify(t.root)).to.equal(ethers.hexlify(whole.root));
      expect([t.leafCount, t.depth]).to.deep.equal([whole.leafCount, whole.depth]);
      const indices = [0, 33, 700, 2047];
      expect(pdp().buildProof(t, indices)).to.deep.equal(pdp().buildProof(whole, indices));
    }
    const gib = repeatedTree(block, Number(GIB) / 1024);
    expect([gib.leafCount, gib.depth]).to.deep.equal([Number(GIB / 32n), 25]);
    expect(ethers.hexlify(gib.root)).to.equal(ethers.hexlify(new RepeatedBlockTree(block, Number(GIB) / 1024).root));
  });

  it("registers a node", async () => {
    const f = await loadFixture(deployFixture);
    const gas = await gasOf(f.registry.connect(f.nodes[0]).register("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN", 4n * GIB, 10_000_000n));
    rows.push({ op: "NodeRegistry.register", gas, note: "with pledge transfer" });
    expect(gas).to.be.lessThan(300_000n);
  });

  it("stores a 1 GiB file offered to two nodes, and each accepts it", async () => {
    const f = await loadFixture(gibFixture);
    const gas = await gasOf(storeFile(f, f.file, f.nodes.slice(0, 2), [f.nodes[2]]));
    rows.push({ op: "FileLedger.storeFile", gas, note: "1 GiB, copyNum 1, 1 candidate: two offers" });
    const dealId = await dealIdOf(f.file, f.owner);
    expect((await f.ledger.getFileInfo(dealId)).leafCount).to.equal(GIB / 32n);
    const first = await gasOf(acceptWhenOpen(f, dealId, f.nodes[0]));
    rows.push({ op: "FileLedger.acceptDeal", gas: first, note: "the node's first deal: schedule starts, sum tree created" });
    // A node that already holds a deal: its tree and schedule exist.
    const other = gibFile(randomBytes(1024, "gas-2"), { copyNum: 0 });
    await storeFile(f, other, [f.nodes[1]]);
    await acceptWhenOpen(f, await dealIdOf(other, f.owner), f.nodes[1]);
    const later = await gasOf(acceptWhenOpen(f, dealId, f.nodes[1]));
    rows.push({ op: "FileLedger.acceptDeal (node holds deals)", gas: later, note: "a second piece in the node's proof set" });
    const [, slots] = await f.ledger.holdersOf(dealId);
    expect(slots.map((s) => s.status)).to.deep.equal([2n, 2n]);
    expect(later).to.be.lessThan(first);
  });

  it("declines an offer, and lets another lapse (each moves the slot to the candidate)", async () => {
    const f = await loadFixture(gibFixture);
    await storeFile(f, f.file, f.nodes.slice(0, 2), [f.nodes[2]]);
    const dealId = await dealIdOf(f.file, f.owner);
    const decline = await gasOf(f.ledger.connect(f.nodes[0]).declineDeal(dealId));
    rows.push({ op: "FileLedger.declineDeal", gas: decline, note: "slot offered to the candidate" });
    await ethers.provider.send("hardhat_mine", [ethers.toQuantity(BigInt(DEVNET_PARAMS.ledger.acceptWindow) + 1n)]);
    const lapse = await gasOf(f.ledger.connect(f.reporter).lapseOffer(dealId, f.nodes[1].address));
    rows.push({ op: "FileLedger.lapseOffer", gas: lapse, note: "no candidate left: the slot is refunded" });
    const [nodes] = await f.ledger.holdersOf(dealId);
    expect(nodes).to.deep.equal([f.nodes[2].address]);
  });

  for (const n of DEAL_COUNTS) {
    it(`proves one node's period holding ${n.toLocaleString("en")} deal(s) of 1 GiB (k = ${K})`, async function () {
      this.timeout(1_800_000);
      const r = await provePeriods(n);
      perPeriod.set(n, r);
      rows.push({ op: `PDPVerifier.prove (N=${n})`, gas: r.first, note: `first period; ${r.note}` });
      rows.push({ op: `PDPVerifier.prove (N=${n}, next period)`, gas: r.next, note: "the recurring cost per node per period" });
      // Figures, not targets: the test fails only if the proof did not go through.
      expect(r.first).to.be.greaterThan(0n);
    });
  }

  it("reports the targets of issue 14 for the proofs (measured, not enforced)", function () {
    const one = perPeriod.get(1);
    const big = perPeriod.get(Math.max(...perPeriod.keys()));
    if (!one || !big || big === one) this.skip();
    const worst = [...perPeriod.values()].reduce((m, v) => (v.first > m ? v.first : m), 0n);
    console.log(`      largest per-period proof ${worst} gas (target <= ${TARGET_PER_PERIOD}): ${worst <= TARGET_PER_PERIOD ? "met" : "NOT met"}`);
    const q = Number(big!.next) / Number(one!.next);
    console.log(`      N=${Math.max(...perPeriod.keys())} / N=1: ${q.toFixed(3)}x (target <= ${TARGET_RATIO}x): ${q <= TARGET_RATIO ? "met" : "NOT met"}`);
    expect(q).to.be.greaterThan(0);
  });

  it("reports a missed period (slash, fault) and recovers the deal to a candidate", async () => {
    const f = await loadFixture(gibFixture);
    const dealId = await storeAccepted(f, f.file, f.nodes.slice(0, 2), [f.nodes[2]]);
    await missWindow(f, f.nodes[0]);
    const report = await gasOf(f.verifier.connect(f.reporter).reportMissed(f.nodes[0].address));
    rows.push({ op: "PDPVerifier.reportMissed", gas: report, note: "slash in proportion to 1 GiB at stake, fault recorded" });
    const recover = await gasOf(f.ledger.connect(f.reporter).recover(dealId, f.nodes[0].address));
    rows.push({ op: "FileLedger.recover", gas: recover, note: "holder released, its escrow offered to the candidate" });
    const [nodes, slots] = await f.ledger.holdersOf(dealId);
    expect(nodes).to.include(f.nodes[2].address);
    expect(slots[nodes.indexOf(f.nodes[2].address)].status).to.equal(1n);
  });

  it("deletes a deal mid-period, settles an expired one and claims rewards", async () => {
    const f = await loadFixture(gibFixture);
    const dealId = await storeAccepted(f, f.file, f.nodes.slice(0, 2), [f.nodes[2]]);
    await proveNow(f, f.nodes[0], await piecesOf(f, f.nodes[0], [f.file]));
    const del = await gasOf(f.ledger.connect(f.owner).deleteFiles([dealId]));
    rows.push({ op: "FileLedger.deleteFiles", gas: del, note: "1 deal, 2 holders paid the elapsed part of their period" });
    const short = gibFile(randomBytes(1024, "gas-expire"), { copyNum: 0 });
    const expiring = await storeAccepted(f, short, [f.nodes[2]], [], f.owner, 120n);
    const { expiredHeight } = await f.ledger.getFileInfo(expiring);
    const now = BigInt(await ethers.provider.getBlockNumber());
    await ethers.provider.send("hardhat_mine", [ethers.toQuantity(expiredHeight - now + 1n)]);
    const settle = await gasOf(f.ledger.connect(f.reporter).settleExpired(expiring));
    rows.push({ op: "FileLedger.settleExpired", gas: settle, note: "1 deal, 1 holder" });
    const claim = await gasOf(f.ledger.connect(f.nodes[0]).claimRewards(f.nodes[0].address));
    rows.push({ op: "FileLedger.claimRewards", gas: claim, note: "" });
    expect(await f.ledger.rewardsOf(f.nodes[0].address)).to.equal(0n);
  });

  it("registers a DNS url", async () => {
    const f = await loadFixture(deployFixture);
    await f.token.connect(f.owner).approve(await f.dns.getAddress(), ethers.MaxUint256);
    const gas = await gasOf(f.dns.connect(f.owner).registerUrl(2, "", "my-file", "dsp://file?hash=0xabc", "a file", 0n));
    rows.push({ op: "DNSRegistry.registerUrl", gas, note: "default header, custom url" });
    expect((await f.dns.resolve("dsp", "my-file")).owner).to.equal(f.owner.address);
  });

  it("closes a payment channel with a voucher", async () => {
    const f = await loadFixture(deployFixture);
    const [payer, seeder] = [f.owner, f.other];
    await f.token.connect(payer).approve(await f.channels.getAddress(), ethers.MaxUint256);
    const id = await f.channels.computeChannelId(payer.address, seeder.address, await f.channels.nonceOf(payer.address));
    await f.channels.connect(payer).open(seeder.address, 10n ** 18n, 10n);
    const { chainId } = await ethers.provider.getNetwork();
    const signature = await payer.signTypedData(
      { name: "DSP PaymentChannels", version: "1", chainId, verifyingContract: await f.channels.getAddress() },
      { Voucher: [{ name: "channelId", type: "bytes32" }, { name: "cumulativeAmount", type: "uint256" }] },
      { channelId: id, cumulativeAmount: 10n ** 17n },
    );
    const gas = await gasOf(f.channels.connect(seeder).close({ channelId: id, cumulativeAmount: 10n ** 17n }, signature));
    rows.push({ op: "PaymentChannels.close", gas, note: "recipient closes with the latest voucher" });
    expect((await f.channels.getChannel(id)).status).to.equal(3n);
  });

  it("registers a SCAN node and challenges false owner and DNS answers", async () => {
    const f = await loadFixture(deployFixture);
    const [node, challenger] = [f.nodes[4], f.reporter];
    await f.token.connect(node).approve(await f.scanRegistry.getAddress(), ethers.MaxUint256);
    const reg = await gasOf(f.scanRegistry.connect(node).register("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN", 10n ** 21n));
    rows.push({ op: "ScanRegistry.register", gas: reg, note: "with pledge transfer" });
    await f.token.connect(f.owner).approve(await f.dns.getAddress(), ethers.MaxUint256);
    await f.dns.connect(f.owner).registerUrl(2, "", "my-file", "dsp://file?hash=0xabc", "a file", 0n);
    const height = BigInt(await ethers.provider.getBlockNumber());
    const owner = await challengeGas(f, node, challenger, 1, ethers.id("no file"), abi.encode(["address"], [f.owner.address]), height);
    rows.push({ op: "ScanRegistry.challenge (file owner)", gas: owner, note: "false owner, slash and reward" });
    const dnsName = ethers.keccak256(ethers.toUtf8Bytes("dsp://my-file"));
    const dns = await challengeGas(f, node, challenger, 3, dnsName, abi.encode(["bool", "address", "string"], [true, f.owner.address, "dsp://file?hash=0xdef"]), height);
    rows.push({ op: "ScanRegistry.challenge (DNS)", gas: dns, note: "wrong link" });
    expect(await f.scanRegistry.isMember(node.address)).to.equal(true);
  });

  it("challenges a false holder list of a deal at the most copies a deal can have", async () => {
    const f = await loadFixture(deployFixture);
    const cap = Number(await f.ledger.MAX_COPIES());
    await govern(f, f.ledger, f.ledger.interface.encodeFunctionData("setSettings", [{ ...DEVNET_PARAMS.ledger, maxCopies: cap }]));
    const holders = await fundedWallets(f, cap);
    for (const [i, w] of holders.entries()) await f.registry.connect(w).register(`/ip4/127.0.0.1/tcp/${6000 + i}`, 1n << 20n, 10_000_000n);
    const file = makeFile(randomBytes(1024, "cap"), { copyNum: cap - 1 });
    const dealId = await storeAccepted(f, file, holders);
    const [listed] = await f.ledger.holdersSince(dealId);
    expect(listed.length).to.equal(cap);
    const height = BigInt(await ethers.provider.getBlockNumber());
    // Worst case: the list matches but for its last (largest) entry, so every comparison runs.
    const sorted = holders.map((w) => w.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    sorted[cap - 1] = "0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF";
    const [node] = await fundedWallets(f, 1);
    await f.token.connect(node).approve(await f.scanRegistry.getAddress(), ethers.MaxUint256);
    await f.scanRegistry.connect(node).register("/ip4/127.0.0.1/tcp/4001", 10n ** 20n);
    const gas = await challengeGas(f, node, f.reporter, 2, dealId, abi.encode(["address[]"], [sorted]), height);
    rows.push({ op: "ScanRegistry.challenge (file holders)", gas, note: `${cap} holders (MAX_COPIES), mismatch in the last one` });
    expect(gas).to.be.lessThan(1_000_000n);
  });
});

function ratio(a: bigint, b: bigint) {
  return `${(Number(a) / Number(b)).toFixed(3)}x`;
}

/**
 * One node holding `n` deals of 1 GiB: stores and accepts them in batches, then proves two of the
 * node's periods and returns the gas of each proof. The verifier here has a proving period of 1,000
 * blocks (window 100) instead of the devnet's 20, so that all the acceptances fit before the node's
 * first seed block (its set is frozen from there to the proof); the proof's gas depends on the
 * challenge count, the trees and the calldata, not on the period's length.
 */
async function provePeriods(n: number) {
  const started = Date.now();
  const params = {
    ...DEVNET_PARAMS,
    ledger: { ...DEVNET_PARAMS.ledger, acceptWindow: 2_000n },
    proving: { ...DEVNET_PARAMS.proving, period: 1_000n, window: 100n },
  };
  const f = await deployFixtureWith(params, 10_000_000n * E18);
  const node = f.nodes[0];
  await f.token.mint(node.address, BigInt(n) * 100n * E18);
  await f.registry.connect(node).register("/ip4/127.0.0.1/tcp/4001", BigInt(n) * GIB, 10_000_000n);
  const expiry = BigInt(await ethers.provider.getBlockNumber()) + 6_000n;
  const ledger = await f.ledger.getAddress();

  const files: StoredFile[] = [];
  for (let i = 0; i < n; i++) {
    files.push(gibFile(randomBytes(1024, `gas-N${n}-${i}`), { expiredHeight: expiry, proveInterval: params.proving.period }));
  }
  const treeTime = Date.now() - started;
  const stores: BatchTx[] = files.map((file) => ({
    from: f.owner, to: ledger, gasLimit: 0n,
    data: f.ledger.interface.encodeFunctionData("storeFile", [file.option, file.commit, [node.address], []]),
  }));
  // Declared gas limits decide how many fit in a block: measure one of each, with a margin.
  const storeGas = await ethers.provider.estimateGas({ from: f.owner.address, to: ledger, data: stores[0].data });
  for (const t of stores) t.gasLimit = (storeGas * 13n) / 10n;
  const stored = await sendBatched(stores, { receipts: false });
  const byDeal = new Map<string, StoredFile>();
  for (const file of files) byDeal.set(await dealIdOf(file, f.owner), file);
  const offers = await f.ledger.queryFilter(f.ledger.filters.SlotOffered(undefined, node.address), stored.fromBlock, stored.toBlock);
  expect(offers.length).to.equal(n, "every storeFile went through");
  const accepts: BatchTx[] = [...byDeal.keys()].map((id) => ({
    from: node, to: ledger, gasLimit: 0n, data: f.ledger.interface.encodeFunctionData("acceptDeal", [id]),
  }));
  const acceptGas = await ethers.provider.estimateGas({ from: node.address, to: ledger, data: accepts[0].data });
  for (const t of accepts) t.gasLimit = (acceptGas * 15n) / 10n;
  const accepted = await sendBatched(accepts, { receipts: false });
  const registration = (Date.now() - started) / 1000;

  const trees = new Map<bigint, PdpTree>();
  for (const ev of await f.ledger.queryFilter(f.ledger.filters.DealAccepted(undefined, node.address), accepted.fromBlock, accepted.toBlock)) {
    trees.set(ev.args.pieceId, byDeal.get(ev.args.dealId)!.tree);
  }
  expect(trees.size).to.equal(n, "every acceptDeal went through");
  const reader = await LogReader.of([f.ledger]);
  const [total, live] = await f.verifier.weightOf(node.address);
  expect([total, live]).to.deep.equal([BigInt(n) * (GIB / 32n), BigInt(n) * (GIB / 32n)]);
  const [, seedFrom] = await f.verifier.scheduleOf(node.address);
  expect(BigInt(await ethers.provider.getBlockNumber())).to.be.lessThan(seedFrom, "all accepted before the set froze");

  const proveOnce = async () => {
    const [period, , challenges] = await openChallenge(f, node);
    const { leaves, proof } = buildNodeProof(challenges, trees);
    const pieces = new Set(challenges.map((c) => c.pieceId)).size;
    const tx = await f.verifier.connect(node).prove(leaves, proof);
    const rc = (await tx.wait())!;
    const proven = reader.decode(rc).length; // the ledger's PeriodPaid
    expect(proven).to.be.greaterThan(0);
    return {
      gas: rc.gasUsed, period, pieces, leaves: leaves.length / 32, siblings: proof.length / 16, bytes: leaves.length + proof.length,
      floor: calldataFloor(tx.data),
    };
  };
  const first = await proveOnce();
  const next = await proveOnce();
  expect(next.period).to.equal(first.period + 1n);
  expect(first.leaves).to.equal(K);
  const note = `${first.pieces} pieces challenged, ${first.siblings} siblings, ${first.bytes} B of proof; ` +
    `${n} deals stored and accepted in ${stored.blocks + accepted.blocks} blocks, ${registration.toFixed(0)} s` +
    (n > 1 ? ` (trees ${(treeTime / 1000).toFixed(1)} s)` : "");
  console.log(`      N=${n}: first ${first.gas}, next ${next.gas} gas; ${note}`);
  return {
    first: first.gas, next: next.gas, note, pieces: first.pieces, siblings: first.siblings, proofBytes: first.bytes, floor: next.floor,
    registrationSeconds: Math.round(registration), registrationBlocks: stored.blocks + accepted.blocks,
  };
}

const abi = ethers.AbiCoder.defaultAbiCoder();

/**
 * EIP-7623's floor for a transaction with this calldata: 21,000 + 10 per token, a zero byte one token
 * and any other byte four. From Prague on a transaction pays at least this (Cancun: no floor).
 */
function calldataFloor(data: string): bigint {
  const bytes = ethers.getBytes(data);
  let tokens = 0n;
  for (const b of bytes) tokens += b === 0 ? 1n : 4n;
  return 21_000n + 10n * tokens;
}

/** Gas of challenging `answer` signed by `node` (a false claim: the challenge succeeds). */
async function challengeGas(f: Fixture, node: Signer, challenger: Signer, kind: number, subject: string, answer: string, height: bigint) {
  const claim = { kind, subject, answerHash: ethers.keccak256(answer), height };
  const { chainId } = await ethers.provider.getNetwork();
  const signature = await node.signTypedData(
    { name: "DSP ScanRegistry", version: "1", chainId, verifyingContract: await f.scanRegistry.getAddress() },
    { ScanClaim: [{ name: "kind", type: "uint8" }, { name: "subject", type: "bytes32" }, { name: "answerHash", type: "bytes32" }, { name: "height", type: "uint64" }] },
    claim,
  );
  return gasOf(f.scanRegistry.connect(challenger).challenge(claim, answer, signature));
}

/** `n` new accounts with ETH for gas and tokens, approving the node registry. */
async function fundedWallets(f: Fixture, n: number) {
  const wallets = Array.from({ length: n }, () => ethers.Wallet.createRandom().connect(ethers.provider));
  for (const w of wallets) {
    await setBalance(w.address, 10n ** 20n);
    await f.token.mint(w.address, 1_000_000n * 10n ** 18n);
    await f.token.connect(w).approve(await f.registry.getAddress(), ethers.MaxUint256);
  }
  return wallets;
}
