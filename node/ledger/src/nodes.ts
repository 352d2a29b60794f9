/**
 * FS nodes in the NodeRegistry: register (approving the pledge its volume requires), update,
 * unregister, withdraw the pledge, claim proof rewards, and status. Failures carry the spec's node
 * codes (REST 55030-55034) unless the revert has its own (a short balance is 40006).
 */
import type { Ledger } from "./connect.js";
import { NODE_STATUS } from "./names.js";
import { evmAddress, hostAddr, uint } from "./input.js";
import { ensureAllowance } from "./token.js";
import { query, transact, type TxOptions } from "./tx.js";

const REST = "rest_error" as const;
const REGISTER = { what: "register node", code: 55030, table: REST };
const UNREGISTER = { what: "unregister node", code: 55031, table: REST };
const UPDATE = { what: "update node", code: 55032, table: REST };
const WITHDRAW = { what: "withdraw node pledge", code: 55033, table: REST };
const CLAIM = { what: "claim proof rewards", code: 55033, table: REST };
const QUERY = { what: "query node", code: 55034, table: REST };

export { NODE_STATUS };
export type NodeStatusName = (typeof NODE_STATUS)[number];

export interface NodeSettings {
  /** libp2p multiaddr peers dial */
  hostAddr: string;
  /** bytes offered */
  volume: bigint | number | string;
  /** block height until which the node serves */
  serviceTime: bigint | number | string;
}

export interface NodeStatus {
  address: string;
  status: NodeStatusName;
  hostAddr: string;
  volume: bigint;
  restVolume: bigint;
  serviceTime: bigint;
  maxFileExpiry: bigint;
  liveFiles: bigint;
  registeredAt: bigint;
  pledge: bigint;
  /** pledge the current volume requires; below it the node takes no new file */
  requiredPledge: bigint;
  /** proof rewards not yet claimed */
  rewards: bigint;
}

function settings(s: NodeSettings) {
  return { hostAddr: hostAddr(s.hostAddr), volume: uint(s.volume, "volume", { min: 1n }), serviceTime: uint(s.serviceTime, "service time", { min: 1n }) };
}

/** Registers the signer as a node, approving the pledge first. */
export async function registerNode(ledger: Ledger, s: NodeSettings, opts?: TxOptions): Promise<NodeStatus> {
  const me = ledger.address(REGISTER.what);
  const { hostAddr, volume, serviceTime } = settings(s);
  const r = ledger.contracts.registry;
  const pledge = await query(REGISTER, "NodeRegistry", () => r.requiredPledge(volume));
  await ensureAllowance(ledger, await r.getAddress(), pledge, opts);
  await transact(REGISTER, "NodeRegistry", () => r.register(hostAddr, volume, serviceTime), opts);
  return nodeStatus(ledger, me);
}

/** Changes address, volume and service time; a larger volume's extra pledge is approved first. */
export async function updateNode(ledger: Ledger, s: NodeSettings, opts?: TxOptions): Promise<NodeStatus> {
  const me = ledger.address(UPDATE.what);
  const { hostAddr, volume, serviceTime } = settings(s);
  const r = ledger.contracts.registry;
  const [required, node] = await query(UPDATE, "NodeRegistry", () => Promise.all([r.requiredPledge(volume), r.getNode(me)]));
  if (required > node.pledge) await ensureAllowance(ledger, await r.getAddress(), required - node.pledge, opts);
  await transact(UPDATE, "NodeRegistry", () => r.update(hostAddr, volume, serviceTime), opts);
  return nodeStatus(ledger, me);
}

/** Stops new assignments; the node keeps proving what it holds. */
export async function unregisterNode(ledger: Ledger, opts?: TxOptions): Promise<NodeStatus> {
  const me = ledger.address(UNREGISTER.what);
  await transact(UNREGISTER, "NodeRegistry", () => ledger.contracts.registry.unregister(), opts);
  return nodeStatus(ledger, me);
}

/** Returns the pledge of an unregistered node holding no live file. Returns the amount. */
export async function withdrawNode(ledger: Ledger, opts?: TxOptions): Promise<bigint> {
  const me = ledger.address(WITHDRAW.what);
  const { pledge } = await query(WITHDRAW, "NodeRegistry", () => ledger.contracts.registry.getNode(me));
  await transact(WITHDRAW, "NodeRegistry", () => ledger.contracts.registry.withdraw(), opts);
  return pledge;
}

/** Sends the signer's proof rewards to `to` (itself unless given). Returns the amount. */
export async function claimRewards(ledger: Ledger, to?: string, opts?: TxOptions): Promise<bigint> {
  const me = ledger.address(CLAIM.what);
  const dest = to ? evmAddress(to, "reward receiver") : me;
  const amount = await query(CLAIM, "FileLedger", () => ledger.contracts.ledger.rewardsOf(me));
  await transact(CLAIM, "FileLedger", () => ledger.contracts.ledger.claimRewards(dest), opts);
  return amount;
}

export async function nodeStatus(ledger: Ledger, who: string): Promise<NodeStatus> {
  const addr = evmAddress(who, "node");
  const c = ledger.contracts;
  const [n, rewards] = await query(QUERY, "NodeRegistry", () => Promise.all([c.registry.getNode(addr), c.ledger.rewardsOf(addr)]));
  const requiredPledge = await query(QUERY, "NodeRegistry", () => c.registry.requiredPledge(n.volume));
  return statusOf(addr, n, requiredPledge, rewards);
}

type NodeRecord = Awaited<ReturnType<Ledger["contracts"]["registry"]["getNode"]>>;

function statusOf(addr: string, n: NodeRecord, requiredPledge: bigint, rewards: bigint): NodeStatus {
  return {
    address: addr, status: NODE_STATUS[Number(n.status)] ?? "none", hostAddr: n.hostAddr, volume: n.volume, restVolume: n.restVolume,
    serviceTime: n.serviceTime, maxFileExpiry: n.maxFileExpiry, liveFiles: n.liveFiles, registeredAt: n.registeredAt, pledge: n.pledge,
    requiredPledge, rewards,
  };
}

/**
 * Registered nodes (active or quit), `limit` from `offset`, for discovery. The records come with
 * the page; what is added is one requiredPledge per distinct volume and each node's rewards, all
 * at once (an upload lists the registry to pick its receivers).
 */
export async function listNodes(ledger: Ledger, offset = 0n, limit = 100n): Promise<NodeStatus[]> {
  const c = ledger.contracts;
  const [addrs, infos] = await query(QUERY, "NodeRegistry", () => c.registry.nodesPage(offset, limit));
  const volumes = [...new Set(infos.map((n) => n.volume))];
  const [required, rewards] = await query(QUERY, "NodeRegistry", () =>
    Promise.all([Promise.all(volumes.map((v) => c.registry.requiredPledge(v))), Promise.all(addrs.map((a) => c.ledger.rewardsOf(a)))]),
  );
  const pledgeFor = new Map(volumes.map((v, i) => [v, required[i]]));
  return addrs.map((a, i) => statusOf(evmAddress(a, "node"), infos[i], pledgeFor.get(infos[i].volume)!, rewards[i]));
}

/** A node the registry would accept for a file, as an upload needs it to pick receivers. */
export interface EligibleNode {
  address: string;
  hostAddr: string;
  restVolume: bigint;
  serviceTime: bigint;
}

/** Registry positions read per eligibleNodesPage call: a view's gas, not a page a user sees. */
const ELIGIBLE_WINDOW = 200n;

/**
 * Every registered node that NodeRegistry.isEligible accepts for `size` bytes until `expiry`
 * (active, room, service time, pledge), in registry order. The rule is the contract's: the
 * client asks it (eligibleNodesPage) window by window over the whole registry, all windows at
 * once, instead of judging node records itself.
 */
export async function eligibleNodes(ledger: Ledger, size: bigint | number | string, expiry: bigint | number | string): Promise<EligibleNode[]> {
  const bytes = uint(size, "size");
  const until = uint(expiry, "expiry");
  const registry = ledger.contracts.registry;
  const total = await query(QUERY, "NodeRegistry", () => registry.nodeCount());
  const windows: bigint[] = [];
  for (let offset = 0n; offset < total; offset += ELIGIBLE_WINDOW) windows.push(offset);
  const pages = await query(QUERY, "NodeRegistry", () => Promise.all(windows.map((o) => registry.eligibleNodesPage(o, ELIGIBLE_WINDOW, bytes, until))));
  return pages.flatMap(([addrs, infos]) =>
    addrs.map((a, i) => ({ address: evmAddress(a, "node"), hostAddr: infos[i].hostAddr, restVolume: infos[i].restVolume, serviceTime: infos[i].serviceTime })),
  );
}
