/**
 * What each contract event does to the indexed state. Handlers are synchronous and run against a
 * WorkingSet loaded beforehand; `needsOf` says which rows an event reads or writes, derived from
 * its argument names (every event of ours names its keys: dealId, fileHash, node, headerHash, ...).
 *
 * Deals (ledger v2): a FileStored opens a Deal row (seq = how many times the dealId was stored
 * before) and later events of the dealId change the newest one. Slots follow SlotOffered,
 * DealAccepted, OfferWithdrawn and HolderReleased; the proof set follows PieceAdded / PieceRemoved;
 * a node's periods are the verifier's PeriodProven / PeriodMissed, its account the ledger's
 * PeriodPaid / NodeFaulted.
 */
import { hexlify } from "ethers";
import type { EventArgs } from "./abi.js";
import type { DecodedEvent } from "./decode.js";
import { Needs, type DealRows, type WorkingSet } from "./state.js";

const ZERO = "0x0000000000000000000000000000000000000000";
const NODE_STATUS = ["None", "Active", "Quit"] as const;
/** FileTypes.sol ReleaseReason, as stored in Slot.reason. */
export const RELEASE_REASON = ["deleted", "expired", "recovered", "lost"] as const;

const s = (v: unknown) => (typeof v === "bigint" ? v.toString() : String(v));
const low = (v: unknown) => String(v).toLowerCase();
const add = (a: string, b: unknown) => (BigInt(a) + BigInt(b as bigint)).toString();
const sub = (a: string, b: unknown) => (BigInt(a) - BigInt(b as bigint)).toString();

const has = (args: EventArgs, name: string) => args[name] !== undefined;

/** The proof-set piece row's key. */
export const pieceKey = (node: string, pieceId: unknown) => `${low(node)}/${Number(pieceId)}`;

export function settingKey(ev: DecodedEvent) {
  return `${ev.contract}.${ev.name}`;
}

/** Events whose whole content is a governance setting, stored as JSON under `contract.Event`. */
const SETTING_EVENTS = new Set(["SettingsChanged", "ModulesSet", "PledgeParamsSet", "FeesSet", "TreasurySet", "LedgerSet", "ScanParamsSet"]);

export function needsOf(events: DecodedEvent[]): Needs {
  const needs = new Needs();
  for (const ev of events) {
    const a = ev.args;
    if (SETTING_EVENTS.has(ev.name)) needs.add("setting", settingKey(ev));
    if (has(a, "dealId")) needs.deals.add(low(a.dealId));
    // FileWhitelist's bytes32 key (named fileHash there) is the dealId.
    if (ev.contract === "whitelist" && has(a, "fileHash")) needs.deals.add(low(a.fileHash));
    else if (has(a, "fileHash")) needs.add("file", low(a.fileHash));
    // The ScanRegistry's `node` is a SCAN server, not an FS node.
    if (ev.contract === "scanRegistry") {
      if (has(a, "node")) needs.add("scanNode", low(a.node));
    } else if (has(a, "node")) needs.add("node", low(a.node));
    if (ev.contract === "verifier" && has(a, "pieceId")) needs.add("piece", pieceKey(a.node, a.pieceId));
    if (ev.contract === "userSpace" && has(a, "owner")) needs.add("userSpace", low(a.owner));
    if (has(a, "headerHash")) needs.add("dnsHeader", low(a.headerHash));
    if (has(a, "nameHash")) needs.add("dnsUrl", low(a.nameHash));
    if (has(a, "channelId")) needs.add("channel", low(a.channelId));
    if (ev.name === "AccountBound") needs.add("account", low(a.evm));
  }
  return needs;
}

type Handler = (ev: DecodedEvent, ws: WorkingSet) => void;

function settingJson(args: EventArgs) {
  return JSON.stringify(args, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

const setting: Handler = (ev, ws) => ws.put("setting", { key: settingKey(ev), value: settingJson(ev.args) });

function nodeOrBlank(ws: WorkingSet, address: string, blockNumber: bigint) {
  return ws.get("node", address) ?? {
    address, hostAddr: "", volume: "0", restVolume: "0", serviceTime: "0", liveFiles: "0", status: "None",
    pledge: "0", slashed: "0", rewards: "0", claimed: "0", registeredAt: blockNumber,
    provenPeriods: 0, faultedPeriod: null, period: 0, schedulePeriod: null, scheduleDeadline: null, weightTotal: "0", pieces: 0,
  };
}

const registry: Record<string, Handler> = {
  NodeRegistered: ({ args: a, blockNumber }, ws) => {
    const address = low(a.node);
    const prev = nodeOrBlank(ws, address, blockNumber);
    ws.put("node", {
      ...prev, hostAddr: a.hostAddr, volume: s(a.volume), restVolume: s(a.volume), serviceTime: s(a.serviceTime),
      liveFiles: "0", status: "Active", pledge: s(a.pledge), registeredAt: blockNumber,
    });
  },
  NodeUpdated: ({ args: a }, ws) => ws.patch("node", low(a.node), () => ({
    hostAddr: a.hostAddr, volume: s(a.volume), restVolume: s(a.restVolume), serviceTime: s(a.serviceTime), pledge: s(a.pledge),
  })),
  PledgeAdded: ({ args: a }, ws) => ws.patch("node", low(a.node), () => ({ pledge: s(a.pledge) })),
  NodeUnregistered: ({ args: a }, ws) => ws.patch("node", low(a.node), () => ({ status: NODE_STATUS[2] })),
  // The registry forgets a withdrawn node; we keep its history (rewards, slashes) under status Withdrawn.
  NodeWithdrawn: ({ args: a }, ws) => ws.patch("node", low(a.node), () => ({ status: "Withdrawn", pledge: "0", volume: "0", restVolume: "0", serviceTime: "0" })),
  VolumeAllocated: ({ args: a }, ws) => ws.patch("node", low(a.node), () => ({ restVolume: s(a.restVolume), liveFiles: s(a.liveFiles) })),
  VolumeReleased: ({ args: a }, ws) => ws.patch("node", low(a.node), () => ({ restVolume: s(a.restVolume), liveFiles: s(a.liveFiles) })),
  NodeSlashed: ({ args: a }, ws) => ws.patch("node", low(a.node), (n) => ({ pledge: s(a.pledgeLeft), slashed: add(n.slashed, a.amount) })),
  PledgeParamsSet: setting,
};

/** The newest Deal row of a dealId: the one every event after its FileStored speaks of. */
function current(ws: WorkingSet, dealId: string): DealRows["deal"] | undefined {
  let newest: DealRows["deal"] | undefined;
  for (const d of ws.rowsOf("deal", dealId).values()) if (!newest || d.seq > newest.seq) newest = d;
  return newest;
}

function slotOf(ws: WorkingSet, deal: DealRows["deal"], node: string) {
  return ws.rowsOf("slot", deal.dealId).get(`${deal.seq}/${node}`);
}

function patchDeal(ws: WorkingSet, dealId: string, change: (d: DealRows["deal"]) => Partial<DealRows["deal"]>) {
  const d = current(ws, dealId);
  if (d) ws.putIn("deal", { ...d, ...change(d) });
  return d;
}

function patchSlot(ws: WorkingSet, dealId: string, node: string, change: (x: DealRows["slot"]) => Partial<DealRows["slot"]>) {
  const d = current(ws, dealId);
  const slot = d && slotOf(ws, d, node);
  if (slot) ws.putIn("slot", { ...slot, ...change(slot) });
  return slot;
}

/** Marks the deal's candidates up to and including `upTo` (or all) as used, as FileLedger's nextCandidate moves. */
function useCandidates(ws: WorkingSet, deal: DealRows["deal"], upTo?: string) {
  const rows = [...ws.rowsOf("candidate", deal.dealId).values()].filter((c) => c.seq === deal.seq).sort((x, y) => x.position - y.position);
  const stop = upTo === undefined ? rows.length : rows.findIndex((c) => c.node === upTo) + 1;
  for (const c of rows.slice(0, stop)) if (!c.used) ws.putIn("candidate", { ...c, used: true });
}

/**
 * What one transaction leaves for its later events: the slot a node just left, which the
 * SlotOffered after it passes on (FileLedger._passOn), and the offers withdrawn by a close, whose
 * reason only the FileDeleted or FileExpired after them tells.
 */
interface TxMemo {
  txHash: string;
  passedOn: Map<string, string>;
  closing: { dealId: string; node: string }[];
}
const memos = new WeakMap<WorkingSet, TxMemo>();
function memo(ws: WorkingSet, txHash: string): TxMemo {
  let m = memos.get(ws);
  if (!m || m.txHash !== txHash) memos.set(ws, (m = { txHash, passedOn: new Map(), closing: [] }));
  return m;
}

function endDeal(ws: WorkingSet, ev: DecodedEvent, reason: string, refund: unknown) {
  const dealId = low(ev.args.dealId);
  const d = current(ws, dealId);
  if (!d || !d.valid) return;
  ws.putIn("deal", { ...d, valid: false, endReason: reason, refund: s(refund), endedBlock: ev.blockNumber });
  ws.patch("file", d.fileHash, (f) => ({ liveDeals: f.liveDeals - 1 }));
  useCandidates(ws, d);
  const m = memo(ws, ev.txHash);
  // FileLost comes after a decline or lapse passed on to nobody: that reason stands
  if (reason !== "lost") for (const c of m.closing.filter((x) => x.dealId === dealId)) patchSlot(ws, dealId, c.node, () => ({ reason }));
  passedOn(m, dealId);
}

/** The slot left in this transaction was passed on (or refunded, or the deal closed): forget it. */
function passedOn(m: TxMemo, dealId: string) {
  const node = m.passedOn.get(dealId) ?? null;
  m.passedOn.delete(dealId);
  m.closing = m.closing.filter((x) => x.dealId !== dealId);
  return node;
}

const ledger: Record<string, Handler> = {
  FileStored: ({ args: a, blockNumber }, ws) => {
    const dealId = low(a.dealId);
    const fileHash = low(a.fileHash);
    const i = a.info;
    const seq = (current(ws, dealId)?.seq ?? -1) + 1;
    ws.putIn("deal", {
      dealId, seq, fileHash, owner: low(a.owner), fileDesc: hexlify(i.fileDesc), privilege: Number(i.privilege), copyNum: Number(i.copyNum),
      storageType: Number(i.storageType), encrypted: i.encrypted, share: i.share, valid: i.validFlag, blockNum: s(i.blockNum),
      blockSize: s(i.blockSize), realFileSize: s(i.realFileSize), proveInterval: s(i.proveInterval), expiredHeight: s(i.expiredHeight),
      blockHeight: s(i.blockHeight), leafCount: s(i.leafCount), dataRoot: low(i.dataRoot), blocksRoot: low(i.blocksRoot),
      deposit: s(i.deposit), dnsUrl: a.dnsUrl, endReason: null, refund: null, refunded: "0", storedBlock: blockNumber, endedBlock: null,
    });
    const f = ws.get("file", fileHash);
    ws.put("file", f ? { ...f, deals: f.deals + 1, liveDeals: f.liveDeals + 1 } : { fileHash, storedBlock: blockNumber, deals: 1, liveDeals: 1 });
    (a.candidates as string[]).forEach((node, position) => ws.putIn("candidate", { dealId, seq, position, node: low(node), used: false }));
  },
  SlotOffered: ({ args: a, blockNumber, txHash }, ws) => {
    const dealId = low(a.dealId);
    const node = low(a.node);
    const d = current(ws, dealId);
    if (!d) return;
    const replaced = passedOn(memo(ws, txHash), dealId);
    if ([...ws.rowsOf("candidate", dealId).values()].some((c) => c.seq === d.seq && c.node === node)) useCandidates(ws, d, node);
    ws.putIn("slot", {
      dealId, seq: d.seq, node, fileHash: d.fileHash, status: "offered", offeredUntil: s(a.until), escrow: s(a.escrow), offeredBlock: blockNumber,
      replaced, pieceId: null, firstPeriod: null, lastPeriod: null, rate: null, startCount: null, acceptedBlock: null, paid: null, left: null, reason: null, endedBlock: null,
    });
  },
  DealAccepted: ({ args: a, blockNumber }, ws) => {
    const node = low(a.node);
    patchSlot(ws, low(a.dealId), node, () => ({
      status: "active", pieceId: Number(a.pieceId), firstPeriod: Number(a.firstPeriod), lastPeriod: Number(a.lastPeriod), rate: s(a.rate),
      startCount: ws.get("node", node)?.provenPeriods ?? 0, acceptedBlock: blockNumber,
    }));
  },
  OfferWithdrawn: ({ args: a, blockNumber, txHash }, ws) => {
    const dealId = low(a.dealId);
    const node = low(a.node);
    const slot = patchSlot(ws, dealId, node, () => ({ status: "withdrawn", reason: a.lapsed ? "lapsed" : "declined", endedBlock: blockNumber }));
    if (!slot) return;
    const m = memo(ws, txHash);
    m.passedOn.set(dealId, node);
    // a close withdraws the offers left with lapsed = false too: its FileDeleted / FileExpired names the reason
    if (!a.lapsed) m.closing.push({ dealId, node });
  },
  HolderReleased: ({ args: a, blockNumber, txHash }, ws) => {
    const dealId = low(a.dealId);
    const node = low(a.node);
    const reason = RELEASE_REASON[Number(a.reason)] ?? String(a.reason);
    const slot = patchSlot(ws, dealId, node, () => ({ status: "released", reason, paid: s(a.paid), left: s(a.left), endedBlock: blockNumber }));
    if (slot && reason === "recovered") memo(ws, txHash).passedOn.set(dealId, node);
    // A deletion pays the holder the elapsed part of its current period on top of its proved periods, with no
    // PeriodPaid: what `paid` holds beyond rate x periods proved since it accepted (FileLedger._settleSlot). Only
    // while the slot's last period is still ahead: once it closed, nothing is prorated.
    const n = ws.get("node", node);
    if (slot && reason === "deleted" && n && slot.rate !== null && slot.startCount !== null && slot.lastPeriod !== null && n.period <= slot.lastPeriod) {
      const extra = BigInt(a.paid) - BigInt(slot.rate) * BigInt(n.provenPeriods - slot.startCount);
      if (extra > 0n) ws.patch("node", node, (x) => ({ rewards: add(x.rewards, extra) }));
    }
  },
  SlotRefunded: ({ args: a, txHash }, ws) => {
    const dealId = low(a.dealId);
    const d = patchDeal(ws, dealId, (x) => ({ refunded: add(x.refunded, a.amount) }));
    if (d) useCandidates(ws, d);
    passedOn(memo(ws, txHash), dealId);
  },
  FileLost: (ev, ws) => endDeal(ws, ev, "lost", ev.args.refund),
  FileDeleted: (ev, ws) => endDeal(ws, ev, "deleted", ev.args.refund),
  FileExpired: (ev, ws) => endDeal(ws, ev, "expired", ev.args.refund),
  PrivilegeChanged: ({ args: a }, ws) => void patchDeal(ws, low(a.dealId), () => ({ privilege: Number(a.privilege) })),
  PeriodPaid: ({ args: a }, ws) => ws.patch("node", low(a.node), (n) => ({
    rewards: add(n.rewards, a.reward), provenPeriods: n.provenPeriods + 1, faultedPeriod: null,
  })),
  NodeFaulted: ({ args: a, blockNumber, logIndex, txHash }, ws) => {
    const node = low(a.node);
    ws.patch("node", node, () => ({ faultedPeriod: Number(a.period) }));
    ws.append("fault", { node, period: Number(a.period), reporter: low(a.reporter), slashed: s(a.slashed), blockNumber, logIndex, txHash });
  },
  RewardsClaimed: ({ args: a, blockNumber, logIndex, txHash }, ws) => {
    const node = low(a.node);
    ws.patch("node", node, (n) => ({ rewards: "0", claimed: add(n.claimed, a.amount) }));
    ws.append("rewardClaim", { node, to: low(a.to), amount: s(a.amount), blockNumber, logIndex, txHash });
  },
  SettingsChanged: setting,
  ModulesSet: setting,
};

const verifier: Record<string, Handler> = {
  ScheduleStarted: ({ args: a }, ws) => ws.patch("node", low(a.node), () => ({
    period: Number(a.period), schedulePeriod: Number(a.period), scheduleDeadline: s(a.deadline),
  })),
  PieceAdded: ({ args: a, blockNumber }, ws) => {
    const node = low(a.node);
    const key = pieceKey(node, a.pieceId);
    ws.put("piece", {
      key, node, pieceId: Number(a.pieceId), dealId: low(a.dealId), dataRoot: low(a.dataRoot), leafCount: s(a.leafCount),
      lastPeriod: Number(a.lastPeriod), removed: false, addedBlock: blockNumber,
    });
    ws.patch("node", node, (n) => ({ weightTotal: add(n.weightTotal, a.leafCount), pieces: n.pieces + 1 }));
  },
  // With its weight (now, or later by compact): gone from the tree. Without (the set was frozen): no longer live,
  // still in the tree and challenged through the current period, which becomes its last (PDPVerifier.removePiece).
  PieceRemoved: ({ args: a }, ws) => {
    const node = low(a.node);
    const key = pieceKey(node, a.pieceId);
    const p = ws.get("piece", key);
    if (!p) return;
    if (a.weightRemoved) {
      ws.remove("piece", key);
      ws.patch("node", node, (n) => ({ weightTotal: sub(n.weightTotal, p.leafCount), pieces: n.pieces - 1 }));
    } else {
      const period = ws.get("node", node)?.period ?? p.lastPeriod;
      ws.put("piece", { ...p, removed: true, lastPeriod: Math.min(p.lastPeriod, period) });
    }
  },
  PeriodProven: ({ args: a, blockNumber, logIndex, txHash }, ws) => {
    const node = low(a.node);
    ws.append("period", {
      node, period: Number(a.period), proven: true, reward: s(a.reward), challenged: Number(a.challenged), skipped: Number(a.skipped), slashed: "0",
      reporter: null, blockNumber, logIndex, txHash,
    });
    ws.patch("node", node, () => ({ period: Number(a.period) + 1 }));
  },
  PeriodMissed: ({ args: a, blockNumber, logIndex, txHash }, ws) => {
    const node = low(a.node);
    ws.append("period", {
      node, period: Number(a.period), proven: false, reward: "0", challenged: 0, skipped: 0, slashed: s(a.slashed), reporter: low(a.reporter),
      blockNumber, logIndex, txHash,
    });
    ws.patch("node", node, () => ({ period: Number(a.period) + 1 }));
  },
};

// FileWhitelist's key, named fileHash there, is the dealId.
const whitelist: Record<string, Handler> = {
  WhitelistRuleSet: ({ args: a }, ws) => ws.putIn("whitelistRule", {
    dealId: low(a.fileHash), addr: low(a.addr), fromHeight: s(a.fromHeight), toHeight: s(a.toHeight),
  }),
  WhitelistRuleRemoved: ({ args: a }, ws) => ws.removeIn("whitelistRule", low(a.fileHash), low(a.addr)),
  WhitelistCleared: ({ args: a }, ws) => ws.removeIn("whitelistRule", low(a.fileHash)),
};

const userSpace: Record<string, Handler> = {
  UserSpaceUpdated: ({ args: a }, ws) => ws.put("userSpace", {
    owner: low(a.owner), totalBytes: s(a.totalBytes), usedBytes: s(a.usedBytes), expiredHeight: s(a.expiredHeight), balance: s(a.balance),
  }),
  UserSpaceRevoked: ({ args: a }, ws) => ws.remove("userSpace", low(a.owner)),
  LedgerSet: setting,
};

const accounts: Record<string, Handler> = {
  AccountBound: ({ args: a, blockNumber }, ws) => ws.put("account", {
    evm: low(a.evm), dsp: low(a.dsp), compressedKey: low(a.compressedKey), blockNumber,
  }),
};

const dns: Record<string, Handler> = {
  HeaderRegistered: ({ args: a }, ws) => {
    const headerHash = low(a.headerHash);
    const prev = ws.get("dnsHeader", headerHash);
    ws.put("dnsHeader", {
      headerHash, name: a.header, owner: low(a.owner), desc: a.desc, expiredHeight: s(a.expiredHeight),
      generation: s(a.generation), reserved: prev?.reserved ?? false,
    });
  },
  HeaderRenewed: ({ args: a }, ws) => ws.patch("dnsHeader", low(a.headerHash), () => ({ expiredHeight: s(a.newExpiredHeight) })),
  HeaderUpdated: ({ args: a }, ws) => ws.patch("dnsHeader", low(a.headerHash), () => ({ desc: a.desc })),
  HeaderTransferred: ({ args: a }, ws) => ws.patch("dnsHeader", low(a.headerHash), () => ({ owner: low(a.to) })),
  // DNSRegistry.deleteHeader clears owner and description and keeps the generation.
  HeaderDeleted: ({ args: a }, ws) => ws.patch("dnsHeader", low(a.headerHash), () => ({ owner: ZERO, desc: "" })),
  ReservedSet: ({ args: a }, ws) => {
    const headerHash = low(a.headerHash);
    const prev = ws.get("dnsHeader", headerHash);
    ws.put("dnsHeader", prev ? { ...prev, reserved: a.reserved } : {
      headerHash, name: a.header, owner: ZERO, desc: "", expiredHeight: "0", generation: "0", reserved: a.reserved,
    });
  },
  UrlRegistered: ({ args: a }, ws) => ws.put("dnsUrl", {
    nameHash: low(a.nameHash), header: a.header, url: a.url, owner: low(a.owner), link: a.link, desc: a.desc, mode: Number(a.mode),
    ttl: s(a.ttl), expiredHeight: s(a.expiredHeight), headerGeneration: s(a.headerGeneration), deleted: false,
  }),
  UrlUpdated: ({ args: a }, ws) => ws.patch("dnsUrl", low(a.nameHash), () => ({
    owner: low(a.owner), link: a.link, desc: a.desc, ttl: s(a.ttl), expiredHeight: s(a.expiredHeight),
  })),
  UrlTransferred: ({ args: a }, ws) => ws.patch("dnsUrl", low(a.nameHash), () => ({ owner: low(a.to) })),
  UrlDeleted: ({ args: a }, ws) => ws.patch("dnsUrl", low(a.nameHash), () => ({ deleted: true })),
  FeesSet: setting,
  TreasurySet: setting,
};

const channels: Record<string, Handler> = {
  ChannelOpened: ({ args: a }, ws) => ws.put("channel", {
    channelId: low(a.channelId), sender: low(a.sender), recipient: low(a.recipient), deposit: s(a.deposit), collected: "0",
    closingAmount: "0", closesAt: "0", challengePeriod: s(a.challengePeriod), status: "Open", refunded: "0",
  }),
  ChannelToppedUp: ({ args: a }, ws) => ws.patch("channel", low(a.channelId), () => ({ deposit: s(a.deposit) })),
  Collected: ({ args: a }, ws) => ws.patch("channel", low(a.channelId), () => ({ collected: s(a.cumulativeAmount) })),
  CloseStarted: ({ args: a }, ws) => ws.patch("channel", low(a.channelId), () => ({
    closingAmount: s(a.cumulativeAmount), closesAt: s(a.closesAt), status: "Closing",
  })),
  Challenged: ({ args: a }, ws) => ws.patch("channel", low(a.channelId), () => ({ closingAmount: s(a.cumulativeAmount) })),
  // The recipient's immediate close sets the closing amount in the same call: the event carries it.
  ChannelSettled: ({ args: a }, ws) => ws.patch("channel", low(a.channelId), () => ({
    collected: s(a.cumulativeAmount), closingAmount: s(a.cumulativeAmount), refunded: s(a.refundedToSender), status: "Settled",
  })),
};

const scanRegistry: Record<string, Handler> = {
  ScanNodeRegistered: ({ args: a, blockNumber }, ws) => {
    const address = low(a.node);
    // A withdrawn node may register again: its slashing history stays.
    ws.put("scanNode", {
      address, hostAddr: a.hostAddr, pledge: s(a.pledge), slashed: ws.get("scanNode", address)?.slashed ?? "0", status: "Active",
      registeredAt: blockNumber, quitAt: "0", withdrawableAt: "0",
    });
  },
  ScanNodeUpdated: ({ args: a }, ws) => ws.patch("scanNode", low(a.node), () => ({ hostAddr: a.hostAddr })),
  ScanPledgeAdded: ({ args: a }, ws) => ws.patch("scanNode", low(a.node), () => ({ pledge: s(a.pledge) })),
  ScanPledgeReduced: ({ args: a }, ws) => ws.patch("scanNode", low(a.node), () => ({ pledge: s(a.pledge) })),
  ScanNodeQuit: ({ args: a }, ws) => ws.patch("scanNode", low(a.node), () => ({
    status: "Quitting", quitAt: s(a.quitAt), withdrawableAt: s(a.withdrawableAt),
  })),
  // The registry forgets a withdrawn node; we keep its row (and slashes) under status Withdrawn.
  ScanNodeWithdrawn: ({ args: a }, ws) => ws.patch("scanNode", low(a.node), () => ({ status: "Withdrawn", pledge: "0" })),
  ScanNodeSlashed: ({ args: a, blockNumber, logIndex, txHash }, ws) => {
    const node = low(a.node);
    ws.patch("scanNode", node, (n) => ({ pledge: s(a.pledgeLeft), slashed: add(n.slashed, a.amount) }));
    ws.append("scanSlash", {
      node, challenger: low(a.challenger), claimDigest: low(a.claimDigest), amount: s(a.amount), reward: s(a.reward), blockNumber, logIndex, txHash,
    });
  },
  ScanParamsSet: setting,
};

const HANDLERS: Record<string, Record<string, Handler>> = { registry, ledger, verifier, whitelist, userSpace, accounts, dns, channels, scanRegistry };

/** Applies `events` (already in chain order) to `ws`. Events we do not index (role changes, ...) are skipped. */
export function applyEvents(events: DecodedEvent[], ws: WorkingSet) {
  for (const ev of events) HANDLERS[ev.contract]?.[ev.name]?.(ev, ws);
}

/** Event names the indexer understands, per contract (for docs and tests). */
export const INDEXED_EVENTS = Object.fromEntries(Object.entries(HANDLERS).map(([c, h]) => [c, Object.keys(h)]));
