import { expect, AssertionError } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  deployFixture, registerNodes, makeFile, randomBytes, buildNodeProof, dealIdOf, storeAccepted, missWindow, SETTINGS, GIB,
  type StoredFile,
} from "./helpers/dsp";
import { DEVNET_PARAMS } from "../scripts/lib/deploy-dsp";
import { pdp, type PdpTree } from "./helpers/pdp";
import { rng, LogReader, sendRaw, mineTo, type Decoded, type Rng } from "./helpers/sim";

/**
 * A seeded simulation of the ledger over >= 1,000 proving periods (SIM_PERIODS, SIM_SEED): six nodes,
 * two owners storing random deals (real PDP trees of up to 4 KiB, random copies and candidates), offers
 * accepted, declined or left to lapse, deletes, expiries settled by a keeper, nodes offline for a period
 * or more (reported, slashed, some of their deals recovered to candidates, which accept only when a
 * surviving holder can give them the data), and a lying holder that drops leaves of a piece and forges
 * its proof when a challenge falls on them: the forgery must revert InvalidProof, and the period is
 * then missed. Blocks with nothing to do are skipped with hardhat_mine.
 *
 * A model of every deal, slot and node is kept from what the simulation did and checked against each
 * event: every slash is of a node that missed a period holding an accepted, live deal (and its amount
 * is what the data at stake costs); every period's reward is the sum of the rates of the node's live
 * slots; every slot released is paid exactly its rate per period proved (plus, on delete, the elapsed
 * part of its period); every deal's deposit = what its holders were paid + what went back to its
 * owner, to the wei; the ledger holds exactly the unpaid escrows and unclaimed rewards; slashes go to
 * the treasury and the reporter, to the wei.
 *
 * The seed fixes every choice the simulation makes; the challenges come from the chain's block hashes.
 * A failed check prints the simulation's last actions.
 */
const P = BigInt(DEVNET_PARAMS.proving.period);
const W = BigInt(DEVNET_PARAMS.proving.window);
const SEED_BLOCKS = 4n;
const ACCEPT_WINDOW = BigInt(SETTINGS.acceptWindow);
const SPACE_PRICE = BigInt(SETTINGS.spacePrice);
const PROOF_FEE = BigInt(SETTINGS.proofFee);
const PER_GIB = DEVNET_PARAMS.pledgePerGiB;
const MIN_SLASH = DEVNET_PARAMS.minSlash;
const SEED = Number(process.env.SIM_SEED ?? 14);
const PERIODS = BigInt(process.env.SIM_PERIODS ?? 1000);
const NODES = 6;
const GAS = 6_000_000n;
const K = DEVNET_PARAMS.proving.challenges;
const abi = ethers.AbiCoder.defaultAbiCoder();

/** ReleaseReason */
const Deleted = 0n;
const Recovered = 2n;

interface SlotM {
  node: NodeM;
  status: "offered" | "active";
  escrow: bigint;
  // offered
  until: bigint;
  decision: "accept" | "decline" | "lapse";
  actAt: bigint;
  // active
  pieceId: bigint;
  first: bigint;
  last: bigint;
  rate: bigint;
  /** what the node's proofs paid this slot so far (rate per period proved) */
  accrued: bigint;
}

interface DealM {
  id: string;
  owner: HardhatEthersSigner;
  file: StoredFile;
  size: bigint;
  copyNum: number;
  expiry: bigint;
  deposit: bigint;
  storedAt: bigint;
  slots: Map<string, SlotM>;
  /** holders' pay over their slots' lives (HolderReleased.paid), checked against the model on each release */
  paid: bigint;
  /** what went back to the owner: SlotRefunded, FileLost, FileDeleted, FileExpired */
  refunded: bigint;
  closed: string | null;
  settleAt: bigint;
  /** escrow leaving slots in the current transaction, to be matched by where it goes */
  moving: bigint;
}

interface PieceM {
  deal: DealM;
  tree: PdpTree;
  leafCount: bigint;
  /** leaves the node dropped (a lying node); null when it holds everything */
  dropped: Set<number> | null;
}

interface NodeM {
  s: HardhatEthersSigner;
  addr: string;
  liar: boolean;
  // the schedule, mirrored from the verifier's events (checked against scheduleOf now and then)
  period: bigint;
  deadline: bigint;
  /** weight in the tree (live, finished and pending removal), and the weight still to be proved (pieces
   * neither removed nor past their last period) */
  total: bigint;
  live: bigint;
  /** every piece still in the tree: live (with the data) or removed while frozen (weight pending) */
  weights: Map<bigint, bigint>;
  /** each piece's last period as added, and the live weight whose last period is the key */
  lastOf: Map<bigint, bigint>;
  ending: Map<bigint, bigint>;
  pieces: Map<bigint, PieceM>;
  /** pieces released inside a frozen range: still challenged through `last`, until compact drops them */
  leaving: Map<bigint, PieceM & { last: bigint }>;
  /** the period (and its deadline: a schedule restarted after an idle spell keeps the period number) planned */
  plannedFor: bigint;
  plannedDeadline: bigint;
  proveAt: bigint;
  /** the periods this node chose not to prove, and why */
  skipped: Map<bigint, string>;
  offlineStreak: number;
  faulted: boolean;
  pledge: bigint;
  topUp: bigint;
  rewards: bigint;
  claimed: bigint;
}

/** Cheap assertions for the model's hot path (chai's bigint matchers cost more than the transactions). */
function eq<T>(actual: T, expected: T, what = "") {
  if (actual !== expected) throw new AssertionError(`${what}: expected ${expected}, got ${actual}`, { actual, expected });
}
function ok(cond: boolean, what = "") {
  if (!cond) throw new AssertionError(what || "assertion failed", { actual: cond, expected: true });
}

const seedFrom = (n: NodeM) => n.deadline - W - SEED_BLOCKS + 1n;
const opensAfter = (n: NodeM) => n.deadline - W;
const periodStart = (n: NodeM) => n.deadline - P;
const frozenAt = (n: NodeM, block: bigint) => n.total !== 0n && block >= seedFrom(n);
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

describe("Conservation: a simulated network over many proving periods", () => {
  it(`conserves money to the wei and slashes only nodes that failed to prove what they accepted (seed ${SEED}, ${PERIODS} periods)`, async function () {
    this.timeout(900_000);
    const started = Date.now();
    const f = await loadFixture(deployFixture);
    const signers = await registerNodes(f, NODES);
    const r: Rng = rng(SEED);
    const reader = await LogReader.of([f.ledger, f.verifier, f.registry]);
    const ledgerAddr = await f.ledger.getAddress();
    const verifierAddr = await f.verifier.getAddress();
    const registryAddr = await f.registry.getAddress();
    const owners = [f.owner, f.other];
    const keeper = f.reporter;
    const treasury = await f.registry.treasury();
    const required = await f.registry.requiredPledge(f.volume);

    const nodes: NodeM[] = signers.map((s, i) => ({
      s, addr: s.address, liar: i === NODES - 1, period: 0n, deadline: 0n, total: 0n, live: 0n,
      weights: new Map(), lastOf: new Map(), ending: new Map(), pieces: new Map(), leaving: new Map(), plannedFor: -1n, plannedDeadline: 0n, proveAt: 0n, skipped: new Map(), offlineStreak: 0,
      faulted: false, pledge: required, topUp: 0n, rewards: 0n, claimed: 0n,
    }));
    const byAddr = new Map(nodes.map((n) => [n.addr, n]));
    const deals = new Map<string, DealM>();
    const allDeals: DealM[] = [];
    const dataPool: { data: Uint8Array; owner: HardhatEthersSigner }[] = [];
    const stats = {
      stored: 0, offers: 0, accepted: 0, declined: 0, lapsed: 0, deleted: 0, expired: 0, lost: 0, recovered: 0, slotRefunds: 0,
      proofs: 0, emptyProofs: 0, forgedRejected: 0, faults: 0, allSkippedReports: 0, offlinePeriods: 0, claims: 0, compacts: 0,
      nodePeriods: 0, sameBytesTwoOwners: 0, challengeChecks: 0,
    };
    let slashTotal = 0n;
    let toReporterTotal = 0n;
    let deposits = 0n;
    let refundsOut = 0n;
    let claimedOut = 0n;
    const treasury0 = await f.token.balanceOf(treasury);
    const keeper0 = await f.token.balanceOf(keeper.address);
    const owner0 = new Map(await Promise.all(owners.map(async (o) => [o.address, await f.token.balanceOf(o.address)] as const)));
    const ownerFlow = new Map(owners.map((o) => [o.address, 0n]));

    let now = BigInt(await ethers.provider.getBlockNumber());
    const start = now;
    const end = start + PERIODS * P;

    // ------------------------------------------------------------------ events into the model

    function apply(events: Decoded[], block: bigint) {
      for (const e of events) {
        const a = e.args;
        switch (e.name) {
          case "FileStored": {
            const d = deals.get(a.dealId)!;
            ok(d !== undefined, "a FileStored for a deal the simulation stored");
            // docs/fees.md, computed here independently of the contract
            const duration = d.expiry - block;
            const kib = d.size === 0n ? 1n : ceilDiv(d.size, 1024n);
            const perSlot = kib * duration * SPACE_PRICE + (duration / P) * PROOF_FEE;
            eq(a.info.deposit, perSlot * BigInt(d.copyNum + 1), "deposit = (copyNum + 1) * perSlot");
            d.deposit = a.info.deposit;
            d.storedAt = block;
            deposits += d.deposit;
            ownerFlow.set(d.owner.address, ownerFlow.get(d.owner.address)! - d.deposit);
            break;
          }
          case "SlotOffered": {
            const d = deals.get(a.dealId)!;
            const node = byAddr.get(a.node)!;
            if (block === d.storedAt) {
              eq(a.escrow, d.deposit / BigInt(d.copyNum + 1), "an offer at store time holds one slot's share");
            } else {
              eq(a.escrow, d.moving, "a slot passed on keeps its unpaid escrow");
              d.moving = 0n;
            }
            eq(a.until, block + ACCEPT_WINDOW);
            stats.offers++;
            d.slots.set(node.addr, {
              node, status: "offered", escrow: a.escrow, until: a.until, ...decide(d, node, block, a.until),
              pieceId: 0n, first: 0n, last: 0n, rate: 0n, accrued: 0n,
            });
            break;
          }
          case "DealAccepted": {
            const d = deals.get(a.dealId)!;
            const node = byAddr.get(a.node)!;
            const slot = d.slots.get(node.addr)!;
            eq(slot.status, "offered");
            eq(a.firstPeriod, node.period, "a deal is proved from the node's current period");
            // the last period is the last one whose deadline is at or before the deal's expiry
            const [first, last] = [a.firstPeriod as bigint, a.lastPeriod as bigint];
            const lastDeadline = node.deadline + (last - first) * P;
            ok(lastDeadline <= d.expiry && d.expiry < lastDeadline + P, "last period ends by the expiry");
            eq(a.rate, slot.escrow / (last - first + 1n), "rate = escrow / periods");
            Object.assign(slot, { status: "active", pieceId: a.pieceId, first: a.firstPeriod, last: a.lastPeriod, rate: a.rate, accrued: 0n });
            node.pieces.set(a.pieceId, { deal: d, tree: d.file.tree, leafCount: BigInt(d.file.tree.leafCount), dropped: null });
            stats.accepted++;
            break;
          }
          case "OfferWithdrawn": {
            const d = deals.get(a.dealId)!;
            const slot = d.slots.get(a.node)!;
            eq(slot.status, "offered");
            d.moving += slot.escrow;
            d.slots.delete(a.node);
            if (a.lapsed) stats.lapsed++;
            else if (!d.closed) stats.declined++;
            break;
          }
          case "HolderReleased": {
            const d = deals.get(a.dealId)!;
            const node = byAddr.get(a.node)!;
            const slot = d.slots.get(node.addr)!;
            eq(slot.status, "active");
            let extra = 0n;
            if (a.reason === Deleted && node.period <= slot.last && node.period >= slot.first && block > periodStart(node) && block <= node.deadline) {
              // the elapsed part of the node's current period (nothing once its deadline passed unproved)
              extra = (slot.rate * (block - periodStart(node))) / P;
              if (extra > slot.escrow - slot.accrued) extra = slot.escrow - slot.accrued;
              node.rewards += extra;
            }
            eq(a.paid, slot.accrued + extra, `slot of ${node.addr} in ${d.id}: paid = rate * periods proved (+ elapsed part on delete)`);
            eq(a.left, slot.escrow - a.paid);
            d.paid += a.paid;
            d.moving += a.left;
            d.slots.delete(node.addr);
            const held = node.pieces.get(slot.pieceId)!;
            node.pieces.delete(slot.pieceId);
            // inside the frozen range the piece stays challenged through the current period: the node keeps the data
            if (frozenAt(node, block)) node.leaving.set(slot.pieceId, { ...held, last: slot.last < node.period ? slot.last : node.period });
            if (a.reason === Recovered) stats.recovered++;
            break;
          }
          case "SlotRefunded": {
            const d = deals.get(a.dealId)!;
            eq(a.amount, d.moving, "a slot nobody takes over goes back whole");
            refund(d, a.amount);
            stats.slotRefunds++;
            break;
          }
          case "FileLost": case "FileDeleted": case "FileExpired": {
            const d = deals.get(a.dealId)!;
            eq(a.refund, d.moving, `${e.name}: the refund is every slot's unpaid escrow`);
            eq(d.slots.size, 0, "no slot survives the deal");
            refund(d, a.refund);
            d.closed = e.name;
            deals.delete(d.id);
            if (e.name === "FileLost") stats.lost++;
            if (e.name === "FileDeleted") stats.deleted++;
            if (e.name === "FileExpired") stats.expired++;
            break;
          }
          case "PeriodPaid": {
            const node = byAddr.get(a.node)!;
            eq(a.period, node.period);
            let expected = 0n;
            for (const slot of activeSlots(node)) {
              if (slot.last >= a.period) {
                expected += slot.rate;
                slot.accrued += slot.rate;
              }
            }
            eq(a.reward, expected, `period ${a.period} of ${node.addr}: reward = sum of its live slots' rates`);
            node.rewards += a.reward;
            break;
          }
          case "PeriodProven": case "PeriodMissed": {
            const node = byAddr.get(a.node)!;
            eq(a.period, node.period, "periods are proved or missed one after another");
            if (e.name === "PeriodProven") node.faulted = false;
            // pieces whose last period this was are no longer owed a proof
            node.live -= node.ending.get(node.period) ?? 0n;
            node.ending.delete(node.period);
            node.period += 1n;
            node.deadline += P;
            stats.nodePeriods++;
            break;
          }
          case "NodeFaulted": {
            const node = byAddr.get(a.node)!;
            node.faulted = true;
            stats.faults++;
            break;
          }
          case "NodeSlashed": {
            const node = byAddr.get(a.node)!;
            const fault = events.find((x) => x.name === "NodeFaulted" && x.args.node === node.addr);
            ok(fault !== undefined, "a slash comes only with a fault report");
            const period = fault!.args.period as bigint;
            // (a) the node chose not to prove this period, and it held an accepted deal live in it (an active
            // slot whose periods include it: data released or finished does not get a node slashed)
            ok(node.skipped.has(period), `${node.addr} slashed for period ${period}, which it did not skip\n${trace(node)}`);
            const live = activeSlots(node).filter((s) => s.first <= period && s.last >= period).length;
            ok(live > 0, `${node.addr} slashed for period ${period} without a live accepted deal\n${trace(node)}`);
            // in proportion to the bytes it holds, never below minSlash, never more than its pledge
            const used = activeSlots(node).reduce((sum, s) => sum + deals.get(dealOf(s))!.size, 0n);
            let amount = ceilDiv(used * PER_GIB, GIB);
            if (amount < MIN_SLASH) amount = MIN_SLASH;
            if (amount > node.pledge) amount = node.pledge;
            eq(a.amount, amount, "slash = slashAmount(bytes at stake)");
            eq(a.toReporter, (amount * BigInt(DEVNET_PARAMS.reporterShareBps)) / 10_000n);
            node.pledge -= a.amount;
            eq(a.pledgeLeft, node.pledge);
            node.topUp += a.amount;
            slashTotal += a.amount;
            toReporterTotal += a.toReporter;
            break;
          }
          case "ScheduleStarted": {
            const node = byAddr.get(a.node)!;
            eq(node.total, 0n, "a schedule restarts only when the set is empty");
            eq(a.period, node.period);
            eq(a.deadline, block + P);
            node.deadline = a.deadline;
            break;
          }
          case "PieceAdded": {
            const node = byAddr.get(a.node)!;
            node.weights.set(a.pieceId, a.leafCount);
            node.lastOf.set(a.pieceId, a.lastPeriod);
            node.ending.set(a.lastPeriod, (node.ending.get(a.lastPeriod) ?? 0n) + a.leafCount);
            node.total += a.leafCount;
            node.live += a.leafCount;
            break;
          }
          case "PieceRemoved": {
            const node = byAddr.get(a.node)!;
            const w = node.weights.get(a.pieceId)!;
            if (w === undefined) throw new Error(`PieceRemoved(${node.addr}, ${a.pieceId}, ${a.weightRemoved}) of a piece not in the tree: ${[...node.weights.keys()]} ${events.map((x) => x.name)}`);
            const last = node.lastOf.get(a.pieceId)!;
            // a removal's first event takes a piece not yet past its last period out of the live weight;
            // compact only drops weight
            if (!compacting && last >= node.period) {
              node.live -= w;
              node.ending.set(last, node.ending.get(last)! - w);
            }
            if (a.weightRemoved) {
              node.total -= w;
              node.weights.delete(a.pieceId);
              node.lastOf.delete(a.pieceId);
              node.leaving.delete(a.pieceId);
            }
            break;
          }
          case "RewardsClaimed": {
            const node = byAddr.get(a.node)!;
            eq(a.amount, node.rewards);
            node.claimed += a.amount;
            claimedOut += a.amount;
            node.rewards = 0n;
            stats.claims++;
            break;
          }
          case "PledgeAdded": {
            const node = byAddr.get(a.node)!;
            node.pledge += a.amount;
            eq(a.pledge, node.pledge);
            break;
          }
          default:
            break;
        }
      }
    }
    let compacting = false;

    function refund(d: DealM, amount: bigint) {
      d.refunded += amount;
      d.moving = 0n;
      refundsOut += amount;
      ownerFlow.set(d.owner.address, ownerFlow.get(d.owner.address)! + amount);
    }

    function activeSlots(node: NodeM): SlotM[] {
      const out: SlotM[] = [];
      for (const p of node.pieces.values()) {
        const slot = p.deal.slots.get(node.addr);
        if (slot && slot.status === "active") out.push(slot);
      }
      return out;
    }
    function dealOf(slot: SlotM): string {
      for (const p of slot.node.pieces.values()) if (p.deal.slots.get(slot.node.addr) === slot) return p.deal.id;
      throw new Error("slot without deal");
    }

    /** What `node` will do with an offer of `d`: a recovery offer is taken only if some holder can serve the data. */
    function decide(d: DealM, node: NodeM, block: bigint, until: bigint): Pick<SlotM, "decision" | "actAt"> {
      const recovery = block !== d.storedAt;
      const source = [...d.slots.values()].some((s) => s.status === "active" && !byAddrPiece(s)?.dropped);
      let decision: SlotM["decision"];
      if (recovery && !source) decision = r.chance(0.5) ? "decline" : "lapse";
      else decision = r.chance(0.8) ? "accept" : r.chance(0.5) ? "decline" : "lapse";
      const actAt = decision === "lapse" ? until + BigInt(r.int(0, 8)) : block + BigInt(r.int(1, decision === "accept" ? 12 : 30));
      return { decision, actAt };
    }
    function byAddrPiece(s: SlotM) {
      return s.node.pieces.get(s.pieceId);
    }

    /** The last actions, to tell what led to a failed check. */
    const recent: string[] = [];
    function note(what: string) {
      recent.push(`${now}: ${what}`);
      if (recent.length > 60) recent.shift();
    }
    function trace(node: NodeM) {
      return `node ${node.addr}: period ${node.period} deadline ${node.deadline} plannedFor ${node.plannedFor} proveAt ${node.proveAt} ` +
        `total ${node.total} live ${node.live} now ${now}\n${recent.join("\n")}`;
    }

    async function send(from: HardhatEthersSigner, to: string, data: string) {
      note(`${from.address.slice(0, 6)} ${selectors.get(data.slice(0, 10))}`);
      const rc = await sendRaw(from.address, to, data, GAS);
      now = BigInt(rc.block);
      const events = reader.decode(rc);
      apply(events, now);
      return events;
    }
    const L = f.ledger.interface;
    const V = f.verifier.interface;
    const R = f.registry.interface;
    const selectors = new Map<string, string>();
    for (const i of [L, V, R]) i.forEachFunction((fn) => selectors.set(fn.selector, fn.name));

    // ------------------------------------------------------------------ actions

    async function store() {
      const owner = r.pick(owners);
      let data: Uint8Array;
      const reuse = dataPool.length > 0 && r.chance(0.08) ? r.pick(dataPool) : undefined;
      if (reuse) {
        data = reuse.data;
      } else {
        const size = r.chance(0.05) ? 0 : r.int(1, 4096);
        data = randomBytes(size, `sim-${SEED}-${stats.stored}-${allDeals.length}`);
        dataPool.push({ data, owner });
        if (dataPool.length > 50) dataPool.shift();
      }
      const copyNum = r.int(0, 2);
      const picked = r.sample(nodes, copyNum + 1 + r.int(0, 2));
      const offered = picked.slice(0, copyNum + 1);
      const candidates = picked.slice(copyNum + 1);
      const lifetime = BigInt(r.int(Number(ACCEPT_WINDOW + 2n * P) + 1, 45 * Number(P)));
      const expiry = now + 1n + lifetime;
      const file = makeFile(data, { copyNum, expiredHeight: expiry });
      const id = await dealIdOf(file, owner);
      if (deals.has(id)) return; // this owner already has a live deal for these bytes
      if (reuse && reuse.owner !== owner) stats.sameBytesTwoOwners++;
      const d: DealM = {
        id, owner, file, size: BigInt(data.length), copyNum, expiry, deposit: 0n, storedAt: 0n, slots: new Map(),
        paid: 0n, refunded: 0n, closed: null, settleAt: expiry + 1n + BigInt(r.int(0, 40)), moving: 0n,
      };
      deals.set(id, d);
      allDeals.push(d);
      stats.stored++;
      await send(owner, ledgerAddr, L.encodeFunctionData("storeFile", [file.option, file.commit, offered.map((n) => n.addr), candidates.map((n) => n.addr)]));
      expect(d.slots.size).to.equal(copyNum + 1);
    }

    /**
     * Plans `node`'s current period once: prove in the first blocks of the window (an honest node leaves
     * itself room: other nodes' proofs and the keeper's reports take blocks too), or stay offline, or
     * (the liar) corrupt a piece.
     */
    function plan(node: NodeM) {
      if ((node.plannedFor === node.period && node.plannedDeadline === node.deadline) || node.total === 0n) return;
      node.plannedFor = node.period;
      node.plannedDeadline = node.deadline;
      node.skipped.delete(node.period); // a plan of the same period under the schedule before a restart
      node.proveAt = opensAfter(node) + 1n + BigInt(r.int(0, 2));
      const hasLive = activeSlots(node).some((s) => s.last >= node.period);
      const offline = hasLive && (node.offlineStreak > 0 ? r.chance(0.35) : r.chance(0.025));
      node.offlineStreak = offline ? node.offlineStreak + 1 : 0;
      if (offline) {
        node.skipped.set(node.period, "offline");
        stats.offlinePeriods++;
      }
      if (node.liar && hasLive && r.chance(0.08)) {
        const live = [...node.pieces.values()].filter((p) => !p.dropped);
        if (live.length) {
          const p = r.pick(live);
          const n = Number(p.leafCount);
          p.dropped = new Set(r.sample([...Array(n).keys()], Math.max(1, Math.ceil(n / 2))));
        }
      }
    }

    async function prove(node: NodeM) {
      const { period, seed, challenges } = await challengesOf(node);
      if (stats.proofs % 50 === 0) {
        // the verifier's own view of the same challenges (an eth_call costs as much as a transaction here)
        const [p, sd, cs] = await f.verifier.challengeOf(node.addr);
        if (sd !== seed) {
          const [, sf] = await f.verifier.scheduleOf(node.addr);
          const hs = [];
          for (let b = sf - 2n; b <= sf + 5n; b++) hs.push((await network.provider.send("eth_getBlockByNumber", [ethers.toQuantity(b), false])).hash);
          console.log("seedFrom chain", sf, "model", seedFrom(node), "now", now);
          for (let o = 0; o < 5; o++) {
            const sd2 = ethers.keccak256(abi.encode(["bytes32", "bytes32", "bytes32", "bytes32", "address", "uint32"], [hs[o], hs[o + 1], hs[o + 2], hs[o + 3], node.addr, node.period]));
            console.log(o - 2, sd2 === sd);
          }
        }
        expect([p, sd]).to.deep.equal([period, seed]);
        expect(cs.map((c) => [c.position, c.pieceId, c.leafIndex, c.skip])).to.deep.equal(
          challenges.map((c) => [c.position, c.pieceId, c.leafIndex, c.skip]));
        stats.challengeChecks++;
      }
      const held = (id: bigint) => node.pieces.get(id) ?? node.leaving.get(id);
      const treeOf = (id: bigint) => {
        const p = held(id);
        if (!p) throw new Error(`node ${node.addr} challenged on piece ${id} it does not hold`);
        return p.tree;
      };
      // A lying node cannot answer a challenge on a leaf it dropped: it forges that leaf.
      const forged = challenges.filter((c) => !c.skip && held(c.pieceId)?.dropped?.has(Number(c.leafIndex)));
      if (forged.length) {
        const fake = (id: bigint): PdpTree => {
          const p = held(id)!;
          if (!p.dropped) return p.tree;
          return {
            leafCount: p.tree.leafCount, depth: p.tree.depth, root: p.tree.root,
            node: (l, i) => p.tree.node(l, i),
            leaf: (i) => (p.dropped!.has(i) ? randomBytes(32, `forged-${node.addr}-${period}-${i}`) : p.tree.leaf(i)),
          };
        };
        const { leaves, proof } = buildNodeProof(challenges, fake);
        // sent for real: the transaction is mined and reverts InvalidProof on the first piece it forged
        let reverted: ReturnType<typeof V.parseError> = null;
        try {
          await sendRaw(node.addr, verifierAddr, V.encodeFunctionData("prove", [leaves, proof]), GAS);
        } catch (e) {
          reverted = V.parseError((e as { data?: string }).data ?? "0x");
        }
        now = BigInt(await ethers.provider.getBlockNumber());
        expect(reverted?.name, "a forged proof is refused").to.equal("InvalidProof");
        expect([reverted!.args.node, reverted!.args.period, reverted!.args.pieceId]).to.deep.equal([node.addr, period, forged[0].pieceId]);
        expect(reverted!.args.expectedRoot).to.not.equal(reverted!.args.computedRoot);
        stats.forgedRejected++;
        node.skipped.set(node.period, "lied");
        return;
      }
      const { leaves, proof } = buildNodeProof(challenges, treeOf);
      if (leaves.length === 0) stats.emptyProofs++;
      await send(node.s, verifierAddr, V.encodeFunctionData("prove", [leaves, proof]));
      stats.proofs++;
    }

    /**
     * The node's challenges for its current period as docs/proofs.md defines them, computed here from
     * the block hashes and the model's proof set: seed = keccak256(abi.encode(blockhash(s .. s+3),
     * node, period)), positions stratified over the set's weight, each in the piece whose range (ids
     * in order, each as wide as its leaves) holds it; skipped when removed or past its last period.
     */
    async function challengesOf(node: NodeM) {
      const s = seedFrom(node);
      const hashes = await Promise.all([0n, 1n, 2n, 3n].map(async (i) => blockHash(s + i)));
      const seed = ethers.keccak256(abi.encode(["bytes32", "bytes32", "bytes32", "bytes32", "address", "uint32"], [...hashes, node.addr, node.period]));
      const ids = [...node.weights.keys()].sort((x, y) => (x < y ? -1 : 1));
      const challenges = pdp().challengeIndices(seed, Number(node.total), K).map((x) => {
        let at = BigInt(x);
        for (const id of ids) {
          const w = node.weights.get(id)!;
          if (at < w) {
            const slot = node.pieces.get(id)?.deal.slots.get(node.addr);
            const last = slot ? slot.last : node.leaving.get(id)?.last ?? -1n;
            return { position: BigInt(x), pieceId: id, leafIndex: at, skip: last < node.period };
          }
          at -= w;
        }
        throw new Error(`position ${x} past the weight ${node.total} of ${node.addr}`);
      });
      return { period: node.period, seed, challenges };
    }

    const hashCache = new Map<bigint, string>();
    async function blockHash(b: bigint): Promise<string> {
      let h = hashCache.get(b);
      if (!h) {
        h = (await network.provider.send("eth_getBlockByNumber", [ethers.toQuantity(b), false])).hash as string;
        hashCache.set(b, h);
      }
      return h;
    }

    async function report(node: NodeM) {
      const missed = node.period;
      const events = await send(keeper, verifierAddr, V.encodeFunctionData("reportMissed", [node.addr]));
      const proven = events.some((e) => e.name === "PeriodProven");
      if (proven) {
        stats.allSkippedReports++;
      } else {
        expect(node.skipped.has(missed), `${node.addr} reported for period ${missed}, which it meant to prove`).to.equal(true);
        // the keeper recovers some of the faulted node's deals; a lying node's corrupt piece always
        for (const p of [...node.pieces.values()]) {
          if (p.dropped || r.chance(0.5)) recoverQueue.push({ node, deal: p.deal, at: now + BigInt(r.int(0, 3)) });
        }
      }
    }
    const recoverQueue: { node: NodeM; deal: DealM; at: bigint }[] = [];

    // ------------------------------------------------------------------ the loop

    let nextStore = now + 1n;
    let nextDelete = now + 30n;
    let nextClaim = now + 50n;
    let nextCheck = now + 50n * P;
    let drained = false;

    const due: (() => Promise<boolean>)[] = [
      // 1. reports of overdue periods (every node with something in its tree must prove each period)
      async () => {
        for (const n of nodes) {
          if (n.total !== 0n && now >= n.deadline) {
            await report(n);
            return true;
          }
        }
        return false;
      },
      // 2. proofs, the nearest deadline first (six nodes may share a window of ten blocks)
      async () => {
        let next: NodeM | undefined;
        for (const n of nodes) {
          plan(n);
          if (n.total === 0n || n.plannedDeadline !== n.deadline || n.skipped.has(n.period)) continue;
          if (now >= n.proveAt && now > opensAfter(n) && now + 1n <= n.deadline && (!next || n.deadline < next.deadline)) next = n;
        }
        if (!next) return false;
        await prove(next);
        return true;
      },
      // 3. a slashed node tops its pledge back up
      async () => {
        for (const n of nodes) {
          if (n.topUp !== 0n) {
            const amount = n.topUp;
            n.topUp = 0n;
            await send(n.s, registryAddr, R.encodeFunctionData("addPledge", [amount]));
            return true;
          }
        }
        return false;
      },
      // 4. recoveries queued by the keeper (only while the node is still faulted)
      async () => {
        const i = recoverQueue.findIndex((q) => now >= q.at);
        if (i < 0) return false;
        const [{ node, deal }] = recoverQueue.splice(i, 1);
        const slot = deal.slots.get(node.addr);
        if (!node.faulted || deal.closed || !slot || slot.status !== "active") return true;
        await send(keeper, ledgerAddr, L.encodeFunctionData("recover", [deal.id, node.addr]));
        return true;
      },
      // 5. offers: accept (when the node's set is open), decline, or lapse (the keeper, after the window)
      async () => {
        for (const d of deals.values()) {
          for (const slot of d.slots.values()) {
            if (slot.status !== "offered" || now < slot.actAt) continue;
            const node = slot.node;
            if (slot.decision === "lapse" || (slot.decision === "accept" && now + 1n > slot.until)) {
              if (now + 1n <= slot.until) continue;
              await send(keeper, ledgerAddr, L.encodeFunctionData("lapseOffer", [d.id, node.addr]));
              return true;
            }
            if (slot.decision === "decline") {
              await send(node.s, ledgerAddr, L.encodeFunctionData("declineDeal", [d.id]));
              return true;
            }
            // accept: not while the set is frozen, and only if the deal still has a period to prove in
            const landing = now + 1n;
            if (frozenAt(node, landing) || node.pledge < required) continue;
            const firstDeadline = node.total === 0n ? landing + P : node.deadline;
            if (d.expiry < firstDeadline) {
              slot.decision = "decline";
              continue;
            }
            await send(node.s, ledgerAddr, L.encodeFunctionData("acceptDeal", [d.id]));
            return true;
          }
        }
        return false;
      },
      // 6. settlement of expired deals
      async () => {
        for (const d of deals.values()) {
          if (now >= d.settleAt && now + 1n > d.expiry) {
            await send(keeper, ledgerAddr, L.encodeFunctionData("settleExpired", [d.id]));
            return true;
          }
        }
        return false;
      },
      // 7. compaction of weight left by removals in a frozen range
      async () => {
        for (const n of nodes) {
          if (n.leaving.size > 0 && !frozenAt(n, now + 1n) && r.chance(0.3)) {
            compacting = true;
            try {
              await send(keeper, verifierAddr, V.encodeFunctionData("compact", [n.addr, 16]));
            } finally {
              compacting = false;
            }
            stats.compacts++;
            return true;
          }
        }
        return false;
      },
      // 8. owners: new deals, deletes; nodes: claims
      async () => {
        if (now >= nextStore && now < end) {
          nextStore = now + BigInt(r.int(1, 80));
          await store();
          return true;
        }
        if (now >= nextDelete) {
          nextDelete = now + BigInt(r.int(1, 100));
          const live = [...deals.values()];
          if (live.length) {
            const owner = r.pick(owners);
            const ownDeals = live.filter((d) => d.owner === owner);
            const chosen = r.sample(ownDeals, r.chance(0.2) ? 2 : 1);
            if (chosen.length) {
              await send(owner, ledgerAddr, L.encodeFunctionData("deleteFiles", [chosen.map((d) => d.id)]));
              return true;
            }
          }
        }
        if (now >= nextClaim) {
          nextClaim = now + BigInt(r.int(1, 200));
          const n = r.pick(nodes);
          if (n.rewards > 0n) {
            await send(n.s, ledgerAddr, L.encodeFunctionData("claimRewards", [n.addr]));
            return true;
          }
        }
        return false;
      },
    ];

    /** The next block at which something may be due, to skip the empty ones. */
    function nextInteresting(): bigint {
      let t = now + P;
      const at = (b: bigint) => {
        if (b > now && b < t) t = b;
      };
      for (const n of nodes) {
        if (n.total === 0n) continue;
        at(n.deadline);
        at(n.proveAt > opensAfter(n) ? n.proveAt : opensAfter(n) + 1n);
      }
      for (const d of deals.values()) {
        at(d.settleAt);
        for (const s of d.slots.values()) if (s.status === "offered") {
          at(s.actAt);
          at(s.until);
        }
      }
      for (const q of recoverQueue) at(q.at);
      if (now < end) at(nextStore);
      at(nextDelete);
      at(nextClaim);
      return t;
    }

    while (true) {
      let acted = false;
      for (const step of due) {
        if (await step()) {
          acted = true;
          break;
        }
      }
      if (acted) continue;
      if (now >= nextCheck) {
        nextCheck = now + 100n * P;
        await checkBalances();
      }
      if (now >= end && !drained) {
        // wind down: no new deals; the owners delete what would outlive the run by much
        drained = true;
        for (const owner of owners) {
          const far = [...deals.values()].filter((d) => d.owner === owner && d.expiry > now + 10n * P).map((d) => d.id);
          if (far.length) await send(owner, ledgerAddr, L.encodeFunctionData("deleteFiles", [far]));
        }
        continue;
      }
      if (drained && deals.size === 0) break;
      const target = nextInteresting();
      note(`mine to ${target}`);
      await mineTo(target);
      now = BigInt(await ethers.provider.getBlockNumber());
    }

    // ------------------------------------------------------------------ final checks

    // every node's schedule as the model has it
    for (const n of nodes) {
      const [period, , , deadline] = await f.verifier.scheduleOf(n.addr);
      const [total, live] = await f.verifier.weightOf(n.addr);
      expect([period, total, live]).to.deep.equal([n.period, n.total, n.live]);
      if (n.total !== 0n || n.deadline !== 0n) expect(deadline).to.equal(n.deadline);
    }
    // (b) per deal: deposit = holders' pay + refunds, to the wei
    for (const d of allDeals) {
      expect(d.closed, `deal ${d.id} ended`).to.not.equal(null);
      expect(d.deposit, `deal ${d.id}: deposit = paid ${d.paid} + refunded ${d.refunded}`).to.equal(d.paid + d.refunded);
    }
    const paidTotal = allDeals.reduce((s, d) => s + d.paid, 0n);
    const earned = nodes.reduce((s, n) => s + n.rewards + n.claimed, 0n);
    expect(earned, "what the nodes earned is what the deals paid").to.equal(paidTotal);
    expect(deposits).to.equal(paidTotal + refundsOut);
    await checkBalances();
    // every node claims what is left: the ledger ends empty
    for (const n of nodes) {
      if (n.rewards > 0n) await send(n.s, ledgerAddr, L.encodeFunctionData("claimRewards", [n.addr]));
    }
    expect(await f.token.balanceOf(ledgerAddr)).to.equal(0n);
    for (const n of nodes) expect(await f.token.balanceOf(n.addr)).to.be.greaterThan(0n);

    const chainPeriods = (now - start) / P;
    console.log(`      seed ${SEED}: ${chainPeriods} periods of ${P} blocks (${now - start} blocks), ${stats.nodePeriods} node-periods, ` +
      `${stats.proofs} proofs (${stats.emptyProofs} empty), ${stats.faults} faults (${stats.offlinePeriods} offline periods, ` +
      `${stats.forgedRejected} forged proofs rejected), ` +
      `${stats.allSkippedReports} reports of periods with nothing live to prove, ${stats.stored} deals`);
    console.log(`      offers ${stats.offers}: ${stats.accepted} accepted, ${stats.declined} declined, ${stats.lapsed} lapsed; ` +
      `${stats.recovered} recovered, ${stats.slotRefunds} slots refunded; ${stats.deleted} deleted, ${stats.expired} expired, ${stats.lost} lost; ` +
      `${stats.sameBytesTwoOwners} same bytes under two owners; ${stats.claims} claims, ${stats.compacts} compactions; ` +
      `${stats.challengeChecks} challenge sets checked against challengeOf`);
    console.log(`      deposits ${ethers.formatEther(deposits)} DSP = paid ${ethers.formatEther(paidTotal)} + refunded ${ethers.formatEther(refundsOut)}; ` +
      `slashed ${ethers.formatEther(slashTotal)} DSP (reporter ${ethers.formatEther(toReporterTotal)}); ${((Date.now() - started) / 1000).toFixed(0)} s`);

    // the run took every path
    expect(chainPeriods).to.be.greaterThanOrEqual(PERIODS);
    for (const k of ["accepted", "declined", "lapsed", "deleted", "expired", "recovered", "proofs", "faults", "forgedRejected", "offlinePeriods"] as const) {
      expect(stats[k], k).to.be.greaterThan(0);
    }

    async function checkBalances() {
      // the ledger holds the escrow not yet paid or refunded of every live deal, and the unclaimed rewards
      let unpaid = 0n;
      for (const d of deals.values()) {
        let accrued = 0n;
        for (const s of d.slots.values()) accrued += s.accrued;
        unpaid += d.deposit - d.paid - d.refunded - accrued;
      }
      let unclaimed = 0n;
      for (const n of nodes) {
        expect(await f.ledger.rewardsOf(n.addr), `rewards of ${n.addr}`).to.equal(n.rewards);
        unclaimed += n.rewards;
      }
      expect(await f.token.balanceOf(ledgerAddr), "ledger balance = unpaid escrows + unclaimed rewards").to.equal(unpaid + unclaimed);
      expect(deposits - refundsOut - claimedOut).to.equal(unpaid + unclaimed);
      // slashes: out of the pledges, into the treasury and the reporter's wallet
      let pledges = 0n;
      for (const n of nodes) {
        expect((await f.registry.getNode(n.addr)).pledge).to.equal(n.pledge);
        pledges += n.pledge;
      }
      expect(await f.token.balanceOf(registryAddr)).to.equal(pledges);
      expect((await f.token.balanceOf(treasury)) - treasury0).to.equal(slashTotal - toReporterTotal, "treasury share");
      expect((await f.token.balanceOf(keeper.address)) - keeper0).to.equal(toReporterTotal, "reporter share");
      for (const o of owners) expect((await f.token.balanceOf(o.address)) - owner0.get(o.address)!).to.equal(ownerFlow.get(o.address));
    }
  });
});

describe("Conservation: recovery only of deals a faulted node held when it missed", () => {
  // Found by this property test: recover() used to check only that the node's last period was missed, not
  // that the deal was accepted before it, so a deal a faulted node accepted afterwards could be taken from it.
  it("refuses to recover a deal the node accepted after the period it missed", async () => {
    const f = await loadFixture(deployFixture);
    const [a, b] = await registerNodes(f, 2);
    const old = makeFile(randomBytes(500, "fault-old"), { copyNum: 0 });
    const oldDeal = await storeAccepted(f, old, [a], [b]);
    await missWindow(f, a);
    await f.verifier.connect(f.reporter).reportMissed(a.address);
    await f.registry.connect(a).addPledge(MIN_SLASH);
    await f.ledger.connect(f.reporter).recover(oldDeal, a.address);
    const [, , faulted] = await f.ledger.nodeAccount(a.address);
    expect(faulted).to.equal(0n, "a missed period 0 and has not proved since");
    // a accepts a new deal after its miss: the new deal was never at risk
    const fresh = makeFile(randomBytes(500, "fault-new"), { copyNum: 0 });
    const freshDeal = await storeAccepted(f, fresh, [a], [b]);
    await expect(f.ledger.connect(f.reporter).recover(freshDeal, a.address))
      .to.be.revertedWithCustomError(f.ledger, "NodeNotFaulted").withArgs(a.address);
  });
});
