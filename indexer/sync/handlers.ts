/**
 * What each contract event does to the indexed state. Handlers are synchronous and run against a
 * WorkingSet loaded beforehand; `needsOf` says which rows an event reads or writes, derived from
 * its argument names (every event of ours names its keys: fileHash, node, headerHash, ...).
 */
import { hexlify } from "ethers";
import type { EventArgs } from "./abi.js";
import type { DecodedEvent } from "./decode.js";
import { Needs, type FileRows, type WorkingSet } from "./state.js";

const ZERO = "0x0000000000000000000000000000000000000000";
const NODE_STATUS = ["None", "Active", "Quit"] as const;

const s = (v: unknown) => (typeof v === "bigint" ? v.toString() : String(v));
const low = (v: unknown) => String(v).toLowerCase();
const add = (a: string, b: unknown) => (BigInt(a) + BigInt(b as bigint)).toString();
const sub = (a: string, b: unknown) => (BigInt(a) - BigInt(b as bigint)).toString();

/** Names of address arguments that are FS nodes (rows of Node). */
const NODE_ARGS = ["node", "candidate", "failed"];

const has = (args: EventArgs, name: string) => args[name] !== undefined;

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
    if (has(a, "fileHash")) {
      needs.add("file", low(a.fileHash));
      needs.files.add(low(a.fileHash));
    }
    // The ScanRegistry's `node` is a SCAN server, not an FS node.
    if (ev.contract === "scanRegistry") {
      if (has(a, "node")) needs.add("scanNode", low(a.node));
    } else for (const n of NODE_ARGS) if (has(a, n)) needs.add("node", low(a[n]));
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

function holderPatch(ws: WorkingSet, fileHash: string, node: string, change: Partial<FileRows["holder"]>) {
  const rows = ws.rowsOf("holder", fileHash);
  const h = rows.get(node);
  if (h) ws.putIn("holder", { ...h, ...change });
}

/** Marks candidates up to and including `upTo` (or all) as tried, as FileLedger's nextCandidate does. */
function useCandidates(ws: WorkingSet, fileHash: string, upTo?: string) {
  const rows = [...ws.rowsOf("candidate", fileHash).values()].sort((x, y) => x.position - y.position);
  const stop = upTo === undefined ? rows.length : rows.findIndex((c) => c.node === upTo) + 1;
  for (const c of rows.slice(0, stop)) if (!c.used) ws.putIn("candidate", { ...c, used: true });
}

/** RecoveryAssigned precedes the candidate's HolderAssigned in the same transaction. */
const pendingRecovery = new WeakMap<WorkingSet, Map<string, string>>();

function endFile(ws: WorkingSet, fileHash: string, reason: string, refund: unknown) {
  ws.patch("file", fileHash, () => ({ valid: false, endReason: reason, refund: s(refund) }));
  for (const h of ws.rowsOf("holder", fileHash).values()) {
    if (h.active) ws.putIn("holder", { ...h, active: false, escrow: "0" });
  }
}

const ledger: Record<string, Handler> = {
  FileStored: ({ args: a, blockNumber }, ws) => {
    const fileHash = low(a.fileHash);
    const i = a.info;
    ws.put("file", {
      fileHash, owner: low(a.owner), fileDesc: hexlify(i.fileDesc), privilege: Number(i.privilege), copyNum: Number(i.copyNum),
      storageType: Number(i.storageType), encrypted: i.encrypted, share: i.share, valid: i.validFlag, blockNum: s(i.blockNum),
      blockSize: s(i.blockSize), realFileSize: s(i.realFileSize), proveInterval: s(i.proveInterval), proveTimes: s(i.proveTimes),
      challengeCount: Number(i.challengeCount), proofWindow: Number(i.proofWindow), expiredHeight: s(i.expiredHeight),
      blockHeight: s(i.blockHeight), leafCount: s(i.leafCount), dataRoot: low(i.dataRoot), blocksRoot: low(i.blocksRoot),
      deposit: s(i.deposit), dnsUrl: a.dnsUrl, endReason: null, refund: null, underReplicated: false, storedBlock: blockNumber,
    });
    // A hash can be stored again after deletion: the new record starts from scratch.
    ws.removeIn("candidate", fileHash);
    (a.candidateNodes as string[]).forEach((node, position) => ws.putIn("candidate", { fileHash, position, node: low(node), used: false }));
  },
  HolderAssigned: ({ args: a, blockNumber }, ws) => {
    const fileHash = low(a.fileHash);
    const node = low(a.node);
    const replaced = pendingRecovery.get(ws)?.get(`${fileHash}/${node}`) ?? null;
    ws.putIn("holder", {
      fileHash, node, started: false, active: true, proofsDone: "0", proofsLeft: s(a.proofsLeft), escrow: s(a.escrow),
      nextChallenge: s(a.firstChallenge), replaced, assignedBlock: blockNumber,
    });
  },
  HolderStarted: ({ args: a }, ws) => holderPatch(ws, low(a.fileHash), low(a.node), { started: true }),
  ProofRewarded: ({ args: a }, ws) => {
    const fileHash = low(a.fileHash);
    const node = low(a.node);
    const h = ws.rowsOf("holder", fileHash).get(node);
    if (h) {
      ws.putIn("holder", {
        ...h, proofsDone: s(a.proofsDone), proofsLeft: s(a.proofsLeft), nextChallenge: s(a.nextChallenge), escrow: sub(h.escrow, a.reward),
      });
    }
    ws.patch("node", node, (n) => ({ rewards: add(n.rewards, a.reward) }));
  },
  HolderFaulted: ({ args: a, blockNumber, logIndex, txHash }, ws) => {
    const fileHash = low(a.fileHash);
    const node = low(a.node);
    holderPatch(ws, fileHash, node, { active: false, escrow: "0" });
    ws.append("fault", {
      fileHash, node, reporter: low(a.reporter), missedChallenge: s(a.missedChallenge), escrowMoved: s(a.escrowMoved), slashed: "0",
      blockNumber, logIndex, txHash,
    });
  },
  RecoveryAssigned: ({ args: a }, ws) => {
    const fileHash = low(a.fileHash);
    const candidate = low(a.candidate);
    useCandidates(ws, fileHash, candidate);
    let pending = pendingRecovery.get(ws);
    if (!pending) pendingRecovery.set(ws, (pending = new Map()));
    pending.set(`${fileHash}/${candidate}`, low(a.failed));
  },
  FileUnderReplicated: ({ args: a }, ws) => {
    useCandidates(ws, low(a.fileHash));
    ws.patch("file", low(a.fileHash), () => ({ underReplicated: true }));
  },
  PrivilegeChanged: ({ args: a }, ws) => ws.patch("file", low(a.fileHash), () => ({ privilege: Number(a.privilege) })),
  FileDeleted: ({ args: a }, ws) => endFile(ws, low(a.fileHash), "deleted", a.refund),
  FileExpired: ({ args: a }, ws) => endFile(ws, low(a.fileHash), "expired", a.refund),
  RewardsClaimed: ({ args: a, blockNumber, logIndex, txHash }, ws) => {
    const node = low(a.node);
    ws.patch("node", node, (n) => ({ rewards: "0", claimed: add(n.claimed, a.amount) }));
    ws.append("rewardClaim", { node, to: low(a.to), amount: s(a.amount), blockNumber, logIndex, txHash });
  },
  SettingsChanged: setting,
  ModulesSet: setting,
};

const verifier: Record<string, Handler> = {
  PossessionProven: ({ args: a, blockNumber, logIndex, txHash }, ws) => ws.append("proof", {
    fileHash: low(a.fileHash), node: low(a.node), challengeHeight: s(a.challengeHeight), proofIndex: s(a.proofIndex),
    reward: s(a.reward), blockNumber, logIndex, txHash,
  }),
  // The ledger's HolderFaulted of the same report came first in this transaction: complete it.
  ProofMissed: ({ args: a, txHash }, ws) => {
    const fileHash = low(a.fileHash);
    const node = low(a.node);
    const faults = ws.appendedRows("fault");
    for (let i = faults.length - 1; i >= 0; i--) {
      const f = faults[i];
      if (f.txHash === txHash && f.fileHash === fileHash && f.node === node) {
        f.slashed = s(a.slashed);
        return;
      }
    }
  },
};

const whitelist: Record<string, Handler> = {
  WhitelistRuleSet: ({ args: a }, ws) => ws.putIn("whitelistRule", {
    fileHash: low(a.fileHash), addr: low(a.addr), fromHeight: s(a.fromHeight), toHeight: s(a.toHeight),
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
